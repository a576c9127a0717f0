"""The calculator's quote sheet: the customer's quote of the configuration on screen, inside the calculator.

The sheet ``Angebot`` (``Quote``) is the quote template's page (letterhead, address field, labels, footer, print
settings) made part of the calculator when it is built (:mod:`addin.calculator.quote_sheet`). Its figures and
texts are written by :func:`fill_book`, run from Excel: the button of the Lite pane's script (xlwings Lite) or
the xlwings ribbon's *Run main* (desktop). Why a script and not formulas: a quote grows with its lines and notes,
and a text runs over the empty cells to its right only when they are really empty; a sheet of formulas would
have to keep room for the longest quote and print narrow columns of text. Written values give the batch's page.

:func:`fill_book` reads the calculator's input cells, prices them as the batch prices the same calculator read
as an order (:func:`read_order`, :func:`addin.document.price_order`) and writes the rows the template makes of
that quote (:func:`plan`): the same sections, texts and figures. A hidden sheet ``xphone.quote`` holds the
template's rows (:class:`SheetModel`, as JSON), the draft mark and a copy of the inputs the sheet was made from;
the draft cell's formula compares that copy with the calculator and says so when the quote is out of date.

Only ``book.sheets[name].range(address).value`` is used, reading and writing: the same in xlwings, in xlwings
Lite and in the tests' stand-in over openpyxl.

Example (the shipped calculator's inputs, read as values)::

    >>> from addin.catalog import get_catalog
    >>> cells = {"A6": "SERVER", "C6": 1, "A7": "OFFICE", "C7": 50, "O7": "Beispiel GmbH", "G4": dt.date(2026, 3, 16)}
    >>> order = read_order(cells.get, get_catalog(), name="R-1")
    >>> order.quote_id, [(line.article.code, line.quantity) for line in order.lines]
    ('R-1', [('SERVER', 1), ('OFFICE', 50)])
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from .calculator.layout import (
    COL_ARTICLE,
    COL_NEW,
    COL_OWNED,
    COL_V1,
    DEFINED_NAMES,
    FIRST_LINE,
    LAST_LINE,
    OPTIONS_FIRST,
    OPTIONS_LAST,
    ORDER_CELLS,
    ORDER_FIRST,
    SHEET_CALC,
    VALIDATE_OPTIONS,
)
from .catalog import Catalog, get_catalog
from .catalog.validity import default_date
from .document import (
    INLINE,
    TEXTS,
    QuoteDetails,
    draft_text,
    in_text,
    is_draft,
    line_name,
    marker,
    pct_name,
    pct_rate,
    price_order,
    upgrade_text,
    with_seller_problem,
    wrap,
)
from .errors import BadValue, MissingValue, UnknownArticle, XPhoneError
from .i18n import Text, Wording
from .money import ZERO, format_percent, round_cents
from .options import OPTIONS
from .quote import MAX_QUANTITY, MAX_TEXT, VALID_DAYS, OrderLine, Quote, QuoteOrder
from .tax import decide
from .values import column_letter, is_blank, to_date, to_whole

STORE = "xphone.quote"      # the hidden sheet: model, draft mark, the inputs the quote was made from
MODEL_CELL = "A1"           # the template's rows as JSON (SheetModel)
DRAFT_CELL = "B2"           # the draft mark of the quote written last (the draft cell shows it while current)
ROWS_CELL = "C2"            # how many rows the last quote wrote (cleared before the next one)
STALE_CELL = "D2"           # the words of an out-of-date quote, in the calculator's language
# the quote block's texts (the rest: validity, the Up2Date term); the address ones are the order's details
TEXTS_READ = tuple(k for k in ORDER_CELLS if k not in ("valid_until", "up2date_years"))
# the calculator's inputs a quote depends on: the copy in STORE at the same addresses tells when it is out of date
INPUTS = (f"{DEFINED_NAMES['quote_date']}", f"{COL_ARTICLE}{FIRST_LINE}:{COL_ARTICLE}{LAST_LINE}",
          f"{COL_NEW}{FIRST_LINE}:{COL_OWNED}{LAST_LINE}", f"{COL_V1}{OPTIONS_FIRST}:{COL_V1}{OPTIONS_LAST}",
          f"{ORDER_CELLS['quote_id']}:{ORDER_CELLS['up2date_years']}")
_CELL = re.compile(r"([A-Z]+)(\d+)")


def split_ref(ref: str) -> tuple[str, int]:
    """``'O7'`` -> ``('O', 7)``."""
    m = _CELL.fullmatch(ref)
    if m is None:
        raise ValueError(ref)
    return m.group(1), int(m.group(2))


def column_index(letters: str) -> int:
    """``'A'`` -> 1, ``'AB'`` -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def letter(col: int) -> str:
    """1 -> ``'A'``."""
    return column_letter(col - 1)


