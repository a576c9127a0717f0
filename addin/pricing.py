"""The pricing core: list prices, Up2Date, migration/one-time upgrades and Up2Date term dates.

No Excel here: plain Decimals and dates in, Decimals and dates out. All
rates come from the catalog's Up2Date and Upgrade sheets; list prices come
from the price list valid on ``date`` (default: today, see
:meth:`addin.catalog.Catalog.on`). The rates are the same under every list
(they come from the service description); the date still decides whether the
Up2Date or upgrade article is offered.

Examples (shipped catalog)::

    >>> line_price("OFFICE", 10, date=dt.date(2026, 12, 31)), line_price("OFFICE", 10, date=dt.date(2027, 1, 1))
    (Decimal('890.00'), Decimal('920.00'))
    >>> up2date_price(Decimal("10000"), 3, date=dt.date(2026, 3, 16))
    Decimal('5400.00')
    >>> upgrade_price(Decimal("10000"), "R6", date=dt.date(2027, 3, 16))
    Decimal('5500.00')
    >>> up2date_end(dt.date(2026, 3, 16), 1)
    datetime.date(2027, 3, 31)
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from .catalog import Catalog, Up2DateTerm, UpgradeRate, get_catalog
from .errors import NotPricedPerUnit
from .i18n import Text
from .money import round_cents, to_amount
from .options import MAX_MONTHS_LEFT, months_within_term, read_release, read_years
from .values import EXCEL_EPOCH, is_blank, to_date, to_whole  # noqa: F401  (EXCEL_EPOCH, to_date: public here too)

MAX_REMAINING_MONTHS = MAX_MONTHS_LEFT
_Choice = TypeVar("_Choice", Up2DateTerm, UpgradeRate)


def _cat(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else get_catalog()


def priced_catalog(catalog: Catalog | None = None, date: Any = None) -> Catalog:
    """The catalog (default: the one in use) priced with the list valid on ``date`` (None: see Catalog.on)."""
    return (catalog if catalog is not None else get_catalog()).on(date)


def _offered(cat: Catalog, number: str, date: Any) -> None:
    """Raise NotOffered when the list of ``cat`` does not offer the article ``number``."""
    pl = cat.price_list
    if pl is None or number not in pl.prices:
        cat.article(number, date)


def parse_years(years: Any, catalog: Catalog | None = None) -> int:
    """An Up2Date term in whole years that the catalog offers (1–5 in the shipped one)."""
    return read_years(years, _cat(catalog))


def parse_release(release: Any, catalog: Catalog | None = None) -> int:
    """A source release: ``6``, ``6.0``, ``"6"``, ``"R6"``, ``"Release 6"``, ``"V6"``."""
    return read_release(release, _cat(catalog))


def unit_price(article: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """List price of one unit on ``date``; percentage articles name the function that prices them."""
    cat = (catalog if catalog is not None else get_catalog()).on(date)
    art = cat.article(article, date)
    if art.is_percentage:
        function = "XP_UPGRADE" if art.category == "upgrade" else (
            "XP_UP2DATE_ADDON" if art.number not in {t.number for t in cat.up2date.values()} else "XP_UP2DATE")
        raise NotPricedPerUnit(article=f"{art.number} ({art.code})", function=function)
    assert art.price is not None  # a licence of a catalog priced with one list has its price
    return art.price


def line_price(article: Any, quantity: Any = 1, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """List price on ``date`` × quantity, rounded to cents."""
    qty = to_whole(quantity, Text("label.quantity_2"), minimum=0)
    return round_cents(unit_price(article, catalog, date) * qty)


def _offered_choice(cat: Catalog, kind: str, value: Any, parse: Callable[[Any, Catalog], int],
                   table: dict[int, _Choice], date: Any) -> _Choice:
    """The term or upgrade ``value`` names (``parse`` reads it), checked to be offered by the list of ``cat``.

    What a cell passed is remembered per priced catalog: a warm call is one dict look-up.
    """
    try:
        known: _Choice = cat._memo[kind, value.__class__, value]
        return known
    except KeyError:
        pass
    except TypeError:  # unhashable: parse names it
        entry = table[parse(value, cat)]
        _offered(cat, entry.number, date)
        return entry
    entry = table[parse(value, cat)]
    _offered(cat, entry.number, date)
    if len(cat._memo) >= 1024:
        cat._memo.clear()
    cat._memo[kind, value.__class__, value] = entry
    return entry


def _term(years: Any, catalog: Catalog | None, date: Any) -> Up2DateTerm:
    """The Up2Date term of ``years`` years; its article must be offered on ``date``."""
    cat = (catalog if catalog is not None else get_catalog()).on(date)
    return _offered_choice(cat, "term", years, parse_years, cat.up2date, date)


def up2date_rate(years: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """Annual Up2Date rate of a term: 0.20 for 1 year ... 0.16 for 5 years."""
    return _term(years, catalog, date).rate_per_year


def up2date_total_rate(years: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """Rate for the whole term: 0.20, 0.38, 0.54, 0.68, 0.80."""
    return _term(years, catalog, date).total_rate


def up2date_price(total: Any, years: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """Up2Date for a licence list value ``total`` over ``years`` years, rounded to cents."""
    amount = to_amount(total, Text("label.licence_total"))
    return round_cents(amount * up2date_total_rate(years, catalog, date))


def up2date_addon_price(cost: Any, remaining_months: Any, term_years: Any, catalog: Catalog | None = None,
                        date: Any = None) -> Decimal:
    """Up2Date for licences bought during a running term.

    annual rate of the running term × remaining months / 12 × licence cost,
    rounded to cents once at the end. The months left cannot be more than the
    running term has (1 year: 12, 3 years: 36): ``up2date_addon_price(1000, 48, 1)``
    is refused, naming 48 and 12.
    """
    amount = to_amount(cost, Text("label.licence_cost"))
    months = to_whole(remaining_months, Text("label.remaining_months"),
                      minimum=0, maximum=MAX_REMAINING_MONTHS)
    cat = priced_catalog(catalog, date)
    term = cat.up2date[parse_years(term_years, cat)]
    months_within_term(months, term.years, remaining_months, what=Text("label.remaining_months"))
    addon = cat.addon_article()
    if addon is not None:
        _offered(cat, addon.number, date)
    return term.addon_price(months, amount)


def upgrade_rate(release: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """Rate of a migration (release 4) or one-time upgrade (5–8); its article must be offered on ``date``."""
    cat = (catalog if catalog is not None else get_catalog()).on(date)
    return _offered_choice(cat, "upgrade", release, parse_release, cat.upgrades, date).rate


def upgrade_price(total: Any, release: Any, catalog: Catalog | None = None, date: Any = None) -> Decimal:
    """Migration (release 4) or one-time upgrade (5–8) of a licence list value, rounded to cents."""
    amount = to_amount(total, Text("label.licence_total"))
    return round_cents(amount * upgrade_rate(release, catalog, date))


# --------------------------------------------------------------------------- dates

def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` later, clamped to the month's end (30 Nov + 3 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def up2date_start(retrieval_date: Any, invoice_date: Any) -> dt.date:
    """Start of an Up2Date term.

    The term starts on the licence retrieval date, but at the latest 3 months
    after the invoice date. A blank retrieval date gives that latest start.
    """
    invoice = to_date(invoice_date, Text("label.invoice_date"))
    latest = add_months(invoice, 3)
    if is_blank(retrieval_date):
        return latest
    retrieval = to_date(retrieval_date, Text("label.retrieval_date"))
    return min(retrieval, latest)


def up2date_end(start_date: Any, years: Any, catalog: Catalog | None = None) -> dt.date:
    """Last day of an Up2Date term: the end of the month in which the term's last day falls.

    A term of ``years`` years starting on ``start`` covers up to the day before
    the same date ``years`` later; Up2Date always ends at the end of that month.
    16.03.2026 + 1 year -> 31.03.2027; 01.03.2026 + 1 year -> 28.02.2027.
    """
    start = to_date(start_date, Text("label.start_date"))
    term = parse_years(years, catalog)
    last_day = add_months(start, 12 * term) - dt.timedelta(days=1)
    return end_of_month(last_day)
