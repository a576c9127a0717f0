"""Guided selling: the cheapest licence set that covers what a customer needs and passes every check.

The seller says what the customer needs ("30 users, 10 with voicemail in the mobile app, 12 TAPI lines")
instead of which articles to list; :func:`configure` answers with the articles, their quantities and the
list value. The answer comes from the catalog alone, its prices and its rules (the sheet ``Regeln`` and the
rules in code that :func:`addin.rules.validate` runs): a changed price or rule changes the answer.

How it searches:

1. **Server choices** (few): no new server licence, or one of each article of category ``server``
   (SMART SERVER, SERVER; Upg. SMART SERVER>SERVER only when the customer owns a SMART SERVER).
2. **Quantities from the needs**: each need asks for a minimum count of articles in the whole system
   (owned + new + included), e.g. ``users`` for OFFICE or OFFICE PLUS, ``voicemail`` for VOICEMAIL. The
   cheapest way to reach the counts is computed from the list prices, including the mix of OFFICE,
   OFFICE PLUS and Upg. OFFICE>OFFICE PLUS for owned OFFICE users (from the sheet's ``Upgrade`` rows).
3. **The rules as oracle**: the configuration is checked by the same rules as ``validate``. A rule that
   asks for more (``mindestens N von``, ``höchstens so viele wie``, ``benötigt eins von``, or a rule in
   code such as the IP-CHANNEL recommendation) becomes a further minimum count and step 2 runs again; a
   rule that forbids (``höchstens N von``, ``ausgeschlossen mit``, a server licence missing) rules the
   server choice out. A choice is kept only when ``validate`` reports no ERROR and no WARNING.
4. The cheapest kept choice wins (ties: fewer articles, then fewer licences); the best choice of every
   other resulting server type is an alternative. Up2Date and upgrade lines are added last.

Size of the search: at most (server articles + 1) choices (3 for a new system with the shipped catalog);
each choice runs the rules once per round, and a round adds the counts of every rule that asks for more, so
rounds stay below the number of such rules (1 to 3 in practice); a rule in code adds a doubling-then-halving
search, about 2·log₂ of the count it asks for. The numbers of users do not enlarge it: 50 users with five
needs take 5 runs of the rules, 5,000 users with fax, voicemail and 95 data sources 29
(``Configuration.checks``).

Upgrade articles (Upg. SMART SERVER>SERVER, Upg. OFFICE>OFFICE PLUS) are offered only for licences the
customer owns; for new licences the target article is offered (SERVER, OFFICE PLUS), as the rules'
messages say ("für ein neues System SERVER anbieten").

Example (shipped catalog, example prices of 2026)::

    >>> c = configure({"users": 20}, date=dt.date(2026, 3, 16))
    >>> c.lines, c.total
    ([('SMART_SERVER', 1), ('OFFICE', 15)], Decimal('2325.00'))
    >>> c = configure({"Benutzer": 30, "Voicemail": 10, "Voicemail in der Mobile App": "ja"}, date=dt.date(2026, 3, 16))
    >>> c.lines
    [('SERVER', 1), ('IP_CHANNEL', 2), ('OFFICE', 20), ('OFFICE_PLUS', 10), ('VOICEMAIL', 10)]
"""
from __future__ import annotations

import datetime as dt  # noqa: F401  (the examples use it)
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, cast

from .catalog import Catalog, get_catalog
from .checks import Finding, all_rules, build_context, check
from .errors import BadValue, UnknownArticle
from .i18n import Shown, Text, Wording, text
from .money import ZERO, round_cents
from .options import OPTIONS, option_key, read_years
from .quote import OrderLine, price_quote
from .values import entries, fold, is_blank, to_whole

NEEDS_LABEL = Text("label.needs")
MAX_NEED = 100_000            # per need; a pasted article number or 1e9 is refused
CHANNELS_PER_AUTO_ATTENDANT = 20  # service description; the catalog's note rule on AUTO_ATTENDANT wins
MAX_ROUNDS = 16               # check-and-repair rounds per server choice


@dataclass(frozen=True)
class NeedSpec:
    """A need: its key, the articles that carry it and other accepted names; its label is the catalog text
    ``need.<key>``."""

    key: str
    articles: tuple
    aliases: tuple = ()

    @property
    def label(self) -> Text:
        return Text(f"need.{self.key}")


