"""Excel worksheet functions (xlwings UDFs) for XPhone Connect 8 pricing.

This module is the Excel adapter: it converts what Excel passes (floats,
dates, ranges) and hands it to the pricing core; it holds no pricing logic.
Every function is also a plain Python callable::

    >>> from addin.udfs import XP_UP2DATE
    >>> XP_UP2DATE(10000, 3)
    5400.0

In German Excel arguments are separated by ``;``: ``=XP_UP2DATE(total;3)``.
A wrong input gives a short message naming the value instead of a number.
"""
from __future__ import annotations

import datetime as dt
import functools
import ntpath
import posixpath
import sys
from decimal import Decimal

import xlwings as xw

from . import pricing, rules
from .catalog import get_catalog, workbook_catalog
from .configure import configure
from .errors import BadValue, RuleViolation, XPhoneError, default_language
from .values import is_blank

CATEGORY = "XPhone Connect 8"


def _in_excel() -> bool:
    return sys.platform == "win32" and "xlwings.com_server" in sys.modules


def _adapter(func):
    """Turn the core's errors into a clean cell message when Excel calls the function.

    Called from Python, the project's own error is raised unchanged.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            if _in_excel():  # pragma: no cover - Windows/Excel only
                with workbook_catalog(_caller_catalog()):
                    return func(*args, **kwargs)
            return func(*args, **kwargs)
        except XPhoneError as exc:
            if _in_excel():  # pragma: no cover - Windows/Excel only
                from win32com.server.exception import COMException

                raise COMException(desc=exc.message(default_language())) from None
            raise

    return wrapper


# Catalog path per workbook: key XPHONE_CATALOG in the workbook's xlwings.conf sheet (keys in column A from
# A1, values in column B). Read once per workbook and process; a change needs "Restart UDF Server".
CONF_SHEET = "xlwings.conf"
CONF_CATALOG_KEY = "XPHONE_CATALOG"
_conf_catalogs: dict = {}


def conf_catalog_setting(rows, workbook_fullname: str = "") -> str | None:
    """The catalog path an xlwings.conf sheet names, or None.

    ``rows`` are the (key, value) rows of the sheet. A relative path is taken relative to the workbook's folder.
    Example: ``conf_catalog_setting([("UDF Modules", "addin.udfs"), ("XPHONE_CATALOG", "catalog.xlsx")],
    r"C:\\Preise\\Rechner.xlsm")`` gives ``C:\\Preise\\catalog.xlsx``.
    """
    for row in rows or ():
        if not row or len(row) < 2 or str(row[0] or "").strip().upper() != CONF_CATALOG_KEY:
            continue
        value = row[1]
        if is_blank(value):
            return None
        value = str(value).strip()
        is_url = "://" in workbook_fullname
        pathmod = ntpath if ("\\" in workbook_fullname or ntpath.isabs(value) and ":" in value) else posixpath
        if pathmod.isabs(value) or not workbook_fullname or is_url:
            return value
        return pathmod.join(pathmod.dirname(workbook_fullname), value)
    return None


def _caller_catalog() -> str | None:
    """The calling workbook's catalog setting; costs one property read (FullName) per call once cached."""
    try:
        import xlwings._xlwindows as xlwin

        book = xlwin.BOOK_CALLER  # set by xlwings for every call from a cell
        if book is None:
            return None
        key = book.FullName
    except Exception:
        return None
    if key not in _conf_catalogs:
        try:
            rows = book.Worksheets(CONF_SHEET).Range("A1:B50").Value
        except Exception:  # no xlwings.conf sheet
            rows = ()
        _conf_catalogs[key] = conf_catalog_setting(rows, key)
    return _conf_catalogs[key]


def _money(amount: Decimal) -> float:
    """A cent-rounded Decimal as the number Excel shows (2 decimals are exact in a double's shortest repr)."""
    return float(amount)


