"""The renewals run: one Up2Date renewal quote for every system of the installed base whose term ends in a window.

Each system whose Up2Date ends between ``date_from`` and ``date_to`` gets, on the quote date (:mod:`addin.renewals`):

* a running term with at most 12 months left: the Up2Date article of the same term (``term`` for another) on
  the list value of the complete system, with the new term's first and last day printed as a note; ``terms``
  adds other terms as alternative positions, printed as notes and not part of the total;
* a lapsed term: the OneTime Upgrade from its release with a new term, and a note since when it has had no
  Up2Date;
* more than 12 months left: no quote; the summary says from when it can be quoted.

The quotes are written by the quote batch (:func:`addin.batch.run.run_batch`'s engine): the same document,
checks, drafts, VAT by country, legal footer, folder lock and record, ``--resume``, ``--pdf`` and ``--jobs``.
The summary ``Verlängerungen.xlsx`` (``Renewals.xlsx``) lists every system of the installed base with its
status, and the renewal value per month of term end as a table and a native Excel chart.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, Reference

from ..catalog import Catalog, get_catalog
from ..catalog.validity import default_date
from ..checks import Finding
from ..errors import XPhoneError, default_language, in_language
from ..i18n import LANGUAGES, Text, section
from ..money import ZERO, in_eur, in_percent
from ..options import read_years
from ..quote import OrderLine, price_quote
from ..renewals import Renewal, renewal
from ..values import to_date
from ..xlsx.cells import print_one_page_wide
from .installed_base import SystemOrder, read_installed_base
from .orders import VALID_DAYS, OrderList
from .run import BatchResult, QuoteResult, _run_batch
from .summary import Summary, _amount, _cents
from .texts import format_date, in_date

WIDTHS = (14, 30, 14, 10, 44, 26, 16, 34, 60)
RENEWAL_TEXT: dict[str, dict[str, Any]] = {lang: section("renewal", lang) for lang in LANGUAGES}


@dataclass
class RenewalOrder(SystemOrder):
    """The renewal quote of one system, as the quote batch writes it: its lines and the notes it brings."""

    findings: tuple = ()  # notes for the customer: the new term's dates, a lapsed term, alternative positions


@dataclass
class SystemLine:
    """What the summary says about one system of the installed base."""

    system: str
    customer: str
    end: dt.date | None
    years: int | None
    renewal: Renewal | None = None
    outside: bool = False  # its term ends outside the window


def _note(rule: str, said: Text) -> Finding:
    return Finding("INFO", rule, said("de"), said("en"), customer=True)


class Plan(OrderList):
    """The systems of an installed base, decided on a quote date: the renewal quotes to write and every system's
    line for the summary. A :class:`Plan` is what the quote batch reads (ids, length, quotes)."""

    def __init__(self, base, catalog: Catalog, day: dt.date, date_from: dt.date, date_to: dt.date,
                 term: int | None = None, terms: tuple[int, ...] = ()):
        self.catalog, self.day = catalog, day
        self.first, self.last = date_from, date_to  # the window of term ends
        self.orders: list[SystemOrder] = []
        self.systems: list[SystemLine] = []
        reader = read_installed_base(base, catalog)
        for system in reader:
            assert isinstance(system, SystemOrder)
            end, years = system.up2date_end, system.options.get("up2date_term_years")
            line = SystemLine(system.quote_id, system.customer, end, years)
            self.systems.append(line)
            if system.errors:
                self.orders.append(system)  # fails in the batch with its errors, named in the summary
                continue
            assert end is not None and years is not None
            if not date_from <= end <= date_to:
                line.outside = True
                continue
            try:
                line.renewal = renewal(end, years, day, system.options.get("release"), catalog, term, terms)
            except XPhoneError as exc:  # a lapsed system without a release the catalog can upgrade
                row = system.seen["release"][1] if "release" in system.seen else system.first_row
                system.errors.append(reader._error(exc, row, "release"))
                self.orders.append(system)
                continue
            if line.renewal.kind != "too_early":
                self.orders.append(self._order(system, line.renewal))

    def _order(self, system: SystemOrder, r: Renewal) -> RenewalOrder:
        cat = self.catalog
        owned_lines = [OrderLine(a, 0, ZERO, system.sheet, system.first_row) for a in system.owned]
        offered = [OrderLine(cat.article(number), 1, ZERO, system.sheet, system.first_row) for number in r.articles]
        if r.kind == "renew":
            assert r.start is not None and r.new_end is not None
            said = Text("renewal.term", end=in_date(r.end), years=r.years, start=in_date(r.start),
                        new_end=in_date(r.new_end))
            notes = [_note("RENEWAL_TERM", said)]
        else:
            since = r.end + dt.timedelta(days=1)
            notes = [_note("RENEWAL_LAPSED", Text("renewal.lapsed", since=in_date(since), end=in_date(r.end)))]
        order = RenewalOrder(system.quote_id, customer=system.customer, date=self.day,
                             valid_until=self.day + dt.timedelta(days=VALID_DAYS), details=dict(system.details),
                             lines=owned_lines + offered, owned=dict(system.owned),
                             options=self._options(system, r), sheet=system.sheet,
                             first_row=system.first_row, notes=list(system.notes), tax=system.tax,
                             up2date_end=system.up2date_end)
        for years in r.alternatives:
            try:
                notes.append(self._alternative(order, years))
            except XPhoneError as exc:
                order.errors.append(exc)
        order.findings = tuple(notes)
        return order

    def _options(self, system: SystemOrder, r: Renewal) -> dict:
        """The options the checks see: the release, and of a running term its years and the months it has left."""
        options = {k: v for k, v in system.options.items() if k != "up2date_term_years"}
        if r.kind == "renew":
            left = (r.end.year * 12 + r.end.month) - (self.day.year * 12 + self.day.month)
            options.update(up2date_term_years=system.options.get("up2date_term_years"),
                           up2date_months_left=max(left, 1))
        return options

    def _alternative(self, order: RenewalOrder, years: int) -> Finding:
        """An alternative term as a note: priced by the core on the same system as the main offer."""
        cat = self.catalog
        term_line = OrderLine(cat.article(cat.up2date[years].number), 1, ZERO, order.sheet, order.first_row)
        lines = [line for line in order.lines if cat.term_years(line.article) is None] + [term_line]
        quote = price_quote(lines, order.owned, order.options, catalog=cat, date=self.day, checks=False)
        p = next(p for p in quote.percent_lines if p.is_up2date)
        said = Text("renewal.alternative", name=p.article.name("en"), number=p.article.number,
                    rate=in_percent(p.rate), base=in_eur(p.base), amount=in_eur(p.amount))
        return _note("RENEWAL_ALTERNATIVE", said)


class RenewalSummary(Summary):
    """The summary of a renewals run: the quote batch's sheets, and first the systems and the pipeline."""

    def __init__(self, lang: str, plan: Plan):
        super().__init__(lang)
        self.plan = plan
        self.rt = RENEWAL_TEXT[lang]
        self.results: dict[str, QuoteResult] = {}
        self.systems_sheet = self.wb.create_sheet(self.rt["sheet"], 0)  # what finance looks at first
        self.pipeline_sheet = self.wb.create_sheet(self.rt["pipeline_sheet"], 1)

    def add(self, r) -> None:
        self.results[r.quote_id] = r
        super().add(r)

    def add_totals(self) -> None:
        self._systems()
        self._pipeline()
        super().add_totals()

    def status(self, line: SystemLine) -> tuple[str, Any]:
        """(status, renewal value) of a system as the summary shows them."""
        st = self.rt["status"]
        res = self.results.get(line.system)
        if line.outside:
            return st["outside"], None
        r = line.renewal
        if r is not None and r.kind == "too_early" and r.quotable_from is not None:
            return st["too_early"].format(day=format_date(r.quotable_from, self.lang)), None
        if res is None or res.failed:
            return st["failed"], None
        kind = "lapsed" if r is not None and r.kind == "lapsed" else "quoted"
        return st["draft" if res.draft else kind], res.net

    def _systems(self) -> None:
        ws = self.systems_sheet
        for i, width in enumerate(WIDTHS):
            ws.column_dimensions[chr(65 + i)].width = width
        self._row(ws, list(self.rt["head"]), bold=True)
        for line in self.plan.systems:
            status, value = self.status(line)
            r = line.renewal
            term = (f"{format_date(r.start, self.lang)} – {format_date(r.new_end, self.lang)}"
                    if r is not None and r.start and r.new_end else None)
            res = self.results.get(line.system)
            notes = res.error if res is not None and res.failed else (res.findings if res is not None else "")
            self._row(ws, [line.system, line.customer, line.end, line.years, status, term, value,
                           res.file if res is not None else None, notes or None], wrap=(8,))

    def _pipeline(self) -> None:
        """The renewal value per month of term end over the window (the quotes that can be sent), with a chart."""
        import pandas as pd  # only here: once per run

        ws = self.pipeline_sheet
        print_one_page_wide(ws, a4=True)  # landscape: the table and the chart beside it
        ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 14, 12
        ws.column_dimensions["C"].width = 20
        rows = []
        for line in self.plan.systems:
            res = self.results.get(line.system)
            if res is not None and not res.failed and not res.draft and res.net is not None and line.end:
                rows.append({"month": line.end.strftime("%Y-%m"), "cents": _cents(res.net)})
        self._row(ws, list(self.rt["pipeline_head"]), bold=True)
        table = pd.DataFrame(rows, columns=["month", "cents"])
        window = pd.period_range(self.plan.first, self.plan.last, freq="M").strftime("%Y-%m")
        grouped = (table.groupby("month", sort=True).agg(systems=("cents", "size"), cents=("cents", "sum"))
                   .reindex(sorted(set(window) | set(table["month"])), fill_value=0))  # every month of the window
        for month, row in grouped.iterrows():
            self._row(ws, [month, int(row.systems), _amount(row.cents)])
        if len(grouped):
            chart = BarChart()
            chart.title = self.rt["pipeline_title"]
            chart.y_axis.title = self.rt["pipeline_head"][2]
            chart.x_axis.title = self.rt["pipeline_head"][0]
            chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=len(grouped) + 1), titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(grouped) + 1))
            chart.legend = None
            chart.width, chart.height = 16, 8  # cm: beside the table on a landscape A4 page
            ws.add_chart(chart, "E2")
            ws.print_area = f"A1:N{max(len(grouped) + 1, 20)}"  # the chart too (a print range counts cells only)


