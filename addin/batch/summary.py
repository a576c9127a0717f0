"""The summary workbook of a batch: one row per quote, written row by row (memory stays flat), and the totals.

Sheet ``Zusammenfassung`` (``Summary``): quote, customer, lines, licence total,
Up2Date, net total, VAT treatment and amount, gross total, status (OK, draft, failed ...), the findings for
the seller (wrapped), the file, the price list and what this run did with the
quote (written, unchanged, there and not overwritten ...); landscape, one page
wide, the header row on every page. The rows come from the folder's record
(:mod:`.record`): the quotes of this run, then those of earlier runs whose files
are still there. Sheet ``Summen`` (``Totals``): net, VAT and gross per VAT
treatment, totals per article and per Up2Date term, built with pandas from the quotes that can be sent (drafts and
failed quotes are counted, not summed). pandas is imported only
when the totals are built, never on the path of a single quote.

Example::

    >>> import tempfile
    >>> from addin.batch import QuoteResult
    >>> summary = Summary("en")
    >>> summary.add(QuoteResult("Q1", "ACME", status="failed", error="Quantity: '10 pcs' is not valid."))
    >>> summary.save(Path(tempfile.mkdtemp()) / "Summary.xlsx")   # sheets Summary and Totals
    >>> summary.failed, summary.drafts
    (1, 0)
"""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from ..errors import OutputError
from ..i18n import LANGUAGES, section
from ..i18n.locale import locale
from ..money import CENT
from ..xlsx.cells import print_one_page_wide, write_text
from ..xlsx.save import atomic_save, output_failure
from .texts import TEXTS, counted

WIDTHS = (14, 30, 10, 15, 13, 15, 26, 13, 15, 22, 70, 34, 26, 11, 30)
NOTES_COLUMN = 10  # 0-based: the findings for the seller, wrapped
TOTALS_TEXT: dict[str, dict[str, Any]] = {lang: section("totals", lang) for lang in LANGUAGES}


def _cents(amount: Decimal) -> int:
    return int((amount / CENT).to_integral_value())


def summary_items(quote, lang: str = "de") -> tuple:
    """What the totals need of a written quote: ``(lines, terms)``.

    ``lines``: ``(article number, name, quantity, amount in cents)`` of each licence line sold (a licence
    a bundle includes is not) and each percentage line; ``terms``: ``(years, kind, base in cents, amount
    in cents)`` of each Up2Date line (kind ``up2date`` or ``addon``). Cents are whole numbers, so the sums
    are exact; the summary turns them back into amounts.
    """
    lines = tuple((ql.article.number, ql.article.name(lang), ql.quantity, _cents(ql.total))
                  for ql in quote.lines if ql.included_in is None)
    lines += tuple((p.article.number, p.article.name(lang), 1, _cents(p.amount)) for p in quote.percent_lines)
    terms = tuple((p.years, p.kind, _cents(p.base), _cents(p.amount)) for p in quote.percent_lines if p.is_up2date)
    return lines, terms


