"""Rules in code: what the ``Regeln`` sheet cannot say, registered with the same shape.

Each is a :class:`~addin.checks.model.Rule` of kind ``code`` with a stable id,
a severity, a phase (``input``: problems reading the input; ``final``: after the
sheet rows) and a doc string that says what it checks and why it is in code.

Example::

    >>> recommended_ip_channels(60, voicemail_or_attendant=True)
    3
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar, cast

from ..i18n import Shown, Text
from ..money import ZERO, in_eur, in_percent
from ..values import is_blank, to_bool, to_whole
from .engine import Context
from .engine import join as _join
from .engine import said as _finding
from .model import Finding, Rule

# Numbers of the service description that live in code rules (the sheet cannot say them).
SMART_SERVER_MAX_SOURCES = 3        # SMART SERVER directory: at most 3 data sources, no LDAP
SERVER_SOURCES = 10                 # SERVER directory: 10 data sources ...
SOURCES_PER_ADDITIONAL_DATABASES = 10  # ... plus 10 per ADDITIONAL DATABASES licence
USERS_PER_IP_CHANNEL = 25           # recommendation: 1 IP-CHANNEL per 25 fax/voicemail users
MIN_IP_CHANNELS_VOICE = 2           # recommendation: at least 2 with voicemail or auto attendant
RENEWAL_MAX_MONTHS_LEFT = 12        # Up2Date renewal only with at most 12 months left



CODE_RULES: list[Rule] = []
_Check = TypeVar("_Check", bound=Callable[[Rule, Context], Iterable[Finding]])


def _code_rule(rule_id: str, severity: str, phase: str, doc: str) -> Callable[[_Check], _Check]:
    """Register a rule that the sheet cannot express; ``doc`` says what it checks and why it is in code."""

    def register(func: _Check) -> _Check:
        CODE_RULES.append(Rule(rule_id, "code", severity=severity, doc=doc, check=func, phase=phase))
        return func

    return register


def _input_problems(rule: Rule, ctx: Context) -> list[Finding]:
    return ctx.problems.get(rule.rule_id, [])


def _input_rule(rule_id: str, severity: str, doc: str) -> None:
    """Register a rule that reports a problem reading the input (found by the engine, in ``ctx.problems``)."""
    _code_rule(rule_id, severity, "input", "Input: " + doc)(_input_problems)


_input_rule("INPUT_LINE", "ERROR",
            "An entry that is not an (article, quantity) pair, or a quantity without an article.")
_input_rule("ARTICLE_UNKNOWN", "ERROR", "An article that is not on the catalog's articles sheet.")
_input_rule("QUANTITY_INVALID", "ERROR", "A quantity that is not a whole number of 0 or more ('10 Stk', -1, 2.5).")
_input_rule("ARTICLE_CONFLICT", "ERROR",
            "An article listed twice with different quantities (checked with the larger).")
_input_rule("ARTICLE_TWICE", "WARNING", "An article listed twice with the same quantity (counted once).")
_input_rule("OWNED_NOT_LICENCE", "ERROR", "An Up2Date or upgrade article among the owned quantities; the running "
                                          "Up2Date and the release are options.")
_input_rule("OPTION_UNKNOWN", "ERROR", "An option name that is none of the keys or their German aliases.")
_input_rule("OPTION_INVALID", "ERROR", "An option value that cannot be read (release 3, months 'viele', ldap "
                                       "'vielleicht'), or more months left than the running term has (1 year: 12, "
                                       "3 years: 36).")
_input_rule("OPTION_CONFLICT", "ERROR", "An option given twice with different values.")
_input_rule("NUMBER_TEXT_AMBIGUOUS", "INFO", "A quantity or option given as text that the other number convention "
                                             "reads differently ('1.000', '2,675'): says how it was read.")


def _smart_server_only(ctx: Context) -> bool:
    return ctx.has("SMART_SERVER") and not ctx.has("SERVER")


@_code_rule("DIRECTORY_SMART_SERVER", "ERROR", "final",
            "SMART SERVER directory: at most 3 data sources (option directory_sources); a warning to confirm "
            "when the number is not given. In code: it compares a usage number, not article quantities.")
def _directory_smart_server(rule: Rule, ctx: Context) -> list[Finding]:
    if not _smart_server_only(ctx):
        return []
    sources = ctx.option("directory_sources")
    upg = ctx.shown("UPG_SMART_SERVER")
    n = SMART_SERVER_MAX_SOURCES
    if sources is None:
        return [_finding(rule.rule_id, "WARNING",
                         Text("checks.smart_server_connects_at_most", n=n, upg=upg), ("SMART_SERVER",))]
    if sources > n:
        return [_finding(rule.rule_id, "ERROR",
                         Text("checks.smart_server_connects_at_most_2", n=n, sources=sources, upg=upg),
                         ("SMART_SERVER", "UPG_SMART_SERVER"))]
    return []


@_code_rule("SMART_SERVER_WITH_ITS_UPGRADE", "WARNING", "final",
            "A new SMART SERVER and Upg. SMART SERVER>SERVER in the same quote. The upgrade is \"Upgrade von "
            "XPhone Connect 8 – SMART SERVER auf XPhone Connect 8 – SERVER\": it lifts the limits of a SMART SERVER "
            "the customer runs. Bought together for a new system, the pair undercuts the SERVER's list price (the 5 "
            "OFFICE users the SMART SERVER includes stay), which the service description neither offers nor "
            "forbids. A WARNING, not an ERROR: the prerequisite (a SMART SERVER) is met, so the seller confirms the "
            "pair with the vendor or offers a SERVER; guided selling never proposes it. In code: it compares the "
            "quote's new quantities, not the system's.")
def _smart_server_with_its_upgrade(rule: Rule, ctx: Context) -> list[Finding]:
    if ctx.new.get("SMART_SERVER", 0) <= 0 or ctx.new.get("UPG_SMART_SERVER", 0) <= 0:
        return []
    smart = ctx.shown("SMART_SERVER")
    upg = ctx.shown("UPG_SMART_SERVER")
    server = ctx.shown("SERVER")
    return [_finding(rule.rule_id, "WARNING",
                     Text("checks.and_same_quote_upgrade_lifts", smart=smart, upg=upg, server=server),
                     ("SMART_SERVER", "UPG_SMART_SERVER", "SERVER"))]


@_code_rule("SMART_SERVER_OTHER_UC", "ERROR", "final",
            "SMART SERVER, Einschränkungen: \"Betrieb mit anderen UC-Systemen/Clients/Endgeräten nicht möglich\" "
            "(option other_uc_systems). An ERROR when the option is TRUE; when it is not given, an INFO for the "
            "seller to confirm (not a WARNING: most SMART SERVER systems run the XPhone client only, and guided "
            "selling still proposes a SMART SERVER). In code: it reads a usage option.")
def _smart_server_other_uc(rule: Rule, ctx: Context) -> list[Finding]:
    return _smart_server_usage(
        rule, ctx, "other_uc_systems", "INFO")


def _smart_server_usage(rule: Rule, ctx: Context, key: str, confirm_severity: str) -> list[Finding]:
    """A SMART SERVER limit on a usage option (TRUE/FALSE): the catalog text ``checks.usage.<key>.confirm`` when
    the option is not given, ``.refuse`` (an ERROR) when it is TRUE; ``{upg}`` in them names the upgrade to
    SERVER."""
    if not _smart_server_only(ctx):
        return []
    value = ctx.option(key)
    if value is False:
        return []
    said = Text(f"checks.usage.{key}.{'confirm' if value is None else 'refuse'}", upg=ctx.shown("UPG_SMART_SERVER"))
    if value is None:
        return [_finding(rule.rule_id, confirm_severity, said, ("SMART_SERVER",))]
    return [_finding(rule.rule_id, "ERROR", said, ("SMART_SERVER", "UPG_SMART_SERVER"))]


@_code_rule("DIRECTORY_SMART_SERVER_LDAP", "ERROR", "final",
            "SMART SERVER directory: no LDAP data source (option ldap); a warning to confirm when not given. "
            "In code: it reads a usage option.")
def _directory_ldap(rule: Rule, ctx: Context) -> list[Finding]:
    return _smart_server_usage(
        rule, ctx, "ldap", "WARNING")


@_code_rule("DIRECTORY_SERVER", "ERROR", "final",
            "SERVER directory: 10 data sources plus 10 per ADDITIONAL DATABASES licence (option "
            "directory_sources); a warning when more ADDITIONAL DATABASES are quoted than needed, or when they "
            "are quoted and the number of sources is not given. In code: the capacity grows with a quantity.")
def _directory_server(rule: Rule, ctx: Context) -> list[Finding]:
    if not ctx.has("SERVER"):
        return []
    extra = ctx.count("ADDITIONAL_DATABASES")
    capacity = SERVER_SOURCES + SOURCES_PER_ADDITIONAL_DATABASES * extra
    sources = ctx.option("directory_sources")
    ad = ctx.shown("ADDITIONAL_DATABASES")
    name = ctx.short_shown("ADDITIONAL_DATABASES")
    if sources is None:
        if ctx.new.get("ADDITIONAL_DATABASES", 0) > 0:
            below = capacity - SOURCES_PER_ADDITIONAL_DATABASES
            return [_finding(rule.rule_id, "WARNING",
                             Text("checks.server_then_connects_up_data", extra=extra, ad=ad, capacity=capacity,
                                  below=below),
                             ("ADDITIONAL_DATABASES",))]
        return []
    needed = max(0, math.ceil((sources - SERVER_SOURCES) / SOURCES_PER_ADDITIONAL_DATABASES))
    if sources > capacity:
        return [_finding(rule.rule_id, "ERROR",
                         Text("checks.server_connects_data_sources_more", base=SERVER_SOURCES,
                              per_licence=SOURCES_PER_ADDITIONAL_DATABASES, name=name, extra=extra,
                              capacity=capacity, sources=sources, value=needed - extra, ad=ad),
                         ("SERVER", "ADDITIONAL_DATABASES"))]
    if ctx.new.get("ADDITIONAL_DATABASES", 0) > 0 and extra > needed:
        return [_finding(rule.rule_id, "WARNING",
                         Text("checks.data_sources_need_per_licence", sources=sources, needed=needed, name=name,
                              base=SERVER_SOURCES, per_licence=SOURCES_PER_ADDITIONAL_DATABASES, extra=extra,
                              value=extra - needed, ad=ad), ("ADDITIONAL_DATABASES",))]
    return []


def recommended_ip_channels(users: Any, voicemail_or_attendant: Any = False, fax: Any = False) -> int:
    """IP-CHANNELs recommended for average use: 1 per 25 fax/voicemail users (rounded up),
    at least 2 with voicemail or auto attendant, at least 1 with fax.

    >>> recommended_ip_channels(60, voicemail_or_attendant=True)
    3
    >>> recommended_ip_channels(10, fax=True)
    1
    """
    count = 0 if is_blank(users) else to_whole(users, Text("label.users"), minimum=0)
    voice = to_bool(voicemail_or_attendant, Text("label.voicemail_or_auto_attendant"))
    faxing = to_bool(fax, Text("label.fax"))
    result = math.ceil(count / USERS_PER_IP_CHANNEL)
    if voice:
        result = max(result, MIN_IP_CHANNELS_VOICE)
    if faxing:
        result = max(result, 1)
    return result


@_code_rule("IP_CHANNEL_RECOMMENDED", "WARNING", "final",
            "IP-CHANNEL recommendation for average use: 1 per 25 fax/voicemail users (the larger of the FAX and "
            "VOICEMAIL quantities, as the users may overlap), reported when it asks for more than the hard "
            "minimum of the sheet rules. In code: it divides and rounds.")
def _ip_channel_recommended(rule: Rule, ctx: Context) -> list[Finding]:
    fax, voice, attendant = ctx.count("FAX"), ctx.count("VOICEMAIL"), ctx.count("AUTO_ATTENDANT")
    if not (fax or voice or attendant):
        return []
    users = max(fax, voice)
    base = math.ceil(users / USERS_PER_IP_CHANNEL)
    minimum = MIN_IP_CHANNELS_VOICE if (voice or attendant) else 1
    recommended = recommended_ip_channels(users, bool(voice or attendant), bool(fax))
    have = ctx.count("IP_CHANNEL")
    if base <= minimum or have >= recommended:
        return []
    ip = ctx.shown("IP_CHANNEL")
    return [_finding(rule.rule_id, "WARNING",
                     Text("checks.recommended_for_average_use_1", USERS_PER_IP_CHANNEL=USERS_PER_IP_CHANNEL,
                          users=users, recommended=recommended, have=have, value=recommended - have, ip=ip),
                     ("IP_CHANNEL", "FAX", "VOICEMAIL"))]


def _upgrade_names(ctx: Context, lang: str, release: int | None = None) -> str:
    releases = ctx.upgrade_releases
    if release is not None:
        codes = [c for c, r in releases.items() if r == release]
        if codes:
            return ctx.show(codes[0], lang)
    return _join((ctx.show(c, lang) for c in releases), lang)


@_code_rule("UP2DATE_ELIGIBLE", "ERROR", "final",
            "Up2Date for 1-5 years only for a new system, an existing system whose running Up2Date has at most "
            "12 months left, or an existing system without Up2Date together with a migration/one-time upgrade in "
            "the same quote. In code: it combines options with the quote.")
def _up2date_eligible(rule: Rule, ctx: Context) -> list[Finding]:
    terms = ctx.in_quote(ctx.term_codes)
    if not terms or not ctx.is_existing():
        return []
    term = terms[0]
    months = ctx.option("up2date_months_left") or 0
    t = ctx.shown(term)
    if months > RENEWAL_MAX_MONTHS_LEFT:
        wait = months - RENEWAL_MAX_MONTHS_LEFT
        return [_finding(rule.rule_id, "ERROR",
                         Text("checks.running_up2date_has_months_left", t=t, months=months,
                              most=RENEWAL_MAX_MONTHS_LEFT, wait=wait,
                              addons=Shown(lambda lang: _join((ctx.show(c, lang) for c in ctx.addon_codes), lang))),
                         (term, *ctx.addon_codes))]
    if months > 0 or ctx.in_quote(ctx.upgrade_releases):
        return []
    release = ctx.option("release")
    return [_finding(rule.rule_id, "ERROR",
                     Text("checks.existing_system_without_running_up2date", t=t,
                          upgrade_names=Shown(lambda lang: _upgrade_names(ctx, lang, release))), (term,))]


@_code_rule("UP2DATE_ADDON_RUNNING", "ERROR", "final",
            "Up2Date Additional Licences only while the system has a running Up2Date (option "
            "up2date_months_left > 0). In code: it reads an option.")
def _up2date_addon_running(rule: Rule, ctx: Context) -> list[Finding]:
    addons = ctx.in_quote(ctx.addon_codes)
    if not addons or (ctx.option("up2date_months_left") or 0) > 0:
        return []
    terms = Shown(lambda lang: _join((ctx.short(c, lang) for c in ctx.term_codes[:1]), lang))
    return [_finding(rule.rule_id, "ERROR", Text("checks.addon_without_running_term", addon=ctx.shown(addons[0]),
                                                 terms=terms), (addons[0],))]


@_code_rule("UP2DATE_ADDON_NOTHING", "WARNING", "final",
            "Up2Date Additional Licences in a quote that adds no licences: there is nothing to cover. "
            "In code: it looks at every licence of the quote.")
def _up2date_addon_nothing(rule: Rule, ctx: Context) -> list[Finding]:
    addons = ctx.in_quote(ctx.addon_codes)
    if not addons:
        return []
    if any(q > 0 and (a := ctx.art(c)) is not None and a.is_licence for c, q in ctx.new.items()):
        return []
    return [_finding(rule.rule_id, "WARNING",
                     Text("checks.covers_licences_bought_later_but",
                          addon=ctx.shown(addons[0])), (addons[0],))]


def _has_licences(ctx: Context) -> bool:
    """Whether the system has any licence at all (owned, new or included)."""
    return any(q > 0 and (a := ctx.art(c)) is not None and a.is_licence for c, q in ctx.raw.items())


def _new_licences(ctx: Context) -> list[tuple[str, int]]:
    return [(c, q) for c, q in ctx.new.items() if q > 0 and (a := ctx.art(c)) is not None and a.is_licence]


@_code_rule("UP2DATE_WITHOUT_LICENCES", "ERROR", "final",
            "An Up2Date term for a system with no licences at all: the price would be a percentage of 0,00 EUR. "
            "In code: it looks at the whole system.")
def _up2date_without_licences(rule: Rule, ctx: Context) -> list[Finding]:
    terms = ctx.in_quote(ctx.term_codes)
    if not terms or _has_licences(ctx):
        return []
    t = ctx.shown(terms[0])
    return [_finding(rule.rule_id, "ERROR",
                     Text("checks.system_has_no_licences_up2date", t=t,
                          zero=in_eur(ZERO)), (terms[0],))]


@_code_rule("UP2DATE_ADDON_MISSING", "ERROR", "final",
            "New licences for a system with a running Up2Date (months left > 0) need Up2Date Additional Licences "
            "or a new Up2Date term for the whole system: \"XPhone Up2Date ist immer für ein komplettes System zu "
            "kalkulieren. Eine Teilabdeckung für einzelne Systemkomponenten ist nicht möglich.\" An ERROR, so the "
            "quote is a draft until the cover is added. Names the licences not covered and the add-on's price when "
            "the running term is known. In code: it combines options, the quote and prices.")
def _up2date_addon_missing(rule: Rule, ctx: Context) -> list[Finding]:
    months = ctx.option("up2date_months_left") or 0
    addons = ctx.addon_codes
    if months <= 0 or not addons or ctx.in_quote(addons) or ctx.in_quote(ctx.term_codes):
        return []
    new = _new_licences(ctx)
    if not new:
        return []
    addon = addons[0]
    prices = [ctx.price(c) for c, _q in new]
    value = None if None in prices else sum((p * q for p, (_c, q) in zip(cast("list[Decimal]", prices), new)), ZERO)
    listed = Shown(lambda lang: ", ".join(f"{q} × {ctx.show(c, lang)}" for c, q in new))
    years = ctx.option("up2date_term_years")
    term = ctx.catalog.up2date.get(years) if years is not None else None
    price: Text | str = ""  # no price list in force: the rule without the amount
    if value is not None and term is not None and months <= term.months:
        price = Text("checks.addon_price", months=months, amount=in_eur(term.addon_price(months, value)),
                     rate=in_percent(term.rate_per_year), value=in_eur(value))
    elif value is not None:
        price = Text("checks.addon_price_unknown_term", months=months, value=in_eur(value),
                     give=Text("checks.addon_give_term") if years is None else "")
    renew = Text("checks.addon_or_renew") if months <= RENEWAL_MAX_MONTHS_LEFT else ""
    return [_finding(rule.rule_id, "ERROR", Text("checks.addon_missing", months=months, listed=listed,
                                                 addon=ctx.shown(addon), price=price, renew=renew),
                     (addon, *(c for c, _q in new)))]


@_code_rule("UP2DATE_COMPLETE_SYSTEM", "WARNING", "final",
            "Up2Date is always calculated for the complete system: for an existing system the owned licences "
            "must be listed. In code: it looks at the owned list as a whole.")
def _up2date_complete(rule: Rule, ctx: Context) -> list[Finding]:
    terms = ctx.in_quote(ctx.term_codes)
    if not terms or not ctx.is_existing() or ctx.owns_licences() or not _has_licences(ctx):
        return []
    return [_finding(rule.rule_id, "WARNING",
                     Text("checks.always_calculated_for_complete_system",
                          article=ctx.shown(terms[0])), (terms[0],))]


@_code_rule("UPGRADE_RELEASE", "ERROR", "final",
            "Migration from release 4 and one-time upgrades from 5, 6, 7, 8 only for an existing system of exactly "
            "that release (option release; blank = new system). In code: it matches an option with the catalog's "
            "Upgrade sheet.")
def _upgrade_release(rule: Rule, ctx: Context) -> list[Finding]:
    out = []
    release = ctx.option("release")
    for code, from_release in ctx.upgrade_releases.items():
        if ctx.new.get(code, 0) <= 0:
            continue
        a = ctx.shown(code)
        if release == from_release:
            continue
        if release is not None:
            right = [c for c, r in ctx.upgrade_releases.items() if r == release]
            fix = Text("checks.upgrade_use", use=ctx.shown(right[0])) if right else Text("checks.upgrade_none")
            out.append(_finding(rule.rule_id, "ERROR", Text("checks.upgrade_wrong_release", a=a,
                                                            from_release=from_release, release=release, fix=fix),
                                (code,)))
        elif ctx.is_existing():
            out.append(_finding(rule.rule_id, "WARNING",
                                Text("checks.only_for_system_release_confirm", a=a,
                                     from_release=from_release), (code,)))
        else:
            out.append(_finding(rule.rule_id, "ERROR",
                                Text("checks.only_for_existing_system_release", a=a,
                                     from_release=from_release), (code,)))
    return out


@_code_rule("UPGRADE_WITHOUT_LICENCES", "ERROR", "final",
            "A migration/one-time upgrade with no owned licences given: its price is a percentage of the owned "
            "licences' list value, here 0,00 EUR. In code: it looks at the owned list as a whole.")
def _upgrade_without_licences(rule: Rule, ctx: Context) -> list[Finding]:
    upgrades = ctx.in_quote(ctx.upgrade_releases)
    if not upgrades or ctx.owns_licences():
        return []
    code = upgrades[0]
    rate = ctx.catalog.upgrades[ctx.upgrade_releases[code]].rate
    a = ctx.shown(code)
    return [_finding(rule.rule_id, "ERROR",
                     Text("checks.no_owned_licences_given_price", a=a,
                          rate=in_percent(rate), zero=in_eur(ZERO)), (code,))]


@_code_rule("UPGRADE_COMPLETE_SYSTEM", "INFO", "final",
            "A migration/one-time upgrade is always calculated for the complete system; a partial upgrade loses "
            "the licences not upgraded. Said as INFO when owned licences are listed (without them "
            "UPGRADE_WITHOUT_LICENCES is an ERROR). In code: it looks at the owned list as a whole.")
def _upgrade_complete(rule: Rule, ctx: Context) -> list[Finding]:
    upgrades = ctx.in_quote(ctx.upgrade_releases)
    if not upgrades or not ctx.owns_licences():
        return []
    code = upgrades[0]
    a = ctx.shown(code)
    total = sum(q for c, q in ctx.owned.items())
    return [_finding(rule.rule_id, "INFO", Text("checks.upgrade_complete_system", a=a, total=total), (code,),
                     customer=Text("checks.customer.upgrade_complete_system", a=a, total=total))]


