"""The system being checked and the rule kinds of the ``Regeln`` sheet.

:func:`build_context` reads the input (new and owned quantities, options)
into a :class:`Context`: quantities by article code for the whole system
(owned + new + what bundles include). What cannot be read becomes a finding of
an input rule instead of an exception. :func:`evaluate_data_rule` checks one
sheet rule against a context.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from ..errors import XPhoneError, did_you_mean, show
from ..i18n import Shown, Text, text
from ..options import CHECKED, OPTIONS, months_within_term, option_key
from ..values import entries, is_blank, noting_readings, to_whole
from .model import Finding, Rule

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog.model import Article, Catalog
    from ..values import Reading


@dataclass
class Context:
    """The system being checked: quantities by article code, options, findings so far."""

    catalog: Catalog
    new: dict[str, int] = field(default_factory=dict)       # code -> quantity in the quote
    owned: dict[str, int] = field(default_factory=dict)     # code -> quantity the customer owns (licences)
    counts: dict[str, int] = field(default_factory=dict)    # code -> quantity in the system, as the checks go on
    raw: dict[str, int] = field(default_factory=dict)       # code -> owned + new + included, before any upgrade
    included: dict[str, int] = field(default_factory=dict)  # code -> quantity included in other articles
    options: dict[str, Any] = field(default_factory=dict)   # option key -> value (None: not given)
    problems: dict[str, list[Finding]] = field(default_factory=dict)  # input rule id -> findings
    findings: list[Finding] = field(default_factory=list)

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)

    def has(self, code: str) -> bool:
        return self.count(code) > 0

    def art(self, code: str) -> Article | None:
        return self.catalog.find(code)

    def price(self, code: str) -> Decimal | None:
        """The list price of an article, or None when it has none here. A catalog with several price lists
        and none chosen (see :meth:`addin.catalog.Catalog.on`) uses the list of the default date."""
        try:
            art = self.catalog.on().find(code)
        except XPhoneError:  # no list on that day: no price to show
            return None
        return art.price if art is not None else None

    def short(self, code: str, lang: str) -> str:
        art = self.art(code)
        if art is None:
            return code.replace("_", " ")
        return art.short_name(lang)

    def show(self, code: str, lang: str) -> str:
        art = self.art(code)
        return f"{self.short(code, lang)} ({art.number})" if art is not None else self.short(code, lang)

    def shown(self, code: str) -> Shown:
        """The article as a message shows it (:meth:`show`), in the message's language."""
        return Shown(lambda lang: self.show(code, lang))

    def short_shown(self, code: str) -> Shown:
        """The article's short name (:meth:`short`) in the message's language."""
        return Shown(lambda lang: self.short(code, lang))

    def option(self, key: str) -> Any:
        return self.options.get(key)

    # what kind of system this is
    def codes_of(self, category: str) -> list[str]:
        return [a.code for a in self.catalog.articles if a.category == category]

    @property
    def term_codes(self) -> list[str]:
        numbers = {t.number for t in self.catalog.up2date.values()}
        return [a.code for a in self.catalog.articles if a.number in numbers]

    @property
    def addon_codes(self) -> list[str]:
        terms = set(self.term_codes)
        return [c for c in self.codes_of("up2date") if c not in terms]

    @property
    def upgrade_releases(self) -> dict[str, int]:
        by_number = {u.number: r for r, u in self.catalog.upgrades.items()}
        return {a.code: by_number[a.number] for a in self.catalog.articles if a.number in by_number}

    def owns_licences(self) -> bool:
        return any(q > 0 for q in self.owned.values())

    def is_existing(self) -> bool:
        """An existing system: a release, a running Up2Date or owned licences are given."""
        return (self.option("release") is not None or (self.option("up2date_months_left") or 0) > 0
                or self.owns_licences())

    def in_quote(self, codes: Iterable[str]) -> list[str]:
        return [c for c in codes if self.new.get(c, 0) > 0]


def finding(rule_id: str, severity: str, de: str, en: str, articles: Iterable[str | None] = ()) -> Finding:
    """A finding whose message comes in German and English as given (a rule of the rules sheet)."""
    return Finding(severity, rule_id, de, en, tuple(a for a in articles if a))


FINDING_LANGUAGES = ("de", "en")  # a finding carries its message in these (as the rules sheet's columns give it)


