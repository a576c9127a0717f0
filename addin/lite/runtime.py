"""The XP_ functions inside xlwings Lite: the catalog that travels in the workbook, Lite's decorators.

This module runs inside the workbook: ``main.py`` (made by :mod:`addin.lite.bundle`) carries it with the
pure core and calls :func:`start` with the price list's rows. It imports only the standard library, the
core and xlwings Lite's decorators; nothing reads a file. The functions are those of
:mod:`addin.xp_functions`, the same code as on the desktop: a wrong input raises the project's error, which
xlwings Lite shows as ``#VALUE!`` with the message on hover.

Example (outside Lite the decorators of the installed xlwings are used)::

    >>> from addin.catalog import provide_catalog, read_sheets, resolve_path
    >>> functions = start(read_sheets(resolve_path()), "catalog.xlsx (in main.py)")
    >>> functions["XP_PRICE"]("OFFICE", 10.0, 46097.0), functions["XP_UP2DATE_END"](46037.0, 1.0)  # 46097: 16.03.2026
    (890.0, datetime.datetime(2027, 1, 31, 0, 0))
    >>> provide_catalog(None); _ = os.environ.pop("XPHONE_LANG")  # back to the catalog files
"""
from __future__ import annotations

import os
import sys
import types

from xlwings import arg, func, ret

from ..catalog import build_catalog, provide_catalog
from ..errors import LANGUAGES
from ..xp_functions import FUNCTIONS, exported


def start(sheets: dict, name: str, lang: str = "de", date_format: str | None = "dd.mm.yyyy") -> dict:
    """Check the price list's sheets (``{sheet: rows}``), make it the catalog in use, return the functions.

    ``lang`` is the workbook's language: the messages' language unless ``XPHONE_LANG`` is set (xlwings Lite's
    environment variables); ``date_format`` the number format of a date result (the calculator's).
    """
    try:  # python-stdnum (requirements.txt) checks a customer's VAT ID for the quote sheet; it imports ssl for its
        import ssl  # noqa: F401  (online checks, which Lite never makes; Pyodide leaves ssl out)
    except ImportError:
        sys.modules["ssl"] = types.ModuleType("ssl")
    catalog = build_catalog(sheets, name)
    provide_catalog(lambda path=None: catalog)
    os.environ.setdefault("XPHONE_LANG", lang if lang in LANGUAGES else "de")
    return {spec.name: exported(spec, func, arg, ret=ret, date_format=date_format, lang=lang)
            for spec in FUNCTIONS.values()}
