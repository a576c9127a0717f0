"""The XP_ worksheet functions as plain Python, and the one description of each.

Every function takes what Excel passes (numbers as floats, dates as dates or
serial numbers, blank cells as None, ranges as lists of rows) and returns what
a cell shows (numbers, dates, tables as lists of rows); a wrong input raises
the project's own error. Each is registered with :func:`worksheet_function`:
its docstring (German first paragraph with ``Beispiel: =...``, English second
paragraph), its arguments with a German and English description, the example
as a live formula in the file's syntax and the example's result. From this one
description come the function wizard texts (:mod:`addin.udfs`), the
calculator's help sheet and the documentation's function table
(:mod:`addin.reference`).

Example::

    >>> XP_UP2DATE(10000, 3, dt.datetime(2026, 3, 16))
    5400.0
    >>> XP_PRICE("OFFICE", 10, dt.datetime(2026, 12, 31)), XP_PRICE("OFFICE", 10, dt.datetime(2027, 1, 1))
    (890.0, 920.0)
    >>> FUNCTIONS["XP_PRICE"].signature, FUNCTIONS["XP_PRICE"].example
    ('XP_PRICE(article; [quantity]; [date])', '=XP_PRICE("OFFICE";10)')

Every function that uses a price takes an optional ``date`` (a date cell, e.g.
the calculator's ``quote_date``): the price list valid on that day prices it;
a blank date means today (or ``XPHONE_PRICE_DATE``).
"""
from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from . import pricing, rules
from .catalog import get_catalog
from .configure import configure
from .environment import watch
from .errors import BadValue, MissingValue, RuleViolation, default_language, in_language, show
from .i18n import LANGUAGES, Shown, Text, Wording, text, words
from .money import round_cents
from .quote import up2date_base, upgrade_base
from .values import is_blank, to_whole

OPTIONS_LABEL = Text("label.options")  # what an options range is in a message

watch()  # every XP_ function reads XPHONE_CATALOG and XPHONE_PRICE_DATE: see addin.environment


@dataclass(frozen=True)
class Arg:
    """One argument of a worksheet function: name, German and English description, xlwings options."""

    name: str
    de: str
    en: str
    xl: dict = field(default_factory=dict)  # e.g. {"ndim": 1}: how xlwings hands a range over

    def doc(self, lang: str) -> str:
        """The description in ``lang`` (German where the function has none in that language)."""
        return {"en": self.en}.get(lang) or self.de


@dataclass(frozen=True)
class WorksheetFunction:
    """The description of one XP_ function (see the module docstring)."""

    name: str
    func: Callable
    args: tuple
    de: str  # what it gives, German (first paragraph of the docstring, without the example)
    en: str  # the same in English (second paragraph)
    example: str  # as typed in German Excel
    live: str | None = None  # the example in the file's syntax (English names, ","), computed on the help sheet
    result: str = ""  # the example's result with the example prices, as German Excel shows it
    kind: str = ""  # what the result is: money, percent, date, count, text, table

    def doc(self, lang: str) -> str:
        """The description in ``lang`` (German where the function has none in that language)."""
        return {"en": self.en}.get(lang) or self.de

    @property
    def signature(self) -> str:
        """``XP_PRICE(article; [quantity])``: optional arguments in brackets, German separators."""
        params = inspect.signature(self.func).parameters.values()
        shown = [p.name if p.default is inspect.Parameter.empty else f"[{p.name}]" for p in params]
        return f"{self.name}({'; '.join(shown)})"

    @property
    def arguments(self) -> str:
        """``article; [quantity]``."""
        return self.signature[len(self.name) + 1:-1]


FUNCTIONS: dict[str, WorksheetFunction] = {}
_EXAMPLE = re.compile(r"\s*Beispiel:\s*(=\S.*?)(?:\s+ergibt\s+.*)?$", re.DOTALL)


