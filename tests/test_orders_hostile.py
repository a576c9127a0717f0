"""Hostile and broken values inside an orders sheet: each is refused with sheet, row, column and value
(German and English), or written safely as text with a note; never a crash of the batch, never a silent cut.

Every workbook is built here; Excel error values, uncalculated formulas and Excel's ``_x0007_`` escapes are
made exactly as they are stored in an .xlsx file.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import addin.quote as quote_mod
from addin.batch.orders import read_orders
from addin.cli import cli
from addin.errors import BadValue, MissingValue, UnknownArticle
from addin.xlsx.cells import write_text as _text
from tests.conftest import listing

HEAD = ["Angebot", "Kunde", "Artikel", "Menge"]


@pytest.fixture(autouse=True)
def no_checks(monkeypatch):
    """The configuration checks are not the subject here."""
    monkeypatch.setattr(quote_mod, "check", lambda *a, **k: [])


def build(path: Path, rows, *, errors=(), text=(), raw=None, merged=(), cached=None) -> Path:
    """An orders workbook: ``errors`` are cells that hold an Excel error value, ``text`` cells hold text even if
    it looks like a formula or an error value, ``raw`` maps a cell to a value set past openpyxl's own checks
    (e.g. 40,000 characters), ``cached`` maps a formula cell to the value Excel would have stored with it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aufträge"
    for row in rows:
        ws.append(list(row))
    for ref in errors:
        ws[ref].data_type = "e"
    for ref in text:
        ws[ref].data_type = "s"
    for ref, value in (raw or {}).items():
        ws[ref]._value = value
        ws[ref].data_type = "s"
    for rng in merged:
        ws.merge_cells(rng)
    wb.save(path)
    if cached:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for ref, value in cached.items():
            xml, n = re.subn(rf'<c r="{ref}"><f>(.*?)</f><v\s*/>', rf'<c r="{ref}" t="str"><f>\1</f><v>{value}</v>',
                             xml)
            assert n == 1
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
    return path


def read(tmp_path, rows, **kw):
    return {o.quote_id: o for o in read_orders(build(tmp_path / "o.xlsx", [HEAD, *rows], **kw))}


def lines(order):
    return [(line.article.code, line.quantity) for line in order.lines]


def only_error(order):
    (error,) = order.errors
    return error


# --------------------------------------------------------------------------- quantities

@pytest.mark.parametrize("value, shown, hint_de, hint_en", [
    ("10 Stk", "'10 Stk'", "Zahl erwartet.", "A number is expected."),
    ("10,5", "'10,5'", "Ganze Zahl erwartet.", "A whole number is expected."),
    (10.5, "10.5", "Ganze Zahl erwartet.", "A whole number is expected."),
    (-1, "-1", "Erlaubt: 0 bis 100000.", "Allowed: 0 to 100000."),
    ("-1", "'-1'", "Erlaubt: 0 bis 100000.", "Allowed: 0 to 100000."),
    (1e9, "1000000000", "Erlaubt: 0 bis 100000.", "Allowed: 0 to 100000."),
    ("1e9", "'1e9'", "Erlaubt: 0 bis 100000.", "Allowed: 0 to 100000."),
    (100001, "100001", "Erlaubt: 0 bis 100000.", "Allowed: 0 to 100000."),
    (True, "True", "Zahl erwartet.", "A number is expected."),
])
def test_bad_quantity(tmp_path, value, shown, hint_de, hint_en):
    got = read(tmp_path, [["OK", "K", "OFFICE", 1], ["BAD", "K", "OFFICE", value]])
    assert got["OK"].ok
    error = only_error(got["BAD"])
    assert isinstance(error, BadValue)
    assert error.message("de") == f"Menge: {shown} ist ungültig. {hint_de} (Blatt Aufträge, Zeile 3, Spalte D)"
    assert error.message("en") == f"quantity: {shown} is not valid. {hint_en} (sheet Aufträge, row 3, column D)"