# --------------------------------------------------------------------------- the calculator read as an order

def plain_text(value: Any, what: Wording) -> tuple[str, list]:
    """A text of the quote block as written: refused when blank or longer than the orders sheet allows."""
    shown = str(value).strip() if not is_blank(value) else ""
    if isinstance(value, float) and value.is_integer():
        shown = str(int(value))
    if not shown:
        raise MissingValue(what)
    if len(shown) > MAX_TEXT:
        raise BadValue(what, shown[:57] + "...", Text("orders.text_too_long", most=MAX_TEXT, size=len(shown)))
    return shown, []


class _Cells:
    """The calculator sheet's values by address; an error found is the order's, with sheet and cell."""

    def __init__(self, order: QuoteOrder, value: Callable[[str], Any]):
        self.order, self.value = order, value

    def read(self, ref: str, convert, *args, **kw) -> Any:
        try:
            return convert(self.value(ref), *args, **kw)
        except XPhoneError as exc:
            self.fail(exc, ref)
            return None

    def fail(self, exc: XPhoneError, ref: str) -> None:
        column, row = split_ref(ref)
        exc.fields.update(sheet=self.order.sheet, row=row, column=column)
        self.order.errors.append(exc)


def read_order(value: Callable[[str], Any], catalog: Catalog | None = None, today: dt.date | None = None, *,
               name: str = "", sheet: str = "", read_text=plain_text, notes=None) -> QuoteOrder:
    """The order a calculator's input cells hold; ``value(address)`` gives a cell's value.

    The quote's lines are the articles with a new quantity; the percentage lines follow from the cells: Up2Date
    for the term in ``up2date_years`` (1-5), the one-time upgrade (release 4: the migration) when the options
    give a release, Up2Date for additional licences when they give a running term and its months left and there
    are new licences. A value the orders sheet would refuse is the order's error, with the sheet and cell. The
    quote number defaults to ``name``; ``read_text(value, what)`` reads a text as ``(text, notes)`` and
    ``notes(notes, row, column)`` keeps what it noted (the batch: its orders sheet's reader).
    """
    cat = catalog if catalog is not None else get_catalog()
    order = QuoteOrder(name, sheet=sheet, first_row=FIRST_LINE)
    cells = _Cells(order, value)
    texts = {}
    for key in TEXTS_READ:
        ref = ORDER_CELLS[key]
        if is_blank(value(ref)):
            continue
        got = cells.read(ref, read_text, Text(f"calculator.order.{key}"))
        if got is not None:
            texts[key], said = got
            if said and notes is not None:
                notes(said, *reversed(split_ref(ref)))
    order.quote_id = texts.pop("quote_id", name)
    order.customer = texts.pop("customer", "")
    order.details = texts
    if not order.customer:
        cells.fail(MissingValue(Text("calculator.order.customer")), ORDER_CELLS["customer"])
    day_ref = DEFINED_NAMES["quote_date"]
    order.date = cells.read(day_ref, to_date, Text("label.date")) if not is_blank(value(day_ref)) else (
        today or default_date())
    valid = ORDER_CELLS["valid_until"]
    if not is_blank(value(valid)):
        order.valid_until = cells.read(valid, to_date, Text("calculator.order.valid_until"))
        order.seen["valid_until"] = (order.valid_until, split_ref(valid)[1])
    if order.valid_until is None and order.date is not None:
        order.valid_until = order.date + dt.timedelta(days=VALID_DAYS)
    for i, (key, _label) in enumerate(VALIDATE_OPTIONS):
        ref = f"{COL_V1}{OPTIONS_FIRST + i}"
        if not is_blank(value(ref)):
            got = cells.read(ref, OPTIONS[key].read, cat, short=True)
            if got is not None:
                order.options[key] = got
    _read_lines(cells, order, cat)
    _percentage_lines(cells, order, cat)
    try:
        order.tax = decide(cat.loaded.tax, order.details.get("country"), order.details.get("vat_id"))
    except BadValue as exc:
        cells.fail(exc, ORDER_CELLS[exc.fields.get("input", "vat_id")])
    return order


