"""The project's exception family.

Every error the core raises is an :class:`XPhoneError`; the errors about a
value the user gave (:class:`BadValue`, :class:`MissingValue`,
:class:`UnknownArticle`) are also :class:`ValueError`. Each subclass has a
default message in German and English with named fields (article, sheet,
row, column, value, ...). Only the adapters (worksheet functions, CLI, batch)
turn these into a cell message or ``Error: ...`` on stderr.

Example::

    >>> e = UnknownArticle(article="9999")
    >>> e.message("de")
    'Unbekannter Artikel: 9999'
    >>> e.message("en")
    'Unknown article: 9999'
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
import re
import string
from collections.abc import Iterable, Iterator
from typing import Any

from .i18n import LANGUAGES, Shown, Text, Wording, catalog, render, text

# The language an adapter set for one call (``--lang en``, a ``Sprache | en`` row of XP_VALIDATE); None = not set.
_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("xphone_language", default=None)


def default_language() -> str:
    """The language in force: the one an adapter set with :func:`in_language`, else ``XPHONE_LANG`` (de/en),
    German by default. Messages and the reading of number text (``1.000``) follow it."""
    lang = _language.get()
    if lang is not None:
        return lang
    lang = os.environ.get("XPHONE_LANG", "de").strip().lower()[:2]
    return lang if lang in LANGUAGES else "de"


@contextlib.contextmanager
def in_language(lang: Any) -> Iterator[None]:
    """Inside the block the language in force is ``lang`` (``de``/``en``; None or blank: no change).

    The adapters set it once per call, so that the core reads number text the way the user writes it
    without the language being handed through every function::

        >>> with in_language("en"):
        ...     default_language()
        'en'
    """
    chosen = str(lang).strip().lower()[:2] if lang else None
    token = _language.set(chosen if chosen in LANGUAGES else _language.get())
    try:
        yield
    finally:
        _language.reset(token)


WHERE = ("file", "sheet", "row", "column")  # where an error was found: optional fields of every error


def where(lang: str, **place: Any) -> str:
    """Where something was found, as a message ends: ``' (Blatt Aufträge, Zeile 3, Spalte B)'``; only what is
    known (``file``, ``sheet``, ``row``, ``column``), the words from the catalogs (``where.*``).

    >>> where("en", sheet="Orders", row=3, column=None)
    ' (sheet Orders, row 3)'
    """
    parts = [f"{text(f'where.{k}', lang)} {place[k]}" for k in WHERE if place.get(k) not in (None, "")]
    return f" ({', '.join(parts)})" if parts else ""


class XPhoneError(Exception):
    """Base of every error of xphone-pricing.

    Each class's message is the catalog text ``error.<class name in snake case>`` (``error.bad_value``); the
    fields that text names are the fields the class declares, and every one is required, so an error built
    without one is a :class:`TypeError` at once (never a message with a gap). ``detail`` is the first
    positional argument; any field may be a :class:`~addin.i18n.Text` (or anything with ``message(lang)``),
    shown in the language of the message. ``file``, ``sheet``, ``row`` and ``column`` are optional for every
    error and say where it was found.

    >>> NotPricedPerUnit(article="X")
    Traceback (most recent call last):
    TypeError: NotPricedPerUnit needs the field(s) function
    """

    key = "error.xphone_error"
    fields_needed: frozenset[str] = frozenset({"detail"})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "key" not in cls.__dict__:
            cls.key = "error." + re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()
        cls.fields_needed = frozenset().union(*(_fields(catalog(lang)[cls.key]) for lang in LANGUAGES))

    def __init__(self, detail: Wording | XPhoneError | None = None, **fields: Any) -> None:
        self.fields = dict(fields)
        if detail is not None:
            self.fields.setdefault("detail", detail)
        missing = sorted(self.fields_needed - self.fields.keys())
        if missing:
            raise TypeError(f"{type(self).__name__} needs the field(s) {', '.join(missing)}")
        super().__init__(self.message("de"))

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        fields = {name: render(value, lang) for name, value in self.fields.items()}
        return text(self.key, lang, **fields) + self._where(lang)

    def _where(self, lang: str) -> str:
        """' (Datei x, Blatt y, Zeile n, Spalte c)' for whatever is known."""
        return where(lang, **{k: self.fields.get(k) for k in WHERE})

    def __str__(self) -> str:  # pragma: no cover - exercised through message()
        return self.message()


def _fields(template: str) -> frozenset[str]:
    """The fields a message template names: ``"{what}: {shown}"`` -> {'what', 'shown'}."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


