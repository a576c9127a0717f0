"""The price list valid on a day, as a table to read or a workbook to hand out (``xphone-pricing catalog show``).

One row per article the list offers: article number, short code, name, list price (blank for an Up2Date or
upgrade article: its price is a percentage of a base), and what it includes (``5 × OFFICE``).

Example::

    >>> import datetime as dt
    >>> rows = price_list_rows(dt.date(2027, 1, 1))
    >>> [r for r in rows if r[1] == "OFFICE"]
    [('3310.0030', 'OFFICE', 'XPhone Connect 8 – OFFICE', Decimal('92'), '')]
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from .catalog import Catalog, get_catalog
from .i18n import text, words
from .i18n.locale import locale
from .money import format_eur
from .xlsx.cells import print_one_page_wide, write_text, write_value
from .xlsx.save import atomic_save

Row = tuple[str, str, str, "Decimal | None", str]


def price_list_rows(day: dt.date | None = None, catalog: Catalog | None = None,
                    lang: str = "de") -> list[Row]:
    """(number, code, name, list price or None, what it includes) of every article the list of ``day`` offers."""
    cat = (catalog if catalog is not None else get_catalog()).on(day)
    rows = []
    for art in cat.articles:
        includes = ", ".join(f"{qty} × {code}" for code, qty in art.includes)
        rows.append((art.number, art.code, art.name(lang), None if art.is_percentage else art.price, includes))
    return rows


def title(day: dt.date | None = None, catalog: Catalog | None = None, lang: str = "de") -> str:
    """``Preisliste: NAME (ab …) · Status: …``, with the example-price notice when it has example prices."""
    cat = (catalog if catalog is not None else get_catalog()).on(day)
    assert cat.price_list is not None
    said = text("price_list.title", lang, label=cat.price_list.label(lang), status=cat.price_list.status)
    return said + (f" – {text('cli.example_prices', lang)}" if cat.is_example else "")


def as_text(day: dt.date | None = None, catalog: Catalog | None = None, lang: str = "de") -> str:
    """The table as aligned text lines, with the title above it."""
    head = words("price_list.head", lang)
    rows = [(n, c, name, format_eur(p, lang) if p is not None else "–", inc)
            for n, c, name, p, inc in price_list_rows(day, catalog, lang)]
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(4)]
    lines = [title(day, catalog, lang), ""]
    for r in [head, *rows]:
        lines.append(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]:>{widths[3]}}  {r[4]}"
                     .rstrip())
    return "\n".join(lines) + "\n"


def write_workbook(target, day: dt.date | None = None, catalog: Catalog | None = None, lang: str = "de") -> Path:
    """The table as a workbook (one sheet, the title in row 1, the header in row 3), saved whole or not at all."""
    wb = Workbook()
    ws = wb.active
    ws.title = text("price_list.sheet", lang)
    write_text(ws.cell(1, 1), title(day, catalog, lang), lang)
    ws.cell(1, 1).font = Font(bold=True)
    for c, name in enumerate(words("price_list.head", lang), start=1):
        write_text(ws.cell(3, c), name, lang)
        ws.cell(3, c).font = Font(bold=True)
    for r, row in enumerate(price_list_rows(day, catalog, lang), start=4):
        for c, value in enumerate(row, start=1):
            write_value(ws.cell(r, c), value)
        ws.cell(r, 4).number_format = locale(lang).cell_money
    for col, width in zip("ABCDE", (16, 22, 50, 14, 16)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A4"
    print_one_page_wide(ws, a4=True)
    target = Path(target)
    atomic_save(wb, target)
    return target
