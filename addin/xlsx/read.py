"""Reading workbooks after the gate: streamed rows, all sheets as values, or a full workbook.

:func:`iter_sheet_rows` streams one sheet a row at a time, :func:`open_workbook_values`
gives all sheets as lists of rows, :func:`load_workbook_checked` a full openpyxl
workbook (e.g. a template). All three pass :func:`~addin.xlsx.gate.check_workbook_file`
first, ignore the sheet size the file declares (a forged ``<dimension>`` must not hide
rows), stop at the row and column limits and turn every parse error into one
:class:`~addin.errors.InputFileError`.

Example::

    >>> rows = iter_sheet_rows("workbook_templates/example_orders.xlsx", what=Text("label.orders_sheet"))
    >>> number, values = next(rows)
    >>> number, values[:2]
    (1, ('Angebot', 'Kunde'))
"""
from __future__ import annotations

import io
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import IO, Iterator

import openpyxl
from defusedxml import DefusedXmlException

from ..errors import InputFileError
from ..i18n import Text, Wording
from ..values import column_letter, in_number
from .gate import WORKBOOK, Limits, _check_open_file, _damaged, _open_file, _refuse, _xml_attack, resolve_limits
from .internals import ErrorValue, FormulaText, PercentNumber, UnreadableNumber, loading  # noqa: F401
from .internals import mark_cells as _mark_cells


def _parse_error(exc: BaseException, path: Path, what: Wording, sheet: str | None = None) -> InputFileError:
    """Map whatever openpyxl, zipfile or the XML parser raised to one InputFileError."""
    fields = {"sheet": sheet} if sheet else {}
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 10:  # openpyxl wraps the parser's error in a ValueError
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    exc = next((e for e in chain if isinstance(e, DefusedXmlException)), None) or next(
        (e for e in chain if getattr(e, "position", None)), exc)
    if isinstance(exc, DefusedXmlException):
        if sheet:
            return _xml_attack(path, what, Text("gate.sheet", sheet=sheet), **fields)
        return _xml_attack(path, what, Text("gate.part_2"))
    return _damaged(path, what, None, exc, **fields)


def _load(fh: IO[bytes], path: Path, what: Wording, **options):
    with loading(read_only=bool(options.get("read_only"))):
        try:
            # A file object, not the path: the content decides, not the name (an .xlsx saved as "x.xls" is read).
            return openpyxl.load_workbook(fh, keep_links=False, **options)
        except MemoryError:
            raise
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise _parse_error(exc, path, what) from None


@contextmanager
def _gated_read_only(path: Path, what: Wording, limits: Limits, data: bytes | None = None):
    """A workbook opened read-only (cached values) after the file gate; closed on leaving. ``data``: the file's
    bytes, read once before (see :func:`read_once`), instead of opening ``path`` again."""
    with (io.BytesIO(data) if data is not None else _open_file(path, what)) as fh:
        _check_open_file(fh, path, what, limits)
        fh.seek(0)
        wb = _load(fh, path, what, read_only=True, data_only=True)
        try:
            yield wb
        finally:
            wb.close()


