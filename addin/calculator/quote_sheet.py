"""The calculator's quote sheet in the workbook: made from the quote template when the calculator is built.

The calculator is built inside a copy of the quote template (:func:`template_workbook`), so its quote sheet
*is* the template's page: letterhead, logo, address field, labels, fonts, column widths, page setup and, as its
page footer, the seller's legal footer. Everything from the line table down is left empty: the quote's rows are
written there by :func:`addin.quote_sheet.fill_book`, and their look comes from conditional formats keyed on a
hidden column (each row's template row), so that a written value takes the template row's font, fill and
borders and an unused row prints nothing. The hidden sheet ``xphone.quote`` keeps the template's rows, the draft
mark and the inputs of the quote written last; the template's draft cell becomes a formula saying when the
quote is no longer that of the calculator.

:class:`WorkbookBook` gives an openpyxl workbook the part of xlwings' ``Book`` that ``fill_book`` uses, so the
same code fills the quote sheet in Excel, in xlwings Lite and here (the documentation's picture, the tests).
"""
from __future__ import annotations

import datetime as dt
from copy import copy
from typing import Any

from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ..batch.template import QuoteTemplate, default_template
from ..i18n import text
from ..quote_sheet import (
    DRAFT_CELL,
    INPUTS,
    MODEL_CELL,
    ROWS_CELL,
    STALE_CELL,
    STORE,
    SheetModel,
    marker,
)
from ..xlsx.cells import absolute, write_text
from ..xlsx.internals import clear_print_title_rows, set_footer_lines
from .layout import SHEET_CALC

BODY_ROWS = 400      # rows below the line table's header that the conditional formats cover
NONE_CELL = "E2"     # the words of a calculator whose quote was never made
VARIANTS = ("", "a", "m", "z")  # a row of one line; the first, a middle and the last line of a taller one
POSITION_FORMAT = "0_0"  # column A: a position number keeps a digit's room to the next column


def template_workbook(lang: str, template=None) -> tuple[Any, QuoteTemplate]:
    """A copy of the quote template to build the calculator in: its page without the rows of the line table,
    which becomes the quote sheet; the seller sheet goes (its legal footer is the page footer)."""
    tpl = QuoteTemplate(template or default_template(lang))
    wb = tpl.new_workbook()
    for ws in list(wb.worksheets):
        if ws.title != tpl.sheet:
            wb.remove(ws)
    return wb, tpl


def make_quote_sheet(wb, tpl: QuoteTemplate, lang: str) -> SheetModel:
    """Turn the template's page in ``wb`` into the calculator's quote sheet and add the hidden sheet; returns the
    model that :func:`addin.quote_sheet.fill_book` reads back."""
    ws = wb[tpl.sheet]
    first = tpl.line_row - 1  # the line table's header: shown only when the quote has licence lines
    last_col = max(tpl.widths)
    kind_col = last_col + 1
    head = _template_row(tpl, ws, first)
    rows = [head] + [[r.number, r.kind, [[c, v] for c, v, _s in r.cells if isinstance(v, str) and v],
                      [list(m) for m in r.merges]] for r in tpl.rows]
    styles = {first: {c.column: copy(c._style) for c in ws[first]}}
    styles.update({r.number: {c: s for c, _v, s in r.cells} for r in tpl.rows})
    header = [[r, c, v] for r, c, v in tpl.header if r < first]
    problem = tpl.footer_problem(lang)
    model = SheetModel(lang=lang, sheet=tpl.sheet, first_row=first, kind_col=kind_col, rows=rows, header=header,
                       widths=tpl.widths, seller_vat_id=tpl.seller.values.get("vat_id", ""),
                       seller_problem=[problem("de"), problem("en")] if problem is not None else None)
    line_cells = [ws.cell(tpl.line_row, c) for c in range(1, kind_col)]
    column_styles = {c.column: (copy(c.font), c.number_format, c.alignment.horizontal) for c in line_cells}
    _clear_from(ws, first)
    _column_styles(ws, column_styles)
    _conditional_formats(wb, ws, styles, first, kind_col)
    footer = tpl.footer(lang)
    if footer is not None:
        set_footer_lines(ws, footer)
    ws.print_area = None  # the page is as long as the quote written into it
    ws.column_dimensions[get_column_letter(kind_col)].hidden = True
    store = wb.create_sheet(STORE)
    store.sheet_state = "hidden"
    store.print_area = "A3:A3"  # an empty row: the hidden sheet never prints, not even when printed on its own
    write_text(store[MODEL_CELL], model.to_json())
    write_text(store[STALE_CELL], text("calculator_quote.stale", lang))
    write_text(store[NONE_CELL], text("calculator_quote.none", lang))
    for r, c, v in tpl.header:  # no marker shows before the first quote is written
        ws.cell(r, c).value = _draft_formula(SHEET_CALC[lang]) if marker(v) == "draft" else None
    return model


