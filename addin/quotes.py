"""Bulk quotes: one filled quote workbook per quote of an orders sheet, plus a summary workbook.

The template (``workbook_templates/quote_de.xlsx`` or ``quote_en.xlsx``, or
the reseller's own) is read once per process; for each quote the generator
opens it, fills the marker cells (see ``workbook_templates/make_templates.py``),
grows the line table with the template's styles, writes live Excel formulas
(``=ROUND``, ``SUM``, ``SUMPRODUCT``; no ``XP_`` function) and saves the file
atomically (temporary file in the same folder, then renamed).

Every generated quote has the workbook-level names ``total`` (licence
subtotal), ``up2date`` (Up2Date amount, 0 if none) and ``grand_total`` (net
total) and asks Excel to recalculate on open.

Example::

    >>> result = run_batch("workbook_templates/example_orders.xlsx", "quotes", force=True)
    >>> result.written, result.failed
    (5, 0)
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import io
import os
import re
import signal
import time
from collections import deque
from copy import copy, deepcopy
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .catalog import Catalog, get_catalog
from .errors import OutputError, TemplateError, XPhoneError, default_language
from .money import ZERO, format_eur, format_percent, to_decimal
from .quoting import Quote, price_quote

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "workbook_templates"
MARKER = re.compile(r"^\{\{(\??[a-z0-9_]+)\}\}")
LINE_FIELDS = ("pos", "number", "name", "qty", "unit", "discount", "line_total")
PCT_FIELDS = ("pos", "number", "name", "base", "rate", "amount")
MAX_NAME = 80
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}

TEXTS = {
    "de": {
        "prefix": "Angebot", "summary": "Zusammenfassung",
        "notice": "BEISPIELPREISE – keine gültige Preisliste. Dieses Angebot nicht versenden.",
        "included": "inklusive in {parent}",
        "up2date": "{rate} vom Listenwert des Gesamtsystems{owned}",
        "owned": " (Bestand {value} + neue Lizenzen)",
        "addon": "{rate} p. a. (Laufzeit {years} J.) × {months}/12 Monate Restlaufzeit vom Listenwert der neuen Lizenzen",
        "upgrade": "{rate} vom Listenwert der Bestandslizenzen (Release {release})",
        "severity": {"ERROR": "Fehler", "WARNING": "Warnung", "INFO": "Hinweis"},
        "status": {"ok": "OK", "failed": "fehlgeschlagen", "ERROR": "Prüfung: Fehler",
                   "WARNING": "Prüfung: Warnung", "INFO": "OK (Hinweise)"},
        "head": ("Angebot", "Kunde", "Positionen", "Summe Lizenzen", "Up2Date", "Nettobetrag", "Status",
                 "Hinweise", "Datei"),
        "exists": "{name} gibt es schon; mit --force überschreiben.",
        "internal": "interner Fehler ({kind}: {text})",
        "quote": "Angebot",
    },
    "en": {
        "prefix": "Quote", "summary": "Summary",
        "notice": "EXAMPLE PRICES – not a valid price list. Do not send this quote.",
        "included": "included with {parent}",
        "up2date": "{rate} of the list value of the complete system{owned}",
        "owned": " (owned {value} + new licences)",
        "addon": "{rate} a year (term {years} y.) × {months}/12 months left of the list value of the new licences",
        "upgrade": "{rate} of the list value of the owned licences (release {release})",
        "severity": {"ERROR": "Error", "WARNING": "Warning", "INFO": "Note"},
        "status": {"ok": "OK", "failed": "failed", "ERROR": "check: error", "WARNING": "check: warning",
                   "INFO": "OK (notes)"},
        "head": ("Quote", "Customer", "Lines", "Licence total", "Up2Date", "Net total", "Status", "Findings",
                 "File"),
        "exists": "{name} exists already; use --force to overwrite.",
        "internal": "internal error ({kind}: {text})",
        "quote": "Quote",
    },
}


# --------------------------------------------------------------------------- file names

def safe_file_stem(quote_id: str) -> str:
    """A file-name-safe form of a quote id; a changed id gets a short hash so two ids never collide.

    >>> safe_file_stem("2026-001")
    '2026-001'
    >>> safe_file_stem("../x"), safe_file_stem("CON")
    ('_x-72e4d01d', '_CON-7679a072')
    """
    text = str(quote_id)
    clean = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", text)
    clean = re.sub(r"\s+", " ", clean).strip(" .")
    clean = re.sub(r"\.{2,}", "_", clean)
    if not clean or clean.split(".")[0].strip().upper() in _RESERVED:
        clean = "_" + clean
    if clean != text or len(clean) > MAX_NAME:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        clean = f"{clean[:MAX_NAME]}-{digest}"
    return clean


class FileNames:
    """Hands out one file name per quote; names that differ only in case get a hash too."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.used: set[str] = set()

    def __call__(self, quote_id: str) -> str:
        stem = safe_file_stem(quote_id)
        name = f"{self.prefix}-{stem}.xlsx"
        if name.casefold() in self.used:
            digest = hashlib.sha1(str(quote_id).encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{self.prefix}-{stem}-{digest}.xlsx"
        self.used.add(name.casefold())
        return name


_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
_DENIED = (errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY, getattr(errno, "ETXTBSY", errno.EBUSY))


def output_failure(exc: OSError, target: Path, step: str = "write") -> OutputError:
    """An operating-system error while writing ``target``, in the user's words.

    ``step`` is ``"write"`` (the temporary file in the folder), ``"replace"``
    (putting it in place of ``target``) or ``"folder"`` (creating the folder).

    >>> output_failure(OSError(errno.ENOSPC, "No space left on device"), Path("q/Angebot-1.xlsx")).message("en")
    'Cannot write output: Angebot-1.xlsx: the disk is full (folder q); free some space and run again.'
    """
    target = Path(target)
    folder = target if step == "folder" else target.parent
    name = "" if step == "folder" else f"{target.name}: "
    code = getattr(exc, "errno", None)
    if code in _FULL:
        de = f"der Datenträger ist voll (Ordner {folder}); Platz schaffen und erneut starten."
        en = f"the disk is full (folder {folder}); free some space and run again."
    elif code in _DENIED and step == "replace":
        excel = target.suffix.lower() in (".xlsx", ".xlsm")
        de = (f"die Datei ist gesperrt, wohl in {'Excel' if excel else 'einem anderen Programm'} geöffnet; die "
              "Datei schließen und erneut starten (mit --force).")
        en = (f"the file is locked, probably open in {'Excel' if excel else 'another program'}; close it and run "
              "again (with --force).")
    elif code in _DENIED:
        de = (f"keine Schreibrechte im Ordner {folder} (schreibgeschützt?); einen anderen Ordner mit --out "
              "wählen oder die Rechte prüfen.")
        en = f"no permission to write in folder {folder} (read-only?); choose another folder with --out or check its permissions."
    else:
        reason = exc.strerror or type(exc).__name__
        de = f"Schreiben nicht möglich ({reason})."
        en = f"cannot write ({reason})."
    return OutputError(name + de, detail_en=name + en, file=None)


def atomic_save(workbook, target: Path) -> None:
    """Save through a temporary file in the same folder and rename it; never leaves half a file.

    An operating-system error (disk full, no permission, target open in Excel)
    becomes an :class:`OutputError` in the user's words; the temporary file is removed.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    step = "write"
    try:
        workbook.save(tmp)
        step = "replace"
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise output_failure(exc, target, step) from None
        raise


# --------------------------------------------------------------------------- template

MAX_CELL_TEXT = 32767  # Excel's limit per cell
_CUT = {"de": " … [gekürzt, {n} Zeichen]", "en": " … [cut, {n} characters]"}
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


def _text(cell, value, lang: str | None = None) -> None:
    """Write user or catalog text as a text cell, never as a formula or error value.

    Nothing is dropped silently: a character a cell cannot hold becomes
    ``\ufffd`` (the orders reader has already said so in a note), text over
    Excel's 32,767 characters ends in a visible ``… [gekürzt, 40.000 Zeichen]``,
    and text that looks like one of Excel's ``_x0041_`` escapes is kept as typed.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value == "":
        cell.value = None
        return
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))
    if len(text) > MAX_CELL_TEXT:
        lang = lang or default_language()
        size = f"{len(text):,}".replace(",", "." if lang == "de" else ",")
        mark = _CUT.get(lang, _CUT["en"]).format(n=size)
        text = text[:MAX_CELL_TEXT - len(mark)] + mark
    cell._value = text  # assigned directly: openpyxl would cut at 32,767 without a word
    cell.data_type = "s"


