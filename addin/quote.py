"""A priced quote: from the lines of one quote to every figure a quote document shows.

No Excel here. The lines a customer orders (article, quantity, discount) and
what the customer already owns go in; out comes a :class:`Quote` with the
licence lines (unit list price, discount, line total), the licences a bundle
includes (shown at 0), the licence subtotal, the percentage lines with their
base and rate, net total, VAT and gross total, and the findings of the
configuration checks.

What each percentage line is a percentage of (service description: "vom
Lizenzpreis ... (Gesamtsystem) gemäß aktuell gültiger Preisliste"):

* Up2Date for a term: total rate of the term × list value of the complete
  system as it stands after the quote: owned + new licences, and what the
  upgrades turn into. An upgrade article (Upg. OFFICE>OFFICE PLUS) is no
  licence of the system: each upgraded user counts at the OFFICE PLUS list
  price instead of OFFICE + upgrade; after Upg. SMART SERVER>SERVER the system
  has a SERVER, and the 5 OFFICE users the SMART SERVER included count at the
  OFFICE list price (see :func:`upgrade_conversions`);
* migration / one-time upgrade: rate of the source release × list value of
  the owned licences;
* Up2Date for additional licences: annual rate of the running term ×
  remaining months / 12 × list value of the new licences (what is bought).

List values use the list prices of the price list valid on the quote's date
(or on ``price_date``, to re-issue a quote under another list); line discounts
do not change them. A quote dated on a list in status ``Entwurf`` is a draft
(:attr:`Quote.on_draft_list`). A percentage of nothing is refused: a
migration / one-time upgrade without owned licences, an Up2Date term for a
system without licences.

Example (example prices: SMART SERVER 990, OFFICE 89)::

    >>> from addin.catalog import get_catalog
    >>> cat = get_catalog()
    >>> lines = [OrderLine(cat.article("SMART_SERVER"), 1), OrderLine(cat.article("OFFICE"), 10),
    ...          OrderLine(cat.article("UP2DATE_3Y"), 1)]
    >>> q = price_quote(lines, catalog=cat, date=dt.date(2026, 3, 16))
    >>> q.licence_total, q.up2date_total, q.net, q.price_list
    (Decimal('1880.00'), Decimal('1015.20'), Decimal('2895.20'), 'Beispielpreisliste 2026')
    >>> price_quote(lines, catalog=cat, date=dt.date(2027, 1, 4)).licence_total   # OFFICE 92 from 2027
    Decimal('1910.00')
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Mapping

from . import pricing
from .catalog import Article, Catalog
from .checks import Finding, check, findings_of
from .errors import BadValue, MissingValue, RuleViolation, XPhoneError, default_language, where
from .i18n import Text
from .money import ZERO, round_cents, to_decimal, to_whole
from .options import CHECKED
from .tax import DOMESTIC, Treatment

# Option keys of the configuration checks (addin.checks) that a quote passes on.
RULE_OPTIONS = tuple(o.key for o in CHECKED)

# (article, quantity per upgrade): licences an upgrade's source included and its target does not
_Freed = tuple[tuple[Article, int], ...]


@dataclass(frozen=True)
class OrderLine:
    """One ordered line: article, new quantity, discount (0.1 = 10 %), where it came from."""

    article: Article
    quantity: int
    discount: Decimal = ZERO
    sheet: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class QuoteLine:
    """A licence line of the quote document."""

    position: int
    article: Article
    quantity: int
    unit_price: Decimal  # list price; 0 for a licence included in a bundle
    discount: Decimal
    total: Decimal  # unit price × quantity × (1 − discount), rounded to cents
    included_in: Article | None = None

    @property
    def list_value(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Upgraded:
    """Licences an upgrade article turns into others, as the Up2Date base counts them.

    ``unit_value`` is what one upgrade adds to the system's list value: the target's list price less the
    source's, plus what the source included and the target does not (Upg. SMART SERVER>SERVER with the
    example prices: 2490 − 990 + 5 × 89 = 1945; Upg. OFFICE>OFFICE PLUS: 139 − 89 = 50).
    """

    article: Article  # the upgrade article
    source: Article
    target: Article
    unit_value: Decimal
    owned: int = 0  # upgrades the customer owns already
    new: int = 0  # upgrades in the quote
    freed: _Freed = ()  # (article, quantity per upgrade): licences the source included and the target does not

    @property
    def quantity(self) -> int:
        return self.owned + self.new

    @property
    def value(self) -> Decimal:
        return self.unit_value * self.quantity


@dataclass(frozen=True)
class PercentLine:
    """An Up2Date, Up2Date-for-additional-licences or upgrade line: amount = base × rate (× months/12)."""

    position: int
    article: Article
    kind: str  # "up2date" | "addon" | "upgrade"
    base: Decimal  # list value the rate applies to
    rate: Decimal  # total rate of the term, annual rate (addon) or upgrade rate
    amount: Decimal
    owned_value: Decimal = ZERO  # part of the base that comes from owned licences (upgrade articles not counted)
    years: int | None = None  # term (up2date) or running term (addon)
    months: int | None = None  # remaining months (addon)
    release: int | None = None  # source release (upgrade)
    new_value: Decimal = ZERO  # up2date: part of the base from the quote's new licences (upgrade articles not counted)
    upgraded: tuple[Upgraded, ...] = ()  # up2date: what the upgrades add to the base

    @property
    def is_up2date(self) -> bool:
        return self.kind in ("up2date", "addon")

    @property
    def owned_total(self) -> Decimal:
        """The part of the base from the owned system (owned licences, owned upgrades as what they became)."""
        return _owned_as_target(self.owned_value, self.upgraded)

    @property
    def upgraded_value(self) -> Decimal:
        return sum((u.value for u in self.upgraded), ZERO)


@dataclass(frozen=True)
class Quote:
    """Every figure of one quote; amounts are Decimals rounded to cents."""

    quote_id: str
    customer: str
    date: dt.date | None
    lines: tuple[QuoteLine, ...]
    percent_lines: tuple[PercentLine, ...]
    owned_value: Decimal
    new_value: Decimal
    licence_total: Decimal
    up2date_total: Decimal
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal
    findings: tuple[Finding, ...] = ()
    price_list: str = ""
    valid_from: dt.date | None = None
    is_example: bool = False
    options: dict[str, Any] = field(default_factory=dict)
    on_draft_list: bool = False  # priced with a list in status Entwurf: the quote is a draft
    owned: tuple[tuple[Article, int], ...] = ()  # (article, quantity) of the owned licences, at the quote's prices

    @property
    def worst_severity(self) -> str:
        """"ERROR", "WARNING", "INFO" or "" for the most serious finding."""
        order = {"ERROR": 3, "WARNING": 2, "INFO": 1}
        worst = max((f.severity for f in self.findings), key=lambda s: order.get(s, 0), default="")
        return worst


def _line_error(exc: XPhoneError, line: OrderLine) -> XPhoneError:
    exc.fields.setdefault("sheet", line.sheet)
    exc.fields.setdefault("row", line.row)
    return exc


def _owned_as_target(owned_value: Decimal, upgraded: Iterable[Upgraded]) -> Decimal:
    """Owned licences plus what the owned upgrades made of them: the owned system as the target system."""
    return owned_value + sum((u.unit_value * u.owned for u in upgraded), ZERO)


def _list_price(article: Article) -> Decimal:
    """The list price of a licence of a catalog priced with one list (only percentage articles have none)."""
    assert article.price is not None, article.number
    return article.price


def _freed(source: Article, target: Article, catalog: Catalog) -> _Freed:
    """(article, quantity) the source includes beyond what the target includes (SMART SERVER -> SERVER: 5 OFFICE)."""
    kept = {catalog.article(code).code: qty for code, qty in target.includes}
    out = []
    for code, qty in source.includes:
        inc = catalog.article(code)
        if qty > kept.get(inc.code, 0):
            out.append((inc, qty - kept.get(inc.code, 0)))
    return tuple(out)


def upgrade_conversions(catalog: Catalog) -> dict[str, tuple[Article, Article, Decimal, _Freed]]:
    """``{upgrade article code: (source, target, unit value, freed)}`` from the ``Upgrade`` rows of the rules sheet.

    The unit value is what one upgrade adds to the list value of the system: target − source list price,
    plus the licences the source included and the target does not (``freed``); ``catalog`` is priced with
    one list. With the example prices of 2026::

        >>> from addin.catalog import get_catalog
        >>> {k: v[2] for k, v in upgrade_conversions(get_catalog().on(dt.date(2026, 3, 16))).items()}
        {'UPG_SMART_SERVER': Decimal('1945'), 'UPG_OFFICE_PLUS': Decimal('50')}
    """
    out: dict[str, tuple[Article, Article, Decimal, _Freed]] = {}
    for rule in catalog.rules:
        if rule.kind != "upgrade" or rule.article in out:
            continue
        source, target = (catalog.find(code) for code in rule.refs)
        if source is None or target is None:  # the price list does not offer one of them: nothing to convert
            continue
        freed = _freed(source, target, catalog)
        unit = _list_price(target) - _list_price(source) + sum((_list_price(a) * q for a, q in freed), ZERO)
        out[rule.article] = (source, target, unit, freed)
    return out


@dataclass(frozen=True)
class SystemValue:
    """The list value of a set of licences valued as a system (see :func:`system_value`)."""

    owned_value: Decimal  # owned licences at list price, upgrade articles not counted
    new_value: Decimal  # new licences at list price, upgrade articles not counted
    upgraded: tuple[Upgraded, ...] = ()  # what each upgrade article, owned or new, adds to the system

    @property
    def owned_total(self) -> Decimal:
        """The owned part as the target system: owned licences plus what the owned upgrades made of them."""
        return _owned_as_target(self.owned_value, self.upgraded)

    @property
    def total(self) -> Decimal:
        """The whole system: owned and new licences, every upgrade counted as what it turns into."""
        return self.owned_value + self.new_value + sum((u.value for u in self.upgraded), ZERO)


def system_value(owned: Mapping[Article, int], new: Iterable[tuple[Article, int]], catalog: Catalog) -> SystemValue:
    """The one valuation of a system that every percentage line uses (``catalog`` priced with one list).

    Owned and new licences count at list price; an upgrade article is no licence of the system but turns one
    into another: an ``Upg. OFFICE>OFFICE PLUS`` counts as an OFFICE PLUS user (its source OFFICE is already
    counted, so it adds OFFICE PLUS − OFFICE), an ``Upg. SMART SERVER>SERVER`` as a SERVER with the 5 OFFICE
    users the SMART SERVER brought (see :func:`upgrade_conversions`). ``new``: the licences the quote sells,
    as (article, quantity); an article may come twice.

    * the Up2Date base is :attr:`SystemValue.total` of owned + new licences ("Lizenzpreis der neusten XPhone
      Software Version (Gesamtsystem)");
    * the upgrade base is :attr:`SystemValue.owned_total` ("Upgrade bereits erworbener XPhone
      Software-Lizenzen", priced "vom Lizenzpreis ... (Zielsystem)"): the owned licences as the target system.

    Example prices of 2026: owned SERVER + 10 OFFICE + 3 Upg. OFFICE>OFFICE PLUS is 2490 + 10 × 89 + 3 × 50::

        >>> from addin.catalog import get_catalog
        >>> cat = get_catalog().on(dt.date(2026, 3, 16))
        >>> v = system_value({cat.article("SERVER"): 1, cat.article("OFFICE"): 10, cat.article("UPG_OFFICE_PLUS"): 3},
        ...                  [(cat.article("OFFICE"), 2)], cat)
        >>> v.owned_total, v.total
        (Decimal('3530'), Decimal('3708'))
    """
    conversions = upgrade_conversions(catalog)
    new = [(a, q) for a, q in new if a.is_licence and q]
    owned_value = sum((_list_price(a) * q for a, q in owned.items() if a.is_licence and a.code not in conversions),
                      ZERO)
    new_value = sum((_list_price(a) * q for a, q in new if a.code not in conversions), ZERO)
    upgraded = []
    for code, (source, target, unit, freed) in conversions.items():
        have = sum(q for a, q in owned.items() if a.code == code)
        bought = sum(q for a, q in new if a.code == code)
        if have or bought:
            upgraded.append(Upgraded(catalog.by_code(code), source, target, unit, have, bought, freed))
    return SystemValue(owned_value, new_value, tuple(upgraded))


def _priced_system(new: Iterable[tuple[Article, int]], owned: Mapping[Article, int] | None, catalog: Catalog,
                   date: Any) -> SystemValue:
    cat = catalog.on(date)
    new = [(cat.article(a, date), q) for a, q in new]
    owned = {cat.article(a, date): q for a, q in (owned or {}).items()}
    return system_value(owned, new, cat)


def up2date_base(new: Iterable[tuple[Article, int]], owned: Mapping[Article, int] | None, catalog: Catalog,
                 date: Any = None) -> Decimal:
    """The list value of the system after the quote, the base of Up2Date for a term (see :func:`system_value`),
    at the prices of the list valid on ``date`` (see :meth:`addin.catalog.Catalog.on`).

    Example prices of 2026: owned SERVER + 10 OFFICE, 4 of them upgraded to OFFICE PLUS: 2490 + 6 × 89 + 4 × 139::

        >>> from addin.catalog import get_catalog
        >>> cat = get_catalog()
        >>> up2date_base([(cat.article("UPG_OFFICE_PLUS"), 4)], {cat.article("SERVER"): 1, cat.article("OFFICE"): 10},
        ...              cat, dt.date(2026, 3, 16))
        Decimal('3580')
    """
    return _priced_system(new, owned, catalog, date).total


def upgrade_base(owned: Mapping[Article, int] | None, catalog: Catalog, date: Any = None) -> Decimal:
    """The list value of the owned licences as the target system, the base of a migration or one-time upgrade
    (see :func:`system_value`); new licences are bought new and not upgraded.

    Example prices of 2026: owned SMART SERVER + Upg. SMART SERVER>SERVER + 2 OFFICE is a SERVER with 7 OFFICE
    users, 2490 + 7 × 89::

        >>> from addin.catalog import get_catalog
        >>> cat = get_catalog()
        >>> upgrade_base({cat.article("SMART_SERVER"): 1, cat.article("UPG_SMART_SERVER"): 1, cat.article("OFFICE"): 2},
        ...              cat, dt.date(2026, 3, 16))
        Decimal('3113')
    """
    return _priced_system((), owned, catalog, date).owned_total


# The rules that refuse a percentage line priced on nothing; pricing raises their own finding (addin.checks.code).
NOTHING_RULES = ("UP2DATE_WITHOUT_LICENCES", "UPGRADE_WITHOUT_LICENCES")


def _refuse_a_percentage_of_nothing(lines: Iterable[OrderLine], owned: Mapping[Article, int],
                                    percent_orders: list[OrderLine], cat: Catalog) -> None:
    """Raise the checks' finding when a percentage line would be a percentage of 0,00 EUR: an Up2Date term for a
    system without licences, a migration / one-time upgrade without owned licences."""
    if not percent_orders:
        return
    findings = findings_of(NOTHING_RULES, [(line.article.code, line.quantity) for line in lines if line.quantity],
                           [(a.code, q) for a, q in owned.items()], None, cat)
    if findings:
        f = findings[0]
        line = next((x for x in percent_orders if x.article.code in f.articles), percent_orders[0])
        raise _line_error(RuleViolation(Text("quote.finding_of_rule", finding=f, rule=f.rule_id)), line)


def _priced_line(line: OrderLine, cat: Catalog, day: Any) -> OrderLine:
    """The line with its article as the list of ``cat`` has it (its price); NotOffered names the line's row."""
    art = cat.find(line.article.number)
    if art is None:
        raise _line_error(cat.not_offered(line.article, day), line)
    return line if art is line.article else OrderLine(art, line.quantity, line.discount, line.sheet, line.row)


def price_quote(lines: Iterable[OrderLine], owned: Mapping[Article, int] | None = None,
                options: Mapping[str, Any] | None = None, *, catalog: Catalog,
                vat_rate: Any = None, quote_id: str = "", customer: str = "",
                date: dt.date | None = None, checks: bool = True, price_date: Any = None) -> Quote:
    """Price one quote with the price list valid on its ``date``.

    ``owned`` maps articles to the quantity the customer owns; ``options``
    holds the per-quote options (``release``, ``up2date_months_left``,
    ``up2date_term_years`` and the other options of the configuration checks).
    ``vat_rate`` overrides the catalog's VAT rate (0.19 = 19 %). ``price_date``
    prices with the list of another day than the quote's ``date``; without
    either, a catalog already priced with a list keeps it and the catalog as
    loaded uses today's list. An article the list does not offer raises
    :class:`~addin.errors.NotOffered` naming the line's sheet and row.
    """
    day = price_date if price_date is not None else date
    cat = catalog.on(day)
    lines = [_priced_line(line, cat, day) for line in lines]
    owned_priced = {}
    for a, q in (owned or {}).items():
        if not q:
            continue
        art = cat.find(a.number)
        if art is None:
            raise cat.not_offered(a, day)
        owned_priced[art] = q
    owned = owned_priced
    options = dict(options or {})
    vat = cat.meta.vat_rate if vat_rate is None else to_decimal(vat_rate, Text("label.vat_rate"))

    shown: list[QuoteLine] = []
    percent_orders: list[OrderLine] = []
    position = 0
    for line in lines:
        if line.article.is_percentage:
            if line.quantity:
                percent_orders.append(line)
            continue
        if not line.quantity:
            continue
        position += 1
        art = line.article
        price = _list_price(art)
        total = round_cents(price * line.quantity * (1 - line.discount))
        shown.append(QuoteLine(position, art, line.quantity, price, line.discount, total))
        for code, qty in art.includes:
            inc = cat.article(code)
            position += 1
            shown.append(QuoteLine(position, inc, qty * line.quantity, ZERO, ZERO, ZERO, included_in=art))

    new_value = sum((ql.list_value for ql in shown), ZERO)
    owned_system = system_value(owned, (), cat)  # the owned licences as the target system, valued once
    owned_value = owned_system.owned_total
    licence_total = sum((ql.total for ql in shown), ZERO)

    _refuse_a_percentage_of_nothing(lines, owned, percent_orders, cat)
    percent: list[PercentLine] = []
    for line in percent_orders:
        position += 1
        art = line.article
        years = cat.term_years(art)
        release = cat.upgrade_release(art)
        if years is not None:
            value = system_value(owned, [(ql.article, ql.quantity) for ql in shown if ql.included_in is None], cat)
            rate = cat.up2date[years].total_rate
            percent.append(PercentLine(position, art, "up2date", value.total, rate, round_cents(value.total * rate),
                                       owned_value=value.owned_value, years=years, new_value=value.new_value,
                                       upgraded=value.upgraded))
        elif release is not None:
            rate = cat.upgrades[release].rate
            value = owned_system
            percent.append(PercentLine(position, art, "upgrade", value.owned_total, rate,
                                       round_cents(value.owned_total * rate), owned_value=value.owned_value,
                                       release=release, upgraded=value.upgraded))
        elif art.category == "up2date":
            months_raw = options.get("up2date_months_left")
            term_raw = options.get("up2date_term_years")
            if months_raw is None:
                raise _line_error(MissingValue(
                    Text("label.up2date_months_left_for", code=art.code)),
                    line)
            if term_raw is None:
                raise _line_error(MissingValue(
                    Text("label.up2date_term_years_running_up2date", code=art.code)), line)
            try:
                months = to_whole(months_raw, Text("label.up2date_months_left"),
                                  minimum=0, maximum=pricing.MAX_REMAINING_MONTHS)
                term = pricing.parse_years(term_raw, cat)
                amount = pricing.up2date_addon_price(new_value, months, term, cat)
            except XPhoneError as exc:
                raise _line_error(exc, line) from None
            rate = cat.up2date[term].rate_per_year
            percent.append(PercentLine(position, art, "addon", new_value, rate, amount,
                                       years=term, months=months))
        else:  # pragma: no cover - the catalog only has up2date and upgrade percentage articles
            raise _line_error(BadValue(Text("label.article"), art.number,
                                       Text("hint.percentage_article_without_rate")), line)

    up2date_total = sum((p.amount for p in percent if p.is_up2date), ZERO)
    net = licence_total + sum((p.amount for p in percent), ZERO)
    vat_amount = round_cents(net * vat)

    findings: tuple[Finding, ...] = ()
    if checks:
        rule_lines = [(line.article.code, line.quantity) for line in lines if line.quantity]
        rule_owned = [(a.code, q) for a, q in owned.items()]
        rule_options = {k: options[k] for k in RULE_OPTIONS if options.get(k) is not None}
        findings = tuple(check(rule_lines, rule_owned, rule_options, cat))

    return Quote(quote_id=quote_id, customer=customer, date=date, lines=tuple(shown),
                 percent_lines=tuple(percent), owned_value=owned_value, new_value=new_value,
                 licence_total=licence_total, up2date_total=up2date_total, net=net, vat_rate=vat,
                 vat=vat_amount, gross=net + vat_amount, findings=findings, price_list=cat.meta.name,
                 valid_from=cat.meta.valid_from, is_example=cat.is_example, options=options,
                 on_draft_list=cat.is_draft, owned=tuple(owned.items()))


# --------------------------------------------------------------------------- what an order says

MAX_QUANTITY = 100_000  # per line; a typo such as 1e9 or a pasted article number is refused
MAX_TEXT = 255  # quote id, customer name and address fields: refused above this, never cut (see the reference)
VALID_DAYS = 30  # a quote without 'Gültig bis' is valid for this many days from its date (--valid-days)


@dataclass(frozen=True)
class Note:
    """A value taken with a change the user should know about; it is written, not refused.

    >>> Note(Text("orders.control_replaced", codes="\\x07", replacement="?"), "Aufträge", 3, "B").message("en")
    'control character \\x07 replaced by ?. (sheet Aufträge, row 3, column B)'
    """

    said: Text
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def message(self, lang: str | None = None) -> str:
        lang = lang or default_language()
        return self.said(lang) + where(lang, sheet=self.sheet, row=self.row, column=self.column)


@dataclass
class QuoteOrder:
    """Everything the orders sheet says about one quote."""

    quote_id: str
    customer: str = ""
    date: dt.date | None = None
    valid_until: dt.date | None = None  # given in the sheet, else date + the batch's validity in days
    vat_rate: Decimal | None = None  # the column USt-Satz: overrides the treatment the country gives
    tax: Treatment = DOMESTIC  # the VAT treatment of its country, VAT ID and rate (addin.tax)
    details: dict[str, str] = field(default_factory=dict)  # DETAILS field -> text (contact, street, ..., seller)
    lines: list[OrderLine] = field(default_factory=list)
    owned: dict[Article, int] = field(default_factory=dict)  # Article -> quantity
    options: dict[str, Any] = field(default_factory=dict)
    sheet: str = ""
    first_row: int = 0
    errors: list[XPhoneError] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # Note: values written safely, with a change
    seen: dict[str, Any] = field(default_factory=dict, repr=False)  # quote-level field -> (value, first row)

    @property
    def ok(self) -> bool:
        return not self.errors
