"""Bulk quotes: the priced quote (core), the filled quote workbook, the batch and the `quotes` command.

Expected figures are worked out by hand from the example prices (SMART SERVER 990, SERVER 2490,
OFFICE 89, OFFICE PLUS 139, FAX 39.90, VOICEMAIL 39.90, IP-CHANNEL 149, TAPI 19.95) and the rates of
the service description (Up2Date 20 % / 3 years 54 % / 18 % a year, upgrade from release 6 55 %).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import addin.quote as quote_mod
from addin.batch.files import FileNames, safe_file_stem
from addin.batch.run import run_batch
from addin.batch.template import QuoteTemplate, default_template
from addin.catalog import get_catalog
from addin.cli import cli
from addin.errors import MissingValue
from addin.quote import OrderLine, price_quote
from addin.rules import Finding
from tests.conftest import ROOT, listing, write_workbook

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"
ADDRESS = "A8"  # the address block of the shipped templates: customer, contact, street, postcode city, country
HEAD = ["Angebot", "Kunde", "Artikel", "Menge", "Bestand", "Rabatt", "Release", "Up2Date-Laufzeit",
        "Up2Date-Restlaufzeit"]


def quote(items, owned=None, options=None, **kw):
    cat = get_catalog()
    lines = [OrderLine(cat.article(code), qty, Decimal(str(disc))) for code, qty, *rest in items
             for disc in [rest[0] if rest else 0]]
    return price_quote(lines, {cat.article(c): q for c, q in (owned or {}).items()}, options, catalog=cat, **kw)


# --------------------------------------------------------------------------- core figures

EXAMPLES = {
    # new SMART SERVER: 990 + 10 × 89 = 1880.00; Up2Date 3 y 54 % = 1015.20; VAT 19 % of 2895.20 = 550.088
    "new smart server": ([("SMART_SERVER", 1), ("OFFICE", 10), ("UP2DATE_3Y", 1)], None, None,
                         ("1880.00", "1015.20", "2895.20", "550.09", "3445.29")),
    # SERVER 2490 + 40 OFFICE PLUS 5560 less 10 % = 5004.00 + 10 FAX 399.00 + 40 VOICEMAIL 1596.00
    # + 4 IP-CHANNEL 596 = 10085.00; Up2Date 1 y: 20 % of the list value 10641 = 2128.20
    "new server": ([("SERVER", 1), ("OFFICE_PLUS", 40, "0.1"), ("FAX", 10), ("VOICEMAIL", 40), ("IP_CHANNEL", 4),
                    ("UP2DATE_1Y", 1)], None, None, ("10085.00", "2128.20", "12213.20", "2320.51", "14533.71")),
    # owned SERVER + 50 OFFICE + 50 TAPI = 2490 + 4450 + 997.50 = 7937.50; upgrade R6 55 % = 4365.625 -> 4365.63;
    # 10 new OFFICE 890; Up2Date 3 y 54 % of 8827.50 = 4766.85; net 890 + 4365.63 + 4766.85
    "release 6 upgrade": ([("OFFICE", 10), ("UPGRADE_R6", 1), ("UP2DATE_3Y", 1)],
                          {"SERVER": 1, "OFFICE": 50, "TAPI": 50}, {"release": 6},
                          ("890.00", "4766.85", "10022.48", "1904.27", "11926.75")),
    # 5 OFFICE = 445 under a running 3-year Up2Date (18 % a year), 8 months left: 0.18 × 8/12 × 445 = 53.40
    "users under running up2date": ([("OFFICE", 5), ("UP2DATE_ADDON", 1)], {"SERVER": 1, "OFFICE": 20},
                                    {"up2date_months_left": 8, "up2date_term_years": 3},
                                    ("445.00", "53.40", "498.40", "94.70", "593.10")),
    # 990 + 20 × 89 + 2 × 39.90 = 2849.80, no Up2Date; VAT 541.462
    "no up2date": ([("SMART_SERVER", 1), ("OFFICE", 20), ("FAX", 2)], None, None,
                   ("2849.80", "0", "2849.80", "541.46", "3391.26")),
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_quote_figures(name):
    items, owned, options, expected = EXAMPLES[name]
    q = quote(items, owned, options)
    assert (q.licence_total, q.up2date_total, q.net, q.vat, q.gross) == tuple(Decimal(x) for x in expected)


def test_percentage_lines_show_base_and_rate():
    q = quote(*EXAMPLES["release 6 upgrade"][:3])
    assert [(p.kind, p.base, p.rate, p.amount) for p in q.percent_lines] == [
        ("upgrade", Decimal("7937.50"), Decimal("0.55"), Decimal("4365.63")),
        ("up2date", Decimal("8827.50"), Decimal("0.54"), Decimal("4766.85")),
    ]
    addon = quote(*EXAMPLES["users under running up2date"][:3]).percent_lines[0]
    assert (addon.base, addon.rate, addon.months, addon.years) == (Decimal("445"), Decimal("0.18"), 8, 3)


def test_line_discount_does_not_change_the_up2date_base():
    (p,) = quote(*EXAMPLES["new server"][:3]).percent_lines
    assert p.base == Decimal("10641")


def test_bundle_licences_shown_included_at_zero():
    q = quote([("SMART_SERVER", 2), ("OFFICE", 1, "0.5")])
    assert [(ql.position, ql.article.code, ql.quantity, ql.unit_price, ql.total, ql.included_in and ql.included_in.code)
            for ql in q.lines] == [
        (1, "SMART_SERVER", 2, Decimal("990"), Decimal("1980.00"), None),
        (2, "OFFICE", 10, Decimal("0"), Decimal("0"), "SMART_SERVER"),
        (3, "OFFICE", 1, Decimal("89"), Decimal("44.50"), None),
    ]


def test_vat_override():
    q = quote(EXAMPLES["new smart server"][0], vat_rate=Decimal("0.07"))
    assert (q.vat, q.gross) == (Decimal("202.66"), Decimal("3097.86"))  # 2895.20 × 7 % = 202.664


def test_addon_without_running_term_is_an_error():
    with pytest.raises(MissingValue) as info:
        quote([("OFFICE", 5), ("UP2DATE_ADDON", 1)], options={"up2date_months_left": 8})
    assert "Up2Date-Laufzeit" in info.value.message("de")


def test_checks_are_called_through_their_contract(monkeypatch):
    seen = {}

    def fake_validate(lines, owned=None, options=None, catalog=None):
        seen.update(lines=list(lines), owned=list(owned), options=dict(options), catalog=catalog)
        return [Finding("WARNING", "W", "Warnung", "warning"), Finding("ERROR", "E", "Fehler", "error")]

    monkeypatch.setattr(quote_mod, "check", fake_validate)
    q = quote(*EXAMPLES["release 6 upgrade"][:3])
    assert seen["lines"] == [("OFFICE", 10), ("UPGRADE_R6", 1), ("UP2DATE_3Y", 1)]
    assert sorted(seen["owned"]) == [("OFFICE", 50), ("SERVER", 1), ("TAPI", 50)]
    assert seen["options"] == {"release": 6} and seen["catalog"] is get_catalog().on(dt.date(2026, 3, 16))
    assert q.worst_severity == "ERROR" and len(q.findings) == 2


# --------------------------------------------------------------------------- file names

@pytest.mark.parametrize("quote_id", ["../x", "..", "CON", "nul", "COM1", "Lpt9.txt", 'a:b*c?"<>|d', "a/b\\c",
                                      "x" * 300, " lead and trail. ", "tab\there"])
def test_unsafe_ids_give_safe_names(quote_id):
    stem = safe_file_stem(quote_id)
    assert re.fullmatch(r"[^\x00-\x1f<>:\"/\\|?*]+", stem)
    assert ".." not in stem and not stem.startswith(".") and not stem.endswith((".", " "))
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT9"}
    assert len(stem) <= 89


def test_clean_ids_are_kept_and_different_ids_never_share_a_file():
    names = FileNames("Angebot")
    got = [names(i) for i in ["2026-001", "a/b", "a_b", "A_B", "CON"]]
    assert got[:2] == ["Angebot-2026-001.xlsx", f"Angebot-{safe_file_stem('a/b')}.xlsx"]
    assert len({g.casefold() for g in got}) == 5


# --------------------------------------------------------------------------- generated workbooks

def cells(path):
    ws = openpyxl.load_workbook(path).active
    return ws, {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def name_cell(wb, name):
    ((sheet, ref),) = list(wb.defined_names[name].destinations)
    return wb[sheet][ref.replace("$", "")]


@pytest.fixture
def no_checks(monkeypatch):
    """Row positions below the table depend on the number of findings; these tests want none."""
    monkeypatch.setattr(quote_mod, "check", lambda *a, **k: [])


@pytest.fixture
def example_out(tmp_path, no_checks):
    result = run_batch(EXAMPLE, tmp_path / "q", force=True)
    assert (result.written, result.failed) == (6, 0)
    return tmp_path / "q"


def test_example_batch_files(example_out):
    assert listing(example_out) == [
        "Angebot-2026-001.xlsx", "Angebot-2026-002.xlsx", "Angebot-2026-003.xlsx", "Angebot-2026-004.xlsx",
        "Angebot-2026-005.xlsx", "Angebot-2026-006.xlsx", "Zusammenfassung.xlsx"]


def test_quote_has_live_formulas_names_and_recalculates_on_open(example_out):
    path = example_out / "Angebot-2026-001.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    # SMART SERVER, its 5 OFFICE, 10 OFFICE in rows 22-24 (below the address block); subtotal in 25; Up2Date in 28
    assert [ws.cell(r, 3).value for r in (22, 23, 24)] == [
        "XPhone Connect 8 – SMART SERVER", "XPhone Connect 8 – OFFICE (inklusive in XPhone Connect 8 – SMART SERVER)",
        "XPhone Connect 8 – OFFICE"]
    assert [ws.cell(23, c).value for c in (4, 5)] == [5, 0]
    assert ws["G24"].value == "=ROUND(D24*E24*(1-F24),2)"
    assert ws["G25"].value == "=SUM(G22:G24)"
    assert (ws["E28"].value, ws["F28"].value, ws["G28"].value) == (
        "=ROUND(SUMPRODUCT(D22:D24,E22:E24),2)", 0.54, "=ROUND(E28*F28,2)")
    assert (name_cell(wb, "total").coordinate, name_cell(wb, "up2date").coordinate,
            name_cell(wb, "grand_total").coordinate, name_cell(wb, "valid_until").coordinate) == (
        "G25", "G30", "G31", "F9")
    assert ws["G31"].value == "=ROUND(G25+G28,2)"
    assert wb.calculation.fullCalcOnLoad is True
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    assert "XP_" not in xml


def test_owned_value_is_part_of_the_up2date_base_formula(example_out):
    ws = openpyxl.load_workbook(example_out / "Angebot-2026-003.xlsx").active
    # rows 26-28 list the owned licences (the base of both percentage lines), 32-33 the percentage lines
    # the upgrade's base is the owned list's total (G29), the Up2Date base that plus the new licences: editing an
    # owned quantity in Excel moves both
    assert ws["E32"].value == "=ROUND(G29,2)" and ws["G32"].value == "=ROUND(E32*F32,2)"
    assert ws["E33"].value == "=ROUND(G29+SUMPRODUCT(D22:D22,E22:E22),2)"
    values = openpyxl.load_workbook(example_out / "Angebot-2026-003.xlsx", data_only=True).active
    # written with each formula: 2490 + 50 × 89 + 50 × 19.95 = 7937.50; 55 % = 4365.625 -> 4365.63
    assert (values["G29"].value, values["E32"].value, values["G32"].value) == (7937.5, 7937.5, 4365.63)
    ws = openpyxl.load_workbook(example_out / "Angebot-2026-004.xlsx").active  # add-on: no owned section
    # the rate column says what the base is multiplied by: 18 % a year for the 8 months left
    assert ws["F26"].value == "18 % × 8/12" and ws["G26"].value == "=ROUND(E26*0.18*8/12,2)"
    values = openpyxl.load_workbook(example_out / "Angebot-2026-004.xlsx", data_only=True).active
    assert (values["E26"].value, values["G26"].value) == (445.0, 53.4)  # 5 × 89 = 445; 445 × 0.18 × 8/12 = 53.40


def test_example_price_notice_logo_and_reseller_formatting_survive(example_out):
    wb = openpyxl.load_workbook(example_out / "Angebot-2026-002.xlsx")
    ws = wb.active
    assert ws["A18"].value.startswith("BEISPIELPREISE")
    assert len(ws._images) == 1 and ws._images[0].anchor._from.row == 0
    assert ws["E1"].value == "Muster-Systemhaus GmbH" and ws["E1"].font.b and ws["E1"].font.color.rgb == "001F4E79"
    template = openpyxl.load_workbook(default_template("de")).active
    assert all(ws.column_dimensions[c].width == template.column_dimensions[c].width for c in "ABCDEFG")
    with zipfile.ZipFile(example_out / "Angebot-2026-002.xlsx") as z:
        assert any(n.startswith("xl/media/") and n.endswith(".png") for n in z.namelist())


def test_no_example_notice_for_a_valid_price_list(tmp_path, shipped_copy, monkeypatch):
    wb = openpyxl.load_workbook(shipped_copy)
    for row in wb["Preislisten"].iter_rows(min_row=2, max_row=3):
        row[3].value = "gültig"
    wb.save(shipped_copy)
    monkeypatch.setenv("XPHONE_CATALOG", str(shipped_copy))
    run_batch(EXAMPLE, tmp_path / "q")
    assert openpyxl.load_workbook(tmp_path / "q" / "Angebot-2026-001.xlsx").active["A18"].value is None


def test_line_table_grows_with_styles_and_the_rows_below_move(tmp_path, no_checks):
    rows = [HEAD, ["G", "Groß AG", "SERVER", 1]] + [["G", None, code, 3] for code in
                                                    ["OFFICE", "OFFICE_PLUS", "FAX", "VOICEMAIL", "TEAMDESK",
                                                     "CONTACTS", "DASHBOARD", "TAPI", "IP_CHANNEL",
                                                     "ADDITIONAL_DATABASES", "AUTO_ATTENDANT"]]
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    run_batch(orders, tmp_path / "q")
    ws = openpyxl.load_workbook(tmp_path / "q" / "Angebot-G.xlsx").active
    template = openpyxl.load_workbook(default_template("de")).active
    for r in range(22, 34):  # 12 lines, each styled like the template's line row
        for c in range(1, 8):
            cell, proto = ws.cell(r, c), template.cell(22, c)
            assert (cell.number_format, cell.border.bottom.style) == (proto.number_format, proto.border.bottom.style)
    assert ws["G34"].value == "=SUM(G22:G33)" and ws["C34"].value == "Summe Lizenzen"
    # no owned, no percentage lines, no Up2Date: the row "davon Up2Date" is left out
    assert ws["C37"].value == "Nettobetrag" and ws["G37"].value == "=ROUND(G34,2)"
    assert "davon Up2Date" not in [c.value for row in ws.iter_rows() for c in row]
    assert ws["G39"].value == "=ROUND(G37+G38,2)" and ws["G39"].border.bottom.style == "double"
    assert ws["A46"].value.startswith("Alle Preise in EUR") and "A46:G46" in ws.merged_cells
    assert ws.print_area == "'Angebot'!$A$1:$G$46"
    assert ws.print_title_rows is None  # 12 lines fit on the first page: no header to repeat on another one


def test_reseller_formula_below_the_table_moves_with_it(tmp_path, no_checks):
    template = tmp_path / "mine.xlsx"
    wb = openpyxl.load_workbook(default_template("de"))
    # row 40: the space between the findings and the payment terms
    wb.active["A40"] = "=G23*2+C3"  # twice the subtotal; C3 is above the table and stays
    wb.active["B40"] = "=SUM(G22:G22)"  # a range over the line row grows with it
    wb.save(template)
    run_batch(EXAMPLE, tmp_path / "q", template=template)
    ws = openpyxl.load_workbook(tmp_path / "q" / "Angebot-2026-001.xlsx").active
    assert ws["G25"].value == "=SUM(G22:G24)" and ws["A35"].value == "=G25*2+C3"
    assert ws["B35"].value == "=SUM(G22:G24)"


@pytest.mark.parametrize("customer", ['=HYPERLINK("http://example.com","klick")', "+cmd|' /C calc'!A0",
                                      "@SUM(1+1)", "#N/A", "-2+3", "=1+1"])
def test_formula_looking_customer_names_stay_text(tmp_path, customer, no_checks):
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD, ["T1", customer, "SERVER", 1]]})
    orders_wb = openpyxl.load_workbook(orders)
    orders_wb.active["B2"].data_type = "s"  # the orders cell itself holds text
    orders_wb.save(orders)
    run_batch(orders, tmp_path / "q")
    for path, coordinate in ((tmp_path / "q" / "Angebot-T1.xlsx", ADDRESS),
                             (tmp_path / "q" / "Zusammenfassung.xlsx", "B2")):
        cell = openpyxl.load_workbook(path).active[coordinate]
        assert (cell.value, cell.data_type) == (customer, "s")
        with zipfile.ZipFile(path) as z:
            xml = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in re.search(f'<c r="{coordinate}".*?</c>', xml).group(0)


def test_summary_workbook(example_out):
    ws = openpyxl.load_workbook(example_out / "Zusammenfassung.xlsx").active
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert rows[0] == ("Angebot", "Kunde", "Positionen", "Summe Lizenzen", "Up2Date", "Nettobetrag", "USt",
                       "USt-Betrag", "Bruttobetrag", "Status", "Hinweise für den Verkauf", "Datei", "Preisliste",
                       "Gültig ab", "Dieser Lauf")
    # VAT 19 % of 2895.20 = 550.088 (EXAMPLES above)
    assert rows[1][:10] == ("2026-001", "Bäckerei Schmidt GmbH", 4, 1880, 1015.2, 2895.2, "Inland 19 %", 550.09,
                            3445.29, "OK")
    assert rows[1][11:] == ("Angebot-2026-001.xlsx", "Beispielpreisliste 2026", dt.datetime(2026, 1, 1),
                            "geschrieben")
    assert [r[0] for r in rows[1:]] == ["2026-001", "2026-002", "2026-003", "2026-004", "2026-005", "2026-006"]


def test_clone_of_the_template_gives_the_same_file_as_loading_it(tmp_path):
    from addin.batch.orders import read_orders
    from addin.batch.run import QuoteWriter, WriterSettings

    cloned, loaded = QuoteTemplate(default_template("de")), QuoteTemplate(default_template("de"), clone=False)
    gen = QuoteWriter(WriterSettings(str(default_template("de")), str(tmp_path)), template=cloned)
    for order in read_orders(EXAMPLE):
        q = gen.price(order)
        cloned.fill(q).save(tmp_path / "a.xlsx")
        loaded.fill(q).save(tmp_path / "b.xlsx")
        assert parts(tmp_path / "a.xlsx") == parts(tmp_path / "b.xlsx")


def parts(path):
    """Every part of an xlsx except the timestamps in docProps/core.xml."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


