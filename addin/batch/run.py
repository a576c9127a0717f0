"""Bulk quotes: one filled quote workbook per quote of an orders sheet, plus a summary workbook.

The template is read once per process (:mod:`.template`); for each quote the
writer prices it (:func:`addin.quote.price_quote`), fills a copy of the
template and saves the file atomically (:func:`addin.xlsx.save.atomic_save`).
With ``jobs`` > 1 the quotes are spread over worker processes; the summary
(:mod:`.summary`) and PDFs (:mod:`.pdf`) follow.

What a quote becomes: a quote whose checks report an ERROR, or that is priced
with a price list still in status ``Entwurf``, is written only as a draft
(``Angebot-<id>-ENTWURF.xlsx``, marked in red on the quote), and not at all
with ``strict``; a quote with nothing to sell (no line with a quantity)
fails. With ``force`` an earlier run's file of the same quote under the other
name, or under both names when the quote fails now, is removed, so the folder
never holds an outdated quote that looks valid; without ``force`` nothing
existing is touched.

Example::

    >>> import pathlib, tempfile
    >>> result = run_batch("workbook_templates/example_orders.xlsx", pathlib.Path(tempfile.mkdtemp()) / "quotes")
    >>> result.written, result.failed
    (6, 0)
"""
from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ..catalog import Catalog, get_catalog
from ..catalog.validity import default_date
from ..checks import Finding
from ..document import QuoteDetails, is_draft, price_order, with_seller_problem
from ..errors import OrdersError, OutputError, RuleViolation, XPhoneError, default_language, in_language
from ..i18n import Text
from ..quote import Quote
from ..tax import DOMESTIC, Treatment
from ..values import to_date
from ..xlsx.save import atomic_save, leftover_temporary_files, output_failure, same_file
from . import pdf as pdf_out
from .calculator_order import CalculatorOrders, is_calculator
from .files import FileNames, clear_stale, draft_name, variants
from .lock import folder_lock
from .orders import VALID_DAYS, parse_vat, read_orders
from .record import RECORD_NAME, Record, fingerprint, run_context
from .summary import Summary, summary_items
from .template import QuoteTemplate, default_template
from .texts import TEXTS, in_date


@dataclass
class QuoteResult:
    """What the summary and the command line need to know about one quote."""

    quote_id: str
    customer: str = ""
    lines: int = 0
    licence_total: Decimal | None = None
    up2date: Decimal | None = None
    net: Decimal | None = None
    gross: Decimal | None = None
    status: str = "ok"  # "ok" | "failed" | worst finding severity ("ERROR": written as a draft)
    findings: str = ""  # for the seller: findings that are no customer note, and the notes below
    file: str = ""
    error: str = ""
    notes: list = field(default_factory=list)  # values of the orders sheet written with a change
    removed: list = field(default_factory=list)  # an earlier run's files of this quote, removed (--force)
    items: tuple = ()  # what the summary's totals need: see summary.summary_items
    price_list: str = ""  # name of the price list that priced the quote
    valid_from: dt.date | None = None  # its first day
    draft_list: bool = False  # that list is still in status Entwurf: the quote is a draft
    disk_full: bool = False  # its file failed on a full disk: the run stops
    name: str = ""  # the file name of the quote when it is no draft (FileNames); its draft adds the suffix
    fingerprint: str = ""  # of what made it (record.fingerprint)
    run: str = "written"  # what this run did with it: see texts TEXTS[lang]["run"]
    warning: str = ""  # a warning the command line repeats (the quote has expired)
    vat: Decimal | None = None  # the VAT amount
    vat_treatment: str = ""  # the VAT treatment as the summary names it (addin.tax.Treatment.described)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def draft(self) -> bool:
        """Written as a draft: the checks report an ERROR, or the price list is still in status Entwurf."""
        return not self.failed and (self.status == "ERROR" or self.draft_list)

    def entry(self) -> dict:
        """The quote as the folder's record keeps it (plain JSON values)."""
        return {"fingerprint": self.fingerprint, "file": self.file, "name": self.name,
                "written": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                **{key: _to_json(getattr(self, key)) for key in _RECORDED}}

    @classmethod
    def from_entry(cls, quote_id: str, entry: dict, run: str) -> QuoteResult:
        """The quote a record entry describes, for the summary of a run that did not write it."""
        values = {key: _from_json(key, entry.get(key)) for key in _RECORDED if key in entry}
        return cls(quote_id, file=str(entry.get("file", "")), name=str(entry.get("name", "")),
                   fingerprint=str(entry.get("fingerprint", "")), run=run, **values)


