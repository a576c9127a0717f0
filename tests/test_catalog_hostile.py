"""A catalog edited by hand and broken: refused at load, naming sheet, row and column, in German and English.

Each broken catalog is the small test catalog (tests/conftest.py), edited and
written as a workbook here, then loaded from the file as finance would.
Row numbers: Artikel 1 = headers, 2 SMART_SERVER, 3 SERVER, 4 OFFICE, 5 FAX,
6 UP2DATE_1Y, 7 UP2DATE_3Y, 8 UP2DATE_ADDON, 9 UPGRADE_R6; Up2Date 2 = 1 year,
3 = 3 years; Upgrade 2 = release 6; Preisliste 6 = VAT rate.
"""
from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import pytest
from click.testing import CliRunner

from addin.catalog import get_catalog, load_catalog
from addin.cli import cli
from addin.errors import CatalogError, InputFileError

from .conftest import listing, write_workbook


def _set(sheet, row, col, value):
    def edit(s):
        s[sheet][row - 1][col] = value
    return edit


def _append(sheet, row):
    return lambda s: s[sheet].append(list(row))


def _drop_sheet(name):
    return lambda s: s.pop(name)


def _drop_column(sheet, col):
    def edit(s):
        for r in s[sheet]:
            del r[col]
    return edit