@pytest.mark.parametrize("value, expected", [("10", 10), (" 7 ", 7), (10.0, 10), (100000, 100000), (0, 0)])
def test_good_quantity(tmp_path, value, expected):
    assert lines(read(tmp_path, [["A", "K", "OFFICE", value]])["A"]) == [("OFFICE", expected)]


# --------------------------------------------------------------------------- article numbers

@pytest.mark.parametrize("value", [3310.003, "3310.0030", " 3310.0030 ", " OFFICE ", "office", "\tOFFICE"])
def test_article_typed_as_number_or_with_spaces(tmp_path, value):
    assert lines(read(tmp_path, [["A", "K", value, 2]])["A"]) == [("OFFICE", 2)]


@pytest.mark.parametrize("value, shown", [("3310 .0030", "3310 .0030"), (9999.1, "9999.1"), ("NIX", "NIX")])
def test_unknown_article(tmp_path, value, shown):
    error = only_error(read(tmp_path, [["A", "K", value, 2]])["A"])
    assert isinstance(error, UnknownArticle)
    assert error.message("de") == f"Unbekannter Artikel: {shown} (Blatt Aufträge, Zeile 2, Spalte C)"
    assert error.message("en") == f"Unknown article: {shown} (sheet Aufträge, row 2, column C)"


# --------------------------------------------------------------------------- layout: merged cells, blank rows

def test_merged_id_and_customer_cells_make_one_quote(tmp_path):
    rows = [["A", "Müller GmbH", "SERVER", 1], [None, None, "OFFICE", 5], [None, None, "FAX", 2],
            ["B", "Beta", "SERVER", 1]]
    got = read(tmp_path, rows, merged=["A2:A4", "B2:B4"])
    assert (got["A"].customer, lines(got["A"])) == ("Müller GmbH", [("SERVER", 1), ("OFFICE", 5), ("FAX", 2)])
    assert got["A"].ok and got["B"].ok


def test_merged_quantity_cell_is_missing_on_the_rows_below(tmp_path):
    error = only_error(read(tmp_path, [["A", "K", "OFFICE", 5], ["A", "K", "FAX", None]], merged=["D2:D3"])["A"])
    assert isinstance(error, MissingValue)
    assert error.message("de") == "Menge fehlt. (Blatt Aufträge, Zeile 3, Spalte D)"
    assert error.message("en") == "quantity is missing. (sheet Aufträge, row 3, column D)"


def test_blank_and_whitespace_rows_inside_the_data_are_skipped(tmp_path):
    rows = [["A", "K", "SERVER", 1], [None, None, None, None], ["  ", "\t", " ", None], [None, None, "OFFICE", 3],
            [], ["B", "L", "FAX", 1]]
    got = read(tmp_path, rows)
    assert lines(got["A"]) == [("SERVER", 1), ("OFFICE", 3)] and lines(got["B"]) == [("FAX", 1)]
    assert got["A"].ok and got["B"].ok


# --------------------------------------------------------------------------- formulas and error values

def test_formula_with_a_cached_value_gives_the_value(tmp_path):
    order = read(tmp_path, [["A", '="ACME "&"GmbH"', "OFFICE", 1]], cached={"B2": "ACME GmbH"})["A"]
    assert (order.customer, order.ok, order.notes) == ("ACME GmbH", True, [])


def test_formula_without_a_cached_value_in_a_text_field_gives_its_text_and_a_note(tmp_path):
    order = read(tmp_path, [["A", '="ACME "&"GmbH"', "OFFICE", 1]])["A"]
    assert order.ok and order.customer == '="ACME "&"GmbH"'
    (note,) = order.notes
    assert note.message("de") == ("Kunde: Formel ohne berechneten Wert; ihr Text '=\"ACME \"&\"GmbH\"' wurde als "
                                  "Text übernommen (die Datei in Excel öffnen und speichern, dann steht dort der "
                                  "Wert). (Blatt Aufträge, Zeile 2, Spalte B)")
    assert note.message("en").startswith("Customer: formula without a calculated value; its text")
    assert note.message("en").endswith("(sheet Aufträge, row 2, column B)")


