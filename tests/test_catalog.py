"""Loading and checking catalog.xlsx."""
import datetime as dt
import os
from decimal import Decimal

import openpyxl
import pytest

from addin.catalog import build_catalog, get_catalog, load_catalog
from addin.errors import BadCatalogRow, CatalogError, UnknownArticle
from tests.conftest import SHIPPED, write_workbook

# Every article of the service description, as printed: (article number, short code, category).
SERVICE_DESCRIPTION_ARTICLES = [
    ("3212.0010", "SMART_SERVER", "server"),
    ("3210.0030", "SERVER", "server"),
    ("8.3210.003010", "UPG_SMART_SERVER", "server"),
    ("3420.0030", "AUTO_ATTENDANT", "extension"),
    ("3211.0030.010", "ADDITIONAL_DATABASES", "extension"),
    ("3440.0030", "IP_CHANNEL", "channel"),
    ("3310.0030", "OFFICE", "user"),
    ("3311.0030", "OFFICE_PLUS", "user"),
    ("8.3311.003010", "UPG_OFFICE_PLUS", "user"),
    ("3320.0030", "FAX", "user"),
    ("3321.0030", "VOICEMAIL", "user"),
    ("3323.0030", "TEAMDESK", "user"),
    ("3512.0030", "CONTACTS", "user"),
    ("3513.0030", "DASHBOARD", "user"),
    ("3410.0030", "TAPI", "channel"),
    ("9130.0000.012", "UP2DATE_1Y", "up2date"),
    ("9130.0000.024", "UP2DATE_2Y", "up2date"),
    ("9130.0000.036", "UP2DATE_3Y", "up2date"),
    ("9130.0000.048", "UP2DATE_4Y", "up2date"),
    ("9130.0000.060", "UP2DATE_5Y", "up2date"),
    ("9130.0000", "UP2DATE_ADDON", "up2date"),
    ("9131.0004", "MIGRATION_R4", "upgrade"),
    ("9131.0001", "UPGRADE_R5", "upgrade"),
    ("9131.0002", "UPGRADE_R6", "upgrade"),
    ("9131.0003", "UPGRADE_R7", "upgrade"),
    ("9131.0006", "UPGRADE_R8", "upgrade"),
]


def test_shipped_catalog_has_every_article():
    cat = load_catalog(SHIPPED)
    got = [(a.number, a.code, a.category) for a in cat.articles]
    assert sorted(got) == sorted(SERVICE_DESCRIPTION_ARTICLES)
    assert len(cat.articles) == 26


def test_shipped_catalog_rates_and_metadata():
    cat = load_catalog(SHIPPED)
    assert {y: (t.rate_per_year, t.total_rate, t.number) for y, t in cat.up2date.items()} == {
        1: (Decimal("0.2"), Decimal("0.2"), "9130.0000.012"),
        2: (Decimal("0.19"), Decimal("0.38"), "9130.0000.024"),
        3: (Decimal("0.18"), Decimal("0.54"), "9130.0000.036"),
        4: (Decimal("0.17"), Decimal("0.68"), "9130.0000.048"),
        5: (Decimal("0.16"), Decimal("0.8"), "9130.0000.060"),
    }
    assert {r: (u.rate, u.number) for r, u in cat.upgrades.items()} == {
        4: (Decimal("1"), "9131.0004"),
        5: (Decimal("0.75"), "9131.0001"),
        6: (Decimal("0.55"), "9131.0002"),
        7: (Decimal("0.35"), "9131.0003"),
        8: (Decimal("0.35"), "9131.0006"),
    }
    assert cat.is_example
    assert cat.meta.currency == "EUR"
    assert cat.meta.vat_rate == Decimal("0.19")
    assert cat.by_code("SMART_SERVER").includes == (("OFFICE", 5),)
    assert all(a.price is None for a in cat.articles if a.is_percentage)
    assert all(a.price is None for a in cat.articles)  # several lists: a price needs a date (Catalog.on)
    for pl in cat.price_lists:
        assert all(pl.prices[a.number] >= 0 for a in cat.articles if a.is_licence)


