"""The calculator workbook finance opens in Excel (``workbook_templates/calculator.xlsm``).

:func:`build_calculator` writes the workbook from the catalog: the article
dropdown is a list sheet filled from the catalog, so rebuilding after a
catalog edit offers the new articles. :func:`refresh_article_list` does the
same for a calculator that is already in use (inputs and imported xlwings
functions are kept). :func:`evaluate` recalculates a calculator with the
``formulas`` engine and the add-in's own ``XP_`` functions, without Excel.

Example::

    >>> from addin.calculator import build_calculator
    >>> build_calculator("calculator.xlsm")            # German labels
    >>> build_calculator("calculator_en.xlsm", lang="en")

The file is stored the way Excel stores formulas (``,`` between arguments);
German Excel shows them with ``;``: ``=XP_UP2DATE(total;3)``.
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .catalog import ENV_CATALOG, Catalog, get_catalog
from .errors import OutputError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "workbook_templates"

SHEET_CALC = {"de": "Rechner", "en": "Calculator"}
SHEET_LIST = {"de": "Artikelliste", "en": "Articles"}
SHEET_HELP = {"de": "Hilfe", "en": "Help"}
SHEET_CONF = "xlwings.conf"  # the name xlwings looks for
CONF_UDF_KEY = "UDF Modules"
CONF_CATALOG_KEY = ENV_CATALOG  # same name as the environment variable: XPHONE_CATALOG

EUR = '#,##0.00 "€"'
DATE = "dd.mm.yyyy"
PERCENT = "0%"

# Content type of a macro-enabled workbook part ([Content_Types].xml).
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
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

# Options handed to XP_VALIDATE as a two-column range (key, value): the option keys of the rules engine.
def _validate_options() -> tuple:
    try:
        from .rules import OPTIONS
    except ImportError:  # pragma: no cover - the rules module always has them
        OPTIONS = {}
    found = tuple((o.key, o.label_de, o.label_en) for o in OPTIONS.values())
    return found or (("release", "Release des Bestandssystems", "release of the existing system"),
                     ("up2date_months_left", "Restlaufzeit des laufenden Up2Date in Monaten",
                      "months left on the running Up2Date"))


VALIDATE_OPTIONS = _validate_options()
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


# --------------------------------------------------------------------------- building

def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="BFBFBF")
    return {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "warn": Font(bold=True, color="C00000"),
        "header_fill": PatternFill("solid", fgColor="1F4E78"),
        "header_font": Font(bold=True, color="FFFFFF"),
        "input_fill": PatternFill("solid", fgColor="EDEDED"),
        "sum_fill": PatternFill("solid", fgColor="DDEBF7"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "grey": Font(italic=True, color="595959"),
    }


def _text(cell, value):
    """Write text that starts with '=' as text, never as a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
        cell.quotePrefix = True


def _header(ws, row: int, cols: str, labels, st):
    for col, label in zip(cols, labels):
        c = ws[f"{col}{row}"]
        c.value = label
        c.font = st["header_font"]
        c.fill = st["header_fill"]
        c.alignment = st["wrap"]


def _input(cell, st, fmt=None):
    cell.fill = st["input_fill"]
    cell.border = st["border"]
    if fmt:
        cell.number_format = fmt


def _licence_articles(cat: Catalog):
    return [a for a in cat.articles if a.is_licence]


def _write_list_sheet(ws, cat: Catalog, lang: str, st) -> str:
    """Fill the article list sheet; returns the range the dropdown uses."""
    ws.delete_rows(1, ws.max_row + 1)
    ws["A1"] = _t("list_title", lang)
    ws["A1"].font = st["bold"]
    _header(ws, 2, "ABCDE", [_t("h_article", lang), _t("h_number", lang), _t("h_name", lang),
                             _t("h_category", lang), _t("h_unit", lang)], st)
    row = 3
    for a in _licence_articles(cat):
        ws[f"A{row}"] = a.code
        _text(ws[f"B{row}"], a.number)
        ws[f"C{row}"] = a.name(lang)
        ws[f"D{row}"] = a.category
        ws[f"E{row}"] = float(a.price)
        ws[f"E{row}"].number_format = EUR
        row += 1
    ws[f"A{row + 1}"] = f"{_t('catalog_from', lang)}: {Path(cat.path).name} · {cat.meta.name}"
    ws[f"A{row + 1}"].font = st["grey"]
    for col, width in zip("ABCDE", (22, 16, 44, 12, 14)):
        ws.column_dimensions[col].width = width
    _fit_width(ws)
    return f"'{ws.title}'!$A$3:$A${row - 1}"


