"""Quote templates: the marker contract, reading a template once, and filling it with one quote.

A template is an ordinary workbook a reseller may restyle in Excel
(``workbook_templates/quote_de.xlsx``, ``quote_en.xlsx``, or their own). The
sheet that holds ``{{line_total}}`` is the customer document; cells holding a
marker are filled:

* header (above the line table, :data:`HEADER_VALUES`): ``{{quote_id}}``,
  ``{{date}}``, ``{{valid_until}}`` (default: the date + 30 days),
  ``{{customer}}``, ``{{address}}`` (the recipient: customer, contact, street,
  postcode and city, country, one line each, only those given),
  ``{{contact}}``, ``{{street}}``, ``{{postcode}}``, ``{{city}}``,
  ``{{country}}``, ``{{email}}``, ``{{seller}}`` (the reseller's person),
  ``{{price_list}}`` and ``{{valid_from}}`` (name and first day of the price
  list that priced the quote), ``{{notice}}`` (example-price notice, empty
  otherwise), ``{{draft}}`` (``ENTWURF – nicht versenden`` when the checks
  report an ERROR, ``ENTWURF – die Preisliste ... ist noch ein Entwurf ...``
  when its price list is in status Entwurf, empty otherwise), ``{{vat_rate}}``;
* the line row, repeated once per licence line: ``{{pos}}``, ``{{number}}``,
  ``{{name}}``, ``{{qty}}``, ``{{unit}}``, ``{{discount}}``, ``{{line_total}}``
  (``qty``, ``unit`` and ``line_total`` are required);
* the owned row, repeated per owned licence when a percentage line's base
  includes owned licences: ``{{number}}``, ``{{name}}``, ``{{qty}}``,
  ``{{unit}}``, ``{{owned_value}}`` (required when the row exists);
  ``{{owned_total}}`` sums them;
* the percentage row, repeated per Up2Date/upgrade line: ``{{pos}}``,
  ``{{number}}``, ``{{name}}``, ``{{base}}``, ``{{rate}}``, ``{{amount}}``
  (``base``, ``rate`` and ``amount`` are required when the row exists);
* totals: ``{{total}}``, ``{{up2date}}``, ``{{net}}``, ``{{vat_rate}}``,
  ``{{vat}}``, ``{{gross}}`` (``total``, ``net`` and ``gross`` are required);
* the VAT note, ``{{vat_note}}``: the sentence of a quote without German VAT
  (reverse charge, a third country: :mod:`addin.tax`) and the VAT IDs; a
  template without it cannot write such a quote;
* the findings row, repeated per note for the customer (the findings the
  ``Regeln`` sheet marks as ``Kundenhinweis``): ``{{severity}}``, ``{{finding}}``.

A cell holding a marker gets the value itself (a date stays a date). A text
with markers inside it (``Dieses Angebot gilt bis {{valid_until}}.``) gets
them as text, so payment terms and closing text are worded once in the
template. A text starting with ``{{?pct}}``, ``{{?owned}}``, ``{{?findings}}``,
``{{?up2date}}`` or ``{{?vat_note}}`` keeps its row only when the quote has percentage lines,
owned licences shown, notes, an Up2Date line or a VAT note; one starting with ``{{?<header marker>}}``
(``{{?email}}E-Mail``) shows only when that value is given. Everything else
(logo, fonts, colours, column widths, footer text, print titles, formulas
below the table) is kept as it is and moves down with the growing table.
Totals are live Excel formulas (``=ROUND``, ``SUM``, ``SUMPRODUCT``; no
``XP_`` function); the workbook names ``total``, ``up2date``, ``grand_total``,
``vat``, ``gross`` and ``valid_until`` point at the licence subtotal, the
Up2Date amount, the net total, the VAT, the gross total and the validity
date. Every amount is a formula over the cells it depends on (quantities,
list prices, discounts, rates), written together with the figure the core
computed for it, so a viewer that does not recalculate shows the figures too.

The template's sheet ``Absender`` (``Seller``) holds the seller's data (:mod:`addin.batch.seller`); it is
printed as the legal footer under the page number of every page and is not part of the quote workbook.

Findings meant for the seller (everything but the customer notes, and the
notes of the orders sheet) go to a second sheet, ``Prüfung`` (``Checks``),
made by the generator; its print area is empty, so printing the workbook or
converting it to PDF gives the customer document only.
"""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import openpyxl
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.pagebreak import Break

from ..document import (
    INLINE,
    TEXTS,
    QuoteDetails,
    draft_text,
    in_text,
    line_name,
    pct_name,
    pct_rate,
    upgrade_text,
    wrapped_lines,
)
from ..document import (
    marker as _marker,
)
from ..errors import TemplateError
from ..i18n import Text, text
from ..money import ZERO, format_percent, percent_format, round_cents
from ..quote import PercentLine, Quote, QuoteLine
from ..resources import template as shipped_template
from ..values import fold
from ..xlsx.cells import write_text
from ..xlsx.internals import (
    cell_style,
    clear_print_title_rows,
    clone_workbook,
    images,
    set_footer_lines,
    set_formula,
    set_style,
)
from ..xlsx.read import load_workbook_checked
from .seller import SHEET_NAMES as SELLER_SHEETS
from .seller import read_seller

