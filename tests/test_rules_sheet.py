"""The rules sheet 'Regeln': read on catalog load, broken sheets refused with sheet, row and column."""
import openpyxl
import pytest

from addin.catalog import build_catalog, get_catalog, load_catalog
from addin.checks import check
from addin.errors import BadCatalogRow, CatalogError
from addin.rules import validate
from tests.conftest import SHIPPED, small_sheets, write_workbook

HEAD = ("Regel-ID", "Art", "Artikel", "Bezug", "N", "Bedingung", "Schwere", "Meldung DE", "Meldung EN")
GOOD = [
    ("FAX_NEEDS_SERVER", "benötigt eins von", "FAX", "SERVER", None, "ohne SMART_SERVER", "FEHLER",
     "{article} braucht {refs}.", "{article} needs {refs}."),
    ("SMART_SERVER_MAX_OFFICE", "höchstens N von", "SMART_SERVER", "OFFICE", 20, "ohne SERVER", "FEHLER",
     "höchstens {n} OFFICE, vorhanden {have} ({included} enthalten).", "at most {n} OFFICE, has {have}."),
    ("SMART_SERVER_NO_FAX", "ausgeschlossen mit", "SMART_SERVER", "FAX", None, None, "FEHLER",
     "{article} ohne {present}; {SERVER} nehmen.", "{article} without {present}; take {SERVER}."),
    ("FAX_PER_OFFICE", "höchstens so viele wie", "FAX", "OFFICE", None, "wenn Fax im Client", "FEHLER",
     "{missing} × {ref_name} fehlen.", "{missing} × {ref_name} missing."),
    ("OFFICE_IN_SMART", "enthalten in", "OFFICE", "SMART_SERVER", None, None, "HINWEIS",
     "{n} enthalten.", "{n} included."),
    ("ONE_TERM", "höchstens N von", None, "UP2DATE_1Y, UP2DATE_3Y", 1, None, "FEHLER",
     "eine Laufzeit: {present}.", "one term: {present}."),
    ("FAX_NOTE", "Hinweis", "FAX", None, 3, None, "INFO", "{count} FAX, {n_total}.", "{count} FAX, {n_total}."),
]


def sheets_with(rows, head=HEAD):
    sheets = small_sheets()
    sheets["Regeln"] = [head] + [tuple(r) for r in rows]
    return sheets


def test_a_good_sheet_is_read_into_rules():
    cat = build_catalog(sheets_with(GOOD))
    assert [r.rule_id for r in cat.rules] == [r[0] for r in GOOD]
    assert [r.kind for r in cat.rules] == ["requires_one_of", "at_most", "excluded_with", "at_most_as_many",
                                           "included_in", "at_most", "note"]
    assert cat.rules[4].n == 5                      # taken from 'Enthält' of SMART_SERVER on the Artikel sheet
    assert cat.rules[3].condition == (("if", "fax_in_client"),)
    assert cat.rules[1].condition == (("without", ("SERVER",)),)


def test_the_small_catalog_rules_are_applied():
    cat = build_catalog(sheets_with(GOOD))
    result = [(f.rule_id, f.message("de")) for f in validate([("SMART_SERVER", 1), ("OFFICE", 16), ("FAX", 2)],
                                                             None, {"fax_in_client": True}, cat)]
    assert result == [
        ("SMART_SERVER_MAX_OFFICE", "höchstens 20 OFFICE, vorhanden 21 (5 enthalten)."),
        ("SMART_SERVER_NO_FAX", "SMART SERVER ohne 2 × FAX; SERVER (3210.0030) nehmen."),
        ("DIRECTORY_SMART_SERVER", "SMART SERVER bindet im Directory höchstens 3 Datenquellen an: Anzahl "
                                   "bestätigen (Option directory_sources / Datenquellen). Für mehr mit "
                                   "UPG SMART SERVER auf SERVER upgraden."),   # no such article here: its code
        ("DIRECTORY_SMART_SERVER_LDAP", "SMART SERVER kann keine LDAP-Datenquelle anbinden: bestätigen, dass "
                                        "keine gebraucht wird (Option ldap = FALSCH). Sonst mit UPG SMART SERVER "
                                        "auf SERVER upgraden."),
        ("OFFICE_IN_SMART", "5 enthalten."),
        ("FAX_NOTE", "2 FAX, 6."),
        ("SMART_SERVER_OTHER_UC", "SMART SERVER: Betrieb mit anderen UC-Systemen, Clients oder Endgeräten nicht "
                                  "möglich. Bestätigen, dass keine genutzt werden (Option other_uc_systems = FALSCH)."),
    ]


