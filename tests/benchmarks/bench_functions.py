"""Worksheet functions, warm and in-process, and the catalog cache.

Every figure is the median of several runs; ratios are against floors
measured in the same run: a bare Python call, a dict lookup, one ``os.stat``
of the catalog and an exact Decimal multiply-and-round (what any warm
worksheet function has to do at least: notice the catalog is unchanged and
compute in exact money).
"""
from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .timing import Row, median, note, per_call, spread, wait_idle, wall

ROOT = Path(__file__).resolve().parents[2]
SECTION_FLOOR = "floors (same run)"
SECTION_FUNCS = "worksheet functions, warm, per call"
SECTION_CATALOG = "catalog cache"

GOAL_CALL = 5e-6          # XP_PRICE, XP_UP2DATE per warm call
GOAL_VALIDATE_30 = 300e-6  # XP_VALIDATE on 30 lines

# ---------------------------------------------------------------------- counting file access

_watch = {"on": False, "opens": []}
_hooked = False


def _audit(event, args):
    if _watch["on"] and event == "open":
        _watch["opens"].append(args[0])


def count_file_access(func, calls: int) -> tuple[int, int]:
    """Run ``func`` ``calls`` times; return (files opened, os.stat calls).

    Opens are counted with an audit hook (``open`` covers builtins.open,
    io.open and os.open, so also zipfile and openpyxl); stats by wrapping
    ``os.stat``.
    """
    global _hooked
    if not _hooked:
        sys.addaudithook(_audit)
        _hooked = True
    real_stat = os.stat
    stats = [0]

    def counting_stat(*args, **kwargs):
        stats[0] += 1
        return real_stat(*args, **kwargs)

    _watch["opens"] = []
    os.stat = counting_stat
    _watch["on"] = True
    try:
        for _ in range(calls):
            func()
    finally:
        _watch["on"] = False
        os.stat = real_stat
    return len(_watch["opens"]), stats[0]


# ---------------------------------------------------------------------- configurations for XP_VALIDATE

# The licence lines of a realistic system; longer configurations repeat them (with other quantities,
# so every repeat is a finding: "listed twice") or leave the rest of the range blank.
_MIX = [("SERVER", 1), ("OFFICE", 25), ("OFFICE_PLUS", 10), ("IP_CHANNEL", 8), ("FAX", 5),
        ("VOICEMAIL", 5), ("TEAMDESK", 3), ("CONTACTS", 10), ("DASHBOARD", 2), ("TAPI", 4),
        ("AUTO_ATTENDANT", 1), ("ADDITIONAL_DATABASES", 1)]