_REF = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)")


@dataclass
class _Row:
    number: int
    cells: list  # (column, value, style)
    height: float | None
    kind: str  # "line" | "pct" | "finding" | "?pct" | "?findings" | "static"
    merges: list  # (min_col, max_col) of single-row merges


class QuoteTemplate:
    """A quote template, loaded and analysed once per process; :meth:`fill` makes one quote workbook.

    Each quote starts from a copy of the loaded template (about 3 ms) instead of
    parsing the file again (10-20 ms); ``clone=False`` parses it every time.
    Both give the same file (tested).
    """

    def __init__(self, path, clone: bool = True):
        import openpyxl

        from .workbook_io import load_workbook_checked

        self.path = Path(path)
        wb = load_workbook_checked(self.path, "Vorlage", "template")  # refuses broken or hostile files
        self.data = self.path.read_bytes()
        ws = None
        for sheet in wb.worksheets:
            if any(c.value == "{{line_total}}" for row in sheet.iter_rows() for c in row):
                ws = sheet
                break
        if ws is None:
            raise self._missing("{{line_total}}")
        self.sheet = ws.title
        self.markers: dict[str, tuple[int, int]] = {}
        line_row = None
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("{{"):
                    m = MARKER.match(c.value)
                    if m and m.group(1) == "line_total":
                        line_row = c.row
        self.line_row = line_row
        self.last_row = max(ws.max_row, line_row)
        self.header: list[tuple[int, int, str]] = []
        self.rows: list[_Row] = []
        merges = [m for m in ws.merged_cells.ranges]
        self.tail_merges = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in merges if m.min_row >= line_row]
        for r in range(1, self.last_row + 1):
            if r < line_row:
                for c in ws[r]:
                    if isinstance(c.value, str):
                        m = MARKER.match(c.value)
                        if m and c.value == "{{%s}}" % m.group(1):
                            self.header.append((r, c.column, m.group(1)))
                continue
            cells = []
            names = set()
            for c in ws[r]:
                if c.value is None and not c.has_style:
                    continue
                if type(c).__name__ == "MergedCell":
                    cells.append((c.column, None, copy(c._style)))
                    continue
                cells.append((c.column, c.value, copy(c._style)))
                if isinstance(c.value, str):
                    m = MARKER.match(c.value)
                    if m:
                        names.add(m.group(1))
            kind = ("line" if "line_total" in names else "pct" if "amount" in names else
                    "finding" if "finding" in names else "?pct" if "?pct" in names else
                    "?findings" if "?findings" in names else "static")
            for name in names:
                if not name.startswith("?"):
                    self.markers.setdefault(name, (r, 0))
            height = ws.row_dimensions[r].height if r in ws.row_dimensions else None
            row_merges = [(m[2], m[3]) for m in self.tail_merges if m[0] == m[1] == r]
            self.rows.append(_Row(r, cells, height, kind, row_merges))
        for m in self.tail_merges:
            if m[0] != m[1]:
                kinds = {row.kind for row in self.rows if m[0] <= row.number <= m[1]}
                if kinds - {"static"}:
                    raise TemplateError(f"verbundene Zellen über mehrere Zeilen im wachsenden Bereich (Zeile {m[0]}).",
                                        detail_en=f"cells merged across rows in the growing part (row {m[0]}).",
                                        file=self.path.name, sheet=self.sheet)
        from openpyxl.utils import get_column_letter

        self.widths = {}
        for c in range(1, ws.max_column + 1):
            dim = ws.column_dimensions.get(get_column_letter(c))
            self.widths[c] = dim.width if dim is not None and dim.width else 8.43
        line = next(r for r in self.rows if r.kind == "line")
        found = {MARKER.match(v).group(1): col for col, v, _ in line.cells
                 if isinstance(v, str) and MARKER.match(v)}
        for name in ("qty", "unit", "line_total"):
            if name not in found:
                raise self._missing("{{%s}}" % name)
        self.line_cols = found
        for name in ("total", "net", "gross"):
            if name not in self.markers:
                raise self._missing("{{%s}}" % name)
        pct = next((r for r in self.rows if r.kind == "pct"), None)
        self.pct_cols = {}
        if pct is not None:
            self.pct_cols = {MARKER.match(v).group(1): col for col, v, _ in pct.cells
                             if isinstance(v, str) and MARKER.match(v)}
            for name in ("base", "rate", "amount"):
                if name not in self.pct_cols:
                    raise self._missing("{{%s}}" % name)
        wb.close()
        # an untouched copy to clone from (the analysis above created empty cells in ``wb``)
        self._base = openpyxl.load_workbook(io.BytesIO(self.data)) if clone else None

    def new_workbook(self):
        """A fresh copy of the template: a clone of the workbook loaded once, else a new load."""
        import openpyxl

        if self._base is not None:
            from openpyxl.utils.indexed_list import IndexedList

            # copy.deepcopy cannot rebuild openpyxl's style lists (IndexedList); give it proper copies
            memo = {id(v): IndexedList(list(v)) for v in vars(self._base).values() if isinstance(v, IndexedList)}
            wb = deepcopy(self._base, memo)
            for ws in wb.worksheets:  # nor the factories of the row and column dimensions
                ws.row_dimensions.default_factory = ws._add_row
                ws.column_dimensions.default_factory = ws._add_column
            return wb
        return openpyxl.load_workbook(io.BytesIO(self.data))

    def _missing(self, marker: str) -> TemplateError:
        return TemplateError(f"Platzhalter {marker} fehlt in {self.path.name}.",
                             detail_en=f"placeholder {marker} is missing in {self.path.name}.", file=self.path.name)

    # -- one quote
    def fill(self, quote: Quote, lang: str = "de"):
        """A new workbook: the template filled with one quote."""
        from openpyxl.utils import get_column_letter, quote_sheetname
        from openpyxl.workbook.defined_name import DefinedName

        t = TEXTS[lang]
        wb = self.new_workbook()
        ws = wb[self.sheet]
        for r, c, name in self.header:
            self._value(ws.cell(r, c), name, quote, t)

        # plan: template row -> output rows
        n_lines, n_pct, n_find = len(quote.lines), len(quote.percent_lines), len(quote.findings)
        repeat = {"line": n_lines, "pct": n_pct, "finding": n_find, "?pct": 1 if n_pct else 0,
                  "?findings": 1 if n_find else 0, "static": 1}
        plan: list[tuple[_Row, int, int]] = []  # (template row, output row, index of the copy)
        out = self.line_row
        where: dict[int, list[int]] = {}
        for row in self.rows:
            for i in range(repeat[row.kind]):
                plan.append((row, out, i))
                where.setdefault(row.number, []).append(out)
                out += 1
        last_out = out - 1

        def first(r):
            return where.get(r, [None])[0]

        line_rows = where.get(next(r.number for r in self.rows if r.kind == "line"), [])
        pct_template = next((r.number for r in self.rows if r.kind == "pct"), None)
        pct_rows = where.get(pct_template, []) if pct_template else []
        marker_at = {name: first(r) for name, (r, _c) in self.markers.items()}
        col = {name: get_column_letter(c) for name, c in self._marker_columns().items()}
        lc = {k: get_column_letter(v) for k, v in self.line_cols.items()}
        pc = {k: get_column_letter(v) for k, v in self.pct_cols.items()}

        # clear the growing part
        for rng in [m for m in ws.merged_cells.ranges if m.min_row >= self.line_row]:
            ws.merged_cells.remove(rng)
        ws.delete_rows(self.line_row, ws.max_row - self.line_row + 1)
        for r in [r for r in ws.row_dimensions if r >= self.line_row]:
            del ws.row_dimensions[r]

        def cell_ref(name):
            r = marker_at.get(name)
            return f"{col[name]}{r}" if r else None

        if line_rows:
            qty_range = f"{lc['qty']}{line_rows[0]}:{lc['qty']}{line_rows[-1]}"
            unit_range = f"{lc['unit']}{line_rows[0]}:{lc['unit']}{line_rows[-1]}"
            new_value = f"SUMPRODUCT({qty_range},{unit_range})"
        else:
            new_value = None
        amount_cells = [f"{pc['amount']}{r}" for r in pct_rows]
        up2date_cells = [f"{pc['amount']}{r}" for r, p in zip(pct_rows, quote.percent_lines) if p.is_up2date]
        totals = {
            "total": (f"=SUM({lc['line_total']}{line_rows[0]}:{lc['line_total']}{line_rows[-1]})"
                      if line_rows else 0),
            "up2date": f"=ROUND({'+'.join(up2date_cells)},2)" if up2date_cells else 0,
            "net": f"=ROUND({cell_ref('total')}{''.join('+' + a for a in amount_cells)},2)",
        }
        vat_rate_ref = cell_ref("vat_rate") or str(quote.vat_rate)
        totals["vat"] = f"=ROUND({cell_ref('net')}*{vat_rate_ref},2)"
        totals["gross"] = f"=ROUND({cell_ref('net')}+{cell_ref('vat') or 0},2)" if cell_ref("vat") else \
            f"=ROUND({cell_ref('net')}*(1+{vat_rate_ref}),2)"

        for row, r, i in plan:
            if row.height is not None:
                ws.row_dimensions[r].height = row.height
            for c, value, style in row.cells:
                cell = ws.cell(r, c)
                cell._style = copy(style)
                if isinstance(value, str):
                    m = MARKER.match(value)
                    if m:
                        name = m.group(1)
                        if name.startswith("?"):
                            _text(cell, value[m.end():])
                        elif row.kind == "line":
                            self._line_value(cell, name, quote.lines[i], r, lc, lang, t)
                        elif row.kind == "pct":
                            self._pct_value(cell, name, quote.percent_lines[i], quote, r, pc, new_value, lang, t)
                        elif row.kind == "finding":
                            f = quote.findings[i]
                            _text(cell, t["severity"].get(f.severity, f.severity) if name == "severity"
                                  else f.message(lang) if name == "finding" else None)
                        elif name in totals:
                            cell.value = totals[name]
                        else:
                            self._value(cell, name, quote, t)
                        continue
                    if value.startswith("="):
                        cell.value = self._shift(value, where)
                        continue
                cell.value = value
            for min_col, max_col in row.merges:
                ws.merge_cells(start_row=r, start_column=min_col, end_row=r, end_column=max_col)
            if row.kind in ("line", "pct", "finding"):
                self._fit_height(ws, r, row)
        for top, bottom, min_col, max_col in self.tail_merges:
            if top != bottom and first(top) and first(bottom):
                ws.merge_cells(start_row=first(top), start_column=min_col, end_row=first(bottom),
                               end_column=max_col)
        for image in ws._images:  # pictures below the table move with it
            anchor = getattr(image, "anchor", None)
            start = getattr(anchor, "_from", None)
            if start is not None and start.row + 1 >= self.line_row:
                new = first(start.row + 1)
                shift = (new - start.row - 1) if new else 0
                start.row += shift
                if getattr(anchor, "to", None) is not None:
                    anchor.to.row += shift
        if ws.print_area:
            ws.print_area = f"A1:{get_column_letter(ws.max_column)}{max(last_out, self.line_row - 1)}"

        sheet = quote_sheetname(ws.title)
        for name, marker in (("total", "total"), ("up2date", "up2date"), ("grand_total", "net")):
            ref = marker_at.get(marker)
            if ref is None:
                continue
            letter = col[marker]
            wb.defined_names[name] = DefinedName(name, attr_text=f"{sheet}!${letter}${ref}")
        wb.calculation.fullCalcOnLoad = True
        stamp = dt.datetime.combine(quote.date or dt.date(2000, 1, 1), dt.time())
        wb.properties.created = stamp
        wb.properties.creator = "xphone-pricing"
        wb.properties.title = f"{t['quote']} {quote.quote_id}"[:255]
        return wb

    def _fit_height(self, ws, r: int, row: _Row) -> None:
        """Make room for wrapped text (Excel and LibreOffice do not grow rows of a generated file)."""
        lines = 1
        for c, _value, _style in row.cells:
            cell = ws.cell(r, c)
            if not isinstance(cell.value, str) or cell.data_type != "s" or not cell.alignment.wrap_text:
                continue
            span = next((m for m in row.merges if m[0] == c), (c, c))
            width = sum(self.widths.get(k, 8.43) for k in range(span[0], span[1] + 1)) * 1.1
            lines = max(lines, sum(max(1, -(-len(part) // max(int(width), 1))) for part in cell.value.split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = max(row.height or 0, 14.5 * lines)

    def _marker_columns(self) -> dict:
        cols = {}
        for row in self.rows:
            for c, value, _ in row.cells:
                if isinstance(value, str):
                    m = MARKER.match(value)
                    if m:
                        cols.setdefault(m.group(1), c)
        return cols

    def _shift(self, formula: str, where: dict) -> str:
        """Move the references of a template formula below the table along with their rows."""
        from openpyxl.formula.tokenizer import Token, Tokenizer

        def move(match, last=False):
            r = int(match.group(4))
            if r < self.line_row or r not in where:
                return match.group(0)
            rows = where[r]
            return f"{match.group(1)}{match.group(2)}{match.group(3)}{rows[-1] if last else rows[0]}"

        try:
            tok = Tokenizer(formula)
        except Exception:
            return formula
        parts = []
        for item in tok.items:
            if item.type == Token.OPERAND and item.subtype == Token.RANGE:
                ends = item.value.split(":")
                ends = [_REF.sub(lambda m, k=k: move(m, last=(k == len(ends) - 1 and k > 0)), e)
                        for k, e in enumerate(ends)]
                parts.append(":".join(ends))
            else:
                parts.append(item.value)
        return "=" + "".join(parts)

    def _value(self, cell, name: str, quote: Quote, t: dict) -> None:
        if name == "quote_id":
            _text(cell, quote.quote_id)
        elif name == "customer":
            _text(cell, quote.customer)
        elif name == "date":
            cell.value = quote.date
        elif name == "price_list":
            _text(cell, quote.price_list)
        elif name == "valid_from":
            cell.value = quote.valid_from
        elif name == "notice":
            _text(cell, t["notice"] if quote.is_example else None)
        elif name == "vat_rate":
            cell.value = quote.vat_rate
        else:
            cell.value = None

    def _line_value(self, cell, name, line, r, lc, lang, t) -> None:
        if name == "pos":
            cell.value = line.position
        elif name == "number":
            _text(cell, line.article.number)
        elif name == "name":
            text = line.article.name(lang)
            if line.included_in is not None:
                text += f" ({t['included'].format(parent=line.included_in.name(lang))})"
            _text(cell, text)
        elif name == "qty":
            cell.value = line.quantity
        elif name == "unit":
            cell.value = line.unit_price
        elif name == "discount":
            cell.value = line.discount if line.discount else None
        elif name == "line_total":
            disc = f"*(1-{lc['discount']}{r})" if "discount" in lc else ""
            cell.value = f"=ROUND({lc['qty']}{r}*{lc['unit']}{r}{disc},2)"
        else:
            cell.value = None

    def _pct_value(self, cell, name, p, quote, r, pc, new_value, lang, t) -> None:
        if name == "pos":
            cell.value = p.position
        elif name == "number":
            _text(cell, p.article.number)
        elif name == "name":
            rate = format_percent(p.rate, lang)
            if p.kind == "up2date":
                owned = t["owned"].format(value=format_eur(p.owned_value, lang)) if p.owned_value else ""
                detail = t["up2date"].format(rate=rate, owned=owned)
            elif p.kind == "addon":
                detail = t["addon"].format(rate=rate, years=p.years, months=p.months)
            else:
                detail = t["upgrade"].format(rate=rate, release=p.release)
            _text(cell, f"{p.article.name(lang)}\n{detail}")
        elif name == "base":
            if p.kind == "upgrade" or new_value is None:
                cell.value = p.base
            elif p.kind == "up2date" and p.owned_value:
                cell.value = f"=ROUND({p.owned_value}+{new_value},2)"
            else:
                cell.value = f"=ROUND({new_value},2)"
        elif name == "rate":
            cell.value = p.rate
        elif name == "amount":
            months = f"*{p.months}/12" if p.kind == "addon" else ""
            cell.value = f"=ROUND({pc['base']}{r}*{pc['rate']}{r}{months},2)"
        else:
            cell.value = None


def default_template(lang: str = "de") -> Path:
    return TEMPLATE_DIR / f"quote_{lang}.xlsx"


# --------------------------------------------------------------------------- one quote

@dataclass
class QuoteResult:
    """What the summary and the command line need to know about one quote."""

    quote_id: str
    customer: str = ""
    lines: int = 0
    licence_total: Decimal | None = None
    up2date: Decimal | None = None
    net: Decimal | None = None
    status: str = "ok"  # "ok" | "failed" | worst finding severity
    findings: str = ""
    file: str = ""
    error: str = ""
    notes: list = field(default_factory=list)  # values of the orders sheet written with a change

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class Settings:
    template: str
    out: str
    lang: str = "de"
    force: bool = False
    vat: Decimal | None = None
    catalog: str | None = None


class Generator:
    """Everything one process needs to write quotes: template, catalog and settings, loaded once."""

    def __init__(self, settings: Settings, catalog: Catalog | None = None, template: QuoteTemplate | None = None):
        self.settings = settings
        self.catalog = catalog if catalog is not None else get_catalog(settings.catalog)
        self.template = template if template is not None else QuoteTemplate(settings.template)
        self.out = Path(settings.out)

    def price(self, order) -> Quote:
        return price_quote(order.lines, order.owned, order.options, catalog=self.catalog,
                           vat_rate=self.settings.vat, quote_id=order.quote_id, customer=order.customer,
                           date=order.date)

    def write(self, order, file_name: str) -> QuoteResult:
        lang = self.settings.lang
        t = TEXTS[lang]
        result = QuoteResult(order.quote_id, order.customer, file=file_name,
                             notes=[n.message(lang) for n in getattr(order, "notes", ())])
        try:
            quote = self.price(order)
            result.lines = len(quote.lines) + len(quote.percent_lines)
            result.licence_total, result.up2date, result.net = quote.licence_total, quote.up2date_total, quote.net
            result.status = quote.worst_severity or "ok"
            result.findings = "\n".join([f"{t['severity'].get(f.severity, f.severity)}: {f.message(lang)}"
                                         for f in quote.findings] + [f"{t['severity']['INFO']}: {n}"
                                                                     for n in result.notes])
            if result.notes and result.status == "ok":
                result.status = "INFO"
            target = self.out / file_name
            if target.exists() and not self.settings.force:
                raise OutputError(t["exists"].format(name=target), detail_en=TEXTS["en"]["exists"].format(name=target))
            atomic_save(self.template.fill(quote, lang), target)
        except XPhoneError as exc:
            result.status, result.error = "failed", exc.message(lang)
        except OSError as exc:
            result.status, result.error = "failed", output_failure(exc, self.out / file_name).message(lang)
        except Exception as exc:  # a bug must not stop the batch
            result.status, result.error = "failed", t["internal"].format(kind=type(exc).__name__, text=exc)
        if result.failed:
            result.file = ""
        return result


_WORKER: dict = {}
CHUNK = 8  # quotes per task sent to a worker: one message each way for several quotes


def _init_worker(settings: Settings, inherited: bool = False) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; a running quote is finished
    if not (inherited and "generator" in _WORKER):  # a forked worker has the parent's, loaded already
        _WORKER["generator"] = Generator(settings)


def _work(tasks) -> list[QuoteResult]:
    generator = _WORKER["generator"]
    return [generator.write(order, file_name) for order, file_name in tasks]


# --------------------------------------------------------------------------- batch

@dataclass
class BatchResult:
    total: int = 0
    done: int = 0
    written: int = 0
    failed: int = 0
    with_errors: int = 0  # quotes with an ERROR finding
    interrupted: bool = False
    summary: Path | None = None
    pdfs: list = field(default_factory=list)
    messages: list = field(default_factory=list)  # one line per failed quote
    notes: list = field(default_factory=list)  # one line per value written with a change (see orders.Note)
    checks: list = field(default_factory=list)  # one line per quote with an ERROR finding: its first one
    output_errors: int = 0  # the summary or a PDF that could not be written
    seconds: float = 0.0


def parse_vat(value) -> Decimal | None:
    """``19``, ``"19 %"``, ``0.19`` -> 0.19; None stays None (catalog rate)."""
    if value is None or str(value).strip() == "":
        return None
    rate = to_decimal(value, "MwSt-Satz", what_en="VAT rate")
    if not (isinstance(value, str) and value.strip().endswith("%")) and rate >= 1:
        rate = rate / 100
    if rate < 0 or rate > 1:
        from .errors import BadValue

        raise BadValue("MwSt-Satz", value, "Erlaubt: 0 bis 100 %.", what_en="VAT rate", hint_en="Allowed: 0 to 100 %.")
    return rate


def run_batch(orders, out="quotes", *, template=None, jobs: int = 1, pdf: bool = False, force: bool = False,
              lang: str | None = None, vat=None, today: dt.date | None = None, progress=None) -> BatchResult:
    """Write one quote workbook per quote of ``orders`` into ``out``, and a summary workbook.

    ``progress(done, total)`` is called after each quote. A quote that fails is
    reported in the result and the others go on. Ctrl-C stops after the quotes
    being written are complete; ``result.interrupted`` says so.
    """
    from .orders import read_orders

    started = time.perf_counter()
    lang = lang or default_language()
    t = TEXTS[lang]
    if pdf:
        from .libreoffice import INSTALL_HINT, INSTALL_HINT_EN, find_soffice

        if find_soffice() is None:
            raise OutputError(INSTALL_HINT, detail_en=INSTALL_HINT_EN)
    catalog = get_catalog()
    settings = Settings(template=str(template or default_template(lang)), out=str(out), lang=lang, force=force,
                        vat=parse_vat(vat), catalog=catalog.path)
    tmpl = QuoteTemplate(settings.template)
    reader = read_orders(orders, catalog=catalog, today=today or dt.date.today())
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{out} ist eine Datei, kein Ordner; mit --out einen Ordner angeben.",
                          detail_en=f"{out} is a file, not a folder; name a folder with --out.") from None
    except OSError as exc:
        raise output_failure(exc, out, "folder") from None
    summary_path = out / f"{t['summary']}.xlsx"
    if summary_path.exists() and not force:
        raise OutputError(t["exists"].format(name=summary_path),
                          detail_en=TEXTS["en"]["exists"].format(name=summary_path))
    result = BatchResult(total=len(reader))
    names = FileNames(t["prefix"])
    summary = _Summary(lang)
    written: list[Path] = []

    def record(res: QuoteResult) -> None:
        result.done += 1
        result.notes.extend(f"{t['quote']} {res.quote_id or '?'}: {n}" for n in res.notes)
        if res.failed:
            result.failed += 1
            result.messages.append(f"{t['quote']} {res.quote_id or '?'}: {res.error}")
        else:
            result.written += 1
            written.append(out / res.file)
            if res.status == "ERROR":
                result.with_errors += 1
                result.checks.append(f"{t['quote']} {res.quote_id}: {res.findings.splitlines()[0]}")
        summary.add(res)
        if progress is not None:
            progress(result.done, result.total)

    def failed_order(order) -> QuoteResult:
        return QuoteResult(order.quote_id, order.customer, status="failed",
                           error=" | ".join(e.message(lang) for e in order.errors),
                           notes=[n.message(lang) for n in getattr(order, "notes", ())])

    def tasks():
        for order in reader:
            yield order, (None if order.errors else names(order.quote_id))

    try:
        if jobs <= 1:
            generator = Generator(settings, catalog=catalog, template=tmpl)
            for order, name in tasks():
                record(failed_order(order) if name is None else generator.write(order, name))
        else:
            _run_parallel(tasks(), settings, jobs, record, failed_order, total=result.total,
                          generator=Generator(settings, catalog=catalog, template=tmpl))
        if pdf and written:
            try:
                result.pdfs = _write_pdfs(written, out, force, lang, result)
            except OSError as exc:
                result.output_errors += 1
                result.messages.append(output_failure(exc, out / "x.pdf").message(lang))
    except KeyboardInterrupt:
        result.interrupted = True
    try:
        summary.save(summary_path)
        result.summary = summary_path
    except OutputError as exc:  # the quotes written stay; the command exits 1
        summary.discard()
        result.output_errors += 1
        result.messages.append(exc.message(lang))
    except KeyboardInterrupt:  # a second Ctrl-C while the summary is saved: the quotes are complete
        summary.discard()
        result.interrupted = True
    result.seconds = time.perf_counter() - started
    return result


def _run_parallel(tasks, settings: Settings, jobs: int, record, failed_order, total: int = 0,
                  generator: Generator | None = None) -> None:
    """Spread quotes over worker processes, a few tasks in flight per worker; results in input order.

    A task is a chunk of up to :data:`CHUNK` quotes (fewer towards the end of
    the batch, so that no worker is left with a long tail); a quote that
    failed while reading is recorded in its place without a worker. With
    ``fork`` the workers take the parent's ``generator`` (catalog and template
    loaded once) instead of loading their own.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pending: deque = deque()  # futures (a list of results each) and ready results, in input order
    head = [0]  # results of pending[0] recorded so far
    window = jobs * 3
    chunk: list = []
    sent = [0]

    def results(item):
        return item.result() if hasattr(item, "result") else [item]

    def take():
        items = results(pending[0])
        while head[0] < len(items):
            head[0] += 1  # counted before recording, as the single quote was popped before
            record(items[head[0] - 1])
        pending.popleft()  # only now: a Ctrl-C while waiting leaves the item for the count below
        head[0] = 0

    if generator is not None and method == "fork":
        _WORKER["generator"] = generator
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker, initargs=(settings, method == "fork")) as pool:

            def flush():
                if chunk:
                    pending.append(pool.submit(_work, tuple(chunk)))
                    sent[0] += len(chunk)
                    chunk.clear()

            try:
                for order, name in tasks:
                    if name is None:
                        flush()
                        pending.append(failed_order(order))
                    else:
                        chunk.append((order, name))
                        left = max(total - sent[0], 0)
                        if len(chunk) >= max(1, min(CHUNK, left // (3 * jobs))):
                            flush()
                    while len(pending) >= window or (pending and not hasattr(pending[0], "result")):
                        take()
                flush()
                while pending:
                    take()
            except KeyboardInterrupt:
                chunk.clear()  # never sent: not written
                for item in pending:
                    if hasattr(item, "cancel"):
                        item.cancel()
                pool.shutdown(wait=True, cancel_futures=True)  # running quotes finish as whole files
                for item in pending:  # count those in the summary, in order, up to the first one not written
                    if hasattr(item, "result") and not (item.done() and not item.cancelled()
                                                        and item.exception() is None):
                        break
                    items = results(item)
                    while head[0] < len(items):
                        head[0] += 1
                        record(items[head[0] - 1])
                    head[0] = 0
                raise
    finally:
        _WORKER.pop("generator", None)


def _write_pdfs(paths: list[Path], out: Path, force: bool, lang: str, result: BatchResult) -> list[Path]:
    """One LibreOffice process for all quotes; each PDF is moved into place whole."""
    import shutil
    import tempfile

    from .libreoffice import convert

    todo = [p for p in paths if force or not p.with_suffix(".pdf").exists()]
    for p in paths:
        if p not in todo:
            name = p.with_suffix(".pdf").name
            result.messages.append(TEXTS[lang]["exists"].format(name=name) if lang == "de"
                                   else TEXTS["en"]["exists"].format(name=name))
    if not todo:
        return []
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=out) as tmp:
        made = convert(todo, "pdf", tmp)
        done = []
        for src, xlsx in zip(made, todo):
            target = xlsx.with_suffix(".pdf")
            try:
                os.replace(src, target)
            except OSError as exc:
                result.output_errors += 1
                result.messages.append(output_failure(exc, target, "replace").message(lang))
                continue
            done.append(target)
        shutil.rmtree(tmp, ignore_errors=True)
    return done


class _Summary:
    """The summary workbook, written row by row (write-only mode keeps memory flat)."""

    def __init__(self, lang: str):
        from openpyxl import Workbook

        self.lang = lang
        self.t = TEXTS[lang]
        self.wb = Workbook(write_only=True)
        self.ws = self.wb.create_sheet(self.t["summary"])
        for letter, width in zip("ABCDEFGHI", (14, 30, 10, 15, 13, 15, 16, 60, 30)):
            self.ws.column_dimensions[letter].width = width
        self.ws.freeze_panes = "A2"
        self._row(list(self.t["head"]), bold=True)

    def _row(self, values, bold=False):
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(self.ws)
            if isinstance(value, str):
                _text(cell, value)
            else:
                cell.value = value
                if isinstance(value, Decimal):
                    cell.number_format = '#,##0.00 "€"' if self.lang == "de" else '"€"#,##0.00'
            if bold:
                cell.font = Font(bold=True)
            cells.append(cell)
        self.ws.append(cells)

    def add(self, r: QuoteResult) -> None:
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
