"""The calculator's quote sheet: the customer's quote of the configuration on screen, written inside the calculator.

Six configurations (German and English calculators): the shipped example (a new system with 3 years of
Up2Date), an upgraded system (owned release 6 licences, the one-time upgrade, new licences, 3 years of Up2Date),
new licences during a running Up2Date term (the add-on), a draft (OFFICE without a server: an ERROR), an
Austrian customer with a VAT ID (reverse charge) and a Swiss customer (not taxable in Germany). Each calculator
is filled by the code Excel runs: :func:`addin.quote_sheet.fill_book` over the workbook (the desktop's *Run
main*) and xlwings Lite's script in real Pyodide over a stand-in workbook of the same cells; both must write the
same cells. LibreOffice renders the quote sheet to PDF: every figure printed equals the figure printed on the
quote the batch writes for the same calculator read as an order, and the hand-computed figures are there.

Hand figures from the example prices (SERVER 2490, OFFICE 89, OFFICE PLUS 139, VOICEMAIL 39.90, IP-CHANNEL 149,
CONTACTS 24.50) and the service description's rates (Up2Date 1 year 20 %, 3 years 54 %, 5 years 80 %; for
additional licences 18 % a year of a 3-year term; one-time upgrade from release 6: 55 %); VAT 19 % in Germany.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from addin import calculator as calc
from addin.batch import run_batch
from addin.batch.pdf import convert, find_soffice
from addin.calculator.quote_sheet import WorkbookBook
from addin.lite.build import build_lite
from addin.lite.webextension import embedded_properties
from addin.quote_sheet import STORE, SheetModel, fill_book
from tests.test_lite_pyodide import run_in_pyodide

DAY = dt.date(2026, 3, 16)


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    lines: tuple
    order: tuple
    options: tuple = ()
    printed: tuple = ()       # what the rendered page shows, hand-computed figures first
    draft: str = ""           # the draft mark (empty: none)


CASES = [
    # 2490 + 50×89 + 10×139 + 60×39.90 + 2×149 + 60×24.50 = 12492; 54 % = 6745.68; net 19237.68;
    # VAT 19 % = 3655.1592 -> 3655.16; gross 22892.84
    Case("example", "de", calc.EXAMPLE_LINES, calc.EXAMPLE_ORDER, calc.EXAMPLE_OPTIONS,
         ("12.492,00 €", "6.745,68 €", "19.237,68 €", "3.655,16 €", "22.892,84 €", "Beispiel GmbH",
          "Frau Maria Muster", "Musterweg 1", "01067 Dresden", "R-2026-001", "Summe Lizenzen", "davon Up2Date")),
    # owned SERVER + 50 OFFICE = 2490 + 4450 = 6940; upgrade 55 % = 3817.00; new 10 OFFICE = 890;
    # Up2Date 3 years 54 % × (6940 + 890 = 7830) = 4228.20; net 890 + 3817 + 4228.20 = 8935.20;
    # VAT 1697.688 -> 1697.69; gross 10632.89
    Case("upgraded", "de", (("SERVER", None, 1), ("OFFICE", 10, 50)),
         (("quote_id", "R-2"), ("customer", "Stadtwerke Nordhausen"), ("up2date_years", 3)), (("release", 6),),
         ("890,00 €", "6.940,00 €", "3.817,00 €", "4.228,20 €", "8.935,20 €", "1.697,69 €", "10.632,89 €",
          "Ihre Lizenzen (Bestand)", "XPhone OneTime Upgrade from Release 6", "Hinweise",
          "alle 51 vorhandenen Lizenzen werden hochgerüstet")),
    # 10 OFFICE = 890; add-on 18 % × 8/12 × 890 = 106.80; net 996.80; VAT 189.392 -> 189.39; gross 1186.19
    Case("running", "de", (("SERVER", None, 1), ("OFFICE", 10, 20)),
         (("quote_id", "R-3"), ("customer", "Kanzlei Weber"), ("up2date_years", 0)),
         (("up2date_term_years", 3), ("up2date_months_left", 8)),
         ("890,00 €", "106,80 €", "996,80 €", "189,39 €", "1.186,19 €", "XPhone Up2Date – Additional Licences",
          "8/12")),
    # 10 OFFICE = 890 without a server: an ERROR, a draft; VAT 169.10; gross 1059.10
    Case("draft", "de", (("OFFICE", 10, None),), (("quote_id", "R-4"), ("customer", "Müller AG")), (),
         ("890,00 €", "169,10 €", "1.059,10 €"), draft="ENTWURF – nicht versenden"),
    # SERVER + 25 OFFICE = 4715; Up2Date 1 year 20 % = 943.00; net 5658.00; reverse charge: VAT 0
    Case("austria", "de", (("SERVER", 1, None), ("OFFICE", 25, None)),
         (("quote_id", "R-5"), ("customer", "Alpenblick GmbH"), ("street", "Marktplatz 1"), ("postcode", "6020"),
          ("city", "Innsbruck"), ("country", "Österreich"), ("vat_id", "ATU12345675"), ("up2date_years", 1)), (),
         ("4.715,00 €", "943,00 €", "5.658,00 €", "0,00 €", "Steuerschuldnerschaft des Leistungsempfängers",
          "ATU12345675", "DE123456788", "6020 Innsbruck", "Österreich")),
    # SERVER + 5 OFFICE = 2935; Up2Date 5 years 80 % = 2348.00; net 5283.00; not taxable in Germany: VAT 0
    Case("switzerland", "en", (("SERVER", 1, None), ("OFFICE", 5, None)),
         (("quote_id", "R-6"), ("customer", "Meier AG"), ("city", "Zürich"), ("country", "Switzerland"),
          ("up2date_years", 5)), (),
         ("2,935.00", "2,348.00", "5,283.00", "Not taxable in Germany", "Licence subtotal", "15 April 2026")),
]


def input_of(case: Case) -> calc.Input:
    return calc.Input(lines=case.lines, options=case.options, order=case.order, quote_date=DAY)


def _book_cells(path: Path) -> dict:
    """Every constant cell of a workbook as xlwings Lite hands them to a script (dates as datetimes)."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {c.coordinate: ({"datetime": c.value.isoformat()} if isinstance(c.value, dt.datetime)
                                        else c.value)
                         for row in ws.iter_rows() for c in row if c.value is not None and c.data_type != "f"}
    return out


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Each case as a desktop calculator filled by fill_book, and the Lite calculator's script run in Pyodide."""
    folder = tmp_path_factory.mktemp("quote_sheet")
    filled, plans, lite_books = {}, {}, {}
    for case in CASES:
        path = calc.build_calculator(folder / f"{case.id}.xlsm", lang=case.lang, data=input_of(case))
        wb = load_workbook(path, keep_vba=False)
        book = WorkbookBook(wb, path.name)
        plans[case.id] = fill_book(book)
        book.save(path)
        filled[case.id] = path
        if case.lang == "de":  # the Lite test runs the German calculators
            lite_books[case.id] = build_lite(folder / f"{case.id}-lite.xlsx", lang="de", data=input_of(case))
    return folder, filled, plans, lite_books