def _template_row(tpl: QuoteTemplate, ws, r: int) -> list:
    cells = [[c.column, c.value] for c in ws[r] if isinstance(c.value, str) and c.value]
    merges = [[m.min_col, m.max_col] for m in ws.merged_cells.ranges if m.min_row == m.max_row == r]
    return [r, "?lines", cells, merges]


def _clear_from(ws, first: int) -> None:
    for rng in [m for m in ws.merged_cells.ranges if m.max_row >= first]:
        ws.merged_cells.remove(rng)
    ws.delete_rows(first, ws.max_row - first + 1)
    for r in [r for r in ws.row_dimensions if r >= first]:
        del ws.row_dimensions[r]
    clear_print_title_rows(ws)


def _column_styles(ws, styles: dict) -> None:
    """Each column's font, number format and alignment: those of the template's line row, without its borders
    and fill (a written value takes them, as Excel gives a new cell its column's format)."""
    for c, (font, fmt, horizontal) in styles.items():
        dim = ws.column_dimensions[get_column_letter(c)]
        dim.font = Font(name=font.name, sz=font.sz)
        dim.number_format = POSITION_FORMAT if c == 1 and fmt == "0" else fmt
        dim.alignment = Alignment(horizontal=horizontal if horizontal in ("left", "right") else None)


def _dxf(wb, style, variant: str) -> DifferentialStyle | None:
    font, fill, border = wb._fonts[style.fontId], wb._fills[style.fillId], wb._borders[style.borderId]
    dxf_font = Font(b=font.b or None, i=font.i or None, color=copy(font.color) if font.color is not None
                    and font.color.rgb not in (None, "FF000000") else None)
    dxf_fill = None
    if getattr(fill, "fill_type", None) == "solid":
        dxf_fill = PatternFill(fill_type="solid", bgColor=copy(fill.fgColor), fgColor=copy(fill.fgColor))

    def side(s: Side | None, keep: bool) -> Side | None:
        return copy(s) if keep and s is not None and s.style else None

    top_kept, bottom_kept = variant in ("", "a"), variant in ("", "z")
    dxf_border = Border(left=side(border.left, True), right=side(border.right, True),
                        top=side(border.top, top_kept), bottom=side(border.bottom, bottom_kept))
    has_border = any(getattr(dxf_border, k) is not None for k in ("left", "right", "top", "bottom"))
    if not (font.b or font.i or dxf_font.color is not None or dxf_fill is not None or has_border):
        return None
    return DifferentialStyle(font=dxf_font, fill=dxf_fill, border=dxf_border if has_border else None)