# --------------------------------------------------------------------------- the command

def run(args, **kw):
    return CliRunner().invoke(cli, ["quotes", *map(str, args)], **kw)


def test_command_writes_quotes_and_one_line_summary(tmp_path):
    result = run([EXAMPLE, "--out", tmp_path / "q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("6 von 6 Angeboten erstellt, 0 fehlgeschlagen, ")
    assert len(result.stdout.strip().splitlines()) == 1
    # the quote that fails a check is named on stderr with its first ERROR finding
    assert ("Prüfung: Angebot 2026-005: Fehler: SMART SERVER erlaubt höchstens 20 OFFICE-User, die 5 enthaltenen "
            "mitgezählt; vorhanden: 25.") in result.stderr
    assert result.stderr.count("Prüfung: ") == 1


def test_english(tmp_path):
    result = run([EXAMPLE, "--out", tmp_path, "--lang", "en"])
    assert result.exit_code == 0 and result.stdout.startswith("6 of 6 quotes written")
    ws = openpyxl.load_workbook(tmp_path / "Quote-2026-001.xlsx").active
    assert (ws["A17"].value == "QUOTATION"
            and ws["C23"].value.endswith("(included with XPhone Connect 8 – SMART SERVER)"))
    assert (tmp_path / "Summary.xlsx").exists()


def test_no_overwrite_without_force(tmp_path):
    assert run([EXAMPLE, "--out", tmp_path]).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    again = run([EXAMPLE, "--out", tmp_path])
    assert again.exit_code == 1 and ("Zusammenfassung.xlsx gibt es schon: mit --resume fortsetzen (nur neue und "
                                     "geänderte Angebote) oder mit --force alles neu schreiben.") in again.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert run([EXAMPLE, "--out", tmp_path, "--force"]).exit_code == 0


def test_failing_quote_is_reported_and_the_rest_go_on(tmp_path):
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD, ["A", "K", "SERVER", 1],
                                                               ["B", "K", "SERVER", "10 Stk"],
                                                               ["C", "K", "SERVER", 1]]})
    result = run([orders, "--out", tmp_path / "q"])
    assert result.exit_code == 1
    assert "Fehler: Angebot B: Menge: '10 Stk' ist ungültig. Zahl erwartet. (Blatt Aufträge, Zeile 3, Spalte D)" \
        in result.stderr
    assert listing(tmp_path / "q") == ["Angebot-A.xlsx", "Angebot-C.xlsx",
                                                                  "Zusammenfassung.xlsx"]
    ws = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx").active
    # status J, notes for the seller K, file L (after net total F, VAT G, VAT amount H, gross I)
    assert (ws["A3"].value, ws["J3"].value, ws["L3"].value) == ("B", "fehlgeschlagen", None)
    assert "10 Stk" in ws["K3"].value


