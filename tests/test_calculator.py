"""The calculator workbook: structure, sync with the catalog, and the round trip through the project's tooling."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from addin import calculator as calc
from addin import udfs
from addin.catalog import get_catalog, workbook_catalog
from addin.cli import cli
from tests.conftest import write_workbook

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "workbook_templates"
SHIPPED = {"de": TEMPLATES / "calculator.xlsm", "en": TEMPLATES / "calculator_en.xlsm"}

# The licence articles of the shipped catalog, in catalog order (percentage articles are not in the dropdown).
SHIPPED_LICENCE_CODES = [
    "SMART_SERVER", "SERVER", "UPG_SMART_SERVER", "AUTO_ATTENDANT", "ADDITIONAL_DATABASES", "IP_CHANNEL",
    "OFFICE", "OFFICE_PLUS", "UPG_OFFICE_PLUS", "FAX", "VOICEMAIL", "TEAMDESK", "CONTACTS", "DASHBOARD", "TAPI",
]


def _list_codes(wb) -> list[str]:
    """The codes the dropdown offers: the cells the defined name xp_articles points at."""
    dest = list(wb.defined_names["xp_articles"].destinations)
    assert len(dest) == 1
    sheet, ref = dest[0]
    return [row[0].value for row in wb[sheet][ref.replace("$", "")]]


def _snapshot(path: Path) -> dict:
    """What must survive a load/save: data validation, conditional formatting, defined names, formulas."""
    wb = load_workbook(path)
    snap = {"names": {n: dn.attr_text for n, dn in wb.defined_names.items()}, "sheets": wb.sheetnames}
    for ws in wb.worksheets:
        snap[ws.title] = {
            "dv": sorted((dv.type, dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation),
            "cf": sorted((str(rng.sqref), rule.type, tuple(rule.formula), rule.dxf.fill.fgColor.rgb if rule.dxf and
                          rule.dxf.fill else None)
                         for rng in ws.conditional_formatting for rule in rng.rules),
            "formulas": {c.coordinate: getattr(c.value, "text", c.value) for row in ws.iter_rows() for c in row
                         if c.data_type == "f"},
            "arrays": dict(ws.array_formulae),
        }
    return snap


def _inject_vba(path: Path, payload: bytes) -> None:
    """Add a VBA part the way Excel stores one (what xlwings' Import Functions leaves after saving).

    The payload is made up by the test: the tooling must carry the part over byte for byte, not read it.
    """
    with zipfile.ZipFile(path) as z:
        items = {i.filename: z.read(i.filename) for i in z.infolist()}
    ct = items["[Content_Types].xml"].decode()
    ct = ct.replace(calc.XLSX_MAIN, calc.XLSM_MAIN)
    ct = ct.replace("</Types>", '<Override PartName="/xl/vbaProject.bin" '
                                'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    items["[Content_Types].xml"] = ct.encode()
    rels = items["xl/_rels/workbook.xml.rels"].decode()
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdVba1" Target="vbaProject.bin" '
                        'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"/></Relationships>')
    items["xl/_rels/workbook.xml.rels"] = rels.encode()
    items["xl/vbaProject.bin"] = payload
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def _main_content_type(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        ct = z.read("[Content_Types].xml").decode()
    return re.search(r'PartName="/xl/workbook.xml" ContentType="([^"]+)"', ct).group(1)


# --------------------------------------------------------------------------- the shipped workbooks

@pytest.mark.parametrize("lang, calc_sheet, quote_sheet, list_sheet, help_sheet", [
    ("de", "Rechner", "Angebot", "Artikelliste", "Hilfe"),
    ("en", "Calculator", "Quote", "Articles", "Help"),
])
def test_shipped_calculator_has_the_sheets_xlwings_and_finance_need(lang, calc_sheet, quote_sheet, list_sheet,
                                                                    help_sheet):
    path = SHIPPED[lang]
    assert _main_content_type(path) == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert not calc.has_macros(path)  # the VBA comes from Import Functions on the user's machine
    wb = load_workbook(path)
    assert wb.sheetnames == [calc_sheet, quote_sheet, list_sheet, help_sheet, "xlwings.conf", "xphone.quote"]
    assert wb["xphone.quote"].sheet_state == "hidden"
    conf = wb["xlwings.conf"]
    # xlwings reads keys from A1 down to the first blank cell, values from column B
    assert [(conf["A1"].value, conf["B1"].value), (conf["A2"].value, conf["B2"].value)] == [
        ("UDF Modules", "addin.udfs"), ("XPHONE_CATALOG", None)]
    assert conf["A3"].value is None


def test_shipped_dropdown_offers_exactly_the_licence_articles_of_the_shipped_catalog():
    """Fails when catalog.xlsx changed without 'xphone-pricing calculator' rebuilding the template."""
    for path in SHIPPED.values():
        assert _list_codes(load_workbook(path)) == SHIPPED_LICENCE_CODES


@pytest.mark.parametrize("lang", ["de", "en"])
def test_article_cells_use_the_catalog_list_as_dropdown(lang):
    wb = load_workbook(SHIPPED[lang])
    ws = wb.worksheets[0]
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 1
    assert lists[0].formula1 == "xp_articles"
    assert str(lists[0].sqref) == "A6:A20"
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert sorted(str(dv.sqref) for dv in whole) == ["C6:C20 D6:D20"]


@pytest.mark.parametrize("cell, formula", [
    ("B6", '=IF(A6="","",XP_NAME(A6))'),
    ("A2", '="Preisliste: "&XP_PRICELIST(quote_date)'),
    ("E6", '=IF(A6="","",XP_PRICE(A6,1,quote_date))'),
    ("F6", '=IF(A6="","",XP_PRICE(A6,N(C6),quote_date))'),
    ("G6", '=IF(A6="","",XP_PRICE(A6,N(C6)+N(D6),quote_date))'),
    ("G21", "=SUM(G6:G20)"),
    ("F21", "=SUM(F6:F20)"),
    ("K6", "=XP_UP2DATE(up2date_base,1,quote_date)"),
    ("K8", "=XP_UP2DATE(up2date_base,3,quote_date)"),
    ("K10", "=XP_UP2DATE(up2date_base,5,quote_date)"),
    ("K11", "=XP_UP2DATE_BASE(articles,qty_new,qty_owned,quote_date)"),
    ("J7", "=XP_UP2DATE_RATE(2,quote_date)"),
    ("L6", "=XP_UP2DATE_END(term_start,1)"),
    ("K13", "=XP_UPGRADE(upgrade_base,4,quote_date)"),
    ("K17", "=XP_UPGRADE(upgrade_base,8,quote_date)"),
    ("K18", "=XP_UPGRADE_BASE(articles,qty_owned,quote_date)"),
    ("J23", "=XP_UP2DATE_START(retrieval_date,invoice_date)"),
    ("J28", "=XP_UP2DATE_ADDON(new_total,J26,J27,quote_date)"),
    ("J34", "=XP_IP_CHANNELS(J31,J32,J33)"),
])
def test_formulas_of_the_calculator(cell, formula):
    ws = load_workbook(SHIPPED["de"])["Rechner"]
    assert ws[cell].value == formula


# The base each percentage function takes in the calculator, as the batch quote takes it (addin.quote):
# Up2Date for a term: the system after the quote; migration / upgrade: the owned licences as the target system
# (new licences are bought new, not upgraded); Up2Date for additional licences: the new licences at list price.
QUOTE_BASES = {"XP_UP2DATE": "up2date_base", "XP_UPGRADE": "upgrade_base", "XP_UP2DATE_ADDON": "new_total"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_percentage_in_the_calculator_has_the_base_the_quote_uses(lang):
    ws = load_workbook(SHIPPED[lang])[calc.SHEET_CALC[lang]]
    seen = {name: 0 for name in QUOTE_BASES}
    for row in ws.iter_rows():
        for c in row:
            if not isinstance(c.value, str):
                continue
            for name, base in QUOTE_BASES.items():
                if c.value.startswith(f"={name}("):
                    assert c.value.startswith(f"={name}({base},"), (c.coordinate, c.value)
                    seen[name] += 1
    assert seen == {"XP_UP2DATE": 5, "XP_UPGRADE": 5, "XP_UP2DATE_ADDON": 1}


def test_defined_names_point_at_the_calculator_cells():
    wb = load_workbook(SHIPPED["de"])
    names = {n: dn.attr_text for n, dn in wb.defined_names.items()}
    assert names["total"] == "'Rechner'!$G$21"
    assert names["new_total"] == "'Rechner'!$F$21"
    assert names["articles"] == "'Rechner'!$A$6:$A$20"
    assert names["qty_new"] == "'Rechner'!$C$6:$C$20"
    assert names["qty_owned"] == "'Rechner'!$D$6:$D$20"
    assert names["term_start"] == "'Rechner'!$J$23"
    assert names["up2date_base"] == "'Rechner'!$K$11"
    assert names["upgrade_base"] == "'Rechner'!$K$18"
    assert names["options"].startswith("'Rechner'!$I$")
    assert names["xp_articles"] == "'Artikelliste'!$A$3:$A$17"
    assert names["quote_date"] == "'Rechner'!$B$4"


def test_findings_are_one_array_formula_below_everything_with_severity_colours():
    ws = load_workbook(SHIPPED["de"])["Rechner"]
    block = f"A{calc.FINDINGS_FIRST}:C{calc.FINDINGS_LAST}"
    assert ws.array_formulae[f"A{calc.FINDINGS_FIRST}"] == block
    assert ws[f"A{calc.FINDINGS_FIRST}"].value.text == "=XP_VALIDATE(articles,qty_new,qty_owned,options)"
    assert calc.FINDINGS_FIRST > max(calc.SUM_ROW, calc.OPTIONS_LAST)
    rules = [(str(r.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb if rule.dxf.fill else None)
             for r in ws.conditional_formatting for rule in r.rules if str(r.sqref) == block]
    assert [(rng, fill) for rng, _f, fill in rules] == [(block, None), (block, "00FFC7CE"), (block, "00FFEB9C"),
                                                         (block, "00DDEBF7"), (block, "00C6EFCE")]
    assert '"ERROR"' in rules[1][1] and '"WARNING"' in rules[2][1] and '"INFO"' in rules[3][1]


def test_needs_block_below_the_findings_feeds_xp_configure():
    ws = load_workbook(SHIPPED["de"])["Rechner"]
    block = f"A{calc.CONFIG_FIRST}:E{calc.CONFIG_LAST}"
    assert ws.array_formulae[f"A{calc.CONFIG_FIRST}"] == block
    assert ws[f"A{calc.CONFIG_FIRST}"].value.text == '=XP_CONFIGURE(needs,"","",quote_date)'
    assert calc.NEEDS_TITLE_ROW > calc.FINDINGS_LAST
    wb = load_workbook(SHIPPED["de"])
    assert wb.defined_names["needs"].attr_text == f"'Rechner'!$A${calc.NEEDS_FIRST}:$B${calc.NEEDS_LAST}"
    keys = [ws[f"A{r}"].value for r in range(calc.NEEDS_FIRST, calc.NEEDS_LAST + 1)]
    assert keys[:3] == ["users", "office_plus_users", "teamdesk"] and "ldap" in keys and keys[-1] == "up2date_years"
    assert ws[f"B{calc.NEEDS_FIRST}"].value == 60  # the example: 60 users


def test_options_block_lists_every_option_of_the_rules_engine():
    from addin.rules import OPTIONS

    ws = load_workbook(SHIPPED["de"])["Rechner"]
    keys = [ws[f"I{calc.OPTIONS_FIRST + i}"].value for i in range(len(OPTIONS))]
    assert keys == list(OPTIONS)


@pytest.mark.parametrize("cell, fmt", [("E6", '#,##0.00 "€"'), ("G21", '#,##0.00 "€"'), ("K8", '#,##0.00 "€"'),
                                       ("K15", '#,##0.00 "€"'), ("K18", '#,##0.00 "€"'),
                                       ("J28", '#,##0.00 "€"'), ("J8", "0%"), ("J23", "dd.mm.yyyy"),
                                       ("L6", "dd.mm.yyyy")])
def test_euro_percent_and_date_formats(cell, fmt):
    assert load_workbook(SHIPPED["de"])["Rechner"][cell].number_format == fmt


def test_help_sheet_lists_every_xp_function_with_german_examples_as_text():
    wb = load_workbook(SHIPPED["de"])
    ws = wb["Hilfe"]
    rows = [r for r in ws.iter_rows(min_row=4) if r[0].value]
    listed = [r[0].value for r in rows]
    assert sorted(listed) == sorted(name for name in dir(udfs) if name.startswith("XP_"))
    for r in rows:
        name, args, de, en, example = (c.value for c in r[:5])
        assert de and en and de != en
        assert r[4].data_type == "s" and example.startswith(f"={name}(")  # text, not a formula
        inside = re.sub(r'"[^"]*"', "", example)
        assert "," not in inside, example  # German Excel separates arguments with ;
    assert ws["E6"].value == "=XP_UP2DATE(total;3)"


def test_english_variant_has_the_same_formulas_in_the_same_cells():
    de, en = _snapshot(SHIPPED["de"]), _snapshot(SHIPPED["en"])
    for sheet_de, sheet_en in (("Rechner", "Calculator"), ("Hilfe", "Help")):
        assert {c: f.replace('"Price list: "', '"Preisliste: "') for c, f in en[sheet_en]["formulas"].items()} \
            == de[sheet_de]["formulas"]
        assert en[sheet_en]["arrays"] == de[sheet_de]["arrays"]
        assert en[sheet_en]["cf"] == de[sheet_de]["cf"]
    assert {n: v.replace("Calculator", "Rechner").replace("Articles", "Artikelliste")
            for n, v in en["names"].items()} == de["names"]


def test_english_variant_has_english_labels():
    ws = load_workbook(SHIPPED["en"])["Calculator"]
    assert ws["A1"].value == "XPhone Connect 8 – price calculator"
    assert ws["A5"].value == "Article"
    de = load_workbook(SHIPPED["de"])["Rechner"]
    assert de["A5"].value == "Artikel"
    assert de["E2"].value == "BEISPIELPREISE – keine gültige Preisliste"


# --------------------------------------------------------------------------- keeping in sync with the catalog

def test_rebuild_after_a_catalog_edit_offers_the_new_article(shipped_copy, tmp_path, monkeypatch):
    wb = load_workbook(shipped_copy)
    wb["Artikel"].append(["3330.0030", "MOBILE_APP", "XPhone Connect 8 – Mobile", "XPhone Connect 8 – Mobile",
                          "user", None, "–", 12.5])  # new from the list 2027 on
    wb.save(shipped_copy)
    monkeypatch.setenv("XPHONE_CATALOG", str(shipped_copy))
    result = CliRunner().invoke(cli, ["calculator", "--out", str(tmp_path / "Rechner.xlsm")])
    assert result.exit_code == 0, result.output
    wb = load_workbook(tmp_path / "Rechner.xlsm")
    assert _list_codes(wb) == SHIPPED_LICENCE_CODES + ["MOBILE_APP"]
    listing = wb["Artikelliste"]
    assert [c.value for c in listing[2]][4:6] == ["Beispielpreisliste 2026", "Beispielpreisliste 2027"]
    assert [c.value for c in listing[3 + len(SHIPPED_LICENCE_CODES)]][4:6] == ["–", 12.5]


def test_update_refreshes_the_list_and_keeps_the_users_inputs(shipped_copy, tmp_path, monkeypatch):
    target = tmp_path / "Rechner.xlsm"
    shutil.copy(SHIPPED["de"], target)
    calc.set_inputs(target, target, calc.Input(lines=(("FAX", 7, 3),), users=40))
    wb = load_workbook(shipped_copy)
    wb["Artikel"].append(["3330.0030", "MOBILE_APP", "Mobile", "Mobile", "user", None, 12.5, 12.5])
    wb.save(shipped_copy)
    monkeypatch.setenv("XPHONE_CATALOG", str(shipped_copy))
    result = CliRunner().invoke(cli, ["calculator", "--update", str(target)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(target)
    assert _list_codes(wb)[-1] == "MOBILE_APP"
    ws = wb["Rechner"]
    assert (ws["A6"].value, ws["C6"].value, ws["D6"].value, ws["J31"].value) == ("FAX", 7, 3, 40)


def test_update_refuses_a_workbook_that_is_not_a_calculator(tmp_path):
    other = write_workbook(tmp_path / "other.xlsx", {"Tabelle1": [("a", 1)]})
    result = CliRunner().invoke(cli, ["calculator", "--update", str(other)])
    assert result.exit_code == 1
    assert result.output.startswith("Fehler: ") and "Artikelliste" in result.output


def test_calculator_command_english(tmp_path):
    result = CliRunner().invoke(cli, ["calculator", "--lang", "en", "--out", str(tmp_path / "c.xlsm")])
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "c.xlsm").sheetnames[0] == "Calculator"


# --------------------------------------------------------------------------- round trip

def test_round_trip_keeps_validation_formatting_names_and_formulas(tmp_path):
    target = tmp_path / "calculator.xlsm"
    shutil.copy(SHIPPED["de"], target)
    before = _snapshot(target)
    calc.refresh_article_list(target)
    after = _snapshot(target)
    assert after == before
    assert before["Rechner"]["dv"] and before["Rechner"]["cf"] and before["Rechner"]["arrays"]
    assert _main_content_type(target) == calc.XLSM_MAIN
    assert not calc.has_macros(target)  # no dangling link to a VBA part that is not there
    with zipfile.ZipFile(target) as z:
        assert "vbaProject" not in z.read("xl/_rels/workbook.xml.rels").decode()


def test_round_trip_keeps_the_macro_part_byte_for_byte(tmp_path):
    target = tmp_path / "Rechner.xlsm"
    shutil.copy(SHIPPED["de"], target)
    payload = bytes(range(256)) * 40
    _inject_vba(target, payload)
    before = _snapshot(target)
    calc.refresh_article_list(target)
    calc.set_inputs(target, target, calc.Input(lines=(("SERVER", 1),)))
    assert _snapshot(target)["Rechner"]["dv"] == before["Rechner"]["dv"]
    assert _snapshot(target)["Rechner"]["cf"] == before["Rechner"]["cf"]
    assert _snapshot(target)["names"] == before["names"]
    with zipfile.ZipFile(target) as z:
        assert z.read("xl/vbaProject.bin") == payload
        assert "relationships/vbaProject" in z.read("xl/_rels/workbook.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
        # the part's content type: an override for it or the default for .bin
        assert re.search(r'(PartName="/xl/vbaProject.bin"|Extension="bin") '
                         r'ContentType="application/vnd.ms-office.vbaProject"', types), types
    assert _main_content_type(target) == calc.XLSM_MAIN


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path):
    target = tmp_path / "c.xlsx"
    calc.build_calculator(target, data=calc.Input(lines=(("=HYPERLINK(\"x\")", 1),)))
    cell = load_workbook(target)["Rechner"]["A6"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


# --------------------------------------------------------------------------- catalog path from the workbook

@pytest.mark.parametrize("rows, workbook, expected", [
    ([("UDF Modules", "addin.udfs"), ("XPHONE_CATALOG", "catalog.xlsx")], r"C:\Preise\Rechner.xlsm",
     r"C:\Preise\catalog.xlsx"),
    ([("xphone_catalog", r"D:\Listen\2026.xlsx")], r"C:\Preise\Rechner.xlsm", r"D:\Listen\2026.xlsx"),
    ([("XPHONE_CATALOG", r"\\server\preise\catalog.xlsx")], r"C:\Preise\Rechner.xlsm",
     r"\\server\preise\catalog.xlsx"),
    ([("XPHONE_CATALOG", "listen/catalog.xlsx")], "/Users/fin/Rechner.xlsm", "/Users/fin/listen/catalog.xlsx"),
    ([("XPHONE_CATALOG", None)], r"C:\Preise\Rechner.xlsm", None),
    ([("XPHONE_CATALOG", "  ")], r"C:\Preise\Rechner.xlsm", None),
    ([("UDF Modules", "addin.udfs")], r"C:\Preise\Rechner.xlsm", None),
    ((), r"C:\Preise\Rechner.xlsm", None),
])
def test_catalog_setting_of_the_xlwings_conf_sheet(rows, workbook, expected):
    assert udfs.conf_catalog_setting(rows, workbook) == expected


def test_workbook_catalog_setting_wins_over_the_environment(catalog_file, monkeypatch):
    monkeypatch.setenv("XPHONE_CATALOG", str(ROOT / "catalog.xlsx"))
    assert udfs.XP_PRICE("OFFICE", 1) == 89.0  # shipped example price
    with workbook_catalog(catalog_file):
        assert udfs.XP_PRICE("OFFICE", 1) == 100.0  # the small test catalog
    with workbook_catalog(""):
        assert udfs.XP_PRICE("OFFICE", 1) == 89.0
    assert get_catalog().path.endswith("catalog.xlsx")


def test_missing_workbook_catalog_names_the_setting(tmp_path):
    from addin.errors import CatalogError

    with workbook_catalog(tmp_path / "fehlt.xlsx"), pytest.raises(CatalogError) as err:
        udfs.XP_PRICE("OFFICE", 1)
    message = err.value.message("de")  # "not found" and where the path came from (issue 12)
    assert message.startswith("Katalog nicht gefunden: ") and "fehlt.xlsx (Pfad aus dem Blatt xlwings.conf" in message


class _FakeRange:
    def __init__(self, rows, reads):
        self._rows, self._reads = rows, reads

    @property
    def Value(self):
        self._reads.append("sheet")
        return self._rows


class _FakeBook:
    """The calling workbook as xlwings hands it over on Windows (BOOK_CALLER): a COM object."""

    def __init__(self, fullname, rows):
        self._fullname, self._rows, self.reads = fullname, rows, []

    @property
    def FullName(self):
        self.reads.append("name")
        return self._fullname

    def Worksheets(self, name):
        assert name == "xlwings.conf"
        book = self

        class _Sheet:
            def Range(self, ref):
                return _FakeRange(book._rows, book.reads)

        return _Sheet()


def test_functions_called_from_excel_use_the_workbooks_catalog_read_once(catalog_file, monkeypatch):
    import sys
    import types

    book = _FakeBook(str(catalog_file.parent / "Rechner.xlsm"),
                     (("UDF Modules", "addin.udfs"), ("XPHONE_CATALOG", "catalog.xlsx"), (None, None)))
    fake = types.ModuleType("xlwings._xlwindows")
    fake.BOOK_CALLER = book
    monkeypatch.setitem(sys.modules, "xlwings._xlwindows", fake)
    monkeypatch.setattr(udfs, "_in_excel", lambda: True)
    monkeypatch.setattr(udfs, "_conf_catalogs", {})
    assert udfs.XP_PRICE("OFFICE", 1) == 100.0   # the small catalog next to the workbook, not the shipped 89
    assert udfs.XP_PRICE("OFFICE", 2) == 200.0
    assert book.reads == ["name", "sheet", "name"]  # the sheet once per workbook, then one name read per call
    monkeypatch.setattr(udfs, "_in_excel", lambda: False)
    assert udfs.XP_PRICE("OFFICE", 1) == 89.0    # from Python: no workbook, the shipped catalog
