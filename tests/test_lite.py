"""The xlwings Lite calculator as a file: its parts, its code, its sheets and names, the command.

Workbooks are made in the test (``build_lite``) or are the shipped ``workbook_templates/calculator_lite.xlsx``
(``tests/test_golden.py`` checks that it is what the code makes; ``tests/test_templates_render.py`` renders
it with LibreOffice). The code running in Pyodide: ``tests/test_lite_pyodide.py``.
"""
from __future__ import annotations

import ast
import json
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from addin.calculator import build_calculator, layout
from addin.catalog import read_sheets, resolve_path
from addin.cli import cli
from addin.lite import bundle, webextension
from addin.lite.build import build_lite
from addin.lite.webextension import embedded_properties
from addin.xlsx.package import Package, rels_part
from tests.conftest import listing

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "workbook_templates" / "calculator_lite.xlsx"
WE = "{http://schemas.microsoft.com/office/webextensions/webextension/2010/11}"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made")
    return {"lite": build_lite(folder / "Rechner-Lite.xlsx"),
            "desktop": build_calculator(folder / "Rechner.xlsm"),
            "lite_en": build_lite(folder / "Calculator-Lite.xlsx", lang="en")}


# --------------------------------------------------------------------------- the package and its parts

def test_every_part_has_a_content_type_and_every_relationship_a_part(made):
    assert Package(made["lite"]).missing() == []


def test_every_part_is_reached_through_the_relationships(made):
    package = Package(made["lite"])
    reached, todo = set(), [""]
    while todo:
        source = todo.pop()
        for _rid, _type, part in package.relationships(source):
            if part not in reached:
                reached.add(part)
                todo.append(part)
    parts = {n for n in package.parts if n != "[Content_Types].xml" and not n.endswith(".rels")}
    assert parts - reached == set()
    assert {"xl/webextensions/taskpanes.xml", "xl/webextensions/webextension1.xml", "xl/metadata.xml"} <= reached


@pytest.mark.parametrize("part, content_type", [
    ("xl/webextensions/webextension1.xml", "application/vnd.ms-office.webextension+xml"),
    ("xl/webextensions/taskpanes.xml", "application/vnd.ms-office.webextensiontaskpanes+xml"),
    ("xl/metadata.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"),
])
def test_added_parts_are_well_formed_and_typed(made, part, content_type):
    package = Package(made["lite"])
    ElementTree.fromstring(package.parts[part])
    assert f'<Override PartName="/{part}" ContentType="{content_type}"/>' in package.text("[Content_Types].xml")


def test_relationships_link_the_package_to_the_task_pane_and_the_pane_to_the_web_extension(made):
    package = Package(made["lite"])
    for name in package.parts:
        if name.endswith(".rels"):
            ElementTree.fromstring(package.parts[name])
    assert ("http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes",
            "xl/webextensions/taskpanes.xml") in [(t, p) for _i, t, p in package.relationships("")]
    pane = package.relationships("xl/webextensions/taskpanes.xml")
    assert [(t, p) for _i, t, p in pane] == [("http://schemas.microsoft.com/office/2011/relationships/webextension",
                                              "xl/webextensions/webextension1.xml")]
    assert rels_part("xl/webextensions/taskpanes.xml") == "xl/webextensions/_rels/taskpanes.xml.rels"
    rid = pane[0][0]
    assert f'r:id="{rid}"' in package.text("xl/webextensions/taskpanes.xml")


def test_web_extension_references_xlwings_lite_in_the_office_store(made):
    root = ElementTree.fromstring(Package(made["lite"]).parts["xl/webextensions/webextension1.xml"])
    refs = [(r.get("id"), r.get("storeType")) for r in root.iter(f"{WE}reference")]
    assert refs == [("wa200008175", "OMEX"), ("wa200008175", "OMEX")]
    assert root.find(f"{WE}reference").get("store") == "en-US"
    assert re.fullmatch(r"\{[0-9A-F-]{36}\}", root.get("id"))


def test_main_py_round_trips_through_json_byte_for_byte(made):
    raw = Package(made["lite"]).text("xl/webextensions/webextension1.xml")
    root = ElementTree.fromstring(raw.encode("utf-8"))
    values = {p.get("name"): p.get("value") for p in root.iter(f"{WE}property")}
    expected = bundle.main_py(read_sheets(resolve_path()), "de")
    assert values["main.py"] == json.dumps(expected, ensure_ascii=False)   # the attribute: a JSON string
    assert json.loads(values["main.py"]).encode("utf-8") == expected.encode("utf-8")
    assert json.loads(values["requirements.txt"]) == webextension.REQUIREMENTS
    assert json.loads(values["pyodideVersion"]) == "0.27.5"