LINE_FIELDS = ("pos", "number", "name", "qty", "unit", "discount", "line_total")
PCT_FIELDS = ("pos", "number", "name", "base", "rate", "amount")
REQUIRED = {"line": ("qty", "unit", "line_total"), "pct": ("base", "rate", "amount"),
            "owned": ("qty", "unit", "owned_value"), "totals": ("total", "net", "gross")}
TOTALS = ("total", "up2date", "net", "vat", "gross", "owned_total")
WORKBOOK_NAMES = (("total", "total"), ("up2date", "up2date"), ("grand_total", "net"), ("vat", "vat"),
                  ("gross", "gross"), ("valid_until", "valid_until"))  # (name, marker)
ROW_KINDS = (("line", "line_total"), ("pct", "amount"), ("owned", "owned_value"), ("finding", "finding"),
             ("?pct", "?pct"), ("?owned", "?owned"), ("?findings", "?findings"),
             ("?up2date", "?up2date"), ("?vat_note", "?vat_note"))  # (kind, the marker that makes it)
ROW_CONDITIONS = {m for _k, m in ROW_KINDS if m.startswith("?")}  # {{?pct}}, ..., {{?up2date}}, {{?vat_note}}
LEGAL_FOOTER_SIZE = 6  # points: the legal footer's small type under the page number
FOOTER_MAX = 255  # characters: what Excel keeps of a page footer
PAGE_HEIGHT = 841.89  # points: A4 portrait, as the shipped templates print
_REF = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)")


def default_template(lang: str = "de") -> Path:
    """The quote template shipped with the package for ``lang`` (``de`` or ``en``)."""
    return shipped_template(f"quote_{lang}.xlsx")


@dataclass
class _Row:
    """A row of the template at or below the line table."""

    number: int
    cells: list  # (column, value, style)
    height: float | None
    kind: str  # "line" | "pct" | "owned" | "finding" | "?pct" | "?owned" | "?findings" | "static"
    merges: list  # (min_col, max_col) of single-row merges


def _row_kind(names: set) -> str:
    for kind, marker in ROW_KINDS:
        if marker in names:
            return kind
    return "static"


# --------------------------------------------------------------------------- what each marker holds

def _text(value):
    """A value to write as text (never as a formula)."""
    return _Text(value)


class _Text(str):
    pass


@dataclass(frozen=True)
class _Formula:
    """A formula and the figure the core computed for it, written together (viewers that do not recalculate
    show the figure; Excel and LibreOffice recalculate it from the cells it names)."""

    text: str
    cached: Decimal | None = None


@dataclass(frozen=True)
class _Percent:
    """A rate, shown with the decimals it has in one format across the quote (:func:`addin.money.percent_format`)."""

    rate: Decimal
    lang: str


# marker -> value above the line table; f is the _Fill of the quote (f.quote, f.details, f.texts, f.lang)
def _address_part(key: str, f) -> _Text:
    return _text(f.details.address.get(key, ""))


HEADER_VALUES: dict[str, Callable[[Any], Any]] = {
    "quote_id": lambda f: _text(f.quote.quote_id),
    "customer": lambda f: _text(f.quote.customer),
    "address": lambda f: _text("\n".join(f.details.address_lines(f.quote.customer))),
    **{k: functools.partial(_address_part, k) for k in
       ("contact", "street", "postcode", "city", "country", "email", "seller")},
    "date": lambda f: f.quote.date,
    "valid_until": lambda f: f.details.valid_until,
    "price_list": lambda f: _text(f.quote.price_list),
    "valid_from": lambda f: f.quote.valid_from,
    "notice": lambda f: _text(f.texts["notice"] if f.quote.is_example else ""),
    "draft": lambda f: _text(draft_text(f.quote, f.details, f.lang)),
    "vat_rate": lambda f: _Percent(f.quote.vat_rate, f.lang),
    "vat_note": lambda f: _text(f.vat_note),
}


def _as_text(value, lang: str) -> str:
    """A header value inside a text: a date as the quote shows dates, a rate in percent."""
    return format_percent(value.rate, lang) if isinstance(value, _Percent) else in_text(value, lang)


# marker -> value of a licence line; f is the _Fill of the quote, r the output row
LINE_VALUES = {
    "pos": lambda line, f, r: line.position,
    "number": lambda line, f, r: _text(line.article.number),
    "name": lambda line, f, r: _text(line_name(line, f.lang, f.texts)),
    "qty": lambda line, f, r: line.quantity,
    "unit": lambda line, f, r: line.unit_price,
    "discount": lambda line, f, r: _Percent(line.discount, f.lang) if line.discount else None,
    "line_total": lambda line, f, r: f.line_total_formula(line, r),
}

