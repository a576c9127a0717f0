"""Configuration checks: the prerequisites and limits of the XPhone Connect 8 service description.

A quote extends a system: the new quantities of the quote plus, optionally,
what the customer already owns. :func:`validate` checks the whole system
(owned + new) and returns :class:`Finding` objects: severity (``ERROR``,
``WARNING``, ``INFO``), a stable rule id and a message in German and English
that names the articles involved and the fix.

Most rules are data: the sheet ``Regeln`` of ``catalog.xlsx`` (read by
:func:`parse_rules` when the catalog is loaded), one row per rule with a rule
id, a rule kind (see :data:`KINDS`), the article it applies to, the articles
it refers to, a number N, an optional condition, the severity and the message
templates. Rows are checked from top to bottom; an ``Upgrade`` row moves the
upgraded quantities (OFFICE -> OFFICE PLUS, SMART SERVER -> SERVER) for the
rows below it. What the sheet cannot say is in code, in :data:`CODE_RULES`,
registered with the same shape; :func:`all_rules` lists both in the order
they run.

Example (shipped catalog)::

    >>> for f in validate([("SERVER", 1), ("VOICEMAIL", 5), ("IP_CHANNEL", 1)],
    ...                   options={"voicemail_in_client": False, "voicemail_in_mobile_app": False,
    ...                            "sms_notification": False}):
    ...     print(f.severity, f.rule_id, f.message("de"))
    ERROR VOICEMAIL_MIN_IP_CHANNEL VOICEMAIL braucht mindestens 2 IP-CHANNEL (3440.0030); vorhanden: 1. 1 × IP-CHANNEL ergänzen.
    >>> recommended_ip_channels(60, voicemail_or_attendant=True)
    3
"""
from __future__ import annotations

import functools
import math
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Callable

from .errors import BadCatalogRow, BadValue, XPhoneError
from .money import is_blank, to_whole

SEVERITIES = ("ERROR", "WARNING", "INFO")
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}
_SEVERITY_NAMES = {"error": "ERROR", "fehler": "ERROR", "warning": "WARNING", "warnung": "WARNING",
                   "info": "INFO", "hinweis": "INFO"}

# Numbers of the service description that live in code rules (the sheet cannot say them).
SMART_SERVER_MAX_SOURCES = 3        # SMART SERVER directory: at most 3 data sources, no LDAP
SERVER_SOURCES = 10                 # SERVER directory: 10 data sources ...
SOURCES_PER_ADDITIONAL_DATABASES = 10  # ... plus 10 per ADDITIONAL DATABASES licence
USERS_PER_IP_CHANNEL = 25           # recommendation: 1 IP-CHANNEL per 25 fax/voicemail users
MIN_IP_CHANNELS_VOICE = 2           # recommendation: at least 2 with voicemail or auto attendant
RENEWAL_MAX_MONTHS_LEFT = 12        # Up2Date renewal only with at most 12 months left
MAX_MONTHS_LEFT = 60


@dataclass(frozen=True)
class Finding:
    """One result of :func:`validate`: severity, stable rule id, message (de/en), article codes involved."""

    severity: str
    rule_id: str
    message_de: str
    message_en: str
    articles: tuple = field(default_factory=tuple)

    def message(self, lang: str = "de") -> str:
        return self.message_en if lang == "en" else self.message_de


def _fold(text) -> str:
    """Compare names forgivingly: ``'SMS-Benachrichtigung'`` -> ``'sms_benachrichtigung'``."""
    t = str(text).strip().lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        t = t.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_")


# --------------------------------------------------------------------------- options

@dataclass(frozen=True)
class Option:
    key: str
    kind: str  # release | months | count | bool
    aliases: tuple
    label_de: str
    label_en: str


OPTIONS = {o.key: o for o in (
    Option("release", "release", ("version", "system_release", "bisheriges_release", "von_release",
                                  "release_des_systems", "release_bestandssystem"),
           "Release des Bestandssystems", "release of the existing system"),
    Option("up2date_months_left", "months", ("up2date_restlaufzeit", "restlaufzeit", "restlaufzeit_monate",
                                             "up2date_restlaufzeit_monate", "restlaufzeit_up2date", "months_left"),
           "Restlaufzeit des laufenden Up2Date in Monaten", "months left on the running Up2Date"),
    Option("directory_sources", "count", ("datenquellen", "anzahl_datenquellen", "directory_datenquellen",
                                          "data_sources"),
           "Anzahl der Directory-Datenquellen", "number of directory data sources"),
    Option("ldap", "bool", ("ldap_datenquelle", "ldap_quelle", "ldap_source"),
           "LDAP-Datenquelle im Directory", "LDAP data source in the directory"),
    Option("fax_in_client", "bool", ("fax_im_client", "fax_im_connect_client"),
           "Fax im Connect Client", "fax in the Connect client"),
    Option("voicemail_in_client", "bool", ("voicemail_im_client", "voicemail_im_connect_client"),
           "Voicemail im Connect Client", "voicemail in the Connect client"),
    Option("voicemail_in_mobile_app", "bool", ("voicemail_in_der_mobile_app", "voicemail_in_mobile_app",
                                               "voicemail_mobile_app", "voicemail_in_app", "voicemail_app"),
           "Voicemail in der Mobile App", "voicemail in the mobile app"),
    Option("sms_notification", "bool", ("sms_benachrichtigung", "sms"),
           "SMS-Benachrichtigung für Voicemail", "SMS notification for voicemail"),
)}
_OPTION_ALIASES = {}
for _o in OPTIONS.values():
    for _name in (_o.key, *_o.aliases):
        _OPTION_ALIASES[_fold(_name)] = _o.key