def test_error_findings_make_a_draft_and_strict_writes_none(tmp_path, monkeypatch):
    """Issue 12 changes what --strict did: it used to write the quote and exit 1; now a quote with an ERROR
    finding is written only as a draft, and with --strict not at all (the quote fails)."""
    def fake_validate(lines, owned=None, options=None, catalog=None):
        codes = [c for c, _q in lines]
        return [Finding("ERROR", "X", "FAX geht nicht", "no FAX")] if "FAX" in codes else []

    monkeypatch.setattr(quote_mod, "check", fake_validate)
    drafts = run([EXAMPLE, "--out", tmp_path / "a"])
    assert drafts.exit_code == 0 and ", 0 fehlgeschlagen, 2 Entwürfe (Prüf-Fehler, nicht versenden);" in drafts.stdout
    assert listing(tmp_path / "a") == [
        "Angebot-2026-001.xlsx", "Angebot-2026-002-ENTWURF.xlsx", "Angebot-2026-003.xlsx", "Angebot-2026-004.xlsx",
        "Angebot-2026-005-ENTWURF.xlsx", "Angebot-2026-006.xlsx", "Zusammenfassung.xlsx"]
    wb = openpyxl.load_workbook(tmp_path / "a" / "Angebot-2026-005-ENTWURF.xlsx")
    ws, checks = wb.worksheets
    assert (ws["A4"].value, ws["A4"].font.color.rgb) == ("ENTWURF – nicht versenden", "00C00000")
    assert "FAX geht nicht" not in {c.value for row in ws.iter_rows() for c in row}  # the seller's, not the customer's
    assert (checks.title, checks["A6"].value, checks["B6"].value, checks["C6"].value) == (
        "Prüfung", "Fehler", "X", "FAX geht nicht")
    strict = run([EXAMPLE, "--out", tmp_path / "b", "--strict"])
    assert (strict.exit_code == 1
            and strict.stdout.startswith("4 von 6 Angeboten erstellt, 2 fehlgeschlagen, 0 Entwürfe"))
    assert "Fehler: Angebot 2026-005: Regelverstoß: FAX geht nicht Mit --strict wird kein Entwurf geschrieben." \
        in strict.stderr.splitlines()
    assert listing(tmp_path / "b") == [
        "Angebot-2026-001.xlsx", "Angebot-2026-003.xlsx", "Angebot-2026-004.xlsx", "Angebot-2026-006.xlsx",
        "Zusammenfassung.xlsx"]


