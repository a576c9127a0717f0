"""The catalog: the workbook finance maintains (``catalog.xlsx``), read, checked and kept in memory.

* :mod:`.model` -- articles, Up2Date and upgrade rates, price-list metadata (pure data);
* :mod:`.build` -- the sheets checked and turned into a :class:`Catalog` (sheet/row/column in every message);
* :mod:`.load` -- which file is used and reading it; :mod:`.cache` -- one catalog per file, reloaded on change;
* :mod:`.current` -- the catalog in use: the files on disk, or the one a host provides (xlwings Lite);
* :mod:`.text` -- the workbook as text, for reviewing a change in git.

Example::

    >>> cat = get_catalog()
    >>> cat.article("office").number
    '3310.0030'
"""
from types import ModuleType
from typing import Any

from .build import COLUMNS, META_KEYS, SHEETS, build_catalog, find_sheet
from .current import get_catalog, provide_catalog, provided
from .model import CATEGORIES, PERCENT_CATEGORIES, Article, Catalog, Meta, Up2DateTerm, UpgradeRate

# Names of the catalog files on disk (.load, .cache) are loaded when first asked for: a host without files
# (the xlwings Lite edition, addin.lite) imports this package with the catalog it provides and no file code.
_FROM_FILES = {"clear_cache": "cache", **{name: "load" for name in (
    "ENV_CATALOG", "SHIPPED_CATALOG", "catalog_source", "load_catalog", "read_sheets", "resolve_path",
    "using_catalog", "workbook_catalog")}}


def __getattr__(name: str) -> Any:
    where = _FROM_FILES.get(name)
    module: ModuleType
    if where == "cache":
        from . import cache as module
    elif where == "load":
        from . import load as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


__all__ = ["COLUMNS", "META_KEYS", "SHEETS", "build_catalog", "find_sheet", "clear_cache", "get_catalog",
           "provide_catalog", "provided",
           "ENV_CATALOG", "SHIPPED_CATALOG", "catalog_source", "load_catalog", "read_sheets", "resolve_path",
           "using_catalog", "workbook_catalog",
           "CATEGORIES", "PERCENT_CATEGORIES", "Article", "Catalog", "Meta", "Up2DateTerm", "UpgradeRate"]
