"""Writing cells: user and catalog text always as text, never as a formula; defined names.

Example::

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> write_text(ws["A1"], "=HYPERLINK(\\"http://x\\")")
    >>> ws["A1"].data_type, ws["A1"].value.startswith("=")
    ('s', True)
"""
from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.worksheet import Worksheet

from .. import i18n
from ..errors import default_language
from ..values import format_number
from .internals import set_text

MAX_CELL_TEXT = 32767  # Excel's limit per cell
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
FORMULA_START = ("=", "+", "-", "@")


def write_text(cell, value, lang: str | None = None) -> None:
    """Write user or catalog text as a text cell, never as a formula or error value.

    Nothing is dropped silently: a character a cell cannot hold becomes
    ``\\ufffd`` (the orders reader has already said so in a note), text over
    Excel's 32,767 characters ends in a visible ``… [gekürzt, 40.000 Zeichen]``,
    and text that looks like one of Excel's ``_x0041_`` escapes is kept as typed.
    Text that starts like a formula is marked so that Excel keeps it text when
    the cell is edited.
    """
    if value is None or value == "":
        cell.value = None
        return
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))
    if len(text) > MAX_CELL_TEXT:
        lang = lang or default_language()
        mark = i18n.text("xlsx.cut", lang, n=format_number(Decimal(len(text)), lang))
        text = text[:MAX_CELL_TEXT - len(mark)] + mark
    set_text(cell, text)
    if text.startswith("="):
        cell.quotePrefix = True


def write_value(cell, value) -> None:
    """Text through :func:`write_text`; numbers, dates and booleans as they are."""
    if isinstance(value, str):
        write_text(cell, value)
    else:
        cell.value = value


def absolute(sheet: str, ref: str) -> str:
    """``'Rechner'!$A$6:$A$20`` for the sheet ``Rechner`` and ``A6:A20``: a reference that does not move when copied.

    >>> absolute("Rechner", "A6:A20"), absolute("xphone.quote", "B4")
    ("'Rechner'!$A$6:$A$20", "'xphone.quote'!$B$4")
    """
    parts = []
    for part in ref.split(":"):
        col = "".join(ch for ch in part if ch.isalpha())
        row = "".join(ch for ch in part if ch.isdigit())
        parts.append(f"${col}${row}")
    return f"'{sheet}'!" + ":".join(parts)


def set_name(wb, name: str, ref: str) -> None:
    """Define (or redefine) the workbook-level name ``name`` for ``ref`` (``'Sheet'!$A$1``)."""
    if name in wb.defined_names:
        del wb.defined_names[name]
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


def print_one_page_wide(ws, a4: bool = False) -> None:
    """Print ``ws`` landscape, one page wide and as many pages long as it takes (``a4``: on A4 paper); the one
    page setup of the generated sheets (summary, calculator, help)."""
    ws.page_setup.orientation = "landscape"
    if a4:
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