_RECORDED = ("customer", "lines", "licence_total", "up2date", "net", "gross", "status", "findings", "notes", "items",
             "price_list", "valid_from", "draft_list", "vat", "vat_treatment")
_AMOUNTS = ("licence_total", "up2date", "net", "gross", "vat")


def _to_json(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    return value


def _tuples(value):
    """JSON lists back to tuples; texts (article numbers and names, repeated in every quote) shared, not copied."""
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return sys.intern(value) if isinstance(value, str) else value


def _from_json(key: str, value):
    if value is None:
        return None
    if key in _AMOUNTS:
        return Decimal(value)
    if key == "valid_from":
        return dt.date.fromisoformat(value)
    if key == "items":
        return _tuples(value)
    return value


@dataclass
class WriterSettings:
    """What a :class:`QuoteWriter` needs to know, picklable for worker processes."""

    template: str
    out: str
    lang: str = "de"
    force: bool = False  # the quotes it is given replace their files, and stale ones of the quote go
    vat: Decimal | None = None
    catalog: str | None = None
    strict: bool = False  # a draft (ERROR finding, price list in Entwurf) is not written at all
    price_date: dt.date | None = None  # price every quote with the list of this day instead of its own date
    today: dt.date | None = None  # a quote whose validity ended before this day is expired


class QuoteWriter:
    """Writes quote workbooks: template, catalog and settings, loaded once per process."""

    def __init__(self, settings: WriterSettings, catalog: Catalog | None = None,
                 template: QuoteTemplate | None = None):
        self.settings = settings
        self.catalog = catalog if catalog is not None else get_catalog(settings.catalog)
        self.template = template if template is not None else QuoteTemplate(settings.template)
        self.out = Path(settings.out)

    def price(self, order) -> Quote:
        """The quote priced as every writer prices it (:func:`addin.document.price_order`): the list valid on its
        date (or on ``settings.price_date``), the VAT of its treatment (the domestic rate is ``--vat`` or the
        catalog's), a draft while an EU customer's VAT ID is missing."""
        return price_order(order, self.catalog, self.settings.vat, self.settings.price_date)

    def valid_until(self, order) -> dt.date | None:
        """The quote's last day: the orders sheet's, else counted from the day it is priced on (a quote priced
        with ``--price-date`` after its date is valid for as long from that day)."""
        valid_until, date = getattr(order, "valid_until", None), getattr(order, "date", None)
        priced = self.settings.price_date
        given = "valid_until" in getattr(order, "seen", {})
        if valid_until is None or date is None or priced is None or priced <= date or given:
            return valid_until
        return priced + (valid_until - date)

    def expired(self, order, quote: Quote) -> Quote:
        """The quote with a WARNING for the seller when its validity ended before today (``--strict``: refused)."""
        valid_until, today = self.valid_until(order), self.settings.today
        if valid_until is None or today is None or valid_until >= today:
            return quote
        said = Text("quote.expired", valid_until=in_date(valid_until), today=in_date(today))
        if self.settings.strict:
            raise RuleViolation(Text("batch.strict_expired", why=said))
        finding = Finding("WARNING", "QUOTE_EXPIRED", said("de"), said("en"))
        return replace(quote, findings=(*quote.findings, finding))

    def seller_checked(self, quote: Quote) -> Quote:
        """The quote with an ERROR for the seller when the template's seller data lacks what a business letter of
        its legal form must show (batch.seller): such a quote is a draft."""
        return with_seller_problem(quote, self.template.footer_problem(self.settings.lang))

    def details(self, order, quote: Quote) -> QuoteDetails:
        return QuoteDetails(address=dict(getattr(order, "details", {}) or {}),
                            valid_until=self.valid_until(order), owned=quote.owned,
                            draft=is_draft(quote),
                            notes=tuple(n.message(self.settings.lang) for n in getattr(order, "notes", ())),
                            tax=tax_of(order))

    def write(self, order, file_name: str, fingerprint: str = "") -> QuoteResult:
        lang = self.settings.lang
        t = TEXTS[lang]
        result = QuoteResult(order.quote_id, order.customer, file=file_name, name=file_name, fingerprint=fingerprint,
                             notes=[n.message(lang) for n in getattr(order, "notes", ())])
        output_failed = False
        try:
            if not any(line.quantity for line in order.lines):
                raise nothing_to_sell(order)
            quote = self.seller_checked(self.expired(order, self.price(order)))
            brought = tuple(getattr(order, "findings", ()))  # notes its run adds (a renewal's term and alternatives)
            if brought:
                quote = replace(quote, findings=(*quote.findings, *brought))
            expired = next((f for f in quote.findings if f.rule_id == "QUOTE_EXPIRED"), None)
            if expired is not None:
                result.warning = f"{t['severity']['WARNING']}: {expired.message(lang)}"
            result.lines = len(quote.lines) + len(quote.percent_lines)
            result.licence_total, result.up2date, result.net = quote.licence_total, quote.up2date_total, quote.net
            result.gross, result.vat = quote.gross, quote.vat
            result.vat_treatment = tax_of(order).described(quote.vat_rate)(lang)
            result.price_list, result.valid_from = quote.price_list, quote.valid_from
            result.draft_list = quote.on_draft_list
            result.status = quote.worst_severity or "ok"
            seller = [f for f in quote.findings if not f.customer]
            result.findings = "\n".join([f"{t['severity'].get(f.severity, f.severity)}: {f.message(lang)}"
                                         for f in seller] + [f"{t['severity']['INFO']}: {n}" for n in result.notes])
            if result.notes and result.status == "ok":
                result.status = "INFO"
            details = self.details(order, quote)
            if details.draft and self.settings.strict:
                first = next((f for f in quote.findings if f.severity == "ERROR"), None)
                why = first if first else Text("quote.draft_list", name=quote.price_list)
                raise RuleViolation(Text("batch.strict_no_draft", why=why))
            if details.draft:
                result.file = draft_name(file_name, t["draft_suffix"])
            target = self.out / result.file
            if not self.settings.force:
                existing = next((n for n in variants(file_name, t["draft_suffix"]) if (self.out / n).exists()), None)
                if existing is not None:
                    name = self.out / existing
                    raise OutputError(Text("quote.exists", name=name))
            workbook = self.template.fill(quote, lang, details)
            output_failed = True  # from here on a failure is the output's, not the quote's
            atomic_save(workbook, target)
            result.items = summary_items(quote)
        except XPhoneError as exc:
            result.status, result.error = "failed", exc.message(lang)
            result.disk_full = getattr(exc, "disk_full", False)
        except OSError as exc:
            failure = output_failure(exc, self.out / file_name)
            result.status, result.error, result.disk_full = "failed", failure.message(lang), failure.disk_full
            output_failed = True
        except Exception as exc:  # a bug must not stop the batch
            result.status, result.error = "failed", t["internal"].format(kind=type(exc).__name__, text=exc)
        if self.settings.force and file_name:
            # the folder must not keep an outdated quote that looks valid: an earlier run's file under the
            # other name, or under both when this quote failed (an output failure leaves the old file as it is)
            if not (result.failed and output_failed):
                result.removed = self.clear(file_name, None if result.failed else result.file, result)
        if result.failed:
            result.file = ""
        return result

    def clear(self, file_name: str, keep: str | None, result: QuoteResult) -> list[str]:
        removed, kept = clear_stale(self.out, file_name, TEXTS[self.settings.lang]["draft_suffix"], keep)
        for name, exc in kept:
            result.notes.append(output_failure(exc, self.out / name, "replace").message(self.settings.lang))
        return removed


def tax_of(order) -> Treatment:
    """The VAT treatment the orders sheet gave a quote (the domestic one for an order that says nothing)."""
    return getattr(order, "tax", DOMESTIC)


def nothing_to_sell(order) -> OrdersError:
    """A quote without a line with a quantity (only owned licences, or quantities 0) is an error, not a 0,00 € quote."""
    return OrdersError(Text("batch.nothing_to_sell", quote=order.quote_id), sheet=getattr(order, "sheet", ""),
                       row=getattr(order, "first_row", None) or None)


_WORKER: dict = {}
CHUNK = 8  # quotes per task sent to a worker: one message each way for several quotes


def _end_with_the_parent(parent: int, every: float = 0.5) -> None:
    """A worker ends when the run that started it is gone (kill -9, SIGTERM, a closed terminal): a thread sees
    the parent change and ends the process, so no worker writes on or holds the caller's output open. Polling
    the parent works on Linux, macOS and Windows alike."""
    def watch():
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="xphone-parent-watch", daemon=True).start()


