"""Building the calculator workbook finance opens in Excel (``workbook_templates/calculator.xlsm``).

:func:`build_calculator` writes the workbook from the catalog: the article
dropdown is a list sheet filled from the catalog, so rebuilding after a
catalog edit offers the new articles. :func:`refresh_article_list` does the
same for a calculator that is already in use (inputs and imported xlwings
functions are kept).

The file is stored the way Excel stores formulas (``,`` between arguments);
German Excel shows them with ``;``: ``=XP_UP2DATE(total;3)``.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Callable

from openpyxl import load_workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from ..catalog import Catalog, get_catalog
from ..errors import BadValue, InputFileError
from ..i18n import Shown, Text, text
from ..i18n.locale import locale
from ..quote_sheet import fill_book
from ..resources import template as shipped_template
from ..xlsx.cells import absolute, print_one_page_wide, set_name, write_value
from ..xlsx.gate import check_workbook_file
from ..xlsx.package import mark_dynamic_arrays
from ..xlsx.save import atomic_save
from ..xp_functions import FUNCTIONS
from .layout import *  # noqa: F403  (the layout's names are the calculator's vocabulary)
from .layout import (
    ADDON_MONTHS_ROW,
    ADDON_PRICE_ROW,
    ADDON_TERM_ROW,
    ADDON_TITLE,
    COL_ARTICLE,
    COL_LBL,
    COL_LINE_ALL,
    COL_LINE_NEW,
    COL_NAME,
    COL_NEW,
    COL_ORDER_LBL,
    COL_ORDER_VAL,
    COL_OWNED,
    COL_UNIT,
    COL_V1,
    COL_V2,
    COL_V3,
    CONF_CATALOG_KEY,
    CONF_UDF_KEY,
    CONFIG_FIRST,
    CONFIG_LAST,
    CONFIG_TITLE_ROW,
    DATE,
    DATES_TITLE,
    DEFINED_NAMES,
    DESKTOP,
    EUR,
    FINDINGS_FIRST,
    FINDINGS_LAST,
    FINDINGS_TITLE_ROW,
    FIRST_LINE,
    INVOICE_ROW,
    IPC_FAX_ROW,
    IPC_RESULT_ROW,
    IPC_TITLE,
    IPC_USERS_ROW,
    IPC_VOICE_ROW,
    LAST_LINE,
    LINES,
    LIST_NAME,
    NEED_ROWS,
    NEEDS_FIRST,
    NEEDS_TITLE_ROW,
    OPTIONS_FIRST,
    OPTIONS_TITLE,
    ORDER_CELLS,
    ORDER_FIRST,
    PERCENT,
    QUOTE_DATE_ROW,
    RELEASE_FIRST,
    RELEASE_TITLE,
    RETRIEVAL_ROW,
    SHEET_CALC,
    SHEET_CONF,
    SHEET_HELP,
    SHEET_LIST,
    SPILL_FORMAT_ROWS,
    START_ROW,
    SUM_ROW,
    UP2DATE_BASE_ROW,
    UP2DATE_FIRST,
    UPGRADE_BASE_ROW,
    VALIDATE_OPTIONS,
    VBA_PART,
    Edition,
    Input,
    _t,
    price_list_text,
    spill_cells,
)
from .quote_sheet import WorkbookBook, make_quote_sheet, template_workbook


def _styles():
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
    return [a for a in cat.loaded.articles if a.is_licence]


def _write_list_sheet(ws, cat: Catalog, lang: str, st, edition: Edition = DESKTOP) -> str:
    """Fill the article list sheet, one price column per price list; returns the range the dropdown uses."""
    ws.delete_rows(1, ws.max_row + 1)
    ws["A1"] = _t("list_title", lang, edition)
    ws["A1"].font = st["bold"]
    lists = cat.price_lists
    price_cols = [get_column_letter(5 + i) for i in range(len(lists))]
    _header(ws, 2, "ABCD" + "".join(price_cols), [_t("h_article", lang), _t("h_number", lang), _t("h_name", lang),
                                                  _t("h_category", lang)] + [pl.name for pl in lists], st)
    ws.row_dimensions[2].height = 30  # list names on two lines
    row = 3
    for a in _licence_articles(cat):
        ws[f"A{row}"] = a.code
        write_value(ws[f"B{row}"], a.number)
        ws[f"C{row}"] = a.name(lang)
        ws[f"D{row}"] = a.category
        for col, pl in zip(price_cols, lists):
            if pl.offers(a.number):
                ws[f"{col}{row}"] = float(pl.prices[a.number])
                ws[f"{col}{row}"].number_format = EUR
            else:
                ws[f"{col}{row}"] = _t("not_offered", lang)
        row += 1
    names = " · ".join(pl.label(lang) for pl in lists)
    ws[f"A{row + 1}"] = f"{_t('catalog_from', lang)}: {Path(cat.path).name} · {names}"
    ws[f"A{row + 1}"].font = st["grey"]
    for col, width in zip("ABCD" + "".join(price_cols), (22, 16, 44, 12) + (16,) * len(lists)):
        ws.column_dimensions[col].width = width
    print_one_page_wide(ws)
    return f"'{ws.title}'!$A$3:$A${row - 1}"




def _write_calc_sheet(ws, cat: Catalog, lang: str, data: Input, st, edition: Edition = DESKTOP):
    ws["A1"] = _t("title", lang)
    ws["A1"].font = st["title"]
    ws["A2"] = f'="{_t("pricelist", lang)}: "&XP_PRICELIST(quote_date)'  # the cell named price_list
    if cat.is_example:
        ws["E2"] = _t("example", lang)
        ws["E2"].font = st["warn"]
    ws["A3"] = _t("hint", lang, edition)
    ws["A3"].font = st["grey"]
    ws[f"A{QUOTE_DATE_ROW}"] = _t("quote_date", lang)
    ws[f"A{QUOTE_DATE_ROW}"].font = st["bold"]
    _input(ws[DEFINED_NAMES["quote_date"]], st, DATE)
    ws[f"C{QUOTE_DATE_ROW}"] = _t("quote_date_hint", lang)
    ws[f"C{QUOTE_DATE_ROW}"].font = st["grey"]

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
        ws[f"{COL_UNIT}{r}"] = f'=IF({a}="","",XP_PRICE({a},1,quote_date))'
        ws[f"{COL_LINE_NEW}{r}"] = f'=IF({a}="","",XP_PRICE({a},N({new}),quote_date))'
        ws[f"{COL_LINE_ALL}{r}"] = f'=IF({a}="","",XP_PRICE({a},N({new})+N({owned}),quote_date))'
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
                        error=_t("pick_article", lang))
    dv.add(DEFINED_NAMES["articles"])
    ws.add_data_validation(dv)
    qv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, error=_t("whole_number", lang))
    qv.add(DEFINED_NAMES["qty_new"])
    qv.add(DEFINED_NAMES["qty_owned"])
    ws.add_data_validation(qv)

    # Up2Date for every term
    r0 = UP2DATE_FIRST - 1
    ws[f"{COL_LBL}{r0 - 1}"] = _t("up2date", lang)
    ws[f"{COL_LBL}{r0 - 1}"].font = st["bold"]
    _header(ws, r0, "IJKL", [_t("h_years", lang), _t("h_rate", lang), _t("h_price", lang), _t("h_end", lang)], st)
    for i, years in enumerate(sorted(cat.up2date)):
        r = UP2DATE_FIRST + i
        ws[f"{COL_LBL}{r}"] = years
        ws[f"{COL_V1}{r}"] = f"=XP_UP2DATE_RATE({years},quote_date)"
        ws[f"{COL_V1}{r}"].number_format = PERCENT
        ws[f"{COL_V2}{r}"] = f"=XP_UP2DATE(up2date_base,{years},quote_date)"
        ws[f"{COL_V2}{r}"].number_format = EUR
        ws[f"{COL_V3}{r}"] = f"=XP_UP2DATE_END(term_start,{years})"
        ws[f"{COL_V3}{r}"].number_format = DATE
    # the base: owned + new licences, upgrades as what they turn into (not the upgrade article's price)
    ws[f"{COL_LBL}{UP2DATE_BASE_ROW}"] = _t("up2date_base", lang)
    ws[f"{COL_V2}{UP2DATE_BASE_ROW}"] = "=XP_UP2DATE_BASE(articles,qty_new,qty_owned,quote_date)"
    ws[f"{COL_V2}{UP2DATE_BASE_ROW}"].number_format = EUR

    # Migration / upgrade per release
    ws[f"{COL_LBL}{RELEASE_TITLE}"] = _t("release", lang)
    ws[f"{COL_LBL}{RELEASE_TITLE}"].font = st["bold"]
    for i, release in enumerate(sorted(cat.upgrades)):
        r = RELEASE_FIRST + i
        ws[f"{COL_LBL}{r}"] = f"Release {release}"
        ws[f"{COL_V2}{r}"] = f"=XP_UPGRADE(upgrade_base,{release},quote_date)"
        ws[f"{COL_V2}{r}"].number_format = EUR
    # the base: the owned licences only (new ones are bought new), owned upgrades as what they became
    ws[f"{COL_LBL}{UPGRADE_BASE_ROW}"] = _t("upgrade_base", lang)
    ws[f"{COL_V2}{UPGRADE_BASE_ROW}"] = "=XP_UPGRADE_BASE(articles,qty_owned,quote_date)"
    ws[f"{COL_V2}{UPGRADE_BASE_ROW}"].number_format = EUR

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
                                        f"{COL_V1}{ADDON_TERM_ROW},quote_date)")
    ws[f"{COL_V1}{ADDON_PRICE_ROW}"].number_format = EUR
    ws[f"{COL_V1}{ADDON_PRICE_ROW}"].font = st["bold"]

    # Recommended IP-CHANNELs
    ws[f"{COL_LBL}{IPC_TITLE}"] = _t("ipc", lang)
    ws[f"{COL_LBL}{IPC_TITLE}"].font = st["bold"]
    for row, key, count, fmt in ((IPC_USERS_ROW, "ipc_users", data.users, "0"),
                                 (IPC_VOICE_ROW, "ipc_voice", data.voicemail_or_attendant, None),
                                 (IPC_FAX_ROW, "ipc_fax", data.fax, None)):
        ws[f"{COL_LBL}{row}"] = _t(key, lang)
        _input(ws[f"{COL_V1}{row}"], st, fmt)
        ws[f"{COL_V1}{row}"] = count
    ws[f"{COL_LBL}{IPC_RESULT_ROW}"] = _t("ipc_result", lang)
    ws[f"{COL_V1}{IPC_RESULT_ROW}"] = (f"=XP_IP_CHANNELS({COL_V1}{IPC_USERS_ROW},{COL_V1}{IPC_VOICE_ROW},"
                                       f"{COL_V1}{IPC_FAX_ROW})")
    ws[f"{COL_V1}{IPC_RESULT_ROW}"].font = st["bold"]

    # Options for XP_VALIDATE
    ws[f"{COL_LBL}{OPTIONS_TITLE}"] = _t("options", lang)
    ws[f"{COL_LBL}{OPTIONS_TITLE}"].font = st["bold"]
    _named_inputs(ws, VALIDATE_OPTIONS, OPTIONS_FIRST, (COL_LBL, COL_V1, COL_V2), lang, st)

    # Findings of XP_VALIDATE below the table: an array formula over a fixed block (desktop) or one
    # dynamic-array formula that spills (Lite; marked as such when the file is saved)
    ws[f"A{FINDINGS_TITLE_ROW}"] = _t("findings", lang)
    ws[f"A{FINDINGS_TITLE_ROW}"].font = st["bold"]
    ws[f"A{FINDINGS_TITLE_ROW + 1}"] = _t("findings_hint", lang, edition)
    ws[f"A{FINDINGS_TITLE_ROW + 1}"].font = st["grey"]
    validate = "=XP_VALIDATE(articles,qty_new,qty_owned,options)"
    if edition.spill:
        block = f"A{FINDINGS_FIRST}:C{FINDINGS_FIRST + SPILL_FORMAT_ROWS - 1}"
        ws[f"A{FINDINGS_FIRST}"] = ArrayFormula(f"A{FINDINGS_FIRST}", validate)
    else:
        block = f"A{FINDINGS_FIRST}:C{FINDINGS_LAST}"
        ws[f"A{FINDINGS_FIRST}"] = ArrayFormula(block, validate)
    # the message (column C) runs over the empty columns to its right
    first = f"$A{FINDINGS_FIRST}"
    fills = (("FFC7CE", "9C0006", ("ERROR", "FEHLER")),
             ("FFEB9C", "9C5700", ("WARNING", "WARNUNG")),
             ("DDEBF7", "1F4E78", ("INFO", "HINWEIS")),
             ("C6EFCE", "006100", ("OK",)))
    if not edition.spill:  # unused rows of the block show #N/A in Excel: print them in white
        ws.conditional_formatting.add(block, FormulaRule(formula=[f"ISNA(A{FINDINGS_FIRST})"],
                                                         font=Font(color="FFFFFF"), stopIfTrue=True))
    for fill, font, words in fills:
        cond = "OR(" + ",".join(f'UPPER({first})="{w}"' for w in words) + ")"
        ws.conditional_formatting.add(block, FormulaRule(formula=[f"AND(NOT(ISNA({first})),{cond})"],
                                                         fill=PatternFill("solid", fgColor=fill),
                                                         font=Font(color=font)))

    _write_needs_block(ws, lang, st, edition)
    _write_order_block(ws, lang, st)
    write_inputs(ws, data)

    for col, width in zip("ABCDEFGHIJKLMNO", (22, 44, 12, 15, 14, 15, 18, 3, 44, 14, 16, 20, 3, 30, 30)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{FIRST_LINE}"
    print_one_page_wide(ws)


def _write_order_block(ws, lang: str, st) -> None:
    """The quote block: what the customer's quote needs besides the configuration (customer, address, quote id,
    validity, the Up2Date term to quote), one named input cell each; text cells stay text (a postcode keeps its
    zero)."""
    title = f"{COL_ORDER_LBL}{ORDER_FIRST - 1}"
    ws[title] = _t("order_block", lang)
    ws[title].font = st["bold"]
    for key, ref in ORDER_CELLS.items():
        row = ref[len(COL_ORDER_VAL):]
        ws[f"{COL_ORDER_LBL}{row}"] = _t(f"order.{key}", lang)
        fmt = DATE if key == "valid_until" else "0" if key == "up2date_years" else "@"
        _input(ws[ref], st, fmt)
    hint = f"{COL_ORDER_LBL}{ORDER_FIRST + len(ORDER_CELLS)}"
    ws[hint] = _t("order_hint", lang)
    ws[hint].font = st["grey"]
    ws[hint].alignment = Alignment(wrap_text=True, vertical="top")


def _named_inputs(ws, rows, first: int, cols, lang: str, st) -> None:
    """Rows of key | input cell | grey label, from (key, label) pairs."""
    key_col, value_col, label_col = cols
    for r, (key, label) in enumerate(rows, start=first):
        ws[f"{key_col}{r}"] = key
        _input(ws[f"{value_col}{r}"], st)
        ws[f"{label_col}{r}"] = label(lang)
        ws[f"{label_col}{r}"].font = st["grey"]


def _write_needs_block(ws, lang: str, st, edition: Edition = DESKTOP) -> None:
    """The needs ("Bedarf") and XP_CONFIGURE's proposal below them: a fixed block (desktop) or one
    dynamic-array cell that spills (Lite)."""
    ws[f"A{NEEDS_TITLE_ROW}"] = _t("needs", lang)
    ws[f"A{NEEDS_TITLE_ROW}"].font = st["bold"]
    _header(ws, NEEDS_TITLE_ROW + 1, "ABC", [_t("h_need", lang), _t("h_value", lang), ""], st)
    _named_inputs(ws, NEED_ROWS, NEEDS_FIRST, "ABC", lang, st)
    ws[f"A{CONFIG_TITLE_ROW}"] = _t("config", lang)
    ws[f"A{CONFIG_TITLE_ROW}"].font = st["bold"]
    ws[f"C{CONFIG_TITLE_ROW}"] = _t("needs_hint", lang)
    ws[f"C{CONFIG_TITLE_ROW}"].font = st["grey"]
    _header(ws, CONFIG_FIRST - 1, "ABCDE", [_t(k, lang) for k in ("h_number", "h_name", "h_qty", "h_unit",
                                                                 "h_total")], st)
    block = f"A{CONFIG_FIRST}:E{CONFIG_LAST}"
    ws[f"A{CONFIG_FIRST}"] = ArrayFormula(f"A{CONFIG_FIRST}" if edition.spill else block,
                                          "=XP_CONFIGURE(needs,\"\",\"\",quote_date)")
    for r in range(CONFIG_FIRST, CONFIG_LAST + 1):
        ws[f"D{r}"].number_format = EUR
        ws[f"E{r}"].number_format = EUR
    if not edition.spill:  # unused rows of the block show #N/A in Excel: print them in white
        ws.conditional_formatting.add(block, FormulaRule(formula=[f"ISNA($A{CONFIG_FIRST})"],
                                                         font=Font(color="FFFFFF"), stopIfTrue=True))


def write_inputs(ws, data: Input) -> None:
    """Write one configuration into the input cells of a calculator sheet (the article table is cleared first)."""
    if len(data.lines) > LINES:
        raise BadValue(Text("label.lines"), len(data.lines), Text("hint.at_most", most=LINES))
    for i in range(LINES):
        article, new, owned = (tuple(data.lines[i]) + (None, None))[:3] if i < len(data.lines) else (None,) * 3
        r = FIRST_LINE + i
        write_value(ws[f"{COL_ARTICLE}{r}"], article)
        ws[f"{COL_NEW}{r}"] = new
        ws[f"{COL_OWNED}{r}"] = owned
    ws[DEFINED_NAMES["quote_date"]] = data.quote_date
    ws[f"{COL_V1}{INVOICE_ROW}"] = data.invoice_date
    ws[f"{COL_V1}{RETRIEVAL_ROW}"] = data.retrieval_date
    ws[f"{COL_V1}{ADDON_MONTHS_ROW}"] = data.addon_months
    ws[f"{COL_V1}{ADDON_TERM_ROW}"] = data.addon_term
    ws[f"{COL_V1}{IPC_USERS_ROW}"] = data.users
    ws[f"{COL_V1}{IPC_VOICE_ROW}"] = data.voicemail_or_attendant
    ws[f"{COL_V1}{IPC_FAX_ROW}"] = data.fax
    given = dict(data.options)
    for i, (key, _label) in enumerate(VALIDATE_OPTIONS):
        ws[f"{COL_V1}{OPTIONS_FIRST + i}"] = given.get(key)
    needs = dict(data.needs)
    for r, (key, _label) in enumerate(NEED_ROWS, start=NEEDS_FIRST):
        ws[f"B{r}"] = needs.get(key)
    order = dict(data.order)
    for key, ref in ORDER_CELLS.items():
        write_value(ws[ref], order.get(key))


def set_inputs(path, out, data: Input) -> Path:
    """Copy a calculator to ``out`` with another configuration in its input cells (macros are kept)."""
    wb = load_workbook(path, keep_vba=has_macros(path))
    ws = next(wb[n] for n in SHEET_CALC.values() if n in wb.sheetnames)
    write_inputs(ws, data)
    out = Path(out)
    _save(wb, out)
    return out


def _write_help_sheet(ws, lang: str, st, cat: Catalog, edition: Edition = DESKTOP):
    """The price list, then one row per XP_ function, from the functions' own descriptions (addin.xp_functions)."""
    ws["A1"] = _t("help_title", lang)
    ws["A1"].font = st["title"]
    write_value(ws["A2"], price_list_text(cat, lang))
    if cat.is_example:
        ws["D2"] = _t("example", lang)
        ws["D2"].font = st["warn"]
    _header(ws, 3, "ABCDEF", [_t(k, lang, edition) for k in ("h_function", "h_args", "h_de", "h_en", "h_example",
                                                            "h_live")], st)
    ws.row_dimensions[3].height = 30
    formats = {"money": EUR, "percent": PERCENT, "date": DATE}
    for r, f in enumerate(FUNCTIONS.values(), start=4):
        ws[f"A{r}"] = f.name
        ws[f"A{r}"].font = st["bold"]
        ws[f"B{r}"] = f.arguments
        ws[f"C{r}"] = f.de
        ws[f"D{r}"] = f.en
        write_value(ws[f"E{r}"], f.example)
        if f.live:
            ws[f"F{r}"] = f.live
            if f.kind in formats:
                ws[f"F{r}"].number_format = formats[f.kind]
        for col in "BCDE":
            ws[f"{col}{r}"].alignment = st["wrap"]
    for col, width in zip("ABCDEF", (20, 26, 46, 46, 40, 24)):
        ws.column_dimensions[col].width = width
    print_one_page_wide(ws)


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
    print_one_page_wide(ws)