HOSTILE = [
    ("duplicate article number", _append("Artikel", ["3310.0030", "OFFICE2", "x", "x", "user", None, 5]),
     "Katalog fehlerhaft: Artikel 3310.0030 (OFFICE2) doppelt; schon in Zeile 4 (3310.0030, OFFICE). "
     "(Blatt Artikel, Zeile 10, Spalte A)",
     "Catalog is broken: article 3310.0030 (OFFICE2) listed twice; already in row 4 (3310.0030, OFFICE). "
     "(sheet Artikel, row 10, column A)"),
    ("duplicate number typed as a number", _append("Artikel", [3310.003, "OFFICE3", "x", "x", "user", None, 5]),
     "Katalog fehlerhaft: Artikel 3310.003 (OFFICE3) doppelt; schon in Zeile 4 (3310.0030, OFFICE). "
     "(Blatt Artikel, Zeile 10, Spalte A)",
     "Catalog is broken: article 3310.003 (OFFICE3) listed twice; already in row 4 (3310.0030, OFFICE). "
     "(sheet Artikel, row 10, column A)"),
    ("duplicate short code", _append("Artikel", ["3310.0031", "office", "x", "x", "user", None, 5]),
     "Katalog fehlerhaft: Artikel 3310.0031 (OFFICE) doppelt; schon in Zeile 4 (3310.0030, OFFICE). "
     "(Blatt Artikel, Zeile 10, Spalte B)",
     "Catalog is broken: article 3310.0031 (OFFICE) listed twice; already in row 4 (3310.0030, OFFICE). "
     "(sheet Artikel, row 10, column B)"),
    ("text in a price cell", _set("Artikel", 4, 6, "neunzig"),
     "Katalog fehlerhaft: Listenpreis von 3310.0030: 'neunzig' ist ungültig. Zahl erwartet. "
     "(Blatt Artikel, Zeile 4, Spalte G)",
     "Catalog is broken: list price of 3310.0030: 'neunzig' is not valid. A number is expected. "
     "(sheet Artikel, row 4, column G)"),
    ("Excel error value in a price cell", _set("Artikel", 5, 6, "#WERT!"),
     "Katalog fehlerhaft: Listenpreis von 3320.0030: '#WERT!' ist ungültig. Zahl erwartet. "
     "(Blatt Artikel, Zeile 5, Spalte G)",
     "Catalog is broken: list price of 3320.0030: '#WERT!' is not valid. A number is expected. "
     "(sheet Artikel, row 5, column G)"),
    ("TRUE in a price cell", _set("Artikel", 3, 6, True),
     "Katalog fehlerhaft: Listenpreis von 3210.0030: True ist ungültig. Zahl erwartet. "
     "(Blatt Artikel, Zeile 3, Spalte G)",
     "Catalog is broken: list price of 3210.0030: True is not valid. A number is expected. "
     "(sheet Artikel, row 3, column G)"),
    ("a price with more than two decimals", _set("Artikel", 4, 6, 89.004999),
     "Katalog fehlerhaft: Listenpreis von 3310.0030: 89.004999 ist ungültig. Höchstens zwei Nachkommastellen: ein "
     "Listenpreis wird so gedruckt, wie er rechnet (z. B. 89,00 €). (Blatt Artikel, Zeile 4, Spalte G)",
     "Catalog is broken: list price of 3310.0030: 89.004999 is not valid. At most two decimals: a list price is "
     "printed as it computes (e.g. €89.00). (sheet Artikel, row 4, column G)"),
    ("a price beyond any licence", _set("Artikel", 3, 6, 1e26),
     "Katalog fehlerhaft: Listenpreis von 3210.0030: 1e+26 ist ungültig. Höchstens 1.000.000,00 € je Stück. "
     "(Blatt Artikel, Zeile 3, Spalte G)",
     "Catalog is broken: list price of 3210.0030: 1e+26 is not valid. At most €1,000,000.00 a unit. "
     "(sheet Artikel, row 3, column G)"),
    ("negative price", _set("Artikel", 4, 6, -5),
     "Katalog fehlerhaft: Listenpreis von 3310.0030: -5 ist ungültig. Betrag darf nicht negativ sein. "
     "(Blatt Artikel, Zeile 4, Spalte G)",
     "Catalog is broken: list price of 3310.0030: -5 is not valid. The amount must not be negative. "
     "(sheet Artikel, row 4, column G)"),
    ("empty price", _set("Artikel", 4, 6, None),
     "Katalog fehlerhaft: Listenpreis von 3310.0030 fehlt. (Blatt Artikel, Zeile 4, Spalte G)",
     "Catalog is broken: list price of 3310.0030 is missing. (sheet Artikel, row 4, column G)"),
    ("price on a percentage article", _set("Artikel", 6, 6, 99),
     "Katalog fehlerhaft: 9130.0000.012 ist ein Prozentartikel; der Listenpreis bleibt leer. "
     "(Blatt Artikel, Zeile 6, Spalte G)",
     "Catalog is broken: 9130.0000.012 is a percentage article; leave its list price empty. "
     "(sheet Artikel, row 6, column G)"),
    ("Up2Date rate of 120 %", _set("Up2Date", 2, 2, 1.2),
     "Katalog fehlerhaft: Satz pro Jahr: 1.2 ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 120 %. "
     "(Blatt Up2Date, Zeile 2, Spalte C)",
     "Catalog is broken: rate per year: 1.2 is not valid. Allowed: 0 % to 100 %, entered: 120%. "
     "(sheet Up2Date, row 2, column C)"),
    ("Up2Date total of 120 %", _set("Up2Date", 3, 3, 1.2),
     "Katalog fehlerhaft: Satz gesamt: 1.2 ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 120 %. "
     "(Blatt Up2Date, Zeile 3, Spalte D)",
     "Catalog is broken: total rate: 1.2 is not valid. Allowed: 0 % to 100 %, entered: 120%. "
     "(sheet Up2Date, row 3, column D)"),
    ("upgrade rate typed as '120 %'", _set("Upgrade", 2, 2, "120 %"),
     "Katalog fehlerhaft: Satz: '120 %' ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 120 %. "
     "(Blatt Upgrade, Zeile 2, Spalte C)",
     "Catalog is broken: rate: '120 %' is not valid. Allowed: 0 % to 100 %, entered: 120%. "
     "(sheet Upgrade, row 2, column C)"),
    ("upgrade rate typed as 120 without %", _set("Upgrade", 2, 2, 120),
     "Katalog fehlerhaft: Satz: 120 ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 12000 %. "
     "(Blatt Upgrade, Zeile 2, Spalte C)",
     "Catalog is broken: rate: 120 is not valid. Allowed: 0 % to 100 %, entered: 12000%. "
     "(sheet Upgrade, row 2, column C)"),
    ("VAT rate of 119 %", _set("Preisliste", 6, 1, "119 %"),
     "Katalog fehlerhaft: MwSt-Satz: '119 %' ist ungültig. Erlaubt: 0 % bis 100 %, eingetragen: 119 %. "
     "(Blatt Preisliste, Zeile 6, Spalte B)",
     "Catalog is broken: VAT rate: '119 %' is not valid. Allowed: 0 % to 100 %, entered: 119%. "
     "(sheet Preisliste, row 6, column B)"),
    ("Up2Date row naming an unknown article", _set("Up2Date", 2, 1, "9999.0000"),
     "Katalog fehlerhaft: Artikel 9999.0000 steht nicht im Blatt Artikel. (Blatt Up2Date, Zeile 2, Spalte B)",
     "Catalog is broken: article 9999.0000 is not on the articles sheet. (sheet Up2Date, row 2, column B)"),
    ("includes an unknown article", _set("Artikel", 2, 5, "5 OFFICEE"),
     "Katalog fehlerhaft: 'Enthält' nennt unbekannten Artikel 'OFFICEE'. (Blatt Artikel, Zeile 2, Spalte F)",
     "Catalog is broken: 'Includes' names unknown article 'OFFICEE'. (sheet Artikel, row 2, column F)"),
    ("unknown category", _set("Artikel", 5, 4, "lizenz"),
     "Katalog fehlerhaft: Kategorie 'lizenz' unbekannt; erlaubt: server, user, channel, extension, up2date, "
     "upgrade. (Blatt Artikel, Zeile 5, Spalte E)",
     "Catalog is broken: category 'lizenz' unknown; allowed: server, user, channel, extension, up2date, "
     "upgrade. (sheet Artikel, row 5, column E)"),
    ("article number left empty", _set("Artikel", 4, 0, None),
     "Katalog fehlerhaft: Artikelnummer fehlt. (Blatt Artikel, Zeile 4, Spalte A)",
     "Catalog is broken: article number is missing. (sheet Artikel, row 4, column A)"),
    ("missing sheet", _drop_sheet("Up2Date"),
     "Katalog fehlerhaft: Blatt 'Up2Date' fehlt.",
     "Catalog is broken: sheet 'Up2Date' is missing."),
    ("missing price column", _drop_column("Artikel", 6),
     "Katalog fehlerhaft: Spalte 'Listenpreis EUR' fehlt. (Blatt Artikel, Zeile 1)",
     "Catalog is broken: column 'Listenpreis EUR' is missing. (sheet Artikel, row 1)"),
    ("missing rate column", _drop_column("Upgrade", 2),
     "Katalog fehlerhaft: Spalte 'Satz' fehlt. (Blatt Upgrade, Zeile 1)",
     "Catalog is broken: column 'Satz' is missing. (sheet Upgrade, row 1)"),
]


