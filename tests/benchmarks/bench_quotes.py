"""Bulk quotes: the ``xphone-pricing quotes`` command against the openpyxl floor, jobs, memory, PDF.

Every figure comes from a separate process, timed from outside and with its
peak memory read from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a
small wrapper process (peak resident set size of the largest process it
waited for: the command itself, or its largest worker).

The floor, measured in the same run with the same template: open the
template with openpyxl, write the same cell values the command wrote (read
back from its quotes beforehand), save. No pricing, no checks, no styles
copied, no summary, no orders sheet to read.
"""
from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from .timing import Row, median, note, spread, wait_idle

ROOT = Path(__file__).resolve().parents[2]
SECTION = "bulk quotes (separate processes, wall time)"
TEMPLATE = ROOT / "workbook_templates" / "quote_de.xlsx"

GOAL_FLOOR = 1.25
GOAL_JOBS = 1.7
GOAL_MEMORY = 1.2
GOAL_PDF_FLOOR = 1.25  # PDF per quote against plain soffice --convert-to pdf of the same files
GOAL_PDF_JOBS = 1.7  # --pdf --jobs 2 against --pdf --jobs 1

# Runs a command, prints: wall seconds, peak RSS of the largest waited-for process (KiB on Linux), exit status,
# CPU seconds (user + system) of the command and its workers.
_WRAP = textwrap.dedent("""
    import resource, subprocess, sys, time
    start = time.perf_counter()
    rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
    took = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(took, usage.ru_maxrss, rc, usage.ru_utime + usage.ru_stime)
""")

_CLI = "import sys; from addin.cli import main; sys.exit(main())"

# The floor: per quote, open the template, write the cells, save.
_FLOOR = textwrap.dedent("""
    import pickle, sys
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    template, cells_file, out = sys.argv[1:4]
    with open(cells_file, "rb") as fh:
        quotes = pickle.load(fh)
    for i, cells in enumerate(quotes):
        wb = openpyxl.load_workbook(template)
        ws = wb.worksheets[0]
        for r, c, v in cells:
            cell = ws.cell(r, c)
            if not isinstance(cell, MergedCell):
                cell.value = v
        wb.save(f"{out}/{i}.xlsx")
""")

