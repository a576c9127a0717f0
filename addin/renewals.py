"""Up2Date renewals of an installed system: whether its term can be renewed on a day, and with what.

The service description allows a renewal to "XPhone Connect Bestandssysteme mit laufender
Software-Aktualisierung (Restlaufzeit ≤ 12 Monate)" and Up2Date again to "XPhone Bestandssysteme ohne
Software-Aktualisierung in Verbindung mit einem OneTime Upgrade". This tool's readings:

* at most 12 months left on the quote date: the running term ends no later than the last day of the month
  12 months after the quote date; a term that ends later can be quoted from the first day of the month
  12 months before its end month;
* the new term continues the running one: it starts the day after the running term's end and ends at the
  end of the month its years later (the service description's start rule, retrieval at the latest 3 months
  after the invoice, is written for new licences);
* a term that ended before the quote date has lapsed: the OneTime Upgrade from the system's release (release
  4: the migration) together with a new term, which starts when the upgrade is delivered (no dates printed).

Example::

    >>> import datetime as dt
    >>> from addin.catalog import get_catalog
    >>> r = renewal(dt.date(2027, 1, 31), 3, dt.date(2026, 12, 1), 8, get_catalog())
    >>> r.kind, r.start, r.new_end, r.articles
    ('renew', datetime.date(2027, 2, 1), datetime.date(2030, 1, 31), ('9130.0000.036',))
    >>> renewal(dt.date(2028, 1, 31), 3, dt.date(2026, 12, 1), 8, get_catalog()).quotable_from
    datetime.date(2027, 1, 1)
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import Catalog
from .errors import MissingValue
from .i18n import Text
from .options import read_release, read_years
from .values import add_months, end_of_month

KINDS = ("renew", "too_early", "lapsed")
MONTHS_AHEAD = 12  # "Restlaufzeit ≤ 12 Monate"


@dataclass(frozen=True)
class Renewal:
    """What a system gets on a quote date: ``kind`` (:data:`KINDS`), the running term's ``end``, the term
    offered in ``years`` and the article numbers to quote (the upgrade of a lapsed system, then the term);
    a renewal's new term from ``start`` to ``new_end``; ``quotable_from`` the first quote date of a term with
    more than 12 months left; ``alternatives``: other terms offered beside the main one (years)."""

    kind: str
    end: dt.date
    years: int
    articles: tuple[str, ...] = ()
    start: dt.date | None = None
    new_end: dt.date | None = None
    quotable_from: dt.date | None = None
    alternatives: tuple[int, ...] = ()


def last_renewal_day(day: dt.date) -> dt.date:
    """The latest end of a running term that may be renewed on ``day``: the last day of the month 12 months on.

    >>> last_renewal_day(dt.date(2026, 12, 1)), last_renewal_day(dt.date(2027, 2, 28))
    (datetime.date(2027, 12, 31), datetime.date(2028, 2, 29))
    """
    return end_of_month(add_months(day, MONTHS_AHEAD))


def new_term(end: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of a term of ``years`` continuing one that ends on ``end``: from the next day to
    the end of the month ``years`` later.

    >>> new_term(dt.date(2027, 1, 31), 3)
    (datetime.date(2027, 2, 1), datetime.date(2030, 1, 31))
    >>> new_term(dt.date(2027, 2, 28), 1)   # ends at the end of February 2028, a leap year
    (datetime.date(2027, 3, 1), datetime.date(2028, 2, 29))
    """
    start = end + dt.timedelta(days=1)
    return start, end_of_month(add_months(start, 12 * years) - dt.timedelta(days=1))


def renewal(end: dt.date, years: int, day: dt.date, release: int | None, catalog: Catalog,
            term: int | None = None, terms: Iterable[int] = ()) -> Renewal:
    """What a system whose Up2Date term of ``years`` ends (or ended) on ``end`` gets on the quote date ``day``.

    ``term`` offers another term than the running one as the main offer; ``terms`` adds the other terms it lists
    as alternatives. A term the catalog does not have, or a lapsed system without a release the catalog can
    upgrade, raises an error of the :class:`~addin.errors.XPhoneError` family (as the options read them).
    """
    wanted = list(dict.fromkeys(read_years(t, catalog) for t in terms))
    main = read_years(term if term is not None else years, catalog)
    alternatives = tuple(t for t in wanted if t != main)
    term_number = catalog.up2date[main].number
    if end < day:
        if release is None:
            raise MissingValue(Text("label.release_of_lapsed_system"))
        return Renewal("lapsed", end, main, (catalog.upgrades[read_release(release, catalog)].number, term_number),
                       alternatives=alternatives)
    if end > last_renewal_day(day):
        return Renewal("too_early", end, main, quotable_from=add_months(end, -MONTHS_AHEAD).replace(day=1))
    start, new_end = new_term(end, main)
    return Renewal("renew", end, main, (term_number,), start, new_end, alternatives=alternatives)