def test_unsafe_ids_stay_in_the_output_folder(tmp_path):
    ids = ["../x", "CON", "NUL", "COM1", 'a:b*c?"<>|', "y" * 250, "..\\..\\z"]
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD] + [[i, "K", "SERVER", 1] for i in ids]})
    out = tmp_path / "out" / "q"
    result = run([orders, "--out", out])
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert len(files) == len(ids) + 2 and all(f.parent == out for f in files)  # the summary and the record
    assert listing(tmp_path) == ["o.xlsx", "out"]
    assert listing(tmp_path / "out") == ["q"]
    ws = openpyxl.load_workbook(out / "Zusammenfassung.xlsx").active
    assert [ws.cell(r, 1).value for r in range(2, len(ids) + 2)] == ids


def test_interrupted_write_leaves_no_file_and_says_how_far(tmp_path, monkeypatch):
    from openpyxl.workbook.workbook import Workbook

    real_save = Workbook.save
    calls = []

    def save_then_interrupt(self, filename):
        calls.append(filename)
        if len(calls) == 3:  # the third quote: half a file on disk, then Ctrl-C
            Path(filename).write_bytes(b"PK\x03\x04 half a zip")
            raise KeyboardInterrupt
        return real_save(self, filename)

    monkeypatch.setattr(Workbook, "save", save_then_interrupt)
    result = run([EXAMPLE, "--out", tmp_path])
    assert result.exit_code == 130
    assert "Abgebrochen nach 2 von 6 Angeboten" in result.stderr
    names = listing(tmp_path)
    assert names == ["Angebot-2026-001.xlsx", "Angebot-2026-002.xlsx", "Zusammenfassung.xlsx"]
    for name in names:
        openpyxl.load_workbook(tmp_path / name)  # complete files only


