"""Comparing two price lists: new, withdrawn and re-priced articles, and what the change does to a system.

No Excel here. :func:`diff_lists` compares the list valid on one date with the
list valid on another: each article the later list adds or no longer offers,
each licence whose price changes (old and new price, change in %), and the
Up2Date and upgrade amounts of a reference system under both lists (the rates
are the same under every list; the licence list value they apply to changes).

Example (shipped catalog, example lists 2026 and 2027)::

    >>> d = diff_lists(None, dt.date(2026, 6, 1), dt.date(2027, 6, 1))
    >>> d.old.name, d.new.name
    ('Beispielpreisliste 2026', 'Beispielpreisliste 2027')
    >>> [(c.article.code, c.old, c.new, c.percent) for c in d.changes][:2]  # doctest: +NORMALIZE_WHITESPACE
    [('SERVER', Decimal('2490'), Decimal('2590'), Decimal('4.02')),
     ('IP_CHANNEL', Decimal('149'), Decimal('159'), Decimal('6.71'))]
    >>> d.old_value, d.new_value
    (Decimal('9825.00'), Decimal('10155.00'))
"""
from __future__ import annotations

import datetime as dt  # noqa: F401  (the examples use it)
from dataclasses import dataclass
from decimal import Decimal

from . import pricing
from .catalog import Article, Catalog, get_catalog
from .catalog.validity import PriceList, listed
from .errors import BadValue, NoLaterList, XPhoneError
from .i18n import Shown, Text
from .money import HUNDRED, ZERO, excel_round, round_cents
from .values import to_whole

# The reference system whose Up2Date and upgrade amounts `catalog diff` shows: a SERVER with 50 OFFICE and
# 10 OFFICE PLUS users, 20 voicemail users on 2 IP-CHANNELs and 20 TAPI lines.
REFERENCE_SYSTEM = (("SERVER", 1), ("OFFICE", 50), ("OFFICE_PLUS", 10), ("VOICEMAIL", 20), ("IP_CHANNEL", 2),
                    ("TAPI", 20))


def percent_change(old: Decimal | None, new: Decimal | None) -> Decimal | None:
    """Change from ``old`` to ``new`` in percent, rounded to 2 places; None when there is no old amount.

    >>> percent_change(Decimal("89"), Decimal("92"))
    Decimal('3.37')
    """
    if old is None or new is None or old == 0:
        return None
    return excel_round((new - old) / old * HUNDRED, 2)


class _Change:
    """An amount under the earlier (``old``) and the later (``new``) list, and how it changed."""

    old: Decimal | None
    new: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        return percent_change(self.old, self.new)


@dataclass(frozen=True)
class PriceChange(_Change):
    """One article that changed between the lists: ``kind`` is ``new``, ``withdrawn`` or ``repriced``."""

    article: Article
    kind: str
    old: Decimal | None  # price in the earlier list (None: not offered there, or a percentage article)
    new: Decimal | None


@dataclass(frozen=True)
class AmountChange(_Change):
    """An Up2Date or upgrade amount of the reference system under both lists (None: not offered there)."""

    said: Text  # what the amount is: "Up2Date 3 Jahre", "Upgrade von Release 6"
    rate: Decimal
    old: Decimal | None
    new: Decimal | None

    def label(self, lang: str = "de") -> str:
        return self.said(lang)


@dataclass(frozen=True)
class ListDiff:
    """What changed from the list ``old`` to the list ``new``."""

    old: PriceList
    new: PriceList
    changes: tuple  # PriceChange: new, withdrawn, then re-priced, each in catalog order
    system: tuple  # (code, quantity) of the reference system
    old_value: Decimal | None  # licence list value of the reference system (None: an article not offered)
    new_value: Decimal | None
    amounts: tuple  # AmountChange: every Up2Date term, then every migration / upgrade

    @property
    def value_percent(self) -> Decimal | None:
        return percent_change(self.old_value, self.new_value)


