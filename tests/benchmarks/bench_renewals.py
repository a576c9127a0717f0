"""Renewals: ``xphone-pricing renewals`` against ``xphone-pricing quotes`` over the same deals, in one run.

An installed base of N systems (7 owned licence lines each, a running 3-year term ending in 2027) and an orders
sheet with the same deals (the owned lines with quantity 0, the Up2Date term, the running term's months left),
both quoted on 01.12.2026. Each round runs both commands, interleaved, in separate processes (wall time,
:func:`.bench_quotes.measure`). The renewal run reads the base, decides each system, and writes the quotes
through the quote batch: its ratio to the quote batch is the cost of the renewal's own work.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from .bench_quotes import _CLI, _fresh, measure, quotes_cmd
from .timing import Row, median, note, spread, wait_idle

SECTION = "renewals (separate processes, wall time)"
GOAL = 1.25
DAY = dt.date(2026, 12, 1)


def _system(q: int) -> tuple[list[tuple[str, int]], dt.date, int]:
    """(owned licences, term end, months left on 01.12.2026) of system ``q``."""
    users = 10 + q % 40
    owned = [("SERVER", 1), ("OFFICE", users), ("OFFICE_PLUS", 5 + q % 7), ("FAX", 2 + q % 5),
             ("VOICEMAIL", 3 + q % 9), ("IP_CHANNEL", 2 + users // 25), ("TAPI", 1 + q % 4)]
    month = 1 + q % 12
    end = (dt.date(2027, month % 12 + 1, 1) if month < 12 else dt.date(2028, 1, 1)) - dt.timedelta(days=1)
    return owned, end, month


def write_inputs(folder: Path, systems: int) -> tuple[Path, Path]:
    """(installed base, orders sheet) of the same deals, written with openpyxl's streaming writer."""
    from openpyxl import Workbook

    base_wb, orders_wb = Workbook(write_only=True), Workbook(write_only=True)
    base, orders = base_wb.create_sheet("Bestand"), orders_wb.create_sheet("Aufträge")
    base.append(["System", "Kunde", "Artikel", "Bestand", "Release", "Up2Date-Laufzeit", "Up2Date-Ende"])
    orders.append(["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Bestand", "Release", "Up2Date-Laufzeit",
                   "Up2Date-Restlaufzeit"])
    for q in range(systems):
        owned, end, left = _system(q)
        sid, customer = f"S-{q + 1:05d}", f"Kunde {q + 1} GmbH"
        for i, (article, count) in enumerate(owned):
            first = i == 0
            base.append([sid, customer if first else None, article, count, 8 if first else None,
                         3 if first else None, end if first else None])
            orders.append([sid, customer if first else None, DAY if first else None, article, 0, count,
                           8 if first else None, 3 if first else None, left if first else None])
        orders.append([sid, None, None, "UP2DATE_3Y", 1, None, None, None, None])
    base_path, orders_path = folder / "bestand.xlsx", folder / "orders.xlsx"
    base_wb.save(base_path)
    orders_wb.save(orders_path)
    return base_path, orders_path


def renewals_cmd(base: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", _CLI, "renewals", str(base), "--from", "2027-01-01", "--to", "2027-12-31",
            "--date", DAY.isoformat(), "--out", str(out), "--force"]


def run(quick: bool = False, smoke: bool = False, max_wait: float = 120) -> list[Row]:
    """The renewal run of N systems against the quote batch of the same N deals (``smoke``: 4, once)."""
    n, runs = (4, 1) if smoke else (400, 1) if quick else (2000, 3)
    with tempfile.TemporaryDirectory(prefix="xphone-bench-renewals-") as tmp:
        folder = Path(tmp)
        base, orders = write_inputs(folder, n)
        renew, batch = [], []
        for round_ in range(runs):
            note(f"renewals: round {round_ + 1} of {runs}, {n} systems: renewals, quotes")
            wait_idle(0 if smoke else 30 if quick else max_wait)
            out = _fresh(folder / "renewals")
            renew.append(measure(renewals_cmd(base, out))[0] / n)
            made = len(list(out.glob("Angebot-*.xlsx")))
            if made != n:
                raise RuntimeError(f"expected {n} renewal quotes, found {made}")
            batch.append(measure(quotes_cmd(orders, _fresh(folder / "quotes")))[0] / n)
    ratio = median(renew) / median(batch)
    return [Row(SECTION, f"xphone-pricing quotes, the same {n} deals from an orders sheet", median(batch),
                per="quote", spread=spread(batch)),
            Row(SECTION, f"xphone-pricing renewals, {n} systems × 7 licences", median(renew), per="quote",
                spread=spread(renew), baseline="quotes", ratio=ratio, goal=f"≤ {GOAL}× quotes", met=ratio <= GOAL)]
