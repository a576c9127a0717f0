"""The catalog workbook as plain text, so that a change to catalog.xlsx can be reviewed in git.

Use as a git textconv driver::

    git config diff.xlsx.textconv "xphone-pricing catalog text"
    echo "catalog.xlsx diff=xlsx" >> .git/info/attributes
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..i18n import Text
from ..xlsx.read import open_workbook_values
from .load import resolve_path


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\t", "\\t").replace("\n", "\\n")


def workbook_as_text(path: Any = None) -> str:
    """Every sheet as ``== name ==`` followed by its rows, cells separated by `` | ``."""
    sheets = open_workbook_values(Path(resolve_path(path)), what=Text("label.catalog"))
    out = []
    for name, rows in sheets.items():
        out.append(f"== {name} ==")
        for row in rows:
            cells = [_show(v) for v in row]
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                out.append(" | ".join(cells))
        out.append("")
    return "\n".join(out)