# marker -> value of a percentage line
PCT_VALUES = {
    "pos": lambda p, f, r: p.position,
    "number": lambda p, f, r: _text(p.article.number),
    "name": lambda p, f, r: _text(pct_name(p, f.lang, f.texts)),
    "base": lambda p, f, r: f.base_formula(p),
    "rate": lambda p, f, r: _as_rate(pct_rate(p, f.lang), f.lang),
    "amount": lambda p, f, r: f.amount_formula(p, r),
}

def _as_rate(rate, lang: str):
    """A rate as a cell holds it: a number in the quote's percent format, the add-on's ``18 % × 8/12`` as text."""
    return _text(rate) if isinstance(rate, str) else _Percent(rate, lang)


# marker -> value of an owned licence, (article, quantity)
OWNED_VALUES = {
    "number": lambda o, f, r: _text(o[0].number),
    "name": lambda o, f, r: _text(f.owned_name(o[0])),
    "qty": lambda o, f, r: o[1],
    "unit": lambda o, f, r: f.owned_unit(o[0]),
    "owned_value": lambda o, f, r: f.owned_value_formula(o, r),
}

# marker -> value of a finding
FINDING_VALUES = {
    "severity": lambda finding, f, r: _text(f.texts["severity"].get(finding.severity, finding.severity)),
    "finding": lambda finding, f, r: _text(finding.for_customer(f.lang)),
}


def _write(cell, value) -> None:
    if isinstance(value, _Text):
        write_text(cell, str(value))
    elif isinstance(value, _Formula):
        set_formula(cell, value.text, value.cached)
    elif isinstance(value, _Percent):
        cell.value = value.rate
        cell.number_format = percent_format(value.rate, value.lang)
    else:
        cell.value = value


# --------------------------------------------------------------------------- the template