def _fit_width(ws):
    """Print the sheet one page wide, landscape."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _set_name(wb, name: str, ref: str):
    from openpyxl.workbook.defined_name import DefinedName

    if name in wb.defined_names:
        del wb.defined_names[name]
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _abs(sheet: str, ref: str) -> str:
    parts = []
    for part in ref.split(":"):
        col = "".join(ch for ch in part if ch.isalpha())
        row = "".join(ch for ch in part if ch.isdigit())
        parts.append(f"${col}${row}")
    return f"'{sheet}'!" + ":".join(parts)


def _write_calc_sheet(ws, cat: Catalog, lang: str, data: Input, st):
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.formula import ArrayFormula

    ws["A1"] = _t("title", lang)
    ws["A1"].font = st["title"]
    valid = cat.meta.valid_from.strftime("%d.%m.%Y") if cat.meta.valid_from else ""
    ws["A2"] = f"{_t('pricelist', lang)}: {cat.meta.name} ({_t('valid_from', lang)} {valid})"
    if cat.is_example:
        ws["E2"] = _t("example", lang)
        ws["E2"].font = st["warn"]
    ws["A3"] = _t("hint", lang)
    ws["A3"].font = st["grey"]

    head = FIRST_LINE - 1
    _header(ws, head, "ABCDEFG", [_t(k, lang) for k in ("h_article", "h_name", "h_new", "h_owned", "h_unit",
                                                       "h_line_new", "h_line_all")], st)
    ws.row_dimensions[head].height = 30  # two-line headers
    for r in range(FIRST_LINE, LAST_LINE + 1):
        a = f"{COL_ARTICLE}{r}"
        new, owned = f"{COL_NEW}{r}", f"{COL_OWNED}{r}"
        _input(ws[a], st)
        _input(ws[new], st, "0")
        _input(ws[owned], st, "0")
        ws[f"{COL_NAME}{r}"] = f'=IF({a}="","",XP_NAME({a}))'
        ws[f"{COL_UNIT}{r}"] = f'=IF({a}="","",XP_PRICE({a},1))'
        ws[f"{COL_LINE_NEW}{r}"] = f'=IF({a}="","",XP_PRICE({a},N({new})))'
        ws[f"{COL_LINE_ALL}{r}"] = f'=IF({a}="","",XP_PRICE({a},N({new})+N({owned})))'
        for col in (COL_UNIT, COL_LINE_NEW, COL_LINE_ALL):
            ws[f"{col}{r}"].number_format = EUR
    ws[f"{COL_ARTICLE}{SUM_ROW}"] = _t("sum", lang)
    ws[f"{COL_ARTICLE}{SUM_ROW}"].font = st["bold"]
    for col in (COL_LINE_NEW, COL_LINE_ALL):
        c = ws[f"{col}{SUM_ROW}"]
        c.value = f"=SUM({col}{FIRST_LINE}:{col}{LAST_LINE})"
        c.number_format = EUR
        c.font = st["bold"]
        c.fill = st["sum_fill"]

    # dropdown of catalog articles, whole numbers for quantities
    dv = DataValidation(type="list", formula1=LIST_NAME, allow_blank=True, showErrorMessage=True,
                        errorTitle=_t("h_article", lang),
                        error=("Bitte einen Artikel aus der Liste wählen." if lang == "de"
                               else "Please pick an article from the list."))
    dv.add(NAMES["articles"])
    ws.add_data_validation(dv)
    qv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, error=("Ganze Zahl ab 0." if lang == "de" else "Whole number from 0."))
    qv.add(NAMES["qty_new"])
    qv.add(NAMES["qty_owned"])
    ws.add_data_validation(qv)

    # Up2Date for every term
    r0 = UP2DATE_FIRST - 1
    ws[f"{COL_LBL}{r0 - 1}"] = _t("up2date", lang)
    ws[f"{COL_LBL}{r0 - 1}"].font = st["bold"]
    _header(ws, r0, "IJKL", [_t("h_years", lang), _t("h_rate", lang), _t("h_price", lang), _t("h_end", lang)], st)
    for i, years in enumerate(sorted(cat.up2date)):
        r = UP2DATE_FIRST + i
        ws[f"{COL_LBL}{r}"] = years
        ws[f"{COL_V1}{r}"] = f"=XP_UP2DATE_RATE({years})"
        ws[f"{COL_V1}{r}"].number_format = PERCENT
        ws[f"{COL_V2}{r}"] = f"=XP_UP2DATE(total,{years})"
        ws[f"{COL_V2}{r}"].number_format = EUR
        ws[f"{COL_V3}{r}"] = f"=XP_UP2DATE_END(term_start,{years})"
        ws[f"{COL_V3}{r}"].number_format = DATE

    # Migration / upgrade per release
    ws[f"{COL_LBL}{RELEASE_TITLE}"] = _t("release", lang)
    ws[f"{COL_LBL}{RELEASE_TITLE}"].font = st["bold"]
    for i, release in enumerate(sorted(cat.upgrades)):
        r = RELEASE_FIRST + i
        ws[f"{COL_LBL}{r}"] = f"Release {release}"
        ws[f"{COL_V2}{r}"] = f"=XP_UPGRADE(total,{release})"
        ws[f"{COL_V2}{r}"].number_format = EUR

    # Term dates
    ws[f"{COL_LBL}{DATES_TITLE}"] = _t("dates", lang)
    ws[f"{COL_LBL}{DATES_TITLE}"].font = st["bold"]
    for row, key, value in ((INVOICE_ROW, "invoice", data.invoice_date),
                            (RETRIEVAL_ROW, "retrieval", data.retrieval_date)):
        ws[f"{COL_LBL}{row}"] = _t(key, lang)
        _input(ws[f"{COL_V1}{row}"], st, DATE)
        ws[f"{COL_V1}{row}"] = value
    ws[f"{COL_LBL}{START_ROW}"] = _t("start", lang)
    ws[f"{COL_V1}{START_ROW}"] = "=XP_UP2DATE_START(retrieval_date,invoice_date)"
    ws[f"{COL_V1}{START_ROW}"].number_format = DATE
    ws[f"{COL_V1}{START_ROW}"].font = st["bold"]

    # Up2Date for additional licences
    ws[f"{COL_LBL}{ADDON_TITLE}"] = _t("addon", lang)
    ws[f"{COL_LBL}{ADDON_TITLE}"].font = st["bold"]
    ws[f"{COL_LBL}{ADDON_MONTHS_ROW}"] = _t("addon_months", lang)
    _input(ws[f"{COL_V1}{ADDON_MONTHS_ROW}"], st, "0")
    ws[f"{COL_V1}{ADDON_MONTHS_ROW}"] = data.addon_months
    ws[f"{COL_LBL}{ADDON_TERM_ROW}"] = _t("addon_term", lang)
    _input(ws[f"{COL_V1}{ADDON_TERM_ROW}"], st, "0")
    ws[f"{COL_V1}{ADDON_TERM_ROW}"] = data.addon_term
    ws[f"{COL_LBL}{ADDON_PRICE_ROW}"] = _t("addon_price", lang)
    ws[f"{COL_V1}{ADDON_PRICE_ROW}"] = (f"=XP_UP2DATE_ADDON(new_total,{COL_V1}{ADDON_MONTHS_ROW},"
                                        f"{COL_V1}{ADDON_TERM_ROW})")
    ws[f"{COL_V1}{ADDON_PRICE_ROW}"].number_format = EUR
    ws[f"{COL_V1}{ADDON_PRICE_ROW}"].font = st["bold"]

    # Recommended IP-CHANNELs
    ws[f"{COL_LBL}{IPC_TITLE}"] = _t("ipc", lang)
    ws[f"{COL_LBL}{IPC_TITLE}"].font = st["bold"]
    for row, key, value, fmt in ((IPC_USERS_ROW, "ipc_users", data.users, "0"),
                                 (IPC_VOICE_ROW, "ipc_voice", data.voicemail_or_attendant, None),
                                 (IPC_FAX_ROW, "ipc_fax", data.fax, None)):
        ws[f"{COL_LBL}{row}"] = _t(key, lang)
        _input(ws[f"{COL_V1}{row}"], st, fmt)
        ws[f"{COL_V1}{row}"] = value
    ws[f"{COL_LBL}{IPC_RESULT_ROW}"] = _t("ipc_result", lang)
    ws[f"{COL_V1}{IPC_RESULT_ROW}"] = (f"=XP_IP_CHANNELS({COL_V1}{IPC_USERS_ROW},{COL_V1}{IPC_VOICE_ROW},"
                                       f"{COL_V1}{IPC_FAX_ROW})")
    ws[f"{COL_V1}{IPC_RESULT_ROW}"].font = st["bold"]

    # Options for XP_VALIDATE
    ws[f"{COL_LBL}{OPTIONS_TITLE}"] = _t("options", lang)
    ws[f"{COL_LBL}{OPTIONS_TITLE}"].font = st["bold"]
    for i, (key, de, en) in enumerate(VALIDATE_OPTIONS):
        r = OPTIONS_FIRST + i
        ws[f"{COL_LBL}{r}"] = key
        _input(ws[f"{COL_V1}{r}"], st)
        ws[f"{COL_V2}{r}"] = en if lang == "en" else de
        ws[f"{COL_V2}{r}"].font = st["grey"]

    # Findings of XP_VALIDATE: one array formula over a fixed block below the table
    ws[f"A{FINDINGS_TITLE_ROW}"] = _t("findings", lang)
    ws[f"A{FINDINGS_TITLE_ROW}"].font = st["bold"]
    ws[f"A{FINDINGS_TITLE_ROW + 1}"] = _t("findings_hint", lang)
    ws[f"A{FINDINGS_TITLE_ROW + 1}"].font = st["grey"]
    block = f"A{FINDINGS_FIRST}:C{FINDINGS_LAST}"
    ws[f"A{FINDINGS_FIRST}"] = ArrayFormula(block, "=XP_VALIDATE(articles,qty_new,qty_owned,options)")
    # the message (column C) runs over the empty columns to its right
    first = f"$A{FINDINGS_FIRST}"
    fills = (("FFC7CE", "9C0006", ("ERROR", "FEHLER")),
             ("FFEB9C", "9C5700", ("WARNING", "WARNUNG")),
             ("DDEBF7", "1F4E78", ("INFO", "HINWEIS")),
             ("C6EFCE", "006100", ("OK",)))
    # unused rows of the block show #N/A in Excel: print them in white
    ws.conditional_formatting.add(block, FormulaRule(formula=[f"ISNA(A{FINDINGS_FIRST})"],
                                                     font=Font(color="FFFFFF"), stopIfTrue=True))
    for fill, font, words in fills:
        cond = "OR(" + ",".join(f'UPPER({first})="{w}"' for w in words) + ")"
        ws.conditional_formatting.add(block, FormulaRule(formula=[f"AND(NOT(ISNA({first})),{cond})"],
                                                         fill=PatternFill("solid", fgColor=fill),
                                                         font=Font(color=font)))

    write_inputs(ws, data)

    for col, width in zip("ABCDEFGHIJKL", (22, 44, 12, 15, 14, 15, 18, 3, 44, 14, 16, 20)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{FIRST_LINE}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def write_inputs(ws, data: Input) -> None:
    """Write one configuration into the input cells of a calculator sheet (the article table is cleared first)."""
    if len(data.lines) > LINES:
        from .errors import BadValue

        raise BadValue("Positionen", len(data.lines), f"Höchstens {LINES}.", what_en="lines",
                       hint_en=f"At most {LINES}.")
    for i in range(LINES):
        article, new, owned = (tuple(data.lines[i]) + (None, None))[:3] if i < len(data.lines) else (None,) * 3
        r = FIRST_LINE + i
        _text(ws[f"{COL_ARTICLE}{r}"], article)
        ws[f"{COL_NEW}{r}"] = new
        ws[f"{COL_OWNED}{r}"] = owned
    ws[f"{COL_V1}{INVOICE_ROW}"] = data.invoice_date
    ws[f"{COL_V1}{RETRIEVAL_ROW}"] = data.retrieval_date
    ws[f"{COL_V1}{ADDON_MONTHS_ROW}"] = data.addon_months
    ws[f"{COL_V1}{ADDON_TERM_ROW}"] = data.addon_term
    ws[f"{COL_V1}{IPC_USERS_ROW}"] = data.users
    ws[f"{COL_V1}{IPC_VOICE_ROW}"] = data.voicemail_or_attendant
    ws[f"{COL_V1}{IPC_FAX_ROW}"] = data.fax
    given = dict(data.options)
    for i, (key, _de, _en) in enumerate(VALIDATE_OPTIONS):
        ws[f"{COL_V1}{OPTIONS_FIRST + i}"] = given.get(key)


def set_inputs(path, out, data: Input) -> Path:
    """Copy a calculator to ``out`` with another configuration in its input cells (macros are kept)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, keep_vba=has_macros(path))
    ws = next(wb[n] for n in SHEET_CALC.values() if n in wb.sheetnames)
    write_inputs(ws, data)
    out = Path(out)
    _save(wb, out)
    return out