# 8 lines a quote: a new SERVER system with users, features, channels and a 3-year Up2Date.
def _lines(q: int) -> list[tuple]:
    users = 10 + q % 40
    return [("SERVER", 1, None), ("OFFICE", users, None), ("OFFICE_PLUS", 5 + q % 7, 10),
            ("FAX", 2 + q % 5, None), ("VOICEMAIL", 3 + q % 9, None), ("IP_CHANNEL", 2 + users // 25, None),
            ("TAPI", 1 + q % 4, 5), ("UP2DATE_3Y", 1, None)]


def write_orders(path: Path, quotes: int) -> Path:
    """An orders sheet with ``quotes`` quotes of 8 lines each, written with openpyxl's streaming writer."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Aufträge")
    ws.append(["Angebot", "Kunde", "Datum", "Artikel", "Menge", "Rabatt"])
    for q in range(quotes):
        for i, (article, qty, discount) in enumerate(_lines(q)):
            ws.append([f"B-{q + 1:05d}", f"Kunde {q + 1} GmbH" if i == 0 else None,
                       dt.datetime(2026, 3, 16) if i == 0 else None, article, qty, discount])
    wb.save(path)
    return path


def _env() -> dict:
    env = dict(os.environ)
    env.pop("XPHONE_CATALOG", None)
    env["XPHONE_LANG"] = "de"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


class Run(tuple):
    """(wall seconds, peak RSS in bytes) with ``.cpu``: CPU seconds of the command and its workers."""

    cpu: float = 0.0


def measure(cmd: list[str]) -> Run:
    """(wall seconds, peak RSS in bytes) of ``cmd`` run in a fresh wrapper process; ``.cpu`` CPU seconds."""
    proc = subprocess.run([sys.executable, "-c", _WRAP, *cmd], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, check=True)
    took, rss, rc, cpu = proc.stdout.split()
    if int(rc) != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed with status {rc}")
    run = Run((float(took), int(rss) * (1 if sys.platform == "darwin" else 1024)))
    run.cpu = float(cpu)
    return run


def quotes_cmd(orders: Path, out: Path, jobs: int = 1, pdf: bool = False) -> list[str]:
    """The command line of a bulk run (German, --force)."""
    cmd = [sys.executable, "-c", _CLI, "quotes", str(orders), "--out", str(out), "--force", "--jobs", str(jobs)]
    return cmd + (["--pdf"] if pdf else [])


def written_cells(out: Path) -> list[list[tuple]]:
    """The cell values of every quote the command wrote, in file order (formulas as text)."""
    import openpyxl

    quotes = []
    for path in sorted(out.glob("Angebot-*.xlsx")):
        wb = openpyxl.load_workbook(path, read_only=True)
        ws = wb.worksheets[0]
        quotes.append([(c.row, c.column, c.value) for row in ws.iter_rows() for c in row
                       if getattr(c, "value", None) is not None])
        wb.close()
    return quotes


def _cpu_note(runs: list[Run], n: int) -> str:
    """CPU time per quote, and how busy the machine was: CPU seconds over wall seconds of the same runs."""
    cpu = median([r.cpu for r in runs]) / n
    return f"CPU {cpu * 1e3:.1f} ms/quote, CPU/wall {median([r.cpu / r[0] for r in runs]):.2f}"


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def run(quick: bool = False, smoke: bool = False, max_wait: float = 120) -> list[Row]:
    """All rows of this part; ``smoke`` runs every path once on a few quotes (no PDF).

    Each round of timings waits up to ``max_wait`` seconds for the machine to be idle.
    """
    if smoke:
        n, big, runs, n_pdf = 4, 8, 1, 0
    elif quick:
        n, big, runs, n_pdf = 200, 1000, 1, 40
    else:
        n, big, runs, n_pdf = 1000, 5000, 3, 40
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="xphone-bench-quotes-") as tmp:
        tmp = Path(tmp)
        orders = write_orders(tmp / "orders.xlsx", n)
        out = tmp / "out"

        # rounds of: the command with --jobs 1, the floor, the command with --jobs 2 (interleaved, so that
        # other load on the machine falls on all three alike); the first run's quotes give the floor its cells
        cells = tmp / "cells.pickle"
        one, floor, two = [], [], []
        idle_rounds = 0
        for round_ in range(runs):
            note(f"bulk quotes: round {round_ + 1} of {runs}, {n} quotes: --jobs 1, floor, --jobs 2")
            idle_rounds += bool(wait_idle(0 if smoke else 30 if quick else max_wait))
            one.append(measure(quotes_cmd(orders, _fresh(out))))
            if round_ == 0:
                made = len(list(out.glob("Angebot-*.xlsx")))
                if made != n:
                    raise RuntimeError(f"expected {n} quotes, found {made}")
                with open(cells, "wb") as fh:
                    pickle.dump(written_cells(out), fh)
            floor.append(measure([sys.executable, "-c", _FLOOR, str(TEMPLATE), str(cells),
                                  str(_fresh(tmp / "floor"))]))
            two.append(measure(quotes_cmd(orders, _fresh(out), jobs=2)))

        t_one = [t / n for t, _ in one]
        t_floor = [t / n for t, _ in floor]
        t_two = [t / n for t, _ in two]
        rows.append(Row(SECTION, f"floor: open template, write the same cells, save ({n} quotes)", median(t_floor),
                        per="quote", spread=spread(t_floor), note=_cpu_note(floor, n)))
        ratio = median(t_one) / median(t_floor)
        rows.append(Row(SECTION, f"xphone-pricing quotes, {n} quotes × 8 lines, --jobs 1", median(t_one),
                        per="quote", spread=spread(t_one), baseline="floor", ratio=ratio,
                        goal=f"≤ {GOAL_FLOOR}× floor", met=ratio <= GOAL_FLOOR, note=_cpu_note(one, n)))
        speedup = median(t_one) / median(t_two)
        rows.append(Row(SECTION, "the same, --jobs 2", median(t_two), per="quote", spread=spread(t_two),
                        baseline="--jobs 1", ratio=speedup, goal=f"≥ {GOAL_JOBS}× faster",
                        met=speedup >= GOAL_JOBS,
                        note=f"{speedup:.2f}× faster on {os.cpu_count()} CPUs; " + _cpu_note(two, n)
                        + f"; {idle_rounds} of {runs} rounds started on an idle machine"))

        # memory: the same command on a batch five times as large
        mem_small = median([rss for _, rss in one])
        note(f"bulk quotes: peak memory, {big} quotes")
        big_orders = write_orders(tmp / "orders_big.xlsx", big)
        t_big, mem_big = measure(quotes_cmd(big_orders, _fresh(out)))[:2]
        shutil.rmtree(out, ignore_errors=True)
        rows.append(Row(SECTION, f"peak memory (max RSS), {n} quotes, --jobs 1", mem_small, unit="B",
                        spread=spread([rss for _, rss in one])))
        mem_ratio = mem_big / mem_small
        rows.append(Row(SECTION, f"peak memory (max RSS), {big} quotes, --jobs 1", mem_big, unit="B",
                        baseline=f"{n} quotes", ratio=mem_ratio, goal=f"≤ {GOAL_MEMORY}×",
                        met=mem_ratio <= GOAL_MEMORY, note=f"{t_big / big * 1e3:.1f} ms per quote"))
        rows.append(Row(SECTION, f"peak memory (max RSS), floor, {n} quotes", median([rss for _, rss in floor]),
                        unit="B"))

        if n_pdf:
            rows.extend(_pdf_rows(tmp, n_pdf, 3 if not quick else 2, 30 if quick else max_wait))
    return rows


def _pdf_rows(tmp: Path, n: int, runs: int, max_wait: float = 120) -> list[Row]:
    """``--pdf`` with ``--jobs 1`` and ``--jobs 2`` against plain ``soffice --convert-to pdf`` of the same files.

    Each round runs, interleaved: the command without PDF (jobs 1 and 2), with ``--pdf`` (jobs 1 and 2), and
    the floor: one ``soffice`` process converting the workbooks the command wrote, with a fresh profile.
    The PDF part of a run is its time with ``--pdf`` minus the same run without.
    """
    from addin.batch.pdf import find_soffice

    soffice = find_soffice()
    if soffice is None:
        return [Row(SECTION, f"PDF, {n} quotes", None, note="skipped: LibreOffice (soffice) not found")]
    orders = write_orders(tmp / "orders_pdf.xlsx", n)
    out = tmp / "pdf"
    plain = {1: [], 2: []}
    with_pdf = {1: [], 2: []}
    floor = []
    idle = 0
    for round_ in range(runs):
        note(f"bulk quotes: PDF, {n} quotes, round {round_ + 1} of {runs}: without and with --pdf, jobs 1 and 2, floor")
        idle += bool(wait_idle(max_wait))
        for jobs in (1, 2):
            plain[jobs].append(measure(quotes_cmd(orders, _fresh(out), jobs=jobs))[0])
            with_pdf[jobs].append(measure(quotes_cmd(orders, _fresh(out), jobs=jobs, pdf=True))[0])
            made = len(list(out.glob("Angebot-*.pdf")))
            if made != n:
                raise RuntimeError(f"expected {n} PDFs, found {made}")
        xlsx = sorted(str(p) for p in out.glob("Angebot-*.xlsx"))
        profile = _fresh(tmp / "lo-profile")
        target = _fresh(tmp / "lo-out")
        floor.append(measure([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                              "--convert-to", "pdf", "--outdir", str(target), *xlsx])[0])
    part = {jobs: [(w - p) / n for w, p in zip(with_pdf[jobs], plain[jobs])] for jobs in (1, 2)}
    per_floor = [f / n for f in floor]
    whole = {jobs: [w / n for w in with_pdf[jobs]] for jobs in (1, 2)}
    ratio = median(part[1]) / median(per_floor)
    speedup = median(part[1]) / median(part[2])
    whole_speedup = median(whole[1]) / median(whole[2])
    return [
        Row(SECTION, f"floor: soffice --convert-to pdf, same {n} workbooks, one process", median(per_floor),
            per="quote", spread=spread(per_floor), note="fresh profile, start-up included"),
        Row(SECTION, f"PDF part of xphone-pricing quotes --pdf, {n} quotes, --jobs 1", median(part[1]), per="quote",
            spread=spread(part[1]), baseline="soffice floor", ratio=ratio, goal=f"≤ {GOAL_PDF_FLOOR}× floor",
            met=ratio <= GOAL_PDF_FLOOR,
            note="(time with --pdf − without) / quotes; one LibreOffice process, start-up included"),
        Row(SECTION, "PDF part, --jobs 2 (two LibreOffice processes)", median(part[2]), per="quote",
            spread=spread(part[2]), baseline="--jobs 1", ratio=speedup, goal=f"≥ {GOAL_PDF_JOBS}× faster",
            met=speedup >= GOAL_PDF_JOBS,
            note=f"{speedup:.2f}× faster on {os.cpu_count()} CPUs; {idle} of {runs} rounds started on an idle machine"),
        Row(SECTION, f"xphone-pricing quotes --pdf, {n} quotes, whole command, --jobs 1", median(whole[1]),
            per="quote", spread=spread(whole[1])),
        Row(SECTION, "the same, --jobs 2", median(whole[2]), per="quote", spread=spread(whole[2]),
            baseline="--jobs 1", ratio=whole_speedup,
            note=f"{whole_speedup:.2f}× faster: writing the quotes and starting LibreOffice are in it too"),
    ]