_TRUE = {"wahr", "true", "ja", "yes", "j", "y", "x", "1"}
_FALSE = {"falsch", "false", "nein", "no", "n", "0"}


def parse_bool(value, what: str = "Wert", what_en: str = "value") -> bool | None:
    """``TRUE``/``FALSE``, ``WAHR``/``FALSCH``, ``ja``/``nein``, 1/0; blank -> None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        folded = _fold(value)
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise BadValue(what, value, "WAHR oder FALSCH erwartet (auch ja/nein, 1/0).", what_en=what_en,
                   hint_en="TRUE or FALSE expected (also yes/no, 1/0).")


def option_key(name) -> str | None:
    """The canonical option key of a name or German alias (``'Restlaufzeit'`` -> ``'up2date_months_left'``)."""
    if is_blank(name):
        return None
    return _OPTION_ALIASES.get(_fold(name))


def _parse_option(option: Option, value, catalog):
    if is_blank(value):
        return None
    what, what_en = option.label_de, option.label_en
    if option.kind == "bool":
        return parse_bool(value, what, what_en)
    if option.kind == "release":
        from .pricing import parse_release

        return parse_release(value, catalog)
    if option.kind == "months":
        return to_whole(value, what, what_en=what_en, minimum=0, maximum=MAX_MONTHS_LEFT)
    return to_whole(value, what, what_en=what_en, minimum=0)


# --------------------------------------------------------------------------- rules

KINDS = {
    # kind: (name in the sheet, other accepted names)
    "requires_one_of": ("benötigt eins von", "benötigt einen von", "benötigt", "requires one of", "requires"),
    "at_least": ("mindestens N von", "mindestens", "at least N of", "at least"),
    "at_most": ("höchstens N von", "höchstens", "at most N of", "at most"),
    "at_most_as_many": ("höchstens so viele wie", "at most as many as"),
    "excluded_with": ("ausgeschlossen mit", "nicht mit", "excluded with"),
    "included_in": ("enthalten in", "included in"),
    "upgrade": ("Upgrade", "wandelt um", "converts"),
    "note": ("Hinweis", "note"),
}
_KIND_ALIASES = {}
for _kind, _names in KINDS.items():
    for _name in (_kind, *_names):
        _KIND_ALIASES[_fold(_name)] = _kind
# kinds whose article column may stay blank (the rule then applies to every system)
_ARTICLE_OPTIONAL = {"at_least", "at_most"}

PLACEHOLDERS = {
    "article": "Kurzname des Artikels der Regel / short name of the rule's article",
    "article_no": "seine Artikelnummer / its article number",
    "refs": "Bezugsartikel mit Nummer, mit 'oder' verbunden / referenced articles with numbers, joined by 'or'",
    "ref": "erster Bezugsartikel mit Nummer / first referenced article with number",
    "ref_name": "Kurzname des ersten Bezugsartikels / short name of the first referenced article",
    "ref_names": "Kurznamen der Bezugsartikel / short names of the referenced articles",
    "n": "N der Regel / the rule's N",
    "count": "Menge des Artikels im System / quantity of the article in the system",
    "have": "Summe der Bezugsartikel im System / sum of the referenced articles in the system",
    "missing": "wie viele fehlen / how many are missing",
    "excess": "wie viele zu viel sind / how many are too many",
    "present": "vorhandene Bezugsartikel mit Menge / referenced articles present, with quantity",
    "included": "davon enthalten (Spalte 'Enthält') / of which included (column 'Includes')",
    "n_total": "N × Menge / N × quantity",
}

RULE_COLUMNS = {
    "rule_id": ("Regel-ID", "Regel", "Rule ID", "Rule"),
    "kind": ("Art", "Regelart", "Kind"),
    "article": ("Artikel", "Article"),
    "refs": ("Bezug", "Bezugsartikel", "Refers to"),
    "n": ("N", "Anzahl"),
    "condition": ("Bedingung", "Condition"),
    "severity": ("Schwere", "Stufe", "Severity"),
    "message_de": ("Meldung DE", "Message DE"),
    "message_en": ("Meldung EN", "Message EN"),
}
RULE_OPTIONAL_COLUMNS = {"condition"}


@dataclass(frozen=True)
class Rule:
    """A rule of the registry: a row of the sheet ``Regeln`` or a named rule in code (kind ``code``)."""

    rule_id: str
    kind: str
    article: str | None = None
    refs: tuple = ()
    n: int | None = None
    condition: tuple = ()  # (("without", codes), ("with", codes), ("if", option_key)), all must hold
    severity: str = "ERROR"
    message_de: str = ""
    message_en: str = ""
    doc: str = ""
    check: Callable | None = field(default=None, repr=False, compare=False)
    phase: str = "data"  # input (before the sheet rows), data (the sheet), final (after)
    sheet: str = ""
    row: int = 0

    @property
    def in_code(self) -> bool:
        return self.kind == "code"

    def evaluate(self, ctx: "Context") -> list[Finding]:
        if self.check is not None:
            return list(self.check(self, ctx))
        return _evaluate_data_rule(self, ctx)


# --------------------------------------------------------------------------- parsing the sheet

def _bad(row, fld: str, de: str, en: str):
    return BadCatalogRow(de, detail_en=en, sheet=row.sheet, row=row.row, column=row.columns.get(fld, fld))


def _codes(row, fld: str, text: str, catalog) -> tuple:
    codes = []
    for part in re.split(r"[,;>\n]|\boder\b|\bor\b", text):
        part = part.strip()
        if not part:
            continue
        art = catalog.find(part)
        if art is None:
            raise _bad(row, fld, f"unbekannter Artikel {part!r}.", f"unknown article {part!r}.")
        codes.append(art.code)
    return tuple(codes)


def _parse_condition(row, text: str, catalog) -> tuple:
    terms = []
    for part in re.split(r";|\bund\b|\band\b", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(ohne|without|mit|with|wenn|falls|if)\s+(.+)", part, re.IGNORECASE)
        if not m:
            raise _bad(row, "condition",
                       f"Bedingung {part!r} nicht lesbar; Form: 'ohne SERVER' oder 'wenn fax_in_client'.",
                       f"condition {part!r} not readable; form: 'without SERVER' or 'if fax_in_client'.")
        word, rest = m.group(1).lower(), m.group(2).strip()
        if word in ("wenn", "falls", "if"):
            key = option_key(rest)
            if key is None or OPTIONS[key].kind != "bool":
                allowed = ", ".join(k for k, o in OPTIONS.items() if o.kind == "bool")
                raise _bad(row, "condition", f"Bedingung nennt unbekannte Option {rest!r}; erlaubt: {allowed}.",
                           f"condition names unknown option {rest!r}; allowed: {allowed}.")
            terms.append(("if", key))
        else:
            op = "without" if word in ("ohne", "without") else "with"
            terms.append((op, _codes(row, "condition", rest, catalog)))
    return tuple(terms)


def _check_template(row, fld: str, template: str, catalog) -> None:
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        specs = [(spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise _bad(row, fld, f"Meldung nicht lesbar ({exc}); geschweifte Klammern prüfen.",
                   f"message not readable ({exc}); check the curly braces.") from None
    for name in fields:
        art = catalog.find(name) if name not in PLACEHOLDERS else None
        if name not in PLACEHOLDERS and (art is None or art.code != name):
            raise _bad(row, fld, f"unbekannter Platzhalter {{{name}}}; erlaubt: {', '.join(PLACEHOLDERS)} "
                                 f"oder ein Kurzcode wie {{SERVER}}.",
                       f"unknown placeholder {{{name}}}; allowed: {', '.join(PLACEHOLDERS)} "
                       f"or a short code such as {{SERVER}}.")
    if any(spec or conv for spec, conv in specs):
        raise _bad(row, fld, "Platzhalter ohne Format angeben, z. B. {n}.",
                   "give placeholders without a format, e.g. {n}.")


def parse_rules(sheet_name, rows, catalog) -> list[Rule]:
    """Read and check the rules sheet; raise :class:`BadCatalogRow` with sheet, row and column.

    Refused: unknown rule kinds, unknown articles (in Artikel, Bezug or Bedingung), unknown
    options in a condition, a missing or wrong N, an unknown severity, a message with an
    unknown placeholder, and a rule id used twice or taken by a rule in code.
    """
    from .catalog import table_rows

    code_ids = {r.rule_id for r in CODE_RULES}
    seen: dict[str, int] = {}
    rules = []
    for row in table_rows(sheet_name, rows, RULE_COLUMNS, RULE_OPTIONAL_COLUMNS):
        v = row.values
        rule_id = "" if is_blank(v.get("rule_id")) else str(v["rule_id"]).strip().upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", rule_id):
            raise _bad(row, "rule_id", f"Regel-ID {v.get('rule_id')!r} fehlt oder ist ungültig "
                                       "(Großbuchstaben, Ziffern, _).",
                       f"rule id {v.get('rule_id')!r} missing or not valid (capitals, digits, _).")
        if rule_id in seen:
            raise _bad(row, "rule_id", f"Regel-ID {rule_id} doppelt; schon in Zeile {seen[rule_id]}.",
                       f"rule id {rule_id} used twice; already in row {seen[rule_id]}.")
        if rule_id in code_ids:
            raise _bad(row, "rule_id", f"Regel-ID {rule_id} gehört einer Regel im Programm.",
                       f"rule id {rule_id} belongs to a rule in code.")
        seen[rule_id] = row.row
        raw_kind = v.get("kind")
        kind = None if is_blank(raw_kind) else _KIND_ALIASES.get(_fold(raw_kind))
        if kind is None:
            allowed = ", ".join(names[0] for names in KINDS.values())
            raise _bad(row, "kind", f"Regelart {raw_kind!r} unbekannt; erlaubt: {allowed}.",
                       f"rule kind {raw_kind!r} unknown; allowed: {allowed}.")
        article = None
        if is_blank(v.get("article")):
            if kind not in _ARTICLE_OPTIONAL:
                raise _bad(row, "article", "Artikel fehlt.", "article is missing.")
        else:
            found = catalog.find(v["article"] if not isinstance(v["article"], str) else v["article"].strip())
            if found is None:
                raise _bad(row, "article", f"unbekannter Artikel {v['article']!r}.",
                           f"unknown article {v['article']!r}.")
            article = found.code
        refs = () if is_blank(v.get("refs")) else _codes(row, "refs", str(v["refs"]), catalog)
        n = None
        if not is_blank(v.get("n")):
            try:
                n = to_whole(v["n"], "N", minimum=0)
            except XPhoneError as exc:
                raise _bad(row, "n", exc.message("de"), exc.message("en")) from None
        _check_shape(row, kind, article, refs, n, catalog)
        if kind == "included_in":
            n = _included_quantity(catalog, refs[0], article)
        condition = () if is_blank(v.get("condition")) else _parse_condition(row, str(v["condition"]), catalog)
        severity = None if is_blank(v.get("severity")) else _SEVERITY_NAMES.get(_fold(v["severity"]))
        if severity is None and kind != "upgrade":
            raise _bad(row, "severity", f"Schwere {v.get('severity')!r} unbekannt; erlaubt: FEHLER/ERROR, "
                                        "WARNUNG/WARNING, HINWEIS/INFO.",
                       f"severity {v.get('severity')!r} unknown; allowed: ERROR, WARNING, INFO.")
        messages = {}
        for fld in ("message_de", "message_en"):
            text = "" if is_blank(v.get(fld)) else str(v[fld]).strip()
            if not text and kind != "upgrade":
                raise _bad(row, fld, "Meldung fehlt.", "message is missing.")
            _check_template(row, fld, text, catalog)
            messages[fld] = text
        rules.append(Rule(rule_id, kind, article, refs, n, condition, severity or "INFO",
                          messages["message_de"], messages["message_en"], sheet=sheet_name, row=row.row))
    return rules


def _check_shape(row, kind, article, refs, n, catalog) -> None:
    def need(ok, de, en, fld="refs"):
        if not ok:
            raise _bad(row, fld, de, en)

    if kind in ("requires_one_of", "at_least", "at_most", "at_most_as_many", "excluded_with"):
        need(refs, "Bezug fehlt: mindestens ein Artikel.", "refers-to is missing: at least one article.")
    if kind in ("at_least", "at_most"):
        need(n is not None, "N fehlt.", "N is missing.", "n")
    if kind == "at_least":
        need(n >= 1, "N muss mindestens 1 sein.", "N must be at least 1.", "n")
    if kind in ("requires_one_of", "at_most_as_many", "excluded_with", "upgrade"):
        need(n is None, "N bleibt bei dieser Regelart leer.", "leave N empty for this rule kind.", "n")
    if kind == "upgrade":
        need(len(refs) == 2, "Bezug: genau zwei Artikel, 'VON > NACH' (z. B. OFFICE > OFFICE_PLUS).",
             "refers-to: exactly two articles, 'FROM > TO' (e.g. OFFICE > OFFICE_PLUS).")
    if kind == "note":
        need(not refs, "Bezug bleibt bei einem Hinweis leer.", "leave refers-to empty for a note.")
    if kind == "included_in":
        need(len(refs) == 1, "Bezug: genau ein Artikel, der den Artikel enthält.",
             "refers-to: exactly one article that includes the article.")
        included = _included_quantity(catalog, refs[0], article)
        need(included is not None, f"{refs[0]} enthält laut Blatt Artikel (Spalte 'Enthält') kein {article}.",
             f"{refs[0]} does not include {article} according to the articles sheet (column 'Includes').")
        need(n is None or n == included, f"N ({n}) weicht von 'Enthält' im Blatt Artikel ab ({included}); "
                                         "N leer lassen.",
             f"N ({n}) differs from 'Includes' on the articles sheet ({included}); leave N empty.", "n")


def _included_quantity(catalog, container: str, code: str) -> int | None:
    art = catalog.find(container)
    if art is None:
        return None
    for inc_code, qty in art.includes:
        inc = catalog.find(inc_code)
        if inc is not None and inc.code == code:
            return qty
    return None


# --------------------------------------------------------------------------- context

@dataclass
class Context:
    """The system being checked: quantities by article code, options, findings so far."""

    catalog: object
    new: dict = field(default_factory=dict)       # code -> quantity in the quote
    owned: dict = field(default_factory=dict)     # code -> quantity the customer owns (licences)
    counts: dict = field(default_factory=dict)    # code -> quantity in the system, as the checks go on
    raw: dict = field(default_factory=dict)       # code -> owned + new + included, before any upgrade
    included: dict = field(default_factory=dict)  # code -> quantity included in other articles
    options: dict = field(default_factory=dict)   # option key -> value (None: not given)
    problems: dict = field(default_factory=dict)  # input rule id -> findings
    findings: list = field(default_factory=list)

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)

    def has(self, code: str) -> bool:
        return self.count(code) > 0

    def art(self, code: str):
        return self.catalog.find(code)

    def short(self, code: str, lang: str) -> str:
        art = self.art(code)
        if art is None:
            return code.replace("_", " ")
        return _short_name(art.name(lang))

    def show(self, code: str, lang: str) -> str:
        art = self.art(code)
        return f"{self.short(code, lang)} ({art.number})" if art is not None else self.short(code, lang)

    def option(self, key: str):
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

    def in_quote(self, codes) -> list[str]:
        return [c for c in codes if self.new.get(c, 0) > 0]


_BRAND = re.compile(r"^XPhone Connect \d+\s*[–-]\s*")


@functools.lru_cache(maxsize=1024)
def _short_name(name: str) -> str:
    """An article name without the product prefix: 'XPhone Connect 8 – OFFICE' -> 'OFFICE'."""
    return _BRAND.sub("", name)


def _finding(rule_id: str, severity: str, de: str, en: str, articles=()) -> Finding:
    return Finding(severity, rule_id, de, en, tuple(a for a in articles if a))


def _join(items, lang: str, word_de: str = "oder", word_en: str = "or") -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    word = word_en if lang == "en" else word_de
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


# --------------------------------------------------------------------------- reading the input

def _pairs(data):
    """Entries of ``lines``/``owned``: a mapping, or an iterable of (article, quantity)."""
    if data is None:
        return []
    if isinstance(data, Mapping):
        return list(data.items())
    if isinstance(data, (str, bytes)) or not hasattr(data, "__iter__"):
        return [data]
    return list(data)


def _show_value(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _nothing(qty) -> bool:
    """A blank or zero quantity: the line adds nothing to the system."""
    return is_blank(qty) or (isinstance(qty, (int, float)) and not isinstance(qty, bool) and qty == 0)


def _read_quantities(data, ctx: Context, owned: bool) -> dict:
    from .catalog import Article

    where_de, where_en = ("Bestand, Position", "owned, line") if owned else ("Position", "line")
    result: dict[str, int] = {}
    first_at: dict[str, int] = {}

    def problem(rule_id, severity, de, en, articles=()):
        ctx.problems.setdefault(rule_id, []).append(_finding(rule_id, severity, de, en, articles))

    for i, entry in enumerate(_pairs(data), start=1):
        if not isinstance(entry, (tuple, list)) or len(entry) < 2:
            if entry is None or (isinstance(entry, (tuple, list)) and all(is_blank(x) for x in entry)):
                continue
            problem("INPUT_LINE", "ERROR",
                    f"{where_de} {i}: {_show_value(entry)} ist kein Paar aus Artikel und Menge.",
                    f"{where_en} {i}: {_show_value(entry)} is not a pair of article and quantity.")
            continue
        article, qty = entry[0], entry[1]
        if is_blank(article):
            if _nothing(qty):
                continue
            problem("INPUT_LINE", "ERROR", f"{where_de} {i}: Menge {_show_value(qty)} ohne Artikel; Artikel angeben.",
                    f"{where_en} {i}: quantity {_show_value(qty)} without an article; give the article.")
            continue
        if _nothing(qty):
            continue  # nothing on this line counts; a parallel range (new/owned) reports its article once
        art = article if isinstance(article, Article) else ctx.catalog.find(article)
        if art is None:
            problem("ARTICLE_UNKNOWN", "ERROR",
                    f"{where_de} {i}: Artikel {_show_value(article)} ist unbekannt; Artikelnummer (z. B. 3310.0030) "
                    "oder Kurzcode (z. B. OFFICE) laut Blatt Artikel angeben.",
                    f"{where_en} {i}: article {_show_value(article)} is unknown; give an article number "
                    "(e.g. 3310.0030) or short code (e.g. OFFICE) from the articles sheet.")
            continue
        if is_blank(qty):
            quantity = 0
        else:
            try:
                quantity = to_whole(qty, "Menge", what_en="quantity", minimum=0)
            except XPhoneError:
                problem("QUANTITY_INVALID", "ERROR",
                        f"{where_de} {i}: Menge {_show_value(qty)} für {ctx.short(art.code, 'de')} ist ungültig; "
                        "eine ganze Zahl ab 0 angeben.",
                        f"{where_en} {i}: quantity {_show_value(qty)} of {ctx.short(art.code, 'en')} is not valid; "
                        "give a whole number of 0 or more.", (art.code,))
                continue
        if quantity == 0:
            continue
        if owned and art.is_percentage:
            problem("OWNED_NOT_LICENCE", "ERROR",
                    f"{where_de} {i}: {ctx.show(art.code, 'de')} ist keine Lizenz und kann nicht im Bestand "
                    "stehen. Ein laufendes Up2Date über die Option up2date_months_left (Restlaufzeit), das "
                    "Release über die Option release angeben.",
                    f"{where_en} {i}: {ctx.show(art.code, 'en')} is not a licence and cannot be owned. Give a "
                    "running Up2Date with the option up2date_months_left, the release with the option release.",
                    (art.code,))
            continue
        if art.code in result:
            other = result[art.code]
            if other == quantity:
                problem("ARTICLE_TWICE", "WARNING",
                        f"{where_de} {i}: {ctx.show(art.code, 'de')} steht zweimal in der Liste (auch Position "
                        f"{first_at[art.code]}), beide Male mit Menge {quantity}; gezählt wird {quantity}. "
                        "Eine Zeile löschen.",
                        f"{where_en} {i}: {ctx.show(art.code, 'en')} is listed twice (also line "
                        f"{first_at[art.code]}), both with quantity {quantity}; counted once. Delete one line.",
                        (art.code,))
            else:
                problem("ARTICLE_CONFLICT", "ERROR",
                        f"{where_de} {i}: {ctx.show(art.code, 'de')} steht zweimal in der Liste, mit Menge "
                        f"{other} (Position {first_at[art.code]}) und {quantity}. Eine Zeile löschen oder die "
                        f"Mengen in einer Zeile zusammenfassen; geprüft wird mit {max(other, quantity)}.",
                        f"{where_en} {i}: {ctx.show(art.code, 'en')} is listed twice, with quantity {other} "
                        f"(line {first_at[art.code]}) and {quantity}. Delete one line or add the quantities up "
                        f"in one line; checked with {max(other, quantity)}.", (art.code,))
                result[art.code] = max(other, quantity)
            continue
        result[art.code] = quantity
        first_at[art.code] = i
    return result


def _read_options(options, ctx: Context) -> None:
    values: dict = {}
    given: dict = {}

    def problem(rule_id, de, en):
        ctx.problems.setdefault(rule_id, []).append(_finding(rule_id, "ERROR", de, en))

    allowed = ", ".join(OPTIONS)
    for entry in _pairs(options):
        if not isinstance(entry, (tuple, list)) or len(entry) < 2:
            if entry is None or (isinstance(entry, (tuple, list)) and all(is_blank(x) for x in entry)):
                continue
            problem("OPTION_INVALID", f"Option {_show_value(entry)} ist kein Paar aus Name und Wert.",
                    f"option {_show_value(entry)} is not a pair of name and value.")
            continue
        name, raw = entry[0], entry[1]
        if is_blank(name):
            if not is_blank(raw):
                problem("OPTION_UNKNOWN", f"Wert {_show_value(raw)} ohne Optionsnamen; erlaubt: {allowed}.",
                        f"value {_show_value(raw)} without an option name; allowed: {allowed}.")
            continue
        key = option_key(name) if isinstance(name, str) else None
        if key is None:
            problem("OPTION_UNKNOWN", f"Option {_show_value(name)} ist unbekannt; erlaubt: {allowed} "
                                      "(deutsche Namen wie Restlaufzeit, Datenquellen, SMS-Benachrichtigung gehen auch).",
                    f"option {_show_value(name)} is unknown; allowed: {allowed}.")
            continue
        option = OPTIONS[key]
        try:
            value = _parse_option(option, raw, ctx.catalog)
        except XPhoneError as exc:
            problem("OPTION_INVALID", f"Option {key}: {exc.message('de')}", f"option {key}: {exc.message('en')}")
            continue
        if key in given and values[key] != value:
            problem("OPTION_CONFLICT", f"Option {key} steht zweimal, mit {given[key]} und {_show_value(raw)}; "
                                       "eine Zeile löschen.",
                    f"option {key} is given twice, with {given[key]} and {_show_value(raw)}; delete one line.")
            continue
        given[key] = _show_value(raw)
        values[key] = value
    ctx.options = {key: values.get(key) for key in OPTIONS}


def build_context(lines, owned=None, options=None, catalog=None) -> Context:
    """Read the input into a :class:`Context`; what cannot be read becomes a finding of an input rule."""
    from .catalog import get_catalog

    cat = catalog if catalog is not None else get_catalog()
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

def _conditions(rule: Rule, ctx: Context):
    """(applies, options not given). An option condition with no value is checked and reported as a warning."""
    unknown = []
    for op, payload in rule.condition:
        if op == "without" and any(ctx.has(c) for c in payload):
            return False, []
        if op == "with" and not all(ctx.has(c) for c in payload):
            return False, []
        if op == "if":
            value = ctx.option(payload)
            if value is False:
                return False, []
            if value is None:
                unknown.append(payload)
    return True, unknown


# Kinds that can only be violated when their article is in the system (count > 0).
_NEED_ARTICLE = ("requires_one_of", "at_least", "at_most", "at_most_as_many", "excluded_with", "included_in")


def _violation(rule: Rule, ctx: Context) -> dict | None:
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
        if count > 0 and have < rule.n:
            return {**values, "missing": rule.n - have}
    elif kind == "at_most":
        if (rule.article is None or count > 0) and have > rule.n:
            return {**values, "excess": have - rule.n}
    elif kind == "at_most_as_many":
        if count > have:
            return {**values, "missing": count - have, "excess": count - have}
    elif kind == "excluded_with":
        if count > 0 and present:
            return values
    elif kind == "included_in":
        container = rule.refs[0]
        if ctx.has(container) and ctx.has(rule.article) and (ctx.new.get(container) or ctx.new.get(rule.article)):
            return {**values, "included": rule.n * ctx.raw.get(container, 0), "present": [container]}
    elif kind == "note":
        if ctx.new.get(rule.article, 0) > 0:
            return {**values, "n_total": "" if rule.n is None else rule.n * count}
    return None


class _Values(dict):
    """Placeholder values; ``{CODE}`` of any article gives 'short name (number)'."""

    def __init__(self, ctx: Context, lang: str, *args):
        super().__init__(*args)
        self.ctx, self.lang = ctx, lang

    def __missing__(self, key):
        art = self.ctx.art(key)
        return self.ctx.show(art.code, self.lang) if art is not None else "{" + key + "}"


def _render(template: str, rule: Rule, ctx: Context, values: dict, lang: str) -> str:
    refs = rule.refs
    shown = {
        "article": ctx.short(rule.article, lang) if rule.article else "",
        "article_no": ctx.art(rule.article).number if rule.article else "",
        "refs": _join((ctx.show(r, lang) for r in refs), lang),
        "ref": ctx.show(refs[0], lang) if refs else "",
        "ref_name": ctx.short(refs[0], lang) if refs else "",
        "ref_names": _join((ctx.short(r, lang) for r in refs), lang),
        "present": ", ".join(f"{ctx.count(c)} × {ctx.short(c, lang)}" for c in values["present"]),
    }
    numbers = {k: values[k] for k in ("n", "count", "have", "missing", "excess", "included", "n_total")}
    return template.format_map(_Values(ctx, lang, {**numbers, **shown}))


def _evaluate_data_rule(rule: Rule, ctx: Context) -> list[Finding]:
    if rule.kind == "upgrade":
        source, target = rule.refs
        upgrades = ctx.count(rule.article)
        moved = min(upgrades, ctx.count(source))
        ctx.counts[source] = ctx.count(source) - moved
        ctx.counts[target] = ctx.count(target) + upgrades
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
        labels_de = _join((OPTIONS[k].label_de for k in unknown), "de", "und", "and")
        labels_en = _join((OPTIONS[k].label_en for k in unknown), "en", "und", "and")
        keys = ", ".join(f"{k} = WAHR/FALSCH" for k in unknown)
        keys_en = ", ".join(f"{k} = TRUE/FALSE" for k in unknown)
        de += f" Gilt nur bei {labels_de}: bitte bestätigen (Option {keys})."
        en += f" Applies only with {labels_en}: please confirm (option {keys_en})."
    articles = (rule.article, *[r for r in rule.refs])
    return [_finding(rule.rule_id, severity, de, en, articles)]


# --------------------------------------------------------------------------- rules in code

CODE_RULES: list[Rule] = []


def _code_rule(rule_id: str, severity: str, phase: str, doc: str):
    """Register a rule that the sheet cannot express; ``doc`` says what it checks and why it is in code."""

    def register(func):
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
    ("OPTION_INVALID", "ERROR", "An option value that cannot be read (release 3, months 'viele', ldap 'vielleicht')."),
    ("OPTION_CONFLICT", "ERROR", "An option given twice with different values."),
):
    _code_rule(_rule_id, _severity, "input", "Input: " + _doc)(_input_problems)


def _smart_server_only(ctx: Context) -> bool:
    return ctx.has("SMART_SERVER") and not ctx.has("SERVER")


@_code_rule("DIRECTORY_SMART_SERVER", "ERROR", "final",
            "SMART SERVER directory: at most 3 data sources (option directory_sources); a warning to confirm "
            "when the number is not given. In code: it compares a usage number, not article quantities.")
def _directory_smart_server(rule: Rule, ctx: Context):
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


@_code_rule("DIRECTORY_SMART_SERVER_LDAP", "ERROR", "final",
            "SMART SERVER directory: no LDAP data source (option ldap); a warning to confirm when not given. "
            "In code: it reads a usage option.")
def _directory_ldap(rule: Rule, ctx: Context):
    if not _smart_server_only(ctx):
        return []
    ldap = ctx.option("ldap")
    upg_de, upg_en = ctx.show("UPG_SMART_SERVER", "de"), ctx.show("UPG_SMART_SERVER", "en")
    if ldap is None:
        return [_finding(rule.rule_id, "WARNING",
                         "SMART SERVER kann keine LDAP-Datenquelle anbinden: bestätigen, dass keine gebraucht "
                         f"wird (Option ldap = FALSCH). Sonst mit {upg_de} auf SERVER upgraden.",
                         "SMART SERVER cannot connect an LDAP data source: confirm that none is needed "
                         f"(option ldap = FALSE). Otherwise upgrade to SERVER with {upg_en}.", ("SMART_SERVER",))]
    if ldap:
        return [_finding(rule.rule_id, "ERROR",
                         f"SMART SERVER kann keine LDAP-Datenquelle anbinden. Mit {upg_de} auf SERVER upgraden.",
                         f"SMART SERVER cannot connect an LDAP data source. Upgrade to SERVER with {upg_en}.",
                         ("SMART_SERVER", "UPG_SMART_SERVER"))]
    return []


@_code_rule("DIRECTORY_SERVER", "ERROR", "final",
            "SERVER directory: 10 data sources plus 10 per ADDITIONAL DATABASES licence (option "
            "directory_sources); a warning when more ADDITIONAL DATABASES are quoted than needed, or when they "
            "are quoted and the number of sources is not given. In code: the capacity grows with a quantity.")
def _directory_server(rule: Rule, ctx: Context):
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


def recommended_ip_channels(users, voicemail_or_attendant=False, fax=False) -> int:
    """IP-CHANNELs recommended for average use: 1 per 25 fax/voicemail users (rounded up),
    at least 2 with voicemail or auto attendant, at least 1 with fax.

    >>> recommended_ip_channels(60, voicemail_or_attendant=True)
    3
    >>> recommended_ip_channels(10, fax=True)
    1
    """
    count = 0 if is_blank(users) else to_whole(users, "Benutzer", what_en="users", minimum=0)
    voice = parse_bool(voicemail_or_attendant, "Voicemail oder Auto Attendant", "voicemail or auto attendant")
    faxing = parse_bool(fax, "Fax", "fax")
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
def _ip_channel_recommended(rule: Rule, ctx: Context):
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


def _upgrade_names(ctx: Context, lang: str, release=None) -> str:
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
def _up2date_eligible(rule: Rule, ctx: Context):
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
def _up2date_addon_running(rule: Rule, ctx: Context):
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
def _up2date_addon_nothing(rule: Rule, ctx: Context):
    addons = ctx.in_quote(ctx.addon_codes)
    if not addons:
        return []
    if any(q > 0 and ctx.art(c).is_licence for c, q in ctx.new.items()):
        return []
    return [_finding(rule.rule_id, "WARNING",
                     f"{ctx.show(addons[0], 'de')} deckt nachträglich gekaufte Lizenzen ab, aber das Angebot "
                     "enthält keine neuen Lizenzen. Lizenzen ergänzen oder den Artikel entfernen.",
                     f"{ctx.show(addons[0], 'en')} covers licences bought later, but the quote adds no licences. "
                     "Add the licences or remove the article.", (addons[0],))]


@_code_rule("UP2DATE_COMPLETE_SYSTEM", "WARNING", "final",
            "Up2Date is always calculated for the complete system: for an existing system the owned licences "
            "must be listed. In code: it looks at the owned list as a whole.")
def _up2date_complete(rule: Rule, ctx: Context):
    terms = ctx.in_quote(ctx.term_codes)
    if not terms or not ctx.is_existing() or ctx.owns_licences():
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
def _upgrade_release(rule: Rule, ctx: Context):
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


@_code_rule("UPGRADE_COMPLETE_SYSTEM", "INFO", "final",
            "A migration/one-time upgrade is always calculated for the complete system; a partial upgrade loses "
            "the licences not upgraded. Said as INFO, or as a WARNING when no owned licences are listed. In code: "
            "it looks at the owned list as a whole.")
def _upgrade_complete(rule: Rule, ctx: Context):
    upgrades = ctx.in_quote(ctx.upgrade_releases)
    if not upgrades:
        return []
    code = upgrades[0]
    a_de, a_en = ctx.show(code, "de"), ctx.show(code, "en")
    lost_de = "eine Teil-Hochrüstung ist technisch möglich, führt aber zum Verlust der nicht hochgerüsteten Lizenzen"
    lost_en = "a partial upgrade is technically possible but loses the licences not upgraded"
    if not ctx.owns_licences():
        return [_finding(rule.rule_id, "WARNING",
                         f"{a_de} immer für das komplette System kalkulieren; {lost_de}. Die vorhandenen Lizenzen "
                         "(Bestand) angeben.",
                         f"Always calculate {a_en} for the complete system; {lost_en}. List the owned licences.",
                         (code,))]
    total = sum(q for c, q in ctx.owned.items())
    return [_finding(rule.rule_id, "INFO",
                     f"{a_de} für das komplette System kalkulieren (alle {total} vorhandenen Lizenzen); {lost_de}.",
                     f"Calculate {a_en} for the complete system (all {total} owned licences); {lost_en}.",
                     (code,))]


# --------------------------------------------------------------------------- the registry and the check

def all_rules(catalog=None) -> list[Rule]:
    """Every rule in the order it runs: input rules, the rows of the sheet ``Regeln``, the final rules in code."""
    from .catalog import get_catalog

    cat = catalog if catalog is not None else get_catalog()
    return ([r for r in CODE_RULES if r.phase == "input"] + list(cat.rules)
            + [r for r in CODE_RULES if r.phase == "final"])


def validate(lines, owned=None, options=None, catalog=None) -> list[Finding]:
    """Check a quote against every rule; return the findings, errors first.

    ``lines`` and ``owned``: a mapping ``{article: quantity}`` or a list of ``(article, quantity)``;
    articles by number or short code, blank quantities count as 0. ``options``: a mapping or a list
    of ``(key, value)`` (see :data:`OPTIONS`, German aliases accepted). Bad input is reported as
    findings (ERROR), never raised.

    >>> [f.rule_id for f in validate([("OFFICE", 10)])]
    ['OFFICE_NEEDS_SERVER']
    """
    ctx = build_context(lines, owned, options, catalog)
    for rule in all_rules(ctx.catalog):
        ctx.findings.extend(rule.evaluate(ctx))
    return sorted(ctx.findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, len(SEVERITIES)))