def sheet_values(path: Path) -> dict:
    wb = load_workbook(path)
    model = SheetModel.from_json(wb[STORE]["A1"].value)
    ws = wb[model.sheet]
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
            and not (isinstance(c.value, str) and c.value.startswith("="))}


def test_the_quote_sheet_is_made_from_the_template_page(made):
    _folder, filled, _plans, _lite = made
    wb = load_workbook(filled["example"])
    ws = wb["Angebot"]
    assert ws["E1"].value == "Muster-Systemhaus GmbH" and ws["A17"].value == "ANGEBOT"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"  # A4, as the template
    assert "Registergericht: Amtsgericht Musterstadt" in ws.oddFooter.center.text  # the seller's legal footer
    assert ws.column_dimensions["H"].hidden  # the style codes do not print
    assert len(ws._images) == 1  # the template's logo


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_rows_hold_the_figures_and_nothing_is_left_as_a_marker(made, case):
    _folder, filled, plans, _lite = made
    values = sheet_values(filled[case.id])
    texts = [v for v in values.values() if isinstance(v, str)]
    assert not [t for t in texts if "{{" in t]
    assert plans[case.id].draft == case.draft
    # every row with a line's look holds an article number: no empty bordered row
    model = SheetModel.from_json(load_workbook(filled[case.id])[STORE]["A1"].value)
    line_rows = {str(n) for n, kind, _c, _m in model.rows if kind in ("line", "owned", "pct")}
    for ref, code in values.items():
        if ref.startswith("H") and str(code).rstrip("amz") in line_rows and not str(code).endswith(("m", "z")):
            assert values.get(f"B{ref[1:]}"), (case.id, ref, code)