@pytest.mark.parametrize("rows, de", [
    (None, "Katalog fehlerhaft: Blatt 'Regeln' fehlt."),
    ([HEAD], "Katalog fehlerhaft: Blatt 'Regeln' enthält keine Regeln; die Regeln der Leistungsbeschreibung "
             "eintragen (siehe mitgelieferter Katalog). (Blatt Regeln)"),
])
def test_a_catalog_without_rules_is_refused_like_one_without_its_upgrade_sheet(tmp_path, rows, de):
    # with 0 rules a configuration with three ERROR findings would be written as a sendable quote
    sheets = small_sheets()
    if rows is None:
        del sheets["Regeln"]
    else:
        sheets["Regeln"] = rows
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.message("de") == de


def _broken(row_index, column, value):
    rows = [list(r) for r in GOOD]
    rows[row_index][column] = value
    return rows


@pytest.mark.parametrize("rows, row, column, text", [
    (_broken(0, 2, "FAXX"), 2, "C", "unbekannter Artikel 'FAXX'"),
    (_broken(0, 3, "SERVER, TELEFON"), 2, "D", "unbekannter Artikel 'TELEFON'"),
    (_broken(1, 1, "maximal"), 3, "B", "Regelart 'maximal' unbekannt"),
    (_broken(1, 1, None), 3, "B", "Regelart None unbekannt"),
    (_broken(1, 5, "ohne SERVR"), 3, "F", "unbekannter Artikel 'SERVR'"),
    (_broken(1, 5, "solange SERVER fehlt"), 3, "F", "Bedingung 'solange SERVER fehlt' nicht lesbar"),
    (_broken(3, 5, "wenn Farbe"), 5, "F", "Bedingung nennt unbekannte Option 'Farbe'"),
    (_broken(3, 5, "wenn release"), 5, "F", "Bedingung nennt unbekannte Option 'release'"),
    (_broken(1, 4, None), 3, "E", "N fehlt"),
    (_broken(1, 4, 2.5), 3, "E", "N: 2.5 ist ungültig"),
    (_broken(0, 4, 3), 2, "E", "N bleibt bei dieser Regelart leer"),
    (_broken(0, 6, "schlimm"), 2, "G", "Schwere 'schlimm' unbekannt"),
    (_broken(0, 7, "{article} braucht {server}."), 2, "H", "unbekannter Platzhalter {server}"),
    (_broken(0, 8, "{article needs"), 2, "I", "Meldung nicht lesbar"),
    (_broken(0, 8, "{n:>5}"), 2, "I", "Platzhalter ohne Format angeben"),
    (_broken(0, 7, None), 2, "H", "Meldung fehlt"),
    (_broken(2, 0, "FAX_NEEDS_SERVER"), 4, "A", "Regel-ID FAX_NEEDS_SERVER doppelt; schon in Zeile 2"),
    (_broken(2, 0, "QUANTITY_INVALID"), 4, "A", "Regel-ID QUANTITY_INVALID gehört einer Regel im Programm"),
    (_broken(2, 0, "keine id"), 4, "A", "Regel-ID 'keine id' fehlt oder ist ungültig"),
    (_broken(2, 2, None), 4, "C", "Artikel fehlt"),
    (_broken(2, 3, None), 4, "D", "Bezug fehlt"),
    (_broken(4, 3, "SERVER"), 6, "D", "SERVER enthält laut Blatt Artikel (Spalte 'Enthält') kein OFFICE"),
    (_broken(4, 4, 4), 6, "E", "N (4) weicht von 'Enthält' im Blatt Artikel ab (5)"),
    (_broken(6, 3, "OFFICE"), 8, "D", "Bezug bleibt bei einem Hinweis leer"),
    (GOOD + [("UPG", "Upgrade", "OFFICE", "SERVER", None, None, None, None, None)], 9, "D",
     "Bezug: genau zwei Artikel"),
])
def test_a_broken_rules_sheet_is_refused_with_sheet_row_and_column(rows, row, column, text):
    with pytest.raises(BadCatalogRow) as err:
        build_catalog(sheets_with(rows))
    assert err.value.fields["sheet"] == "Regeln"
    assert err.value.fields["row"] == row
    assert err.value.fields["column"] == column
    assert text in err.value.message("de")
    assert err.value.message("en").startswith("Catalog is broken: ")