def _read_lines(cells: _Cells, order: QuoteOrder, cat: Catalog) -> None:
    for r in range(FIRST_LINE, LAST_LINE + 1):
        raw = cells.value(f"{COL_ARTICLE}{r}")
        if is_blank(raw):
            continue
        art = cat.find(raw)
        if art is None:
            cells.fail(UnknownArticle(article=str(raw), suggestions=cat.suggest(raw)), f"{COL_ARTICLE}{r}")
            continue
        quantities = []
        for col, what in ((COL_NEW, "label.quantity_2"), (COL_OWNED, "label.owned")):
            ref = f"{col}{r}"
            quantities.append(0 if is_blank(cells.value(ref)) else
                              cells.read(ref, to_whole, Text(what), minimum=0, maximum=MAX_QUANTITY))
        new, owned = quantities
        if new is None or owned is None:
            continue
        if owned:
            order.owned[art] = order.owned.get(art, 0) + owned
        order.lines.append(OrderLine(art, new, sheet=order.sheet, row=r))


def _percentage_lines(cells: _Cells, order: QuoteOrder, cat: Catalog) -> None:
    """Up2Date for ``up2date_years``, the upgrade of the release, the add-on of a running term."""
    def line(number: str) -> OrderLine:
        return OrderLine(cat.article(number), 1, sheet=order.sheet, row=ORDER_FIRST)

    ref = ORDER_CELLS["up2date_years"]
    if not is_blank(cells.value(ref)) and cells.read(ref, to_whole, Text("calculator.order.up2date_years")):
        years = cells.read(ref, OPTIONS["up2date_term_years"].read, cat, short=True)  # a term the catalog has
        if years is not None:
            order.lines.append(line(cat.up2date[years].number))
    release = order.options.get("release")
    if release is not None and release in cat.upgrades:
        order.lines.append(line(cat.upgrades[release].number))
    running = order.options.get("up2date_term_years"), order.options.get("up2date_months_left")
    addon = cat.find("UP2DATE_ADDON")
    if None not in running and addon is not None and any(x.quantity for x in order.lines
                                                           if not x.article.is_percentage):
        order.lines.append(OrderLine(addon, 1, sheet=order.sheet, row=ORDER_FIRST))


# --------------------------------------------------------------------------- the template's rows

@dataclass
class SheetModel:
    """What the quote sheet is made of, from the quote template (kept as JSON in the hidden sheet).

    ``rows``: the template's rows from the line table's header down, each ``[number, kind, [[col, text], ...],
    [[first col, last col], ...]]`` (kinds as the batch's template: line, pct, owned, finding, ?pct, ?owned,
    ?findings, ?up2date, ?vat_note, static; the header row ``?lines``); ``header``: ``[row, col, text]`` of the
    cells above with a marker; ``widths``: column widths; ``seller_vat_id`` and ``seller_problem`` (German,
    English) from the template's seller data.
    """

    lang: str
    sheet: str
    first_row: int
    kind_col: int
    rows: list
    header: list
    widths: dict
    seller_vat_id: str = ""
    seller_problem: list | None = None

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> SheetModel:
        data = json.loads(text)
        data["widths"] = {int(k): v for k, v in data["widths"].items()}
        return cls(**data)

    def width(self, col: int) -> float:
        return float(self.widths.get(col, 8.43))


