"""The catalog as data: articles, the Up2Date and upgrade rates, the price lists and the rules.

Pure data and look-ups; :mod:`addin.catalog.build` makes a :class:`Catalog`
from the sheets of ``catalog.xlsx``. A catalog may hold several price lists
(:mod:`addin.catalog.validity`); :meth:`Catalog.on` gives the catalog priced with
the list valid on a date: the same articles, rates and rules, the list's
prices, and only the articles that list offers.

Example::

    >>> from addin.catalog import get_catalog
    >>> cat = get_catalog()
    >>> cat.article("office").number, cat.article(3310.003).code
    ('3310.0030', 'OFFICE')
    >>> priced = cat.on(dt.date(2026, 3, 16))
    >>> priced.meta.name, priced.article("OFFICE").price
    ('Beispielpreisliste 2026', Decimal('89'))
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from time import time as _now
from typing import Any

from ..errors import NotOffered, UnknownArticle, XPhoneError, show
from ..i18n import Shown, Text, Wording
from ..money import round_cents
from ..tax import TaxRules
from ..values import to_date, to_decimal
from .validity import PriceList, default_date, default_expiry, list_on, listed, price_date_raw, status_kind

CATEGORIES = ("server", "user", "channel", "extension", "up2date", "upgrade")
PERCENT_CATEGORIES = ("up2date", "upgrade")


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
    description_de: str = ""  # what a German quote prints under the name (the name is the service description's)

    @property
    def is_percentage(self) -> bool:
        """Up2Date and upgrade articles are priced as a percentage, not per unit."""
        return self.category in PERCENT_CATEGORIES

    @property
    def is_licence(self) -> bool:
        """Licences count towards the licence list value of a system."""
        return not self.is_percentage

    def name(self, lang: str = "de") -> str:
        """The article's name in ``lang`` as the catalog gives it (the German one where it has no other)."""
        return {"en": self.name_en}.get(lang) or self.name_de

    def description(self, lang: str = "de") -> str:
        """What a quote in ``lang`` prints under the name: the catalog's German description in a German quote (the
        names are the service description's English ones), nothing in another language."""
        return {"de": self.description_de}.get(lang, "")

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
        return status_kind(self.status) == "example"

    @property
    def is_draft(self) -> bool:
        return status_kind(self.status) == "draft"


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
    """A loaded and checked catalog, or the catalog priced with one of its price lists (:meth:`on`).

    The catalog as loaded holds every article of every list; when it has one price list it is priced
    with it, when it has several its articles have no price (``price`` None) until :meth:`on` picks the
    list of a date.
    """

    path: str
    meta: Meta
    articles: tuple[Article, ...]
    up2date: dict[int, Up2DateTerm]  # years -> Up2DateTerm
    upgrades: dict[int, UpgradeRate]  # release -> UpgradeRate
    rules: tuple[Any, ...] = ()  # addin.checks.model.Rule (a layer above the catalog's model: not imported here)
    customer_notes: frozenset[str] = frozenset()  # ids of the rules whose INFO findings are notes for the customer
    tax: TaxRules | None = None  # the countries and VAT sentences (sheet Länder); None: the catalog has none
    # (kind, key) -> article; kinds: number, code (short code), value (the number Excel makes of a number), name
    _index: dict[tuple[str, str | Decimal], Article] = field(default_factory=dict, repr=False, compare=False)
    # find() memo: (class, key) -> article
    _found: dict[tuple[type, Any], Article] = field(default_factory=dict, init=False, repr=False, compare=False)
    price_lists: tuple[PriceList, ...] = ()  # every PriceList, by first day
    price_list: PriceList | None = None  # the list this catalog prices with; None: several lists, none chosen
    _root: Catalog | None = field(default=None, repr=False, compare=False)  # the catalog as loaded (None: this one)
    # on() memo (as loaded): None -> (XPHONE_PRICE_DATE, expiry, catalog), ("list", name) and (class, day) -> catalog
    _views: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # derived look-ups: "addon" -> Article | None; (kind, class, value) -> Up2DateTerm | UpgradeRate (addin.pricing)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def is_example(self) -> bool:
        if self.price_list is None and self.price_lists:
            return all(pl.is_example for pl in self.price_lists)
        return self.meta.is_example

    @property
    def is_draft(self) -> bool:
        """True when this catalog prices with a list still in status ``Entwurf``."""
        return self.price_list is not None and self.price_list.is_draft

    @property
    def loaded(self) -> "Catalog":
        """The catalog as loaded, with every article of every list."""
        return self._root if self._root is not None else self

    # -- price lists
    def on(self, day: Any = None) -> "Catalog":
        """This catalog priced with the price list valid on ``day``.

        ``day``: a date, an Excel serial number or date text; None keeps the list this catalog is
        priced with, and for the catalog as loaded means today (or ``XPHONE_PRICE_DATE``). The
        catalog for a day is worked out once and remembered: a warm call is one dict look-up.
        Raises :class:`~addin.errors.NoPriceList` naming the date and the lists.
        """
        if day is None:
            if self._root is not None:
                return self  # priced with a list already
            hit: tuple[str | None, float, Catalog] | None = self._views.get(None)  # of the last call without a date
            raw = price_date_raw()  # XPHONE_PRICE_DATE: a dict look-up (addin.environment)
            if hit is not None and hit[0] == raw and _now() < hit[1]:
                return hit[2]
            priced = self.on(default_date())
            self._views[None] = (raw, default_expiry(raw), priced)
            return priced
        root = self._root if self._root is not None else self
        try:
            known: Catalog = root._views[day.__class__, day]
            return known
        except KeyError:
            pass
        except TypeError:  # unhashable: an odd argument; to_date names it
            return root._view(list_on(root.price_lists, to_date(day, Text("label.date"))))
        priced = root._view(list_on(root.price_lists, to_date(day, Text("label.date"))))
        if len(root._views) >= 4096:
            root._views.clear()
        root._views[day.__class__, day] = priced
        return priced

    def list_on(self, day: Any = None) -> PriceList:
        """The price list valid on ``day`` (see :meth:`on`)."""
        price_list = self.on(day).price_list
        assert price_list is not None  # on() gives a catalog priced with one list
        return price_list

    def _view(self, price_list: PriceList) -> "Catalog":
        """The catalog priced with ``price_list`` (made once per list)."""
        key = ("list", price_list.name)
        hit: Catalog | None = self._views.get(key)
        if hit is not None:
            return hit
        if self.price_list is price_list:
            priced = self
        else:
            prices = price_list.prices
            arts = {a.number: replace(a, price=prices[a.number]) for a in self.articles if a.number in prices}
            index = {k: arts[a.number] for k, a in self._index.items() if a.number in arts}
            meta = Meta(price_list.name, price_list.valid_from, self.meta.currency, price_list.status,
                        self.meta.vat_rate)
            priced = Catalog(path=self.path, meta=meta, articles=tuple(arts.values()), up2date=self.up2date,
                             upgrades=self.upgrades, rules=self.rules, customer_notes=self.customer_notes,
                             tax=self.tax,
                             _index=index, price_lists=self.price_lists, price_list=price_list, _root=self)
        self._views[key] = priced
        return priced

    def by_code(self, code: str) -> Article:
        return self._index[("code", code)]

    def article(self, key: Any, day: Any = None) -> Article:
        """Find an article by number (text or the number Excel made of it), short code or printed name.

        ``3310.003`` (Excel's reading of a typed 3310.0030), ``" 3310.0030 "``,
        ``"office"``, ``"OFFICE PLUS"``, ``"IP-CHANNEL"`` and ``"XPhone Connect 8 – OFFICE"`` are all
        found. An unknown article raises :class:`UnknownArticle` with the closest codes (``OFFCE`` -> ``OFFICE``).
        An article of the catalog that this catalog's price list does not offer raises
        :class:`~addin.errors.NotOffered` naming the list, ``day`` (the date asked for, if given) and the
        lists that offer it.
        """
        found = self.find(key)
        if found is None:
            known = self._root.find(key) if self._root is not None else None
            if known is not None:
                raise self.not_offered(known, day)
            raise UnknownArticle(article=show(key, quoted=False), suggestions=self.suggest(key))
        return found

    def not_offered(self, article: Article, day: Any = None) -> NotOffered:
        """The error for an article this catalog's list does not offer (see :meth:`article`)."""
        lists = [pl for pl in self.price_lists if pl.offers(article.number)]
        when: Wording = ""
        if day is not None:
            try:
                shown = show(to_date(day))
            except XPhoneError:
                shown = show(day)
            when = Text("catalog.not_offered_on", day=shown)
        pl = self.price_list
        return NotOffered(article=Shown(lambda lang: f"{article.short_name(lang)} ({article.number})"),
                          when=when, list=Shown(pl.label) if pl else "",
                          offered=Text("catalog.offered_in", lists=listed(lists)) if lists
                          else Text("catalog.offered_nowhere"))

    def suggest(self, key: Any, n: int = 3) -> tuple[str, ...]:
        """The short codes closest to an unknown article given as text: ``'OFFCE'`` -> ``('OFFICE',)``.

        Text that looks like an article number, and numbers, get no suggestion.
        """
        if not isinstance(key, str) or not key.strip() or re.fullmatch(r"[\d.,\s]+", key):
            return ()
        codes = [a.code for a in self.articles]
        wanted = code_key(short_name(key.strip()))
        return tuple(difflib.get_close_matches(wanted, codes, n=n, cutoff=0.75))

    def find(self, key: Any) -> Article | None:
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

    def _lookup(self, key: Any) -> Article | None:
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

    def addon_article(self) -> Article | None:
        """The Up2Date article for additional licences (the Up2Date article that is no term), if any.

        Looked up among every article of the catalog, once.
        """
        root = self.loaded
        try:
            memo: Article | None = root._memo["addon"]
            return memo
        except KeyError:
            terms = {t.number for t in root.up2date.values()}
            found = next((a for a in root.articles if a.category == "up2date" and a.number not in terms), None)
            root._memo["addon"] = found
            return found

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