class QuoteTemplate:
    """A quote template, loaded and analysed once per process; :meth:`fill` makes one quote workbook.

    Each quote starts from a copy of the loaded template (about 3 ms) instead of
    parsing the file again (10-20 ms); ``clone=False`` parses it every time.
    Both give the same file (tested).
    """

    def __init__(self, path, clone: bool = True):
        self.path = Path(path)
        wb = load_workbook_checked(self.path, Text("label.template"))  # refuses broken or hostile files
        self.data = self.path.read_bytes()
        ws = next((sheet for sheet in wb.worksheets
                   if any(c.value == "{{line_total}}" for row in sheet.iter_rows() for c in row)), None)
        if ws is None:
            raise self._missing("line_total")
        self.sheet = ws.title
        self.line_row = next(c.row for row in ws.iter_rows() for c in row if _marker(c.value) == "line_total")
        self.last_row = max(ws.max_row, self.line_row)
        self.header = self._read_header(ws)
        self.tail_merges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in ws.merged_cells.ranges
                            if m.min_row >= self.line_row]
        self.rows = [self._read_row(ws, r) for r in range(self.line_row, self.last_row + 1)]
        self.markers: dict[str, int] = {}  # marker -> template row of its first use at or below the line table
        self.columns: dict[str, int] = {}  # marker -> column of its first use at or below the line table
        for row in self.rows:
            for c, value, _style in row.cells:
                name = _marker(value)
                if name and not name.startswith("?"):
                    self.markers.setdefault(name, row.number)
                    self.columns.setdefault(name, c)
        self._check_merges()
        self.widths = {c: self._width(ws, c) for c in range(1, ws.max_column + 1)}
        self.line_cols = self._row_columns("line")
        self.pct_cols = self._row_columns("pct") if any(r.kind == "pct" for r in self.rows) else {}
        self.owned_cols = self._row_columns("owned") if any(r.kind == "owned" for r in self.rows) else {}
        for name in REQUIRED["totals"]:
            if name not in self.markers:
                raise self._missing(name)
        self.seller = read_seller(wb)  # the legal footer's facts (batch.seller)
        self.seller_problem = self.seller.problem()  # once per template: the same for every quote
        self.has_vat_note = any(isinstance(v, str) and "{{vat_note}}" in v
                                for row in self.rows for _c, v, _s in row.cells) or "vat_note" in self.header_cells
        self.page_footer = ws.oddFooter.center.text  # the template's own footer: the page number
        self._footers: dict[str, str | None] = {}  # language -> footer, made once (see footer)
        wb.close()
        # an untouched copy to clone from (the analysis above created empty cells in ``wb``)
        self._base = openpyxl.load_workbook(io.BytesIO(self.data)) if clone else None

    # -- reading the template
    def _read_header(self, ws) -> list[tuple[int, int, str]]:
        """(row, column, template text) of the cells above the line table that hold a marker, in any form.

        ``self.header_cells`` maps a marker a header cell holds whole to that cell, (row, column).
        """
        found = [(c.row, c.column, c.value) for r in range(1, self.line_row) for c in ws[r]
                 if isinstance(c.value, str) and "{{" in c.value]
        named = [(_marker(v), r, c) for r, c, v in found]
        self.header_cells = {name: (r, c) for name, r, c in named if name and not name.startswith("?")}
        return found

    def _read_row(self, ws, r: int) -> _Row:
        cells, names = [], set()
        for c in ws[r]:
            if c.value is None and not c.has_style:
                continue
            if type(c).__name__ == "MergedCell":
                cells.append((c.column, None, cell_style(c)))
                continue
            cells.append((c.column, c.value, cell_style(c)))
            if _marker(c.value):
                names.add(_marker(c.value))
        height = ws.row_dimensions[r].height if r in ws.row_dimensions else None
        merges = [(m[2], m[3]) for m in self.tail_merges if m[0] == m[1] == r]
        return _Row(r, cells, height, _row_kind(names), merges)

    def _check_merges(self) -> None:
        for top, bottom, _c1, _c2 in self.tail_merges:
            if top != bottom and {row.kind for row in self.rows if top <= row.number <= bottom} - {"static"}:
                raise TemplateError(Text("batch.cells_merged_across_rows_growing", top=top),
                                    file=self.path.name, sheet=self.sheet)

    @staticmethod
    def _width(ws, c: int) -> float:
        dim = ws.column_dimensions.get(get_column_letter(c))
        return dim.width if dim is not None and dim.width else 8.43

    def _row_columns(self, kind: str) -> dict:
        row = next(r for r in self.rows if r.kind == kind)
        found = {_marker(v): col for col, v, _ in row.cells if _marker(v)}
        for name in REQUIRED[kind]:
            if name not in found:
                raise self._missing(name)
        return found

    def _missing(self, marker: str) -> TemplateError:
        return TemplateError(Text("batch.placeholder_missing", marker=marker, name=self.path.name),
                             file=self.path.name)

    def footer(self, lang: str) -> str | None:
        """The centre of the page footer: the template's (the page number), the seller's legal footer in small type
        under it; None when the legal footer does not fit Excel's footer (see :meth:`footer_problem`). Made once
        per language, not per quote."""
        if lang in self._footers:
            return self._footers[lang]
        page = self.page_footer or ""
        head = (page + "\n" if page else "") + f"&{LEGAL_FOOTER_SIZE}"
        room = FOOTER_MAX - len(head) - 8  # the size and section codes openpyxl adds
        legal = self.seller.footer(lang, room).replace("&", "&&")
        self._footers[lang] = head + legal if legal and len(legal) <= room else None
        return self._footers[lang]

    def footer_problem(self, lang: str) -> Text | None:
        """Why a quote from this template would go out without its legal footer, or None."""
        problem = self.seller_problem
        if problem is None and self.footer(lang) is None:
            problem = Text("seller.footer_too_long", most=FOOTER_MAX)
        return problem

    def new_workbook(self):
        """A fresh copy of the template: a clone of the workbook loaded once, else a new load."""
        if self._base is not None:
            return clone_workbook(self._base)
        return openpyxl.load_workbook(io.BytesIO(self.data))

    # -- one quote
    def fill(self, quote: Quote, lang: str = "de", details: QuoteDetails | None = None):
        """A new workbook: the template filled with one quote (``details``: address, validity, owned, draft)."""
        return _Fill(self, quote, lang, details or QuoteDetails()).run()