def config_lines(n: int, filled: int | None = None) -> tuple[list, list]:
    """``n`` lines as Excel passes two one-column ranges: article codes and quantities (floats).

    Rows from ``filled`` on are blank (an input range larger than the configuration).
    """
    articles, quantities = [], []
    for i in range(n):
        if filled is not None and i >= filled:
            articles.append(None)
            quantities.append(None)
        else:
            code, qty = _MIX[i % len(_MIX)]
            articles.append(code)
            quantities.append(float(qty + i // len(_MIX)))
    return articles, quantities


# ---------------------------------------------------------------------- cold start in a fresh process

_COLD = textwrap.dedent("""
    import time
    t0 = time.perf_counter()
    from addin.catalog import get_catalog
    get_catalog()
    t1 = time.perf_counter()
    import addin.udfs
    t2 = time.perf_counter()
    print(t1 - t0, t2 - t1)
""")

_COLD_FLOOR = textwrap.dedent("""
    import sys, time
    t0 = time.perf_counter()
    import openpyxl
    wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
    rows = {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    wb.close()
    print(time.perf_counter() - t0)
""")


def _python(code: str, *args: str) -> list[float]:
    env = dict(os.environ)
    env.pop("XPHONE_CATALOG", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return [float(x) for x in out.split()]


# ---------------------------------------------------------------------- the benchmark

def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """All rows of this part. ``smoke`` runs every code path once with tiny loops (for the tests)."""
    os.environ.pop("XPHONE_CATALOG", None)  # the shipped catalog, resolved as in Excel by default
    from addin import catalog as catalog_mod
    from addin import udfs

    repeat, target = (1, 0.0005) if smoke else (3, 0.02) if quick else (7, 0.1)
    if not smoke and wait_idle(30 if quick else 60) is False:
        note("the machine is busy (other processes use the CPU): figures will be high")
    rows: list[Row] = []
    catalog_mod.clear_cache()
    cat = catalog_mod.get_catalog()
    path = cat.path

    # floors
    def bare(a, b):
        return a

    env = {"bare": bare, "d": {("code", "OFFICE"): 1}, "k": ("code", "OFFICE"), "stat": os.stat,
           "path": path, "price": Decimal("89"), "qty": Decimal("10"), "CENT": Decimal("0.01"),
           "HALF_UP": ROUND_HALF_UP}
    floors = {}
    for key, label, stmt in [
        ("call", "Python function call f(a, b)", "bare(10.0, 3.0)"),
        ("dict", "dict lookup", "d[k]"),
        ("decimal", "Decimal multiply + round to cents", "(price * qty).quantize(CENT, rounding=HALF_UP)"),
        ("stat", "os.stat of the catalog file", "stat(path)"),
    ]:
        runs = per_call(stmt, env, repeat=repeat, target=target)
        floors[key] = median(runs)
        rows.append(Row(SECTION_FLOOR, label, floors[key], per="call", spread=spread(runs),
                        baseline="" if key == "call" else "Python call",
                        ratio=None if key == "call" else floors[key] / floors["call"]))
    floor = floors["stat"] + floors["decimal"]
    rows.append(Row(SECTION_FLOOR, "stat + Decimal multiply/round (floor of a warm function)", floor,
                    per="call", baseline="Python call", ratio=floor / floors["call"]))

    # worksheet functions (arguments as Excel passes them: numbers are floats)
    env = {name: getattr(udfs, name) for name in dir(udfs) if name.startswith("XP_")}
    env["day"] = datetime.datetime(2027, 1, 1)  # a date cell, as xlwings passes it
    for label, stmt, goal in [
        ('XP_PRICE("OFFICE"; 10)', 'XP_PRICE("OFFICE", 10.0)', GOAL_CALL),
        ('XP_PRICE("OFFICE"; 10; quote_date)  [the list of a date]', 'XP_PRICE("OFFICE", 10.0, day)', GOAL_CALL),
        ("XP_PRICE(3310,003; 10)  [number typed as article]", "XP_PRICE(3310.003, 10.0)", GOAL_CALL),
        ("XP_UP2DATE(10000; 3)", "XP_UP2DATE(10000.0, 3.0)", GOAL_CALL),
        ("XP_UPGRADE(10000; 6)", "XP_UPGRADE(10000.0, 6.0)", None),
        ("XP_UP2DATE_ADDON(1000; 6; 3)", "XP_UP2DATE_ADDON(1000.0, 6.0, 3.0)", None),
    ]:
        eval(stmt, env)  # warm, and fail loudly if the call is broken
        runs = per_call(stmt, env, repeat=repeat, target=target)
        value = median(runs)
        rows.append(Row(SECTION_FUNCS, label, value, per="call", spread=spread(runs), baseline="stat+Decimal",
                        ratio=value / floor, goal="≤ 5 µs" if goal else "",
                        met=(value <= goal) if goal else None))
    rows.extend(_validate_rows(udfs, floor, repeat, target, quick))

    # catalog: unchanged file
    runs = per_call("get_catalog()", {"get_catalog": catalog_mod.get_catalog}, repeat=repeat, target=target)
    value = median(runs)
    calls = 10 if smoke else 1000
    opens, stats = count_file_access(catalog_mod.get_catalog, calls)
    rows.append(Row(SECTION_CATALOG, "notice the catalog is unchanged: get_catalog()", value, per="call",
                    spread=spread(runs), baseline="os.stat", ratio=value / floors["stat"],
                    goal="no file read", met=opens == 0,
                    note=f"{opens} files opened, {stats} stats in {calls} calls"))
    opens_call, stats_call = count_file_access(lambda: udfs.XP_PRICE("OFFICE", 10.0), calls)
    rows.append(Row(SECTION_CATALOG, "the same inside XP_PRICE", None, goal="no file read", met=opens_call == 0,
                    note=f"{opens_call} files opened, {stats_call} stats in {calls} calls"))

    # catalog: changed file is noticed and reloaded; reload in a warm process vs reading it with openpyxl
    with tempfile.TemporaryDirectory(prefix="xphone-bench-") as tmp:
        copy = Path(tmp) / "catalog.xlsx"
        shutil.copy(path, copy)
        catalog_mod.get_catalog(copy)
        st = os.stat(copy)
        os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
        opens, _ = count_file_access(lambda: catalog_mod.get_catalog(copy), 1)
        rows.append(Row(SECTION_CATALOG, "file saved again (mtime changed): reloaded at the next call", None,
                        met=opens > 0, goal="reload", note=f"{opens} files opened"))

    def reload():
        catalog_mod.clear_cache()
        catalog_mod.get_catalog()

    def read_only():
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for ws in wb.worksheets:
            [tuple(r) for r in ws.iter_rows(values_only=True)]
        wb.close()

    n = 1 if smoke else 3 if quick else 9
    floor_runs = wall(read_only, repeat=n)
    load_runs = wall(reload, repeat=n)
    rows.append(Row(SECTION_CATALOG, "floor: openpyxl read-only read of catalog.xlsx", median(floor_runs),
                    spread=spread(floor_runs)))
    rows.append(Row(SECTION_CATALOG, "load and check catalog.xlsx (imports warm)", median(load_runs),
                    spread=spread(load_runs), baseline="openpyxl read", ratio=median(load_runs) / median(floor_runs)))

    n = 1 if quick else 3
    cold = [_python(_COLD) for _ in range(n)]
    cold_floor = [_python(_COLD_FLOOR, str(path))[0] for _ in range(n)]
    first = [c[0] for c in cold]
    rows.append(Row(SECTION_CATALOG, "floor: fresh process, import openpyxl + read catalog.xlsx",
                    median(cold_floor), spread=spread(cold_floor)))
    rows.append(Row(SECTION_CATALOG, "first load: fresh process, import addin.catalog + get_catalog()",
                    median(first), spread=spread(first), baseline="fresh openpyxl read",
                    ratio=median(first) / median(cold_floor)))
    imports = [c[1] for c in cold]
    rows.append(Row(SECTION_CATALOG, "then import addin.udfs (xlwings) in that process", median(imports),
                    spread=spread(imports), note="once per Excel session"))
    catalog_mod.clear_cache()
    return rows


def _validate_rows(udfs, floor: float, repeat: int, target: float, quick: bool) -> list[Row]:
    func = getattr(udfs, "XP_VALIDATE", None)
    if func is None:
        note("XP_VALIDATE is not in addin/udfs.py yet: its rows are skipped.")
        return [Row(SECTION_FUNCS, f"XP_VALIDATE, {n} lines", None, goal="≤ 300 µs" if n == 30 else "",
                    note="skipped: XP_VALIDATE not in addin/udfs.py yet") for n in (5, 30, 300)]
    rows = []
    k = len(_MIX)
    for n, filled, label in [(5, None, "5 lines"),
                             (30, None, f"30 lines ({k} articles, then repeats: {30 - k} findings)"),
                             (30, k, f"30-row range, {k} lines filled"),
                             (300, None, f"300 lines ({k} articles, then repeats: {300 - k} findings)"),
                             (300, k, f"300-row range, {k} lines filled")]:
        articles, quantities = config_lines(n, filled)
        env = {"XP_VALIDATE": func, "articles": articles, "quantities": quantities}
        findings = len(eval("XP_VALIDATE(articles, quantities)", env))
        runs = per_call("XP_VALIDATE(articles, quantities)", env, repeat=repeat, target=target)
        value = median(runs)
        goal = GOAL_VALIDATE_30 if n == 30 else None
        rows.append(Row(SECTION_FUNCS, f"XP_VALIDATE(articles; quantities), {label}", value, per="call",
                        spread=spread(runs), baseline="stat+Decimal", ratio=value / floor,
                        goal="≤ 300 µs" if goal else "", met=(value <= goal) if goal else None,
                        note=f"{findings} result rows"))
    return rows
