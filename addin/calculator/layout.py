"""The calculator's layout: sheets, cells, names, the example it opens with, its words.

Every cell the tests and the documentation talk about is named here (1-based rows, column letters).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..configure import NEEDS, USAGE_OPTIONS
from ..environment import ENV_CATALOG
from ..i18n import FALLBACK, LANGUAGES, Text, catalog, text
from ..options import CHECKED, OPTIONS

# The sheets' names in each language (a calculator is read back by them)
SHEET_CALC = {lang: text("calculator.sheet_calc", lang) for lang in LANGUAGES}
SHEET_LIST = {lang: text("calculator.sheet_list", lang) for lang in LANGUAGES}
SHEET_HELP = {lang: text("calculator.sheet_help", lang) for lang in LANGUAGES}
SHEET_CONF = "xlwings.conf"  # the name xlwings looks for
CONF_UDF_KEY = "UDF Modules"
CONF_CATALOG_KEY = ENV_CATALOG  # same name as the environment variable: XPHONE_CATALOG

EUR = '#,##0.00 "€"'
DATE = "dd.mm.yyyy"
PERCENT = "0%"

VBA_PART = "xl/vbaProject.bin"

# --------------------------------------------------------------------------- layout
# Every cell the tests and the documentation talk about is named here (1-based rows, column letters).

QUOTE_DATE_ROW = 4       # the quote date: the price list valid on it prices the calculator
FIRST_LINE = 6           # first input row of the article table
LINES = 15               # number of input rows
LAST_LINE = FIRST_LINE + LINES - 1
SUM_ROW = LAST_LINE + 1  # licence sums

# Columns of the article table
COL_ARTICLE, COL_NAME, COL_NEW, COL_OWNED, COL_UNIT, COL_LINE_NEW, COL_LINE_ALL = "ABCDEFG"
# Right-hand blocks: labels in I, values in J/K/L
COL_LBL, COL_V1, COL_V2, COL_V3 = "IJKL"

UP2DATE_FIRST = FIRST_LINE          # rows for terms 1..5
UP2DATE_BASE_ROW = UP2DATE_FIRST + 5  # the Up2Date base: list value of the system after the quote
RELEASE_TITLE = UP2DATE_FIRST + 6
RELEASE_FIRST = RELEASE_TITLE + 1   # rows for releases 4..8
UPGRADE_BASE_ROW = RELEASE_FIRST + 5  # the upgrade base: list value of the owned licences as the target system
DATES_TITLE = UPGRADE_BASE_ROW + 2
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
VALIDATE_OPTIONS = tuple((o.key, o.label) for o in CHECKED)
OPTIONS_LAST = OPTIONS_FIRST + len(VALIDATE_OPTIONS) - 1

# The XP_VALIDATE findings: an array formula over a fixed block below everything else
FINDINGS_TITLE_ROW = max(SUM_ROW, OPTIONS_LAST) + 2
FINDINGS_FIRST = FINDINGS_TITLE_ROW + 2
FINDINGS_ROWS = 12       # rows reserved for findings
FINDINGS_COLS = 3        # severity, rule, message
FINDINGS_LAST = FINDINGS_FIRST + FINDINGS_ROWS - 1

# The needs block ("Bedarf"): name | value | label rows, then XP_CONFIGURE over a fixed block below them
NEED_ROWS = tuple((n.key, n.label) for n in NEEDS.values()) + tuple(
    (k, OPTIONS[k].label) for k in USAGE_OPTIONS) + (("up2date_years", Text("need.up2date_years")),)
NEEDS_TITLE_ROW = FINDINGS_LAST + 3
NEEDS_FIRST = NEEDS_TITLE_ROW + 2
NEEDS_LAST = NEEDS_FIRST + len(NEED_ROWS) - 1
CONFIG_TITLE_ROW = NEEDS_LAST + 2
CONFIG_FIRST = CONFIG_TITLE_ROW + 2
CONFIG_ROWS = 16         # article rows and the total row of XP_CONFIGURE
CONFIG_COLS = 5          # article number, name, quantity, list price, value
CONFIG_LAST = CONFIG_FIRST + CONFIG_ROWS - 1

# The quote block: the customer document's facts, cells named as the orders sheet's columns (column N: label,
# column O: value); the calculator read as an order (addin.batch.calculator_order) takes them from here
COL_ORDER_LBL, COL_ORDER_VAL = "NO"
ORDER_FIELDS = ("quote_id", "customer", "contact", "street", "postcode", "city", "country", "vat_id",
                "valid_until", "up2date_years")
ORDER_FIRST = FIRST_LINE
ORDER_CELLS = {key: f"{COL_ORDER_VAL}{ORDER_FIRST + i}" for i, key in enumerate(ORDER_FIELDS)}

# Defined names (workbook scope)
DEFINED_NAMES = {  # workbook-level names of the calculator sheet
    "price_list": "A2",                        # the price list's name, validity and status
    "up2date_base": f"{COL_V2}{UP2DATE_BASE_ROW}",  # Up2Date base: the system after the quote, upgrades applied
    "upgrade_base": f"{COL_V2}{UPGRADE_BASE_ROW}",  # upgrade base: the owned licences as the target system
    "total": f"{COL_LINE_ALL}{SUM_ROW}",       # licence list value of the complete system
    "new_total": f"{COL_LINE_NEW}{SUM_ROW}",   # licence list value of the licences on this quote
    "articles": f"{COL_ARTICLE}{FIRST_LINE}:{COL_ARTICLE}{LAST_LINE}",
    "qty_new": f"{COL_NEW}{FIRST_LINE}:{COL_NEW}{LAST_LINE}",
    "qty_owned": f"{COL_OWNED}{FIRST_LINE}:{COL_OWNED}{LAST_LINE}",
    "invoice_date": f"{COL_V1}{INVOICE_ROW}",
    "retrieval_date": f"{COL_V1}{RETRIEVAL_ROW}",
    "term_start": f"{COL_V1}{START_ROW}",
    "options": f"{COL_LBL}{OPTIONS_FIRST}:{COL_V1}{OPTIONS_LAST}",
    "needs": f"A{NEEDS_FIRST}:B{NEEDS_LAST}",
    "quote_date": f"{COL_NAME}{QUOTE_DATE_ROW}",  # blank = today: the price list valid on it prices the sheet
    **ORDER_CELLS,  # the quote block: customer, address, quote id, validity, the Up2Date term to quote
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
# the same system asked the other way round: what is needed (XP_CONFIGURE proposes the articles)
EXAMPLE_NEEDS = (("users", 60), ("office_plus_users", 10), ("voicemail", 60), ("voicemail_in_client", True),
                 ("directory_sources", 2))
# the quote block of the example: an invented customer, Up2Date for 3 years
EXAMPLE_ORDER = (("quote_id", "R-2026-001"), ("customer", "Beispiel GmbH"), ("contact", "Frau Maria Muster"),
                 ("street", "Musterweg 1"), ("postcode", "01067"), ("city", "Dresden"), ("up2date_years", 3))


@dataclass(frozen=True)
class Edition:
    """What differs between the desktop calculator and the xlwings Lite one; sheets, cells and names do not.

    * ``function_prefix``: how the file stores a call of an ``XP_`` function. The desktop add-in's VBA
      functions are plain names; Excel saves a call of an Office add-in's custom function (xlwings Lite's)
      as ``_xldudf_NAME`` and links it to the function once the add-in has registered it.
    * ``conf_sheet``: the ``xlwings.conf`` sheet (desktop: UDF module and catalog path).
    * ``spill``: XP_VALIDATE as one dynamic-array formula that spills (Lite needs Excel 2021/365) instead of
      the fixed block of :data:`FINDINGS_ROWS` × 3 cells (every Excel version, LibreOffice, the formula engine).
    * ``suffix``: the file ending; ``command``: what makes the workbook.
    """

    name: str
    function_prefix: str
    conf_sheet: bool
    spill: bool
    suffix: str
    command: str


DESKTOP = Edition("desktop", "", conf_sheet=True, spill=False, suffix=".xlsm", command="xphone-pricing calculator")
LITE = Edition("lite", "_xldudf_", conf_sheet=False, spill=True, suffix=".xlsx", command="xphone-pricing lite")
SPILL_FORMAT_ROWS = 40   # Lite: rows below the XP_VALIDATE cell that get the severity colours


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
    needs: tuple = EXAMPLE_NEEDS            # (key, value) pairs for the needs block; others stay blank
    quote_date: dt.date | None = None       # blank: today's price list
    order: tuple = EXAMPLE_ORDER            # (key, value) pairs for the quote block (ORDER_FIELDS)


# --------------------------------------------------------------------------- texts

def _t(key: str, lang: str, edition: Edition | None = None) -> str:
    """The calculator's text ``key`` in ``lang`` (catalog key ``calculator.<key>``); the edition's own wording
    (``calculator.<key>_lite``) where it has one."""
    if edition is not None and f"calculator.{key}_{edition.name}" in catalog(FALLBACK):
        key = f"{key}_{edition.name}"
    return text(f"calculator.{key}", lang)


def price_list_text(catalog, lang: str) -> str:
    """``Preisliste: NAME (gültig ab 01.01.2026) · Status: Beispiel``, for every price list of the catalog
    (``Preislisten: ...; ...`` when there are several): the help sheet's second row."""
    parts = []
    for pl in catalog.price_lists:
        valid = f" ({_t('valid_from', lang)} {pl.valid_from.strftime('%d.%m.%Y')})" if pl.valid_from else ""
        parts.append(f"{pl.name}{valid} · {_t('status', lang)}: {pl.status}")
    label = _t("pricelist", lang) if len(parts) == 1 else _t("pricelists", lang)
    return f"{label}: {'; '.join(parts)}"


def spill_cells(lang: str) -> dict:
    """Lite: the cells holding a dynamic-array formula (XP_VALIDATE, XP_CONFIGURE), by sheet."""
    return {text("calculator.sheet_calc", lang): [f"A{FINDINGS_FIRST}", f"A{CONFIG_FIRST}"]}