def test_jobs_2_gives_the_same_files_as_jobs_1(tmp_path):
    rows = [HEAD]
    for q in range(12):
        rows += [[f"P{q}", f"Kunde {q}", "SERVER", 1, None, None, None, None, None],
                 [f"P{q}", None, "OFFICE", q + 1, None, q, None, None, None],
                 [f"P{q}", None, "UP2DATE_2Y", 1, None, None, None, None, None]]
    rows.append(["BAD", "K", "NIX", 1, None, None, None, None, None])
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    one = run([orders, "--out", tmp_path / "one"])
    two = run([orders, "--out", tmp_path / "two", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    names = listing(tmp_path / "one")
    assert len(names) == 13 and names == listing(tmp_path / "two")
    for name in names:
        assert parts(tmp_path / "one" / name) == parts(tmp_path / "two" / name), name


def test_pdf_without_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    import addin.batch.pdf as lo

    monkeypatch.setattr(lo, "find_soffice", lambda: None)
    result = run([EXAMPLE, "--out", tmp_path, "--pdf"])
    assert result.exit_code == 1 and "libreoffice-calc-nogui" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value, shown", [("7", "7 %"), ("7 %", "7 %"), ("0,07", "7 %"), ("19", "19 %")])
def test_vat_option(tmp_path, value, shown, no_checks):
    from addin.batch.run import parse_vat

    assert parse_vat(value) * 100 == Decimal(shown.split()[0])
    assert run([EXAMPLE, "--out", tmp_path, "--vat", value]).exit_code == 0
    assert openpyxl.load_workbook(tmp_path / "Angebot-2026-001.xlsx").active["F32"].value == float(
        Decimal(shown.split()[0]) / 100)


def test_bad_vat_option(tmp_path):
    result = run([EXAMPLE, "--out", tmp_path, "--vat", "viel"])
    assert result.exit_code == 1 and "MwSt-Satz" in result.stderr and "Traceback" not in result.output


# --------------------------------------------------------------------------- issue 11: the Up2Date base after the quote

BASES = {
    # owned SERVER + 10 OFFICE, 4 of them upgraded to OFFICE PLUS: 2490 + 6 × 89 + 4 × 139 = 3580
    # (not 2490 + 10 × 89 + 4 × 55 = 3600: the upgrade article is no licence of the system); 20 % = 716.00
    "office plus upgrade": ([("UPG_OFFICE_PLUS", 4), ("UP2DATE_1Y", 1)], {"SERVER": 1, "OFFICE": 10},
                            ("3580", "716.00", "3380", "0", "200")),
    # owned SMART SERVER (5 OFFICE included) + 10 OFFICE, upgraded to SERVER: SERVER 2490 + 15 OFFICE × 89
    # = 3825 (the 5 included users stay and count at the OFFICE list price); 54 % = 2065.50
    "smart server upgrade": ([("UPG_SMART_SERVER", 1), ("UP2DATE_3Y", 1)], {"SMART_SERVER": 1, "OFFICE": 10},
                             ("3825", "2065.50", "1880", "0", "1945")),
    # both, with new licences: SERVER 2490 + 10 OFFICE 890 + 5 OFFICE PLUS 695 + 5 TEAMDESK 595 = 4670; 20 % = 934.00
    "both upgrades": ([("UPG_SMART_SERVER", 1), ("UPG_OFFICE_PLUS", 5), ("TEAMDESK", 5), ("UP2DATE_1Y", 1)],
                      {"SMART_SERVER": 1, "OFFICE": 10}, ("4670", "934.00", "1880", "595", "2195")),
    # a new SMART SERVER and its upgrade in one quote: SERVER 2490 + 5 OFFICE 445 = 2935; 38 % = 1115.30
    "new smart server upgraded": ([("SMART_SERVER", 1), ("UPG_SMART_SERVER", 1), ("UP2DATE_2Y", 1)], {},
                                  ("2935", "1115.30", "0", "990", "1945")),
}


@pytest.mark.parametrize("name", list(BASES))
def test_up2date_base_is_the_system_after_the_quote(name):
    items, owned, (base, amount, owned_part, new_part, upgraded) = BASES[name]
    (p,) = quote(items, owned).percent_lines
    assert (p.base, p.amount) == (Decimal(base), Decimal(amount))
    assert (p.owned_value, p.new_value, p.upgraded_value) == (Decimal(owned_part), Decimal(new_part),
                                                              Decimal(upgraded))


def test_migration_base_stays_the_owned_licences():
    # owned SMART SERVER + 10 OFFICE at list price: 990 + 890 = 1880; release 6: 55 % = 1034.00
    q = quote([("UPGRADE_R6", 1)], {"SMART_SERVER": 1, "OFFICE": 10}, {"release": 6})
    assert [(p.kind, p.base, p.amount) for p in q.percent_lines] == [("upgrade", Decimal("1880"), Decimal("1034.00"))]


@pytest.mark.parametrize("items, owned, rule", [
    ([("UPGRADE_R6", 1)], {}, "UPGRADE_WITHOUT_LICENCES"),
    ([("MIGRATION_R4", 1), ("SERVER", 1), ("UP2DATE_1Y", 1)], {}, "UPGRADE_WITHOUT_LICENCES"),
    ([("UP2DATE_3Y", 1)], {}, "UP2DATE_WITHOUT_LICENCES"),
])
def test_percentage_of_nothing_is_refused_not_priced_at_zero(items, owned, rule):
    from addin.errors import RuleViolation

    with pytest.raises(RuleViolation) as err:
        quote(items, owned, {"release": 6})
    assert rule in err.value.message("de") and rule in err.value.message("en")
    assert "0,00 €" in err.value.message("de") and "€0.00" in err.value.message("en")


def test_add_on_line_refuses_more_months_than_the_term_has():
    from addin.errors import BadValue

    with pytest.raises(BadValue) as err:
        quote([("OFFICE", 5), ("UP2DATE_ADDON", 1)], {"SERVER": 1},
              {"up2date_months_left": 48, "up2date_term_years": 1})
    assert "48" in err.value.message("de") and "höchstens 12 Monate" in err.value.message("de")


def test_the_quote_explains_the_base(tmp_path, no_checks):
    rows = [HEAD, ["U", "Upgrade GmbH", "SMART_SERVER", 0, 1], ["U", None, "OFFICE", 0, 10],
            ["U", None, "UPG_SMART_SERVER", 1], ["U", None, "UPG_OFFICE_PLUS", 5], ["U", None, "TEAMDESK", 5],
            ["U", None, "UP2DATE_1Y", 1]]
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    for lang in ("de", "en"):
        assert run_batch(orders, tmp_path / lang, lang=lang).written == 1
    ws = openpyxl.load_workbook(tmp_path / "de" / "Angebot-U.xlsx").active
    # the quote's lines in rows 22-24 (the owned SMART SERVER and OFFICE are no lines; they are listed in 28-29),
    # the Up2Date line in row 33: owned 1880 + every line's quantity × list price, each upgrade line at its unit
    # value instead of its price
    assert [ws.cell(r, 2).value for r in range(22, 25)] == ["8.3210.003010", "8.3311.003010", "3323.0030"]
    assert [ws.cell(r, 2).value for r in (28, 29)] == ["3212.0010", "3310.0030"] and ws["G30"].value == "=SUM(G28:G29)"
    assert ws["E33"].value == "=ROUND(G30+SUMPRODUCT(D22:D24,E22:E24)+D22*(1945-E22)+D23*(50-E23),2)"
    assert ws["C33"].value == (
        "XPhone Up2Date – 1 Year – New System or Renewal\nSoftware-Aktualisierung für 1 Jahr, Neusystem oder "
        "Verlängerung\n20 % vom Listenwert des Gesamtsystems nach dem Angebot: "
        "Bestand 1.880,00 € + neue Lizenzen 595,00 € + 1 × SMART SERVER als SERVER 1.945,00 € (je SERVER "
        "2.490,00 € − SMART SERVER 990,00 € + 5 × OFFICE 445,00 €, bisher in SMART SERVER enthalten; der "
        "Upgrade-Artikel selbst zählt nicht) + 5 × OFFICE als OFFICE PLUS 250,00 € (je OFFICE PLUS 139,00 € − "
        "OFFICE 89,00 €; der Upgrade-Artikel selbst zählt nicht)")
    ws = openpyxl.load_workbook(tmp_path / "en" / "Quote-U.xlsx").active
    assert ws["C33"].value.splitlines()[1] == (
        "20% of the list value of the complete system after the quote: owned €1,880.00 + new licences €595.00 + "
        "1 × SMART SERVER as SERVER €1,945.00 (each SERVER €2,490.00 − SMART SERVER €990.00 + 5 × OFFICE "
        "€445.00 so far included in SMART SERVER; the upgrade article itself does not count) + 5 × OFFICE as "
        "OFFICE PLUS €250.00 (each OFFICE PLUS €139.00 − OFFICE €89.00; the upgrade article itself does not "
        "count)")


def test_batch_fails_a_quote_that_prices_a_percentage_of_nothing(tmp_path):
    rows = [HEAD, ["A", "Kunde A", "SERVER", 1], ["B", "Kunde B", "UPGRADE_R6", 1, None, None, 6]]
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q")])
    assert result.exit_code == 1
    # the checks' own finding (one rule, one place), with the rule's id and the row
    assert ("Fehler: Angebot B: Regelverstoß: XPhone OneTime Upgrade from Release 6 (9131.0002): keine vorhandenen "
            "Lizenzen (Bestand) angegeben. Der Preis ist 55 % vom Listenwert der Bestandslizenzen, hier von 0,00 €. "
            "Die vorhandenen Lizenzen angeben, die hochgerüstet werden. (Regel UPGRADE_WITHOUT_LICENCES) "
            "(Blatt Aufträge, Zeile 3)") in result.stderr
    assert listing(tmp_path / "q") == ["Angebot-A.xlsx", "Zusammenfassung.xlsx"]


def test_licences_not_covered_by_the_running_up2date_make_the_quote_a_draft(tmp_path):
    rows = [HEAD, ["A", "Kunde A", "SERVER", 0, 1, None, 8, 3, 8], ["A", None, "OFFICE", 5, 20]]
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    run_batch(orders, tmp_path / "q")
    summary = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx").active
    status, findings = summary["J2"].value, summary["K2"].value
    # 18 % × 8/12 × 445 = 53.40
    assert status == "Entwurf (Prüf-Fehler)" and "XPhone Up2Date – Additional Licences (9130.0000) ergänzen, für 8 " \
                                               "Monate 53,40 €" in findings


# --------------------------------------------------------------------------- issue 12: what the batch leaves behind

def test_a_quote_with_nothing_to_sell_fails_instead_of_a_zero_quote(tmp_path):
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [
        HEAD, ["OWNED", "K", "SERVER", None, 1], ["OWNED", None, "OFFICE", 0, 20], ["ZERO", "K", "OFFICE", 0],
        ["OK", "K", "SERVER", 1]]})
    result = run([orders, "--out", tmp_path / "q"])
    assert result.exit_code == 1 and result.stdout.startswith("1 von 3 Angeboten erstellt, 2 fehlgeschlagen")
    assert ("Fehler: Angebot OWNED: Auftragsliste fehlerhaft: Angebot OWNED: nichts zu verkaufen – keine Zeile mit "
            "einer Menge (keine neue Lizenz, keine Prozentposition); ein Angebot über 0,00 € wird nicht geschrieben. "
            "(Blatt Aufträge, Zeile 2)") in result.stderr.splitlines()
    assert listing(tmp_path / "q") == ["Angebot-OK.xlsx", "Zusammenfassung.xlsx"]