def _write_help_sheet(ws, lang: str, st):
    ws["A1"] = _t("help_title", lang)
    ws["A1"].font = st["title"]
    _header(ws, 3, "ABCDEF", [_t(k, lang) for k in ("h_function", "h_args", "h_de", "h_en", "h_example",
                                                   "h_live")], st)
    ws.row_dimensions[3].height = 30
    for i, (name, args, de, en, example, live) in enumerate(HELP):
        r = 4 + i
        ws[f"A{r}"] = name
        ws[f"A{r}"].font = st["bold"]
        ws[f"B{r}"] = args
        ws[f"C{r}"] = de
        ws[f"D{r}"] = en
        _text(ws[f"E{r}"], example)
        if live:
            ws[f"F{r}"] = live
        for col in "BCDE":
            ws[f"{col}{r}"].alignment = st["wrap"]
    for col, width in zip("ABCDEF", (20, 26, 46, 46, 40, 24)):
        ws.column_dimensions[col].width = width
    # number formats of the live results
    fmt = {"XP_PRICE": EUR, "XP_UP2DATE": EUR, "XP_UP2DATE_ADDON": EUR, "XP_UPGRADE": EUR,
           "XP_UP2DATE_RATE": PERCENT, "XP_UP2DATE_START": DATE, "XP_UP2DATE_END": DATE}
    for i, row in enumerate(HELP):
        if row[0] in fmt:
            ws[f"F{4 + i}"].number_format = fmt[row[0]]
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _write_conf_sheet(ws, lang: str, catalog_setting: str, st):
    ws["A1"] = CONF_UDF_KEY
    ws["B1"] = "addin.udfs"
    ws["A2"] = CONF_CATALOG_KEY
    ws["B2"] = catalog_setting or None
    ws["D1"] = _t("conf_udf", lang)
    ws["D2"] = _t("conf_catalog", lang)
    ws["D4"] = _t("conf_note", lang)
    for c in ("D1", "D2", "D4"):
        ws[c].font = st["grey"]
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40
    _fit_width(ws)