NEEDS = {n.key: n for n in (
    NeedSpec("users", ("OFFICE", "OFFICE_PLUS"),
             ("benutzer", "user", "nutzer", "anwender", "anzahl_benutzer", "anzahl_user", "connect_user",
              "client_user", "mitarbeiter")),
    NeedSpec("office_plus_users", ("OFFICE_PLUS",),
             ("office_plus", "office_plus_user", "office_plus_benutzer", "benutzer_office_plus")),
    NeedSpec("teamdesk", ("TEAMDESK",),
             ("teamdesk_user", "teamdesk_users", "teamdesk_benutzer")),
    NeedSpec("fax", ("FAX",), ("fax_user", "fax_users", "fax_benutzer")),
    NeedSpec("voicemail", ("VOICEMAIL",),
             ("voicemail_user", "voicemail_users", "voicemail_benutzer")),
    NeedSpec("contacts", ("CONTACTS",),
             ("kontakte", "contacts_user", "contacts_users", "contacts_benutzer")),
    NeedSpec("dashboard", ("DASHBOARD",),
             ("dashboard_user", "dashboard_users", "dashboard_benutzer")),
    NeedSpec("tapi", ("TAPI",),
             ("tapi_lines", "tapi_line", "tapi_leitungen", "tapi_linien")),
    NeedSpec("auto_attendant_channels", ("AUTO_ATTENDANT",),
             ("auto_attendant", "auto_attendant_kanaele", "kanaele_auto_attendant", "aa_kanaele")),
)}
# needs that are options of the checks: their names and German aliases are those of addin.options
USAGE_OPTIONS = ("directory_sources", "ldap", "fax_in_client", "voicemail_in_client", "voicemail_in_mobile_app",
                 "sms_notification", "other_uc_systems")
# settings of an existing system (release, running Up2Date) and of the Up2Date to sell
# the Up2Date term to sell (the running term is the option up2date_term_years of addin.options)
SETTINGS = {
    "up2date_years": ("up2date", "up2date_jahre", "up2date_neu", "neues_up2date", "up2date_laufzeit_neu"),
}


_NAMES = {}
for _spec in NEEDS.values():
    for _name in (_spec.key, *_spec.aliases):
        _NAMES[fold(_name)] = _spec.key
for _key, _aliases in SETTINGS.items():
    for _name in (_key, *_aliases):
        _NAMES[fold(_name)] = _key


def need_key(name) -> str | None:
    """The key of a need, an option of the checks or an Up2Date setting, from its name or a German alias.

    >>> need_key("Benutzer"), need_key("TAPI-Lines"), need_key("Datenquellen"), need_key("Fax im Client")
    ('users', 'tapi', 'directory_sources', 'fax_in_client')
    """
    if is_blank(name) or not isinstance(name, str):
        return None
    return _NAMES.get(fold(name)) or option_key(name)


# --------------------------------------------------------------------------- the answer

@dataclass(frozen=True)
class PricedLine:
    """A line of the answer with its price: for a percentage article the unit price is the amount."""

    article: object  # addin.catalog.Article
    quantity: int
    unit_price: Decimal
    value: Decimal


@dataclass(frozen=True)
class Alternative:
    """The cheapest configuration of another server type, e.g. SMART SERVER when SERVER is proposed."""

    system: str  # short code of the resulting server licence ('' for none)
    lines: list
    total: Decimal
    licence_total: Decimal
    priced: tuple = ()


@dataclass(frozen=True)
class Configuration:
    """The proposal of :func:`configure`.

    ``lines``: ``(short code, quantity)`` pairs to sell, in catalog order; ``total``: list value of them
    (licences plus Up2Date/upgrade lines), Decimal; ``findings``: what ``validate`` says about them (INFO
    only), plus configure's own notes (rule ids ``CONFIGURE_...``); when no configuration meets the needs,
    ``lines`` is empty and one ERROR finding names the need and why. ``alternatives``: the cheapest
    configuration of each other server type; ``unavailable``: ``(label, finding)`` for the
    server choices that cannot carry the needs; ``options``: the options the checks ran with (a need not
    given is 0 or FALSE).
    """

    lines: list
    total: Decimal
    findings: list
    alternatives: list
    licence_total: Decimal = ZERO
    system: str = ""
    priced: tuple = ()
    options: dict = field(default_factory=dict)
    needs: dict = field(default_factory=dict)
    unavailable: tuple = ()
    checks: int = 0  # how often the rules ran: the size of the search
    running_term: int | None = None  # term of the running Up2Date when given (prices UP2DATE_ADDON)

    @property
    def ok(self) -> bool:
        """True when there is a proposal (no ERROR finding)."""
        return not any(f.severity == "ERROR" for f in self.findings)

    def problem(self, lang: str = "de") -> str:
        """The message of the first ERROR finding ('' when there is a proposal)."""
        return next((f.message(lang) for f in self.findings if f.severity == "ERROR"), "")