def said(rule_id: str, severity: str, message: Text, articles: Iterable[str | None] = (),
         customer: Text | None = None) -> Finding:
    """A finding whose message is a catalog text (a rule in code, guided selling); ``customer``: how the customer's
    document words it when the rule is a customer note."""
    found = finding(rule_id, severity, message("de"), message("en"), articles)
    if customer is None:
        return found
    wording: dict[str, Any] = {f"customer_{lang}": customer(lang) for lang in FINDING_LANGUAGES}
    return replace(found, **wording)


def join(items: Iterable[str], lang: str, word: str = "or") -> str:
    """``A, B or C`` in ``lang``; ``word``: ``or`` or ``and`` (catalog texts ``checks.word_or``, ``.word_and``)."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {text('checks.word_' + word, lang)} " + items[-1]


# --------------------------------------------------------------------------- reading the input

def _nothing(qty: Any) -> bool:
    """A blank or zero quantity: the line adds nothing to the system."""
    return is_blank(qty) or (isinstance(qty, (int, float)) and not isinstance(qty, bool) and qty == 0)


def _read_quantities(data: Any, ctx: Context, owned: bool) -> dict[str, int]:
    result: dict[str, int] = {}
    first_at: dict[str, int] = {}

    def problem(rule_id: str, severity: str, key: str, articles: Iterable[str | None] = (), **fields: Any) -> None:
        where = Text("checks.input.owned_line" if owned else "checks.input.line", line=i)
        message = Text(f"checks.input.{key}", where=where, **fields)
        ctx.problems.setdefault(rule_id, []).append(said(rule_id, severity, message, articles))

    for i, entry in enumerate(entries(data), start=1):
        if not isinstance(entry, (tuple, list)) or len(entry) < 2:
            if entry is None or (isinstance(entry, (tuple, list)) and all(is_blank(x) for x in entry)):
                continue
            problem("INPUT_LINE", "ERROR", "not_a_pair", entry=show(entry))
            continue
        article, qty = entry[0], entry[1]
        if is_blank(article):
            if _nothing(qty):
                continue
            problem("INPUT_LINE", "ERROR", "quantity_without_article", qty=show(qty))
            continue
        if _nothing(qty):
            continue  # nothing on this line counts; a parallel range (new/owned) reports its article once
        art = ctx.catalog.find(article)
        if art is None:
            close = ctx.catalog.suggest(article)
            fix = Shown(lambda lang, close=close: did_you_mean(close,
                                                               lang)) if close else Text("checks.input.give_article")
            problem("ARTICLE_UNKNOWN", "ERROR", "unknown_article", article=show(article), fix=fix)
            continue
        if is_blank(qty):
            quantity = 0
        else:
            try:
                readings: Sequence[Reading]
                if isinstance(qty, str):  # only text can be read two ways
                    with noting_readings() as readings:
                        quantity = to_whole(qty, Text("label.quantity_2"), minimum=0)
                else:
                    quantity, readings = to_whole(qty, Text("label.quantity_2"), minimum=0), ()
                for reading in readings:
                    problem("NUMBER_TEXT_AMBIGUOUS", "INFO", "quantity_read_as", (art.code,), reading=reading)
            except XPhoneError:
                problem("QUANTITY_INVALID", "ERROR", "quantity_invalid", (art.code,), qty=show(qty),
                        name=ctx.short_shown(art.code))
                continue
        if quantity == 0:
            continue
        if owned and art.is_percentage:
            problem("OWNED_NOT_LICENCE", "ERROR", "owned_not_licence", (art.code,), article=ctx.shown(art.code))
            continue
        if art.code in result:
            other = result[art.code]
            if other == quantity:
                problem("ARTICLE_TWICE", "WARNING", "article_twice", (art.code,), article=ctx.shown(art.code),
                        first=first_at[art.code], quantity=quantity)
            else:
                problem("ARTICLE_CONFLICT", "ERROR", "article_conflict", (art.code,), article=ctx.shown(art.code),
                        other=other, first=first_at[art.code], quantity=quantity, checked=max(other, quantity))
                result[art.code] = max(other, quantity)
            continue
        result[art.code] = quantity
        first_at[art.code] = i
    return result


def _read_options(options: Any, ctx: Context) -> None:
    values: dict[str, Any] = {}
    given: dict[str, str] = {}

    def problem(rule_id: str, said_as: str, **fields: Any) -> None:
        ctx.problems.setdefault(rule_id, []).append(said(rule_id, "ERROR", Text(f"checks.option.{said_as}", **fields)))

    allowed = ", ".join(o.key for o in CHECKED)
    for entry in entries(options):
        if not isinstance(entry, (tuple, list)) or len(entry) < 2:
            if entry is None or (isinstance(entry, (tuple, list)) and all(is_blank(x) for x in entry)):
                continue
            problem("OPTION_INVALID", "not_a_pair", entry=show(entry))
            continue
        name, raw = entry[0], entry[1]
        if is_blank(name):
            if not is_blank(raw):
                problem("OPTION_UNKNOWN", "value_without_name", value=show(raw), allowed=allowed)
            continue
        key = option_key(name) if isinstance(name, str) else None
        if key is None:
            problem("OPTION_UNKNOWN", "unknown", name=show(name), allowed=allowed)
            continue
        option = OPTIONS[key]
        try:
            with noting_readings() as readings:
                value = option.read(raw, ctx.catalog)
        except XPhoneError as exc:
            problem("OPTION_INVALID", "invalid", key=key, error=exc)
            continue
        for reading in readings:
            ctx.problems.setdefault("NUMBER_TEXT_AMBIGUOUS", []).append(said(
                "NUMBER_TEXT_AMBIGUOUS", "INFO", Text("checks.option.invalid", key=key, error=reading)))
        if key in given and values[key] != value:
            problem("OPTION_CONFLICT", "twice", key=key, first=given[key], second=show(raw))
            continue
        given[key] = show(raw)
        values[key] = value
    months, years = values.get("up2date_months_left"), values.get("up2date_term_years")
    if months is not None and years is not None:
        try:
            months_within_term(months, years)
        except XPhoneError as exc:  # the months are kept: the term may be the wrong one
            problem("OPTION_INVALID", "invalid", key="up2date_months_left", error=exc)
    ctx.options = {o.key: values.get(o.key) for o in CHECKED}


def build_context(lines: Any, owned: Any, options: Any, catalog: Catalog) -> Context:
    """Read the input into a :class:`Context`; what cannot be read becomes a finding of an input rule."""
    cat = catalog
    ctx = Context(cat)
    ctx.new = _read_quantities(lines, ctx, owned=False)
    ctx.owned = _read_quantities(owned, ctx, owned=True)
    _read_options(options, ctx)
    counts: dict[str, int] = {}
    for source in (ctx.owned, ctx.new):
        for code, qty in source.items():
            counts[code] = counts.get(code, 0) + qty
    for code, qty in list(counts.items()):
        art = cat.find(code)
        for inc_code, inc_qty in (art.includes if art is not None else ()):
            inc = cat.find(inc_code)
            if inc is not None:
                ctx.included[inc.code] = ctx.included.get(inc.code, 0) + inc_qty * qty
    for code, qty in ctx.included.items():
        counts[code] = counts.get(code, 0) + qty
    ctx.counts = counts
    ctx.raw = dict(counts)
    return ctx


# --------------------------------------------------------------------------- data rule kinds

def _conditions(rule: Rule, ctx: Context) -> tuple[bool, list[str]]:
    """(applies, options not given). An option condition with no value is checked and reported as a warning."""
    unknown: list[str] = []
    for op, payload in rule.condition:
        if op == "without" and any(ctx.has(c) for c in payload):
            return False, []
        if op == "with" and not all(ctx.has(c) for c in payload):
            return False, []
        if op == "if":
            key = cast(str, payload)  # an option key (the codes go with 'without' and 'with')
            value = ctx.option(key)
            if value is False:
                return False, []
            if value is None:
                unknown.append(key)
    return True, unknown


# Kinds that can only be violated when their article is in the system (count > 0).
_NEED_ARTICLE = ("requires_one_of", "at_least", "at_most", "at_most_as_many", "excluded_with", "included_in")


def _violation(rule: Rule, ctx: Context) -> dict[str, Any] | None:
    """The numbers of a violated rule, or None when the rule holds."""
    count = ctx.count(rule.article) if rule.article else 0
    if count <= 0 and rule.article and rule.kind in _NEED_ARTICLE:
        return None  # fast exit: most rules name an article the quote does not have
    have = sum(ctx.count(r) for r in rule.refs)
    present = [r for r in rule.refs if ctx.has(r)]
    values = {"count": count, "have": have, "n": "" if rule.n is None else rule.n, "present": present,
              "included": sum(ctx.included.get(r, 0) for r in rule.refs), "missing": 0, "excess": 0, "n_total": ""}
    kind = rule.kind
    if kind == "requires_one_of":
        if count > 0 and have < 1:
            return {**values, "n": 1, "missing": 1}
    elif kind == "at_least":
        assert rule.n is not None  # the sheet requires N for this kind (addin.checks.sheet)
        if count > 0 and have < rule.n:
            return {**values, "missing": rule.n - have}
    elif kind == "at_most":
        assert rule.n is not None  # the sheet requires N for this kind (addin.checks.sheet)
        if (rule.article is None or count > 0) and have > rule.n:
            return {**values, "excess": have - rule.n}
    elif kind == "at_most_as_many":
        if count > have:
            return {**values, "missing": count - have, "excess": count - have}
    elif kind == "excluded_with":
        if count > 0 and present:
            return values
    elif kind == "included_in":
        assert rule.article is not None  # the sheet requires the article for this kind (addin.checks.sheet)
        assert rule.n is not None  # the sheet sets N from the column 'Enthält' (addin.checks.sheet)
        container = rule.refs[0]
        if ctx.has(container) and ctx.has(rule.article) and (ctx.new.get(container) or ctx.new.get(rule.article)):
            return {**values, "included": rule.n * ctx.raw.get(container, 0), "present": [container]}
    elif kind == "note":
        assert rule.article is not None  # the sheet requires the article for this kind (addin.checks.sheet)
        if ctx.new.get(rule.article, 0) > 0:
            return {**values, "n_total": "" if rule.n is None else rule.n * count}
    return None


class _Values(dict[str, Any]):
    """Placeholder values; ``{CODE}`` of any article gives 'short name (number)'."""

    def __init__(self, ctx: Context, lang: str, *args: Any) -> None:
        super().__init__(*args)
        self.ctx, self.lang = ctx, lang

    def __missing__(self, key: str) -> str:
        art = self.ctx.art(key)
        return self.ctx.show(art.code, self.lang) if art is not None else "{" + key + "}"


def _render(template: str, rule: Rule, ctx: Context, values: dict[str, Any], lang: str) -> str:
    refs = rule.refs
    # None also for an article the list priced with does not offer (an Upgrade row above made it): no number then,
    # as in Context.show
    art = ctx.art(rule.article) if rule.article else None
    shown = {
        "article": ctx.short(rule.article, lang) if rule.article else "",
        "article_no": art.number if art is not None else "",
        "refs": join((ctx.show(r, lang) for r in refs), lang),
        "ref": ctx.show(refs[0], lang) if refs else "",
        "ref_name": ctx.short(refs[0], lang) if refs else "",
        "ref_names": join((ctx.short(r, lang) for r in refs), lang),
        "present": ", ".join(f"{ctx.count(c)} × {ctx.short(c, lang)}" for c in values["present"]),
    }
    numbers = {k: values[k] for k in ("n", "count", "have", "missing", "excess", "included", "n_total")}
    return template.format_map(_Values(ctx, lang, {**numbers, **shown}))


def evaluate_data_rule(rule: Rule, ctx: Context) -> list[Finding]:
    if rule.kind == "upgrade":
        source, target = rule.refs
        assert rule.article is not None  # the sheet requires the article for this kind (addin.checks.sheet)
        upgrades = ctx.count(rule.article)
        moved = min(upgrades, ctx.count(source))  # an upgrade without its source licence turns nothing into the
        ctx.counts[source] = ctx.count(source) - moved  # target: the other rules see the system as it would be
        ctx.counts[target] = ctx.count(target) + moved
        return []
    if rule.kind in _NEED_ARTICLE and rule.article and ctx.count(rule.article) <= 0:
        return []  # fast exit (as in _violation) before the conditions are looked at
    applies, unknown = _conditions(rule, ctx)
    if not applies:
        return []
    values = _violation(rule, ctx)
    if values is None:
        return []
    de = _render(rule.message_de, rule, ctx, values, "de")
    en = _render(rule.message_en, rule, ctx, values, "en")
    severity = rule.severity
    if unknown:
        severity = "WARNING" if severity == "ERROR" else severity
        confirm = Text("checks.applies_only_with",
                       labels=Shown(lambda lang: join((OPTIONS[k].label(lang) for k in unknown), lang, "and")),
                       keys=Shown(lambda lang: ", ".join(f"{k} = {text('checks.true_false', lang)}" for k in unknown)))
        de += confirm("de")
        en += confirm("en")
    articles = (rule.article, *[r for r in rule.refs])
    return [finding(rule.rule_id, severity, de, en, articles)]


