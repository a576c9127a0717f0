"""The calculator's layout: sheets, cells, names, the example it opens with, its words.

Every cell the tests and the README talk about is named here (1-based rows, column letters).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..catalog import ENV_CATALOG
from ..options import CHECKED

SHEET_CALC = {"de": "Rechner", "en": "Calculator"}
SHEET_LIST = {"de": "Artikelliste", "en": "Articles"}
SHEET_HELP = {"de": "Hilfe", "en": "Help"}
SHEET_CONF = "xlwings.conf"  # the name xlwings looks for
CONF_UDF_KEY = "UDF Modules"
CONF_CATALOG_KEY = ENV_CATALOG  # same name as the environment variable: XPHONE_CATALOG

EUR = '#,##0.00 "€"'
DATE = "dd.mm.yyyy"
PERCENT = "0%"

VBA_PART = "xl/vbaProject.bin"

# --------------------------------------------------------------------------- layout
# Every cell the tests and the README talk about is named here (1-based rows, column letters).

FIRST_LINE = 6           # first input row of the article table
LINES = 15               # number of input rows
LAST_LINE = FIRST_LINE + LINES - 1
SUM_ROW = LAST_LINE + 1  # licence sums

# Columns of the article table
COL_ARTICLE, COL_NAME, COL_NEW, COL_OWNED, COL_UNIT, COL_LINE_NEW, COL_LINE_ALL = "ABCDEFG"
# Right-hand blocks: labels in I, values in J/K/L
COL_LBL, COL_V1, COL_V2, COL_V3 = "IJKL"

UP2DATE_FIRST = FIRST_LINE          # rows for terms 1..5
RELEASE_TITLE = UP2DATE_FIRST + 6
RELEASE_FIRST = RELEASE_TITLE + 1   # rows for releases 4..8
DATES_TITLE = RELEASE_FIRST + 6
INVOICE_ROW = DATES_TITLE + 1
RETRIEVAL_ROW = INVOICE_ROW + 1
START_ROW = RETRIEVAL_ROW + 1
ADDON_TITLE = START_ROW + 2
ADDON_MONTHS_ROW = ADDON_TITLE + 1
ADDON_TERM_ROW = ADDON_MONTHS_ROW + 1
ADDON_PRICE_ROW = ADDON_TERM_ROW + 1
IPC_TITLE = ADDON_PRICE_ROW + 2
IPC_USERS_ROW = IPC_TITLE + 1
IPC_VOICE_ROW = IPC_USERS_ROW + 1
IPC_FAX_ROW = IPC_VOICE_ROW + 1
IPC_RESULT_ROW = IPC_FAX_ROW + 1
OPTIONS_TITLE = IPC_RESULT_ROW + 2
OPTIONS_FIRST = OPTIONS_TITLE + 1

# Options handed to XP_VALIDATE as a two-column range (key, value): the options the checks read.
VALIDATE_OPTIONS = tuple((o.key, o.label_de, o.label_en) for o in CHECKED)
OPTIONS_LAST = OPTIONS_FIRST + len(VALIDATE_OPTIONS) - 1

# The XP_VALIDATE findings: an array formula over a fixed block below everything else
FINDINGS_TITLE_ROW = max(SUM_ROW, OPTIONS_LAST) + 2
FINDINGS_FIRST = FINDINGS_TITLE_ROW + 2
FINDINGS_ROWS = 12       # rows reserved for findings
FINDINGS_COLS = 3        # severity, rule, message
FINDINGS_LAST = FINDINGS_FIRST + FINDINGS_ROWS - 1

# Defined names (workbook scope)
NAMES = {
    "total": f"{COL_LINE_ALL}{SUM_ROW}",       # licence list value of the complete system
    "new_total": f"{COL_LINE_NEW}{SUM_ROW}",   # licence list value of the licences on this quote
    "articles": f"{COL_ARTICLE}{FIRST_LINE}:{COL_ARTICLE}{LAST_LINE}",
    "qty_new": f"{COL_NEW}{FIRST_LINE}:{COL_NEW}{LAST_LINE}",
    "qty_owned": f"{COL_OWNED}{FIRST_LINE}:{COL_OWNED}{LAST_LINE}",
    "invoice_date": f"{COL_V1}{INVOICE_ROW}",
    "retrieval_date": f"{COL_V1}{RETRIEVAL_ROW}",
    "term_start": f"{COL_V1}{START_ROW}",
    "options": f"{COL_LBL}{OPTIONS_FIRST}:{COL_V1}{OPTIONS_LAST}",
}
LIST_NAME = "xp_articles"  # the dropdown's source on the article list sheet

# The example the shipped workbook opens with: a new system, (article, new, owned)
EXAMPLE_LINES = (
    ("SERVER", 1, None),
    ("OFFICE", 50, None),
    ("OFFICE_PLUS", 10, None),
    ("VOICEMAIL", 60, None),
    ("IP_CHANNEL", 2, None),
    ("CONTACTS", 60, None),
)
EXAMPLE_INVOICE = dt.date(2026, 1, 15)
EXAMPLE_ADDON_MONTHS = 6
EXAMPLE_ADDON_TERM = 3
EXAMPLE_USERS = 60
EXAMPLE_OPTIONS = (("directory_sources", 2), ("ldap", False), ("fax_in_client", False),
                   ("voicemail_in_client", True), ("voicemail_in_mobile_app", False), ("sms_notification", False))


@dataclass(frozen=True)
class Input:
    """The inputs of one calculator configuration (what a user types into the workbook)."""

    lines: tuple = EXAMPLE_LINES            # (article, new quantity, owned quantity)
    invoice_date: dt.date | None = EXAMPLE_INVOICE
    retrieval_date: dt.date | None = None
    addon_months: int | None = EXAMPLE_ADDON_MONTHS
    addon_term: int | None = EXAMPLE_ADDON_TERM
    users: int | None = EXAMPLE_USERS
    voicemail_or_attendant: bool = True
    fax: bool = False
    options: tuple = EXAMPLE_OPTIONS        # (key, value) pairs for the options block; others stay blank


# --------------------------------------------------------------------------- texts

T = {
    "title": ("XPhone Connect 8 – Preisrechner", "XPhone Connect 8 – price calculator"),
    "pricelist": ("Preisliste", "Price list"),
    "valid_from": ("gültig ab", "valid from"),
    "example": ("BEISPIELPREISE – keine gültige Preisliste", "EXAMPLE PRICES – not a valid price list"),
    "hint": ("Artikel aus der Liste wählen, Mengen eintragen. Grau = Eingabe. Funktionen importieren: siehe Blatt "
             "'Hilfe' und README.",
             "Pick articles from the list, enter quantities. Grey = input. Importing the functions: see sheet "
             "'Help' and the README."),
    "h_article": ("Artikel", "Article"),
    "h_name": ("Bezeichnung", "Name"),
    "h_new": ("Menge neu", "New quantity"),
    "h_owned": ("Menge vorhanden", "Owned quantity"),
    "h_unit": ("Listenpreis", "List price"),
    "h_line_new": ("Summe neu", "New total"),
    "h_line_all": ("Summe Gesamtsystem", "Complete system"),
    "sum": ("Lizenzsumme (Name: new_total / total)", "Licence total (names: new_total / total)"),
    "up2date": ("Up2Date (Gesamtsystem)", "Up2Date (complete system)"),
    "h_years": ("Laufzeit (Jahre)", "Term (years)"),
    "h_rate": ("Satz pro Jahr", "Rate per year"),
    "h_price": ("Preis", "Price"),
    "h_end": ("Ende bei Beginn unten", "Ends (start below)"),
    "release": ("Migration / OneTime Upgrade von Release", "Migration / one-time upgrade from release"),
    "dates": ("Up2Date-Laufzeit", "Up2Date term"),
    "invoice": ("Rechnungsdatum", "Invoice date"),
    "retrieval": ("Lizenzabruf (leer = spätester Beginn)", "Licence retrieval (blank = latest start)"),
    "start": ("Beginn der Laufzeit", "Term starts"),
    "addon": ("Up2Date für zusätzliche Lizenzen (Summe neu)", "Up2Date for additional licences (new total)"),
    "addon_months": ("Restlaufzeit in Monaten", "Remaining months"),
    "addon_term": ("Laufzeit des laufenden Up2Date (Jahre)", "Term of the running Up2Date (years)"),
    "addon_price": ("Preis Up2Date Zusatzlizenzen", "Price Up2Date additional licences"),
    "ipc": ("Empfohlene IP-CHANNELs", "Recommended IP-CHANNELs"),
    "ipc_users": ("Benutzer", "Users"),
    "ipc_voice": ("Voicemail oder Auto Attendant (WAHR/FALSCH)", "Voicemail or Auto Attendant (TRUE/FALSE)"),
    "ipc_fax": ("Fax (WAHR/FALSCH)", "Fax (TRUE/FALSE)"),
    "ipc_result": ("IP-CHANNELs empfohlen", "IP-CHANNELs recommended"),
    "options": ("Optionen für die Prüfung (Schlüssel | Wert)", "Options for the check (key | value)"),
    "findings": ("Prüfung der Konfiguration (XP_VALIDATE)", "Configuration check (XP_VALIDATE)"),
    "findings_hint": ("Rot = Fehler (ERROR), Gelb = Warnung (WARNING), Blau = Hinweis (INFO), Grün = OK. Die "
                      "Funktion füllt den Block darunter (Matrixformel); ungenutzte Zeilen bleiben weiß.",
                      "Red = error, yellow = warning, blue = info, green = OK. The function fills the block "
                      "below (array formula); unused rows stay white."),
    "h_severity": ("Schwere", "Severity"),
    "h_rule": ("Regel", "Rule"),
    "h_message": ("Meldung", "Message"),
    "list_title": ("Artikel aus dem Katalog (wird mit 'xphone-pricing calculator' neu erzeugt)",
                   "Articles of the catalog (rebuilt by 'xphone-pricing calculator')"),
    "h_number": ("Artikelnummer", "Article number"),
    "h_category": ("Kategorie", "Category"),
    "catalog_from": ("Katalog", "Catalog"),
    "conf_udf": ("Module mit den Funktionen (nicht ändern)", "Module holding the functions (do not change)"),
    "conf_catalog": ("Pfad zur catalog.xlsx; leer = XPHONE_CATALOG bzw. mitgelieferter Katalog; relativ = "
                     "zum Ordner dieser Mappe. Nach Änderung: xlwings-Menüband > Restart UDF Server.",
                     "Path of catalog.xlsx; blank = XPHONE_CATALOG or the shipped catalog; relative = to this "
                     "workbook's folder. After a change: xlwings ribbon > Restart UDF Server."),
    "conf_note": ("Schlüssel in Spalte A ab A1, Werte in Spalte B (so liest xlwings dieses Blatt).",
                  "Keys in column A from A1, values in column B (the way xlwings reads this sheet)."),
    "help_title": ("Die XP_-Funktionen (deutsches Excel: Argumente mit ; trennen)",
                   "The XP_ functions (German Excel separates arguments with ;, English Excel with ,)"),
    "h_function": ("Funktion", "Function"),
    "h_args": ("Argumente", "Arguments"),
    "h_de": ("Beschreibung (deutsch)", "Description (German)"),
    "h_en": ("Beschreibung (englisch)", "Description (English)"),
    "h_example": ("Beispiel (deutsches Excel)", "Example (German Excel)"),
    "h_live": ("Ergebnis (rechnet nach dem Import)", "Result (computes once imported)"),
}


def _t(key: str, lang: str) -> str:
    de, en = T[key]
    return en if lang == "en" else de


# Every XP_ function: arguments, German and English description, example as typed in German Excel,
# and the example as a live formula in the file's own syntax (None = no live cell).
HELP = (
    ("XP_PRICE", "article; [quantity]", "Listenpreis × Menge in EUR, auf Cent gerundet",
     "List price × quantity in EUR, rounded to cents", '=XP_PRICE("OFFICE";10)', '=XP_PRICE("OFFICE",10)'),
    ("XP_NAME", "article", "Bezeichnung des Artikels laut Preisliste", "Name of the article in the price list",
     '=XP_NAME("3310.0030")', '=XP_NAME("3310.0030")'),
    ("XP_UP2DATE", "total; years", "Up2Date-Preis für 1–5 Jahre (20/38/54/68/80 % der Lizenzsumme)",
     "Up2Date price for 1–5 years (20/38/54/68/80 % of the licence total)", "=XP_UP2DATE(total;3)",
     "=XP_UP2DATE(10000,3)"),
    ("XP_UP2DATE_RATE", "years", "Up2Date-Satz pro Jahr", "Up2Date rate per year", "=XP_UP2DATE_RATE(3)",
     "=XP_UP2DATE_RATE(3)"),
    ("XP_UP2DATE_ADDON", "cost; remaining_months; term_years",
     "Up2Date für nachträglich gekaufte Lizenzen: Satz pro Jahr × Restmonate / 12 × Lizenzkosten",
     "Up2Date for licences added during a term: rate per year × remaining months / 12 × licence cost",
     "=XP_UP2DATE_ADDON(1000;6;3)", "=XP_UP2DATE_ADDON(1000,6,3)"),
    ("XP_UP2DATE_START", "retrieval_date; invoice_date",
     "Beginn der Laufzeit: Lizenzabruf, spätestens 3 Monate nach Rechnung",
     "Start of the term: licence retrieval, at the latest 3 months after the invoice",
     '=XP_UP2DATE_START("";DATUM(2026;1;15))', '=XP_UP2DATE_START("",DATE(2026,1,15))'),
    ("XP_UP2DATE_END", "start_date; years", "Ende der Laufzeit, stets zum Monatsende",
     "End of the term, always at a month's end", "=XP_UP2DATE_END(DATUM(2026;3;16);1)",
     "=XP_UP2DATE_END(DATE(2026,3,16),1)"),
    ("XP_UPGRADE", "total; from_release",
     "Migration (Release 4, 100 %) oder OneTime Upgrade (5: 75 %, 6: 55 %, 7/8: 35 %)",
     "Migration (release 4, 100 %) or one-time upgrade (5: 75 %, 6: 55 %, 7/8: 35 %)",
     '=XP_UPGRADE(10000;"R6")', '=XP_UPGRADE(10000,"R6")'),
    ("XP_VALIDATE", "articles; quantities; [owned]; [options]",
     "Prüft die Konfiguration gegen die Regeln der Leistungsbeschreibung; eine Zeile je Befund "
     "(Schwere, Regel, Meldung), als Matrixformel über mehrere Zeilen",
     "Checks the configuration against the service description's rules; one row per finding "
     "(severity, rule, message), as an array formula over several rows",
     "=XP_VALIDATE(articles;qty_new;qty_owned;options)", None),
    ("XP_IP_CHANNELS", "users; [voicemail_or_attendant]; [fax]",
     "Empfohlene Zahl IP-CHANNELs: 1 je 25 Benutzer, mindestens 2 mit Voicemail/Auto Attendant",
     "Recommended number of IP-CHANNELs: 1 per 25 users, at least 2 with voicemail/auto attendant",
     "=XP_IP_CHANNELS(60;WAHR;FALSCH)", "=XP_IP_CHANNELS(60,TRUE,FALSE)"),
    ("XP_CATALOG", "", "Die Preisliste als Tabelle (läuft über / Matrixformel)",
     "The price list as a table (spills / array formula)", "=XP_CATALOG()", None),
)
