"""Which catalog workbook is used, and reading it from disk.

The path: the one given as an argument, else the setting in force (the command
line's ``--catalog``, or the calling workbook's ``XPHONE_CATALOG`` key of its
``xlwings.conf`` sheet), else the environment variable ``XPHONE_CATALOG``,
else the example catalog shipped with the package. A missing file is reported
as "not found" with the place its path came from (:func:`catalog_source`).
Reading goes through the input-file gate of :mod:`addin.xlsx` (imported when a
file is read: the rest of the catalog needs no openpyxl).

Example::

    >>> with workbook_catalog("/srv/Preise/catalog.xlsx"):
    ...     resolve_path().as_posix(), catalog_source()
    ('/srv/Preise/catalog.xlsx', 'xlwings.conf')
"""
from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..environment import ENV_CATALOG
from ..errors import CatalogNotFound
from ..i18n import Text
from ..resources import shipped_catalog
from .build import build_catalog
from .model import Catalog

SHIPPED_CATALOG = shipped_catalog()

# The catalog setting in force and where it came from: the calling workbook's xlwings.conf sheet (set by the
# worksheet functions' adapter for the duration of one call, see addin.udfs) or the command line's --catalog.
_setting: contextvars.ContextVar[tuple[str | None, str]] = contextvars.ContextVar("xphone_catalog_setting",
                                                                                 default=(None, ""))

# Where a catalog path can come from, as a message names it: source -> (German, English)
# Where a catalog path comes from -> the catalog text that names it in a message (catalog.source.*).
SOURCES = {
    "argument": "catalog.source.argument",
    "--catalog": "catalog.source.option",
    "xlwings.conf": "catalog.source.xlwings_conf",
    ENV_CATALOG: "catalog.source.environment",
    "shipped": "catalog.source.shipped",
}


@contextlib.contextmanager
def using_catalog(path: Any, source: str = "--catalog") -> Iterator[None]:
    """Inside the block, a call without an explicit path uses ``path`` (blank = no override); ``source``
    says where it came from (``'--catalog'``, ``'xlwings.conf'``) for a "not found" message."""
    text = str(path).strip() if path is not None and str(path).strip() else None
    token = _setting.set((text, source if text else ""))
    try:
        yield
    finally:
        _setting.reset(token)


def workbook_catalog(path: Any) -> contextlib.AbstractContextManager[None]:
    """Inside the block, a call without an explicit path uses the calling workbook's setting ``path``."""
    return using_catalog(path, "xlwings.conf")


def workbook_setting() -> str | None:
    """The catalog setting in force (see :func:`using_catalog`), or None."""
    return _setting.get()[0]


def resolve_path(path: Any = None) -> Path:
    """The catalog to use: the given path, else the setting in force (--catalog, xlwings.conf sheet),
    else ``$XPHONE_CATALOG``, else the shipped one."""
    if path is not None and str(path).strip():
        return Path(str(path).strip()).expanduser()
    setting = _setting.get()[0]
    if setting:
        return Path(setting).expanduser()
    env = os.environ.get(ENV_CATALOG, "").strip()
    if env:
        return Path(env).expanduser()
    return SHIPPED_CATALOG


def catalog_source(path: Any = None) -> str:
    """Where :func:`resolve_path` takes the path from: a key of :data:`SOURCES`."""
    if path is not None and str(path).strip():
        return "argument"
    setting, source = _setting.get()
    if setting:
        return source
    if os.environ.get(ENV_CATALOG, "").strip():
        return ENV_CATALOG
    return "shipped"


def not_found(path: str | Path, source: str) -> CatalogNotFound:
    """The "not found" error for a catalog path, naming where the path came from."""
    return CatalogNotFound(path=str(path), source=Text(SOURCES.get(source, SOURCES["argument"]), env=ENV_CATALOG),
                           hint=Text("hint.check_path_or_give_it"))


def read_sheets(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """All sheets of a workbook as lists of value tuples (cached values, not formulas)."""
    from ..xlsx.read import open_workbook_values  # openpyxl: only when a file is read

    return open_workbook_values(path, what=Text("label.catalog"))


def load_catalog(path: Any = None) -> Catalog:
    """Read and check a catalog workbook; raise :class:`CatalogError` naming sheet, row, column."""
    p = resolve_path(path)
    if not p.exists():
        raise not_found(p, catalog_source(path))
    return build_catalog(read_sheets(p), str(p))
