"""Every use of openpyxl's private internals, in one place (openpyxl is pinned below its next minor).

* reading: stop the search for a read-only sheet's declared size where its rows
  begin (:func:`loading`), and tell uncalculated formulas and error values apart
  from text (:func:`mark_cells`);
* writing: clone a loaded workbook (:func:`clone_workbook`), write text into a
  cell without openpyxl's silent cut at 32,767 characters (:func:`set_text`),
  write a formula together with the value it computes to (:func:`set_formula`),
  copy a cell's whole style (:func:`cell_style`, :func:`set_style`), the pictures
  of a sheet (:func:`images`), the workbook's default font (:func:`set_default_font`).
"""
from __future__ import annotations

import re
import threading
import warnings
from contextlib import contextmanager
from copy import copy, deepcopy
from decimal import Decimal

from openpyxl.cell import _writer as cell_writer
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser, _cast_number
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.xml.functions import Element, SubElement

try:  # for the declared-size shortcut; if these parts change, openpyxl simply keeps its own behaviour
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse  # defusedxml's, checked by addin.xlsx.require_defusedxml
except ImportError:  # pragma: no cover - another openpyxl
    ReadOnlyWorksheet = None


class FormulaText(str):
    """A cell holding a formula that was never calculated (no cached value): the formula's text, ``'=A1&B1'``."""


class ErrorValue(str):
    """A cell holding an Excel error value such as ``#N/A`` or ``#REF!`` (not the text ``'#N/A'``)."""


class UnreadableNumber(str):
    """A number cell whose stored value is no number (``NaN``, ``1.2.3``): a damaged or crafted file; its text."""


class PercentNumber(float):
    """A number from a cell formatted as a percentage: Excel shows 1 as ``100 %`` and 0,1 as ``10 %``."""


def _percent_styles(wb) -> frozenset:
    """Indexes of the workbook's cell styles whose number format shows a percentage (``0%``, ``0,0 %``)."""
    found = set()
    for idx, style in enumerate(getattr(wb, "_cell_styles", ())):
        fmt_id = style.numFmtId
        fmt = BUILTIN_FORMATS.get(fmt_id) if fmt_id < BUILTIN_FORMATS_MAX_SIZE else (
            wb._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]
            if fmt_id - BUILTIN_FORMATS_MAX_SIZE < len(wb._number_formats) else None)
        if fmt and "%" in re.sub(r'"[^"]*"|\\.', "", fmt):
            found.add(idx)
    return frozenset(found)


# --------------------------------------------------------------------------- reading

_LOADING = threading.local()


def _skip_declared_size() -> None:
    """Make openpyxl stop looking for a read-only sheet's declared size at ``<sheetData>`` inside :func:`loading`.

    openpyxl looks for ``<dimension>`` when it opens a workbook read-only and,
    in a file without one (openpyxl's own streaming writer leaves it out),
    parses the whole sheet once more to find out that it is not there: 0.1 s
    for 8,000 rows, per sheet, per opening. Inside :func:`loading` the search ends
    where the rows begin; the prolog (a DTD, a damaged start) is still parsed on
    opening, a sheet damaged among its rows shows while the rows are read (as it
    always did in a file with ``<dimension>``). The size is never used here
    anyway (:func:`addin.xlsx.read` resets it: a forged one must not hide rows).
    Elsewhere, and in other threads, openpyxl behaves as usual.
    """
    original = getattr(ReadOnlyWorksheet, "_get_size", None)
    if original is None:  # pragma: no cover - another openpyxl
        return
    if getattr(original, "_xphone", False):
        return

    def _get_size(self):
        if not getattr(_LOADING, "active", False):
            return original(self)

        src = self._get_source()
        try:
            for event, element in iterparse(src, events=("start", "end")):
                if event == "start":
                    if element.tag == DATA_TAG:
                        return None  # the rows begin: no size declared
                    continue
                if element.tag == DIMENSION_TAG:
                    size = SheetDimension.from_tree(element).boundaries
                    if size is not None:
                        self._min_column, self._min_row, self._max_column, self._max_row = size
                    return None
                element.clear()
        finally:
            src.close()
        return None

    _get_size.__dict__["_xphone"] = True  # the mark of ours (see above): an attribute of the function
    ReadOnlyWorksheet._get_size = _get_size