def worksheet_function(*args: Arg, live: str | None = None, result: str = "", kind: str = ""):
    """Register an XP_ function with its description (see the module docstring)."""

    def register(func):
        paragraphs = [" ".join(p.split()) for p in inspect.cleandoc(func.__doc__ or "").split("\n\n")]
        m = _EXAMPLE.search(paragraphs[0])
        if m is None or len(paragraphs) < 2:
            raise ValueError(f"{func.__name__}: docstring needs 'Beispiel: =...' and an English paragraph")
        names = [p for p in inspect.signature(func).parameters]
        if names != [a.name for a in args]:
            raise ValueError(f"{func.__name__}: described arguments {[a.name for a in args]} != {names}")
        FUNCTIONS[func.__name__] = WorksheetFunction(
            func.__name__, func, args, paragraphs[0][:m.start()].strip(), paragraphs[1], m.group(1).strip(),
            live, result, kind)
        return func

    return register


def exported(spec: WorksheetFunction, func, arg, *, adapter: Callable | None = None, ret=None,
             date_format: str | None = None, lang: str = "de", **func_options):
    """The function as an Excel add-in registers it, decorated with the given xlwings decorators.

    The same description for every host: the desktop add-in (:mod:`addin.udfs`, xlwings' ``func``/``arg``
    with ``category``) and xlwings Lite (:mod:`addin.lite.runtime`, Lite's ``func``/``arg``/``ret``). The
    function wizard's description is the docstring (the workbook's language first, with the example), each
    argument gets its description and its xlwings options (``ndim``); with ``ret`` and ``date_format`` a
    date result carries that number format. ``adapter`` wraps the plain function (how a host shows errors);
    without one the plain function is called as it is.

    Example (decorators that only record what they are given)::

        >>> seen = []
        >>> f = exported(FUNCTIONS["XP_UP2DATE"], lambda **o: lambda f: seen.append(o) or f,
        ...              lambda name, **o: lambda f: seen.append((name, o["doc"][:9])) or f)
        >>> f(10000, 3, 46097.0), f.__name__, seen
        (5400.0, 'XP_UP2DATE', [('date', 'Optional:'), ('years', 'Laufzeit '), ('total', 'Lizenz-Li'), {}])
    """
    plain = spec.func
    if adapter is not None:
        wrapper = adapter(plain)
    else:
        @functools.wraps(plain)
        def wrapper(*args, **kwargs):
            return plain(*args, **kwargs)
    others = "\n\n".join(spec.doc(code) for code in LANGUAGES if code != lang and spec.doc(code) != spec.doc(lang))
    wrapper.__doc__ = f"{spec.doc(lang)} {text('udf.example', lang)}: {spec.example}\n\n{others}"
    if ret is not None and date_format and spec.kind == "date":
        wrapper = ret(date_format=date_format)(wrapper)
    for argument in reversed(spec.args):
        wrapper = arg(argument.name, doc=argument.doc(lang), **argument.xl)(wrapper)
    return func(**func_options)(wrapper)


# A text a function gives a cell stays within 255 characters: longer strings in an array or message returned
# through VBA (the desktop add-in's imported functions) may be cut or refused by Excel.
MAX_CELL_MESSAGE = 255
_BREAKS = ("; ", ". ", ", ", " ")


def fit_message(text: str, limit: int = MAX_CELL_MESSAGE) -> str:
    """``text`` as a cell shows it, within ``limit`` characters (``xphone-pricing validate`` prints it whole).

    A longer message first loses its asides in brackets (article numbers, the arithmetic), longest first;
    if it is still too long, its last sentence (what to do) stays whole and what comes before is cut after
    the last clause, list item or word that fits, marked ``…``.

    >>> fit_message("OK.")
    'OK.'
    >>> fit_message("im Angebot: 1 × A (3310.0030), 2 × B (3311.0030). Einen löschen.", limit=50)
    'im Angebot: 1 × A, 2 × B. Einen löschen.'
    >>> fit_message("im Angebot: 1 × Eins, 2 × Zwei, 3 × Drei, 4 × Vier. Nur einen behalten.", limit=50)
    'im Angebot: 1 × Eins, … Nur einen behalten.'
    """
    if len(text) <= limit:
        return text
    asides = sorted(set(re.findall(r" \([^()]*\)", text)), key=len, reverse=True)
    for aside in asides:
        text = text.replace(aside, "")
        if len(text) <= limit:
            return text
    ends = [m.end() for m in re.finditer(r"\w{3,}\)?[.!?] (?=[A-ZÄÖÜ])", text)]
    last = text[ends[-1]:] if ends else ""
    if last and len(last) <= limit - 20:
        return _cut(text[:ends[-1] - 1], limit - len(last) - 1) + " " + last
    return _cut(text, limit)