# --------------------------------------------------------------------------- reading the input

def _pairs(data, what: Wording = NEEDS_LABEL, example: str = "users=30") -> list:
    """A mapping or ``(name, value)`` pairs as a list of pairs; blank pairs are skipped."""
    def refuse(value):
        return BadValue(what, value, Text("hint.give_pairs_name_and_value", example=example))

    out = []
    for entry in entries(data):
        if entry is None or (isinstance(entry, (tuple, list)) and all(is_blank(x) for x in entry)):
            continue
        if not isinstance(entry, (tuple, list)) or len(entry) != 2:
            raise refuse(entry)
        out.append(tuple(entry))
    return out


def _allowed() -> str:
    return ", ".join([*NEEDS, *USAGE_OPTIONS, "release", "up2date_months_left", *SETTINGS, "up2date_term_years"])


def _read_settings(needs, options, cat: Catalog):
    """(need counts, options of the checks, Up2Date years to sell, running term) from both inputs."""
    counts = {key: 0 for key in NEEDS}
    opts: dict = {}
    settings: dict = {}
    given: dict = {}
    for source, what, example in ((needs, Text("label.needs"), "users=30"), (options, Text("label.options"),
                                                                             "release=6")):
        for name, raw in _pairs(source, what, example):
            if is_blank(name):
                if is_blank(raw):
                    continue
                raise BadValue(Text("label.needs"), raw, Text("hint.value_without_name_allowed", allowed=_allowed()))
            key = need_key(name)
            if key is None:
                raise BadValue(Text("label.needs"), name, Text("hint.unknown_name_allowed", allowed=_allowed()))
            value = _parse_value(key, raw, cat)
            if key in given and given[key][1] != value:
                raise BadValue(str(name), raw, Text("hint.given_twice_with_and_delete", key=key, given=given[key][0],
                                                    raw=raw))
            given[key] = (raw, value)
            if key in NEEDS:
                counts[key] = value or 0
            elif key in SETTINGS:
                settings[key] = value
            else:
                opts[key] = value
    for key in USAGE_OPTIONS:  # a usage not given is not needed: the checks then run without asking
        if opts.get(key) is None:
            opts[key] = 0 if OPTIONS[key].kind == "count" else False
    # the running term is an option of the checks (it bounds the months left) and prices UP2DATE_ADDON
    return counts, opts, settings.get("up2date_years"), opts.get("up2date_term_years")


def _parse_value(key: str, raw, cat: Catalog):
    if key in NEEDS:
        spec = NEEDS[key]
        return 0 if is_blank(raw) else to_whole(raw, spec.label, minimum=0, maximum=MAX_NEED)
    if is_blank(raw):
        return None
    if key in SETTINGS:
        return read_years(raw, cat)
    return OPTIONS[key].read(raw, cat)


def _read_owned(owned, cat: Catalog) -> dict:
    result: dict = {}
    for name, raw in _pairs(owned, Text("label.owned"), "OFFICE=10"):
        if is_blank(name):
            if is_blank(raw) or raw == 0:
                continue
            raise BadValue(Text("label.owned"), raw, Text("hint.quantity_without_article_give_article"))
        art = cat.find(name)
        if art is None:
            raise UnknownArticle(article=str(name))
        qty = 0 if is_blank(raw) else to_whole(raw, Text("label.owned_2", code=art.code),
                                               minimum=0, maximum=MAX_NEED)
        if qty and art.is_percentage:
            raise BadValue(Text("label.owned"), art.code, Text("hint.not_licence_give_running_up2date"))
        if art.code in result and result[art.code] != qty:
            raise BadValue(Text("label.owned"), art.code, Text("hint.given_twice_with_and", result=result[art.code],
                                                               qty=qty))
        if qty:
            result[art.code] = qty
    return result


