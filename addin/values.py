"""Reading cell values: one reader per kind of value, and one way to show a value in a message.

Excel hands a function numbers as floats, dates as dates or serial numbers,
blank cells as None and text as typed; an orders sheet or the command line
gives text. Each reader here takes any of these and returns the value the
core works with, or raises :class:`~addin.errors.BadValue` /
:class:`~addin.errors.MissingValue` naming what was expected.

Examples::

    >>> to_decimal("1.234,56"), to_decimal("1.000")
    (Decimal('1234.56'), Decimal('1000'))
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

import calendar
import contextlib
import contextvars
import datetime as dt
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import BadValue, MissingValue, default_language, show
from .i18n import LANGUAGES, Shown, Text, Wording, text
from .i18n.locale import locale

VALUE, QUANTITY, DATE = Text("label.value"), Text("label.quantity"), Text("label.date")  # what a value is by default

HUNDRED = Decimal("100")

# --------------------------------------------------------------------------- blanks and text

def is_blank(value: Any) -> bool:
    """True for None, empty or whitespace-only text (an empty Excel cell)."""
    return value is None or (isinstance(value, str) and not value.strip())


def fold(text: Any) -> str:
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


# --------------------------------------------------------------------------- number text

@dataclass(frozen=True)
class Convention:
    """How number text is written in one language: the thousands separator and the decimal mark."""

    lang: str
    group: str
    decimal: str
    pattern: re.Pattern[str]  # the digits of a well-formed number (no sign, unit or exponent)
    example: str

    def named(self, how: str) -> Text:
        """How a message names this convention: ``how`` is ``in`` ("in deutscher Schreibweise"), ``name``
        ("deutsche Schreibweise") or ``rule`` ("Punkt trennt Tausender, ...")."""
        return Text(f"number.{how}.{self.lang}")


def _convention(lang: str) -> Convention:
    """The number convention of ``lang`` from its locale: well-formed digits are grouped by threes or not at all."""
    loc = locale(lang)
    group, mark = re.escape(loc.group), re.escape(loc.decimal)
    pattern = re.compile(rf"(?:[0-9]{{1,3}}(?:{group}[0-9]{{3}})+|[0-9]+)(?:{mark}[0-9]+)?|{mark}[0-9]+")
    return Convention(loc.lang, loc.group, loc.decimal, pattern, loc.example)


CONVENTIONS = {lang: _convention(lang) for lang in LANGUAGES}
_NUMBER_SHAPE = re.compile(r"[0-9.,\s]*[0-9][0-9.,\s]*")  # digits, separators and spaces: meant as a number
_EXPONENT = re.compile(r"(.*?[0-9.,])([eE][+-]?[0-9]+)")


def convention(lang: str | None = None) -> Convention:
    """The convention number text is read with: that of ``lang``, else of the language in force."""
    return CONVENTIONS[locale(lang or default_language()).lang]


def _other(conv: Convention) -> Convention:
    return CONVENTIONS[locale(conv.lang).other]


def plain_number(value: Decimal, lang: str = "de") -> str:
    """A number without thousands separators, with the decimal mark of ``lang``: ``2.675`` -> ``'2,675'`` (de)."""
    text = format(value.normalize() if value == value.to_integral_value() else value, "f")
    return text.replace(".", locale(lang).decimal)


def in_number(value: Decimal) -> Shown:
    """A number as a message shows it: :func:`format_number` in the language of the message."""
    return Shown(lambda lang: format_number(value, lang))


def format_number(value: Decimal, lang: str = "de") -> str:
    """A Decimal written as a user of ``lang`` writes it, every digit kept: ``10000.5`` -> ``'10.000,5'`` (de),
    ``'10,000.5'`` (en). :func:`read_number_text` reads it back as the same Decimal."""
    conv = CONVENTIONS[locale(lang).lang]
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        whole, tail = whole[:-3], whole[-3:]
        groups.insert(0, tail)
    grouped = conv.group.join([whole, *groups])
    return sign + grouped + (conv.decimal + fraction if fraction else "")


@dataclass(frozen=True)
class Reading:
    """Number text that the other convention reads differently: how it was read, and what it would be otherwise.

    >>> Reading("1.000", Decimal("1000"), "de", Decimal("1")).message("de")
    "'1.000' als 1000 gelesen (deutsche Schreibweise); in englischer Schreibweise wäre es 1."
    """

    text: str
    value: Decimal
    lang: str  # the convention applied
    other: Decimal  # the other convention's reading

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        conv = CONVENTIONS[self.lang]
        return text("number.read_as", lang, text=show(self.text), value=plain_number(self.value, lang),
                    name=conv.named("name")(lang), other_in=_other(conv).named("in")(lang),
                    other=plain_number(self.other, lang))


# Readings noted while an adapter listens (see noting_readings); None = nobody listens.
_readings: contextvars.ContextVar[Any] = contextvars.ContextVar("xphone_number_readings", default=None)


@contextlib.contextmanager
def noting_readings() -> Iterator[list[Reading]]:
    """Collect the :class:`Reading` of every ambiguous number text read inside the block (``1.000``, ``2,675``).

    An adapter turns them into a note where the user sees it (the orders sheet's notes, a finding, stderr)::

        >>> with noting_readings() as notes:
        ...     to_decimal("1.000")
        Decimal('1000')
        >>> notes[0].message("en")
        "'1.000' read as 1000 (German convention); in the English convention it would be 1."
    """
    found: list[Reading] = []
    token = _readings.set(found)
    try:
        yield found
    finally:
        _readings.reset(token)


def _digits(text: str, conv: Convention) -> Decimal | None:
    """The value of well-formed digits under ``conv``, else None."""
    if not conv.pattern.fullmatch(text):
        return None
    return Decimal(text.replace(conv.group, "").replace(conv.decimal, "."))


def _split_number_text(text: str) -> Any:
    """``(sign, digits, exponent, percent)`` of text meant as a number, or None when it is no number at all."""
    t = text.strip()
    percent = False
    if t.endswith("%"):
        percent, t = True, t[:-1].rstrip()
    elif t.endswith("€"):
        t = t[:-1].rstrip()
    elif t[-3:].upper() == "EUR":
        t = t[:-3].rstrip()
    sign = ""
    if t[:1] in ("+", "-", "\u2212"):  # U+2212, the minus sign of a PDF or a typeset e-mail
        sign, t = t[0].replace("\u2212", "-"), t[1:].lstrip()
    if t.startswith("€"):
        t = t[1:].lstrip()
    exponent = ""
    m = _EXPONENT.fullmatch(t)
    if m:
        t, exponent = m.group(1), m.group(2)
    if not _NUMBER_SHAPE.fullmatch(t):
        return None
    return sign, t, exponent, percent


def read_number_text(text: str, lang: str | None = None, what: Wording = VALUE) -> Decimal:
    """Number text read with the convention of ``lang`` (default: the language in force), the one reader of them all.

    German (default): ``.`` groups thousands, ``,`` is the decimal mark: ``1.000`` = 1000, ``10.000,50`` =
    10000.5, ``2,675`` = 2.675. English: ``1,000`` = 1000, ``2.675`` = 2.675. A sign, an exponent
    (``1e3``), a trailing ``%`` (divides by 100) and ``€``/``EUR`` are allowed. Text that is not well-formed
    under the convention (``1.00.0``, ``1,000.000,5``, ``12 34``) raises :class:`BadValue` naming the value
    and the convention; text the other convention would read differently is noted (:func:`noting_readings`).

    >>> read_number_text("10.000,50"), read_number_text("10,000.50", "en"), read_number_text("20 %")
    (Decimal('10000.50'), Decimal('10000.50'), Decimal('0.2'))
    """
    conv = convention(lang)
    parts = _split_number_text(text)
    if parts is None:
        raise _not_a_number(text, what)
    sign, digits, exponent, percent = parts
    value = _digits(digits, conv)
    other = _digits(digits, _other(conv))
    if value is None:
        raise _ill_formed(text, conv, other, sign, exponent, percent, what)
    result = _finish(value, sign, exponent, percent)
    if other is not None and other != value:
        found = _readings.get()
        if found is not None:
            reading = Reading(text.strip(), result, conv.lang, _finish(other, sign, exponent, percent))
            if reading not in found:
                found.append(reading)
    return result


def number_reading(value: Any) -> Reading | None:
    """The :class:`Reading` of ``value`` when it is number text the other convention reads differently, else None.

    Messages about a value out of range use it to say how the text was read.
    """
    if not isinstance(value, str):
        return None
    parts = _split_number_text(value)
    if parts is None:
        return None
    sign, digits, exponent, percent = parts
    conv = convention()
    mine, other = _digits(digits, conv), _digits(digits, _other(conv))
    if mine is None or other is None or mine == other:
        return None
    return Reading(value.strip(), _finish(mine, sign, exponent, percent), conv.lang,
                   _finish(other, sign, exponent, percent))


def read_as(value: Any) -> Wording:
    """How ambiguous number text was read, as a hint ends (`` '1.000' als 1000 gelesen ...``), else empty."""
    reading = number_reading(value)
    return "" if reading is None else Text("number.read_as_tail", reading=reading)


def _finish(value: Decimal, sign: str, exponent: str, percent: bool) -> Decimal:
    result = Decimal(f"{sign}{value:f}{exponent}") if (sign or exponent) else value
    return result / HUNDRED if percent else result


def _ill_formed(text: str, conv: Convention, other: Any, sign: Any, exponent: Any, percent: Any,
                what: Wording) -> BadValue:
    meant: Wording = ""
    if other is not None:
        written = format_number(_finish(other, sign, exponent, False), conv.lang) + ("%" if percent else "")
        value = _finish(other, sign, exponent, percent)
        meant = Text("number.meant", other_in=_other(conv).named("In"),
                     value=Shown(lambda lang: plain_number(value, lang)), written=written)
    return BadValue(what, text, Text("number.ill_formed", conv_in=conv.named("in"), rule=conv.named("rule"),
                                     example=conv.example, meant=meant))


def _not_a_number(value: Any, what: Wording) -> BadValue:
    return BadValue(what, value, Text("hint.number_expected"))


def to_decimal(value: Any, what: Wording = VALUE) -> Decimal:
    """Turn a cell value (int, float, Decimal or number text) into a Decimal.

    Numbers stay as they are (a float through its shortest text: ``2.675`` is 2.675). Text is read by
    :func:`read_number_text` with the convention of the language in force: German ``"1.234,56"``,
    ``"10,5"``, ``"1.000"`` (one thousand); English ``"1,234.56"``. A trailing ``%`` divides by 100.
    Anything else, NaN and infinities raise :class:`BadValue`; a blank raises :class:`MissingValue`.
    """
    if value.__class__ is float and math.isfinite(value):  # fast path: what Excel passes
        return Decimal(repr(value))
    if isinstance(value, bool):
        raise _not_a_number(value, what)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        raise _not_a_number(value, what)  # NaN or an infinity
    elif isinstance(value, str):
        if is_blank(value):
            raise MissingValue(what)
        result = read_number_text(value, None, what)
    elif value is None:
        raise MissingValue(what)
    else:
        raise _not_a_number(value, what)
    if not result.is_finite():
        raise _not_a_number(value, what)
    return result


def to_whole(value: Any, what: Wording = QUANTITY, *, minimum: int = 0,
             maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]; ``3.0`` is 3, ``2.5`` is an error."""
    if value.__class__ is int or (value.__class__ is float and value.is_integer() and abs(value) < 2.0 ** 53):
        whole = int(value)  # fast path: a whole number as Excel passes it (exact below 2**53)
    else:
        number = to_decimal(value, what)
        if number != number.to_integral_value():
            raise BadValue(what, value, Text("hint.whole_number", read=read_as(value)))
        whole = int(number)
    if whole < minimum or (maximum is not None and whole > maximum):
        if maximum is None:
            hint = Text("hint.at_least", minimum=minimum, read=read_as(value))
        else:
            hint = Text("hint.between", minimum=minimum, maximum=maximum, read=read_as(value))
        raise BadValue(what, value, hint)
    return whole


def to_choice(value: Any, allowed: Any, what: Wording, pattern: str | None = None) -> int:
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
        whole = to_whole(value, what, minimum=min(allowed, default=0),
                         maximum=max(allowed, default=0))
    else:
        if is_blank(value):
            raise MissingValue(what)
        number = value
        if isinstance(value, str):
            m = re.fullmatch(pattern, value, re.IGNORECASE)
            if not m:
                raise BadValue(what, value, Text("hint.allowed", listed=listed))
            number = int(m.group(1))
        whole = to_whole(number, what, minimum=0)
    if whole not in allowed:
        raise BadValue(what, value, Text("hint.allowed", listed=listed))
    return whole


# --------------------------------------------------------------------------- yes / no

TRUE_WORDS = frozenset({"wahr", "true", "ja", "yes", "j", "y", "x", "1"})
FALSE_WORDS = frozenset({"falsch", "false", "nein", "no", "n", "0", "-"})


def to_bool(value: Any, what: Wording = VALUE) -> bool | None:
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
    raise BadValue(what, value, Text("hint.true_or_false_expected_also"))


# --------------------------------------------------------------------------- dates

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial number 0 of Excel's 1900 date system (as Excel counts from March 1900)
MAX_SERIAL = 2958465  # 31.12.9999


def to_serial(day: dt.date) -> int:
    """Excel's serial number of a date: 16.03.2026 -> 46097."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return (day - EXCEL_EPOCH).days


def from_serial(serial: Any) -> dt.date:
    """The date of an Excel serial number (the day part): 46097 -> 16.03.2026."""
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def to_date(value: Any, what: Wording = DATE) -> dt.date:
    """A date from Excel: date, datetime, a serial number (46097 = 16.03.2026) or ISO/German text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if is_blank(value):
        raise MissingValue(what)
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                pass
        raise BadValue(what, value, Text("hint.date_expected_e_g_2026"))
    return from_serial(to_whole(value, what, minimum=1, maximum=MAX_SERIAL))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or earlier), at most the month's last day: 31.01.2027 + 1 -> 28.02.2027.

    >>> add_months(dt.date(2027, 2, 1), 36), add_months(dt.date(2028, 1, 31), -12)
    (datetime.date(2030, 2, 1), datetime.date(2027, 1, 31))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def end_of_month(day: dt.date) -> dt.date:
    """The last day of ``day``'s month: 10.02.2028 -> 29.02.2028 (a leap year)."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def entries(data: Any) -> list[Any]:
    """The entries of ``lines``, ``owned``, ``options`` or ``needs`` as given: a mapping's items, the items of an
    iterable (``(article, quantity)`` pairs, rows of a range), a single value as one entry, None as none. What
    each entry must be is for the caller to say (a finding in the checks, an error in guided selling).

    >>> entries({"OFFICE": 10}), entries([("SERVER", 1)]), entries("OFFICE"), entries(None)
    ([('OFFICE', 10)], [('SERVER', 1)], ['OFFICE'], [])
    """
    if data is None:
        return []
    if isinstance(data, Mapping):
        return list(data.items())
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        return [data]
    return list(data)
