"""The words of the batch (kept in :mod:`addin.i18n` under ``quote.``), and how dates show inside texts.

>>> format_date(dt.date(2026, 4, 15), "de"), format_date(dt.date(2026, 4, 15), "en")
('15.04.2026', '15 April 2026')
"""
from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from ..i18n import LANGUAGES, Shown, catalog, section, text


def counted(n: int, one: str, many: str) -> str:
    """``1 Entwurf``, ``2 Entwürfe``: a count with the word in singular or plural.

    >>> counted(1, "Entwurf", "Entwürfe"), counted(0, "draft", "drafts")
    ('1 Entwurf', '0 drafts')
    """
    return f"{n} {one if n == 1 else many}"


def format_date(day: dt.date, lang: str = "de") -> str:
    """A date as the quote shows it inside a text: ``15.04.2026`` (German) or ``15 April 2026`` (English).

    The same as the date cells of the shipped templates (``DD.MM.YYYY``, ``[$-809]D MMMM YYYY``); the pattern
    and the month names are the catalog's (``date.in_text``, ``date.months``).
    """
    month_name = catalog(lang)["date.months"][day.month - 1]
    return text("date.in_text", lang, day=day.day, month=day.month, month_name=month_name, year=day.year)


def in_date(day: dt.date) -> Shown:
    """A date as a message shows it: :func:`format_date` in the language of the message."""
    return Shown(functools.partial(format_date, day))


# The batch's words (quote document, statuses, summary headings) from the message catalogs, by language.
TEXTS: dict[str, dict[str, Any]] = {lang: section("quote", lang) for lang in LANGUAGES}