@contextmanager
def loading(read_only: bool):
    """Around ``openpyxl.load_workbook``: a read-only sheet's declared size is looked for only before its rows."""
    if read_only:
        _skip_declared_size()
    _LOADING.active = True
    try:
        yield
    finally:
        _LOADING.active = False


# openpyxl warns about a date-formatted number that is no date and makes it '#VALUE!'; the marking parser
# hands the number on instead (the reader names the cell), so the warning would only confuse a user on stderr.
warnings.filterwarnings("ignore", message=r"Cell \w+ is marked as a date but the serial value", category=UserWarning)


def _marking_parser(percent_styles=frozenset()):
    class MarkingParser(WorkSheetParser):
        """Reads cached values, and tells formulas without one, error values and percentages apart."""

        def parse_cell(self, element):
            try:
                cell = super().parse_cell(element)
            except ValueError:  # a stored value that is no number (a crafted <v>NaN</v>): the reader names the cell
                style_id = int(element.get("s", 0) or 0)
                return {"row": self.row_counter, "column": self.col_counter, "data_type": "s", "style_id": style_id,
                        "value": UnreadableNumber(element.findtext(VALUE_TAG) or "")}
            if cell["data_type"] == "e" and element.get("t", "n") == "n":
                # a number in a date-formatted cell that is no date (1e9): the number as it is, for the reader
                # to refuse with its cell, instead of openpyxl's '#VALUE!'
                cell["data_type"], cell["value"] = "n", _cast_number(element.findtext(VALUE_TAG))
            if (cell["data_type"] == "n" and cell["style_id"] in percent_styles
                    and isinstance(cell["value"], (int, float)) and not isinstance(cell["value"], bool)):
                cell["value"] = PercentNumber(cell["value"])
            elif cell["data_type"] == "e" and cell["value"] is not None:
                cell["value"] = ErrorValue(cell["value"])
            elif element.find(FORMULA_TAG) is not None:
                formula = self.parse_formula(element)  # also records shared formulas for the cells below
                if cell["value"] is None:
                    text = getattr(formula, "text", formula)
                    if isinstance(text, str) and text not in ("", "="):
                        cell["value"] = FormulaText(text)
            return cell

    return MarkingParser


def mark_cells(ws) -> None:
    """Make one read-only sheet yield :class:`FormulaText`, :class:`ErrorValue` and :class:`PercentNumber` (see
    :func:`addin.xlsx.read.iter_sheet_rows`)."""
    parser_class = _marking_parser(_percent_styles(ws.parent))

    def cells_by_row(min_col, min_row, max_col, max_row, values_only=False):
        counter = min_row
        with ws._get_source() as src:
            parser = parser_class(src, ws._shared_strings, data_only=True, epoch=ws.parent.epoch,
                                  date_formats=ws.parent._date_formats,
                                  timedelta_formats=ws.parent._timedelta_formats)
            for idx, row in parser.parse():
                if max_row is not None and idx > max_row:
                    break
                for _ in range(counter, idx):  # rows missing from the file are blank
                    counter += 1
                    yield ()
                if counter <= idx:
                    counter += 1
                    yield ws._get_row(row, min_col, max_col, values_only)

    ws._cells_by_row = cells_by_row


# --------------------------------------------------------------------------- writing

def clone_workbook(wb):
    """A deep copy of a loaded workbook (about 3 ms, against 10-20 ms to parse the file again)."""
    # copy.deepcopy cannot rebuild openpyxl's style lists (IndexedList); give it proper copies
    memo = {id(v): IndexedList(list(v)) for v in vars(wb).values() if isinstance(v, IndexedList)}
    clone = deepcopy(wb, memo)
    for ws in clone.worksheets:  # nor the factories of the row and column dimensions
        ws.row_dimensions.default_factory = ws._add_row
        ws.column_dimensions.default_factory = ws._add_column
    return clone