def _excel_date(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


@xw.func(category=CATEGORY)
@xw.arg("article", doc="Artikelnummer (z. B. 3310.0030) oder Kurzcode (z. B. OFFICE)")
@xw.arg("quantity", doc="Menge, ganze Zahl ab 0; leer = 1")
@_adapter
def XP_PRICE(article, quantity=1):
    """Listenpreis × Menge in EUR, auf Cent gerundet. Beispiel: =XP_PRICE("OFFICE";10)

    List price × quantity in EUR, rounded to cents. Up2Date and upgrade
    articles are percentages: the message names XP_UP2DATE or XP_UPGRADE.
    """
    return _money(pricing.line_price(article, 1 if is_blank(quantity) else quantity))


@xw.func(category=CATEGORY)
@xw.arg("article", doc="Artikelnummer oder Kurzcode")
@_adapter
def XP_NAME(article):
    """Bezeichnung des Artikels laut Preisliste. Beispiel: =XP_NAME("3310.0030")

    The article's name (German; English when XPHONE_LANG=en).
    """
    return get_catalog().article(article).name(default_language())


@xw.func(category=CATEGORY)
@xw.arg("total", doc="Lizenz-Listenpreis des Gesamtsystems in EUR")
@xw.arg("years", doc="Laufzeit in Jahren, 1 bis 5")
@_adapter
def XP_UP2DATE(total, years):
    """Up2Date-Preis für eine Laufzeit von 1–5 Jahren. Beispiel: =XP_UP2DATE(10000;3) ergibt 5400

    Up2Date price of a licence total for 1–5 years (20/38/54/68/80 % in total).
    """
    return _money(pricing.up2date_price(total, years))


@xw.func(category=CATEGORY)
@xw.arg("years", doc="Laufzeit in Jahren, 1 bis 5")
@_adapter
def XP_UP2DATE_RATE(years):
    """Up2Date-Satz pro Jahr. Beispiel: =XP_UP2DATE_RATE(3) ergibt 0,18

    Annual Up2Date rate of a term.
    """
    return float(pricing.up2date_rate(years))


@xw.func(category=CATEGORY)
@xw.arg("cost", doc="Listenpreis der zusätzlichen Lizenzen in EUR")
@xw.arg("remaining_months", doc="Restlaufzeit des laufenden Up2Date in Monaten")
@xw.arg("term_years", doc="Laufzeit des laufenden Up2Date in Jahren, 1 bis 5")
@_adapter
def XP_UP2DATE_ADDON(cost, remaining_months, term_years):
    """Up2Date für nachträglich gekaufte Lizenzen. Beispiel: =XP_UP2DATE_ADDON(1000;6;3) ergibt 90

    Satz pro Jahr × Restlaufzeit in Monaten / 12 × Lizenzkosten.
    """
    return _money(pricing.up2date_addon_price(cost, remaining_months, term_years))


@xw.func(category=CATEGORY)
@xw.arg("retrieval_date", doc="Tag des Lizenzabrufs; leer = spätester Beginn")
@xw.arg("invoice_date", doc="Rechnungsdatum")
@_adapter
def XP_UP2DATE_START(retrieval_date, invoice_date):
    """Beginn der Up2Date-Laufzeit: Lizenzabruf, spätestens 3 Monate nach Rechnung.
    Beispiel: =XP_UP2DATE_START("";DATUM(2026;1;15)) ergibt 15.04.2026
    """
    return _excel_date(pricing.up2date_start(retrieval_date, invoice_date))


@xw.func(category=CATEGORY)
@xw.arg("start_date", doc="Beginn der Laufzeit")
@xw.arg("years", doc="Laufzeit in Jahren, 1 bis 5")
@_adapter
def XP_UP2DATE_END(start_date, years):
    """Ende der Up2Date-Laufzeit, stets zum Monatsende.
    Beispiel: =XP_UP2DATE_END(DATUM(2026;3;16);1) ergibt 31.03.2027
    """
    return _excel_date(pricing.up2date_end(start_date, years))


@xw.func(category=CATEGORY)
@xw.arg("total", doc="Lizenz-Listenpreis des Zielsystems in EUR")
@xw.arg("from_release", doc="Bisheriges Release: 4 bis 8, 'R6' oder 'Release 6'")
@_adapter
def XP_UPGRADE(total, from_release):
    """Preis für Migration (Release 4) oder OneTime Upgrade (5–8). Beispiel: =XP_UPGRADE(10000;6) ergibt 5500

    Migration/one-time upgrade price: 100/75/55/35/35 % for release 4/5/6/7/8.
    """
    return _money(pricing.upgrade_price(total, from_release))


@xw.func(category=CATEGORY)
@_adapter
def XP_CATALOG():
    """Die Preisliste als Tabelle mit Kopfzeile (läuft über). Beispiel: =XP_CATALOG()

    The catalog as a spilling table: number, code, name, category, list price.
    """
    cat = get_catalog()
    lang = default_language()
    header = (["Artikelnummer", "Kurzcode", "Bezeichnung", "Kategorie", "Listenpreis EUR"] if lang == "de"
              else ["Article number", "Code", "Name", "Category", "List price EUR"])
    if cat.is_example:
        header[-1] += " (BEISPIELPREISE)" if lang == "de" else " (EXAMPLE PRICES)"
    rows = [header]
    for a in cat.articles:
        rows.append([a.number, a.code, a.name(lang), a.category, "" if a.price is None else _money(a.price)])
    return rows


def _column(values) -> list:
    """An Excel range (one row or one column) as a flat list; a single cell as a list of one."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        return [values]
    flat = []
    for item in values:
        flat.extend(item if isinstance(item, (list, tuple)) else [item])
    return flat


def _key_value_rows(values, what: str = "Optionen", what_en: str = "options") -> list:
    """A two-column range as (key, value) pairs; a single row may arrive as a flat list."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        values = [[values]]
    rows = [list(r) if isinstance(r, (list, tuple)) else None for r in values]
    if any(r is None for r in rows):
        rows = [list(values)]
    if any(len(r) != 2 for r in rows):
        raise BadValue(what, f"{len(rows[0])} Spalten", "Zwei Spalten angeben: Name und Wert.",
                       what_en=what_en, hint_en="Give two columns: name and value.")
    return [tuple(r) for r in rows]


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
                        raise BadValue("Sprache", value, "Erlaubt: de, en.", what_en="language", hint_en="Allowed: de, en.")
            lang = chosen or lang
        else:
            rest.append((key, value))
    return rest, lang


@xw.func(category=CATEGORY)
@xw.arg("articles", ndim=1, doc="Artikel: Artikelnummern oder Kurzcodes, eine Spalte (leere Zeilen zählen nicht)")
@xw.arg("quantities", ndim=1, doc="Neue Mengen, parallel zu den Artikeln; leer = 0")
@xw.arg("owned", ndim=1, doc="Optional: vorhandene Mengen (Bestand), parallel zu den Artikeln")
@xw.arg("options", ndim=2, doc="Optional: zwei Spalten Name/Wert, z. B. release 6, Restlaufzeit 8, ldap FALSCH, Sprache en")
@_adapter
def XP_VALIDATE(articles, quantities, owned=None, options=None):
    """Prüft die Konfiguration gegen die Leistungsbeschreibung; eine Zeile je Befund (läuft über):
    Schwere (ERROR/WARNING/INFO), Regel-ID, Meldung; eine Zeile 'OK' ohne Befund.
    Beispiel: =XP_VALIDATE(A2:A12;B2:B12;C2:C12;E2:F9)

    Checks the configuration against the service description; one row per finding.
    """
    names = _column(articles)
    new = _column(quantities)
    have = _column(owned) if not is_blank(owned) else []
    for label, label_en, values in (("Mengen", "quantities", new), ("Bestand", "owned", have)):
        if values and len(values) != len(names):
                raise BadValue(label, f"{len(values)} Zeilen", f"Gleich viele Zeilen wie die Artikel ({len(names)}).",
                           what_en=label_en, hint_en=f"As many rows as the articles ({len(names)}).")
    lines = list(zip(names, new))
    owned_lines = list(zip(names, have)) if have else None
    option_rows, lang = _message_language(_key_value_rows(options) if not is_blank(options) else [])
    findings = rules.validate(lines, owned_lines, option_rows or None, get_catalog())
    if not findings:
        rows = [["OK", "", "Keine Beanstandungen." if lang == "de" else "Nothing to report."]]
    else:
        rows = [[f.severity, f.rule_id, f.message(lang)] for f in findings]
    if len(rows) == 1:  # a legacy array formula over several rows would repeat a single row in every row
        rows.append(["", "", ""])
    return rows


@xw.func(category=CATEGORY)
@xw.arg("needs", ndim=2, doc="Bedarf: zwei Spalten Name/Wert, z. B. Benutzer 30, Voicemail 10, TAPI 12, LDAP WAHR")
@xw.arg("owned", ndim=2, doc="Optional: Bestand, zwei Spalten Artikel/Menge, z. B. SMART_SERVER 1")
@xw.arg("options", ndim=2, doc="Optional: zwei Spalten Name/Wert: release, Restlaufzeit, up2date_years, Sprache")
@_adapter
def XP_CONFIGURE(needs, owned=None, options=None):
    """Die günstigste gültige Konfiguration für einen Bedarf (läuft über): je Artikel Artikelnummer,
    Bezeichnung, Menge, Listenpreis, Wert; zuletzt die Summe. Beispiel: =XP_CONFIGURE(A2:B8;D2:E3;G2:H3)

    The cheapest configuration that covers the needs and passes every check; a need no configuration
    can meet gives a message naming the need and why.
    """
    need_rows = _key_value_rows(needs, "Bedarf", "needs") if not is_blank(needs) else []
    owned_rows = _key_value_rows(owned, "Bestand", "owned") if not is_blank(owned) else []
    option_rows, lang = _message_language(_key_value_rows(options) if not is_blank(options) else [])
    result = configure(need_rows, owned_rows, option_rows, get_catalog())
    if not result.ok:
        raise RuleViolation(result.problem("de"), detail_en=result.problem("en"))
    rows = [[p.article.number, p.article.name(lang), p.quantity, _money(p.unit_price), _money(p.value)]
            for p in result.priced]
    rows.append(["", "Summe" if lang == "de" else "Total", "", "", _money(result.total)])
    if len(rows) == 1:  # as XP_VALIDATE: a legacy array formula would repeat a single row
        rows.append(["", "", "", "", ""])
    return rows


@xw.func(category=CATEGORY)
@xw.arg("users", doc="Anzahl der Fax-/Voicemail-User")
@xw.arg("voicemail_or_attendant", doc="WAHR, wenn Voicemail oder Auto Attendant genutzt wird (mindestens 2)")
@xw.arg("fax", doc="WAHR, wenn Fax genutzt wird (mindestens 1)")
@_adapter
def XP_IP_CHANNELS(users, voicemail_or_attendant=False, fax=False):
    """Empfohlene Anzahl IP-CHANNEL: 1 je 25 User, mindestens 2 bei Voicemail/Auto Attendant.
    Beispiel: =XP_IP_CHANNELS(60;WAHR) ergibt 3

    Recommended IP-CHANNELs for average use.
    """
    return rules.recommended_ip_channels(users, voicemail_or_attendant, fax)