def test_the_pyodide_of_the_tests_is_the_one_the_workbook_names():
    package = json.loads((ROOT / "tests" / "pyodide" / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["pyodide"] == webextension.PYODIDE_VERSION


def test_requirements_are_what_lite_itself_needs():
    lines = webextension.REQUIREMENTS.splitlines()
    assert [line.split("==")[0].split()[0] for line in lines] == ["xlwings", "python-dotenv", "pyodide-http", "black",
                                                                  "python-stdnum"]
    assert all(line.endswith("# required") for line in lines[:4])  # what a new Lite workbook lists
    assert lines[4] == "python-stdnum==2.2"  # the quote sheet checks a VAT ID as the batch does


# --------------------------------------------------------------------------- main.py

def _imports(tree) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {(a.name, None) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            found |= {("." * node.level + (node.module or ""), a.name) for a in node.names}
    return found


def test_main_py_imports_only_the_standard_library_and_xlwings_decorators(made):
    main_py = embedded_properties(made["lite"])["main.py"]
    tree = ast.parse(main_py)
    sources = ast.literal_eval(next(n.value for n in tree.body if isinstance(n, ast.Assign)
                                    and n.targets[0].id == "SOURCES"))
    assert list(sources) == list(bundle.BUNDLED)
    outside = set()
    for module in [main_py, *sources.values()]:
        for name, item in _imports(ast.parse(module)):
            top = name.lstrip(".").split(".")[0]
            if name.startswith(".") or top == "addin" or top in sys.stdlib_module_names or top == "__future__":
                continue
            outside.add((name, item))
    # addin.tax checks an EU VAT ID with python-stdnum, imported in that function only: in Lite, the quote sheet's
    # script checks the customer's VAT ID with the python-stdnum of the workbook's requirements.txt
    never_in_lite = {("stdnum", "exceptions"), ("stdnum.eu", "vat")}
    assert outside == {("xlwings", None), ("xlwings", "arg"), ("xlwings", "func"), ("xlwings", "ret"),
                       ("xlwings", "script"), *never_in_lite}


def test_main_py_carries_the_projects_modules_as_they_are(made):
    """One source of truth: every module text in main.py is the module's file, byte for byte."""
    tree = ast.parse(embedded_properties(made["lite"])["main.py"])
    sources = ast.literal_eval(next(n.value for n in tree.body if isinstance(n, ast.Assign)
                                    and n.targets[0].id == "SOURCES"))
    for name, text in sources.items():
        path = ROOT.joinpath(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        assert text == path.read_text(encoding="utf-8"), name
    assert not {"addin.catalog.cache", "addin.catalog.load", "addin.resources", "addin.udfs"} & set(sources)


def test_main_py_carries_the_price_list_rows_and_exports_every_function(made):
    main_py = embedded_properties(made["lite"])["main.py"]
    assert "\nXP_VALIDATE = _functions['XP_VALIDATE']\n" in main_py
    assert "('Beispielpreisliste 2027',\n                  datetime.datetime(2027, 1, 1, 0, 0)," in main_py
    assert "lang='de'" in main_py and "lang='en'" in embedded_properties(made["lite_en"])["main.py"]


@pytest.mark.parametrize("text, literal", [
    ("plain\n", "r'''plain\n'''"),
    ("a \\d regex\n", "r'''a \\d regex\n'''"),
    ("ends with a quote'", repr("ends with a quote'")),
    ("has ''' inside\n", repr("has ''' inside\n")),
    ("ends with \\", repr("ends with \\")),
    ("carriage\r\n", repr("carriage\r\n")),
])
def test_module_text_is_kept_exactly(text, literal):
    assert bundle._literal(text) == literal
    assert ast.literal_eval(literal) == text


# --------------------------------------------------------------------------- the sheets

def _cells(path):
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    value = c.value.text if type(c.value).__name__ == "ArrayFormula" else c.value
                    out[(ws.title, c.coordinate)] = value
    return wb, out


def test_same_input_sheet_help_sheet_and_names_as_the_desktop_calculator(made):
    lite_wb, lite = _cells(made["lite"])
    desk_wb, desk = _cells(made["desktop"])
    assert lite_wb.sheetnames == ["Rechner", "Angebot", "Artikelliste", "Hilfe", "xphone.quote"]
    assert desk_wb.sheetnames == ["Rechner", "Angebot", "Artikelliste", "Hilfe", "xlwings.conf", "xphone.quote"]
    assert {n: d.attr_text for n, d in lite_wb.defined_names.items()} == {
        n: d.attr_text for n, d in desk_wb.defined_names.items()}
    differ = {key for key in desk if key[0] != "xlwings.conf"
              and str(lite.get(key)).replace("_xldudf_", "") != str(desk[key])}
    words = {("Rechner", "A3"), ("Rechner", f"A{layout.FINDINGS_TITLE_ROW + 1}"), ("Artikelliste", "A1"),
             ("Artikelliste", "A19"), ("Hilfe", "F3")}
    assert differ == words  # the hint, the findings hint, the list's title and source, the live column's header
    assert lite[("Artikelliste", "A19")].startswith("Katalog: catalog.xlsx (in main.py) · ")


def test_every_xp_call_is_stored_as_excel_stores_an_add_in_custom_function(made):
    wb = load_workbook(made["lite"])
    formulas = [c.value if isinstance(c.value, str) else c.value.text for ws in wb.worksheets
                for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert len(formulas) > 60 and all("_xldudf_XP_" in f for f in formulas if "XP_" in f)
    for formula in formulas:
        assert re.findall(r"(?<![\w.])XP_\w+\(", formula.replace("_xldudf_XP_", "")) == [], formula


def test_findings_and_proposal_spill_from_one_dynamic_array_cell_each(made):
    ws = load_workbook(made["lite"])["Rechner"]
    first, config = f"A{layout.FINDINGS_FIRST}", f"A{layout.CONFIG_FIRST}"
    assert ws.array_formulae == {first: first, config: config}
    assert ws[first].value.text == "=_xldudf_XP_VALIDATE(articles,qty_new,qty_owned,options)"
    assert ws[config].value.text == '=_xldudf_XP_CONFIGURE(needs,"","",quote_date)'
    package = Package(made["lite"])
    for cell in (first, config):
        assert f'<c r="{cell}" cm="1"><f t="array" ref="{cell}">' in package.text(package.sheet_part("Rechner"))
    assert 'name="XLDAPR"' in package.text("xl/metadata.xml") and 'fDynamic="1"' in package.text("xl/metadata.xml")


def test_price_list_cell_and_help_sheet_show_name_validity_status_and_the_example_warning(made):
    wb = load_workbook(made["lite"])
    assert wb.defined_names["price_list"].attr_text == "'Rechner'!$A$2"
    # the calculator names the list of its quote date; the help sheet every list
    assert wb["Rechner"]["A2"].value == '="Preisliste: "&_xldudf_XP_PRICELIST(quote_date)'
    assert wb["Hilfe"]["A2"].value == ("Preislisten: Beispielpreisliste 2026 (gültig ab 01.01.2026) · Status: "
                                       "Beispiel; Beispielpreisliste 2027 (gültig ab 01.01.2027) · Status: Beispiel")
    assert wb["Rechner"]["E2"].value == wb["Hilfe"]["D2"].value == "BEISPIELPREISE – keine gültige Preisliste"
    en = load_workbook(made["lite_en"])
    assert en["Calculator"]["A2"].value == '="Price list: "&_xldudf_XP_PRICELIST(quote_date)'
    assert en["Help"]["A2"].value == ("Price lists: Beispielpreisliste 2026 (valid from 01.01.2026) · status: "
                                      "Beispiel; Beispielpreisliste 2027 (valid from 01.01.2027) · status: Beispiel")


# --------------------------------------------------------------------------- the command

def test_lite_command_writes_and_does_not_overwrite_without_force(tmp_path):
    runner = CliRunner()
    out = tmp_path / "Rechner-Lite.xlsx"
    first = runner.invoke(cli, ["lite", "--out", str(out)])
    assert first.exit_code == 0 and first.output.strip() == str(out)
    before = out.read_bytes()
    again = runner.invoke(cli, ["lite", "--out", str(out)])
    assert again.exit_code == 1
    assert "Fehler: Ausgabe nicht möglich: " in again.output and "--force" in again.output
    assert out.read_bytes() == before
    forced = runner.invoke(cli, ["lite", "--out", str(out), "--force", "--lang", "en"])
    assert forced.exit_code == 0
    assert load_workbook(out).sheetnames == ["Calculator", "Quote", "Articles", "Help", "xphone.quote"]
    assert listing(tmp_path) == ["Rechner-Lite.xlsx"]  # no temporary file left


def test_lite_command_without_out_writes_the_default_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["lite"])
    assert result.exit_code == 0 and (tmp_path / "Rechner-Lite.xlsx").is_file()
    with zipfile.ZipFile(tmp_path / "Rechner-Lite.xlsx") as z:
        assert "xl/webextensions/webextension1.xml" in z.namelist()


def test_a_broken_catalog_stops_the_command_with_its_message(tmp_path, catalog_file):
    from openpyxl import load_workbook as load

    wb = load(catalog_file)
    wb["Artikel"]["G3"] = "teuer"
    wb.save(catalog_file)
    result = CliRunner().invoke(cli, ["--catalog", str(catalog_file), "lite", "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 1
    assert "Katalog fehlerhaft" in result.output and "Blatt Artikel, Zeile 3, Spalte G" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_shipped_lite_calculator_carries_the_shipped_price_list():
    props = embedded_properties(SHIPPED)
    assert props["main.py"] == bundle.main_py(read_sheets(ROOT / "catalog.xlsx"), "de")


@pytest.mark.parametrize("name", ["Rechner.txt", "Rechner.xlsm", "Rechner"])
def test_the_lite_calculator_is_written_only_as_xlsx(tmp_path, name):
    from click.testing import CliRunner

    from addin.cli import cli

    result = CliRunner().invoke(cli, ["lite", "--out", str(tmp_path / name)])
    assert result.exit_code == 1 and "der Rechner für xlwings Lite ist eine Arbeitsmappe .xlsx" in result.stderr
    assert not (tmp_path / name).exists()