@pytest.mark.parametrize("key, code", [
    ("3310.0030", "OFFICE"), (3310.003, "OFFICE"), (" 3310.0030 ", "OFFICE"), ("office", "OFFICE"),
    ("Office Plus", "OFFICE_PLUS"), ("ip-channel", "IP_CHANNEL"), (9130, "UP2DATE_ADDON"),
    ("9130.0000", "UP2DATE_ADDON"), ("3212,001", "SMART_SERVER"), (9131.0004, "MIGRATION_R4"),
])
def test_forgiving_lookup(key, code):
    assert get_catalog().article(key).code == code


@pytest.mark.parametrize("key", ["9999", 9999.5, "", None, True, "OFFICE PLUS PLUS", ["OFFICE"]])
def test_unknown_article(key):
    with pytest.raises(UnknownArticle):
        get_catalog().article(key)


def _broken(sheets, sheet, row, col, value):
    sheets[sheet][row][col] = value
    return sheets


@pytest.mark.parametrize("edit, message", [
    (lambda s: _broken(s, "Artikel", 3, 0, "3210.0030"),
     "Artikel 3210.0030 (OFFICE) doppelt; schon in Zeile 3 (3210.0030, SERVER). (Blatt Artikel, Zeile 4, Spalte A)"),
    (lambda s: _broken(s, "Artikel", 3, 1, "server"),
     "doppelt; schon in Zeile 3 (3210.0030, SERVER). (Blatt Artikel, Zeile 4, Spalte B)"),
    (lambda s: _broken(s, "Artikel", 3, 6, None),
     "Listenpreis von 3310.0030 fehlt. (Blatt Artikel, Zeile 4, Spalte G)"),
    (lambda s: _broken(s, "Artikel", 3, 6, -5),
     "Listenpreis von 3310.0030: -5 ist ungültig. Betrag darf nicht negativ sein. (Blatt Artikel, Zeile 4, Spalte G)"),
    (lambda s: _broken(s, "Artikel", 3, 6, "neunzig"),
     "Listenpreis von 3310.0030: 'neunzig' ist ungültig. Zahl erwartet. (Blatt Artikel, Zeile 4, Spalte G)"),
    (lambda s: _broken(s, "Artikel", 3, 4, "lizenz"),
     "Kategorie 'lizenz' unbekannt"),
    (lambda s: _broken(s, "Artikel", 5, 6, 100),
     "9130.0000.012 ist ein Prozentartikel; der Listenpreis bleibt leer. (Blatt Artikel, Zeile 6, Spalte G)"),
    (lambda s: _broken(s, "Artikel", 1, 5, "5 OFFCE"),
     "'Enthält' nennt unbekannten Artikel 'OFFCE'. (Blatt Artikel, Zeile 2, Spalte F)"),
    (lambda s: _broken(s, "Up2Date", 1, 2, 1.2),
     "Satz pro Jahr: 1.2 ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 120 %. (Blatt Up2Date, Zeile 2, Spalte C)"),
    (lambda s: _broken(s, "Up2Date", 2, 3, 0.55),
     "Satz gesamt 55 % passt nicht zu 3 × 18 % = 54 %. (Blatt Up2Date, Zeile 3, Spalte D)"),
    (lambda s: _broken(s, "Artikel", 3, 6, dt.datetime(2026, 1, 1)),
     "Listenpreis von 3310.0030: 2026-01-01 ist ungültig. Zahl erwartet. (Blatt Artikel, Zeile 4, Spalte G)"),
    (lambda s: _broken(s, "Up2Date", 2, 1, "9130.0000.099"),
     "Artikel 9130.0000.099 steht nicht im Blatt Artikel. (Blatt Up2Date, Zeile 3, Spalte B)"),
    (lambda s: _broken(s, "Upgrade", 1, 1, "3310.0030"),
     "Artikel 3310.0030 hat Kategorie user, erwartet upgrade. (Blatt Upgrade, Zeile 2, Spalte B)"),
    (lambda s: _broken(s, "Upgrade", 1, 2, "120%"),
     "Satz: '120%' ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 120 %. (Blatt Upgrade, Zeile 2, Spalte C)"),
    (lambda s: (s.pop("Upgrade"), s)[1], "Blatt 'Upgrade' fehlt."),
    (lambda s: {**s, "Artikel": [r[:6] for r in s["Artikel"]]},
     "Spalte 'Listenpreis EUR' fehlt. (Blatt Artikel, Zeile 1)"),
    (lambda s: {**s, "Preisliste": s["Preisliste"][:4]}, "Eintrag 'Status' fehlt. (Blatt Preisliste)"),
])
def test_broken_catalog_is_refused(sheets, edit, message):
    with pytest.raises(CatalogError) as err:
        build_catalog(edit(sheets))
    assert message in err.value.message("de")
    assert err.value.message("en")  # an English message exists too


