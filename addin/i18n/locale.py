"""How each language writes numbers, money, percentages and dates: the one place of the choices by language
that are not texts.

The conventions are data of the language modules (``CONVENTIONS`` in ``de.py``, ``en.py``), so a third language
brings its own with its texts. Everything that writes or reads a number, an amount, a rate or a date for a
reader asks :func:`locale`:

>>> locale("de").money.format(amount="1.234,50"), locale("en").money.format(amount="1,234.50")
('1.234,50 €', '€1,234.50')
>>> locale("fr").lang  # a language without a module: German
'de'
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from . import FALLBACK, LANGUAGES


@dataclass(frozen=True)
class Locale:
    """One language's conventions (the fields of ``CONVENTIONS`` in its module)."""

    lang: str
    group: str  # thousands separator: "1.000" (de), "1,000" (en)
    decimal: str  # decimal mark
    example: str  # a number as this language writes it, for messages: "1.234,56"
    money: str  # an amount with its currency: "{amount} €"
    percent: str  # a rate: "{number} %"
    cell_money: str  # the number format of a money cell
    cell_date: str  # the number format of a date cell
    office: str  # the locale LibreOffice renders a PDF in: "de-DE"
    other: str  # the language whose number convention differs most (how ambiguous number text is explained)


_locales: dict[str, Locale] = {}


def locale(lang: str | None) -> Locale:
    """The conventions of ``lang`` (a language without a module: German's)."""
    code = lang if lang in LANGUAGES else FALLBACK
    found = _locales.get(code)
    if found is None:
        found = Locale(lang=code, **importlib.import_module(f"{__package__}.{code}").CONVENTIONS)
        _locales[code] = found
    return found
