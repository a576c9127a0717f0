"""Timing helpers and the result table of the benchmarks (no project logic here)."""
from __future__ import annotations

import os
import platform
import statistics
import sys
import time
import timeit
from dataclasses import dataclass


@dataclass
class Row:
    """One line of the result table.

    ``value`` is a median in seconds (``unit`` "s") or bytes (``unit`` "B");
    ``ratio`` is value / baseline value, both measured in the same run.
    """

    section: str
    what: str
    value: float | None
    unit: str = "s"
    per: str = ""
    spread: str = ""
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""


def per_call(stmt: str, env: dict, *, repeat: int, target: float) -> list[float]:
    """Seconds per execution of ``stmt``, one figure per repeat.

    The loop count is chosen so that one repeat takes about ``target`` seconds.
    """
    timer = timeit.Timer(stmt, globals=env)
    number = 1
    while True:
        took = timer.timeit(number)
        if took >= target / 5 or number >= 10_000_000:
            break
        number *= 4
    number = max(1, int(number * target / max(took, 1e-9)))
    return [t / number for t in timer.repeat(repeat=repeat, number=number)]


def wall(func, *, repeat: int) -> list[float]:
    """Wall time of ``func()`` per run, ``repeat`` runs."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    """Range of the runs around the median, e.g. ``-2%/+5% (n=7)``."""
    if len(values) < 2:
        return f"n={len(values)}"
    m = median(values)
    lo, hi = min(values), max(values)
    return f"-{(m - lo) / m:.0%}/+{(hi - m) / m:.0%} n={len(values)}"


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "B":
        return f"{value / 2**20:.1f} MiB"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "n":
        return f"{value:g}"
    if value < 1e-6:
        return f"{value * 1e9:.0f} ns"
    if value < 1e-3:
        return f"{value * 1e6:.2f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


HEADERS = ("what", "median", "per", "runs", "ratio", "baseline", "goal", "met", "note")


def _cells(row: Row) -> tuple:
    ratio = "" if row.ratio is None else f"{row.ratio:.2f}×"
    met = {True: "yes", False: "NO", None: ""}[row.met]
    return (row.what, show(row.value, row.unit), row.per, row.spread, ratio, row.baseline, row.goal, met, row.note)


def table(rows: list[Row], markdown: bool = False) -> str:
    lines = []
    if markdown:
        lines.append("| " + " | ".join(HEADERS) + " |")
        lines.append("|" + "|".join("---" for _ in HEADERS) + "|")
        section = None
        for row in rows:
            if row.section != section:
                section = row.section
                lines.append(f"| **{section}** |" + " |" * (len(HEADERS) - 1))
            lines.append("| " + " | ".join(c.replace("|", "/") for c in _cells(row)) + " |")
        return "\n".join(lines)
    cells = [_cells(r) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(HEADERS)]
    widths[-1] = 0
    fmt = "  ".join(f"{{:{'<' if i in (0, 5, 6, 8) else '>'}{w}}}" for i, w in enumerate(widths))
    section = None
    lines.append(fmt.format(*HEADERS))
    for row, c in zip(rows, cells):
        if row.section != section:
            section = row.section
            lines.append(f"-- {section}")
        lines.append(fmt.format(*c).rstrip())
    return "\n".join(lines)


def machine() -> str:
    """nproc, CPU model, Python version and the load when the run started."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = " · load average %.2f %.2f %.2f" % os.getloadavg()
    return (f"{os.cpu_count()} CPUs ({model}) · Python {platform.python_version()} "
            f"({platform.python_implementation()}) · {platform.system()} {platform.release()}{load}"
            f" · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def idle_share(seconds: float = 1.0) -> float | None:
    """Share of CPU time nobody used over ``seconds`` (from /proc/stat); None where that is not available."""
    def snap():
        with open("/proc/stat", encoding="ascii") as fh:
            values = [int(v) for v in fh.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle + iowait, total

    try:
        idle0, total0 = snap()
        time.sleep(seconds)
        idle1, total1 = snap()
    except (OSError, ValueError, IndexError):
        return None
    return (idle1 - idle0) / max(1, total1 - total0)


def wait_idle(max_wait: float, threshold: float = 0.9) -> bool | None:
    """Wait up to ``max_wait`` seconds until the machine is idle (other sessions may share it).

    True: idle; False: still busy after ``max_wait``; None: cannot tell on this system.
    """
    deadline = time.monotonic() + max_wait
    while True:
        share = idle_share()
        if share is None:
            return None
        if share >= threshold:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(1.0)