def test_broken_catalog_messages_in_english(sheets):
    sheets["Artikel"][3][6] = -5
    with pytest.raises(BadCatalogRow) as err:
        build_catalog(sheets)
    assert err.value.message("en") == (
        "Catalog is broken: list price of 3310.0030: -5 is not valid. The amount must not be negative. "
        "(sheet Artikel, row 4, column G)")


def test_english_sheet_and_header_names_are_accepted(sheets):
    sheets["Articles"] = sheets.pop("Artikel")
    sheets["Articles"][0] = ["Article number", "Code", "Name (DE)", "Name (EN)", "Category", "Includes", "List price"]
    assert build_catalog(sheets).by_code("OFFICE").price == Decimal("100")


def test_missing_file_names_the_way_out(tmp_path):
    with pytest.raises(CatalogError, match="XPHONE_CATALOG"):
        load_catalog(tmp_path / "nope.xlsx")


def test_environment_variable_selects_the_catalog(catalog_file, monkeypatch):
    monkeypatch.setenv("XPHONE_CATALOG", str(catalog_file))
    assert get_catalog().by_code("OFFICE").price == Decimal("100")
    assert get_catalog().meta.name == "Testliste"


def test_loaded_once_and_reloaded_when_the_file_changes(catalog_file):
    first = get_catalog(catalog_file)
    assert get_catalog(catalog_file) is first  # no reload while unchanged
    wb = openpyxl.load_workbook(catalog_file)
    wb["Artikel"]["G4"] = 123.45
    wb.save(catalog_file)
    st = os.stat(catalog_file)
    os.utime(catalog_file, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    second = get_catalog(catalog_file)
    assert second is not first
    assert second.by_code("OFFICE").price == Decimal("123.45")


def test_written_workbook_round_trip(tmp_path, sheets):
    sheets["Preisliste"][2][1] = dt.datetime(2027, 4, 1)
    path = write_workbook(tmp_path / "c.xlsx", sheets)
    cat = load_catalog(path)
    assert cat.meta.valid_from == dt.date(2027, 4, 1)
    assert cat.article("FAX").price == Decimal("10.5")


def test_rules_sheet_quotes_the_service_description_and_marks_readings():
    """The Quelle column: verbatim text of the service description in „…“; the tool's readings after 'Lesart:'."""
    import re

    from openpyxl import load_workbook

    from tests.conftest import SHIPPED

    ws = load_workbook(SHIPPED, read_only=True)["Regeln"]
    rows = list(ws.iter_rows(values_only=True))
    source = {r[0]: r[9] for r in rows[1:] if r[0]}
    assert len(source) == 35  # 34 rules and the row that marks UPGRADE_COMPLETE_SYSTEM (in code) as a customer note
    for rule_id, text in source.items():
        assert re.search(r"„[^“]+“", text), rule_id
        assert text.count("„") == text.count("“"), rule_id
        outside = re.sub(r"„[^“]*“", "", text).split("Lesart:")[0].split("Hinweis:")[0]
        assert not re.search(r"\b(je|zählen|also|heißt)\b", outside), (rule_id, outside)  # a reading, unmarked
    # the 5 included users counted inside the 20 is the tool's reading, not the service description's words
    assert source["SMART_SERVER_MAX_OFFICE"] == (
        "SMART SERVER, Einschränkungen: „Maximale Anzahl: 20 XPhone Connect 8 – OFFICE User“. Lesart: die „Inkl. 5 "
        "XPhone Connect 8 – OFFICE User“ zählen zu den 20 (also höchstens 15 weitere).")