# --------------------------------------------------------------------------- the quote's rows

@dataclass
class Plan:
    """What :func:`fill_book` writes: header cells, the rows from the model's ``first_row`` down (values of
    columns A to the kind column, which holds each row's style code), the draft mark."""

    cells: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    draft: str = ""


class _Values:
    """What each marker of the template holds for one quote, as plain values (numbers, dates, text)."""

    def __init__(self, quote: Quote, details: QuoteDetails, lang: str, model: SheetModel):
        self.quote, self.details, self.lang, self.t = quote, details, lang, TEXTS[lang]
        self.notes = [f for f in quote.findings if f.customer]
        self.upgraded = {u.article.code: u for p in quote.percent_lines for u in p.upgraded}
        shows_owned = (any(r[1] == "owned" for r in model.rows)
                       and any(p.owned_total for p in quote.percent_lines if p.kind != "addon"))
        self.owned = [(a, q) for a, q in details.owned if q and a.is_licence] if shows_owned else []
        self.vat_note = details.tax.note(lang, model.seller_vat_id)
        q = quote
        self.header = {
            "quote_id": q.quote_id, "customer": q.customer,
            "address": "\n".join(details.address_lines(q.customer)),
            **{k: details.address.get(k, "") for k in ("contact", "street", "postcode", "city", "country", "email",
                                                       "seller")},
            "date": _day(q.date), "valid_until": _day(details.valid_until), "price_list": q.price_list,
            "valid_from": _day(q.valid_from), "notice": self.t["notice"] if q.is_example else "",
            "draft": draft_text(q, details, lang), "vat_rate": format_percent(q.vat_rate, lang),
            "vat_note": self.vat_note,
        }
        self.totals = {"total": _money(q.licence_total), "up2date": _money(q.up2date_total) if any(
            p.is_up2date for p in q.percent_lines) else 0, "net": _money(q.net), "vat": _money(q.vat),
            "gross": _money(q.gross), "vat_rate": format_percent(q.vat_rate, lang),
            "owned_total": _money(sum((round_cents(self.owned_unit(a) * n) for a, n in self.owned), ZERO))}

    def owned_unit(self, article) -> Decimal:
        upgraded = self.upgraded.get(article.code)
        return upgraded.unit_value if upgraded is not None else article.price

    def owned_name(self, article) -> str:
        upgraded = self.upgraded.get(article.code)
        name = article.name(self.lang)
        return name if upgraded is None else f"{name}\n{upgrade_text(upgraded, self.lang, self.t)}"

    def fields(self, kind: str, item: Any) -> dict:
        """marker -> value of one repeated item (a line, a percentage line, an owned licence, a note)."""
        lang, t = self.lang, self.t
        if kind == "line":
            return {"pos": item.position, "number": item.article.number, "name": line_name(item, lang, t),
                    "qty": item.quantity, "unit": _money(item.unit_price),
                    "discount": format_percent(item.discount, lang) if item.discount else None,
                    "line_total": _money(item.total)}
        if kind == "pct":
            rate = pct_rate(item, lang)
            return {"pos": item.position, "number": item.article.number, "name": pct_name(item, lang, t),
                    "base": _money(item.base), "rate": rate if isinstance(rate, str) else format_percent(rate, lang),
                    "amount": _money(item.amount)}
        if kind == "owned":
            article, qty = item
            return {"number": article.number, "name": self.owned_name(article), "qty": qty,
                    "unit": _money(self.owned_unit(article)),
                    "owned_value": _money(round_cents(self.owned_unit(article) * qty))}
        return {"severity": t["severity"].get(item.severity, item.severity), "finding": item.for_customer(lang)}

    def inline(self, text: str) -> str:
        """Markers inside a text, filled as text (a date as the quote writes dates in texts)."""
        return INLINE.sub(lambda m: in_text(self.header[m.group(1)], self.lang) if m.group(1) in self.header
                          else m.group(0), text)

    def text(self, value: str, name: str | None) -> Any:
        """A template text: the header value it names, a conditional text, or markers inside the text."""
        if name is not None and not name.startswith("?"):
            return self.header.get(name, self.totals.get(name))
        if name is not None:  # {{?email}}E-Mail: the text only when the value is given
            shown = name[1:] not in self.header or self.header[name[1:]] not in (None, "")
            rest = value[len(name) + 4:]
            return self.text(rest, marker(rest)) if shown else None
        return self.inline(value)


