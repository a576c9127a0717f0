"""The quote batch started from desktop Excel (xlwings' Run main): the public xlwings members the Excel adapter
uses exist in the pinned xlwings, what it writes back is worked out over plain values without xlwings, and
run_main() drives a stand-in book."""
from __future__ import annotations

import ast
import inspect
import shutil
import subprocess
import sys
import types

import pytest
import xlwings

from addin import udfs
from addin.errors import OutputError
from addin.excel_run import quotes_folder, run_workbook, write_back, write_run_module
from addin.udfs import XLWINGS_USED
from tests.conftest import ROOT

EXAMPLE = ROOT / "workbook_templates" / "example_orders.xlsx"


def test_the_xlwings_members_main_uses_exist_in_the_installed_xlwings_and_are_public():
    for cls, members in XLWINGS_USED.items():
        for member in members:
            assert hasattr(getattr(xlwings, cls), member) and not member.startswith("_"), (cls, member)
    used = {node.attr for node in ast.walk(ast.parse(inspect.getsource(udfs.run_main)))
            if isinstance(node, ast.Attribute)}
    allowed = {m for members in XLWINGS_USED.values() for m in members} | set(XLWINGS_USED) | {"message"}
    assert used <= allowed, used - allowed  # run_main() touches nothing else of xlwings


def test_the_batch_from_excel_runs_without_xlwings():
    code = ("import sys; sys.modules['xlwings'] = None\n"  # an import of xlwings would fail
            "import addin.excel_run, addin.cli\nprint('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


@pytest.mark.parametrize("header, columns", [
    (["Angebot", "Kunde", "Artikel", "Menge"], (5, 6)),                       # appended after the last header
    (["Angebot", "Status", "Kunde", "Artikel", "Menge", None, "Datei"], (2, 7)),  # a rerun: the same columns
    (["Quote", "Customer", "Article", "Quantity", None, "Notiz"], (7, 8)),      # after a column of notes
])
def test_status_and_file_go_to_their_own_columns(header, columns):
    cells = write_back(header, 1, [(2, "Q")], {"Q": ("OK", "Angebot-Q.xlsx")}, "de")
    assert cells == [(1, columns[0], "Status"), (1, columns[1], "Datei"), (2, columns[0], "OK"),
                     (2, columns[1], "Angebot-Q.xlsx")]


@pytest.fixture
def orders(tmp_path):
    target = tmp_path / "Aufträge März.xlsx"
    shutil.copy(EXAMPLE, target)
    return target


def test_the_workbooks_quotes_go_next_to_it_and_every_row_gets_its_quotes_status(orders):
    result, cells, sheet = run_workbook(orders, "de")
    assert (result.written, result.failed, sheet) == (6, 0, "Aufträge")
    folder = quotes_folder(orders)
    assert folder == orders.parent / "Aufträge März Angebote" and (folder / "Angebot-2026-001.xlsx").exists()
    written = {(r, c): v for r, c, v in cells}
    assert written[(1, 20)] == "Status" and written[(1, 21)] == "Datei"  # after the 19 columns of the example
    # rows 2-4 are quote 2026-001; rows 19-21 quote 2026-005, a draft
    assert [written[(r, 21)] for r in (2, 3, 4)] == ["Angebot-2026-001.xlsx"] * 3
    assert {written[(r, 20)] for r in (19, 20, 21)} == {"Entwurf (Prüf-Fehler)"}
    assert written[(19, 21)] == "Angebot-2026-005-ENTWURF.xlsx"
    again, cells_again, _sheet = run_workbook(orders, "de")  # a rerun writes nothing new and says the same
    assert again.written == 0 and cells_again == cells


class _Range:
    def __init__(self, book, where):
        self.book, self.where = book, where

    @property
    def value(self):
        return self.book.written.get(self.where)

    @value.setter
    def value(self, v):
        self.book.written[self.where] = v


class _Sheets(dict):
    """xlwings' ``book.sheets``: sheets by name, and the sheets themselves when iterated."""

    def __iter__(self):
        return iter(self.values())


class _Book:
    def __init__(self, path):
        self.fullname, self.saved, self.written = str(path), 0, {}
        self.sheets = _Sheets({"Aufträge": types.SimpleNamespace(name="Aufträge",
                                                                 range=lambda where: _Range(self, where))})

    def save(self):
        self.saved += 1


def test_main_saves_the_calling_book_runs_the_batch_and_writes_back(orders, monkeypatch):
    book = _Book(orders)
    stand_in = types.SimpleNamespace(Book=types.SimpleNamespace(caller=lambda: book))
    monkeypatch.setattr(udfs, "xw", stand_in)
    udfs.run_main()
    assert book.saved == 1 and book.written[(1, 20)] == "Status" and book.written[(1, 21)] == "Datei"
    assert book.written[(2, 21)] == "Angebot-2026-001.xlsx" and book.written[(2, 20)]


def test_a_module_named_after_the_workbook_calls_main(tmp_path):
    module = write_run_module(tmp_path / "Aufträge.xlsx")
    assert module.name == "Aufträge.py"
    assert "from addin.udfs import run_main as main" in module.read_text(encoding="utf-8")
    for name in ("example_orders.xlsx", "calculator.xlsm", "calculator_en.xlsm"):  # shipped beside each workbook
        shipped = (ROOT / "workbook_templates" / name).with_suffix(".py")
        assert shipped.read_text(encoding="utf-8") == write_run_module(tmp_path / name).read_text(encoding="utf-8")


def test_a_file_of_the_users_own_under_that_name_is_kept_unless_forced(tmp_path):
    own = tmp_path / "Aufträge.py"
    own.write_text("print('mine')\n", encoding="utf-8")
    with pytest.raises(OutputError):
        write_run_module(tmp_path / "Aufträge.xlsx")
    assert own.read_text(encoding="utf-8") == "print('mine')\n"
    write_run_module(tmp_path / "Aufträge.xlsx", force=True)
    assert "from addin.udfs import run_main as main" in own.read_text(encoding="utf-8")
