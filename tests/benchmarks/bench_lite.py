"""The xlwings Lite code in Pyodide under Node: importing main.py, warm XP_PRICE and XP_VALIDATE per call.

main.py is taken from a Lite workbook made in the run and imported in a fresh Pyodide (``tests/pyodide``),
as xlwings Lite does when the workbook opens; then the functions are called warm, arguments as Excel on the
web passes them. Baselines measured in the same run: the same main.py and calls in CPython (a fresh
process, same stand-in decorators), so a ratio is what WebAssembly costs, and Pyodide's own floors (a bare
call, a Decimal multiply-and-round).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .bench_functions import config_lines
from .timing import Row, median, note, spread, wait_idle

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "tests" / "pyodide"
SECTION = "xlwings Lite: main.py in Pyodide under Node"
GOAL_IMPORT = 1.0        # seconds, importing main.py (core modules, catalog built from its rows, the XP_ functions)
GOAL_PRICE = 50e-6       # warm XP_PRICE per call
GOAL_VALIDATE_30 = 1e-3  # warm XP_VALIDATE on 30 lines per call


def available() -> bool:
    return bool(shutil.which("node")) and (PYODIDE_DIR / "node_modules" / "pyodide" / "pyodide.mjs").is_file()


def _cases() -> list[dict]:
    articles, quantities = config_lines(30)
    return [{"id": "price", "func": "XP_PRICE", "args": ["OFFICE", 10.0]},
            {"id": "validate30", "func": "XP_VALIDATE", "args": [articles, quantities]}]


def _pyodide(main_py: Path, spec: Path, out: Path) -> dict:
    subprocess.run(["node", str(PYODIDE_DIR / "run.mjs"), str(main_py), str(spec), str(out), "bench"], check=True,
                   capture_output=True, text=True, timeout=600)
    return json.loads(out.read_text(encoding="utf-8"))


def _cpython(folder: Path, spec: Path) -> dict:
    for name, target in (("xlwings_stand_in.py", "xlwings.py"), ("harness.py", "harness.py")):
        shutil.copy(PYODIDE_DIR / name, folder / target)
    code = f"import sys; sys.path.insert(0, {str(folder)!r}); import harness; print(harness.bench({str(spec)!r}))"
    out = subprocess.run([sys.executable, "-I", "-c", code], check=True, capture_output=True, text=True,
                         timeout=600).stdout
    return json.loads(out)


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """The rows of this part; without Node and the npm package a row says so."""
    if not available():
        note("Pyodide is not installed (npm ci --prefix tests/pyodide): the Lite rows are skipped.")
        return [Row(SECTION, "skipped: npm ci --prefix tests/pyodide", None)]
    from addin.lite.build import build_lite
    from addin.lite.webextension import embedded_properties

    target = 0.0005 if smoke else 0.02 if quick else 0.1
    processes = 1 if smoke or quick else 3
    if not smoke and wait_idle(30 if quick else 60) is False:
        note("the machine is busy (other processes use the CPU): figures will be high")
    with tempfile.TemporaryDirectory(prefix="xphone-lite-") as tmp:
        folder = Path(tmp)
        main_py = folder / "main.py"
        main_py.write_text(embedded_properties(build_lite(folder / "Rechner-Lite.xlsx"))["main.py"], encoding="utf-8")
        spec = folder / "spec.json"
        spec.write_text(json.dumps({"target": target, "cases": _cases()}), encoding="utf-8")
        wasm = [_pyodide(main_py, spec, folder / f"out{i}.json") for i in range(processes)]
        native = [_cpython(folder, spec) for _ in range(processes)]

    def best(results, key):
        return [min(r["timed"][key]) for r in results]

    rows = []
    floor_call = median([min(r["floors"]["call"]) for r in wasm])
    floor_decimal = median([min(r["floors"]["decimal"]) for r in wasm])
    rows.append(Row(SECTION, "floor in Pyodide: Python function call f(a, b)", floor_call, per="call",
                    baseline="CPython", ratio=floor_call / median([min(r["floors"]["call"]) for r in native])))
    rows.append(Row(SECTION, "floor in Pyodide: Decimal multiply + round to cents", floor_decimal, per="call",
                    baseline="CPython", ratio=floor_decimal / median([min(r["floors"]["decimal"]) for r in native])))
    imports = [r["import_seconds"] for r in wasm]
    native_imports = [r["import_seconds"] for r in native]
    rows.append(Row(SECTION, "import main.py (core, catalog from its rows, the XP_ functions), fresh Pyodide",
                    median(imports), spread=spread(imports), baseline="CPython",
                    ratio=median(imports) / median(native_imports), goal="≤ 1 s", met=median(imports) <= GOAL_IMPORT,
                    note=f"CPython {median(native_imports) * 1e3:.0f} ms"))
    for key, label, goal, goal_text in (("price", 'XP_PRICE("OFFICE"; 10), warm', GOAL_PRICE, "≤ 50 µs"),
                                        ("validate30", "XP_VALIDATE(articles; quantities), 30 lines, warm",
                                         GOAL_VALIDATE_30, "≤ 1 ms")):
        values = best(wasm, key)
        value = median(values)
        rows.append(Row(SECTION, label, value, per="call", spread=spread(values), baseline="CPython",
                        ratio=value / median(best(native, key)), goal=goal_text, met=value <= goal,
                        note=f"{value / floor_call:.0f}× a bare call in Pyodide"))
    return rows
