"""Which catalog workbook is used, and reading it from disk.

The path: the one given (``--catalog``), else the calling workbook's setting
(the ``XPHONE_CATALOG`` key of its ``xlwings.conf`` sheet), else the
environment variable ``XPHONE_CATALOG``, else the example catalog shipped with
the package. Reading goes through the input-file gate of :mod:`addin.xlsx`
(imported when a file is read: the rest of the catalog needs no openpyxl).

Example::

    >>> with workbook_catalog("/srv/Preise/catalog.xlsx"):
    ...     resolve_path().as_posix()
    '/srv/Preise/catalog.xlsx'
"""
from __future__ import annotations

import contextlib
import contextvars
import os
from pathlib import Path

from ..errors import CatalogError
from ..resources import shipped_catalog
from .build import build_catalog
from .model import Catalog

ENV_CATALOG = "XPHONE_CATALOG"
SHIPPED_CATALOG = shipped_catalog()

# The catalog a calling workbook names in its xlwings.conf sheet, set by the worksheet functions' adapter
# for the duration of one call (see addin.udfs); None = no workbook setting.
_workbook_catalog: contextvars.ContextVar = contextvars.ContextVar("xphone_workbook_catalog", default=None)


@contextlib.contextmanager
def workbook_catalog(path):
    """Inside the block, a call without an explicit path uses ``path`` (blank = no override)."""
    token = _workbook_catalog.set(str(path).strip() if path is not None and str(path).strip() else None)
    try:
        yield
    finally:
        _workbook_catalog.reset(token)


def workbook_setting():
    """The calling workbook's catalog setting in force (see :func:`workbook_catalog`), or None."""
    return _workbook_catalog.get()


def resolve_path(path=None) -> Path:
    """The catalog to use: the given path, else the calling workbook's setting (xlwings.conf sheet),
    else ``$XPHONE_CATALOG``, else the shipped one."""
    if path is not None and str(path).strip():
        return Path(str(path).strip()).expanduser()
    setting = _workbook_catalog.get()
    if setting:
        return Path(setting).expanduser()
    env = os.environ.get(ENV_CATALOG, "").strip()
    if env:
        return Path(env).expanduser()
    return SHIPPED_CATALOG


def read_sheets(path: Path) -> dict[str, list[tuple]]:
    """All sheets of a workbook as lists of value tuples (cached values, not formulas)."""
    from ..xlsx.read import open_workbook_values  # openpyxl: only when a file is read

    return open_workbook_values(path, what="Katalog", what_en="catalog")


def load_catalog(path=None) -> Catalog:
    """Read and check a catalog workbook; raise :class:`CatalogError` naming sheet, row, column."""
    p = resolve_path(path)
    if not p.exists():
        raise CatalogError(f"Datei {p} nicht gefunden. Pfad über {ENV_CATALOG} oder xlwings.conf angeben.",
                           detail_en=f"file {p} not found. Set the path with {ENV_CATALOG} or xlwings.conf.")
    return build_catalog(read_sheets(p), str(p))
