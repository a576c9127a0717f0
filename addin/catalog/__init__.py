"""The catalog: the workbook finance maintains (``catalog.xlsx``), read, checked and kept in memory.

* :mod:`.model` -- articles, Up2Date and upgrade rates, price-list metadata (pure data);
* :mod:`.build` -- the sheets checked and turned into a :class:`Catalog` (sheet/row/column in every message);
* :mod:`.load` -- which file is used and reading it; :mod:`.cache` -- one catalog per file, reloaded on change;
* :mod:`.text` -- the workbook as text, for reviewing a change in git.

Example::

    >>> cat = get_catalog()
    >>> cat.article("office").number
    '3310.0030'
"""
from .build import COLUMNS, META_KEYS, SHEETS, build_catalog, find_sheet
from .cache import clear_cache, get_catalog
from .load import ENV_CATALOG, SHIPPED_CATALOG, load_catalog, read_sheets, resolve_path, workbook_catalog
from .model import CATEGORIES, PERCENT_CATEGORIES, Article, Catalog, Meta, Up2DateTerm, UpgradeRate

__all__ = ["COLUMNS", "META_KEYS", "SHEETS", "build_catalog", "find_sheet", "clear_cache", "get_catalog",
           "ENV_CATALOG", "SHIPPED_CATALOG", "load_catalog", "read_sheets", "resolve_path", "workbook_catalog",
           "CATEGORIES", "PERCENT_CATEGORIES", "Article", "Catalog", "Meta", "Up2DateTerm", "UpgradeRate"]