def test_draft_names_never_collide_with_another_quotes_name():
    names = FileNames("Angebot", "ENTWURF")
    first, second, third = names("X"), names("X-ENTWURF"), names("Y-ENTWURF")
    assert first == "Angebot-X.xlsx"
    assert second.startswith("Angebot-X-ENTWURF-") and second != "Angebot-X-ENTWURF.xlsx"  # X's draft keeps its name
    assert third == "Angebot-Y-ENTWURF.xlsx"
    assert names("Y").startswith("Angebot-Y-") and len(names.used) == 8


def _orders_with(tmp_path, fax: bool, bad: bool = False):
    rows = [HEAD, ["A", "K", "SMART_SERVER", 1], ["A", None, "FAX" if fax else "OFFICE", 2],
            ["B", "K", "SERVER", "zwei" if bad else 1]]
    return write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})


def test_with_force_a_quote_that_becomes_a_draft_removes_its_earlier_clean_file(tmp_path):
    out = tmp_path / "q"
    assert run([_orders_with(tmp_path, fax=False), "--out", out]).exit_code == 0
    (out / "Angebot-A.pdf").write_bytes(b"%PDF- an earlier run's")
    again = run([_orders_with(tmp_path, fax=True), "--out", out])  # FAX next to a SMART SERVER: an ERROR
    assert again.exit_code == 1 and "Zusammenfassung.xlsx gibt es schon" in again.stderr  # no --force: untouched
    (out / "Zusammenfassung.xlsx").unlink()
    again = run([_orders_with(tmp_path, fax=True), "--out", out])  # the clean file of A stays, said so
    assert again.exit_code == 0 and again.stdout.startswith("0 von 2 Angeboten erstellt")
    assert ("Hinweis: Angebot A: Angebot-A.xlsx vorhanden, nicht überschrieben: die Auftragsliste, der Katalog oder "
            "die Vorlage hat sich geändert; mit --resume neu schreiben.") in again.stderr.splitlines()
    (out / "Zusammenfassung.xlsx").unlink()
    assert listing(out) == ["Angebot-A.pdf", "Angebot-A.xlsx", "Angebot-B.xlsx"]
    forced = run([_orders_with(tmp_path, fax=True), "--out", out, "--force"])
    assert forced.exit_code == 0
    assert listing(out) == ["Angebot-A-ENTWURF.xlsx", "Angebot-B.xlsx", "Zusammenfassung.xlsx"]
    assert "Hinweis: Angebot A: Angebot-A.xlsx eines früheren Laufs entfernt (veraltet)." in forced.stderr.splitlines()
    fixed = run([_orders_with(tmp_path, fax=False), "--out", out, "--force"])  # fixed: the draft goes
    assert fixed.exit_code == 0
    assert listing(out) == ["Angebot-A.xlsx", "Angebot-B.xlsx", "Zusammenfassung.xlsx"]


def test_with_force_a_quote_that_fails_now_removes_its_earlier_file(tmp_path):
    out = tmp_path / "q"
    assert run([_orders_with(tmp_path, fax=False), "--out", out]).exit_code == 0
    (out / "Zusammenfassung.xlsx").unlink()
    failing = run([_orders_with(tmp_path, fax=False, bad=True), "--out", out])  # no --force: nothing touched
    assert failing.exit_code == 1 and (out / "Angebot-B.xlsx").exists()
    forced = run([_orders_with(tmp_path, fax=False, bad=True), "--out", out, "--force"])
    assert forced.exit_code == 1
    assert listing(out) == ["Angebot-A.xlsx", "Zusammenfassung.xlsx"]
    assert "Hinweis: Angebot B: Angebot-B.xlsx eines früheren Laufs entfernt (veraltet)." in forced.stderr.splitlines()
    summary = {r[0]: r for r in openpyxl.load_workbook(out / "Zusammenfassung.xlsx").active.iter_rows(
        min_row=2, values_only=True)}
    assert summary["B"][9] == "fehlgeschlagen" and "Angebot-B.xlsx eines früheren Laufs entfernt" in summary["B"][10]


