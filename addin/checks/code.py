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

from ..i18n import Text
from ..money import ZERO, format_eur, format_percent
from ..values import is_blank, to_bool, to_whole
from .engine import Context
from .engine import finding as _finding
from .engine import join as _join
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


for _rule_id, _severity, _doc in (
    ("INPUT_LINE", "ERROR", "An entry that is not an (article, quantity) pair, or a quantity without an article."),
    ("ARTICLE_UNKNOWN", "ERROR", "An article that is not on the catalog's articles sheet."),
    ("QUANTITY_INVALID", "ERROR", "A quantity that is not a whole number of 0 or more ('10 Stk', -1, 2.5)."),
    ("ARTICLE_CONFLICT", "ERROR", "An article listed twice with different quantities (checked with the larger)."),
    ("ARTICLE_TWICE", "WARNING", "An article listed twice with the same quantity (counted once)."),
    ("OWNED_NOT_LICENCE", "ERROR", "An Up2Date or upgrade article among the owned quantities; the running "
                                   "Up2Date and the release are options."),
    ("OPTION_UNKNOWN", "ERROR", "An option name that is none of the keys or their German aliases."),
    ("OPTION_INVALID", "ERROR", "An option value that cannot be read (release 3, months 'viele', ldap 'vielleicht'), "
                                "or more months left than the running term has (1 year: 12, 3 years: 36)."),
    ("OPTION_CONFLICT", "ERROR", "An option given twice with different values."),
    ("NUMBER_TEXT_AMBIGUOUS", "INFO", "A quantity or option given as text that the other number convention reads "
                                      "differently ('1.000', '2,675'): says how it was read."),
):
    _code_rule(_rule_id, _severity, "input", "Input: " + _doc)(_input_problems)


def _smart_server_only(ctx: Context) -> bool:
    return ctx.has("SMART_SERVER") and not ctx.has("SERVER")


@_code_rule("DIRECTORY_SMART_SERVER", "ERROR", "final",
            "SMART SERVER directory: at most 3 data sources (option directory_sources); a warning to confirm "
            "when the number is not given. In code: it compares a usage number, not article quantities.")