def test_a_missing_column_is_refused():
    head = tuple(h for h in HEAD if h != "Schwere")
    rows = [tuple(v for i, v in enumerate(r) if HEAD[i] != "Schwere") for r in GOOD]
    with pytest.raises(CatalogError) as err:
        build_catalog(sheets_with(rows, head))
    assert err.value.message("de") == "Katalog fehlerhaft: Spalte 'Schwere' fehlt. (Blatt Regeln, Zeile 1)"


def test_english_headers_and_kinds_are_accepted():
    head = ("Rule ID", "Kind", "Article", "Refers to", "N", "Condition", "Severity", "Message DE", "Message EN")
    rows = [("R1", "requires one of", "FAX", "SERVER", None, "without SMART_SERVER", "ERROR", "a", "b"),
            ("R2", "at most N of", "SMART_SERVER", "OFFICE", 20, "if fax_in_client and without SERVER", "warning",
             "c", "d")]
    cat = build_catalog(sheets_with(rows, head))
    assert [(r.kind, r.severity) for r in cat.rules] == [("requires_one_of", "ERROR"), ("at_most", "WARNING")]
    assert cat.rules[1].condition == (("if", "fax_in_client"), ("without", ("SERVER",)))


def test_a_broken_rules_sheet_in_a_file_names_the_file(tmp_path):
    path = write_workbook(tmp_path / "catalog.xlsx", sheets_with(_broken(1, 1, "maximal")))
    with pytest.raises(BadCatalogRow) as err:
        load_catalog(path)
    assert err.value.message("de").endswith("(Blatt Regeln, Zeile 3, Spalte B)")