# --------------------------------------------------------------------------- the search

class _Blocked(Exception):
    """A server choice that cannot carry the needs; ``finding`` says why."""

    def __init__(self, finding):
        super().__init__(finding.rule_id)
        self.finding = finding


@dataclass
class _Candidate:
    structure: str | None
    new: dict
    system: str
    key: tuple  # (list value of the new licences, articles, licences)


def _note(rule_id: str, severity: str, message: Text, articles=()) -> Finding:
    """A finding of guided selling itself, its message a catalog text."""
    return Finding(severity, rule_id, message("de"), message("en"), tuple(articles))


# Rules about the Up2Date line that the licence search leaves to the pricing step, which adds that line
# (Up2Date for additional licences under a running Up2Date) and checks the whole configuration again.
PERCENT_LINE_RULES = frozenset({"UP2DATE_ADDON_MISSING"})


class _Planner:
    """One configure call: the catalog's rules, what is owned, the options; finds the best per server choice."""

    def __init__(self, cat: Catalog, owned: dict, options: dict):
        self.cat = cat
        self.owned = owned
        self.owned_pairs = list(owned.items())
        self.options = options
        self.rules = all_rules(cat)
        # X -> (from, to); an upgrade row always names its article (addin.checks.sheet)
        self.upgrades = {cast(str, r.article): r.refs for r in self.rules if r.kind == "upgrade"}
        self.position = {a.code: i for i, a in enumerate(cat.articles)}
        ctx = build_context([], self.owned_pairs, options, cat)
        for rule in self.rules:
            if rule.kind == "upgrade":
                rule.evaluate(ctx)
        self.existing = dict(ctx.counts)  # the owned system after its own upgrades
        self.mixes = [(x, f, t) for x, (f, t) in self.upgrades.items()
                      if self._art(x).category != "server" and self._art(f) and self._art(t)]
        self.checks = 0

    def _art(self, code):
        return self.cat.find(code)

    def price(self, code) -> Decimal:
        return self._art(code).price

    def repairable(self, code) -> bool:
        """Articles a repair may add: licences that are no server licence and no upgrade."""
        art = self._art(code)
        return (art is not None and art.is_licence and art.category != "server"
                and art.code not in self.upgrades)

    def owned_server(self) -> str | None:
        return next((a.code for a in self.cat.articles if a.category == "server" and self.existing.get(a.code)), None)

    def system_of(self, structure) -> str:
        """The server licence a server choice leads to (an upgrade leads to its target)."""
        if structure is None:
            return self.owned_server() or ""
        return self.upgrades[structure][1] if structure in self.upgrades else structure

    def weighed(self, structure) -> bool:
        """A server choice a seller weighs: keeping or upgrading an owned server, else each new server licence."""
        if self.owned_server():
            return structure is None or structure in self.upgrades
        return structure is not None and structure not in self.upgrades

    def unavailable(self, blocked: list, feasible: set) -> tuple:
        """The server choices a seller would weigh that cannot carry the needs, one per server type:
        keeping or upgrading what is owned, or else each new server licence."""
        owned = self.owned_server()
        out, seen = [], set(feasible)
        for structure, finding in blocked:
            system = self.system_of(structure)
            if self.weighed(structure) and system not in seen:
                seen.add(system)
                out.append((Shown(lambda lang, s=structure: _label(self.cat, s, lang, owned)), finding))
        return tuple(out)

    def structures(self) -> list:
        """None (no new server licence) and each server article; an upgrade only for what is owned."""
        out: list[str | None] = [None]
        for art in self.cat.articles:
            if art.category != "server" or not art.is_licence:
                continue
            if art.code in self.upgrades and self.existing.get(self.upgrades[art.code][0], 0) < 1:
                continue
            out.append(art.code)
        return out

    # -- counts
    def system_count(self, code, new: dict, included: dict) -> int:
        """The count of ``code`` in the system after the upgrades in ``new`` (as the rules count it)."""
        count = self.existing.get(code, 0) + included.get(code, 0) + new.get(code, 0)
        for x, (source, target) in self.upgrades.items():
            if new.get(x):
                if code == source:
                    count -= new[x]
                elif code == target:
                    count += new[x]
        return count

    def _included(self, new: dict) -> dict:
        inc: dict = {}
        for code, qty in new.items():
            for inc_code, inc_qty in self._art(code).includes:
                art = self._art(inc_code)
                if art is not None:
                    inc[art.code] = inc.get(art.code, 0) + inc_qty * qty
        return inc

    # -- quantities from the minimum counts
    def base(self, structure) -> dict:
        """The server line of a choice: one licence, or an upgrade for every owned licence it upgrades."""
        if structure is None:
            return {}
        return {structure: self.existing.get(self.upgrades[structure][0], 0) if structure in self.upgrades else 1}

    def supply(self, structure, demands: dict) -> dict:
        """The cheapest new quantities for which every group of articles reaches its minimum count."""
        new = self.base(structure)
        included = self._included(new)
        done: set[frozenset] = set()
        for x, b, p in self.mixes:
            groups = (frozenset((b, p)), frozenset((p,)), frozenset((b,)))
            if any(demands.get(g, 0) for g in groups):
                self._mix(new, included, x, b, p, *(demands.get(g, 0) for g in groups))
            done.update(groups)
        order = sorted((g for g in demands if g not in done),
                       key=lambda g: (len(g), min(self.position.get(c, 0) for c in g)))
        for group in order:
            missing = demands[group] - sum(self.system_count(c, new, included) for c in group)
            if missing <= 0:
                continue
            choices = [c for c in group if self.repairable(c)]
            if not choices:
                raise _Blocked(self._cannot_add(group))
            pick = min(choices, key=lambda c: (self.price(c), c not in new, self.position[c]))
            new[pick] = new.get(pick, 0) + missing
        return new

    def _mix(self, new: dict, included: dict, x: str, b: str, p: str, d_seats: int, d_plus: int, d_base: int):
        """OFFICE (b), OFFICE PLUS (p) and upgrades of owned OFFICE (x): at least d_seats of b and p together,
        d_plus of p, d_base of b; the cheapest mix (upgrades only for owned licences)."""
        hb = self.system_count(b, new, included)
        hp = self.system_count(p, new, included)
        cb, cp, cx = self.price(b), self.price(p), self.price(x)
        plus_missing = max(0, d_plus - hp)
        top = min(max(0, self.existing.get(b, 0) - new.get(x, 0)), plus_missing)
        seat_article = p if cp < cb else b
        best = None
        points = {0, top, hb - d_base, hb + d_plus - d_seats}
        for u in sorted({min(max(v + s, 0), top) for v in points for s in (-1, 0, 1)}):
            n_p = plus_missing - u
            n_b = max(0, d_base - (hb - u))
            deficit = max(0, d_seats - (hb + hp + n_p + n_b))
            if seat_article == p:
                n_p += deficit
            else:
                n_b += deficit
            cost = cb * n_b + cp * n_p + cx * u
            key = (cost, (n_b > 0) + (n_p > 0) + (u > 0), n_b + n_p + u)
            if best is None or key < best[0]:
                best = (key, n_b, n_p, u)
        assert best is not None  # the loop runs at least once: points is not empty
        _, n_b, n_p, u = best
        for code, qty in ((b, n_b), (p, n_p), (x, u)):
            if qty:
                new[code] = new.get(code, 0) + qty

    def _cannot_add(self, group) -> Finding:
        names = Shown(lambda lang: text("error.word_or", lang).join(self._short(c, lang) for c in sorted(group)))
        return _note("CONFIGURE_CANNOT_ADD", "ERROR", Text("configure.cannot_add", names=names), tuple(sorted(group)))

    def _short(self, code, lang) -> str:
        art = self._art(code)
        return art.short_name(lang) if art is not None else code

    # -- the rules as oracle
    def diagnose(self, new: dict):
        """Run every rule as ``validate`` does; return the ERROR/WARNING findings with the counts each rule saw."""
        self.checks += 1
        ctx = build_context(list(new.items()), self.owned_pairs, self.options, self.cat)
        problems = []
        for rule in self.rules:
            found = rule.evaluate(ctx)
            ctx.findings.extend(found)
            if rule.rule_id in PERCENT_LINE_RULES:
                continue  # the Up2Date line is chosen after the licences (_Pricer), and checked there
            for f in found:
                if f.severity != "INFO":
                    count = ctx.count(rule.article) if rule.article else 0
                    problems.append((rule, f, count))
        return problems, ctx

    def solve(self, structure, need_demands: dict) -> _Candidate:
        demands = dict(need_demands)
        for _ in range(MAX_ROUNDS):
            new = self.supply(structure, demands)
            problems, ctx = self.diagnose(new)
            if not problems:
                servers = [a.code for a in self.cat.articles if a.category == "server" and ctx.count(a.code) > 0]
                value = sum((self.price(c) * q for c, q in new.items()), ZERO)
                key = (value, len(new), sum(new.values()))
                return _Candidate(structure, new, servers[0] if servers else "", key)
            changed = False
            before = dict(demands)  # a rule whose count was asked for in an earlier round cannot be met
            for rule, finding, count in problems:
                group, value = self._requirement(rule, finding, count, new, before, structure)
                if value > demands.get(group, 0):
                    demands[group] = value
                    changed = True
            if not changed:
                raise _Blocked(problems[0][1])
        raise _Blocked(problems[0][1])

    def _requirement(self, rule, finding, count, new, demands, structure):
        """The minimum count a failing rule asks for, as (group of articles, count); _Blocked if adding cannot help."""
        if rule.kind in ("requires_one_of", "at_least", "at_most_as_many"):
            group = frozenset(rule.refs)
            if not any(self.repairable(c) or c in self.upgrades for c in group) or any(
                    self._art(c).category == "server" for c in group):
                raise _Blocked(finding)
            need = {"requires_one_of": 1, "at_least": rule.n or 0, "at_most_as_many": count}[rule.kind]
            if need <= demands.get(group, 0):
                raise _Blocked(finding)  # asked for already: the rule sees other counts than the search
            return group, need
        if rule.in_code:
            code = next((c for c in finding.articles if self.repairable(c)), None)
            if code is None:
                raise _Blocked(finding)
            return frozenset((code,)), self._gallop(rule, finding, code, demands, structure)
        raise _Blocked(finding)  # a limit or an exclusion: adding licences cannot lift it

    def _gallop(self, rule, finding, code, demands, structure) -> int:
        """The smallest count of ``code`` for which a rule in code stops reporting (doubling, then halving)."""
        group = frozenset((code,))
        included = self._included(self.base(structure))
        start = max(demands.get(group, 0), self.system_count(code, self.supply(structure, demands), included))

        def still(count) -> bool:
            problems, _ = self.diagnose(self.supply(structure, {**demands, group: count}))
            return any(r.rule_id == rule.rule_id and f.severity == finding.severity for r, f, _ in problems)

        low, step = start, 1
        while still(start + step):
            low = start + step
            step *= 2
            if step > 4 * MAX_NEED:
                raise _Blocked(finding)
        high = start + step
        while high - low > 1:
            mid = (low + high) // 2
            if still(mid):
                low = mid
            else:
                high = mid
        return high