def _day(day: dt.date | None) -> dt.datetime | None:
    """A date as a cell is written: a datetime at midnight (what xlwings and xlwings Lite hand Excel as a date)."""
    return None if day is None else dt.datetime.combine(day, dt.time())


def _money(amount: Decimal) -> float:
    return float(round_cents(amount))


def details_of(order: QuoteOrder, quote: Quote) -> QuoteDetails:
    """What the document shows besides the figures, as the batch gives it for the same order."""
    return QuoteDetails(address=dict(order.details), valid_until=order.valid_until, owned=quote.owned,
                        draft=is_draft(quote), tax=order.tax)


def _header(model: SheetModel):
    """(cell, template text) of the header cells a quote writes (the draft cell is a formula of its own)."""
    return [(f"{letter(c)}{r}", text) for r, c, text in model.header if marker(text) != "draft"]


def plan(quote: Quote, details: QuoteDetails, model: SheetModel) -> Plan:
    """The header cells and the rows the template makes of ``quote`` (the batch's sections and words)."""
    v = _Values(quote, details, model.lang, model)
    out = Plan(cells={ref: v.text(text, marker(text)) for ref, text in _header(model)}, draft=v.header["draft"])
    q = quote
    repeat = {"line": len(q.lines), "pct": len(q.percent_lines), "owned": len(v.owned), "finding": len(v.notes),
              "?pct": int(bool(q.percent_lines)), "?owned": int(bool(v.owned)), "?findings": int(bool(v.notes)),
              "?up2date": int(any(p.is_up2date for p in q.percent_lines)), "?vat_note": int(bool(v.vat_note)),
              "?lines": int(bool(q.lines)), "static": 1}
    items = {"line": q.lines, "pct": q.percent_lines, "owned": v.owned, "finding": v.notes}
    width = model.kind_col - 1
    for number, kind, cells, merges in model.rows:
        if kind == "static" and any(marker(t) == "total" for _c, t in cells) and not q.lines:
            continue  # no licence lines: no subtotal of 0,00 € either (as the batch hides it)
        for i in range(repeat[kind]):
            fields = v.fields(kind, items[kind][i]) if kind in items else {}
            values: dict[int, Any] = {}
            for c, text in cells:
                name = marker(text)
                if kind in items and name is not None and not name.startswith("?"):
                    values[c] = fields.get(name)
                elif name is not None and name.startswith("?") and name[1:] not in v.header:
                    rest = text[len(name) + 4:]  # the row's condition: its text follows
                    values[c] = v.text(rest, marker(rest))
                else:
                    values[c] = v.text(text, name)
            out.rows += _lines(number, values, merges, model, width)
    return out


def _lines(number: int, values: dict, merges: list, model: SheetModel, width: int) -> list[list]:
    """One template row as sheet rows: a text wider than its room goes on as many rows as it takes, each one
    line; the style code says which of them is first, in between or last. A text's room is its merged cells, or
    its cell and the empty ones to its right, which it runs over."""
    spans = {c1: c2 for c1, c2 in merges}
    filled = sorted(c for c, value in values.items() if value not in (None, ""))
    columns: dict[int, list] = {}
    for c, value in values.items():
        if isinstance(value, str) and value:
            last = spans.get(c, min([k - 1 for k in filled if k > c], default=width))
            columns[c] = wrap(value, sum(model.width(k) for k in range(c, last + 1)))
        else:
            columns[c] = [value]
    count = max((len(v) for v in columns.values()), default=1)
    rows = []
    for i in range(count):
        row: list[Any] = [None] * width
        for c, parts in columns.items():
            if i < len(parts) and 1 <= c <= width:
                row[c - 1] = parts[i] if parts[i] != "" else None
        code = str(number) if count == 1 else f"{number}{'a' if i == 0 else 'z' if i == count - 1 else 'm'}"
        rows.append(row + [code])
    return rows