class Summary:
    """The summary workbook, written row by row (write-only mode keeps memory flat)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.t = TEXTS[lang]
        self.broken: OutputError | None = None  # a row could not be written: the summary cannot be saved
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet(self.t["summary"])
        for i, width in enumerate(WIDTHS):
            self.ws.column_dimensions[chr(65 + i)].width = width
        self.ws.freeze_panes = "A2"
        self.ws.print_title_rows = "1:1"
        print_one_page_wide(self.ws, a4=True)
        self._row(self.ws, list(self.t["head"]), bold=True)
        # the totals' input, column by column (small: numbers, and names shared with the catalog)
        self.lines: dict[str, list[Any]] = {"number": [], "name": [], "quote": [], "quantity": [], "cents": []}
        self.terms: dict[str, list[Any]] = {"years": [], "kind": [], "quote": [], "base": [], "cents": []}
        self.vat: dict[str, list[Any]] = {"treatment": [], "quote": [], "net": [], "vat": [], "gross": []}
        self.drafts = self.failed = self.draft_lists = self.unknown = 0
        self.draft_ids: list[str] = []  # named where the totals leave them out

    def _row(self, ws, values, bold=False, wrap=()):
        if self.broken is not None:  # a row could not be written: the summary will not be saved
            return
        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(ws)
            if isinstance(value, str):
                write_text(cell, value, self.lang)
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = locale(self.lang).cell_date
            else:
                cell.value = value
                if isinstance(value, Decimal):
                    cell.number_format = locale(self.lang).cell_money
            if bold:
                cell.font = Font(bold=True)
            if i in wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif not bold:
                cell.alignment = Alignment(vertical="top")
            cells.append(cell)
        try:
            ws.append(cells)
        except OSError as exc:  # the scratch file in the temporary folder (write-only mode): e.g. a full disk
            self.broken = output_failure(exc, Path(tempfile.gettempdir()) / f"{self.t['summary']}.xlsx", "write")

    def add(self, r) -> None:
        notes = ([r.error, *r.notes] if r.failed else [r.findings]) + [self.t["removed"].format(name=n)
                                                                        for n in getattr(r, "removed", ())]
        # notes only for the customer's document leave the seller's column empty: then the status is plain OK
        status = self.t["status"].get("ok" if r.status == "INFO" and not any(notes) else r.status, r.status)
        if getattr(r, "draft_list", False) and r.status != "ERROR" and not r.failed:
            status = self.t["draft_status"]
        counted = r.status not in ("failed", "unknown")
        self._row(self.ws, [r.quote_id, r.customer, r.lines if counted else None, r.licence_total, r.up2date, r.net,
                            getattr(r, "vat_treatment", "") or None, getattr(r, "vat", None),
                            getattr(r, "gross", None), status, "\n".join(n for n in notes if n), r.file,
                            getattr(r, "price_list", "") or None, getattr(r, "valid_from", None),
                            self.t["run"].get(getattr(r, "run", "written"), "")],
                  wrap=(NOTES_COLUMN,))
        if r.failed:
            self.failed += 1
        elif r.status == "unknown":  # a file there that no record describes
            self.unknown += 1
        elif r.draft:
            self.drafts += 1
            self.draft_ids.append(r.quote_id)
            self.draft_lists += bool(getattr(r, "draft_list", False))
        elif r.items:
            if None not in (r.net, r.vat, r.gross):
                for key, value in zip(self.vat, (r.vat_treatment, r.quote_id, _cents(r.net), _cents(r.vat),
                                                 _cents(r.gross))):
                    self.vat[key].append(value)
            lines, terms = r.items
            for number, name, quantity, cents in lines:
                for key, value in zip(self.lines, (number, name, r.quote_id, quantity, cents)):
                    self.lines[key].append(value)
            for years, kind, base, cents in terms:
                for key, value in zip(self.terms, (years, kind, r.quote_id, base, cents)):
                    self.terms[key].append(value)

    def add_totals(self) -> None:
        """The sheet of totals per article and per Up2Date term, grouped with pandas."""
        import pandas as pd  # only here: the summary's totals, once per batch

        tt = TOTALS_TEXT[self.lang]
        ws = self.wb.create_sheet(tt["sheet"])
        for i, width in enumerate((22, 46, 10, 14, 16)):
            ws.column_dimensions[chr(65 + i)].width = width
        print_one_page_wide(ws)
        self._row(ws, [tt["title"]], bold=True)
        self._row(ws, [tt["left_out"].format(drafts=counted(self.drafts, *tt["drafts"]),
                                             failed=counted(self.failed, *tt["failed"]),
                                             unknown=", " + counted(self.unknown, *tt["unknown"]) if self.unknown
                                             else "",
                                             why=tt["why"][bool(self.draft_lists)]
                                             + (": " + ", ".join(self.draft_ids) if self.draft_ids else ""))])
        self._row(ws, [])
        money = pd.DataFrame(self.vat)
        if not money.empty:  # net, VAT and gross as the quotes have them, per VAT treatment
            by_treatment = (money.groupby("treatment", sort=True)
                            .agg(quotes=("quote", "nunique"), net=("net", "sum"), vat=("vat", "sum"),
                                 gross=("gross", "sum"))
                            .reset_index())
            self._row(ws, list(tt["vat"]), bold=True)
            for row in by_treatment.itertuples(index=False):
                self._row(ws, [row.treatment, int(row.quotes), _amount(row.net), _amount(row.vat),
                               _amount(row.gross)])
            self._row(ws, [tt["all"], int(money["quote"].nunique()), _amount(int(money["net"].sum())),
                           _amount(int(money["vat"].sum())), _amount(int(money["gross"].sum()))], bold=True)
            self._row(ws, [])
        lines = pd.DataFrame(self.lines)
        if lines.empty:
            self._row(ws, [tt["none"]])
            return
        by_article = (lines.groupby("number", sort=True)
                      .agg(name=("name", "first"), quotes=("quote", "nunique"), quantity=("quantity", "sum"),
                           cents=("cents", "sum"))
                      .reset_index())
        self._row(ws, list(tt["articles"]), bold=True)
        for row in by_article.itertuples(index=False):
            self._row(ws, [row.number, row.name, int(row.quotes), int(row.quantity), _amount(row.cents)])
        self._row(ws, ["", "", "", "", _amount(int(by_article["cents"].sum()))], bold=True)
        terms = pd.DataFrame(self.terms)
        if terms.empty:
            return
        by_term = (terms.groupby(["years", "kind"], sort=True)
                   .agg(quotes=("quote", "nunique"), base=("base", "sum"), cents=("cents", "sum"))
                   .reset_index())
        self._row(ws, [])
        self._row(ws, list(tt["terms"]), bold=True)
        for row in by_term.itertuples(index=False):
            self._row(ws, [int(row.years), tt["kinds"].get(row.kind, row.kind), int(row.quotes), _amount(row.base),
                           _amount(row.cents)])
        self._row(ws, ["", "", "", "", _amount(int(by_term["cents"].sum()))], bold=True)

    def save(self, path: Path) -> None:
        """Write the summary to ``path``; :class:`OutputError` when it cannot be (the quotes stay as written)."""
        if self.broken is None:
            self.add_totals()
        if self.broken is not None:
            raise self.broken
        try:
            atomic_save(self.wb, path)
        except OSError as exc:  # the scratch files of write-only mode are read back while saving
            raise output_failure(exc, path, "write") from None

    def discard(self) -> None:
        """Close the rows streamed to openpyxl's scratch files and remove them (the summary was not saved)."""
        for ws in self.wb.worksheets:
            writer = getattr(ws, "_writer", None)
            try:
                ws.close()
            except Exception:
                pass
            if writer is None:
                continue
            try:
                os.remove(writer.out)
            except (AttributeError, TypeError, OSError):
                pass


def _amount(cents) -> Decimal:
    """Whole cents (exact sums) back to an amount: 123456 -> Decimal('1234.56')."""
    return Decimal(int(cents)) * CENT
