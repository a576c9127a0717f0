"""The customer document's words: what a quote shows besides its figures, for every writer of one.

The quote workbook of the batch (:mod:`addin.batch.template`) and the quote sheet of the calculator
(:mod:`addin.quote_sheet`) word a quote the same way from here: the recipient's address lines, the name and
detail text of each line, the draft mark, the dates inside texts, and how many lines a text takes in a cell of
a given width (Arial's advance widths: the shipped templates' font).

>>> format_date(dt.date(2026, 4, 15), "de"), format_date(dt.date(2026, 4, 15), "en")
('15.04.2026', '15 April 2026')
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from .catalog import Catalog
from .checks import Finding
from .i18n import LANGUAGES, Shown, Text, catalog, section, text
from .money import format_eur, format_percent
from .quote import PercentLine, Quote, QuoteLine, QuoteOrder, price_quote
from .tax import DOMESTIC, Treatment

ADDRESS = ("customer", "contact", "street", ("postcode", "city"), "country")  # lines of {{address}}
MARKER = re.compile(r"^\{\{(\?[a-z0-9_]+|[a-z0-9_]+)\}\}")  # a cell's marker: {{line_total}}, {{?pct}}Text
INLINE = re.compile(r"\{\{([a-z0-9_]+)\}\}")  # markers inside a text: Gültig bis {{valid_until}}.


def marker(value: Any) -> str | None:
    """The marker a template cell holds: ``'line_total'`` for ``{{line_total}}``, ``'?pct'`` for a text starting
    with ``{{?pct}}``; None for anything else.

    >>> marker("{{line_total}}"), marker("{{?owned}}Ihre Lizenzen"), marker("Summe {{total}}")
    ('line_total', '?owned', None)
    """
    if isinstance(value, str):
        m = MARKER.match(value)
        if m and (m.group(1).startswith("?") or m.end() == len(value)):
            return m.group(1)
    return None


def format_date(day: dt.date, lang: str = "de") -> str:
    """A date as the quote shows it inside a text: ``15.04.2026`` (German) or ``15 April 2026`` (English).

    The same as the date cells of the shipped templates (``DD.MM.YYYY``, ``[$-809]D MMMM YYYY``); the pattern
    and the month names are the catalog's (``date.in_text``, ``date.months``).
    """
    month_name = catalog(lang)["date.months"][day.month - 1]
    return text("date.in_text", lang, day=day.day, month=day.month, month_name=month_name, year=day.year)


def in_text(value: Any, lang: str) -> str:
    """A header value inside a template text: nothing for None, a date as the quote writes dates in texts.

    >>> in_text(dt.date(2026, 4, 15), "de"), in_text(None, "de"), in_text("R-1", "en")
    ('15.04.2026', '', 'R-1')
    """
    if value is None:
        return ""
    return format_date(value, lang) if isinstance(value, dt.date) else str(value)


def in_date(day: dt.date) -> Shown:
    """A date as a message shows it: :func:`format_date` in the language of the message."""
    return Shown(functools.partial(format_date, day))



# The batch's words (quote document, statuses, summary headings) from the message catalogs, by language.
TEXTS: dict[str, dict[str, Any]] = {lang: section("quote", lang) for lang in LANGUAGES}


@dataclass(frozen=True)
class QuoteDetails:
    """What the customer document shows besides the priced quote, from the orders sheet and the batch.

    ``address`` holds the texts of the orders sheet's optional columns (``contact``,
    ``street``, ``postcode``, ``city``, ``country``, ``email``, ``seller``);
    ``owned`` the owned licences as ``(article, quantity)``; ``draft`` marks a quote
    whose checks report an ERROR; ``notes`` are the orders sheet's notes on this
    quote (for the seller); ``tax`` its VAT treatment (:mod:`addin.tax`).

    >>> QuoteDetails({"city": "Dresden", "postcode": "01067"}).address_lines("Bäckerei Schmidt GmbH")
    ['Bäckerei Schmidt GmbH', '01067 Dresden']
    """

    address: dict = field(default_factory=dict)
    valid_until: dt.date | None = None
    owned: tuple = ()
    draft: bool = False
    notes: tuple = ()
    tax: Treatment = DOMESTIC

    def address_lines(self, customer: str) -> list[str]:
        values = {**self.address, "customer": customer}
        lines = []
        for part in ADDRESS:
            names = part if isinstance(part, tuple) else (part,)
            line = " ".join(values[n] for n in names if values.get(n))
            if line:
                lines.append(line)
        return lines


def draft_text(quote: Quote, details: QuoteDetails, lang: str) -> str:
    """The red mark of a draft: why it is one when its price list is still a draft, else the plain mark."""
    if not details.draft:
        return ""
    t = TEXTS[lang]
    return t["draft_list"].format(name=quote.price_list) if quote.on_draft_list else t["draft"]


def is_draft(quote: Quote) -> bool:
    """A quote is a draft when its checks report an ERROR or its price list is still in status Entwurf."""
    return quote.worst_severity == "ERROR" or quote.on_draft_list


def price_order(order: QuoteOrder, catalog: Catalog, vat: Any = None, price_date: Any = None) -> Quote:
    """The quote of an order, priced with the list valid on its date (or on ``price_date``) and the VAT rate of
    its treatment (:mod:`addin.tax`; the domestic rate is ``vat`` or the catalog's), with an ERROR for the seller
    when its VAT cannot be decided (a customer in another EU country without a VAT ID): such a quote is a draft
    until the ID is entered. Every writer of a quote prices it here."""
    tax = order.tax
    quote = price_quote(order.lines, order.owned, order.options, catalog=catalog,
                        vat_rate=vat if tax.rate is None else tax.rate, quote_id=order.quote_id,
                        customer=order.customer, date=order.date, price_date=price_date)
    if tax.kind != "missing_id" or tax.country is None:
        return quote
    said = Text("vat.missing_id", country=tax.country.shown)
    return replace(quote, findings=(*quote.findings, Finding("ERROR", "VAT_ID_MISSING", said("de"), said("en"))))


def with_seller_problem(quote: Quote, problem: Callable[[str], str] | None) -> Quote:
    """The quote with an ERROR for the seller when the seller data lacks what a business letter of its legal form
    must show (:mod:`addin.batch.seller` finds it): such a quote is a draft."""
    if problem is None:
        return quote
    return replace(quote, findings=(*quote.findings, Finding("ERROR", "SELLER_DATA", problem("de"), problem("en"))))


def line_name(line: QuoteLine, lang: str, t: dict) -> str:
    text = line.article.name(lang)
    if line.included_in is not None:
        text += f" ({t['included'].format(parent=line.included_in.name(lang))})"
    return text


def base_parts(p: PercentLine, lang: str, t: dict) -> str:
    """How an Up2Date base is made up: owned + new licences + what the upgrades add (empty for new licences only)."""
    if not p.owned_value and not p.upgraded:
        return ""
    eur = functools.partial(format_eur, lang=lang)
    parts = [t["base_owned"].format(value=eur(p.owned_value))] if p.owned_value else []
    if p.new_value or not parts:  # a renewal buys no new licences: no "+ neue Lizenzen 0,00 €"
        parts.append(t["base_new"].format(value=eur(p.new_value)))
    for u in p.upgraded:
        parts.append(t["base_upgraded"].format(qty=u.quantity, value=eur(u.value), **upgrade_words(u, lang, t)))
    return ": " + " + ".join(parts)


def upgrade_words(u, lang: str, t: dict) -> dict:
    """The words of what one upgrade adds to a system: source, target, their prices, what the source included."""
    eur = functools.partial(format_eur, lang=lang)
    source = u.source.short_name(lang)
    included = "".join(t["base_included"].format(qty=qty, name=inc.short_name(lang), value=eur(inc.price * qty),
                                                 source=source) for inc, qty in u.freed)
    return {"source": source, "target": u.target.short_name(lang), "target_price": eur(u.target.price),
            "source_price": eur(u.source.price), "included": included}


def upgrade_text(u, lang: str, t: dict) -> str:
    """How an upgrade counts in the system: ``zählt als OFFICE PLUS: OFFICE PLUS 139,00 € − OFFICE 89,00 €``."""
    return t["owned_upgraded"].format(**upgrade_words(u, lang, t))


def pct_name(p: PercentLine, lang: str, t: dict) -> str:
    rate = format_percent(p.rate, lang)
    if p.kind == "up2date":
        detail = t["up2date"].format(rate=rate, parts=base_parts(p, lang, t))
    elif p.kind == "addon":
        detail = t["addon"].format(rate=rate, years=p.years, months=p.months)
    else:
        detail = t["upgrade"].format(rate=rate, release=p.release)
    return "\n".join(part for part in (p.article.name(lang), p.article.description(lang), detail) if part)


def pct_rate(p: PercentLine, lang: str):
    """What a percentage line's base is multiplied by: its rate, for Up2Date for additional licences its yearly rate
    × the months left / 12 (``18 % × 8/12``), so that base × rate = amount reads off every line."""
    if p.kind == "addon":
        return f"{format_percent(p.rate, lang)} × {p.months}/12"
    return p.rate


# Advance widths of Arial (the shipped templates' font; Helvetica's metrics), in thousandths of the font size.
# A column's width counts digits (556): a text's width in digits is the sum of its characters' widths / 556.
_ARIAL = {**dict.fromkeys(" !,./:;I[\\]ft", 278), **dict.fromkeys("ijl", 222),
          **dict.fromkeys("-()`r\u201e\u201c", 333),
          **dict.fromkeys("0123456789#$?_L\u20ac\u2013abdeghnopqu", 556), **dict.fromkeys("ckszvxy", 500),
          **dict.fromkeys("ABEKPSVXY&", 667), **dict.fromkeys("FTZ", 611), **dict.fromkeys("CDHNRUw", 722),
          **dict.fromkeys("GOQ", 778), **dict.fromkeys("Mm", 833), "W": 944, "J": 500, "%": 889, "@": 1015,
          "\u2014": 1000, "*": 389, "'": 191, '"': 355, "+": 584, "=": 584, "<": 584, ">": 584, "\u00d7": 584,
          "\u00b7": 278, "\u00df": 611, "|": 260, "{": 334, "}": 334, "~": 584, "^": 469}
_UMLAUTS = str.maketrans("äöüÄÖÜéèàáç", "aouAOUeeaac")


def _char_width(ch: str) -> float:
    """Width of a character in digits of its font (Arial's metrics; a character not listed counts as a digit).

    >>> [round(_char_width(ch), 2) for ch in "0iW"]
    [1.0, 0.4, 1.7]
    """
    return _ARIAL.get(ch.translate(_UMLAUTS), 556) / 556


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a cell ``width`` digits wide that wraps at spaces (a little room spare).

    >>> wrapped_lines("XPhone Connect 8 – SMART SERVER", 29), wrapped_lines("XPhone Connect 8 – OFFICE", 29)
    (2, 1)
    """
    return len(wrap(text, width))


def wrap(text: str, width: float) -> list[str]:
    """``text`` broken into the lines a cell ``width`` digits wide shows when it wraps at spaces (a little room
    spare), as Excel and LibreOffice wrap it: a word longer than a line breaks inside.

    >>> wrap("XPhone Connect 8 – SMART SERVER", 29)
    ['XPhone Connect 8 – SMART', 'SERVER']
    """
    room = max(width * 0.97, 1.0)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            size = sum(_char_width(ch) for ch in word)
            if used and used + 0.5 + size > room:
                lines.append(line)
                line, used = "", 0.0
            elif line or used:
                line, used = line + " ", used + 0.5
            while size > room:  # a word longer than the line: as much of it as fits, the rest on the next line
                part, taken = "", 0.0
                for ch in word:
                    if part and taken + _char_width(ch) > room - used:
                        break
                    part, taken = part + ch, taken + _char_width(ch)
                lines.append(line + part)
                word, size, line, used = word[len(part):], size - taken, "", 0.0
            line, used = line + word, used + size
        lines.append(line)
    return lines
