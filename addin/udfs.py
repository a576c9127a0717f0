"""Excel worksheet functions (xlwings UDFs) for XPhone Connect 8 pricing.

This module is the Excel adapter: every function of :mod:`addin.xp_functions`
(plain Python, no pricing logic here) is exported with xlwings' decorators,
its argument descriptions and its docstring (the function wizard's texts);
inside Excel the calling workbook's catalog setting is used and the core's
errors become the cell's message. Every function is also a plain Python
callable::

    >>> from addin.udfs import XP_UP2DATE
    >>> XP_UP2DATE(10000, 3, 46097.0)   # the last argument: the quote date (46097 = 16.03.2026)
    5400.0

In German Excel arguments are separated by ``;``: ``=XP_UP2DATE(total;3)``.
A wrong input gives a short message naming the value instead of a number.
Numbers typed into cells arrive as numbers and are taken as they are; number
text (a cell formatted as text, a pasted value) is read the German way
(``"1.000"`` is one thousand, ``"2,675"`` is 2.675), the English way with
``XPHONE_LANG=en`` or a ``Sprache | en`` row in XP_VALIDATE's options.
"""
from __future__ import annotations

import functools
import ntpath
import posixpath
import sys

import xlwings as xw

from .catalog import workbook_catalog
from .environment import ENV_CATALOG
from .errors import XPhoneError, default_language
from .quote_sheet import STORE, calculator_sheet, fill_book
from .values import is_blank
from .xp_functions import FUNCTIONS, WorksheetFunction, exported, fit_message

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

                raise COMException(desc=fit_message(exc.message(default_language()))) from None
            raise

    return wrapper


# Catalog path per workbook: key XPHONE_CATALOG in the workbook's xlwings.conf sheet (keys in column A from
# A1, values in column B). Read once per workbook and process; a change needs "Restart UDF Server".
CONF_SHEET = "xlwings.conf"
CONF_CATALOG_KEY = ENV_CATALOG
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


# What run_main uses of xlwings: class -> members (tests/test_excel_run.py checks them in the installed xlwings)
XLWINGS_USED = {"Book": ("caller", "fullname", "name", "save", "sheets"), "Sheet": ("name", "range"),
                 "Range": ("value",)}


def run_main() -> None:
    """xlwings *Run main*. On a calculator: write the quote of its configuration into its quote sheet
    (:func:`addin.quote_sheet.fill_book`). On an orders workbook: save it, write its quotes into the folder next to
    it and each row's status and file back into the orders sheet (:mod:`addin.excel_run` works out what, over
    plain values).
    """
    book = xw.Book.caller()
    names = [sheet.name for sheet in book.sheets]
    if calculator_sheet(names) is not None and STORE in names:
        try:
            fill_book(book)
        except XPhoneError as exc:  # xlwings shows the message in Excel's message box
            raise RuntimeError(exc.message(default_language())) from None
        return
    from .excel_run import run_workbook  # only when Excel runs the batch: the quote batch stays off the UDF server

    book.save()  # the batch reads the file as saved
    try:
        _result, cells, sheet_name = run_workbook(book.fullname)
    except XPhoneError as exc:  # xlwings shows the message in Excel's message box
        raise RuntimeError(exc.message(default_language())) from None
    sheet = book.sheets[sheet_name]
    for row, col, value in cells:
        sheet.range((row, col)).value = value


def _export(spec: WorksheetFunction):
    """The function as Excel sees it: the adapter around it, its argument docs and category for xlwings."""
    return exported(spec, xw.func, xw.arg, adapter=_adapter, category=CATEGORY)


XP_PRICE = _export(FUNCTIONS["XP_PRICE"])
XP_NAME = _export(FUNCTIONS["XP_NAME"])
XP_UP2DATE = _export(FUNCTIONS["XP_UP2DATE"])
XP_UP2DATE_RATE = _export(FUNCTIONS["XP_UP2DATE_RATE"])
XP_UP2DATE_ADDON = _export(FUNCTIONS["XP_UP2DATE_ADDON"])
XP_UP2DATE_START = _export(FUNCTIONS["XP_UP2DATE_START"])
XP_UP2DATE_END = _export(FUNCTIONS["XP_UP2DATE_END"])
XP_UPGRADE = _export(FUNCTIONS["XP_UPGRADE"])
XP_VALIDATE = _export(FUNCTIONS["XP_VALIDATE"])
XP_IP_CHANNELS = _export(FUNCTIONS["XP_IP_CHANNELS"])
XP_CATALOG = _export(FUNCTIONS["XP_CATALOG"])
XP_CONFIGURE = _export(FUNCTIONS["XP_CONFIGURE"])
XP_UP2DATE_BASE = _export(FUNCTIONS["XP_UP2DATE_BASE"])
XP_UPGRADE_BASE = _export(FUNCTIONS["XP_UPGRADE_BASE"])
XP_PRICELIST = _export(FUNCTIONS["XP_PRICELIST"])