MAX_SHOWN = 60  # characters of a text value a message repeats


def show(value: Any, quoted: bool = True, exact: bool = False) -> str:
    """A value as the user would recognise it in a message (the one way every message shows a value).

    A date shows as ``2026-03-16``; text in quotes (``quoted=False``: as typed,
    without surrounding spaces); a whole float without ``.0`` unless ``exact``
    (then every value shows exactly as it arrived: ``2.0`` stays ``2.0``). Text longer than 60
    characters shows its first 59 and ``…``.

    >>> show(3310.0), show(3310.0, exact=True), show("OFFCE"), show(" OFFCE ", quoted=False)
    ('3310', '3310.0', "'OFFCE'", 'OFFCE')
    """
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        if len(value) > MAX_SHOWN:  # a whole page pasted into a cell: enough of it to recognise it
            value = value[:MAX_SHOWN - 1] + "…"
        return repr(value) if quoted else value.strip()
    if exact:
        return repr(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)


class UnknownArticle(XPhoneError, ValueError):
    """An article the catalog does not know; ``suggestions`` are the closest short codes (may be empty).

    >>> UnknownArticle(article="OFFCE", suggestions=("OFFICE",)).message("en")
    'Unknown article: OFFCE. Did you mean OFFICE?'
    """

    def __init__(self, detail: str = "", *, suggestions: Iterable[str] = (), **fields: Any) -> None:
        suggestions = tuple(suggestions)
        fields.setdefault("did_you_mean", Shown(lambda lang: did_you_mean(suggestions, lang)))
        super().__init__(detail, suggestions=suggestions, **fields)


def did_you_mean(codes: Iterable[str], lang: str) -> str:
    """``'. Meinten Sie OFFICE?'`` for the closest codes of an unknown article; empty without any."""
    codes = list(codes)
    if not codes:
        return ""
    listed = codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + text("error.word_or", lang) + codes[-1]
    return text("error.did_you_mean_codes", lang, codes=listed)


class BadValue(XPhoneError, ValueError):
    """A value given by the user that cannot be used (wrong type, out of range); ``what`` names it (a
    :class:`~addin.i18n.Text` such as ``Text("label.quantity")``), ``hint`` says what would do."""

    def __init__(self, what: Wording, value: Any, hint: Wording = "", **fields: Any) -> None:
        shown = value if isinstance(value, Text) else show(value, exact=True)
        super().__init__(what=what, value=value, shown=shown, hint=hint, **fields)

    def message(self, lang: str | None = None) -> str:
        return super().message(lang).rstrip()


class MissingValue(XPhoneError, ValueError):
    def __init__(self, what: Wording, **fields: Any) -> None:
        super().__init__(what=what, **fields)


class CatalogError(XPhoneError):
    """The catalog workbook cannot be used."""


class CatalogNotFound(CatalogError):
    """The catalog file is not there; the message names where its path came from."""


class BadCatalogRow(CatalogError):
    key = "error.catalog_error"


class NotPricedPerUnit(XPhoneError):
    pass


class RuleViolation(XPhoneError):
    pass


class InputFileError(XPhoneError):
    """An input workbook (orders, template, catalog) that cannot be read."""


class OrdersError(XPhoneError):
    pass


class TemplateError(XPhoneError):
    pass


class OutputError(XPhoneError):
    disk_full = False  # the disk is full: a batch stops, as every later file would fail the same way


class NoPriceList(XPhoneError, ValueError):
    """No price list of the catalog is valid on the date asked for."""


class NotOffered(XPhoneError, ValueError):
    """The article exists in the catalog but the price list in force does not offer it."""


class NoLaterList(NoPriceList):
    """A comparison with the next price list, when there is none after the list in force."""
