"""Price lists over time: which list is valid on a date, and the date a price is asked for by default.

A catalog holds one or more price lists (sheet ``Preislisten`` of ``catalog.xlsx``), each with a
name, the day it is valid from, optionally the last day it is valid, a status and a price per
article. A list is valid from its ``Gültig ab`` until the day before the next list starts (or
until its ``Gültig bis``). The date a price is asked for is the quote date; without one it is
today, or the date in the environment variable ``XPHONE_PRICE_DATE`` (to preview a coming list
in a whole Excel session).

Example::

    >>> a = PriceList("Liste 2026", dt.date(2026, 1, 1), None, "Beispiel", {})
    >>> b = PriceList("Liste 2027", dt.date(2027, 1, 1), None, "Entwurf", {})
    >>> list_on((a, b), dt.date(2026, 12, 31)).name, list_on((a, b), dt.date(2027, 1, 1)).is_draft
    ('Liste 2026', True)
    >>> list_on((a, b), dt.date(2025, 12, 31))  # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    addin.errors.NoPriceList: Keine Preisliste gültig am 2025-12-31; Preislisten im Katalog: Liste 2026
    (ab 2026-01-01), Liste 2027 (ab 2027-01-01).
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..environment import getenv
from ..errors import BadValue, NoPriceList, show
from ..i18n import Shown, Text, text
from ..values import fold, to_date

ENV_PRICE_DATE = "XPHONE_PRICE_DATE"

# Status of a list: kind -> the words accepted in the sheet (compared folded); the first is how it is shown.
STATUSES = {
    "example": ("Beispiel", "Beispielpreise", "Example", "Example prices"),
    "valid": ("gültig", "gueltig", "in Kraft", "Valid", "Final"),
    "draft": ("Entwurf", "Draft"),
}
_STATUS_BY_WORD = {fold(word): kind for kind, words in STATUSES.items() for word in words}


def status_kind(text: Any) -> str | None:
    """``'Beispiel'`` -> ``'example'``, ``'gültig'`` -> ``'valid'``, ``'Entwurf'`` -> ``'draft'``; else None."""
    return _STATUS_BY_WORD.get(fold(text)) if text is not None else None


def allowed_statuses() -> str:
    return ", ".join(words[0] for words in STATUSES.values())


@dataclass(frozen=True)
class PriceList:
    """One price list: name, validity, status and the price of every article it offers.

    ``prices`` maps the article number to its list price; a percentage article it offers maps to None.
    An article missing from ``prices`` is not offered in this list (added later or withdrawn).
    """

    name: str
    valid_from: dt.date | None  # None: valid from the start (a catalog with one list and no date)
    valid_until: dt.date | None  # None: until the next list starts
    status: str
    # number -> list price, a Decimal (None: a percentage article); Any rather than Decimal | None, as readers
    # such as addin.calculator.build take a licence's price for a Decimal
    prices: dict[str, Any] = field(default_factory=dict, compare=False)
    row: int = 0  # row of the list on the sheet Preislisten (0: the one list of the sheet Preisliste)
    column: str = ""  # column of its prices on the sheet Artikel

    @property
    def kind(self) -> str:
        return status_kind(self.status) or "valid"

    @property
    def is_example(self) -> bool:
        return self.kind == "example"

    @property
    def is_draft(self) -> bool:
        return self.kind == "draft"

    def offers(self, number: str) -> bool:
        return number in self.prices

    def covers(self, day: dt.date) -> bool:
        """True when the list's own dates include ``day`` (the next list may start earlier)."""
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))

    def label(self, lang: str = "de") -> str:
        """``Liste 2027 (ab 2027-01-01)``, with ``bis`` when the list has a last day."""
        parts = []
        if self.valid_from is not None:
            parts.append(text("catalog.list_from", lang, day=show(self.valid_from)))
        if self.valid_until is not None:
            parts.append(text("catalog.list_to", lang, day=show(self.valid_until)))
        return f"{self.name} ({' '.join(parts)})" if parts else self.name


def describe(lists: Iterable[PriceList], lang: str = "de") -> str:
    """Every list with its dates, for a message: ``Liste 2026 (ab 2026-01-01), Liste 2027 (ab 2027-01-01)``."""
    return ", ".join(pl.label(lang) for pl in lists) or text("catalog.no_lists", lang)


def listed(lists: Iterable[PriceList]) -> Shown:
    """Every list with its dates, as a message shows them in its language (:func:`describe`)."""
    lists = tuple(lists)
    return Shown(lambda lang: describe(lists, lang))


def list_on(lists: Sequence[PriceList], day: dt.date) -> PriceList:
    """The list valid on ``day``: the last one started on or before it, unless it has ended by then.

    ``lists`` are sorted by their first day. Raises :class:`~addin.errors.NoPriceList` naming the day
    and every list when there is none (before the first list, or after a list's last day and before
    the next one).
    """
    found: PriceList | None = None
    for pl in lists:
        if pl.valid_from is None or pl.valid_from <= day:
            found = pl
        else:
            break
    if found is None or (found.valid_until is not None and day > found.valid_until):
        raise NoPriceList(date=show(day), lists=listed(lists))
    return found


# --------------------------------------------------------------------------- the date asked for by default

_today: list[Any] = [dt.date.min, 0.0]  # today's date, and the time (time.time()) until which it holds
_env_dates: dict[str, dt.date] = {}


_NEVER = float("inf")


def price_date_raw() -> str | None:
    """``XPHONE_PRICE_DATE`` (see :mod:`addin.environment`: a dict look-up), or None: what the default date
    depends on."""
    return getenv(ENV_PRICE_DATE)


def default_expiry(raw: str | None) -> float:
    """Until when (``time.time()``) a default date worked out under ``raw`` holds: midnight without the variable."""
    return _NEVER if raw else _today[1]


def today() -> dt.date:
    """Today's local date; worked out once a day (a warm call reads the clock and compares)."""
    now = time.time()
    if now < _today[1]:
        day: dt.date = _today[0]
        return day
    day = dt.date.today()
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()
    _today[0], _today[1] = day, midnight
    return day


def default_date() -> dt.date:
    """The date a price is asked for when none is given: ``XPHONE_PRICE_DATE`` when set, else today.

    A bad ``XPHONE_PRICE_DATE`` is refused naming the variable.
    """
    raw = getenv(ENV_PRICE_DATE)
    if not raw:
        return today()
    try:
        return _env_dates[raw]
    except KeyError:
        pass
    text = raw
    if not text.strip():
        return today()
    try:
        day = to_date(text, ENV_PRICE_DATE)
    except BadValue:
        raise BadValue(ENV_PRICE_DATE, text, Text("hint.date_expected_e_g_2027")) from None
    if len(_env_dates) > 16:
        _env_dates.clear()
    _env_dates[raw] = day
    return day