# --------------------------------------------------------------------------- percentage lines and prices

def _percent_tries(cat: Catalog, opts: dict, owned: dict, years, adds: bool) -> list:
    """Up2Date / upgrade lines to try, best first; ``validate`` picks the first it accepts."""
    term = next((a.code for a in cat.articles if years and a.number == cat.up2date[years].number), None)
    terms = {t.number for t in cat.up2date.values()}
    addon = next((a.code for a in cat.articles if a.category == "up2date" and a.number not in terms), None)
    release = opts.get("release")
    upgrade = next((a.code for a in cat.articles if release in cat.upgrades
                    and a.number == cat.upgrades[release].number), None)
    months = opts.get("up2date_months_left") or 0
    existing = bool(owned) or release is not None or months > 0
    tries: list[tuple[str, ...]] = []
    if term:
        if existing and months == 0 and upgrade:
            tries.append((upgrade, term))  # an existing system without Up2Date: only with its one-time upgrade
        tries.append((term,))
    if months > 0 and adds and addon:
        tries.append((addon,))
    tries.append(())
    return tries


class _Pricer:
    def __init__(self, cat, owned, opts, years, term_years):
        self.cat, self.owned, self.opts, self.years, self.term_years = cat, owned, opts, years, term_years
        self.checks = 0

    def finish(self, new: dict):
        """(lines, priced lines, total, licence total, findings) with the Up2Date/upgrade line validate accepts."""
        tries = _percent_tries(self.cat, self.opts, self.owned, self.years, any(new.values()))
        refused = None
        for extra in tries:
            lines = dict(new)
            for code in extra:
                lines[code] = 1
            self.checks += 1
            findings = check(list(lines.items()), list(self.owned.items()), self.opts, self.cat)
            bad = [f for f in findings if f.severity != "INFO"]
            if bad:
                refused = refused or (extra, bad[0])
                continue
            notes = [_refused_note(self.cat, refused)] if refused is not None and refused[0] else []
            return self._priced(lines) + (findings + notes,)
        return None

    def _priced(self, lines: dict):
        order = {a.code: i for i, a in enumerate(self.cat.articles)}
        codes = sorted(lines, key=cast(Callable[[str], int], order.get))  # every code is one of the articles
        options = dict(self.opts)
        if self.term_years is not None:
            options["up2date_term_years"] = self.term_years
        quote = price_quote([OrderLine(self.cat.article(c), lines[c]) for c in codes],
                            {self.cat.article(c): q for c, q in self.owned.items()}, options,
                            catalog=self.cat, checks=False)
        priced = [PricedLine(q.article, q.quantity, q.unit_price, round_cents(q.unit_price * q.quantity))
                  for q in quote.lines if q.included_in is None]
        priced += [PricedLine(p.article, 1, p.amount, p.amount) for p in quote.percent_lines]
        total = round_cents(sum((p.value for p in priced), ZERO))
        return [(c, lines[c]) for c in codes], tuple(priced), total, round_cents(quote.new_value)


