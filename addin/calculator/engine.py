"""The calculator without Excel: recalculate it with the ``formulas`` engine and the add-in's own functions.

:func:`evaluate` plugs every ``XP_`` function (:data:`addin.xp_functions.FUNCTIONS`, the
same functions :mod:`addin.udfs` hands to Excel) into the ``formulas`` package, the
arguments arriving the way xlwings passes them (:func:`engine_function`), and returns
every computed cell. xlwings itself is not loaded. Needs the test
extra (``pip install -e ".[test]"``): ``formulas``, ``numpy``, ``schedula``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ..errors import OutputError, XPhoneError, default_language
from ..i18n import Text
from ..values import from_serial, to_serial
from ..xlsx.cells import write_value
from ..xp_functions import FUNCTIONS
from .layout import DATE

np: Any  # numpy, or None without the test extra
try:  # optional: the test extra
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import XlError
except ImportError:  # pragma: no cover - depends on the installation
    np = sh = XlError = None


def _formulas():
    try:
        import formulas
        from formulas.functions import wrap_ranges_func  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installation
        raise OutputError(Text("calculator.package_formulas_missing_pip_install")) from None
    return formulas


def _plain(value):
    """A value as xlwings hands it to a function: None for blank, float for numbers, lists for ranges."""
    if hasattr(value, "value") and not isinstance(value, (str, bytes)):  # formulas Ranges
        value = value.value
    if isinstance(value, np.ndarray):
        rows = [[_scalar(v) for v in row] for row in np.atleast_2d(value).tolist()]
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows[0]) == 1:
            return [r[0] for r in rows]
        if len(rows) == 1:
            return rows[0]
        return rows
    return _scalar(value)


def _scalar(v):
    if isinstance(v, XlError):
        raise _CellError(v)
    if v is None or v is sh.EMPTY:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) or type(v).__module__ == "numpy":
        try:
            return float(v)
        except (TypeError, ValueError):
            return v
    return v


class _CellError(Exception):
    def __init__(self, err):
        self.err = err


def _excel_value(result):
    """A function result as Excel stores it: dates as serial numbers, tables as arrays."""
    if isinstance(result, dt.date):
        return float(to_serial(result))
    if isinstance(result, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in result]
        width = max((len(r) for r in rows), default=1)
        rows = [[_excel_value(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
        return np.asarray(rows, dtype=object)
    return result


def engine_function(func, lang: str | None = None):
    """Wrap an XP_ function for the ``formulas`` engine the way xlwings wraps it for Excel.

    Arguments arrive as xlwings would pass them; the project's errors become the cell message.
    """
    def call(*args):
        try:
            plain = [_plain(a) for a in args]
        except _CellError as exc:
            return exc.err
        try:
            return _excel_value(func(*plain))
        except XPhoneError as exc:
            return exc.message(lang or default_language())

    call.__name__ = getattr(func, "__name__", "XP")
    return call


def xp_functions() -> dict:
    """Every XP_ worksheet function, by name (the plain Python functions that :mod:`addin.udfs` exports)."""
    return {name: spec.func for name, spec in FUNCTIONS.items()}


def _with_xp_functions(lang: str | None):
    """The ``formulas`` package with every XP_ function registered as a custom function of the engine."""
    formulas = _formulas()
    functions = formulas.get_functions()
    for name, func in xp_functions().items():
        # wrap_ranges_func resolves references to values (and waits for cells not computed yet)
        functions[name] = formulas.functions.wrap_ranges_func(engine_function(func, lang))
    return formulas


def evaluate(path, lang: str | None = None) -> dict:
    """Recalculate a workbook with the ``formulas`` engine and the add-in's XP_ functions.

    Returns ``{(sheet, "A1"): value}`` for every cell the engine computed (an array formula gives
    one entry per cell of its block). Needs the ``formulas`` package (``pip install formulas``).
    """
    formulas = _with_xp_functions(lang)
    path = Path(path).resolve()
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    book = f"[{path.name.upper()}]"
    results = {}
    for key, value in solution.items():
        ref = key.split("!", 1)
        if len(ref) != 2 or not ref[0].strip("'").upper().startswith(book):
            continue
        sheet = ref[0].strip("'")[len(book):]
        if not sheet:
            continue
        cells = ref[1]
        arr = np.atleast_2d(getattr(value, "value", value))
        c1, r1, c2, r2 = range_boundaries(cells)
        if c2 - c1 + 1 != arr.shape[1] or r2 - r1 + 1 != arr.shape[0]:
            continue
        for i in range(arr.shape[0]):
            for j in range(arr.shape[1]):
                results[(sheet, f"{get_column_letter(c1 + j)}{r1 + i}")] = arr[i, j]
    return results


def fill_values(path, out, values: dict | None = None) -> Path:
    """Write a copy of a workbook whose formula cells hold the values :func:`evaluate` computed.

    Used for the documentation picture: LibreOffice knows no XP_ functions, the copy shows real figures.
    """
    values = evaluate(path) if values is None else values
    wb = load_workbook(path)
    for ws in wb.worksheets:
        cells = [c.coordinate for row in ws.iter_rows() for c in row
                 if c.data_type == "f" and type(c.value).__name__ != "ArrayFormula"]
        for ref in ws.array_formulae.values():
            c1, r1, c2, r2 = range_boundaries(ref)
            cells += [f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1)]
        for coord in cells:
            v = values.get((ws.title.upper(), coord))
            if v is None or type(v).__name__ == "XlError" or v is _empty():
                v = None
            elif type(v).__module__ == "numpy":
                v = v.item()
            cell = ws[coord]
            if cell.number_format == DATE and isinstance(v, (int, float)):
                v = dt.datetime.combine(from_serial(v), dt.time())
            write_value(cell, v)
    out = Path(out)
    wb.save(out)
    return out


def _empty():
    return sh.EMPTY


class Recalculation:
    """A workbook loaded into the ``formulas`` engine once and recalculated with other input values each call
    (about 0.05 s a call against 0.9 s for :func:`evaluate`), for many configurations of one calculator.

    ``inputs`` map ``(sheet, "C6")`` to a value; only cells that hold a value or a formula in the loaded file
    can be set (fill every input row of the file first, e.g. with :func:`addin.calculator.set_inputs`).
    ``cells`` name the cells to return, ``(sheet, "F21")``.
    """

    def __init__(self, path, lang: str | None = None):
        formulas = _with_xp_functions(lang)
        self.path = Path(path).resolve()
        self.model = formulas.ExcelModel().loads(str(self.path)).finish()
        self.model.calculate()  # once with the file's own values: later calls may then leave cells blank
        self.book = f"[{self.path.name}]"
        nodes = {str(k).upper(): k for k in self.model.dsp.data_nodes}
        self._key = lambda sheet, cell: nodes.get(f"'{self.book}{sheet}'!{cell}".upper())

    def __call__(self, inputs: dict, cells) -> dict:
        given = {}
        for (sheet, cell), value in inputs.items():
            key = self._key(sheet, cell)
            if key is None:
                raise KeyError(f"{sheet}!{cell} is no cell of {self.path.name}")
            given[key] = sh.EMPTY if value is None else value
        solution = self.model.calculate(inputs=given)
        out = {}
        for sheet, cell in cells:
            value = solution[self._key(sheet, cell)]
            out[(sheet, cell)] = _scalar_result(getattr(value, "value", value))
        return out


def _scalar_result(value):
    arr = np.atleast_2d(value)
    v = arr[0, 0]
    if isinstance(v, XlError):
        return str(v)
    return float(v) if type(v).__module__ == "numpy" else v
