"""The catalog and priced quotes as pandas DataFrames, for analysts in Python or Jupyter.

* :func:`catalog_frame` -- one row per article of the price list valid on a date;
* :func:`priced_lines` -- one row per priced line of every quote of an orders sheet.

Amounts are exact ``Decimal`` values (column dtype ``object``), as everywhere in
the add-in: ``frame["total"].sum()`` adds them exactly; ``.astype(float)`` when
a plot needs floats. pandas is imported only here and by ``xphone-pricing
reprice``; worksheet functions and the quote batch never load it.

Example (shipped catalog and example orders)::

    >>> frame = catalog_frame(dt.date(2027, 1, 1))
    >>> frame.set_index("code").loc["OFFICE", ["price", "price_list"]].tolist()
    [Decimal('92'), 'Beispielpreisliste 2027']
    >>> lines = priced_lines("workbook_templates/example_orders.xlsx")
    >>> lines.groupby("quote")["total"].sum()["2026-001"]
    Decimal('2895.20')
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from .batch.orders import QuoteOrder, read_orders
from .catalog import Catalog, get_catalog
from .catalog.validity import default_date
from .errors import XPhoneError
from .quote import Quote, price_quote

CATALOG_COLUMNS = ("number", "code", "name", "category", "price", "price_list", "valid_from", "status")
LINE_COLUMNS = ("quote", "customer", "date", "price_list", "valid_from", "position", "number", "code", "name",
                "kind", "quantity", "unit_price", "discount", "base", "rate", "total")


def catalog_frame(date=None, catalog: Catalog | None = None, lang: str = "de") -> pd.DataFrame:
    """One row per article the price list valid on ``date`` offers (default: today).

    Columns: number, code, name, category, price (``Decimal``; None for Up2Date and upgrade
    articles), price_list, valid_from, status.
    """
    cat = (catalog if catalog is not None else get_catalog()).on(date)
    pl = cat.price_list
    assert pl is not None  # on() gives a catalog priced with one list
    rows = [(a.number, a.code, a.name(lang), a.category, a.price, pl.name, pl.valid_from, pl.status)
            for a in cat.articles]
    return pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))


def quote_rows(quote: Quote, lang: str = "de") -> list[tuple]:
    """The lines of one priced quote as rows of :data:`LINE_COLUMNS` (licences, included ones, percentages)."""
    head = (quote.quote_id, quote.customer, quote.date, quote.price_list, quote.valid_from)
    rows: list[tuple] = []
    for ql in quote.lines:
        kind = "included" if ql.included_in is not None else "licence"
        rows.append(head + (ql.position, ql.article.number, ql.article.code, ql.article.name(lang), kind,
                            ql.quantity, ql.unit_price, ql.discount, None, None, ql.total))
    for p in quote.percent_lines:
        rows.append(head + (p.position, p.article.number, p.article.code, p.article.name(lang), p.kind, 1, None,
                            None, p.base, p.rate, p.amount))
    return rows


def price_orders(orders, date=None, catalog: Catalog | None = None, today: dt.date | None = None,
                 lang: str = "de"):
    """Each quote of ``orders`` priced: ``(order, Quote or None, error message or "")``, in sheet order.

    ``orders``: an orders workbook (path) or :class:`~addin.batch.orders.QuoteOrder` objects. Each quote
    is priced with the list valid on its date; ``date`` prices every quote with the list of that day.
    """
    cat = (catalog if catalog is not None else get_catalog()).loaded
    if isinstance(orders, (str, Path)):
        orders = read_orders(orders, catalog=cat, today=today or default_date())
    for order in orders:
        if not isinstance(order, QuoteOrder):
            raise TypeError("orders: a path or QuoteOrder objects")
        if order.errors:
            yield order, None, " | ".join(e.message(lang) for e in order.errors)
            continue
        try:
            quote = price_quote(order.lines, order.owned, order.options, catalog=cat, quote_id=order.quote_id,
                                customer=order.customer, date=order.date, price_date=date, checks=False)
        except XPhoneError as exc:
            yield order, None, exc.message(lang)
            continue
        yield order, quote, ""


def priced_lines(orders, date=None, catalog: Catalog | None = None, lang: str = "de") -> pd.DataFrame:
    """One row per priced line of every quote of ``orders`` (a path or QuoteOrder objects).

    Columns: quote, customer, date, price_list, valid_from, position, number, code, name, kind
    (``licence``, ``included``, ``up2date``, ``addon``, ``upgrade``), quantity, unit_price, discount,
    base, rate, total (all amounts ``Decimal``). A quote's net total is the sum of its ``total``. Each
    quote is priced with the list valid on its date, or every quote on ``date``. Quotes that cannot be
    priced are left out and listed in ``frame.attrs["errors"]`` as (quote, message).
    """
    rows, errors = [], []
    for order, quote, error in price_orders(orders, date, catalog, lang=lang):
        if quote is None:
            errors.append((order.quote_id, error))
        else:
            rows.extend(quote_rows(quote, lang))
    frame = pd.DataFrame(rows, columns=list(LINE_COLUMNS))
    frame.attrs["errors"] = errors
    return frame
