"""The summary workbook of a batch: one row per quote, written row by row (memory stays flat)."""
from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..xlsx.cells import write_text
from ..xlsx.save import atomic_save
from .texts import TEXTS


class Summary:
    """The summary workbook, written row by row (write-only mode keeps memory flat)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.t = TEXTS[lang]
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet(self.t["summary"])
        for letter, width in zip("ABCDEFGHI", (14, 30, 10, 15, 13, 15, 16, 60, 30)):
            self.ws.column_dimensions[letter].width = width
        self.ws.freeze_panes = "A2"
        self._row(list(self.t["head"]), bold=True)

    def _row(self, values, bold=False):
        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(self.ws)
            if isinstance(value, str):
                write_text(cell, value)
            else:
                cell.value = value
                if isinstance(value, Decimal):
                    cell.number_format = '#,##0.00 "€"' if self.lang == "de" else '"€"#,##0.00'
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        self.ws.append(cells)

    def add(self, r) -> None:
        status = self.t["status"].get(r.status, r.status)
        self._row([r.quote_id, r.customer, r.lines if not r.failed else None, r.licence_total, r.up2date, r.net,
                   status, r.error or r.findings, r.file])

    def save(self, path: Path) -> None:
        atomic_save(self.wb, path)

    def discard(self) -> None:
        """Close the rows streamed to openpyxl's scratch file and remove it (the summary was not saved)."""
        writer = getattr(self.ws, "_writer", None)
        try:
            self.ws.close()
        except Exception:
            pass
        try:
            os.remove(writer.out)
        except (AttributeError, TypeError, OSError):
            pass