def build_calculator(out, lang: str = "de", catalog: Catalog | None = None, data: Input | None = None,
                     catalog_setting: str = "") -> Path:
    """Write the calculator workbook for ``catalog`` (default: the catalog in use) to ``out``.

    ``out`` ending in ``.xlsm`` is stored as a macro-enabled workbook (without macros: the xlwings
    add-in's *Import Functions* adds them in Excel). ``catalog_setting`` goes to the
    ``XPHONE_CATALOG`` key of the ``xlwings.conf`` sheet.
    """
    from openpyxl import Workbook

    lang = "en" if lang == "en" else "de"
    cat = catalog if catalog is not None else get_catalog()
    data = data if data is not None else Input()
    out = Path(out)
    st = _styles()
    wb = Workbook()
    calc = wb.active
    calc.title = SHEET_CALC[lang]
    listing = wb.create_sheet(SHEET_LIST[lang])
    helpsheet = wb.create_sheet(SHEET_HELP[lang])
    conf = wb.create_sheet(SHEET_CONF)
    list_ref = _write_list_sheet(listing, cat, lang, st)
    _set_name(wb, LIST_NAME, list_ref)
    for name, ref in NAMES.items():
        _set_name(wb, name, _abs(calc.title, ref))
    _write_calc_sheet(calc, cat, lang, data, st)
    _write_help_sheet(helpsheet, lang, st)
    _write_conf_sheet(conf, lang, catalog_setting, st)
    wb.active = 0
    _save(wb, out)
    return out