def test_the_shipped_rules_sheet():
    cat = get_catalog()
    assert [r.rule_id for r in cat.rules] == [
        "UPG_SMART_SERVER_NEEDS_SMART_SERVER", "UPG_SMART_SERVER_CONVERTS",
        "OFFICE_NEEDS_SERVER", "TAPI_NEEDS_SERVER", "OFFICE_PLUS_NEEDS_SERVER", "TEAMDESK_NEEDS_SERVER",
        "FAX_NEEDS_SERVER", "VOICEMAIL_NEEDS_SERVER", "AUTO_ATTENDANT_NEEDS_SERVER",
        "ADDITIONAL_DATABASES_NEEDS_SERVER", "CONTACTS_NEEDS_SERVER", "DASHBOARD_NEEDS_SERVER",
        "UPG_OFFICE_PLUS_NEEDS_SERVER", "IP_CHANNEL_NEEDS_SERVER",
        "SMART_SERVER_MAX_OFFICE", "SMART_SERVER_MAX_TAPI", "SMART_SERVER_EXCLUDES", "SMART_SERVER_INCLUDES_OFFICE",
        "SERVER_WITH_SMART_SERVER", "UPG_OFFICE_PLUS_MAX_OFFICE", "UPG_OFFICE_PLUS_CONVERTS",
        "TEAMDESK_MAX_OFFICE_PLUS", "DASHBOARD_MAX_CONTACTS",
        "FAX_MIN_IP_CHANNEL", "VOICEMAIL_MIN_IP_CHANNEL", "AUTO_ATTENDANT_MIN_IP_CHANNEL", "AUTO_ATTENDANT_CHANNELS",
        "FAX_IN_CLIENT_NEEDS_OFFICE", "VOICEMAIL_IN_CLIENT_NEEDS_OFFICE", "VOICEMAIL_IN_APP_NEEDS_OFFICE_PLUS",
        "VOICEMAIL_SMS_NEEDS_OFFICE", "UP2DATE_ONE_TERM", "UP2DATE_ADDON_ONCE", "UPGRADE_ONE",
    ]
    by_id = {r.rule_id: r for r in cat.rules}
    # the numbers of the service description
    assert by_id["SMART_SERVER_MAX_OFFICE"].n == 20 and by_id["SMART_SERVER_MAX_TAPI"].n == 20
    assert by_id["SMART_SERVER_INCLUDES_OFFICE"].n == 5
    assert (by_id["FAX_MIN_IP_CHANNEL"].n, by_id["VOICEMAIL_MIN_IP_CHANNEL"].n,
            by_id["AUTO_ATTENDANT_MIN_IP_CHANNEL"].n) == (1, 2, 2)
    assert by_id["AUTO_ATTENDANT_CHANNELS"].n == 20
    assert set(by_id["SMART_SERVER_EXCLUDES"].refs) == {
        "OFFICE_PLUS", "TEAMDESK", "FAX", "VOICEMAIL", "AUTO_ATTENDANT", "ADDITIONAL_DATABASES", "CONTACTS",
        "DASHBOARD"}