def test_with_force_and_strict_a_draft_of_an_earlier_run_is_removed(tmp_path):
    out = tmp_path / "q"
    assert run([_orders_with(tmp_path, fax=True), "--out", out]).exit_code == 0
    assert (out / "Angebot-A-ENTWURF.xlsx").exists()
    strict = run([_orders_with(tmp_path, fax=True), "--out", out, "--force", "--strict"])
    assert strict.exit_code == 1
    assert listing(out) == ["Angebot-B.xlsx", "Zusammenfassung.xlsx"]


def test_valid_days_option_sets_the_default_validity(tmp_path, no_checks):
    assert run([EXAMPLE, "--out", tmp_path, "--valid-days", "14"]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "Angebot-2026-001.xlsx")
    ((_, ref),) = list(wb.defined_names["valid_until"].destinations)
    assert wb.active[ref.replace("$", "")].value == dt.datetime(2026, 3, 30)  # 16.03.2026 + 14 days


# --------------------------------------------------------------------------- the summary workbook

def test_summary_is_landscape_one_page_wide_with_wrapped_notes_gross_and_status(tmp_path):
    result = run_batch(EXAMPLE, tmp_path, force=True)
    assert (result.written, result.drafts) == (6, 1)
    wb = openpyxl.load_workbook(tmp_path / "Zusammenfassung.xlsx")
    ws = wb["Zusammenfassung"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$1"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    # gross totals, by hand in EXAMPLES above; 2026-004 (Austria, with a VAT ID) and 2026-006 (Switzerland) are
    # charged no VAT: gross = net 498.40 and 2490 + 15 × 89 + 38 % × 3825 = 3825 + 1453.50 = 5278.50
    assert [rows[q][8].value for q in ("2026-001", "2026-002", "2026-003", "2026-004", "2026-005", "2026-006")] == [
        3445.29, 14533.71, 11926.75, 498.4, 3391.26, 5278.5]
    assert [rows[q][9].value for q in ("2026-001", "2026-004", "2026-005")] == [
        "Prüfung: Warnung", "OK", "Entwurf (Prüf-Fehler)"]
    assert rows["2026-005"][11].value == "Angebot-2026-005-ENTWURF.xlsx"
    assert rows["2026-005"][10].alignment.wrap_text and rows["2026-005"][10].value.startswith("Fehler: SMART SERVER")


def test_summary_totals_per_article_and_per_up2date_term(tmp_path):
    """The example batch by hand: quotes 2026-001 to 2026-004 and 2026-006 can be sent, 2026-005 is a draft (not
    summed). Per VAT treatment net, VAT and gross: 19 % on 2026-001 to 2026-003, none on 2026-004 (reverse charge)
    and 2026-006 (Switzerland). Per article the quantities and line totals of the sold lines (a bundle's included
    users are not sold), per Up2Date term its base and amount: 1 year 20 % of 10.641,00; 2 years 38 % of 3.825,00;
    3 years 54 % of 1.880,00 and of 8.827,50; the add-on under the running 3-year term, 18 % × 8/12 × 445,00."""
    run_batch(EXAMPLE, tmp_path, force=True)
    ws = openpyxl.load_workbook(tmp_path / "Zusammenfassung.xlsx")["Summen"]
    rows = [tuple(c.value for c in row) for row in ws.iter_rows()]
    assert rows[0][0] == "Summen der versandfertigen Angebote im Ordner"
    assert rows[1][0] == "Nicht enthalten: 1 Entwurf (Prüf-Fehler: 2026-005), 0 fehlgeschlagene Angebote."
    start = rows.index(("Umsatzsteuer", "Angebote", "Nettobetrag", "USt-Betrag", "Bruttobetrag"))
    assert start == 3  # after the title, the line of what is not included and a blank row
    # 19 %: nets 2.895,20 + 12.213,20 + 10.022,48 = 25.130,88, VAT 550,09 + 2.320,51 + 1.904,27 = 4.774,87;
    # all: 25.130,88 + 498,40 + 5.278,50 = 30.907,78 net, 30.907,78 + 4.774,87 = 35.682,65 gross
    treatments = {r[0]: r[1:] for r in rows[start + 1:start + 4]}
    assert treatments == {"Inland 19 %": (3, 25130.88, 4774.87, 29905.75),
                          "Reverse Charge (Österreich)": (1, 498.4, 0, 498.4),
                          "nicht im Inland steuerbar (Schweiz)": (1, 5278.5, 0, 5278.5)}
    assert rows[start + 4] == ("Alle", 5, 30907.78, 4774.87, 35682.65) and ws.cell(start + 5, 1).font.b
    assert rows[start + 5] == (None,) * 5
    start = rows.index(("Artikelnummer", "Artikel", "Angebote", "Menge", "Betrag netto"))
    articles = [(r[0], r[2], r[3], r[4]) for r in rows[start + 1:start + 13]]
    # 2026-006 adds SERVER 2.490,00, 15 × OFFICE 1.335,00 and Up2Date 2 years 38 % × 3.825,00 = 1.453,50
    assert articles == [
        ("3210.0030", 2, 2, 4980), ("3212.0010", 1, 1, 990), ("3310.0030", 4, 40, 3560),
        ("3311.0030", 1, 40, 5004), ("3320.0030", 1, 10, 399), ("3321.0030", 1, 40, 1596),
        ("3440.0030", 1, 4, 596), ("9130.0000", 1, 1, 53.4), ("9130.0000.012", 1, 1, 2128.2),
        ("9130.0000.024", 1, 1, 1453.5), ("9130.0000.036", 2, 2, 5782.05), ("9131.0002", 1, 1, 4365.63)]
    # = the net totals 2.895,20 + 12.213,20 + 10.022,48 + 498,40 + 5.278,50
    assert rows[start + 13][4] == 30907.78
    start = rows.index(("Up2Date-Laufzeit (Jahre)", "Art", "Angebote", "Basis", "Betrag netto"))
    assert rows[start + 1:start + 6] == [
        (1, "neue Laufzeit", 1, 10641, 2128.2), (2, "neue Laufzeit", 1, 3825, 1453.5),
        (3, "Zusatzlizenzen (laufende Laufzeit)", 1, 445, 53.4), (3, "neue Laufzeit", 2, 10707.5, 5782.05),
        (None, None, None, None, 9417.15)]  # 2.128,20 + 1.453,50 + 53,40 + 5.782,05


def test_pandas_stays_off_the_path_of_a_single_quote(tmp_path):
    code = ("import sys; from addin.batch import QuoteWriter, WriterSettings; "
            "from addin.batch.orders import read_orders; from addin.catalog import get_catalog; "
            f"w = QuoteWriter(WriterSettings({str(default_template('de'))!r}, {str(tmp_path)!r})); "
            f"[w.write(o, o.quote_id + '.xlsx') for o in read_orders({str(EXAMPLE)!r}, get_catalog())]; "
            "print('pandas' in sys.modules)")
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False" and len(list(tmp_path.glob("*.xlsx"))) == 6


def test_a_smart_server_quote_for_a_system_with_other_uc_systems_is_a_draft(tmp_path):
    # SMART SERVER: "Betrieb mit anderen UC-Systemen/Clients/Endgeräten nicht möglich"
    head = ["Angebot", "Kunde", "Artikel", "Menge", "Andere UC-Systeme"]
    rows = [head, ["A", "Kunde A", "SMART_SERVER", 1, "ja"], ["B", "Kunde B", "SMART_SERVER", 1, "nein"],
            ["C", "Kunde C", "SMART_SERVER", 1, None]]
    result = run_batch(write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows}), tmp_path / "q")
    assert result.written == 3
    assert sorted(p.name for p in (tmp_path / "q").glob("Angebot-*")) == [
        "Angebot-A-ENTWURF.xlsx", "Angebot-B.xlsx", "Angebot-C.xlsx"]
    checks = openpyxl.load_workbook(tmp_path / "q" / "Angebot-C.xlsx")["Prüfung"]
    rules = [checks.cell(r, 2).value for r in range(6, checks.max_row + 1)]
    assert "SMART_SERVER_OTHER_UC" in rules  # the seller confirms; the customer's sheet says nothing of it
    customer = " ".join(str(c.value) for row in openpyxl.load_workbook(tmp_path / "q" / "Angebot-C.xlsx").worksheets[0]
                        .iter_rows() for c in row if c.value)
    assert "UC-Systemen" not in customer