def test_formula_as_quote_id_gives_its_text_and_a_note(tmp_path):
    got = read(tmp_path, [['="Q-"&1', "K", "OFFICE", 1], [None, None, "FAX", 1]])
    order = got['="Q-"&1']
    assert lines(order) == [("OFFICE", 1), ("FAX", 1)]
    assert [n.column for n in order.notes] == ["A"]


@pytest.mark.parametrize("column, letter, de, en", [("Menge", "D", "Menge", "Quantity"),
                                                     ("Artikel", "C", "Artikel", "Article")])
def test_formula_without_a_cached_value_in_a_number_or_article_column_is_refused(tmp_path, column, letter, de, en):
    row = ["A", "K", "OFFICE", 1]
    row[HEAD.index(column)] = "=B7*2"
    error = only_error(read(tmp_path, [row])["A"])
    assert error.message("de") == (f"{de}: '=B7*2' ist ungültig. Formel ohne berechneten Wert (die Datei wurde "
                                   "nicht in Excel gespeichert); in Excel öffnen und speichern oder den Wert "
                                   f"eintragen. (Blatt Aufträge, Zeile 2, Spalte {letter})")
    assert error.message("en").startswith(f"{en}: '=B7*2' is not valid. A formula without a calculated value")


def test_customer_that_is_an_excel_error_value_is_refused(tmp_path):
    got = read(tmp_path, [["A", "#N/A", "OFFICE", 1], ["B", "#N/A", "OFFICE", 1]], errors=["B2"], text=["B3"])
    error = only_error(got["A"])
    assert error.message("de") == ("Kunde: '#N/A' ist ungültig. Excel-Fehlerwert in der Zelle (z. B. SVERWEIS ohne "
                                   "Treffer); die Formel korrigieren oder den Wert eintragen. "
                                   "(Blatt Aufträge, Zeile 2, Spalte B)")
    assert error.message("en") == ("Customer: '#N/A' is not valid. An Excel error value in the cell (e.g. a VLOOKUP "
                                   "without a match); fix the formula or type the value. "
                                   "(sheet Aufträge, row 2, column B)")
    assert got["B"].ok and got["B"].customer == "#N/A"  # the same characters typed as text are a name


def test_error_value_in_the_quantity_column_is_refused(tmp_path):
    error = only_error(read(tmp_path, [["A", "K", "OFFICE", "#DIV/0!"]], errors=["D2"])["A"])
    assert error.message("de") == ("Menge: '#DIV/0!' ist ungültig. Excel-Fehlerwert in der Zelle; die Formel "
                                   "korrigieren oder den Wert eintragen. (Blatt Aufträge, Zeile 2, Spalte D)")
    assert "(sheet Aufträge, row 2, column D)" in error.message("en")


# --------------------------------------------------------------------------- customer text

@pytest.mark.parametrize("customer, kept, de, en", [
    ("=1+1", "=1+1", "beginnt mit '=' wie eine Formel; als Text geschrieben, nie als Formel.",
     "starts with '=' like a formula; written as text, never as a formula."),
    ("+49 Telekom", "+49 Telekom", "beginnt mit '+' wie eine Formel; als Text geschrieben, nie als Formel.",
     "starts with '+' like a formula; written as text, never as a formula."),
    ("-2+3", "-2+3", "beginnt mit '-' wie eine Formel; als Text geschrieben, nie als Formel.",
     "starts with '-' like a formula; written as text, never as a formula."),
    ("@SUM(A1)", "@SUM(A1)", "beginnt mit '@' wie eine Formel; als Text geschrieben, nie als Formel.",
     "starts with '@' like a formula; written as text, never as a formula."),
    ("\t=cmd", "=cmd", "Tabulator am Anfang entfernt.", "a tab at the start removed."),
    ("ACME_x0007_ GmbH", "ACME\ufffd GmbH", "Steuerzeichen \\x07 durch \ufffd ersetzt.",
     "control character \\x07 replaced by \ufffd."),
    ("A_x0000_B_x001F_C", "A\ufffdB\ufffdC", "Steuerzeichen \\x00, \\x1f durch \ufffd ersetzt.",
     "control characters \\x00, \\x1f replaced by \ufffd."),
])
def test_customer_written_as_text_with_a_note(tmp_path, customer, kept, de, en):
    order = read(tmp_path, [["A", customer, "OFFICE", 1]], text=["B2"])["A"]
    assert order.ok and order.customer == kept
    (note,) = order.notes
    assert note.message("de") == f"Kunde: {de} (Blatt Aufträge, Zeile 2, Spalte B)"
    assert note.message("en") == f"Customer: {en} (sheet Aufträge, row 2, column B)"