# --------------------------------------------------------------------------- from Excel

def calculator_sheet(names) -> str | None:
    """The calculator sheet among a workbook's sheet names, or None."""
    return next((n for n in SHEET_CALC.values() if n in names), None)


def quote_of(value: Callable[[str], Any], model: SheetModel, catalog: Catalog | None = None,
             today: dt.date | None = None, name: str = "") -> tuple[Quote, QuoteDetails]:
    """The calculator's quote as the batch writes it for the same calculator read as an order; an input the
    orders sheet would refuse raises its error, with sheet and cell."""
    cat = catalog if catalog is not None else get_catalog()
    order = read_order(value, cat, today, name=name, sheet=SHEET_CALC[model.lang])
    if order.errors:
        raise order.errors[0]
    if not any(line.quantity for line in order.lines):
        raise MissingValue(Text("calculator_quote.nothing"))
    said: dict[str, str] = dict(zip(("de", "en"), model.seller_problem or ()))
    problem = (lambda lang: said[lang]) if said else None
    quote = with_seller_problem(price_order(order, cat), problem)
    return quote, details_of(order, quote)


def fill_book(book, catalog: Catalog | None = None, today: dt.date | None = None) -> Plan:
    """Write the quote of the calculator in ``book`` into its quote sheet (an xlwings ``Book``, Lite's, or any
    object with ``sheets[name].range(address).value``). A configuration that cannot be quoted leaves the sheet
    without lines and says why in the draft mark."""
    store = book.sheets[STORE]
    model = SheetModel.from_json(store.range(MODEL_CELL).value)
    calc = book.sheets[SHEET_CALC[model.lang]]
    last_row = max(LAST_LINE, OPTIONS_LAST, split_ref(ORDER_CELLS["up2date_years"])[1])
    last_col = column_index(split_ref(ORDER_CELLS["up2date_years"])[0])
    grid = calc.range(f"A1:{letter(last_col)}{last_row}").value

    def value(ref: str) -> Any:
        col, row = split_ref(ref)
        return grid[row - 1][column_index(col) - 1]

    name = str(getattr(book, "name", "") or "").rsplit(".", 1)[0]
    try:
        quote, details = quote_of(value, model, catalog, today, name=name)
        result = plan(quote, details, model)
    except XPhoneError as exc:
        result = Plan(cells={ref: None for ref, _text in _header(model)},
                      draft=Text("calculator_quote.failed", reason=exc)(model.lang))
    write_plan(book, model, result)
    for ref in INPUTS:  # the inputs this quote was made from: the draft cell tells when they change
        store.range(ref).value = calc.range(ref).value
    return result


def write_plan(book, model: SheetModel, result: Plan) -> None:
    """Write a plan into the quote sheet: header cells, the rows (clearing the last quote's), the draft mark."""
    store = book.sheets[STORE]
    sheet = book.sheets[model.sheet]
    for ref, value in result.cells.items():
        sheet.range(ref).value = value
    before = store.range(ROWS_CELL).value
    before = int(before) if isinstance(before, (int, float)) else 0
    width = model.kind_col
    rows = result.rows + [[None] * width for _ in range(max(before - len(result.rows), 0))]
    if rows:
        end = model.first_row + len(rows) - 1
        sheet.range(f"A{model.first_row}:{letter(width)}{end}").value = rows
    store.range(ROWS_CELL).value = len(result.rows)
    store.range(DRAFT_CELL).value = result.draft or None