@pytest.mark.parametrize("case, edit, de, en", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_catalog_is_refused_at_load(tmp_path, sheets, case, edit, de, en):
    edit(sheets)
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    before = listing(tmp_path)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    assert info.value.message("de") == de
    assert info.value.message("en") == en
    assert listing(tmp_path) == before


def test_price_with_decimal_comma_and_euro_sign_is_fine(tmp_path, sheets):
    _set("Artikel", 4, 6, "12,50 €")(sheets)
    _set("Artikel", 5, 6, "1.234,56 EUR")(sheets)
    cat = load_catalog(write_workbook(tmp_path / "catalog.xlsx", sheets))
    assert cat.article("OFFICE").price == Decimal("12.50")
    assert cat.article("FAX").price == Decimal("1234.56")


def test_catalog_that_is_a_renamed_csv(tmp_path):
    path = tmp_path / "catalog.xlsx"
    path.write_text("Artikelnummer;Kurzcode;Listenpreis EUR\n3310.0030;OFFICE;89\n", encoding="cp1252")
    with pytest.raises(InputFileError) as info:
        load_catalog(path)
    assert info.value.message("de") == (
        "Datei kann nicht gelesen werden: Katalog 'catalog.xlsx' ist eine Textdatei (CSV) (nur in .xlsx umbenannt), "
        "keine Excel-Arbeitsmappe. In Excel öffnen und über Datei > Speichern unter als 'Excel-Arbeitsmappe "
        f"(*.xlsx)' speichern. (Datei {path})")
    assert info.value.message("en") == (
        "Cannot read file: catalog 'catalog.xlsx' is a text (CSV) file (merely renamed to .xlsx), not an Excel "
        f"workbook. Open it in Excel and use File > Save As > 'Excel Workbook (*.xlsx)'. (file {path})")


def test_forged_dimension_does_not_drop_articles(tmp_path, sheets):
    """The Artikel sheet claims to end at row 2; all 8 articles are still loaded."""
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                assert b'<dimension ref="A1:G9" />' in content
                content = content.replace(b'<dimension ref="A1:G9" />', b'<dimension ref="A1:G2" />')
            dst.writestr(info.filename, content)
    path.write_bytes(out.getvalue())
    cat = load_catalog(path)
    assert [a.code for a in cat.articles] == ["SMART_SERVER", "SERVER", "OFFICE", "FAX", "UP2DATE_1Y",
                                              "UP2DATE_3Y", "UP2DATE_ADDON", "UPGRADE_R6"]


def test_a_broken_edit_is_not_hidden_by_the_cache(tmp_path, sheets):
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    assert get_catalog(path).article("OFFICE").price == 100
    _set("Artikel", 4, 6, -100)(sheets)
    write_workbook(path, sheets)
    os.utime(path, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns + 1_000_000_000))
    with pytest.raises(CatalogError) as info:
        get_catalog(path)
    assert info.value.message("de").endswith("(Blatt Artikel, Zeile 4, Spalte G)")