def test_plain_names_get_no_note(tmp_path):
    order = read(tmp_path, [["A", "Müller & Söhne GmbH\nWerk 2", "OFFICE", 1], ["A", None, "FAX", 1]])["A"]
    assert order.ok and order.notes == [] and order.customer == "Müller & Söhne GmbH\nWerk 2"


@pytest.mark.parametrize("size, de, en", [(256, "256", "256"), (40000, "40.000", "40,000")])
def test_long_customer_name_is_refused_with_its_length_never_cut(tmp_path, size, de, en):
    order = read(tmp_path, [["A", "x", "OFFICE", 1]], raw={"B2": "x" * size})["A"]
    error = only_error(order)
    assert error.message("de") == (f"Kunde: '{'x' * 57}...' ist ungültig. Höchstens 255 Zeichen (hier {de}); bitte in "
                                   "der Zelle kürzen. (Blatt Aufträge, Zeile 2, Spalte B)")
    assert error.message("en") == (f"Customer: '{'x' * 57}...' is not valid. At most 255 characters (here {en}); "
                                   "please shorten it in the cell. (sheet Aufträge, row 2, column B)")


def test_name_of_255_characters_is_taken_whole(tmp_path):
    assert read(tmp_path, [["A", "y" * 255, "OFFICE", 1]])["A"].customer == "y" * 255


def test_long_quote_id_is_refused(tmp_path):
    (order,) = read(tmp_path, [["x", "K", "OFFICE", 1]], raw={"A2": "Q" * 300}).values()
    assert "Höchstens 255 Zeichen (hier 300)" in only_error(order).message("de")


# --------------------------------------------------------------------------- writing

def test_cell_text_over_excels_limit_is_cut_visibly_never_silently():
    cell = openpyxl.Workbook().active["A1"]
    _text(cell, "z" * 40000, "de")
    assert len(cell.value) == 32767 and cell.value.endswith("z … [gekürzt, 40.000 Zeichen]")
    _text(cell, "z" * 40000, "en")
    assert cell.value.endswith("z … [cut, 40,000 characters]")
    _text(cell, "a\x07b_x0041_", "de")  # a control character shows; text like Excel's escapes stays as typed
    assert (cell.value, cell.data_type) == ("a\ufffdb_x005F_x0041_", "s")


def run(args):
    return CliRunner().invoke(cli, ["quotes", *map(str, args)])


