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

from openpyxl.utils.cell import coordinate_from_string

from ..calculator.layout import ORDER_CELLS, SHEET_CALC
from ..catalog import Catalog, get_catalog
from ..errors import BadValue, OrdersError, XPhoneError
from ..i18n import Text
from ..quote_sheet import read_order
from ..xlsx.read import load_workbook_checked, sheet_names
from .orders import Note, OrderList, QuoteOrder, parse_text

WHAT = Text("label.calculator")


def is_calculator(path) -> bool:
    """True when the workbook at ``path`` is a calculator (it has the calculator sheet of some language); only the
    sheet names are read, so an orders sheet of 40,000 rows costs nothing here."""
    try:
        names = sheet_names(path, WHAT)
    except XPhoneError:
        return False
    return any(name in names for name in SHEET_CALC.values())


def read_calculator(path, catalog: Catalog | None = None, today: dt.date | None = None) -> QuoteOrder:
    """The order a saved calculator holds (see the module's description), read as the calculator's quote sheet
    reads it (:func:`addin.quote_sheet.read_order`); texts are read as the orders sheet reads them."""
    cat = catalog if catalog is not None else get_catalog()
    path = Path(path)
    wb = load_workbook_checked(path, WHAT, data_only=True)
    name = next((n for n in SHEET_CALC.values() if n in wb.sheetnames), None)
    if name is None:
        raise OrdersError(Text("calculator_order.no_sheet", names=", ".join(sorted(set(SHEET_CALC.values())))),
                          file=path.name)
    ws = wb[name]
    noted: list[Note] = []
    order = read_order(lambda ref: ws[ref].value, cat, today, name=path.stem, sheet=name, read_text=parse_text,
                       notes=lambda said, row, column: noted.extend(Note(n, name, row, column) for n in said))
    order.notes += noted
    wb.close()
    return order


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