def _cut(text: str, limit: int) -> str:
    """The start of ``text`` up to a boundary, ending in ``…``, within ``limit`` characters."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    for brk in _BREAKS:
        cut = head.rfind(brk)
        if cut >= limit // 2:
            return head[:cut + len(brk)] + "…"
    return head + "…"


def _money(amount: Decimal) -> float:
    """A cent-rounded Decimal as the number Excel shows (2 decimals are exact in a double's shortest repr)."""
    return float(amount)


def _excel_date(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


ARTICLE = Arg("article", "Artikelnummer (z. B. 3310.0030) oder Kurzcode (z. B. OFFICE)",
              "article number (e.g. 3310.0030) or short code (e.g. OFFICE)")
YEARS = Arg("years", "Laufzeit in Jahren, 1 bis 5", "term in years, 1 to 5")
DATE = Arg("date", "Optional: Datum (z. B. Angebotsdatum); es gilt die an diesem Tag gültige Preisliste; leer = heute",
           "optional: date (e.g. the quote date); the price list valid on that day applies; blank = today")


def _day(date):
    """A date argument as the catalog takes it: blank -> None (today)."""
    return None if date is None or is_blank(date) else date


@worksheet_function(ARTICLE, Arg("quantity", "Menge, ganze Zahl ab 0; leer = 1",
                                 "quantity, whole number from 0; blank = 1"),
                    DATE, live='=XP_PRICE("OFFICE",10,DATE(2026,3,16))', result="890", kind="money")
def XP_PRICE(article, quantity=1, date=None):
    """Listenpreis × Menge in EUR, auf Cent gerundet, aus der am Datum gültigen Preisliste (leer = heute).
    Beispiel: =XP_PRICE("OFFICE";10)

    List price × quantity in EUR, rounded to cents, from the price list valid on the date (blank = today).
    Up2Date and upgrade articles are percentages: the message names XP_UP2DATE or XP_UPGRADE.
    """
    day = None if date is None else _day(date)  # no call for the common blank date (XP_PRICE's speed goal)
    return _money(pricing.line_price(article, 1 if is_blank(quantity) else quantity, date=day))


@worksheet_function(ARTICLE, live='=XP_NAME("3310.0030")', result="XPhone Connect 8 – OFFICE", kind="text")
def XP_NAME(article):
    """Bezeichnung des Artikels laut Preisliste. Beispiel: =XP_NAME("3310.0030")

    The article's name in the price list (English when XPHONE_LANG=en).
    """
    return get_catalog().article(article).name(default_language())


@worksheet_function(Arg("total", "Lizenz-Listenpreis des Gesamtsystems in EUR",
                        "licence list value of the complete system in EUR"), YEARS, DATE,
                    live="=XP_UP2DATE(10000,3)", result="5400", kind="money")
def XP_UP2DATE(total, years, date=None):
    """Up2Date-Preis für 1–5 Jahre (20/38/54/68/80 % der Lizenzsumme). Beispiel: =XP_UP2DATE(total;3)

    Up2Date price for 1–5 years (20/38/54/68/80 % of the licence total); with a date, the term must be
    offered by the price list valid on that day.
    """
    return _money(pricing.up2date_price(total, years, date=date if date is None else _day(date)))


@worksheet_function(YEARS, DATE, live="=XP_UP2DATE_RATE(3)", result="0,18", kind="percent")
def XP_UP2DATE_RATE(years, date=None):
    """Up2Date-Satz pro Jahr. Beispiel: =XP_UP2DATE_RATE(3;quote_date)

    Up2Date rate per year.
    """
    return float(pricing.up2date_rate(years, date=date if date is None else _day(date)))


@worksheet_function(Arg("cost", "Listenpreis der zusätzlichen Lizenzen in EUR",
                        "list value of the added licences in EUR"),
                    Arg("remaining_months", "Restlaufzeit des laufenden Up2Date in Monaten, höchstens 12 je Jahr "
                                            "der Laufzeit",
                        "months left on the running Up2Date, at most 12 per year of its term"),
                    Arg("term_years", "Laufzeit des laufenden Up2Date in Jahren, 1 bis 5",
                        "term of the running Up2Date in years, 1 to 5"), DATE,
                    live="=XP_UP2DATE_ADDON(1000,6,3)", result="90", kind="money")
def XP_UP2DATE_ADDON(cost, remaining_months, term_years, date=None):
    """Up2Date für nachträglich gekaufte Lizenzen: Satz pro Jahr × Restmonate / 12 × Lizenzkosten; höchstens
    so viele Restmonate, wie die Laufzeit hat (1 Jahr: 12). Beispiel: =XP_UP2DATE_ADDON(1000;6;3)

    Up2Date for licences bought during a running term: rate per year × months left / 12 × licence cost; at
    most as many months left as the term has (1 year: 12).
    """
    day = None if date is None else _day(date)
    return _money(pricing.up2date_addon_price(cost, remaining_months, term_years, date=day))


@worksheet_function(Arg("retrieval_date", "Tag des Lizenzabrufs; leer = spätester Beginn",
                        "day the licences are retrieved; blank = latest start"),
                    Arg("invoice_date", "Rechnungsdatum", "invoice date"),
                    live='=XP_UP2DATE_START("",DATE(2026,1,15))', result="15.04.2026", kind="date")
def XP_UP2DATE_START(retrieval_date, invoice_date):
    """Beginn der Laufzeit: Lizenzabruf, spätestens 3 Monate nach Rechnung.
    Beispiel: =XP_UP2DATE_START("";DATUM(2026;1;15))

    Start of the term: licence retrieval, at the latest 3 months after the invoice.
    """
    return _excel_date(pricing.up2date_start(retrieval_date, invoice_date))


@worksheet_function(Arg("start_date", "Beginn der Laufzeit", "start of the term"), YEARS,
                    live="=XP_UP2DATE_END(DATE(2026,3,16),1)", result="31.03.2027", kind="date")
def XP_UP2DATE_END(start_date, years):
    """Ende der Laufzeit, stets zum Monatsende. Beispiel: =XP_UP2DATE_END(DATUM(2026;3;16);1)

    End of the term, always at a month's end.
    """
    return _excel_date(pricing.up2date_end(start_date, years))


@worksheet_function(Arg("total", "Lizenz-Listenpreis des Zielsystems in EUR",
                        "licence list value of the target system in EUR"),
                    Arg("from_release", "Bisheriges Release: 4 bis 8, 'R6' oder 'Release 6'",
                        "release of the existing system: 4 to 8, 'R6' or 'Release 6'"), DATE,
                    live='=XP_UPGRADE(10000,"R6")', result="5500", kind="money")
def XP_UPGRADE(total, from_release, date=None):
    """Migration (Release 4, 100 %) oder OneTime Upgrade (5: 75 %, 6: 55 %, 7/8: 35 %).
    Beispiel: =XP_UPGRADE(10000;"R6")

    Migration (release 4, 100 %) or one-time upgrade (5: 75 %, 6: 55 %, 7/8: 35 %).
    """
    return _money(pricing.upgrade_price(total, from_release, date=date if date is None else _day(date)))


# --------------------------------------------------------------------------- ranges

def _column(values) -> list:
    """An Excel range (one row or one column) as a flat list; a single cell as a list of one."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        return [values]
    flat: list = []
    for item in values:
        flat.extend(item if isinstance(item, (list, tuple)) else [item])
    return flat


def _key_value_rows(values, what: Wording = OPTIONS_LABEL) -> list:
    """A two-column range as (key, value) pairs; a single row may arrive as a flat list."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [[values]]
    rows = [list(r) for r in values if isinstance(r, (list, tuple))]
    if len(rows) < len(values):  # not every item is a row: a single row as a flat list
        rows = [list(values)]
    if any(len(r) != 2 for r in rows):
        raise BadValue(what, Text("hint.columns", columns=len(rows[0])), Text("hint.give_two_columns_name_and"))
    return [tuple(r) for r in rows]


def _parallel(articles, quantities, owned) -> tuple[list, list, list]:
    """Articles, new and owned quantities as parallel lists (owned may be left out)."""
    names = _column(articles)
    new = _column(quantities)
    have = _column(owned) if not is_blank(owned) else []
    for label, values in ((Text("label.quantities"), new), (Text("label.owned"), have)):
        if values and len(values) != len(names):
            raise BadValue(label, Text("hint.rows", rows=len(values)), Text("hint.as_many_rows_as_articles",
                                                                              len=len(names)))
    return names, new, have


_LANGUAGE_KEYS = {"sprache", "language", "lang"}
_LANGUAGES = {"de": "de", "deutsch": "de", "german": "de", "en": "en", "englisch": "en", "english": "en"}


def _message_language(rows: list) -> tuple[list, str]:
    """Take a ``Sprache | en`` row out of the options: the language of the messages (default: XPHONE_LANG or de)."""
    lang = default_language()
    rest = []
    for key, value in rows:
        if isinstance(key, str) and key.strip().lower() in _LANGUAGE_KEYS:
            chosen = _LANGUAGES.get(str(value or "").strip().lower())
            if chosen is None and not is_blank(value):
                raise BadValue(Text("label.language"), value, Text("hint.allowed_de_en"))
            lang = chosen or lang
        else:
            rest.append((key, value))
    return rest, lang


@worksheet_function(Arg("articles", "Artikel: Artikelnummern oder Kurzcodes, eine Spalte (leere Zeilen zählen nicht)",
                        "articles: numbers or short codes, one column (blank rows do not count)", {"ndim": 1}),
                    Arg("quantities", "Neue Mengen, parallel zu den Artikeln; leer = 0",
                        "new quantities, parallel to the articles; blank = 0", {"ndim": 1}),
                    Arg("owned", "Optional: vorhandene Mengen (Bestand), parallel zu den Artikeln",
                        "optional: quantities the customer owns, parallel to the articles", {"ndim": 1}),
                    Arg("options", "Optional: zwei Spalten Name/Wert, z. B. release 6, Restlaufzeit 8, Laufzeit 3, "
                                   "ldap FALSCH, Sprache en",
                        "optional: two columns name/value, e.g. release 6, up2date_months_left 8, "
                        "up2date_term_years 3, ldap FALSE, language en", {"ndim": 2}),
                    kind="table")
def XP_VALIDATE(articles, quantities, owned=None, options=None):
    """Prüft die Konfiguration gegen die Regeln der Leistungsbeschreibung; eine Zeile je Befund (Schwere, Regel,
    Meldung), als Matrixformel über mehrere Zeilen; eine Zeile 'OK' ohne Befund.
    Beispiel: =XP_VALIDATE(articles;qty_new;qty_owned;options)

    Checks the configuration against the service description's rules; one row per finding (severity, rule,
    message), as an array formula over several rows; one row 'OK' when there is nothing to report.
    """
    names, new, have = _parallel(articles, quantities, owned)
    lines = list(zip(names, new))
    owned_lines = list(zip(names, have)) if have else None
    option_rows, lang = _message_language(_key_value_rows(options) if not is_blank(options) else [])
    with in_language(lang):  # number text in the ranges is read the way the chosen language writes it
        findings = rules.validate(lines, owned_lines, option_rows or None, get_catalog())
    if not findings:
        rows = [["OK", "", text("checks.nothing_to_report", lang)]]
    else:
        rows = [[f.severity, f.rule_id, fit_message(f.message(lang))] for f in findings]
    if len(rows) == 1:  # a legacy array formula over several rows would repeat a single row in every row
        rows.append(["", "", ""])
    return rows


@worksheet_function(Arg("users", "Anzahl der Fax-/Voicemail-User", "number of fax/voicemail users"),
                    Arg("voicemail_or_attendant",
                        "WAHR, wenn Voicemail oder Auto Attendant genutzt wird (mindestens 2)",
                        "TRUE when voicemail or auto attendant is used (at least 2)"),
                    Arg("fax", "WAHR, wenn Fax genutzt wird (mindestens 1)", "TRUE when fax is used (at least 1)"),
                    live="=XP_IP_CHANNELS(60,TRUE,FALSE)", result="3", kind="count")
def XP_IP_CHANNELS(users, voicemail_or_attendant=False, fax=False):
    """Empfohlene Zahl IP-CHANNELs: 1 je 25 Benutzer, mindestens 2 mit Voicemail/Auto Attendant.
    Beispiel: =XP_IP_CHANNELS(60;WAHR;FALSCH)

    Recommended number of IP-CHANNELs: 1 per 25 users, at least 2 with voicemail/auto attendant.
    """
    return rules.recommended_ip_channels(users, voicemail_or_attendant, fax)


@worksheet_function(DATE, kind="table")
def XP_CATALOG(date=None):
    """Die am Datum gültige Preisliste als Tabelle (läuft über / Matrixformel). Beispiel: =XP_CATALOG()

    The price list valid on the date as a table (spills / array formula): number, code, name, category,
    list price; only the articles that list offers.
    """
    cat = pricing.priced_catalog(None, _day(date))
    lang = default_language()
    header = list(words("udf.articles_head", lang))
    if cat.is_example:
        header[-1] += f" ({text('cli.example_prices', lang)})"
    rows = [header]
    for a in cat.articles:
        rows.append([a.number, a.code, a.name(lang), a.category, "" if a.price is None else _money(a.price)])
    return rows


@worksheet_function(Arg("needs", "Bedarf: zwei Spalten Name/Wert, z. B. Benutzer 30, Voicemail 10, TAPI 12, LDAP WAHR",
                        "needs: two columns name/value, e.g. users 30, voicemail 10, tapi 12, ldap TRUE", {"ndim": 2}),
                    Arg("owned", "Optional: Bestand, zwei Spalten Artikel/Menge, z. B. SMART_SERVER 1",
                        "optional: owned licences, two columns article/quantity, e.g. SMART_SERVER 1", {"ndim": 2}),
                    Arg("options", "Optional: zwei Spalten Name/Wert: release, Restlaufzeit, up2date_years, Sprache",
                        "optional: two columns name/value: release, up2date_months_left, up2date_years, language",
                        {"ndim": 2}),
                    DATE, kind="table")
def XP_CONFIGURE(needs, owned=None, options=None, date=None):
    """Die günstigste gültige Konfiguration für einen Bedarf (läuft über): je Artikel Artikelnummer,
    Bezeichnung, Menge, Listenpreis, Wert; zuletzt die Summe. Beispiel: =XP_CONFIGURE(A2:B8;D2:E3;G2:H3)

    The cheapest configuration that covers the needs and passes every check, one row per article (number,
    name, quantity, list price, value) and a total row; a need no configuration can meet gives a message
    naming the need and why.
    """
    need_rows = _key_value_rows(needs, Text("label.needs")) if not is_blank(needs) else []
    owned_rows = _key_value_rows(owned, Text("label.owned")) if not is_blank(owned) else []
    option_rows, lang = _message_language(_key_value_rows(options) if not is_blank(options) else [])
    with in_language(lang):  # number text in the ranges is read the way the chosen language writes it
        result = configure(need_rows, owned_rows, option_rows, get_catalog(), date=_day(date))
    if not result.ok:
        room = {code: MAX_CELL_MESSAGE - len(text("error.rule_violation", code, detail="")) for code in LANGUAGES}
        raise RuleViolation(Shown(lambda lang: fit_message(result.problem(lang), room.get(lang, 200))))
    rows = [[p.article.number, p.article.name(lang), p.quantity, _money(p.unit_price), _money(p.value)]
            for p in result.priced]
    rows.append(["", text("cli.configure.total", lang), "", "", _money(result.total)])
    if len(rows) == 1:  # as XP_VALIDATE: a legacy array formula would repeat a single row
        rows.append(["", "", "", "", ""])
    return rows


@worksheet_function(Arg("articles", "Artikel: Artikelnummern, Kurzcodes oder Namen, eine Spalte (leere Zeilen zählen "
                                    "nicht)", "articles: numbers, short codes or names, one column (blank rows do "
                                              "not count)", {"ndim": 1}),
                    Arg("quantities", "Neue Mengen, parallel zu den Artikeln; leer = 0",
                        "new quantities, parallel to the articles; blank = 0", {"ndim": 1}),
                    Arg("owned", "Optional: vorhandene Mengen (Bestand), parallel zu den Artikeln",
                        "optional: quantities the customer owns, parallel to the articles", {"ndim": 1}),
                    DATE, result="12492", kind="money")
def XP_UP2DATE_BASE(articles, quantities, owned=None, date=None):
    """Listenwert des Gesamtsystems nach dem Angebot, die Basis für XP_UP2DATE: Bestand + neue Lizenzen zum
    Listenpreis, ein Upgrade als das, was es wird (Upg. OFFICE>OFFICE PLUS zählt als OFFICE PLUS; nach Upg.
    SMART SERVER>SERVER ein SERVER und die 5 enthaltenen OFFICE-User zum OFFICE-Preis).
    Beispiel: =XP_UP2DATE_BASE(articles;qty_new;qty_owned)

    List value of the complete system after the quote, the base of XP_UP2DATE: owned and new licences at list
    price, each upgrade counted as what it turns into. An OFFICE>OFFICE PLUS upgrade counts as OFFICE PLUS; after
    the SMART SERVER>SERVER upgrade the system has a SERVER and the 5 OFFICE users it included at the OFFICE price.
    Prices of the price list valid on the date (blank = today).
    """
    bought, owns, cat = _system_ranges(articles, quantities, owned, _day(date))
    return _money(round_cents(up2date_base(bought, owns, cat)))


def _system_ranges(articles, quantities, owned, day):
    """The licences of the calculator's ranges: (new as (article, quantity), owned {article: quantity}, priced
    catalog); Up2Date and upgrade articles are left out (no licences of the system)."""
    names, new, have = _parallel(articles, quantities, owned)
    cat = get_catalog().on(day)
    bought, owns = [], {}
    for i, name in enumerate(names):
        qty_new = new[i] if i < len(new) else None
        qty_owned = have[i] if i < len(have) else None
        if is_blank(qty_new) and is_blank(qty_owned):
            continue  # a row that adds nothing
        if is_blank(name):
            raise MissingValue(Text("label.article_row", value=i + 1))
        article = cat.article(name, day)
        if article.is_percentage:
            continue  # Up2Date and upgrade lines are no licences of the system
        if not is_blank(qty_new):
            bought.append((article, to_whole(qty_new, Text("label.quantity_2"), minimum=0)))
        if not is_blank(qty_owned):
            owns[article] = owns.get(article, 0) + to_whole(qty_owned, Text("label.owned"), minimum=0)
    return bought, owns, cat


@worksheet_function(Arg("articles", "Artikel: Artikelnummern, Kurzcodes oder Namen, eine Spalte (leere Zeilen zählen "
                                    "nicht)", "articles: numbers, short codes or names, one column (blank rows do "
                                              "not count)", {"ndim": 1}),
                    Arg("owned", "Vorhandene Mengen (Bestand), parallel zu den Artikeln",
                        "quantities the customer owns, parallel to the articles", {"ndim": 1}),
                    DATE, kind="money")
def XP_UPGRADE_BASE(articles, owned, date=None):
    """Listenwert der vorhandenen Lizenzen als Zielsystem, die Basis für XP_UPGRADE: nur der Bestand (neue
    Lizenzen werden neu gekauft, nicht hochgerüstet), ein vorhandenes Upgrade als das, was es wurde (Upg.
    OFFICE>OFFICE PLUS zählt als OFFICE PLUS). Beispiel: =XP_UPGRADE_BASE(articles;qty_owned)

    List value of the owned licences as the target system, the base of XP_UPGRADE: the owned licences only (new
    licences are bought new, not upgraded), an owned upgrade counted as what it became (an OFFICE>OFFICE PLUS
    upgrade counts as OFFICE PLUS). Prices of the price list valid on the date (blank = today).
    """
    _bought, owns, cat = _system_ranges(articles, None, owned, _day(date))
    return _money(round_cents(upgrade_base(owns, cat)))


@worksheet_function(DATE, live="=XP_PRICELIST(DATE(2027,3,1))",
                    result="Beispielpreisliste 2027 (ab 2027-01-01, Beispiel)", kind="text")
def XP_PRICELIST(date=None):
    """Name, Beginn und Status der am Datum gültigen Preisliste (leer = heute).
    Beispiel: =XP_PRICELIST(DATUM(2027;3;1))

    Name, first day and status of the price list valid on the date (blank = today).
    """
    pl = pricing.priced_catalog(None, _day(date)).price_list
    lang = default_language()
    start = text("catalog.list_from", lang, day=show(pl.valid_from)) + ", " if pl.valid_from else ""
    return f"{pl.name} ({start}{text(f'catalog.list_kind.{pl.kind}', lang)})"