def _directory_smart_server(rule: Rule, ctx: Context) -> list[Finding]:
    if not _smart_server_only(ctx):
        return []
    sources = ctx.option("directory_sources")
    upg_de, upg_en = ctx.show("UPG_SMART_SERVER", "de"), ctx.show("UPG_SMART_SERVER", "en")
    n = SMART_SERVER_MAX_SOURCES
    if sources is None:
        return [_finding(rule.rule_id, "WARNING",
                         f"SMART SERVER bindet im Directory höchstens {n} Datenquellen an: Anzahl bestätigen "
                         "(Option directory_sources / Datenquellen). Für mehr mit "
                         f"{upg_de} auf SERVER upgraden.",
                         f"SMART SERVER connects at most {n} data sources to the directory: confirm the number "
                         f"(option directory_sources). For more, upgrade to SERVER with {upg_en}.", ("SMART_SERVER",))]
    if sources > n:
        return [_finding(rule.rule_id, "ERROR",
                         f"SMART SERVER bindet im Directory höchstens {n} Datenquellen an; geplant: {sources}. "
                         f"Mit {upg_de} auf SERVER upgraden oder höchstens {n} Datenquellen anbinden.",
                         f"SMART SERVER connects at most {n} data sources to the directory; planned: {sources}. "
                         f"Upgrade to SERVER with {upg_en} or connect at most {n} data sources.",
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
    smart_de, smart_en = ctx.show("SMART_SERVER", "de"), ctx.show("SMART_SERVER", "en")
    upg_de, upg_en = ctx.show("UPG_SMART_SERVER", "de"), ctx.show("UPG_SMART_SERVER", "en")
    server_de, server_en = ctx.show("SERVER", "de"), ctx.show("SERVER", "en")
    return [_finding(rule.rule_id, "WARNING",
                     f"{smart_de} und {upg_de} im selben Angebot: das Upgrade hebt die Einschränkungen eines "
                     f"vorhandenen SMART SERVER auf. Für ein neues System {server_de} anbieten oder das Paar mit dem "
                     "Hersteller abstimmen.",
                     f"{smart_en} and {upg_en} in the same quote: the upgrade lifts the limits of a SMART SERVER "
                     f"the customer runs. For a new system offer {server_en} or confirm the pair with the vendor.",
                     ("SMART_SERVER", "UPG_SMART_SERVER", "SERVER"))]


@_code_rule("SMART_SERVER_OTHER_UC", "ERROR", "final",
            "SMART SERVER, Einschränkungen: \"Betrieb mit anderen UC-Systemen/Clients/Endgeräten nicht möglich\" "
            "(option other_uc_systems). An ERROR when the option is TRUE; when it is not given, an INFO for the "
            "seller to confirm (not a WARNING: most SMART SERVER systems run the XPhone client only, and guided "
            "selling still proposes a SMART SERVER). In code: it reads a usage option.")
def _smart_server_other_uc(rule: Rule, ctx: Context) -> list[Finding]:
    return _smart_server_usage(
        rule, ctx, "other_uc_systems", "INFO",
        ("SMART SERVER: Betrieb mit anderen UC-Systemen, Clients oder Endgeräten nicht möglich. Bestätigen, dass "
         "keine genutzt werden (Option other_uc_systems = FALSCH).",
         "SMART SERVER: operation with other UC systems, clients or devices is not possible. Confirm that none "
         "are used (option other_uc_systems = FALSE)."),
        ("SMART SERVER: Betrieb mit anderen UC-Systemen, Clients oder Endgeräten nicht möglich; geplant ist er. "
         "Mit {upg} auf SERVER upgraden oder SERVER anbieten.",
         "SMART SERVER: operation with other UC systems, clients or devices is not possible; it is planned. "
         "Upgrade to SERVER with {upg} or offer SERVER."))


def _smart_server_usage(rule: Rule, ctx: Context, key: str, confirm_severity: str, confirm: tuple[str, str],
                        refuse: tuple[str, str]) -> list[Finding]:
    """A SMART SERVER limit on a usage option (TRUE/FALSE): ``confirm`` (German, English) when the option is not
    given, ``refuse`` (an ERROR) when it is TRUE; ``{upg}`` in the texts names the upgrade to SERVER."""
    if not _smart_server_only(ctx):
        return []
    value = ctx.option(key)
    if value is False:
        return []
    de, en = confirm if value is None else refuse
    de = de.format(upg=ctx.show("UPG_SMART_SERVER", "de"))
    en = en.format(upg=ctx.show("UPG_SMART_SERVER", "en"))
    if value is None:
        return [_finding(rule.rule_id, confirm_severity, de, en, ("SMART_SERVER",))]
    return [_finding(rule.rule_id, "ERROR", de, en, ("SMART_SERVER", "UPG_SMART_SERVER"))]


@_code_rule("DIRECTORY_SMART_SERVER_LDAP", "ERROR", "final",
            "SMART SERVER directory: no LDAP data source (option ldap); a warning to confirm when not given. "
            "In code: it reads a usage option.")
def _directory_ldap(rule: Rule, ctx: Context) -> list[Finding]:
    return _smart_server_usage(
        rule, ctx, "ldap", "WARNING",
        ("SMART SERVER kann keine LDAP-Datenquelle anbinden: bestätigen, dass keine gebraucht wird (Option ldap = "
         "FALSCH). Sonst mit {upg} auf SERVER upgraden.",
         "SMART SERVER cannot connect an LDAP data source: confirm that none is needed (option ldap = FALSE). "
         "Otherwise upgrade to SERVER with {upg}."),
        ("SMART SERVER kann keine LDAP-Datenquelle anbinden. Mit {upg} auf SERVER upgraden.",
         "SMART SERVER cannot connect an LDAP data source. Upgrade to SERVER with {upg}."))


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
    ad_de, ad_en = ctx.show("ADDITIONAL_DATABASES", "de"), ctx.show("ADDITIONAL_DATABASES", "en")
    name_de, name_en = ctx.short("ADDITIONAL_DATABASES", "de"), ctx.short("ADDITIONAL_DATABASES", "en")
    if sources is None:
        if ctx.new.get("ADDITIONAL_DATABASES", 0) > 0:
            below = capacity - SOURCES_PER_ADDITIONAL_DATABASES
            return [_finding(rule.rule_id, "WARNING",
                             f"{extra} × {ad_de}: SERVER bindet damit bis zu {capacity} Datenquellen an; gebraucht "
                             f"erst bei mehr als {below}. Anzahl der Datenquellen bestätigen (Option "
                             "directory_sources / Datenquellen).",
                             f"{extra} × {ad_en}: SERVER then connects up to {capacity} data sources; needed only "
                             f"for more than {below}. Confirm the number of data sources (option directory_sources).",
                             ("ADDITIONAL_DATABASES",))]
        return []
    needed = max(0, math.ceil((sources - SERVER_SOURCES) / SOURCES_PER_ADDITIONAL_DATABASES))
    if sources > capacity:
        return [_finding(rule.rule_id, "ERROR",
                         f"SERVER bindet {SERVER_SOURCES} Datenquellen an, {SOURCES_PER_ADDITIONAL_DATABASES} "
                         f"mehr je {name_de}; im System: {extra} × {name_de} = {capacity} Datenquellen, geplant: "
                         f"{sources}. {needed - extra} × {ad_de} ergänzen.",
                         f"SERVER connects {SERVER_SOURCES} data sources, {SOURCES_PER_ADDITIONAL_DATABASES} more "
                         f"per {name_en}; the system has {extra} × {name_en} = {capacity} data sources, planned: "
                         f"{sources}. Add {needed - extra} × {ad_en}.", ("SERVER", "ADDITIONAL_DATABASES"))]
    if ctx.new.get("ADDITIONAL_DATABASES", 0) > 0 and extra > needed:
        return [_finding(rule.rule_id, "WARNING",
                         f"Für {sources} Datenquellen reichen {needed} × {name_de} "
                         f"({SERVER_SOURCES} + {SOURCES_PER_ADDITIONAL_DATABASES} je Lizenz); im System: {extra}. "
                         f"{extra - needed} × {ad_de} weniger anbieten.",
                         f"{sources} data sources need {needed} × {name_en} "
                         f"({SERVER_SOURCES} + {SOURCES_PER_ADDITIONAL_DATABASES} per licence); the system has "
                         f"{extra}. Offer {extra - needed} × {ad_en} less.", ("ADDITIONAL_DATABASES",))]
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
    ip_de, ip_en = ctx.show("IP_CHANNEL", "de"), ctx.show("IP_CHANNEL", "en")
    return [_finding(rule.rule_id, "WARNING",
                     f"Empfehlung bei durchschnittlicher Nutzung: 1 IP-CHANNEL je {USERS_PER_IP_CHANNEL} "
                     f"Fax-/Voicemail-User, bei {users} Usern {recommended}; vorhanden: {have}. "
                     f"{recommended - have} × {ip_de} ergänzen.",
                     f"Recommended for average use: 1 IP-CHANNEL per {USERS_PER_IP_CHANNEL} fax/voicemail users, "
                     f"for {users} users {recommended}; the system has {have}. Add {recommended - have} × {ip_en}.",
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
    t_de, t_en = ctx.show(term, "de"), ctx.show(term, "en")
    if months > RENEWAL_MAX_MONTHS_LEFT:
        wait = months - RENEWAL_MAX_MONTHS_LEFT
        return [_finding(rule.rule_id, "ERROR",
                         f"{t_de}: das laufende Up2Date hat noch {months} Monate Restlaufzeit; verlängern erst ab "
                         f"höchstens {RENEWAL_MAX_MONTHS_LEFT} Monaten Restlaufzeit (in {wait} Monaten). Für neue "
                         f"Lizenzen stattdessen {_join((ctx.show(c, 'de') for c in ctx.addon_codes), 'de')} anbieten.",
                         f"{t_en}: the running Up2Date has {months} months left; renew only with at most "
                         f"{RENEWAL_MAX_MONTHS_LEFT} months left (in {wait} months). For new licences offer "
                         f"{_join((ctx.show(c, 'en') for c in ctx.addon_codes), 'en')} instead.",
                         (term, *ctx.addon_codes))]
    if months > 0 or ctx.in_quote(ctx.upgrade_releases):
        return []
    release = ctx.option("release")
    return [_finding(rule.rule_id, "ERROR",
                     f"{t_de}: Bestandssystem ohne laufendes Up2Date – Up2Date nur zusammen mit einer Migration "
                     f"bzw. einem OneTime Upgrade im selben Angebot ({_upgrade_names(ctx, 'de', release)}). "
                     "Läuft noch ein Up2Date, die Restlaufzeit angeben (Option up2date_months_left).",
                     f"{t_en}: existing system without a running Up2Date – Up2Date only together with a migration "
                     f"or one-time upgrade in the same quote ({_upgrade_names(ctx, 'en', release)}). If an Up2Date "
                     "is running, give the months left (option up2date_months_left).", (term,))]


@_code_rule("UP2DATE_ADDON_RUNNING", "ERROR", "final",
            "Up2Date Additional Licences only while the system has a running Up2Date (option "
            "up2date_months_left > 0). In code: it reads an option.")
def _up2date_addon_running(rule: Rule, ctx: Context) -> list[Finding]:
    addons = ctx.in_quote(ctx.addon_codes)
    if not addons or (ctx.option("up2date_months_left") or 0) > 0:
        return []
    terms_de = _join((ctx.short(c, "de") for c in ctx.term_codes[:1]), "de")
    return [_finding(rule.rule_id, "ERROR",
                     f"{ctx.show(addons[0], 'de')} nur für ein System mit laufendem Up2Date: Restlaufzeit angeben "
                     f"(Option up2date_months_left) oder stattdessen eine Up2Date-Laufzeit anbieten "
                     f"(z. B. {terms_de}).",
                     f"{ctx.show(addons[0], 'en')} only for a system with a running Up2Date: give the months left "
                     "(option up2date_months_left) or offer an Up2Date term instead.", (addons[0],))]


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
                     f"{ctx.show(addons[0], 'de')} deckt nachträglich gekaufte Lizenzen ab, aber das Angebot "
                     "enthält keine neuen Lizenzen. Lizenzen ergänzen oder den Artikel entfernen.",
                     f"{ctx.show(addons[0], 'en')} covers licences bought later, but the quote adds no licences. "
                     "Add the licences or remove the article.", (addons[0],))]


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
    t_de, t_en = ctx.show(terms[0], "de"), ctx.show(terms[0], "en")
    return [_finding(rule.rule_id, "ERROR",
                     f"{t_de}: das System hat keine Lizenzen. Up2Date ist ein Prozentsatz vom Listenwert des "
                     f"Gesamtsystems, hier von {format_eur(ZERO)}. Die Lizenzen des Systems angeben (neu oder "
                     "Bestand) oder den Artikel entfernen.",
                     f"{t_en}: the system has no licences. Up2Date is a percentage of the list value of the "
                     f"complete system, here of {format_eur(ZERO, 'en')}. List the system's licences (new or "
                     "owned) or remove the article.", (terms[0],))]


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
    listed_de = ", ".join(f"{q} × {ctx.show(c, 'de')}" for c, q in new)
    listed_en = ", ".join(f"{q} × {ctx.show(c, 'en')}" for c, q in new)
    years = ctx.option("up2date_term_years")
    term = ctx.catalog.up2date.get(years) if years is not None else None
    if value is None:  # no price list in force: the rule without the amount
        price_de = price_en = ""
    elif term is not None and months <= term.months:
        amount = term.addon_price(months, value)
        price_de = (f", für {months} Monate {format_eur(amount)} ({format_percent(term.rate_per_year)} × "
                    f"{months}/12 × {format_eur(value)})")
        price_en = (f", for {months} months {format_eur(amount, 'en')} ({format_percent(term.rate_per_year, 'en')}"
                    f" × {months}/12 × {format_eur(value, 'en')})")
    else:
        price_de = f" (Satz pro Jahr der laufenden Laufzeit × {months}/12 × {format_eur(value)}"
        price_en = f" (rate per year of the running term × {months}/12 × {format_eur(value, 'en')}"
        if years is None:
            price_de += "; für den Betrag die Laufzeit angeben: Option up2date_term_years"
            price_en += "; for the amount give the term: option up2date_term_years"
        price_de, price_en = price_de + ")", price_en + ")"
    renew_de = renew_en = ""
    if months <= RENEWAL_MAX_MONTHS_LEFT:
        renew_de = " oder das ganze System mit einer neuen Up2Date-Laufzeit verlängern"
        renew_en = " or renew the whole system with a new Up2Date term"
    a_de, a_en = ctx.show(addon, "de"), ctx.show(addon, "en")
    return [_finding(rule.rule_id, "ERROR",
                     f"Das System hat ein laufendes Up2Date ({months} Monate Restlaufzeit); die neuen Lizenzen "
                     f"{listed_de} sind davon nicht abgedeckt. Up2Date ist immer für ein komplettes System zu "
                     f"kalkulieren: {a_de} ergänzen{price_de}{renew_de}.",
                     f"The system has a running Up2Date ({months} months left); the new licences {listed_en} are "
                     f"not covered by it. Up2Date is always calculated for the complete system: add {a_en}"
                     f"{price_en}{renew_en}.", (addon, *(c for c, _q in new)))]


@_code_rule("UP2DATE_COMPLETE_SYSTEM", "WARNING", "final",
            "Up2Date is always calculated for the complete system: for an existing system the owned licences "
            "must be listed. In code: it looks at the owned list as a whole.")
def _up2date_complete(rule: Rule, ctx: Context) -> list[Finding]:
    terms = ctx.in_quote(ctx.term_codes)
    if not terms or not ctx.is_existing() or ctx.owns_licences() or not _has_licences(ctx):
        return []
    return [_finding(rule.rule_id, "WARNING",
                     f"{ctx.show(terms[0], 'de')} ist immer für das komplette System zu kalkulieren; eine "
                     "Teilabdeckung ist nicht möglich. Die vorhandenen Lizenzen (Bestand) angeben, damit sie "
                     "mitberechnet werden.",
                     f"{ctx.show(terms[0], 'en')} is always calculated for the complete system; partial cover is "
                     "not possible. List the owned licences so that they are included.", (terms[0],))]


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
        a_de, a_en = ctx.show(code, "de"), ctx.show(code, "en")
        if release == from_release:
            continue
        if release is not None:
            right = [c for c, r in ctx.upgrade_releases.items() if r == release]
            fix_de = f"{ctx.show(right[0], 'de')} verwenden." if right else "kein Upgrade für dieses Release."
            fix_en = f"use {ctx.show(right[0], 'en')}." if right else "no upgrade for this release."
            out.append(_finding(rule.rule_id, "ERROR",
                                f"{a_de} nur für ein System mit Release {from_release}; das System hat Release "
                                f"{release}: {fix_de}",
                                f"{a_en} only for a system of release {from_release}; the system has release "
                                f"{release}: {fix_en}", (code,)))
        elif ctx.is_existing():
            out.append(_finding(rule.rule_id, "WARNING",
                                f"{a_de} nur für ein System mit Release {from_release}: Release bestätigen "
                                f"(Option release = {from_release}).",
                                f"{a_en} only for a system of release {from_release}: confirm the release "
                                f"(option release = {from_release}).", (code,)))
        else:
            out.append(_finding(rule.rule_id, "ERROR",
                                f"{a_de} nur für ein bestehendes System mit Release {from_release}, nicht für ein "
                                f"Neusystem. Für ein Bestandssystem Option release = {from_release} und den Bestand "
                                "angeben, sonst den Artikel entfernen.",
                                f"{a_en} only for an existing system of release {from_release}, not for a new "
                                f"system. For an existing system give option release = {from_release} and the "
                                "owned licences, otherwise remove the article.", (code,)))
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
    a_de, a_en = ctx.show(code, "de"), ctx.show(code, "en")
    return [_finding(rule.rule_id, "ERROR",
                     f"{a_de}: keine vorhandenen Lizenzen (Bestand) angegeben. Der Preis ist "
                     f"{format_percent(rate)} vom Listenwert der Bestandslizenzen, hier von {format_eur(ZERO)}. "
                     "Die vorhandenen Lizenzen angeben, die hochgerüstet werden.",
                     f"{a_en}: no owned licences given. The price is {format_percent(rate, 'en')} of the list value "
                     f"of the owned licences, here of {format_eur(ZERO, 'en')}. List the owned licences that are "
                     "upgraded.", (code,))]


@_code_rule("UPGRADE_COMPLETE_SYSTEM", "INFO", "final",
            "A migration/one-time upgrade is always calculated for the complete system; a partial upgrade loses "
            "the licences not upgraded. Said as INFO when owned licences are listed (without them "
            "UPGRADE_WITHOUT_LICENCES is an ERROR). In code: it looks at the owned list as a whole.")
def _upgrade_complete(rule: Rule, ctx: Context) -> list[Finding]:
    upgrades = ctx.in_quote(ctx.upgrade_releases)
    if not upgrades or not ctx.owns_licences():
        return []
    code = upgrades[0]
    a_de, a_en = ctx.show(code, "de"), ctx.show(code, "en")
    lost_de = "eine Teil-Hochrüstung ist technisch möglich, führt aber zum Verlust der nicht hochgerüsteten Lizenzen"
    lost_en = "a partial upgrade is technically possible but loses the licences not upgraded"
    total = sum(q for c, q in ctx.owned.items())
    return [_finding(rule.rule_id, "INFO",
                     f"{a_de} für das komplette System kalkulieren (alle {total} vorhandenen Lizenzen); {lost_de}.",
                     f"Calculate {a_en} for the complete system (all {total} owned licences); {lost_en}.",
                     (code,))]


