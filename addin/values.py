"""Reading cell values: one reader per kind of value, and one way to show a value in a message.

Excel hands a function numbers as floats, dates as dates or serial numbers,
blank cells as None and text as typed; an orders sheet or the command line
gives text. Each reader here takes any of these and returns the value the
core works with, or raises :class:`~addin.errors.BadValue` /
:class:`~addin.errors.MissingValue` naming what was expected.

Examples::

    >>> to_decimal("1.234,56")
    Decimal('1234.56')
    >>> to_whole(3.0)
    3
    >>> to_bool("ja"), to_bool("-"), to_bool(None)
    (True, False, None)
    >>> to_date(46097.0)
    datetime.date(2026, 3, 16)
    >>> from_serial(46097) == to_date("16.03.2026")
    True
    >>> show(3310.0), show("OFFCE"), show("OFFCE", quoted=False)
    ('3310', "'OFFCE'", 'OFFCE')
    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation

from .errors import BadValue, MissingValue, show  # noqa: F401  (show: the one way to show a value)

HUNDRED = Decimal("100")

# --------------------------------------------------------------------------- blanks and text

def is_blank(value) -> bool:
    """True for None, empty or whitespace-only text (an empty Excel cell)."""
    return value is None or (isinstance(value, str) and not value.strip())


def fold(text) -> str:
    """A name compared forgivingly: ``'SMS-Benachrichtigung'`` -> ``'sms_benachrichtigung'``."""
    t = str(text).strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        t = t.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_")


def column_letter(index: int) -> str:
    """Excel's column letter of a 0-based column index: 0 -> ``A``, 26 -> ``AA``."""
    letters = ""
    number = index + 1
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --------------------------------------------------------------------------- numbers

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
# German grouping: "1.234,56" or "1.234.567". A lone "12.125" is read with a decimal point.
_GROUPED = re.compile(r"^[+-]?\d{1,3}((\.\d{3})+,\d+|(\.\d{3}){2,}(,\d+)?)$")


def _not_a_number(value, what: str, what_en: str) -> BadValue:
    return BadValue(what, value, "Zahl erwartet.", what_en=what_en, hint_en="A number is expected.")


def to_decimal(value, what: str = "Wert", *, what_en: str = "value") -> Decimal:
    """Turn a cell value (int, float, Decimal or number text) into a Decimal.

    Text may use a decimal comma (``"10,5"``) or German grouping
    (``"1.234,56"``); a trailing ``%`` divides by 100. Anything else, NaN and
    infinities raise :class:`BadValue`; a blank raises :class:`MissingValue`.
    """
    if value.__class__ is float and math.isfinite(value):  # fast path: what Excel passes
        return Decimal(repr(value))
    if isinstance(value, bool):
        raise _not_a_number(value, what, what_en)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        raise _not_a_number(value, what, what_en)  # NaN or an infinity
    elif isinstance(value, str):
        if is_blank(value):
            raise MissingValue(what, what_en=what_en)
        result = _parse_number_text(value, what, what_en)
    elif value is None:
        raise MissingValue(what, what_en=what_en)
    else:
        raise _not_a_number(value, what, what_en)
    if not result.is_finite():
        raise _not_a_number(value, what, what_en)
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
        raise _not_a_number(text, what, what_en)
    try:
        result = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern above guards this
        raise _not_a_number(text, what, what_en) from None
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


def to_choice(value, allowed, what: str, what_en: str, pattern: str | None = None) -> int:
    """A whole number out of ``allowed`` (Up2Date terms, releases).

    Without ``pattern`` the number must lie between the smallest and largest
    choice (``Erlaubt: 1 bis 5``) and be one of them. ``pattern`` is a regular
    expression whose first group holds the number in text such as ``"R6"`` or
    ``"Release 6"``; then any whole number is read and must be one of the choices.
    """
    allowed = tuple(allowed)
    if (value.__class__ is int or (value.__class__ is float and value.is_integer())) and int(value) in allowed:
        return int(value)  # fast path: an offered choice as Excel passes it
    listed = ", ".join(map(str, allowed))
    if pattern is None:
        whole = to_whole(value, what, what_en=what_en, minimum=min(allowed, default=0),
                         maximum=max(allowed, default=0))
    else:
        if is_blank(value):
            raise MissingValue(what, what_en=what_en)
        number = value
        if isinstance(value, str):
            m = re.fullmatch(pattern, value, re.IGNORECASE)
            if not m:
                raise BadValue(what, value, f"Erlaubt: {listed}.", what_en=what_en, hint_en=f"Allowed: {listed}.")
            number = int(m.group(1))
        whole = to_whole(number, what, what_en=what_en, minimum=0)
    if whole not in allowed:
        raise BadValue(what, value, f"Erlaubt: {listed}.", what_en=what_en, hint_en=f"Allowed: {listed}.")
    return whole


# --------------------------------------------------------------------------- yes / no

TRUE_WORDS = frozenset({"wahr", "true", "ja", "yes", "j", "y", "x", "1"})
FALSE_WORDS = frozenset({"falsch", "false", "nein", "no", "n", "0", "-"})


def to_bool(value, what: str = "Wert", what_en: str = "value") -> bool | None:
    """``WAHR``/``FALSCH``, ``TRUE``/``FALSE``, ``ja``/``nein``, ``x``/``-``, 1/0; blank -> None.

    The same spellings everywhere: orders sheet, options of XP_VALIDATE, command line.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        folded = "-" if text == "-" else fold(text)
        if folded in TRUE_WORDS:
            return True
        if folded in FALSE_WORDS:
            return False
    raise BadValue(what, value, "WAHR oder FALSCH erwartet (auch ja/nein, x/-, 1/0).", what_en=what_en,
                   hint_en="TRUE or FALSE expected (also yes/no, x/-, 1/0).")


# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial number 0 of Excel's 1900 date system (as Excel counts from March 1900)
MAX_SERIAL = 2958465  # 31.12.9999


def to_serial(day: dt.date) -> int:
    """Excel's serial number of a date: 16.03.2026 -> 46097."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return (day - EXCEL_EPOCH).days


def from_serial(serial) -> dt.date:
    """The date of an Excel serial number (the day part): 46097 -> 16.03.2026."""
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def to_date(value, what: str = "Datum", *, what_en: str = "date") -> dt.date:
    """A date from Excel: date, datetime, a serial number (46097 = 16.03.2026) or ISO/German text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if is_blank(value):
        raise MissingValue(what, what_en=what_en)
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise BadValue(what, value, "Datum erwartet, z. B. 16.03.2026.", what_en=what_en,
                       hint_en="A date is expected, e.g. 2026-03-16.")
    return from_serial(to_whole(value, what, what_en=what_en, minimum=1, maximum=MAX_SERIAL))