def set_text(cell, text: str) -> None:
    """Store ``text`` as a text cell as it is (openpyxl would cut it at 32,767 characters without a word)."""
    cell._value = text
    cell.data_type = "s"


class CachedFormula(str):
    """A formula (``'=ROUND(D22*E22,2)'``) and the value it computes to, written into the file together.

    openpyxl writes a formula without a value: viewers that do not recalculate (mail and phone previews,
    ``openpyxl`` with ``data_only=True``, pandas) then show an empty cell. With the value written beside the
    formula they show the figure; Excel and LibreOffice still recalculate on opening.
    """

    cached: object

    def __new__(cls, formula: str, cached):
        obj = super().__new__(cls, formula)
        obj.cached = cached
        return obj

    def __getnewargs__(self):
        return str(self), self.cached


def _number_text(value) -> str:
    """A number as the ``<v>`` element holds it: ``890``, ``4365.63``."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return repr(float(value)) if isinstance(value, float) else str(value)


def _install_cached_writer() -> None:
    """Make openpyxl's sheet writer write a :class:`CachedFormula`'s value in ``<v>`` (other cells as before)."""
    original = sheet_writer.write_cell
    if getattr(original, "_xphone", False):
        return

    def write_cell(xf, worksheet, cell, styled=None):
        value = cell._value
        if cell.data_type != "f" or not isinstance(value, CachedFormula) or value.cached is None:
            return original(xf, worksheet, cell, styled)
        _value, attributes = cell_writer._set_attributes(cell, styled)
        el = Element("c", attributes)
        SubElement(el, "f").text = str(value)[1:]
        SubElement(el, "v").text = _number_text(value.cached)
        xf.write(el)

    write_cell.__dict__["_xphone"] = True  # the mark of ours (see above): an attribute of the function
    sheet_writer.write_cell = write_cell


def set_formula(cell, formula: str, cached=None) -> None:
    """Put ``formula`` into ``cell``, with ``cached`` (a number) as the value written with it (see
    :class:`CachedFormula`); without ``cached`` the plain formula."""
    if cached is None:
        cell.value = formula
        return
    _install_cached_writer()
    cell._value = CachedFormula(formula, cached)
    cell.data_type = "f"


def cell_style(cell):
    """A copy of a cell's whole style (font, fill, border, alignment, number format, protection)."""
    return copy(cell._style)


def set_style(cell, style) -> None:
    cell._style = copy(style)


def images(ws) -> list:
    """The pictures anchored on a sheet."""
    return ws._images


def set_default_font(wb, font) -> None:
    """Make ``font`` the workbook's default (the 'Normal' style): every cell without a font of its own, and the
    unit of the column widths. Call it on a new workbook before any cell is styled.

    Excel and LibreOffice measure column widths in digits of this font; Arial, which LibreOffice renders with
    the metric-compatible Liberation Sans, gives the same widths in both.
    """
    wb._fonts = IndexedList([font])


# --------------------------------------------------------------------------- page footers with line breaks

class _FooterWithLines(HeaderFooterItem):
    """A page footer whose line breaks are written as line breaks. openpyxl writes them as ``_x000a_``, which Excel
    reads as a break but LibreOffice prints as it stands (a PDF of the quote would show the code)."""

    def __str__(self) -> str:
        return super().__str__().replace("_x000a_", "\n")


def set_footer_lines(ws, center: str) -> None:
    """The centre of ``ws``'s page footer, lines separated by ``\\n`` (left and right are kept)."""
    old = ws.HeaderFooter.oddFooter
    new = _FooterWithLines(left=old.left, right=old.right, center=old.center)
    new.center.text = center
    ws.HeaderFooter.oddFooter = new


def clear_print_title_rows(ws) -> None:
    """No rows repeated at the top of every printed page (openpyxl's setter ignores None)."""
    ws._print_rows = None