def test_an_orders_sheet_with_a_header_and_no_rows_is_an_error(tmp_path):
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD]})
    result = CliRunner().invoke(cli, ["quotes", str(orders), "--out", str(tmp_path / "q")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fehler: Auftragsliste fehlerhaft: das Blatt hat eine Kopfzeile, aber keine "
                                    "Zeilen darunter")
    assert "Blatt Aufträge, Zeile 1" in result.stderr and not (tmp_path / "q").exists()


def test_the_summary_counts_in_singular_and_plural_and_says_ok_without_notes_for_the_seller(tmp_path):
    rows = [HEAD, ["A", "Kunde A", "SERVER", 1], ["A", None, "AUTO_ATTENDANT", 1], ["A", None, "IP_CHANNEL", 2],
            ["B", "Kunde B", "SMART_SERVER", 1], ["B", None, "OFFICE", 20],   # 25 OFFICE users: a draft
            ["C", "Kunde C", "OFFICE", "viele"]]                             # fails
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": rows})
    run_batch(orders, tmp_path / "q")
    wb = openpyxl.load_workbook(tmp_path / "q" / "Zusammenfassung.xlsx")
    first = wb.worksheets[0]
    row_a = next(r for r in first.iter_rows(min_row=2, values_only=True) if r[0] == "A")
    # AUTO ATTENDANT's channels are a note for the customer's quote; the seller's column is empty: plain OK
    assert (row_a[9], row_a[10]) == ("OK", None)  # status and notes for the seller
    assert wb["Summen"]["A2"].value == "Nicht enthalten: 1 Entwurf (Prüf-Fehler: B), 1 fehlgeschlagenes Angebot."


@pytest.mark.parametrize("quote_id, stem", [("2026\u202excod.exe", "2026xcod.exe"), ("A\u200bB", "AB"),
                                            ("\ufeffQ-1", "Q-1")])
def test_invisible_format_characters_never_reach_an_id_or_a_file_name(tmp_path, quote_id, stem):
    # a right-to-left override would show 'Angebot-2026exe.docx' for 'Angebot-2026\u202excod.exe.xlsx'
    orders = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [HEAD, [quote_id, "Kunde", "SERVER", 1]]})
    run_batch(orders, tmp_path / "q")
    names = listing(tmp_path / "q")
    assert names == [f"Angebot-{stem}.xlsx", "Zusammenfassung.xlsx"]
    checks = openpyxl.load_workbook(tmp_path / "q" / f"Angebot-{stem}.xlsx")["Prüfung"]
    notes = " ".join(str(c.value) for row in checks.iter_rows() for c in row if c.value)
    assert "unsichtbare Formatzeichen U+" in notes and "entfernt" in notes


@pytest.mark.parametrize("lang, expected", [
    ("de", "XPhone OneTime Upgrade from Release 6\nEinmaliges Upgrade bereits erworbener Lizenzen von XPhone Connect 6 "
           "auf XPhone Connect 8\n55 % vom Listenwert der Bestandslizenzen als Zielsystem (Release 6)"),
    ("en", "XPhone OneTime Upgrade from Release 6\n55% of the list value of the owned licences as the target system "
           "(release 6)"),
])
def test_a_percentage_line_keeps_the_service_descriptions_name_and_a_german_quote_describes_it(tmp_path, lang,
                                                                                              expected, no_checks):
    run_batch(EXAMPLE, tmp_path / "q", lang=lang)
    name = "Angebot-2026-003.xlsx" if lang == "de" else "Quote-2026-003.xlsx"
    ws = openpyxl.load_workbook(tmp_path / "q" / name).active
    assert expected in [c.value for row in ws.iter_rows() for c in row]


def test_a_customer_note_speaks_to_the_customer_and_the_seller_keeps_the_instruction(tmp_path):
    run_batch(EXAMPLE, tmp_path / "q")
    wb = openpyxl.load_workbook(tmp_path / "q" / "Angebot-2026-003.xlsx")
    printed = [c.value for row in wb.active.iter_rows() for c in row if isinstance(c.value, str)]
    # owned: 1 SERVER + 50 OFFICE + 50 CONTACTS = 101 licences
    assert ("XPhone OneTime Upgrade from Release 6 (9131.0002) gilt für das komplette System: alle 101 vorhandenen "
            "Lizenzen werden hochgerüstet. Eine Teil-Hochrüstung wäre technisch möglich, die nicht hochgerüsteten "
            "Lizenzen gingen dabei verloren.") in printed
    assert not any("kalkulieren" in text for text in printed)
    # validate (the seller's view) keeps the instruction
    from addin.rules import validate
    found = validate([("UPGRADE_R6", 1)], [("SERVER", 1), ("OFFICE", 50), ("CONTACTS", 50)], [("release", 6)])
    note = next(f for f in found if f.rule_id == "UPGRADE_COMPLETE_SYSTEM")
    assert "für das komplette System kalkulieren" in note.message("de") and note.for_customer("de") != \
        note.message("de")