def _refused_note(cat, refused) -> Finding:
    extra, finding = refused
    names = ", ".join(cat.article(c).code for c in extra)
    return _note("CONFIGURE_UP2DATE", "INFO", Text("configure.not_included", names=names, finding=finding), extra)


# --------------------------------------------------------------------------- the function

def configure(needs, owned=None, options=None, catalog: Catalog | None = None, date=None) -> Configuration:
    """The cheapest configuration that covers the needs and passes every check.

    ``needs``: a mapping or ``(name, value)`` pairs: ``users``, ``office_plus_users``, ``teamdesk``,
    ``fax``, ``voicemail``, ``contacts``, ``dashboard`` (users of each), ``tapi`` (lines),
    ``auto_attendant_channels`` (one AUTO ATTENDANT licence gives 20), ``directory_sources`` and the usage
    options ``ldap``, ``fax_in_client``, ``voicemail_in_client``, ``voicemail_in_mobile_app``,
    ``sms_notification`` (TRUE/FALSE; not given = FALSE). German names are accepted (``Benutzer``,
    ``TAPI-Lines``, ``Datenquellen``, ``Fax im Client``). Needs overlap: 3 TEAMDESK users among 30 users
    need 3 OFFICE PLUS, not 3 more users.

    ``owned``: licences the customer owns, ``(article, quantity)``; ``options``: ``release``,
    ``up2date_months_left`` (as for ``validate``), ``up2date_years`` (Up2Date term to sell, 1–5) and
    ``up2date_term_years`` (term of a running Up2Date, prices Up2Date for additional licences); the usage
    options may stand here too. Bad input raises the project's errors, naming the value.

    Prices and the articles on offer come from the price list valid on ``date`` (default: a catalog priced
    with a list keeps it, the catalog as loaded uses today's list; see :meth:`addin.catalog.Catalog.on`).

    >>> configure({"users": 4}, date=dt.date(2026, 3, 16)).lines
    [('SMART_SERVER', 1)]
    >>> c = configure([("users", 21), ("tapi", 30)], date=dt.date(2026, 3, 16))
    >>> c.lines, c.total, [(a.system, a.total) for a in c.alternatives]
    ([('SERVER', 1), ('OFFICE', 21), ('TAPI', 30)], Decimal('4957.50'), [])
    """
    cat = (catalog if catalog is not None else get_catalog()).on(date)
    counts, opts, years, term_years = _read_settings(needs, options, cat)
    owned_codes = _read_owned(owned, cat)
    shown_needs = {k: v for k, v in counts.items() if v}

    missing = _needs_not_in_catalog(cat, counts)
    if missing:
        return Configuration([], ZERO, [missing], [], options=opts, needs=shown_needs)
    planner = _Planner(cat, owned_codes, opts)
    demands = _need_demands(cat, planner, counts)

    found, blocked = [], []
    for structure in planner.structures():
        try:
            found.append(planner.solve(structure, demands))
        except _Blocked as exc:
            blocked.append((structure, exc.finding))
    pricer = _Pricer(cat, owned_codes, opts, years, term_years)
    best_by_system: dict = {}
    for cand in sorted(found, key=lambda c: c.key):
        best_by_system.setdefault(cand.system, cand)
    ranked = []
    for cand in best_by_system.values():
        result = pricer.finish(cand.new)
        if result is None:
            blocked.append((cand.structure, _note("CONFIGURE_REFUSED", "ERROR", Text("configure.refused"))))
            continue
        ranked.append((cand, result))
    unavailable = planner.unavailable(blocked, {c.system for c, _ in ranked})
    if not ranked:
        weighed = [(s, f) for s, f in blocked if planner.weighed(s)] or blocked
        return Configuration([], ZERO, [_impossible(cat, counts, weighed)], [], options=opts, needs=shown_needs,
                             unavailable=unavailable, checks=planner.checks)
    (cand, (lines, priced, total, licence_total, findings)), rest = ranked[0], ranked[1:]
    alternatives = [Alternative(c.system, r[0], r[2], r[3], r[1]) for c, r in rest]
    return Configuration(lines, total, findings, alternatives, licence_total, cand.system, priced, opts,
                         shown_needs, unavailable, planner.checks + pricer.checks, term_years)