def _pick_sheet(wb, sheet, path: Path, what: Wording):
    worksheets = list(wb.worksheets)
    if not worksheets:
        raise _refuse(path, what, Text("gate.contains_no_worksheet"))
    if sheet is None:
        return worksheets[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(worksheets):
            return worksheets[sheet]
    else:
        wanted = str(sheet).strip().lower()
        for ws in worksheets:
            if ws.title.strip().lower() == wanted:
                return ws
    present = ", ".join(f"'{ws.title}'" for ws in worksheets)
    raise _refuse(path, what,
                  Text("gate.has_no_sheet_present_rename", sheet=sheet, present=present),
                  sheet=str(sheet))


def _sheet_rows(ws, path: Path, what: Wording, limits: Limits) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of one read-only sheet, trailing empty cells cut, within the limits."""
    ws.reset_dimensions()  # never trust the size the file declares: a forged <dimension> would hide rows
    number = 0
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            values = _trim(row)
            if not values:
                if number <= limits.max_rows:
                    yield number, values
                continue
            if number > limits.max_rows:
                limit = in_number(Decimal(limits.max_rows))
                raise _refuse(path, what, Text("gate.beyond_max_rows", sheet=ws.title, row=number, limit=limit),
                              sheet=ws.title, row=number)
            if len(values) > limits.max_columns:
                column = column_letter(len(values) - 1)
                raise _refuse(path, what,
                              Text("gate.has_value_column_sheet_beyond", title=ws.title, column=column,
                                   max_columns=limits.max_columns),
                              sheet=ws.title, row=number, column=column)
            yield number, values
    except InputFileError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # a damaged sheet shows only while it is read
        raise _parse_error(exc, path, what, ws.title) from None


def _trim(row: tuple) -> tuple:
    end = len(row)
    while end and (row[end - 1] is None):
        end -= 1
    return tuple(row[:end]) if end != len(row) else tuple(row)


def iter_sheet_rows(path, sheet=None, what: Wording = WORKBOOK, *,
                    max_rows: int | None = None, limits: Limits | None = None,
                    mark_cells: bool = False, data: bytes | None = None) -> Iterator[tuple[int, tuple]]:
    """Stream the rows of one sheet as ``(row_number, values)``, after the file gate.

    ``sheet`` is a name (case and surrounding spaces ignored), a 0-based index
    or None for the first worksheet. ``row_number`` is the Excel row (1-based);
    ``values`` are the cached cell values with trailing empty cells cut, so a
    blank row is ``()``. Blank rows are yielded (row numbers stay true).
    ``max_rows`` overrides the row limit for this call. With ``mark_cells`` a
    formula that was never calculated comes back as :class:`FormulaText` (its
    text) instead of None, and an Excel error value as :class:`ErrorValue`
    instead of text that looks the same. A damaged sheet shows only
    while it is read: the generator may raise :class:`InputFileError` after some
    rows, so read everything before writing anything.

    >>> next(iter_sheet_rows("workbook_templates/example_orders.xlsx", "Aufträge", Text("label.orders_sheet")))[0]
    1
    """
    path = Path(path)
    limits = resolve_limits(limits, max_rows=max_rows)
    with _gated_read_only(path, what, limits, data) as wb:
        ws = _pick_sheet(wb, sheet, path, what)
        if mark_cells:
            _mark_cells(ws)
        yield from _sheet_rows(ws, path, what, limits)


def read_once(path, what: Wording = WORKBOOK) -> bytes:
    """The bytes of an input workbook, read once (the same refusals as the gate: missing, a folder, a pipe): a
    run that reads its input from these bytes sees one file from start to end, even if it is saved again
    meanwhile."""
    path = Path(path)
    with _open_file(path, what) as fh:
        return fh.read()


def sheet_names(path, what: Wording = WORKBOOK, *,
                limits: Limits | None = None, data: bytes | None = None) -> list[str]:
    """Names of the worksheets, after the file gate.  ``sheet_names("catalog.xlsx")[0]`` is ``'Preisliste'``."""
    path = Path(path)
    limits = resolve_limits(limits)
    with _gated_read_only(path, what, limits, data) as wb:
        return [ws.title for ws in wb.worksheets]


def open_workbook_values(path, what: Wording = WORKBOOK, *,
                         sheets=None, max_rows: int | None = None,
                         limits: Limits | None = None) -> dict[str, list[tuple]]:
    """Every sheet (or the ``sheets`` named) as a list of row tuples of cached cell values.

    Trailing empty cells are cut from each row; blank rows stay (as ``()``) so
    that list index + 1 is the Excel row number. All or nothing: a damaged sheet
    raises :class:`InputFileError` and nothing is returned.

    >>> open_workbook_values("catalog.xlsx", Text("label.catalog"), sheets=["Upgrade"])["Upgrade"][0]
    ('Von Release', 'Artikelnummer', 'Satz')
    """
    path = Path(path)
    limits = resolve_limits(limits, max_rows=max_rows)
    with _gated_read_only(path, what, limits) as wb:
        chosen = list(wb.worksheets) if sheets is None else [
            _pick_sheet(wb, name, path, what) for name in sheets]
        result = {}
        for ws in chosen:
            rows = [values for _number, values in _sheet_rows(ws, path, what, limits)]
            while rows and not rows[-1]:
                rows.pop()
            result[ws.title] = rows
        return result


def load_workbook_checked(path, what: Wording = WORKBOOK, *,
                          limits: Limits | None = None, **options):
    """A full openpyxl workbook (e.g. a quote template to fill in), after the file gate.

    ``options`` go to ``openpyxl.load_workbook`` (``keep_vba=True`` for .xlsm,
    ``data_only``...). Parse errors become :class:`InputFileError`. The
    workbook is not read-only; use it for small files such as templates.

    >>> load_workbook_checked("workbook_templates/quote_de.xlsx", Text("label.template")).sheetnames
    ['Angebot', 'Absender']
    """
    path = Path(path)
    limits = resolve_limits(limits)
    with _open_file(path, what) as fh:
        _check_open_file(fh, path, what, limits)
        fh.seek(0)
        options.pop("read_only", None)
        return _load(fh, path, what, read_only=False, **options)