def _conditional_formats(wb, ws, styles: dict, first: int, kind_col: int) -> None:
    """One rule per template row, style variant and look: a row whose hidden code names that template row shows
    the template cell's font, fill and borders."""
    key = f"${get_column_letter(kind_col)}{first}"
    last = first + BODY_ROWS
    for number, cells in styles.items():
        for variant in VARIANTS:
            looks: dict[str, tuple[DifferentialStyle, list[str]]] = {}  # one rule for the columns of one look
            for c, style in cells.items():
                dxf = _dxf(wb, style, variant) if c < kind_col else None
                if dxf is not None:
                    letter = get_column_letter(c)
                    looks.setdefault(repr(dxf), (dxf, []))[1].append(f"{letter}{first}:{letter}{last}")
            for dxf, ranges in looks.values():
                rule = Rule(type="expression", dxf=dxf, formula=[f'{key}="{number}{variant}"'], stopIfTrue=True)
                ws.conditional_formatting.add(" ".join(ranges), rule)


def _draft_formula(calc: str) -> str:
    """The draft cell: nothing made yet, out of date (an input differs from the copy the quote was made from),
    or the draft mark of the quote written."""
    tests = []
    for ref in INPUTS:
        here, kept = absolute(calc, ref), absolute(STORE, ref)
        tests.append(f'SUMPRODUCT(({here}&""<>{kept}&"")*1)' if ":" in ref else f'({here}&""<>{kept}&"")')
    return (f'=IF({absolute(STORE, ROWS_CELL)}="",{absolute(STORE, NONE_CELL)},'
            f'IF({"+".join(tests)}>0,{absolute(STORE, STALE_CELL)},{absolute(STORE, DRAFT_CELL)}&""))')


# --------------------------------------------------------------------------- xlwings' Book over openpyxl

class _Range:
    def __init__(self, ws, ref: str):
        self.ws, self.ref = ws, ref

    @property
    def value(self) -> Any:
        c1, r1, c2, r2 = range_boundaries(self.ref)
        rows = [[_read(self.ws.cell(r, c).value) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        if (c1, r1) == (c2, r2):
            return rows[0][0]
        if r1 == r2 or c1 == c2:
            return [v for row in rows for v in row]  # xlwings gives a single row or column as a flat list
        return rows

    @value.setter
    def value(self, value: Any) -> None:
        c1, r1, c2, r2 = range_boundaries(self.ref)
        if not isinstance(value, (list, tuple)):
            rows = [[value]]
        elif value and isinstance(value[0], (list, tuple)):
            rows = [list(r) for r in value]
        elif r1 == r2:
            rows = [list(value)]
        else:
            rows = [[v] for v in value]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = self.ws.cell(r1 + i, c1 + j)
                if isinstance(v, str) and v:
                    write_text(cell, v)  # text stays text, never a formula
                else:
                    cell.value = v
                dim = self.ws.column_dimensions.get(get_column_letter(c1 + j))
                if v is not None and not cell.has_style and dim is not None and dim.has_style:
                    cell._style = copy(dim._style)  # as Excel gives a new cell its column's format


def _read(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # xlwings gives numbers as floats
    return value


class _Sheet:
    def __init__(self, ws):
        self.ws = ws
        self.name = ws.title

    def range(self, ref: str) -> _Range:
        return _Range(self.ws, ref)


class _Sheets(dict):
    """``book.sheets``: a sheet by its name; iterated, the sheets (as xlwings does)."""

    def __iter__(self):
        return iter(list(self.values()))


class WorkbookBook:
    """The part of xlwings' ``Book`` that :func:`addin.quote_sheet.fill_book` uses, over an openpyxl workbook."""

    def __init__(self, wb, name: str = ""):
        self.wb, self.name = wb, name

    @property
    def sheets(self) -> _Sheets:
        return _Sheets({ws.title: _Sheet(ws) for ws in self.wb.worksheets})

    def save(self, path) -> None:
        """Save the workbook; a page footer of several lines stays so (openpyxl would write its line breaks as
        ``_x000a_`` after loading the file)."""
        for ws in self.wb.worksheets:
            center = ws.oddFooter.center.text
            if center and "\n" in center:
                set_footer_lines(ws, center)
        self.wb.save(path)