def _needs_not_in_catalog(cat: Catalog, counts: dict):
    for key, value in counts.items():
        spec = NEEDS[key]
        if value and not any(cat.find(c) for c in spec.articles):
            names = " / ".join(spec.articles)
            return _note("CONFIGURE_NEED_NOT_IN_CATALOG", "ERROR",
                         Text("configure.need_not_in_catalog", key=key, value=value, label=spec.label, names=names))
    return None


def _channels_per_licence(cat: Catalog) -> int:
    for rule in all_rules(cat):
        if rule.kind == "note" and rule.article == "AUTO_ATTENDANT" and rule.n:
            return rule.n
    return CHANNELS_PER_AUTO_ATTENDANT


def _need_demands(cat: Catalog, planner: _Planner, counts: dict) -> dict:
    """Minimum counts per group of articles that the needs ask for."""
    demands: dict = {}

    def ask(codes, value):
        group = frozenset(c for c in codes if cat.find(c) is not None)
        if value > 0 and group:
            demands[group] = max(demands.get(group, 0), value)

    ask(NEEDS["users"].articles, max(counts["users"], counts["office_plus_users"]))
    ask(NEEDS["office_plus_users"].articles, counts["office_plus_users"])
    for key in ("teamdesk", "fax", "voicemail", "contacts", "dashboard", "tapi"):
        ask(NEEDS[key].articles, counts[key])
    channels = counts["auto_attendant_channels"]
    ask(NEEDS["auto_attendant_channels"].articles, math.ceil(channels / _channels_per_licence(cat)))
    return demands


