"""Sheets as tables: the one header matcher, and rows by field name with their sheet, row and column.

The catalog's sheets and the orders sheet are tables whose first non-blank row
holds the headers. Headers are compared forgivingly (:func:`header_key`:
case, spaces, ``_`` and ``-`` and a trailing colon do not matter), so
``Artikelnummer``, ``artikelnummer:`` and ``ARTIKEL-NUMMER`` name the same
column, but ``Artikel`` and ``Artikelnummer`` do not.

Example::

    >>> rows = [("Kurzcode", "Listenpreis EUR"), ("OFFICE", 89), (), ("SERVER", 2490)]
    >>> [(r.row, r.values["code"], r.columns["price"])
    ...  for r in table_rows("Artikel", rows, {"code": ("Kurzcode",), "price": ("Listenpreis EUR",)})]
    [(2, 'OFFICE', 'B'), (4, 'SERVER', 'B')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from .errors import CatalogError
from .i18n import Text
from .values import column_letter, is_blank


def header_key(header: Any) -> str:
    """A header as compared: ``' Up2Date_Restlaufzeit: '`` -> ``'up2date restlaufzeit'``."""
    text = str(header).strip().lower().rstrip(":")
    return re.sub(r"[\s_\-]+", " ", text).strip()


def header_lookup(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``{field: (accepted headers)}`` -> ``{header key: field}`` for :func:`header_key` look-ups."""
    return {header_key(name): fld for fld, names in columns.items() for name in names}


@dataclass(frozen=True)
class SheetRow:
    """A data row of a sheet, by field name, with its row number (for messages)."""

    sheet: str
    row: int
    values: dict[str, Any]
    columns: dict[str, str]  # field -> column letter


def header_positions(headers: Any, columns: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """``{field: 0-based column}`` of the fields whose header is in ``headers`` (first match wins)."""
    keys = [header_key(v) if not is_blank(v) else "" for v in headers]
    positions = {}
    for fld, names in columns.items():
        for name in names:
            key = header_key(name)
            if key in keys:
                positions[fld] = keys.index(key)
                break
    return positions


def table_rows(sheet: str, rows: list[tuple[Any, ...]], columns: dict[str, tuple[str, ...]],
               optional: Iterable[str] = ()) -> list[SheetRow]:
    """Map a sheet (first non-empty row = headers) to :class:`SheetRow` objects.

    Missing required headers raise :class:`CatalogError`; blank rows are skipped.
    """
    optional = set(optional)
    header_idx = next((i for i, r in enumerate(rows) if any(not is_blank(v) for v in r)), None)
    if header_idx is None:
        raise CatalogError(Text("tables.sheet_empty", sheet=sheet), sheet=sheet)
    positions = header_positions(rows[header_idx], columns)
    for fld, names in columns.items():
        if fld not in positions and fld not in optional:
            raise CatalogError(Text("tables.column_missing", names=names[0]),
                               sheet=sheet, row=header_idx + 1)
    letters = {fld: column_letter(i) for fld, i in positions.items()}
    out = []
    for i in range(header_idx + 1, len(rows)):
        r = rows[i]
        values = {fld: (r[pos] if pos < len(r) else None) for fld, pos in positions.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        out.append(SheetRow(sheet, i + 1, values, letters))
    return out


def header_letter(rows: Any, names: Any) -> str:
    """Column letter of the first of ``names`` in the header row of ``rows``, or ``''``."""
    for r in rows:
        if any(not is_blank(v) for v in r):
            pos = header_positions(r, {"x": tuple(names)})
            return column_letter(pos["x"]) if "x" in pos else ""
    return ""
