"""One loaded catalog per file and process, reloaded when the file changes on disk.

Noticing a change costs one ``os.stat`` of the file and no read, so a
worksheet function can ask for the catalog on every call.
"""
from __future__ import annotations

import os
import threading
from typing import Any

from ..environment import getenv
from .load import ENV_CATALOG, catalog_source, load_catalog, not_found, resolve_path, workbook_setting
from .model import Catalog

_cache: dict[str, tuple[tuple[int, int, int], Catalog]] = {}  # path -> (mtime, size, inode), catalog
_lock = threading.Lock()
_paths: dict[tuple[Any, str | None, str | None], str] = {}  # (path, workbook setting, $XPHONE_CATALOG) -> path text


def _path_text(path: Any) -> str:
    """:func:`resolve_path` as text, remembered per inputs: a warm call only looks its inputs up."""
    env = getenv(ENV_CATALOG)
    setting = workbook_setting()
    try:
        return _paths[path, setting, env]
    except KeyError:
        text = str(resolve_path(path))
        if len(_paths) >= 64:
            _paths.clear()
        _paths[path, setting, env] = text
        return text
    except TypeError:  # a path argument that cannot be a dict key
        return str(resolve_path(path))


def get_catalog(path: Any = None) -> Catalog:
    """The catalog for ``path`` (see :func:`~addin.catalog.load.resolve_path`), loaded once and reloaded
    when the file changes. Noticing a change costs one ``stat`` of the file, no read."""
    key = _path_text(path)
    try:
        st = os.stat(key)
    except OSError:
        _cache.pop(key, None)
        if not os.path.exists(key):
            raise not_found(key, catalog_source(path)) from None
        return load_catalog(key)
    sig = (st.st_mtime_ns, st.st_size, st.st_ino)
    hit = _cache.get(key)
    if hit is not None and hit[0] == sig:
        return hit[1]
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == sig:
            return hit[1]
        catalog = load_catalog(key)
        _cache[key] = (sig, catalog)
        return catalog


def clear_cache() -> None:
    _cache.clear()
    _paths.clear()