def build_calculator(out, lang: str = "de", catalog: Catalog | None = None, data: Input | None = None,
                     catalog_setting: str = "", edition: Edition = DESKTOP,
                     finish: Callable[[Path], None] | None = None, template=None,
                     quote_today: dt.date | None = None) -> Path:
    """Write the calculator workbook for ``catalog`` (default: the catalog in use) to ``out``.

    ``out`` ending in ``.xlsm`` is stored as a macro-enabled workbook (without macros: the xlwings
    add-in's *Import Functions* adds them in Excel). ``catalog_setting`` goes to the
    ``XPHONE_CATALOG`` key of the ``xlwings.conf`` sheet. ``edition`` :data:`~.layout.LITE` makes the
    xlwings Lite calculator's sheets (:mod:`addin.lite` adds its code); ``finish(path)`` may add parts to
    the saved file before it takes the place of ``out``.

    The calculator is built in a copy of the quote ``template`` (default: the shipped one of ``lang``), whose page
    becomes its quote sheet (:mod:`.quote_sheet`); with ``quote_today`` the quote of the configuration is written
    into it as on that day, else the sheet asks for the script that writes it.
    """
    lang = locale(lang).lang  # a language without texts of its own: German
    cat = catalog if catalog is not None else get_catalog()
    data = data if data is not None else Input()
    out = Path(out)
    st = _styles()
    wb, tpl = template_workbook(lang, template)
    calc = wb.create_sheet(SHEET_CALC[lang], 0)
    listing = wb.create_sheet(SHEET_LIST[lang])
    helpsheet = wb.create_sheet(SHEET_HELP[lang])
    list_ref = _write_list_sheet(listing, cat, lang, st, edition)
    set_name(wb, LIST_NAME, list_ref)
    for name, ref in DEFINED_NAMES.items():
        set_name(wb, name, absolute(calc.title, ref))
    _write_calc_sheet(calc, cat, lang, data, st, edition)
    _write_help_sheet(helpsheet, lang, st, cat, edition)
    if edition.conf_sheet:
        _write_conf_sheet(wb.create_sheet(SHEET_CONF), lang, catalog_setting, st)
    make_quote_sheet(wb, tpl, lang)
    _store_calls(wb, edition)
    if quote_today is not None:
        fill_book(WorkbookBook(wb, out.name), cat, quote_today)
    wb.active = 0

    def complete(path: Path) -> None:
        if edition.spill:
            mark_dynamic_arrays(path, spill_cells(lang))
        if finish is not None:
            finish(path)

    _save(wb, out, complete)
    return out