class _Fill:
    """Filling one quote into a copy of the template, step by step (see :meth:`run`)."""

    def __init__(self, template: QuoteTemplate, quote: Quote, lang: str, details: QuoteDetails):
        self.template, self.quote, self.lang, self.texts, self.details = template, quote, lang, TEXTS[lang], details
        self.wb = template.new_workbook()
        self.ws = self.wb[template.sheet]
        self.line_columns = {k: get_column_letter(v) for k, v in template.line_cols.items()}
        self.pct_columns = {k: get_column_letter(v) for k, v in template.pct_cols.items()}
        self.owned_columns = {k: get_column_letter(v) for k, v in template.owned_cols.items()}
        self.notes = [f for f in quote.findings if f.customer]  # for the customer; the rest go to the seller
        # owned licences are listed when a percentage line's base includes them; an owned upgrade article is
        # listed with what it adds to the system (see addin.quote.system_value)
        self.upgraded = {u.article.code: u for p in quote.percent_lines for u in p.upgraded}
        shows_owned = bool(self.owned_columns) and any(p.owned_total for p in quote.percent_lines if p.kind != "addon")
        self.owned = [(a, q) for a, q in details.owned if q and a.is_licence] if shows_owned else []
        self.vat_note = details.tax.note(lang, template.seller.values.get("vat_id", ""))
        if details.tax.zero_rated and not template.has_vat_note:  # the quote would lack what the law asks of it
            raise TemplateError(Text("batch.template_without_vat_note"), file=template.path.name, sheet=template.sheet)
        self.plan, self.where = self._plan()

    def run(self):
        self.fill_header()
        self.clear_growing_part()
        self.write_rows()
        self.hide_empty_line_table()
        self.merge_tail()
        self.order_merges()
        self.move_images()
        self.set_print_area()
        self.paginate()
        self.define_names()
        self.set_footer()
        self.drop_seller_sheet()
        self.add_checks_sheet()
        self.set_properties()
        return self.wb

    # -- where each template row goes
    def _plan(self):
        q = self.quote
        n_lines, n_pct, n_find, n_owned = len(q.lines), len(q.percent_lines), len(self.notes), len(self.owned)
        repeat = {"line": n_lines, "pct": n_pct, "owned": n_owned, "finding": n_find, "?pct": 1 if n_pct else 0,
                  "?owned": 1 if n_owned else 0, "?findings": 1 if n_find else 0, "static": 1,
                  "?up2date": 1 if any(p.is_up2date for p in q.percent_lines) else 0,
                  "?vat_note": 1 if self.vat_note else 0}
        plan: list[tuple[_Row, int, int]] = []  # (template row, output row, index of the copy)
        where: dict[int, list[int]] = {}
        out = self.template.line_row
        for row in self.template.rows:
            for i in range(repeat[row.kind]):
                plan.append((row, out, i))
                where.setdefault(row.number, []).append(out)
                out += 1
        self.last_out = out - 1
        return plan, where

    def first(self, template_row):
        """The output row of the first copy of a template row, or None when it is left out."""
        return self.where.get(template_row, [None])[0]

    def rows_of(self, kind: str) -> list[int]:
        number = next((r.number for r in self.template.rows if r.kind == kind), None)
        return self.where.get(number, []) if number is not None else []

    def ref(self, marker: str) -> str | None:
        """The output cell of a marker below the table (``G17``), or None when its row is left out."""
        r = self.first(self.template.markers.get(marker))
        return f"{get_column_letter(self.template.columns[marker])}{r}" if r else None

    # -- what a template text becomes
    def header_value(self, name: str):
        get = HEADER_VALUES.get(name)
        return get(self) if get else None

    def text_cell(self, cell, value: str, name: str | None) -> None:
        """A template text with a marker: the value itself, a conditional text, or markers inside the text."""
        if name is not None and not name.startswith("?"):
            _write(cell, self.header_value(name))
        elif name is not None:  # {{?email}}E-Mail: the text only when the value is given
            shown = name[1:] not in HEADER_VALUES or self.header_value(name[1:]) not in (None, "")
            write_text(cell, value[len(name) + 4:] if shown else None)
        else:  # markers inside a text: filled as text
            write_text(cell, INLINE.sub(lambda m: _as_text(self.header_value(m.group(1)), self.lang)
                                        if m.group(1) in HEADER_VALUES else m.group(0), value))

    # -- steps
    def fill_header(self) -> None:
        for r, c, value in self.template.header:
            self.text_cell(self.ws.cell(r, c), value, _marker(value))

    def clear_growing_part(self) -> None:
        ws, line_row = self.ws, self.template.line_row
        for rng in [m for m in ws.merged_cells.ranges if m.min_row >= line_row]:
            ws.merged_cells.remove(rng)
        ws.delete_rows(line_row, ws.max_row - line_row + 1)
        for r in [r for r in ws.row_dimensions if r >= line_row]:
            del ws.row_dimensions[r]

    def write_rows(self) -> None:
        totals = self.total_formulas()
        items = {"line": self.quote.lines, "pct": self.quote.percent_lines, "owned": self.owned,
                 "finding": self.notes}
        tables = {"line": LINE_VALUES, "pct": PCT_VALUES, "owned": OWNED_VALUES, "finding": FINDING_VALUES}
        for row, r, i in self.plan:
            if row.height is not None:
                self.ws.row_dimensions[r].height = row.height
            for c, value, style in row.cells:
                cell = self.ws.cell(r, c)
                set_style(cell, style)
                name = _marker(value)
                if name is None and isinstance(value, str) and value.startswith("="):
                    cell.value = self.shift(value)
                elif name is None and not (isinstance(value, str) and "{{" in value):
                    cell.value = value
                elif name is not None and name in ROW_CONDITIONS:  # the row is there: its text is
                    rest = value[len(name) + 4:]
                    self.text_cell(cell, rest, _marker(rest))
                elif row.kind in tables and name is not None and not name.startswith("?"):
                    get = tables[row.kind].get(name)
                    _write(cell, get(items[row.kind][i], self, r) if get else None)
                elif name in totals:
                    _write(cell, totals[name])
                else:
                    self.text_cell(cell, value, name)
            for min_col, max_col in row.merges:
                self.ws.merge_cells(start_row=r, start_column=min_col, end_row=r, end_column=max_col)
            if row.kind in tables or row.kind in ("?owned", "?vat_note"):
                self.fit_height(r, row)

    def hide_empty_line_table(self) -> None:
        """A quote without licence lines (a renewal: only Up2Date on what the customer owns) prints no empty line
        table: its header row and its subtotal of 0,00 € are hidden (the subtotal's cell stays for the formulas
        that name it)."""
        if self.quote.lines:
            return
        for r in (self.template.line_row - 1, self.first(self.template.markers.get("total"))):
            if r:
                self.ws.row_dimensions[r].hidden = True

    def merge_tail(self) -> None:
        for top, bottom, min_col, max_col in self.template.tail_merges:
            if top != bottom and self.first(top) and self.first(bottom):
                self.ws.merge_cells(start_row=self.first(top), start_column=min_col, end_row=self.first(bottom),
                                    end_column=max_col)

    def order_merges(self) -> None:
        """Merged ranges in one order (a set keeps them in the order of its history), so that the same quote
        gives the same file from a cloned template and from a loaded one."""
        ranges = sorted(self.ws.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col, m.max_row, m.max_col))
        self.ws.merged_cells = MultiCellRange(ranges)

    def move_images(self) -> None:
        """Pictures below the table move down with it."""
        for image in images(self.ws):
            anchor = getattr(image, "anchor", None)
            start = getattr(anchor, "_from", None)
            if start is not None and start.row + 1 >= self.template.line_row:
                new = self.first(start.row + 1)
                shift = (new - start.row - 1) if new else 0
                start.row += shift
                end = getattr(anchor, "to", None)
                if end is not None:
                    end.row += shift

    def paginate(self) -> None:
        """Page breaks a reader expects: a heading (the notes, the owned licences, the percentage lines) never ends
        a page without the first row it heads, and the line table's header repeats on every page only when the
        table itself runs over a page, so that no page holds just that header.

        The pages are laid out from the rows' heights (those the template and :meth:`fit_height` set, else the
        sheet's default) and the printable height of an A4 page within the margins."""
        ws = self.ws
        default = float(ws.sheet_format.defaultRowHeight or 15)
        heights = {r: 0.0 if ws.row_dimensions[r].hidden else float(ws.row_dimensions[r].height or default)
                   for r in range(1, self.last_out + 1)}
        room = PAGE_HEIGHT - 72 * (float(ws.page_margins.top or 0) + float(ws.page_margins.bottom or 0))
        headings = {out for row, out, _i in self.plan if row.kind in ("?findings", "?owned", "?pct")}
        table = [out for row, out, _i in self.plan if row.kind in ("line", "owned", "pct", "?owned", "?pct")]
        title = self.template.line_row - 1  # the line table's header row, the print titles of the template
        breaks, pages = self._pages(heights, room, headings, 0.0)
        if ws.print_title_rows and table and pages[max(table)] > 1:
            breaks, pages = self._pages(heights, room, headings, heights.get(title, default))
        elif ws.print_title_rows:
            clear_print_title_rows(ws)  # the table fits on the first page: nothing to repeat
        for r in breaks:
            ws.row_breaks.append(Break(id=r - 1))

    @staticmethod
    def _pages(heights: dict, room: float, headings: set, titles: float) -> tuple[list, dict]:
        """(rows a manual break goes before, page of each row) when each page after the first starts with
        ``titles`` points of repeated header."""
        breaks, pages, y, page = [], {}, 0.0, 1
        last = max(heights)
        for r in sorted(heights):
            h = heights[r]
            keep = h + (heights[r + 1] if r in headings and r < last else 0.0)
            if y > titles and y + keep > room:
                if y + h <= room:  # the heading would fit, what it heads would not: break before it
                    breaks.append(r)
                page, y = page + 1, titles
            pages[r] = page
            y += h
        return breaks, pages

    def set_print_area(self) -> None:
        if self.ws.print_area:
            last = max(self.last_out, self.template.line_row - 1)
            self.ws.print_area = f"A1:{get_column_letter(self.ws.max_column)}{last}"

    def define_names(self) -> None:
        sheet = quote_sheetname(self.ws.title)
        for name, marker in WORKBOOK_NAMES:
            r = self.first(self.template.markers.get(marker))
            if r is not None:
                letter = get_column_letter(self.template.columns[marker])
            elif marker in self.template.header_cells:
                r, c = self.template.header_cells[marker]
                letter = get_column_letter(c)
            else:
                continue
            self.wb.defined_names[name] = DefinedName(name, attr_text=f"{sheet}!${letter}${r}")

    def set_footer(self) -> None:
        """The seller's legal footer in small type under the page number of every page (as business letters
        print it); ``&`` in a name is written as Excel's footer code wants it."""
        footer = self.template.footer(self.lang)
        if footer is not None:
            set_footer_lines(self.ws, footer)

    def drop_seller_sheet(self) -> None:
        """The template's seller data is for the footer, not a sheet of the customer's document."""
        for name in [n for n in self.wb.sheetnames if fold(n) in {fold(s) for s in SELLER_SHEETS}]:
            del self.wb[name]

    def add_checks_sheet(self) -> None:
        """The seller's sheet: every finding that is not a customer note, and the orders sheet's notes.

        Its print area is one empty cell, so printing the workbook or converting it to PDF leaves it out.
        """
        t = self.texts
        ws = self.wb.create_sheet(t["checks_sheet"][:31])
        for letter, width in zip("ABC", (12, 34, 100)):
            ws.column_dimensions[letter].width = width
        ws.sheet_properties.tabColor = "C00000" if self.details.draft else "A6A6A6"
        write_text(ws["A1"], t["checks_title"])
        ws["A1"].font = Font(bold=True, size=12)
        write_text(ws["A2"], f"{t['quote']} {self.quote.quote_id} · {self.quote.customer}")
        errors = any(f.severity == "ERROR" for f in self.quote.findings)
        state = [t["checks_state"]["draft" if errors else "ok"]]
        if self.quote.on_draft_list:
            state.append(t["draft_list"].format(name=self.quote.price_list))
        write_text(ws["A3"], " ".join(state))
        if self.details.draft:
            ws["A3"].font = Font(bold=True, color="C00000")
        rows = [(t["severity"].get(f.severity, f.severity), f.rule_id, f.message(self.lang))
                for f in self.quote.findings if not f.customer]
        rows += [(t["severity"]["INFO"], t["orders_note"], note) for note in self.details.notes]
        for c, label in enumerate(t["checks_head"], start=1):
            ws.cell(5, c).font = Font(bold=True)
            write_text(ws.cell(5, c), label)
        wrap = Alignment(wrap_text=True, vertical="top")
        for r, values in enumerate(rows or [("", "", t["checks_none"])], start=6):
            for c, value in enumerate(values, start=1):
                write_text(ws.cell(r, c), value)
                ws.cell(r, c).alignment = wrap
        ws.print_area = "E1:E1"  # empty: the sheet is not printed with the quote

    def set_properties(self) -> None:
        self.wb.calculation.fullCalcOnLoad = True
        self.wb.properties.created = dt.datetime.combine(self.quote.date or dt.date(2000, 1, 1), dt.time())
        seller = self.template.seller.company
        self.wb.properties.creator = seller or None
        self.wb.properties.lastModifiedBy = seller or None
        self.wb.properties.title = f"{self.texts['quote']} {self.quote.quote_id}"[:255]
        self.wb.properties.subject = text("quote.subject", self.lang, customer=self.quote.customer,
                                          seller=seller)[:255]

    # -- the owned licences as the target system
    def owned_unit(self, article) -> Decimal:
        """What one owned licence adds to the system: its list price, for an upgrade article what it adds."""
        upgraded = self.upgraded.get(article.code)
        return upgraded.unit_value if upgraded is not None else article.price

    def owned_name(self, article) -> str:
        name = article.name(self.lang)
        upgraded = self.upgraded.get(article.code)
        if upgraded is None:
            return name
        return f"{name}\n{upgrade_text(upgraded, self.lang, self.texts)}"

    # -- formulas: every amount over the cells it depends on, with the core's figure as its cached value
    def new_value_formula(self) -> str | None:
        """List value of the quote's licence lines: SUMPRODUCT(quantities, list prices)."""
        rows = self.rows_of("line")
        if not rows:
            return None
        qty, unit = self.line_columns["qty"], self.line_columns["unit"]
        return f"SUMPRODUCT({qty}{rows[0]}:{qty}{rows[-1]},{unit}{rows[0]}:{unit}{rows[-1]})"

    def owned_total(self) -> Decimal:
        return sum((round_cents(self.owned_unit(a) * q) for a, q in self.owned), ZERO)

    def total_formulas(self) -> dict:
        q = self.quote
        lines, pcts = self.rows_of("line"), self.rows_of("pct")
        amount = self.pct_columns.get("amount")
        amounts = [f"{amount}{r}" for r in pcts]
        up2date = [f"{amount}{r}" for r, p in zip(pcts, q.percent_lines) if p.is_up2date]
        lt = self.line_columns["line_total"]
        totals = {
            "total": _Formula(f"=SUM({lt}{lines[0]}:{lt}{lines[-1]})", q.licence_total) if lines else 0,
            "up2date": _Formula(f"=ROUND({'+'.join(up2date)},2)", q.up2date_total) if up2date else 0,
            "net": _Formula(f"=ROUND({self.ref('total')}{''.join('+' + a for a in amounts)},2)", q.net),
        }
        vat_rate = self.ref("vat_rate") or str(q.vat_rate)
        totals["vat"] = _Formula(f"=ROUND({self.ref('net')}*{vat_rate},2)", q.vat)
        totals["gross"] = _Formula(f"=ROUND({self.ref('net')}+{self.ref('vat')},2)" if self.ref("vat") else
                                   f"=ROUND({self.ref('net')}*(1+{vat_rate}),2)", q.gross)
        owned = self.rows_of("owned")
        if owned:
            value = self.owned_columns["owned_value"]
            totals["owned_total"] = _Formula(f"=SUM({value}{owned[0]}:{value}{owned[-1]})", self.owned_total())
        return totals

    def owned_value_formula(self, owned, r: int) -> _Formula:
        """List value of an owned licence: quantity × list price (an upgrade: × what it adds)."""
        article, quantity = owned
        return _Formula(f"=ROUND({self.owned_columns['qty']}{r}*{self.owned_columns['unit']}{r},2)",
                        round_cents(self.owned_unit(article) * quantity))

    def line_total_formula(self, line: QuoteLine, r: int) -> _Formula:
        cols = self.line_columns
        disc = f"*(1-{cols['discount']}{r})" if "discount" in cols else ""
        return _Formula(f"=ROUND({cols['qty']}{r}*{cols['unit']}{r}{disc},2)", line.total)

    @property
    def owned_cell(self) -> str | None:
        """The cell holding the owned licences' value as the target system, when the quote lists them."""
        return self.ref("owned_total") if self.owned else None

    def base_formula(self, p: PercentLine):
        """The base of a percentage line over the cells it depends on (the core's :func:`addin.quote.system_value`):

        * upgrade: the owned licences as the target system (the owned list's total);
        * Up2Date for a term: that plus the new licences, an upgrade line counted as what it adds;
        * Up2Date for additional licences: the new licences at list price.
        """
        new_value = self.new_value_formula()
        owned = self.owned_cell
        if p.kind == "upgrade":
            return _Formula(f"=ROUND({owned},2)", p.base) if owned else p.base
        if new_value is None:
            return p.base
        if p.kind != "up2date":
            return _Formula(f"=ROUND({new_value},2)", p.base)
        unit_of = {u.article.code: u.unit_value for u in p.upgraded}
        qty, unit = self.line_columns["qty"], self.line_columns["unit"]
        upgrades = "".join(f"+{qty}{r}*({unit_of[line.article.code]:f}-{unit}{r})"
                           for line, r in zip(self.quote.lines, self.rows_of("line"))
                           if line.article.code in unit_of and line.included_in is None)
        head = f"{owned}+" if owned else (f"{p.owned_total:f}+" if p.owned_total else "")
        return _Formula(f"=ROUND({head}{new_value}{upgrades},2)", p.base)

    def amount_formula(self, p: PercentLine, r: int) -> _Formula:
        """Base × rate, the rate of an add-on line being its yearly rate × the months left / 12 (as it shows)."""
        if p.kind == "addon":
            return _Formula(f"=ROUND({self.pct_columns['base']}{r}*{p.rate:f}*{p.months}/12,2)", p.amount)
        return _Formula(f"=ROUND({self.pct_columns['base']}{r}*{self.pct_columns['rate']}{r},2)", p.amount)

    def shift(self, formula: str) -> str:
        """Move the references of a template formula below the table along with their rows."""
        line_row, where = self.template.line_row, self.where

        def move(match, last=False):
            r = int(match.group(4))
            if r < line_row or r not in where:
                return match.group(0)
            rows = where[r]
            return f"{match.group(1)}{match.group(2)}{match.group(3)}{rows[-1] if last else rows[0]}"

        try:
            tok = Tokenizer(formula)
        except Exception:
            return formula
        parts = []
        for item in tok.items:
            if item.type == Token.OPERAND and item.subtype == Token.RANGE:
                ends = item.value.split(":")
                last_end = len(ends) - 1
                ends = [_REF.sub(functools.partial(move, last=(k == last_end and k > 0)), e)
                        for k, e in enumerate(ends)]
                parts.append(":".join(ends))
            else:
                parts.append(item.value)
        return "=" + "".join(parts)

    def fit_height(self, r: int, row: _Row) -> None:
        """Make room for wrapped text (Excel and LibreOffice do not grow rows of a generated file); a text too wide
        for its cell wraps instead of being clipped."""
        height = 0.0
        for c, _value, _style in row.cells:
            cell = self.ws.cell(r, c)
            if not isinstance(cell.value, str) or cell.data_type != "s":
                continue
            span = next((m for m in row.merges if m[0] == c), (c, c))
            width = sum(self.template.widths.get(k, 8.43) for k in range(span[0], span[1] + 1))
            lines = wrapped_lines(cell.value, width)
            if lines > 1 and not cell.alignment.wrap_text:
                old = cell.alignment
                cell.alignment = Alignment(horizontal=old.horizontal, vertical=old.vertical or "top", wrap_text=True,
                                           indent=old.indent)
            if lines > 1:
                size = float(cell.font.sz or 11)
                # a line is 1.25 times the font size: Excel needs 12.75 pt a line of Arial 10 (LibreOffice 11.5)
                height = max(height, lines * size * 1.25 + 2.5)
        if height:
            self.ws.row_dimensions[r].height = max(row.height or 0, round(height, 1))
