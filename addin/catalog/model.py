"""The catalog as data: articles, the Up2Date and upgrade rates, the price-list metadata and the rules.

Pure data and look-ups; :mod:`addin.catalog.build` makes a :class:`Catalog`
from the sheets of ``catalog.xlsx``.

Example::

    >>> from addin.catalog import get_catalog
    >>> cat = get_catalog()
    >>> cat.article("office").number, cat.article(3310.003).code
    ('3310.0030', 'OFFICE')
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import UnknownArticle, XPhoneError, show
from ..money import round_cents
from ..values import to_decimal

CATEGORIES = ("server", "user", "channel", "extension", "up2date", "upgrade")
PERCENT_CATEGORIES = ("up2date", "upgrade")
EXAMPLE_STATUSES = ("beispiel", "example", "beispielpreise", "example prices")


@dataclass(frozen=True)
class Article:
    """One article of the price list."""

    number: str
    code: str
    name_de: str
    name_en: str
    category: str
    price: Decimal | None
    includes: tuple[tuple[str, int], ...] = ()
    row: int = 0

    @property
    def is_percentage(self) -> bool:
        """Up2Date and upgrade articles are priced as a percentage, not per unit."""
        return self.category in PERCENT_CATEGORIES

    @property
    def is_licence(self) -> bool:
        """Licences count towards the licence list value of a system."""
        return not self.is_percentage

    def name(self, lang: str = "de") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_de

    def short_name(self, lang: str = "de") -> str:
        """The name without the product prefix: 'XPhone Connect 8 – OFFICE' -> 'OFFICE'."""
        return short_name(self.name(lang))


_BRAND = re.compile(r"^XPhone Connect \d+\s*[–—-]\s*")


@functools.lru_cache(maxsize=1024)
def short_name(name: str) -> str:
    """An article name without the product prefix: 'XPhone Connect 8 – Upg. OFFICE>OFFICE PLUS' ->
    'Upg. OFFICE>OFFICE PLUS'."""
    return _BRAND.sub("", name)


def name_key(text: str) -> str:
    """A printed name as compared: case, the kind of dash and spaces around dashes and '>' do not matter.

    >>> name_key("XPhone Connect 8 – OFFICE") == name_key("xphone connect 8 - office")
    True
    """
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", str(text).casefold())
    t = re.sub(r"\s+", " ", t).strip()
    return re.sub(r"\s*([->])\s*", r"\1", t)


@dataclass(frozen=True)
class Up2DateTerm:
    years: int
    number: str
    rate_per_year: Decimal
    total_rate: Decimal

    @property
    def months(self) -> int:
        """The months of the term; a running term has at most this many left (1 year: 12, 3 years: 36)."""
        return 12 * self.years

    def addon_price(self, months: int, cost: Decimal) -> Decimal:
        """Up2Date for licences bought during this running term (Additional Licences): rate per year ×
        months left / 12 × the licences' list value, rounded to cents once at the end.

        >>> Up2DateTerm(3, "9130.0000.036", Decimal("0.18"), Decimal("0.54")).addon_price(8, Decimal("445"))
        Decimal('53.40')
        """
        return round_cents(self.rate_per_year * months * cost / 12)


@dataclass(frozen=True)
class UpgradeRate:
    release: int
    number: str
    rate: Decimal


@dataclass(frozen=True)
class Meta:
    name: str
    valid_from: dt.date | None
    currency: str
    status: str
    vat_rate: Decimal

    @property
    def is_example(self) -> bool:
        return self.status.strip().lower() in EXAMPLE_STATUSES


def code_key(text: str) -> str:
    """A short code as stored: ``' office plus '`` -> ``'OFFICE_PLUS'``, ``'IP-CHANNEL'`` -> ``'IP_CHANNEL'``."""
    return re.sub(r"[\s\-]+", "_", text.strip().upper())


def number_value(number: str) -> Decimal | None:
    """The numeric value Excel would make of a typed article number, if any (``'3310.0030'`` -> 3310.003)."""
    if re.fullmatch(r"\d+(\.\d+)?", number):
        return Decimal(number)
    return None


@dataclass(frozen=True)
class Catalog:
    """A loaded and checked catalog."""

    path: str
    meta: Meta
    articles: tuple[Article, ...]
    up2date: dict  # years -> Up2DateTerm
    upgrades: dict  # release -> UpgradeRate
    rules: tuple = ()
    customer_notes: frozenset = frozenset()  # ids of the rules whose INFO findings are notes for the customer
    _index: dict = field(default_factory=dict, repr=False, compare=False)
    _found: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # find() memo

    @property
    def is_example(self) -> bool:
        return self.meta.is_example

    def by_code(self, code: str) -> Article:
        return self._index[("code", code)]

    def article(self, key) -> Article:
        """Find an article by number (text or the number Excel made of it), short code or printed name.

        ``3310.003`` (Excel's reading of a typed 3310.0030), ``" 3310.0030 "``,
        ``"office"``, ``"OFFICE PLUS"``, ``"IP-CHANNEL"`` and ``"XPhone Connect 8 – OFFICE"`` are all
        found. An unknown article raises :class:`UnknownArticle` with the closest codes (``OFFCE`` -> ``OFFICE``).
        """
        found = self.find(key)
        if found is None:
            raise UnknownArticle(article=show(key, quoted=False), suggestions=self.suggest(key))
        return found

    def suggest(self, key, n: int = 3) -> tuple[str, ...]:
        """The short codes closest to an unknown article given as text: ``'OFFCE'`` -> ``('OFFICE',)``.

        Text that looks like an article number, and numbers, get no suggestion.
        """
        if not isinstance(key, str) or not key.strip() or re.fullmatch(r"[\d.,\s]+", key):
            return ()
        codes = [a.code for a in self.articles]
        wanted = code_key(short_name(key.strip()))
        return tuple(difflib.get_close_matches(wanted, codes, n=n, cutoff=0.75))

    def find(self, key) -> Article | None:
        """The article ``key`` names, or None; what a cell passed is remembered, so a warm lookup is one dict get."""
        try:
            return self._found[key.__class__, key]
        except KeyError:
            pass
        except TypeError:  # unhashable
            return self._lookup(key)
        hit = self._lookup(key)
        if hit is not None:
            if len(self._found) >= 4096:
                self._found.clear()
            self._found[key.__class__, key] = hit
        return hit

    def _lookup(self, key) -> Article | None:
        if isinstance(key, Article):
            return self._index.get(("number", key.number))
        if isinstance(key, bool) or key is None:
            return None
        if isinstance(key, (int, float, Decimal)):
            try:
                return self._index.get(("value", to_decimal(key)))
            except XPhoneError:
                return None
        if not isinstance(key, str):
            return None
        text = key.strip()
        hit = self._index.get(("number", text)) or self._index.get(("code", code_key(text)))
        if hit is None and re.fullmatch(r"\d+[.,]\d+", text):
            hit = self._index.get(("value", Decimal(text.replace(",", "."))))
        if hit is None:
            hit = self._index.get(("name", name_key(text)))
        return hit

    def licence_articles(self) -> list[Article]:
        return [a for a in self.articles if a.is_licence]

    def up2date_term(self, years: int) -> Up2DateTerm:
        return self.up2date[years]

    def upgrade_rate(self, release: int) -> UpgradeRate:
        return self.upgrades[release]

    def term_years(self, article: Article) -> int | None:
        """The years of an Up2Date term article (``UP2DATE_3Y`` -> 3), None for any other article."""
        return next((y for y, t in self.up2date.items() if t.number == article.number), None)

    def upgrade_release(self, article: Article) -> int | None:
        """The source release of a migration / one-time upgrade article (``UPGRADE_R6`` -> 6), else None."""
        return next((r for r, u in self.upgrades.items() if u.number == article.number), None)
