"""Money and percentages: exact decimals, rounded like Excel's ROUND.

Amounts are :class:`decimal.Decimal`. A float (Excel passes every number as
one) becomes a Decimal through its shortest text form, so ``2.675`` stays
``2.675`` and does not turn into ``2.67499999...``.

Example::

    >>> round_cents(to_decimal(2.675))
    Decimal('2.68')
    >>> excel_round(Decimal("-1.475"), 2)
    Decimal('-1.48')
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from .errors import BadValue
from .i18n import Shown, Text, Wording
from .i18n.locale import locale
from .values import HUNDRED, is_blank, read_as, to_decimal, to_whole  # noqa: F401  (readers live in values)

AMOUNT, PERCENTAGE = Text("label.amount"), Text("label.percentage")  # what a value is by default
CENT = Decimal("0.01")
ZERO = Decimal("0")


def to_amount(value: Any, what: Wording = AMOUNT) -> Decimal:
    """A money amount that must not be negative."""
    amount = to_decimal(value, what)
    if amount < 0:
        raise BadValue(what, value, Text("hint.not_negative", read=read_as(value)))
    return amount


def to_percent(value: Any, what: Wording = PERCENTAGE) -> Decimal:
    """A rate between 0 and 1 (``0.2``, ``"20%"`` or ``"20 %"``)."""
    rate = to_decimal(value, what)
    if rate < 0 or rate > 1:
        raise BadValue(what, value, Text("hint.rate_range", rate=in_percent(rate),
                                         read=read_as(value)))
    return rate


def excel_round(amount: Decimal, digits: int = 2) -> Decimal:
    """Round half away from zero, as Excel's ROUND: 2.15 -> 2.2 (1 digit), -1.475 -> -1.48."""
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def round_cents(amount: Decimal) -> Decimal:
    """Round an amount to cents, half away from zero (as ``excel_round(amount, 2)``)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_eur(amount: Decimal, lang: str = "de") -> str:
    """``1234.5`` -> ``'1.234,50 €'`` (German) or ``'€1,234.50'`` (English)."""
    loc = locale(lang)
    text = f"{round_cents(amount):,.2f}".replace(",", "\0").replace(".", loc.decimal).replace("\0", loc.group)
    return loc.money.format(amount=text)


def format_percent(rate: Decimal, lang: str = "de") -> str:
    """``0.18`` -> ``'18 %'`` (German) or ``'18%'`` (English)."""
    loc = locale(lang)
    return loc.percent.format(number=f"{(rate * HUNDRED).normalize():f}".replace(".", loc.decimal))



def in_eur(amount: Decimal) -> Shown:
    """An amount as a message shows it: :func:`format_eur` in the language of the message."""
    return Shown(lambda lang: format_eur(amount, lang))


def in_percent(rate: Decimal) -> Shown:
    """A rate as a message shows it: :func:`format_percent` in the language of the message."""
    return Shown(lambda lang: format_percent(rate, lang))


def percent_format(rate: Any, lang: str = "de") -> str:
    """The cell number format that shows ``rate`` as :func:`format_percent` writes it: the decimals it has (none
    for whole percents, at most 4), with a space before ``%`` in German.

    >>> percent_format(Decimal("0.19")), percent_format(Decimal("0.075")), percent_format(Decimal("0.075"), "en")
    ('0 %', '0.0 %', '0.0%')
    """
    pct = (Decimal(str(rate)) * HUNDRED).normalize()
    places = min(max(-cast(int, pct.as_tuple().exponent), 0), 4)  # a finite number's exponent
    digits = "0" + ("." + "0" * places if places else "")
    return locale(lang).percent.format(number=digits)  # a format code: "." whatever the language
