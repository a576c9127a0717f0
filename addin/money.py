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

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import BadValue, MissingValue

CENT = Decimal("0.01")
ZERO = Decimal("0")
HUNDRED = Decimal("100")

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
# German grouping: "1.234,56" or "1.234.567". A lone "12.125" is read with a decimal point.
_GROUPED = re.compile(r"^[+-]?\d{1,3}((\.\d{3})+,\d+|(\.\d{3}){2,}(,\d+)?)$")


def is_blank(value) -> bool:
    """True for None, empty or whitespace-only text (an empty Excel cell)."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_decimal(value, what: str = "Wert", *, what_en: str = "value") -> Decimal:
    """Turn a cell value (int, float, Decimal or number text) into a Decimal.

    Text may use a decimal comma (``"10,5"``) or German grouping
    (``"1.234,56"``); a trailing ``%`` divides by 100. Anything else, NaN and
    infinities raise :class:`BadValue`; a blank raises :class:`MissingValue`.
    """
    if value.__class__ is float and math.isfinite(value):  # fast path: what Excel passes
        return Decimal(repr(value))
    if isinstance(value, bool):
        raise BadValue(what, value, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise BadValue(what, value, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        if is_blank(value):
            raise MissingValue(what, what_en=what_en)
        result = _parse_number_text(value, what, what_en)
    elif value is None:
        raise MissingValue(what, what_en=what_en)
    else:
        raise BadValue(what, value, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
    if not result.is_finite():
        raise BadValue(what, value, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
    return result


def _parse_number_text(text: str, what: str, what_en: str) -> Decimal:
    raw = text.strip().replace("\u00a0", "").replace(" ", "").replace("€", "").replace("EUR", "")
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1]
    if _GROUPED.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif _NUMBER_TEXT.match(raw):
        raw = raw.replace(",", ".")
    else:
        raise BadValue(what, text, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
    try:
        result = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern above guards this
        raise BadValue(what, text, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")
    return result / HUNDRED if percent else result


def to_whole(value, what: str = "Menge", *, what_en: str = "quantity", minimum: int = 0,
             maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]; ``3.0`` is 3, ``2.5`` is an error."""
    if value.__class__ is int or (value.__class__ is float and value.is_integer() and abs(value) < 2.0 ** 53):
        whole = int(value)  # fast path: a whole number as Excel passes it (exact below 2**53)
    else:
        number = to_decimal(value, what, what_en=what_en)
        if number != number.to_integral_value():
            raise BadValue(what, value, "Ganze Zahl erwartet.", what_en=what_en,
                           hint_en="A whole number is expected.")
        whole = int(number)
    if whole < minimum or (maximum is not None and whole > maximum):
        if maximum is None:
            hint, hint_en = f"Erlaubt: ab {minimum}.", f"Allowed: {minimum} or more."
        else:
            hint, hint_en = f"Erlaubt: {minimum} bis {maximum}.", f"Allowed: {minimum} to {maximum}."
        raise BadValue(what, value, hint, what_en=what_en, hint_en=hint_en)
    return whole


def to_amount(value, what: str = "Betrag", *, what_en: str = "amount") -> Decimal:
    """A money amount that must not be negative."""
    amount = to_decimal(value, what, what_en=what_en)
    if amount < 0:
        raise BadValue(what, value, "Betrag darf nicht negativ sein.", what_en=what_en,
                       hint_en="The amount must not be negative.")
    return amount


def to_percent(value, what: str = "Prozentsatz", *, what_en: str = "percentage") -> Decimal:
    """A rate between 0 and 1 (``0.2``, ``"20%"`` or ``"20 %"``)."""
    rate = to_decimal(value, what, what_en=what_en)
    if rate < 0 or rate > 1:
        raise BadValue(what, value, f"Erlaubt: 0 % bis 100 %, eingetragen: {format_percent(rate)}.",
                       what_en=what_en, hint_en=f"Allowed: 0 % to 100 %, entered: {format_percent(rate, 'en')}.")
    return rate


def excel_round(amount: Decimal, digits: int = 2) -> Decimal:
    """Round half away from zero, as Excel's ROUND: 2.15 -> 2.2 (1 digit), -1.475 -> -1.48."""
    return amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def round_cents(amount: Decimal) -> Decimal:
    """Round an amount to cents, half away from zero (as ``excel_round(amount, 2)``)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_eur(amount: Decimal, lang: str = "de") -> str:
    """``1234.5`` -> ``'1.234,50 €'`` (German) or ``'€1,234.50'`` (English)."""
    text = f"{round_cents(amount):,.2f}"
    if lang == "en":
        return f"€{text}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") + " €"


def format_percent(rate: Decimal, lang: str = "de") -> str:
    """``0.18`` -> ``'18 %'`` (German) or ``'18%'`` (English)."""
    pct = (rate * HUNDRED).normalize()
    text = f"{pct:f}"
    if lang == "en":
        return f"{text}%"
    return text.replace(".", ",") + " %"
