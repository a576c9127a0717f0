"""The catalog in use: the one the worksheet functions, pricing and checks take when they are given none.

By default it is the catalog workbook on disk (:mod:`addin.catalog.cache`: the given path, the calling
workbook's setting, ``$XPHONE_CATALOG`` or the shipped file), loaded once and reloaded when the file
changes. A host without files -- the xlwings Lite edition, whose catalog travels inside the workbook --
provides its own with :func:`provide_catalog`; then nothing reads a file.

Example::

    >>> from addin.catalog import build_catalog, read_sheets, resolve_path
    >>> embedded = build_catalog(read_sheets(resolve_path()), "<in the workbook>")
    >>> with provided(lambda path=None: embedded):
    ...     get_catalog().path
    '<in the workbook>'
    >>> get_catalog().path.endswith("catalog.xlsx")
    True
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Protocol

from .model import Catalog


class _Provider(Protocol):
    """``provider(path) -> Catalog``: the catalog for ``path`` (None: the default one)."""

    def __call__(self, path: Any, /) -> Catalog: ...


# the provider in use; None until first asked: then the catalog files on disk (addin.catalog.cache)
_provider: _Provider | None = None


def provide_catalog(provider: _Provider | None) -> None:
    """Use ``provider(path)`` as the catalog in use from now on; None goes back to the catalog files on disk."""
    global _provider
    _provider = provider


@contextlib.contextmanager
def provided(provider: _Provider) -> Iterator[None]:
    """Inside the block, ``provider`` gives the catalog in use (tests, a host without files)."""
    before = _provider
    provide_catalog(provider)
    try:
        yield
    finally:
        provide_catalog(before)


def get_catalog(path: Any = None) -> Catalog:
    """The catalog in use for ``path`` (None: the default one); see the module docstring."""
    if _provider is None:
        _use_files()
        assert _provider is not None  # the catalog files on disk
    return _provider(path)


def _use_files() -> None:
    global _provider
    from .cache import get_catalog as from_files  # the file system: only where no host provides a catalog

    _provider = from_files