def test_batch_of_hostile_rows_writes_the_good_ones_safely_and_names_every_bad_one(tmp_path):
    rows = [HEAD,
            ["EQ", "=HYPERLINK(\"http://x\")", "OFFICE", 1],
            ["CTRL", "ACME_x0007_GmbH", "OFFICE", 1],
            ["FORM", '="ACME"&" AG"', "OFFICE", 1],
            ["NA", "#N/A", "OFFICE", 1],
            ["LONG", "x", "OFFICE", 1],
            ["QTY", "K", "OFFICE", "10 Stk"],
            ["BIG", "K", "OFFICE", 1e9],
            ["ART", "K", 3310.003, 2]]
    orders = build(tmp_path / "o.xlsx", rows, errors=["B5"], text=["B2"], raw={"B6": "x" * 40000})
    out = tmp_path / "q"
    result = run([orders, "--out", out])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stdout.startswith("4 von 8 Angeboten erstellt, 4 fehlgeschlagen")
    errors = [line for line in result.stderr.splitlines() if line.startswith("Fehler:")]
    assert [re.search(r"\(Blatt Aufträge, Zeile (\d+), Spalte (\w)\)$", e).groups() for e in errors] == [
        ("5", "B"), ("6", "B"), ("7", "D"), ("8", "D")]
    notes = [line for line in result.stderr.splitlines() if line.startswith("Hinweis:")]
    assert [n.split(":")[1].strip() for n in notes] == ["Angebot EQ", "Angebot CTRL", "Angebot FORM"]
    assert listing(out) == ["Angebot-ART.xlsx", "Angebot-CTRL.xlsx", "Angebot-EQ.xlsx",
                                                    "Angebot-FORM.xlsx", "Zusammenfassung.xlsx"]
    for name, text in (("EQ", '=HYPERLINK("http://x")'), ("CTRL", "ACME\ufffdGmbH"), ("FORM", '="ACME"&" AG"')):
        cell = openpyxl.load_workbook(out / f"Angebot-{name}.xlsx").active["A8"]  # the address block
        assert (cell.value, cell.data_type) == (text, "s")
    summary = {row[0]: row for row in openpyxl.load_workbook(out / "Zusammenfassung.xlsx").active.iter_rows(
        min_row=2, values_only=True)}
    # status and notes for the seller: columns 10 and 11 (after net total, VAT treatment, VAT amount, gross)
    assert summary["CTRL"][9] == "OK (Hinweise)" and "Steuerzeichen \\x07" in summary["CTRL"][10]
    assert summary["LONG"][9] == "fehlgeschlagen" and summary["LONG"][1] is None and "40.000" in summary["LONG"][10]
    assert summary["ART"][9] == "OK"


@pytest.mark.parametrize("raw", ["NaN", "1.2.3", "inf x"])
def test_a_number_cell_whose_stored_value_is_no_number_names_its_cell(tmp_path, raw):
    from tests.conftest import write_workbook

    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Angebot", "Kunde", "Artikel", "Menge"],
                                                            ["A", "K", "SERVER", 1], ["B", "K", "SERVER", 7]]})
    crafted = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(crafted, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="D3" t="n"><v>7</v></c>', f'<c r="D3" t="n"><v>{raw}</v></c>'.encode())
                assert raw.encode() in data
            dst.writestr(item, data)
    got = {o.quote_id: o for o in read_orders(crafted)}
    assert got["A"].ok
    (error,) = got["B"].errors
    assert error.message("de") == (f"Menge: {raw!r} ist ungültig. Die Zahl in der Zelle ist in der Datei beschädigt "
                                   "(keine Zahl); den Wert in Excel neu eintragen und speichern. (Blatt Aufträge, "
                                   "Zeile 3, Spalte D)")


def test_a_date_cell_holding_a_number_beyond_every_date_names_the_number_and_warns_nothing(tmp_path):
    import subprocess
    import sys

    from tests.conftest import write_workbook

    path = write_workbook(tmp_path / "o.xlsx", {"Aufträge": [["Angebot", "Kunde", "Artikel", "Menge", "Datum"],
                                                            ["A", "K", "SERVER", 1, 1e9]]})
    wb = openpyxl.load_workbook(path)
    wb["Aufträge"]["E2"].number_format = "DD.MM.YYYY"
    wb.save(path)
    (order,) = read_orders(path)
    (error,) = order.errors
    assert error.message("de") == ("Datum: 1000000000 ist ungültig. Erlaubt: 1 bis 2958465. (Blatt Aufträge, "
                                   "Zeile 2, Spalte E)")
    proc = subprocess.run([sys.executable, "-c", "import sys; from addin.cli import main; sys.exit(main())", "quotes",
                           str(path), "--out", str(tmp_path / "q")], capture_output=True, text=True)
    assert proc.returncode == 1 and "Warning" not in proc.stderr  # no openpyxl warning on the user's screen
    assert "Datum: 1000000000 ist ungültig" in proc.stderr
