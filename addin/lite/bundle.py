'''``main.py`` for xlwings Lite: the project's own modules and the price list, in one file.

xlwings Lite runs the ``main.py`` a workbook carries. This one is made, never written by hand: the source
text of every module of the pure core (:data:`BUNDLED`: the texts of every language, errors, environment,
values, money, tables, options, the catalog's model and checks, the configuration checks, pricing, the
quote model, guided selling, the quote document and the calculator's quote sheet), of
:mod:`addin.xp_functions` and of :mod:`addin.lite.runtime`, and the rows of the price list's sheets as read
from ``catalog.xlsx``. A small importer serves the modules from that text, so the code that runs in Excel
is the code the tests run; :func:`addin.lite.runtime.start` builds the catalog from the rows
(:func:`addin.catalog.build_catalog`, the same checks as on the desktop) and hands back the XP_ functions
with Lite's decorators, and the script ``make_quote`` (a button of the Lite pane: *Angebot erstellen*) writes
the quote sheet (:func:`addin.quote_sheet.fill_book`). ``main.py`` imports only the standard library and
``xlwings``.

Example::

    >>> from addin.catalog import read_sheets, resolve_path
    >>> code = main_py(read_sheets(resolve_path()), "de")
    >>> head = code.split("SOURCES = {")[0]
    >>> [line.split("  #")[0] for line in head.splitlines() if line.startswith(("import ", "from "))]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['import datetime', 'import importlib.abc', 'import importlib.util', 'import linecache', 'import sys',
     'import xlwings as xw', 'from xlwings import arg, func, ret, script']
    >>> "XP_PRICE = _functions['XP_PRICE']" in code
    True
'''
from __future__ import annotations

import importlib.util
import pprint
from pathlib import Path

from .. import __version__
from ..calculator.layout import DATE
from ..catalog import SHEETS, build_catalog, find_sheet
from ..i18n import LANGUAGES, text
from ..i18n.locale import locale
from ..xp_functions import FUNCTIONS

# The modules main.py carries, parents before children (a package's __init__ runs before its modules).
BUNDLED = (
    "addin", "addin.i18n", *(f"addin.i18n.{code}" for code in LANGUAGES), "addin.i18n.locale", "addin.errors",
    "addin.environment",
    "addin.values", "addin.money", "addin.tables", "addin.options", "addin.tax",
    "addin.checks", "addin.checks.model", "addin.checks.engine", "addin.checks.code", "addin.checks.sheet",
    "addin.catalog", "addin.catalog.validity", "addin.catalog.model", "addin.catalog.build", "addin.catalog.current",
    "addin.pricing", "addin.quote", "addin.rules", "addin.configure", "addin.xp_functions",
    "addin.document", "addin.calculator", "addin.calculator.layout", "addin.quote_sheet",
    "addin.lite", "addin.lite.runtime",
)
CATALOG_LABEL = "catalog.xlsx (in main.py)"

_HEAD = '''"""XP_ worksheet functions of xphone-pricing {version} for xlwings Lite.

Made by `xphone-pricing lite` from the project's own modules and the price lists
{price_list}; do not edit it here: change the project or
catalog.xlsx and make the workbook anew. The modules of the package `addin` are
kept below as text (SOURCES) and imported from there; the price list's sheets
follow as rows (PRICE_LIST). Nothing here reads a file.
"""
import datetime
import importlib.abc
import importlib.util
import linecache
import sys

import xlwings as xw
from xlwings import arg, func, ret, script  # noqa: F401  (xlwings Lite's decorators; used by addin.lite.runtime)

'''

_IMPORTER = '''

class _Bundled(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports the modules of SOURCES from their text."""

    xphone_bundle = True

    def find_spec(self, name, path=None, target=None):
        if name not in SOURCES:
            return None
        return importlib.util.spec_from_loader(name, self, origin=_filename(name), is_package=name in PACKAGES)

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        filename = _filename(module.__name__)
        source = SOURCES[module.__name__]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), module.__dict__)


def _filename(name):
    return "main.py/" + name.replace(".", "/") + ("/__init__.py" if name in PACKAGES else ".py")


# a second run of main.py (code changed) starts from its own modules
sys.meta_path[:] = [finder for finder in sys.meta_path if not getattr(finder, "xphone_bundle", False)]
for _name in [name for name in sys.modules if name == "addin" or name.startswith("addin.")]:
    del sys.modules[_name]
sys.meta_path.insert(0, _Bundled())

from addin.lite.runtime import start  # noqa: E402

_functions = start(PRICE_LIST, {label!r}, lang={lang!r}, date_format={date_format!r})
'''

_SCRIPT = '''

@script(name={name!r})
def make_quote(book: xw.Book):
    """{doc}"""
    from addin.quote_sheet import fill_book

    fill_book(book)
'''


def module_source(name: str) -> str:
    """The source text of one of the project's modules, as installed."""
    return _module_file(name).read_text(encoding="utf-8")


def _literal(text: str) -> str:
    """Source text as a readable Python literal: a raw triple-quoted string where that is exact."""
    if "\'\'\'" not in text and not text.endswith(("\\", "'")) and "\r" not in text:
        return "r\'\'\'" + text + "\'\'\'"
    return repr(text)


def price_list_sheets(sheets: dict) -> dict:
    """The sheets :func:`~addin.catalog.build_catalog` reads (meta, articles, Up2Date, upgrades, rules),
    each row without its trailing blank cells; row numbers stay as they are (messages name them)."""
    out = {}
    for kind in SHEETS:
        name, rows = find_sheet(sheets, kind, required=False)
        if name is None:
            continue
        trimmed = []
        for row in rows:
            row = list(row)
            while row and row[-1] is None:
                row.pop()
            trimmed.append(tuple(row))
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        out[name] = trimmed
    return out


def main_py(sheets: dict, lang: str = "de") -> str:
    """The text of ``main.py`` for the catalog workbook's sheets (``{name: rows}``, as read from the file)."""
    lang = locale(lang).lang  # a language without texts of its own: German
    rows = price_list_sheets(sheets)
    catalog = build_catalog(rows, CATALOG_LABEL)  # fails here, not in Excel, when the price list is broken
    lists = ", ".join(f'"{pl.label("en")}" (status {pl.status})' for pl in catalog.price_lists)
    parts = [_HEAD.format(version=__version__, price_list=lists)]
    parts.append("PACKAGES = " + repr(sorted(n for n in BUNDLED if _is_package(n))) + "\n\n")
    parts.append("SOURCES = {\n")
    for name in BUNDLED:
        parts.append(f"    {name!r}: {_literal(module_source(name))},\n")
    parts.append("}\n\n")
    parts.append("PRICE_LIST = " + pprint.pformat(rows, width=116, sort_dicts=False) + "\n")
    parts.append(_IMPORTER.format(label=CATALOG_LABEL, lang=lang, date_format=DATE))
    parts.append("\n# the XP_ functions, as xlwings Lite finds them: names of this module with Lite's decorators\n")
    for name in FUNCTIONS:
        parts.append(f"{name} = _functions[{name!r}]\n")
    parts.append(_SCRIPT.format(name=text("calculator_quote.script", lang),
                                doc=text("calculator_quote.script_doc", lang)))
    return "".join(parts)


def _is_package(name: str) -> bool:
    return _module_file(name).name == "__init__.py"


def _module_file(name: str) -> Path:
    """The file of one of the project's modules (each is a file of the package)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin is not None, name
    return Path(spec.origin)