def test_the_lite_script_in_pyodide_writes_the_cells_the_desktop_writes(made, tmp_path):
    _folder, filled, _plans, lite_books = made
    main_py = embedded_properties(lite_books["example"])["main.py"]
    books = {case.id: _book_cells(lite_books[case.id]) for case in CASES if case.lang == "de"}
    out = run_in_pyodide(main_py, {"script": "make_quote", "books": books, "env": {"XPHONE_PRICE_DATE": "2026-03-16"}},
                         tmp_path, mode="run_script", packages=("stdnum",))
    assert out["errors"] == {} and out["registered"] == {"name": "Angebot erstellen"}
    for key, cells in out["books"].items():
        desktop = {ref: v for ref, v in sheet_values(filled[key]).items()}
        lite = cells["Angebot"]
        want = {ref: (v.isoformat() if isinstance(v, dt.datetime) else v) for ref, v in desktop.items()}
        got = {ref: (v.get("datetime") or v.get("date") + "T00:00:00" if isinstance(v, dict) else v)
               for ref, v in lite.items()}
        assert got == want, key


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _amounts(text: str) -> Counter:
    return Counter(re.findall(r"(?:€\s?)?\d{1,3}(?:[.,]\d{3})*[.,]\d{2}(?:\s?€)?", text))


@pytest.mark.libreoffice
def test_rendered_by_libreoffice_every_figure_is_the_batch_quotes(made, tmp_path):
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.fail("LibreOffice or pdftotext missing")
    _folder, filled, _plans, _lite = made
    for lang in ("de", "en"):
        cases = [c for c in CASES if c.lang == lang]
        pages = []
        for case in cases:  # only the quote sheet prints: the other sheets get an empty print area here
            wb = load_workbook(filled[case.id])
            for ws in wb.worksheets:
                if ws.title not in ("Angebot", "Quote", STORE):
                    ws.print_area = "Z1:Z1"
            page = tmp_path / f"{case.id}.xlsx"
            WorkbookBook(wb).save(page)
            pages.append(page)
        convert(pages, "pdf", tmp_path / f"sheet-{lang}", lang=lang)
        batch = run_batch([filled[c.id] for c in cases], tmp_path / f"batch-{lang}", lang=lang, today=DAY, pdf=True)
        assert batch.failed == 0
        for case in cases:
            sheet = _pdf_text(tmp_path / f"sheet-{lang}" / f"{case.id}.pdf")
            _status, _draft_list, name, _error = batch.quotes[dict(case.order)["quote_id"]]
            quote = (tmp_path / f"batch-{lang}" / name).with_suffix(".pdf")
            printed = _pdf_text(quote)
            for words in case.printed:
                assert words in " ".join(sheet.split()), (case.id, words)
            assert _amounts(sheet) == _amounts(printed), case.id
            if case.draft:
                assert case.draft in sheet


def _filled(tmp_path: Path, case: Case, **change) -> tuple[Path, object]:
    data = input_of(case)
    path = calc.build_calculator(tmp_path / f"{case.id}.xlsm", lang=case.lang, data=data)
    wb = load_workbook(path)
    book = WorkbookBook(wb, path.name)
    plan = fill_book(book)
    book.save(path)
    return path, plan