_XP_CALL = re.compile(r"(?<![\w.])(XP_[A-Z0-9_]+)\(")


def _store_calls(wb, edition: Edition) -> None:
    """Every call of an XP_ function as the edition's file stores it (Lite: ``_xldudf_XP_PRICE(``)."""
    if not edition.function_prefix:
        return
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, ArrayFormula):
                    cell.value.text = _XP_CALL.sub(rf"{edition.function_prefix}\1(", cell.value.text)
                elif cell.data_type == "f" and isinstance(cell.value, str):
                    cell.value = _XP_CALL.sub(rf"{edition.function_prefix}\1(", cell.value)


# --------------------------------------------------------------------------- saving, macro part

def has_macros(path) -> bool:
    """True if the workbook file holds a VBA project (e.g. after xlwings' Import Functions)."""
    with zipfile.ZipFile(path) as z:
        return VBA_PART in z.namelist()


def _save(wb, out: Path, finish: Callable[[Path], None] | None = None) -> None:
    """Save atomically; a folder that does not exist yet is made."""
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_save(wb, out, finish)


def refresh_article_list(path, catalog: Catalog | None = None) -> Path:
    """Rewrite the article list of a calculator in use from the catalog; everything else is kept.

    Inputs, the ``xlwings.conf`` settings and the VBA project that *Import Functions* added stay as
    they are. Example: ``xphone-pricing calculator --update Rechner.xlsm``.
    """
    path = Path(path)
    check_workbook_file(path, Text("label.calculator"))
    keep_vba = has_macros(path)  # keep_vba on a file without VBA would add a dangling vbaProject link
    wb = load_workbook(path, keep_vba=keep_vba)
    name = next((n for n in SHEET_LIST.values() if n in wb.sheetnames), None)
    if name is None:
        raise InputFileError(Text("calculator.no_list_sheet", sheet=Shown(SHEET_LIST.__getitem__)), file=path)
    lang = next(code for code, sheet in SHEET_LIST.items() if sheet == name)
    cat = catalog if catalog is not None else get_catalog()
    ref = _write_list_sheet(wb[name], cat, lang, _styles())
    set_name(wb, LIST_NAME, ref)
    _save(wb, path)
    return path


def template_path(lang: str = "de") -> Path:
    """The calculator shipped with the package for ``lang``."""
    return shipped_template(text("cli.calculator_file", lang))