def _system(system, cat: Catalog) -> tuple:
    pairs = []
    for article, quantity in (system.items() if isinstance(system, dict) else system):
        art = cat.loaded.article(article)
        if not art.is_licence:
            raise BadValue(Text("label.reference_system"), art.code, Text("hint.licences_only_no_up2date_or"))
        pairs.append((art.code, to_whole(quantity, Text("label.quantity_of", code=art.code),
                                         minimum=1)))
    return tuple(pairs)


def _value(priced: Catalog, system: tuple) -> Decimal | None:
    total = ZERO
    for code, quantity in system:
        art = priced.find(code)
        if art is None:
            return None
        total += art.price * quantity
    return round_cents(total)


def _amount(func, value: Decimal | None, key, priced: Catalog) -> Decimal | None:
    if value is None:
        return None
    try:
        return func(value, key, priced)
    except XPhoneError:  # the list does not offer the term / upgrade
        return None


def next_list(catalog: Catalog, after: PriceList) -> PriceList:
    """The list that follows ``after``; raises NoPriceList naming the lists when it is the last one."""
    lists = catalog.price_lists
    later = [pl for pl in lists if pl.valid_from is not None and (after.valid_from is None
                                                                   or pl.valid_from > after.valid_from)]
    if not later:
        raise NoLaterList(after=Shown(after.label), lists=listed(lists))
    return later[0]


def diff_lists(catalog: Catalog | None = None, from_date=None, to_date=None, system=None) -> ListDiff:
    """Compare the list valid on ``from_date`` (default: today) with the one valid on ``to_date``.

    Without ``to_date`` the list after the ``from_date`` one is taken. ``system``: ``(article,
    quantity)`` pairs of licences (default :data:`REFERENCE_SYSTEM`) whose Up2Date and upgrade
    amounts are compared.
    """
    cat = (catalog if catalog is not None else get_catalog()).loaded
    old_cat = cat.on(from_date)
    old = old_cat.price_list
    assert old is not None  # on() gives a catalog priced with one list
    new_cat = cat.on(to_date) if to_date is not None else cat.on(next_list(cat, old).valid_from)
    new = new_cat.price_list
    assert new is not None
    added, withdrawn, repriced = [], [], []
    for art in cat.articles:
        was, now = old.offers(art.number), new.offers(art.number)
        if now and not was:
            added.append(PriceChange(art, "new", None, new.prices[art.number]))
        elif was and not now:
            withdrawn.append(PriceChange(art, "withdrawn", old.prices[art.number], None))
        elif was and art.is_licence and old.prices[art.number] != new.prices[art.number]:
            repriced.append(PriceChange(art, "repriced", old.prices[art.number], new.prices[art.number]))
    ref = _system(REFERENCE_SYSTEM if system is None else system, cat)
    old_value, new_value = _value(old_cat, ref), _value(new_cat, ref)
    amounts = []
    for years, term in cat.up2date.items():
        amounts.append(AmountChange(Text("cli.up2date_one_year" if years == 1 else "cli.up2date_years", years=years),
                                    term.total_rate,
                                    _amount(pricing.up2date_price, old_value, years, old_cat),
                                    _amount(pricing.up2date_price, new_value, years, new_cat)))
    for release, upgrade in cat.upgrades.items():
        migration = release == min(cat.upgrades) and upgrade.rate == 1
        amounts.append(AmountChange(Text("diff.migration" if migration else "diff.upgrade", release=release),
                                    upgrade.rate,
                                    _amount(pricing.upgrade_price, old_value, release, old_cat),
                                    _amount(pricing.upgrade_price, new_value, release, new_cat)))
    return ListDiff(old, new, tuple(added + withdrawn + repriced), ref, old_value, new_value, tuple(amounts))


__all__ = ["REFERENCE_SYSTEM", "AmountChange", "ListDiff", "PriceChange", "diff_lists", "next_list", "percent_change"]
