"""A saved calculator read as one order: ``xphone-pricing quotes Rechner.xlsm`` writes its customer's quote.

The calculator's input cells (:mod:`addin.calculator.layout`) make the order, read as the orders sheet reads
its columns: the article table (article, new and owned quantity), the quote date, the options block (release,
running Up2Date term and months left, the confirmations of the checks) and the quote block (quote number,
customer, contact, address, country, VAT ID, validity, and the Up2Date term to offer in years, 0 = none).
The quote's lines are the articles with a new quantity; the percentage lines follow from the cells:

* Up2Date for the term in ``up2date_years`` (1–5);
* the one-time upgrade (release 4: the migration) when the options give a release;
* Up2Date for additional licences when the options give a running term and its months left, and the
  article table has new licences.

A value the orders sheet would refuse is refused with the calculator's sheet and cell; only that
calculator's quote fails. The quote number defaults to the file's name.

Example::

    >>> order = read_calculator("workbook_templates/calculator.xlsm")
    >>> order.quote_id, order.customer, [(l.article.code, l.quantity) for l in order.lines][:2]
    ('R-2026-001', 'Beispiel GmbH', [('SERVER', 1), ('OFFICE', 50)])
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import coordinate_from_string

from ..calculator.layout import (
    COL_ARTICLE,
    COL_NEW,
    COL_OWNED,
    COL_V1,
    DEFINED_NAMES,
    FIRST_LINE,
    LAST_LINE,
    OPTIONS_FIRST,
    ORDER_CELLS,
    SHEET_CALC,
    VALIDATE_OPTIONS,
)
from ..catalog import Catalog, get_catalog
from ..catalog.validity import default_date
from ..errors import BadValue, MissingValue, OrdersError, UnknownArticle, XPhoneError
from ..i18n import Text
from ..options import OPTIONS
from ..quote import OrderLine
from ..tax import decide
from ..values import is_blank, to_date, to_whole
from ..xlsx.read import load_workbook_checked, sheet_names
from .orders import DETAILS, MAX_QUANTITY, VALID_DAYS, Note, OrderList, QuoteOrder, parse_text

WHAT = Text("label.calculator")


def is_calculator(path) -> bool:
    """True when the workbook at ``path`` is a calculator (it has the calculator sheet of some language); only the
    sheet names are read, so an orders sheet of 40,000 rows costs nothing here."""
    try:
        names = sheet_names(path, WHAT)
    except XPhoneError:
        return False
    return any(name in names for name in SHEET_CALC.values())


class _Cells:
    """The calculator sheet's values by cell address, and the errors found, each with sheet and cell."""

    def __init__(self, order: QuoteOrder, ws):
        self.order, self.ws = order, ws

    def value(self, ref: str) -> Any:
        return self.ws[ref].value

    def read(self, ref: str, convert, *args, **kw) -> Any:
        """``convert(value, ...)`` of the cell ``ref``; an error is the order's, named with sheet and cell."""
        try:
            return convert(self.value(ref), *args, **kw)
        except XPhoneError as exc:
            self.fail(exc, ref)
            return None

    def fail(self, exc: XPhoneError, ref: str) -> None:
        column, row = coordinate_from_string(ref)
        exc.fields.update(sheet=self.ws.title, row=row, column=column)
        self.order.errors.append(exc)


def read_calculator(path, catalog: Catalog | None = None, today: dt.date | None = None) -> QuoteOrder:
    """The order a saved calculator holds (see the module's description)."""
    cat = catalog if catalog is not None else get_catalog()
    path = Path(path)
    wb = load_workbook_checked(path, WHAT, data_only=True)
    name = next((n for n in SHEET_CALC.values() if n in wb.sheetnames), None)
    if name is None:
        raise OrdersError(Text("calculator_order.no_sheet", names=", ".join(sorted(set(SHEET_CALC.values())))),
                          file=path.name)
    ws = wb[name]
    order = QuoteOrder(path.stem, sheet=name, first_row=FIRST_LINE)
    cells = _Cells(order, ws)
    texts = {}
    for key in ("quote_id", "customer", *DETAILS):
        ref = ORDER_CELLS.get(key)
        if ref is None or is_blank(cells.value(ref)):
            continue
        got = cells.read(ref, parse_text, Text(f"calculator.order.{key}"))
        if got is not None:
            texts[key], notes = got
            column, row = coordinate_from_string(ref)
            order.notes += [Note(n, name, row, column) for n in notes]
    order.quote_id = texts.pop("quote_id", path.stem)
    order.customer = texts.pop("customer", "")
    order.details = texts
    if not order.customer:
        cells.fail(MissingValue(Text("calculator.order.customer")), ORDER_CELLS["customer"])
    day_ref = DEFINED_NAMES["quote_date"]
    order.date = cells.read(day_ref, to_date, Text("label.date")) if not is_blank(cells.value(day_ref)) else (
        today or default_date())
    valid = ORDER_CELLS["valid_until"]
    if not is_blank(cells.value(valid)):
        order.valid_until = cells.read(valid, to_date, Text("calculator.order.valid_until"))
        order.seen["valid_until"] = (order.valid_until, coordinate_from_string(valid)[1])
    if order.valid_until is None and order.date is not None:
        order.valid_until = order.date + dt.timedelta(days=VALID_DAYS)
    for i, (key, _label) in enumerate(VALIDATE_OPTIONS):
        ref = f"{COL_V1}{OPTIONS_FIRST + i}"
        if not is_blank(cells.value(ref)):
            value = cells.read(ref, OPTIONS[key].read, cat, short=True)
            if value is not None:
                order.options[key] = value
    _read_lines(cells, order, cat)
    _percentage_lines(cells, order, cat)
    _decide_tax(cells, order, cat)
    wb.close()
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
        order.lines.append(OrderLine(art, new, sheet=cells.ws.title, row=r))


def _percentage_lines(cells: _Cells, order: QuoteOrder, cat: Catalog) -> None:
    """Up2Date for ``up2date_years``, the upgrade of the release, the add-on of a running term."""
    def line(number: str) -> OrderLine:
        return OrderLine(cat.article(number), 1, sheet=cells.ws.title, row=FIRST_LINE)

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
        order.lines.append(OrderLine(addon, 1, sheet=cells.ws.title, row=FIRST_LINE))


def _decide_tax(cells: _Cells, order: QuoteOrder, cat: Catalog) -> None:
    """The VAT treatment of the quote block's country and VAT ID (addin.tax), as the orders sheet decides it."""
    try:
        order.tax = decide(cat.loaded.tax, order.details.get("country"), order.details.get("vat_id"))
    except BadValue as exc:
        cells.fail(exc, ORDER_CELLS[exc.fields.get("input", "vat_id")])


class CalculatorOrders(OrderList):
    """Several saved calculators as the quotes of one batch (what the quote batch reads: ids, length, quotes)."""

    def __init__(self, paths, catalog: Catalog, today: dt.date | None = None):
        self.orders = [read_calculator(p, catalog, today) for p in paths]
        seen: dict[str, str] = {}
        for order, path in zip(self.orders, paths):
            first = seen.setdefault(order.quote_id, Path(path).name)
            if first != Path(path).name:
                column, row = coordinate_from_string(ORDER_CELLS["quote_id"])
                order.errors.append(BadValue(Text("calculator.order.quote_id"), order.quote_id,
                                             Text("calculator_order.same_id", other=first), file=Path(path).name,
                                             sheet=order.sheet, row=row, column=column))