def test_cli_reports_a_hostile_catalog_in_one_line(tmp_path, sheets):
    _set("Artikel", 4, 6, "neunzig")(sheets)
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    result = CliRunner().invoke(cli, ["--catalog", str(path), "price", "OFFICE", "3"])
    assert result.exit_code == 1
    assert result.output == ("Fehler: Katalog fehlerhaft: Listenpreis von 3310.0030: 'neunzig' ist ungültig. "
                             "Zahl erwartet. (Blatt Artikel, Zeile 4, Spalte G)\n")


@pytest.mark.parametrize("column, index, value", [("C", 2, "OFFICEE"), ("D", 3, "SERVER, SMART_SERVERR")],
                         ids=["Artikel", "Bezug"])
def test_rule_naming_an_unknown_article_is_refused_at_load(tmp_path, column, index, value):
    from addin.xlsx.read import open_workbook_values

    from .conftest import SHIPPED

    sheets = {name: [list(r) for r in rows] for name, rows in open_workbook_values(SHIPPED).items()}
    assert sheets["Regeln"][3][0] == "OFFICE_NEEDS_SERVER"  # row 4 of the shipped rules
    sheets["Regeln"][3][index] = value
    path = write_workbook(tmp_path / "catalog.xlsx", sheets)
    with pytest.raises(CatalogError) as info:
        load_catalog(path)
    bad = value.split(", ")[-1]
    assert bad in info.value.message("de") and bad in info.value.message("en")
    assert info.value.message("de").endswith(f"(Blatt Regeln, Zeile 4, Spalte {column})")
    assert info.value.message("en").endswith(f"(sheet Regeln, row 4, column {column})")