def _init_worker(settings: WriterSettings, inherited: bool = False, parent: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; a running quote is finished
    if parent is not None:
        _end_with_the_parent(parent)
    if not (inherited and "writer" in _WORKER):  # a forked worker has the parent's, loaded already
        _WORKER["writer"] = QuoteWriter(settings)


def _work(tasks) -> list[QuoteResult]:
    writer = _WORKER["writer"]
    return [writer.write(order, file_name, fp) for order, file_name, fp in tasks]


@dataclass
class BatchResult:
    total: int = 0
    done: int = 0
    written: int = 0  # quote files written by this run, drafts included
    failed: int = 0
    drafts: int = 0  # drafts written: an ERROR finding or a price list in Entwurf (with --strict: failed)
    draft_lists: int = 0  # of them, quotes priced with a list in status Entwurf
    unchanged: int = 0  # files left as they were: the record shows the same input
    kept: int = 0  # files there already, not overwritten (no --resume or --force), input changed or unknown
    interrupted: bool = False
    summary: Path | None = None
    pdfs: list = field(default_factory=list)
    messages: list = field(default_factory=list)  # one line per failed quote
    stopped: bool = False  # the run stopped early (a full disk)
    notes: list = field(default_factory=list)  # one line per value written with a change (see orders.Note)
    checks: list = field(default_factory=list)  # one line per draft: its first ERROR finding
    output_errors: int = 0  # the summary or a PDF that could not be written
    seconds: float = 0.0
    # quote id -> (status, draft list, file, error) of each quote of this run: small, so that memory stays flat
    quotes: dict = field(default_factory=dict)


def run_batch(orders, out="quotes", *, template=None, jobs: int = 1, pdf: bool = False, force: bool = False,
              resume: bool = False, lang: str | None = None, vat=None, today: dt.date | None = None, progress=None,
              strict: bool = False, valid_days: int = VALID_DAYS, price_date=None) -> BatchResult:
    """Write one quote workbook per quote of ``orders`` into ``out``, and a summary workbook.

    Each quote is priced with the price list valid on its ``Datum`` (an undated quote: ``today``,
    default today's date); ``price_date`` prices every quote with the list of that day instead
    (to re-issue quotes under a new list). ``progress(done, total)`` is called after each quote.
    A quote that fails is reported in the result and the others go on. Ctrl-C stops after the
    quotes being written are complete; ``result.interrupted`` says so. Number text in the
    orders sheet and ``vat`` are read with the convention of ``lang`` (German: ``1.000``
    is one thousand).
    A quote with an ERROR finding, or priced with a list in status ``Entwurf``, is written as
    a draft, with ``strict`` not at all; a quote without ``Gültig bis`` is valid for
    ``valid_days`` from its date.

    The folder keeps a record of what each run wrote (:mod:`.record`), and the summary is made from it.
    Without ``force`` or ``resume`` an existing quote file is left alone: unchanged where the record
    shows the same input, else reported as there and not overwritten. ``resume`` writes the quotes that
    are missing or whose input changed since the record, and leaves the others as they are; ``force``
    writes every quote again and removes the files of quotes no longer in the orders sheet.
    """
    lang = lang or default_language()
    with in_language(lang):
        return _run_batch(orders, out, template, jobs, pdf, force, resume, lang, vat, today, progress, strict,
                          valid_days, price_date)


def _refuse_inputs_among_outputs(out: Path, summary_name: str, prefix: str, inputs) -> None:
    """No run writes or deletes a file it reads: an input in the output folder named like the summary or a quote
    (``Angebot-...``, which ``--force`` may rewrite or remove as outdated) stops the run before any file."""
    for path, what in inputs:
        if path is None or not Path(path).exists() or not same_file(Path(path).resolve().parent, out):
            continue
        name = Path(path).name
        if name.lower() in (summary_name.lower(), RECORD_NAME) or name.lower().startswith(f"{prefix}-".lower()):
            raise OutputError(Text("batch.input_among_outputs", path=path, what=Text(f"batch.input.{what}")))


class _Stop:
    """Ctrl-C while quotes are written: the first asks the run to stop after the quotes being written, and no
    further one breaks off what the run then still does (finishing those quotes, the record, the summary). The
    run looks at :attr:`asked` between quotes. Only the main thread can catch the signal; elsewhere Ctrl-C stays
    an exception, and the run still stops cleanly, without the files of the quote it interrupted."""

    def __init__(self):
        self.asked = False
        self._before = None

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            self._before = signal.signal(signal.SIGINT, self._ask)
        return self

    def _ask(self, signum, frame) -> None:
        self.asked = True

    def __exit__(self, *exc) -> None:
        if self._before is not None:
            signal.signal(signal.SIGINT, self._before)


def _open_folder(out) -> Path:
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(Text("batch.folder_is_file", out=out)) from None
    except OSError as exc:
        raise output_failure(exc, out, "folder") from None
    return out


def _run_batch(orders, out, template, jobs, pdf, force, resume, lang, vat, today, progress, strict,
               valid_days, price_date, *, reader=None, summary=None, summary_name: str = "") -> BatchResult:
    """The quote batch over the quotes of ``orders``; ``reader`` hands out the quotes instead (the renewals run:
    one per system, from the installed base ``orders``), ``summary`` makes the summary workbook for a language
    (default :class:`~.summary.Summary`) saved as ``summary_name`` (default ``Zusammenfassung``/``Summary``)."""
    started = time.perf_counter()
    t = TEXTS[lang]
    if pdf:
        if pdf_out.find_soffice() is None:
            raise OutputError(pdf_out.INSTALL_HINT)
    catalog = get_catalog()
    if price_date is not None:
        price_date = to_date(price_date, Text("label.price_date"))
        catalog.on(price_date)  # no list on that day: stop before any quote
    settings = WriterSettings(template=str(template or default_template(lang)), out=str(out), lang=lang,
                              force=force or resume, vat=parse_vat(vat), catalog=catalog.path, strict=strict,
                              price_date=price_date, today=today or default_date())
    tmpl = QuoteTemplate(settings.template)
    inputs = list(orders) if isinstance(orders, (list, tuple)) else [orders]
    if reader is None and all(is_calculator(p) for p in inputs):  # saved calculators: one order each
        reader = CalculatorOrders(inputs, catalog, today=today or default_date())
    elif reader is None:
        if len(inputs) != 1:
            raise OrdersError(Text("calculator_order.one_orders_sheet"))
        reader = read_orders(inputs[0], catalog=catalog, today=today or default_date(), valid_days=valid_days)
    out = _open_folder(out)
    with folder_lock(out):  # one run per folder, for the whole run
        _clear_leftovers(out)
        summary_path = out / f"{summary_name or t['summary']}.xlsx"
        _refuse_inputs_among_outputs(out, summary_path.name, t["prefix"],
                                     [*((p, "orders") for p in inputs), (settings.template, "template"),
                                      (catalog.path, "catalog")])
        if summary_path.exists() and not (force or resume):
            raise OutputError(Text("quote.exists_run", name=summary_path))
        try:
            record = Record.load(out)
        except OutputError:
            if not force:
                raise
            record = Record(out)  # --force writes every quote and the record anew
        context = run_context(catalog.path, settings.template, lang=lang, vat=settings.vat, strict=strict,
                              price_date=price_date)
        run = _Run(out, lang, force, resume, record, context, reader.quote_ids, progress, summary or Summary)
        run.result.total = len(reader)
        writer = QuoteWriter(settings, catalog=catalog, template=tmpl)
        run.writer = writer
        names = FileNames(t["prefix"], t["draft_suffix"])

        def tasks():
            for order in reader:
                name = names(order.quote_id) if order.quote_id else ""
                yield order, name, run.plan(order, name)

        with _Stop() as stop:
            try:
                if jobs <= 1:
                    for order, name, (fp, ready) in tasks():
                        run.take(ready if ready is not None else writer.write(order, name, fp))
                        if run.result.stopped or stop.asked:
                            break
                else:
                    _run_parallel(tasks(), settings, jobs, run.take, total=run.result.total, writer=writer, stop=stop)
            except KeyboardInterrupt:
                stop.asked = True
            run.result.interrupted = stop.asked
        result = run.result
        if pdf and not result.interrupted and not result.stopped:
            try:
                run.pdfs(pdf_out.write_pdfs(run.pdf_todo(), out, force or resume, lang, result, jobs=jobs))
            except OSError as exc:
                result.output_errors += 1
                result.messages.append(output_failure(exc, out / "x.pdf").message(lang))
            except KeyboardInterrupt:
                result.interrupted = True
        with _Stop():  # the record and the summary are finished whatever Ctrl-C says now
            run.finish(summary_path)
        result.seconds = time.perf_counter() - started
        return result


def _clear_leftovers(out: Path) -> None:
    """Remove what a killed run left half-done in the folder: temporary files of quotes, the summary and the
    record, and the scratch folder of its PDFs with the LibreOffice profiles in it. Only a run that holds the
    folder's lock does this: no other run is writing there."""
    for leftover in leftover_temporary_files(out):
        try:
            leftover.unlink()
        except OSError:
            pass
    for scratch in out.glob(f"{pdf_out.SCRATCH_PREFIX}*"):
        if scratch.is_dir() and not scratch.is_symlink():
            shutil.rmtree(scratch, ignore_errors=True)


class _Run:
    """One run into one folder: what to do with each quote, its record, and its summary."""

    def __init__(self, out: Path, lang: str, force: bool, resume: bool, record: Record, context: str,
                 order_ids: list[str], progress, summary=Summary):
        self.out, self.lang, self.t = out, lang, TEXTS[lang]
        self.force, self.resume = force, resume
        self.record, self.context = record, context
        self.order_ids = {qid: i for i, qid in enumerate(order_ids)}
        self.progress = progress
        self.result = BatchResult()
        # this run's quotes in order: (quote id, what the run did, the result where the record has no entry for
        # it, files removed); the summary is made at the end from these and the record
        self.rows: list[tuple[str, str, QuoteResult | None, tuple[str, ...]]] = []
        self.seen: set[str] = set()  # their quote ids
        self.files: dict[str, tuple[bool, str]] = {}  # quote file -> (written now, quote id), for the PDFs
        self.writer: QuoteWriter | None = None
        self.summary = summary  # the summary workbook for a language

    def plan(self, order, name: str) -> tuple[str, QuoteResult | None]:
        """The quote's fingerprint, and its result where no writer is needed: read errors, a file left as it is."""
        fp = fingerprint(order, self.context)
        if order.errors:
            return fp, self.failed_order(order, name)
        entry = self.record.get(order.quote_id)
        if not self.force and entry and entry.get("fingerprint") == fp and self._there(entry.get("file")):
            return fp, QuoteResult.from_entry(order.quote_id, entry, "unchanged")
        if self.force or self.resume:
            return fp, None
        existing = next((n for n in variants(name, self.t["draft_suffix"]) if (self.out / n).exists()), None)
        if existing is None:
            return fp, None
        if entry and entry.get("file") == existing:
            return fp, QuoteResult.from_entry(order.quote_id, entry, "kept_changed")
        return fp, QuoteResult(order.quote_id, order.customer, status="unknown", file=existing, name=name,
                               run="kept_unknown")

    def _there(self, file) -> bool:
        return bool(file) and (self.out / str(file)).is_file()

    def failed_order(self, order, name: str) -> QuoteResult:
        res = QuoteResult(order.quote_id, order.customer, status="failed", name=name, run="failed",
                          error=" | ".join(e.message(self.lang) for e in order.errors),
                          notes=[n.message(self.lang) for n in getattr(order, "notes", ())])
        if (self.force or self.resume) and name and self.writer is not None:
            # it failed in this run: an earlier run's file of it must not stay as if valid
            res.removed = self.writer.clear(name, None, res)
        else:
            left = self.record.get(order.quote_id)
            if left and self._there(left.get("file")):
                res.notes.append(self.t["left"].format(name=left["file"]))
        return res

    def take(self, res: QuoteResult) -> None:
        """Count a quote's result, write it to the record and the summary."""
        result, t = self.result, self.t
        result.done += 1
        result.notes.extend(f"{t['quote']} {res.quote_id or '?'}: {n}" for n in res.notes
                            if res.run == "written" or res.failed)
        result.notes.extend(f"{t['quote']} {res.quote_id or '?'}: {t['removed'].format(name=n)}"
                            for n in res.removed)
        if res.failed:
            res.run = "failed"
            result.failed += 1
            result.messages.append(f"{t['quote']} {res.quote_id or '?'}: {res.error}")
            if res.removed or self.force or self.resume:
                self.record.drop(res.quote_id)  # its files went with it
        elif res.run == "written":
            result.written += 1
            self.files[res.file] = (True, res.quote_id)
            self.record.put(res.quote_id, res.entry())
            if res.draft:
                result.drafts += 1
                result.draft_lists += res.draft_list
                first = (res.findings.splitlines()[0] if res.status == "ERROR" else
                         t["draft_list"].format(name=res.price_list))
                result.checks.append(f"{t['quote']} {res.quote_id}: {first}")
            if res.warning:
                result.checks.append(f"{t['quote']} {res.quote_id}: {res.warning}")
        elif res.run == "unchanged":
            result.unchanged += 1
            self.files[res.file] = (False, res.quote_id)
        else:
            result.kept += 1
            result.notes.append(f"{t['quote']} {res.quote_id}: {t['run_note'][res.run].format(name=res.file)}")
        self.seen.add(res.quote_id)
        result.quotes[res.quote_id] = (res.status, res.draft_list, res.file, res.error)
        recorded = res.run in ("written", "unchanged", "kept_changed")
        self.rows.append((res.quote_id, res.run, None if recorded else res, tuple(res.removed)))
        self.record.checkpoint()
        if res.disk_full:  # every later quote would fail the same way: stop, say so once
            result.stopped = True
            result.messages.append(t["disk_full"])
        if self.progress is not None:
            self.progress(result.done, result.total)

    def pdf_todo(self) -> list[Path]:
        """The quotes that need a PDF: each file this run wrote, and each unchanged one whose PDF is missing."""
        paths = ((self.out / name, fresh) for name, (fresh, _qid) in self.files.items())
        return [p for p, fresh in paths if fresh or not p.with_suffix(".pdf").exists()]

    def pdfs(self, done: list[Path]) -> None:
        self.result.pdfs = done
        for pdf in done:
            qid = self.files.get(pdf.with_suffix(".xlsx").name, (False, None))[1]
            entry = self.record.get(qid) if qid is not None else None
            if qid is not None and entry is not None:
                self.record.put(qid, {**entry, "pdf": pdf.name})

    def finish(self, summary_path: Path) -> None:
        """The quotes of the record this run did not reach, the record saved, the summary written from both."""
        result, t = self.result, self.t
        complete = not (result.interrupted or result.stopped)
        summary = self.summary(self.lang)  # made now, from the record: its scratch files live only while it is saved
        for qid, run, res, removed in self.rows:
            if res is None:
                res = QuoteResult.from_entry(qid, self.record.get(qid) or {}, run)
                res.removed = list(removed)
            summary.add(res)
        rest = sorted((qid for qid in self.record.ids() if qid not in self.seen),
                      key=lambda qid: (self.order_ids.get(qid, len(self.order_ids)), qid))
        for qid in rest:
            entry = self.record.get(qid) or {}
            if not self._there(entry.get("file")):
                self.record.drop(qid)  # its file is gone: the record lists what is in the folder
            elif qid in self.order_ids:  # not reached: the run was interrupted
                summary.add(QuoteResult.from_entry(qid, entry, "not_reached"))
            elif self.force and complete and self.writer is not None:
                gone = QuoteResult(qid)
                dropped = self.writer.clear(str(entry.get("name") or entry["file"]), None, gone)
                result.notes.extend(f"{t['quote']} {qid}: {t['dropped'].format(name=n)}" for n in dropped)
                result.notes.extend(f"{t['quote']} {qid}: {n}" for n in gone.notes)
                if not self._there(entry.get("file")):
                    self.record.drop(qid)
            else:
                summary.add(QuoteResult.from_entry(qid, entry, "not_in_orders"))
        try:
            self.record.save()
        except OutputError as exc:  # the last checkpoint stays: --resume writes the quotes it lacks again
            result.output_errors += 1
            if not (exc.disk_full and result.stopped):  # the run stopped on the full disk and said so
                result.messages.append(exc.message(self.lang))
        try:
            summary.save(summary_path)
            result.summary = summary_path
        except OutputError as exc:  # the quotes written stay; the command exits 1
            summary.discard()
            result.output_errors += 1
            result.messages.append(exc.message(self.lang))
        except KeyboardInterrupt:  # raised by a caller's own handler: the quotes are complete, the summary not
            summary.discard()
            result.interrupted = True


def _run_parallel(tasks, settings: WriterSettings, jobs: int, take, total: int = 0,
                  writer: QuoteWriter | None = None, stop: _Stop | None = None) -> None:
    """Spread quotes over worker processes, a few tasks in flight per worker; results in input order.

    A task is a chunk of up to :data:`CHUNK` quotes (fewer towards the end of
    the batch, so that no worker is left with a long tail); a quote whose result
    is known without a writer (a read error, a file left as it is) is taken in
    its place. With ``fork`` the workers take the parent's ``writer`` (catalog
    and template loaded once) instead of loading their own. When ``stop`` is
    asked, no further quote is sent, the quotes being written are finished, and
    every result that came back is taken.
    """
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pending: deque = deque()  # futures (a list of results each) and ready results, in input order
    window = jobs * 3
    chunk: list = []
    sent = [0]
    asked = (lambda: stop.asked) if stop is not None else (lambda: False)

    head = [0]  # results of pending[0] taken so far

    def results(item):
        return item.result() if hasattr(item, "result") else [item]

    def take_first():
        items = results(pending[0])
        while head[0] < len(items):
            head[0] += 1  # counted before taking: a Ctrl-C inside take() does not take it twice
            take(items[head[0] - 1])
        pending.popleft()  # only now: a Ctrl-C while waiting leaves the item for drain()
        head[0] = 0

    def drain(pool):
        """Stop: nothing more is sent; the quotes being written finish as whole files, and all that came back,
        in input order, is taken (a quote left unwritten leaves no gap in what follows it)."""
        chunk.clear()
        for item in pending:
            if hasattr(item, "cancel"):
                item.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for item in pending:
            if hasattr(item, "result") and (item.cancelled() or item.exception() is not None):
                continue
            for res in results(item)[head[0]:]:
                take(res)
            head[0] = 0
        pending.clear()

    if writer is not None and method == "fork":
        _WORKER["writer"] = writer
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                 initializer=_init_worker, initargs=(settings, method == "fork", os.getpid())) as pool:

            def flush():
                if chunk:
                    pending.append(pool.submit(_work, tuple(chunk)))
                    sent[0] += len(chunk)
                    chunk.clear()

            try:
                for order, name, (fp, ready) in tasks:
                    if ready is not None:
                        flush()
                        pending.append(ready)
                    else:
                        chunk.append((order, name, fp))
                        left = max(total - sent[0], 0)
                        if len(chunk) >= max(1, min(CHUNK, left // (3 * jobs))):
                            flush()
                    while not asked() and (len(pending) >= window or (pending and not hasattr(pending[0], "result"))):
                        take_first()
                    if asked():
                        break
                if not asked():
                    flush()
                while pending and not asked():
                    take_first()
                if asked():
                    drain(pool)
            except KeyboardInterrupt:
                drain(pool)
                raise
    finally:
        _WORKER.pop("writer", None)