# --------------------------------------------------------------------------- saving, macro part

def has_macros(path) -> bool:
    """True if the workbook file holds a VBA project (e.g. after xlwings' Import Functions)."""
    with zipfile.ZipFile(path) as z:
        return VBA_PART in z.namelist()


def _save(wb, out: Path) -> None:
    """Save through a temporary file; an ``.xlsm`` without VBA still gets the macro-enabled content type."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=out.suffix, dir=out.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; a workbook is shared like any file
    try:
        wb.save(tmp)
        if out.suffix.lower() == ".xlsm" and not wb.vba_archive:
            _mark_macro_enabled(Path(tmp))
        os.replace(tmp, out)
    except PermissionError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{out} kann nicht geschrieben werden (in Excel geöffnet?).",
                          detail_en=f"cannot write {out} (open in Excel?).", file=out) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mark_macro_enabled(path: Path) -> None:
    """Give a workbook file the content type Excel expects of an ``.xlsm``."""
    with zipfile.ZipFile(path) as z:
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "[Content_Types].xml":
                data = data.replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
            z.writestr(info, data)


def refresh_article_list(path, catalog: Catalog | None = None) -> Path:
    """Rewrite the article list of a calculator in use from the catalog; everything else is kept.

    Inputs, the ``xlwings.conf`` settings and the VBA project that *Import Functions* added stay as
    they are. Example: ``xphone-pricing calculator --update Rechner.xlsm``.
    """
    from openpyxl import load_workbook

    from .workbook_io import check_workbook_file

    path = Path(path)
    check_workbook_file(path, "Rechner", "calculator")
    keep_vba = has_macros(path)  # keep_vba on a file without VBA would add a dangling vbaProject link
    wb = load_workbook(path, keep_vba=keep_vba)
    name = next((n for n in SHEET_LIST.values() if n in wb.sheetnames), None)
    if name is None:
        from .errors import InputFileError

        raise InputFileError(f"Blatt '{SHEET_LIST['de']}' fehlt; ist das ein Rechner?",
                             detail_en=f"sheet '{SHEET_LIST['en']}' is missing; is this a calculator?", file=path)
    lang = "en" if name == SHEET_LIST["en"] else "de"
    cat = catalog if catalog is not None else get_catalog()
    ref = _write_list_sheet(wb[name], cat, lang, _styles())
    _set_name(wb, LIST_NAME, ref)
    _save(wb, path)
    return path


def template_path(lang: str = "de") -> Path:
    return TEMPLATES_DIR / ("calculator_en.xlsm" if lang == "en" else "calculator.xlsm")


# --------------------------------------------------------------------------- formula engine

def _plain(value):
    """A value as xlwings hands it to a function: None for blank, float for numbers, lists for ranges."""
    import numpy as np

    if hasattr(value, "value") and not isinstance(value, (str, bytes)):  # formulas Ranges
        value = value.value
    if isinstance(value, np.ndarray):
        rows = [[_scalar(v) for v in row] for row in np.atleast_2d(value).tolist()]
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        if len(rows[0]) == 1:
            return [r[0] for r in rows]
        if len(rows) == 1:
            return rows[0]
        return rows
    return _scalar(value)


def _scalar(v):
    import schedula as sh
    from formulas.tokens.operand import XlError

    if isinstance(v, XlError):
        raise _CellError(v)
    if v is None or v is sh.EMPTY:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) or type(v).__module__ == "numpy":
        try:
            return float(v)
        except (TypeError, ValueError):
            return v
    return v


class _CellError(Exception):
    def __init__(self, err):
        self.err = err


def _excel_value(result):
    """A function result as Excel stores it: dates as serial numbers, tables as arrays."""
    import numpy as np

    if isinstance(result, dt.datetime):
        return float((result - dt.datetime(1899, 12, 30)).days)
    if isinstance(result, dt.date):
        return float((result - dt.date(1899, 12, 30)).days)
    if isinstance(result, (list, tuple)):
        rows = [list(r) if isinstance(r, (list, tuple)) else [r] for r in result]
        width = max((len(r) for r in rows), default=1)
        rows = [[_excel_value(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
        return np.asarray(rows, dtype=object)
    return result


def engine_function(func, lang: str | None = None):
    """Wrap an XP_ function for the ``formulas`` engine the way xlwings wraps it for Excel.

    Arguments arrive as xlwings would pass them; the project's errors become the cell message.
    """
    from .errors import XPhoneError, default_language

    def call(*args):
        try:
            plain = [_plain(a) for a in args]
        except _CellError as exc:
            return exc.err
        try:
            return _excel_value(func(*plain))
        except XPhoneError as exc:
            return exc.message(lang or default_language())

    call.__name__ = getattr(func, "__name__", "XP")
    return call


def xp_functions() -> dict:
    """Every XP_ worksheet function of :mod:`addin.udfs`, by name."""
    from . import udfs

    return {name: getattr(udfs, name) for name in dir(udfs)
            if name.startswith("XP_") and callable(getattr(udfs, name))}


def evaluate(path, lang: str | None = None) -> dict:
    """Recalculate a workbook with the ``formulas`` engine and the add-in's XP_ functions.

    Returns ``{(sheet, "A1"): value}`` for every cell the engine computed (an array formula gives
    one entry per cell of its block). Needs the ``formulas`` package (``pip install formulas``).
    """
    try:
        import formulas
    except ImportError:  # pragma: no cover - depends on the installation
        raise OutputError("Das Paket 'formulas' fehlt: pip install formulas",
                          detail_en="the package 'formulas' is missing: pip install formulas") from None
    import numpy as np

    from formulas.functions import wrap_ranges_func

    functions = formulas.get_functions()
    for name, func in xp_functions().items():
        # wrap_ranges_func resolves references to values (and waits for cells not computed yet)
        functions[name] = wrap_ranges_func(engine_function(func, lang))
    path = Path(path).resolve()
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    book = f"[{path.name.upper()}]"
    results = {}
    for key, value in solution.items():
        ref = key.split("!", 1)
        if len(ref) != 2 or not ref[0].strip("'").upper().startswith(book):
            continue
        sheet = ref[0].strip("'")[len(book):]
        if not sheet:
            continue
        cells = ref[1]
        arr = np.atleast_2d(getattr(value, "value", value))
        from openpyxl.utils.cell import range_boundaries

        c1, r1, c2, r2 = range_boundaries(cells)
        if c2 - c1 + 1 != arr.shape[1] or r2 - r1 + 1 != arr.shape[0]:
            continue
        from openpyxl.utils import get_column_letter

        for i in range(arr.shape[0]):
            for j in range(arr.shape[1]):
                results[(sheet, f"{get_column_letter(c1 + j)}{r1 + i}")] = arr[i, j]
    return results


def fill_values(path, out, values: dict | None = None) -> Path:
    """Write a copy of a workbook whose formula cells hold the values :func:`evaluate` computed.

    Used for the README picture: LibreOffice knows no XP_ functions, the copy shows real figures.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    values = evaluate(path) if values is None else values
    wb = load_workbook(path)
    for ws in wb.worksheets:
        cells = [c.coordinate for row in ws.iter_rows() for c in row
                 if c.data_type == "f" and type(c.value).__name__ != "ArrayFormula"]
        for ref in ws.array_formulae.values():
            c1, r1, c2, r2 = range_boundaries(ref)
            cells += [f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1)]
        for coord in cells:
            v = values.get((ws.title.upper(), coord))
            if v is None or type(v).__name__ == "XlError" or v is _empty():
                v = None
            elif type(v).__module__ == "numpy":
                v = v.item()
            cell = ws[coord]
            if cell.number_format == DATE and isinstance(v, (int, float)):
                v = dt.datetime(1899, 12, 30) + dt.timedelta(days=v)
            _text(cell, v)
    out = Path(out)
    wb.save(out)
    return out


def _empty():
    import schedula as sh

    return sh.EMPTY