def test_editing_the_shipped_sheet_changes_the_check(shipped_copy, monkeypatch):
    """A next price list is an edit of the sheet: raise the SMART SERVER's OFFICE limit to 25."""
    import openpyxl

    wb = openpyxl.load_workbook(shipped_copy)
    ws = wb["Regeln"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "SMART_SERVER_MAX_OFFICE":
            row[4].value = 25
    wb.save(shipped_copy)
    monkeypatch.setenv("XPHONE_CATALOG", str(shipped_copy))
    lines = [("SMART_SERVER", 1), ("OFFICE", 20)]
    assert "SMART_SERVER_MAX_OFFICE" not in {f.rule_id for f in validate(lines)}
    lines = [("SMART_SERVER", 1), ("OFFICE", 21)]
    assert "SMART_SERVER_MAX_OFFICE" in {f.rule_id for f in validate(lines)}


# --------------------------------------------------------------------------- customer notes (column Kundenhinweis)

HEAD_NOTE = HEAD + ("Kundenhinweis",)
CODE_ROW = ("UPGRADE_COMPLETE_SYSTEM", "im Programm", None, None, None, None, None, None, None, "ja")


def with_notes(marks, extra=()):
    """GOOD with the Kundenhinweis column: ``marks`` maps a rule id to its cell value."""
    return sheets_with([tuple(r) + (marks.get(r[0]),) for r in GOOD] + list(extra), head=HEAD_NOTE)


def test_customer_note_column_marks_rules_and_rules_in_code():
    cat = build_catalog(with_notes({"OFFICE_IN_SMART": "ja", "FAX_NOTE": "nein", "ONE_TERM": None}, [CODE_ROW]))
    assert cat.customer_notes == frozenset({"OFFICE_IN_SMART", "UPGRADE_COMPLETE_SYSTEM"})
    assert [r.rule_id for r in cat.rules] == [r[0] for r in GOOD]  # the row naming a rule in code does not run
    assert [r.customer for r in cat.rules] == [False, False, False, False, True, False, False]


def test_only_the_info_findings_of_a_marked_rule_are_customer_notes():
    cat = build_catalog(with_notes({"OFFICE_IN_SMART": "ja", "SMART_SERVER_MAX_OFFICE": "ja"}, [CODE_ROW]))
    found = {(f.rule_id, f.severity): f.customer for f in validate(
        [("SMART_SERVER", 1), ("OFFICE", 16), ("UPGRADE_R6", 1)], [("OFFICE", 2)], {"release": 6}, cat)}
    assert found[("OFFICE_IN_SMART", "INFO")] is True
    assert found[("UPGRADE_COMPLETE_SYSTEM", "INFO")] is True        # rule in code, marked on the sheet
    assert found[("SMART_SERVER_MAX_OFFICE", "ERROR")] is False     # marked, but an error is for the seller
    assert found[("DIRECTORY_SMART_SERVER", "WARNING")] is False


def test_the_shipped_catalog_marks_the_partial_upgrade_and_the_included_users():
    assert get_catalog().customer_notes == frozenset({"UPGRADE_COMPLETE_SYSTEM", "SMART_SERVER_INCLUDES_OFFICE",
                                                      "AUTO_ATTENDANT_CHANNELS"})


@pytest.mark.parametrize("extra, marks, row, column, text", [
    ([], {"FAX_NOTE": "vielleicht"}, 8, "J", "Kundenhinweis: 'vielleicht' ist ungültig"),
    ([], {"FAX_PER_OFFICE": "ja"}, 5, "J", "kein Kundenhinweis bei einer Bedingung 'wenn <Option>'"),
    ([("NO_SUCH_CODE_RULE",) + CODE_ROW[1:]], {}, 9, "A", "keine Regel im Programm heißt NO_SUCH_CODE_RULE"),
    ([CODE_ROW[:6] + ("INFO",) + CODE_ROW[7:]], {}, 9, "G", "bleibt bei Art 'im Programm' leer"),
    ([("UPG", "Upgrade", "OFFICE", "OFFICE, SERVER", None, None, None, None, None, "ja")], {}, 9, "J",
     "eine Upgrade-Zeile meldet nichts"),
])
def test_a_wrong_customer_note_is_refused_with_row_and_column(extra, marks, row, column, text):
    with pytest.raises(BadCatalogRow) as err:
        build_catalog(with_notes(marks, extra))
    assert (err.value.fields["row"], err.value.fields["column"]) == (row, column)
    assert text in err.value.message("de")


def test_a_rule_on_an_article_the_price_list_does_not_offer_but_an_upgrade_makes(tmp_path):
    """OFFICE PLUS withdrawn from the 2026 list ('–') while Upg. OFFICE>OFFICE PLUS stays, and the rule
    OFFICE_PLUS_NEEDS_SERVER moved below the upgrade row: the upgrade makes OFFICE PLUS users, the rule fires,
    and its message is written without the article number the list does not give (it used to crash)."""
    wb = openpyxl.load_workbook(SHIPPED)
    for row in wb["Artikel"].iter_rows(min_row=2):
        if row[1].value == "OFFICE_PLUS":
            row[6].value = "–"  # not in Beispielpreisliste 2026
    rules = wb["Regeln"]
    rows = [[c.value for c in r] for r in rules.iter_rows()]
    moved = next(r for r in rows if r[0] == "OFFICE_PLUS_NEEDS_SERVER")
    rows.remove(moved)
    rows.append(moved)
    for i, values in enumerate(rows, start=1):
        for j, value in enumerate(values, start=1):
            rules.cell(i, j).value = value
    wb.save(tmp_path / "catalog.xlsx")
    catalog = load_catalog(tmp_path / "catalog.xlsx").on("2026-03-16")
    findings = {f.rule_id: f for f in check([("UPG_OFFICE_PLUS", 5)], {"OFFICE": 10}, {}, catalog=catalog)}
    assert findings["OFFICE_PLUS_NEEDS_SERVER"].severity == "ERROR"
    assert findings["OFFICE_PLUS_NEEDS_SERVER"].message("de") == ("OFFICE PLUS braucht SERVER (3210.0030); das "
                                                                  "System hat keine. SERVER ergänzen.")
