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
  system after the quote (owned + new licences);
* migration / one-time upgrade: rate of the source release × list value of
  the owned licences;
* Up2Date for additional licences: annual rate of the running term ×
  remaining months / 12 × list value of the new licences.

List values use current list prices; line discounts do not change them.

Example (example prices: SMART SERVER 990, OFFICE 89)::

    >>> from addin.catalog import get_catalog
    >>> cat = get_catalog()
    >>> q = price_quote([OrderLine(cat.article("SMART_SERVER"), 1),
    ...                  OrderLine(cat.article("OFFICE"), 10),
    ...                  OrderLine(cat.article("UP2DATE_3Y"), 1)], catalog=cat)
    >>> q.licence_total, q.up2date_total, q.net
    (Decimal('1880.00'), Decimal('1015.20'), Decimal('2895.20'))
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable, Mapping

from . import pricing
from .catalog import Article, Catalog
from .checks import check
from .errors import BadValue, MissingValue
from .money import ZERO, round_cents, to_decimal, to_whole
from .options import CHECKED

# Option keys of the configuration checks (addin.checks) that a quote passes on.
RULE_OPTIONS = tuple(o.key for o in CHECKED)


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
class PercentLine:
    """An Up2Date, Up2Date-for-additional-licences or upgrade line: amount = base × rate (× months/12)."""

    position: int
    article: Article
    kind: str  # "up2date" | "addon" | "upgrade"
    base: Decimal  # list value the rate applies to
    rate: Decimal  # total rate of the term, annual rate (addon) or upgrade rate
    amount: Decimal
    owned_value: Decimal = ZERO  # part of the base that comes from owned licences
    years: int | None = None  # term (up2date) or running term (addon)
    months: int | None = None  # remaining months (addon)
    release: int | None = None  # source release (upgrade)

    @property
    def is_up2date(self) -> bool:
        return self.kind in ("up2date", "addon")


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
    findings: tuple = ()
    price_list: str = ""
    valid_from: dt.date | None = None
    is_example: bool = False
    options: dict = field(default_factory=dict)

    @property
    def worst_severity(self) -> str:
        """"ERROR", "WARNING", "INFO" or "" for the most serious finding."""
        order = {"ERROR": 3, "WARNING": 2, "INFO": 1}
        worst = max((f.severity for f in self.findings), key=lambda s: order.get(s, 0), default="")
        return worst


def _line_error(exc, line: OrderLine):
    exc.fields.setdefault("sheet", line.sheet)
    exc.fields.setdefault("row", line.row)
    return exc


def owned_list_value(owned: Mapping[Article, int] | None) -> Decimal:
    """List value of owned licences at current list prices."""
    return sum((a.price * q for a, q in (owned or {}).items() if a.is_licence), ZERO)


def price_quote(lines: Iterable[OrderLine], owned: Mapping[Article, int] | None = None,
                options: Mapping | None = None, *, catalog: Catalog,
                vat_rate=None, quote_id: str = "", customer: str = "",
                date: dt.date | None = None, checks: bool = True) -> Quote:
    """Price one quote.

    ``owned`` maps articles to the quantity the customer owns; ``options``
    holds the per-quote options (``release``, ``up2date_months_left``,
    ``up2date_term_years`` and the other options of the configuration checks).
    ``vat_rate`` overrides the catalog's VAT rate (0.19 = 19 %).
    """
    cat = catalog
    lines = list(lines)
    owned = {a: q for a, q in (owned or {}).items() if q}
    options = dict(options or {})
    vat = cat.meta.vat_rate if vat_rate is None else to_decimal(vat_rate, "MwSt-Satz", what_en="VAT rate")

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
        total = round_cents(art.price * line.quantity * (1 - line.discount))
        shown.append(QuoteLine(position, art, line.quantity, art.price, line.discount, total))
        for code, qty in art.includes:
            inc = cat.article(code)
            position += 1
            shown.append(QuoteLine(position, inc, qty * line.quantity, ZERO, ZERO, ZERO, included_in=art))

    new_value = sum((ql.list_value for ql in shown), ZERO)
    owned_value = owned_list_value(owned)
    licence_total = sum((ql.total for ql in shown), ZERO)

    percent: list[PercentLine] = []
    for line in percent_orders:
        position += 1
        art = line.article
        years = cat.term_years(art)
        release = cat.upgrade_release(art)
        if years is not None:
            base = owned_value + new_value
            rate = cat.up2date[years].total_rate
            percent.append(PercentLine(position, art, "up2date", base, rate, round_cents(base * rate),
                                       owned_value=owned_value, years=years))
        elif release is not None:
            rate = cat.upgrades[release].rate
            percent.append(PercentLine(position, art, "upgrade", owned_value, rate,
                                       round_cents(owned_value * rate), owned_value=owned_value,
                                       release=release))
        elif art.category == "up2date":
            months_raw = options.get("up2date_months_left")
            term_raw = options.get("up2date_term_years")
            if months_raw is None:
                raise _line_error(MissingValue(
                    f"Up2Date-Restlaufzeit (Monate) für {art.code}", what_en=f"Up2Date months left for {art.code}"),
                    line)
            if term_raw is None:
                raise _line_error(MissingValue(
                    f"Up2Date-Laufzeit (Jahre) der laufenden Software-Aktualisierung für {art.code}",
                    what_en=f"Up2Date term (years) of the running Up2Date for {art.code}"), line)
            months = to_whole(months_raw, "Up2Date-Restlaufzeit", what_en="Up2Date months left",
                              minimum=0, maximum=pricing.MAX_REMAINING_MONTHS)
            term = pricing.parse_years(term_raw, cat)
            rate = cat.up2date[term].rate_per_year
            amount = pricing.up2date_addon_price(new_value, months, term, cat)
            percent.append(PercentLine(position, art, "addon", new_value, rate, amount,
                                       years=term, months=months))
        else:  # pragma: no cover - the catalog only has up2date and upgrade percentage articles
            raise _line_error(BadValue("Artikel", art.number, "Prozentartikel ohne Satz.",
                                       what_en="article", hint_en="percentage article without a rate."), line)

    up2date_total = sum((p.amount for p in percent if p.is_up2date), ZERO)
    net = licence_total + sum((p.amount for p in percent), ZERO)
    vat_amount = round_cents(net * vat)

    findings = ()
    if checks:
        rule_lines = [(line.article.code, line.quantity) for line in lines if line.quantity]
        rule_owned = [(a.code, q) for a, q in owned.items()]
        rule_options = {k: options[k] for k in RULE_OPTIONS if options.get(k) is not None}
        findings = tuple(check(rule_lines, rule_owned, rule_options, cat))

    return Quote(quote_id=quote_id, customer=customer, date=date, lines=tuple(shown),
                 percent_lines=tuple(percent), owned_value=owned_value, new_value=new_value,
                 licence_total=licence_total, up2date_total=up2date_total, net=net, vat_rate=vat,
                 vat=vat_amount, gross=net + vat_amount, findings=findings, price_list=cat.meta.name,
                 valid_from=cat.meta.valid_from, is_example=cat.is_example, options=options)