def run_renewals(base, out="renewals", *, date_from, date_to, day=None, term: int | None = None,
                 terms=(), template=None, jobs: int = 1, pdf: bool = False, force: bool = False,
                 resume: bool = False, lang: str | None = None, progress=None, strict: bool = False,
                 today: dt.date | None = None) -> tuple[BatchResult, Plan]:
    """Write the renewal quotes of the installed base ``base`` for the terms ending from ``date_from`` to
    ``date_to`` into ``out``, and the summary ``Verlängerungen.xlsx``; ``day`` is the quote date (default
    today), which picks the price list. Returns the batch's result and the plan (every system's decision)."""
    lang = lang or default_language()
    with in_language(lang):
        catalog = get_catalog()
        day = to_date(day, Text("label.date")) if day is not None else (today or default_date())
        first, last = to_date(date_from, Text("label.window_from")), to_date(date_to, Text("label.window_to"))
        # the terms offered, read once here (a wrong one stops the run before any system is decided)
        term = None if term is None else read_years(term, catalog)
        plan = Plan(base, catalog, day, first, last, term, tuple(read_years(t, catalog) for t in terms))
        result = _run_batch(base, out, template, jobs, pdf, force, resume, lang, None, today or day, progress,
                            strict, VALID_DAYS, None, reader=plan,
                            summary=functools.partial(RenewalSummary, plan=plan),
                            summary_name=RENEWAL_TEXT[lang]["file"])
    return result, plan

