"""Files shipped with the package: the example catalog and the workbook templates.

An installed wheel carries them as package data (``addin/_shipped/catalog.xlsx``,
``addin/_templates/*``, mapped from the project's top-level ``catalog.xlsx`` and
``workbook_templates/`` in ``pyproject.toml``); a source checkout (``pip install -e``)
reads them where they are in the tree.

Example::

    >>> shipped_catalog().name, template("quote_de.xlsx").name
    ('catalog.xlsx', 'quote_de.xlsx')
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _packaged(package: str, name: str) -> Path | None:
    try:
        found = resources.files(package).joinpath(name)
    except (ModuleNotFoundError, TypeError):
        return None
    return Path(str(found)) if found.is_file() else None


def shipped_catalog() -> Path:
    """The example catalog that comes with the package."""
    return _packaged("addin._shipped", "catalog.xlsx") or SOURCE_ROOT / "catalog.xlsx"


def template(name: str) -> Path:
    """A workbook template that comes with the package (``quote_de.xlsx``, ``calculator.xlsm``, ...)."""
    return _packaged("addin._templates", name) or SOURCE_ROOT / "workbook_templates" / name