def _label(cat: Catalog, structure, lang: str, owned: str | None = None) -> str:
    if structure is None and owned:
        return text("configure.owned_server", lang, name=cat.article(owned).short_name(lang))
    if structure is None:
        return text("configure.no_new_server", lang)
    return cat.article(structure).short_name(lang)


def _impossible(cat: Catalog, counts: dict, blocked: list) -> Finding:
    """One ERROR finding naming the needs that no server choice carries, and why for each choice."""
    given = [k for k, v in counts.items() if v]
    per_choice = [{k for k in given if set(NEEDS[k].articles) & set(f.articles)} for _, f in blocked]
    involved = set().union(*[set(f.articles) for _, f in blocked])
    named = set.intersection(*per_choice) if per_choice else set()
    shown = ", ".join(f"{k} = {counts[k]}" for k in (named and [k for k in given if k in named]) or given) or "—"
    # no need in every reason: what is owned or an option stands in the way
    tail = "" if named else Text("configure.with_owned_and_options")
    why = Shown(lambda lang: " ".join(f"{_label(cat, s, lang)}: {f.message(lang)}" for s, f in blocked))
    return _note("CONFIGURE_IMPOSSIBLE", "ERROR", Text("configure.impossible", shown=shown, tail=tail, why=why),
                 tuple(sorted(involved)))