def test_the_draft_cell_says_when_the_calculator_changed_after_the_quote(tmp_path):
    path, _plan = _filled(tmp_path, CASES[3])  # the draft: its mark shows while the quote is current
    assert calc.evaluate(path)[("ANGEBOT", "A4")] == "ENTWURF – nicht versenden"
    wb = load_workbook(path)
    wb["Rechner"]["C6"] = 12  # another quantity: the quote on the sheet is no longer the calculator's
    wb.save(path)
    assert calc.evaluate(path)[("ANGEBOT", "A4")].startswith("NICHT AKTUELL – der Rechner wurde geändert")
    (tmp_path / "current").mkdir()
    current, _plan = _filled(tmp_path / "current", CASES[1])
    assert calc.evaluate(current)[("ANGEBOT", "A4")] == ""  # a current quote that is no draft: no mark


def test_a_value_the_orders_sheet_refuses_leaves_no_lines_and_says_why_with_its_cell(tmp_path):
    path, _plan = _filled(tmp_path, CASES[0])
    wb = load_workbook(path)
    wb["Rechner"]["A8"] = "OFFICE PLUSS"
    book = WorkbookBook(wb, path.name)
    plan = fill_book(book)
    assert plan.draft.startswith("ENTWURF – Angebot nicht erstellt: ")
    assert "OFFICE PLUSS" in plan.draft and plan.draft.endswith("(Blatt Rechner, Zeile 8, Spalte A)")
    ws = wb["Angebot"]
    assert [ws.cell(r, c).value for r in range(21, 80) for c in range(1, 9) if ws.cell(r, c).value is not None] == []
    assert ws["F7"].value is None  # no quote number of a quote that is not there


def test_a_calculator_full_of_lines_prints_every_line(tmp_path):
    codes = ["SERVER", "OFFICE", "OFFICE_PLUS", "FAX", "VOICEMAIL", "TEAMDESK", "CONTACTS", "DASHBOARD", "TAPI",
             "IP_CHANNEL", "ADDITIONAL_DATABASES", "AUTO_ATTENDANT", "TEAMS", "SMS", "MOBILE"]
    from addin.catalog import get_catalog

    cat = get_catalog()
    codes = [c for c in codes if cat.find(c) is not None]
    codes += [a.code for a in cat.articles if a.is_licence and a.code not in codes and "SERVER" not in a.code]
    lines = tuple((code, 1 + i, None) for i, code in enumerate((codes * 2)[:calc.LINES]))  # every row of the table
    case = Case("full", "de", lines, (("quote_id", "R-9"), ("customer", "Voll GmbH"), ("up2date_years", 3)))
    path, plan = _filled(tmp_path, case)
    shown = [(row[1], row[3]) for row in plan.rows if row[-1] in ("22", "22a") and row[1]]
    assert shown == [(cat.article(code).number, qty) for code, qty, _o in lines] and len(lines) == calc.LINES
    if find_soffice() is not None and shutil.which("pdftotext"):  # and it prints whole, over two pages
        wb = load_workbook(path)
        for ws in wb.worksheets:
            if ws.title not in ("Angebot", STORE):
                ws.print_area = "Z1:Z1"
        WorkbookBook(wb).save(tmp_path / "full.xlsx")
        convert([tmp_path / "full.xlsx"], "pdf", tmp_path / "pdf", lang="de")
        text = _pdf_text(tmp_path / "pdf" / "full.pdf")
        assert all(cat.article(code).number in text for code, _q, _o in lines) and "Gesamtbetrag" in text


def test_run_main_on_a_calculator_writes_its_quote_sheet(tmp_path, monkeypatch):
    import types

    from addin import udfs

    path = calc.build_calculator(tmp_path / "Rechner.xlsm", data=input_of(CASES[4]))
    wb = load_workbook(path)
    book = WorkbookBook(wb, path.name)
    monkeypatch.setattr(udfs, "xw", types.SimpleNamespace(Book=types.SimpleNamespace(caller=lambda: book)))
    udfs.run_main()
    assert wb["Angebot"]["F7"].value == "R-5" and "ATU12345675" in " ".join(
        str(c.value) for row in wb["Angebot"].iter_rows() for c in row if isinstance(c.value, str))
