"""The package's layers: no import cycle, imports only downwards, a core without openpyxl, click or xlwings."""
from __future__ import annotations

import ast
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from graphlib import TopologicalSorter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "addin"

# Layer of each module (the longest matching prefix wins); a module imports only from its own layer or below.
LAYERS = {
    "addin": 0, "addin.i18n": 0, "addin.errors": 0, "addin.environment": 0,
    "addin.values": 1, "addin.money": 1, "addin.tax": 1, "addin.tables": 1, "addin.options": 1, "addin.resources": 1,
    "addin.catalog.model": 2, "addin.catalog.validity": 2,
    "addin.checks": 3,
    "addin.catalog": 4,
    "addin.pricing": 5, "addin.quote": 5, "addin.renewals": 5,
    "addin.rules": 6, "addin.configure": 6, "addin.document": 6, "addin.list_changes": 6, "addin.xlsx": 6,
    "addin.catalog.text": 7,
    "addin.batch": 7, "addin.calculator.layout": 7, "addin.calculator.quote_sheet": 7, "addin.calculator.build": 7,
    "addin.xp_functions": 7,
    "addin.quote_sheet": 7,
    "addin.udfs": 8, "addin.excel_run": 8, "addin.price_list": 8, "addin.lite.runtime": 8, "addin.frames": 8,
    "addin.calculator": 9, "addin.lite": 9,
    "addin.orders_repriced": 9, "addin.cli": 10,
    "addin.reference": 11,
}
CORE = ("addin.i18n", "addin.errors", "addin.environment", "addin.values", "addin.money", "addin.tables",
        "addin.options", "addin.resources", "addin.tax", "addin.catalog", "addin.checks", "addin.pricing",
        "addin.quote", "addin.renewals", "addin.rules", "addin.configure", "addin.list_changes", "addin.document",
        "addin.quote_sheet", "addin.calculator.layout")
ADAPTER_LIBRARIES = ("openpyxl", "click", "xlwings", "defusedxml", "pandas")
# Imports inside functions, each for an optional dependency or a platform: (module, imported)
LATE_IMPORTS = {
    ("addin.catalog.load", "addin.xlsx.read"),        # openpyxl only when a catalog file is read
    ("addin.catalog", "addin.catalog.cache"),         # the catalog files on disk: only when asked for, so that
    ("addin.catalog", "addin.catalog.load"),          # a host without files (xlwings Lite) needs no file code
    ("addin.catalog.current", "addin.catalog.cache"),  # the default provider of the catalog in use
    ("addin.cli", "addin.orders_repriced"),                   # pandas only for the reprice command
    ("addin.udfs", "win32com.server.exception"),      # Windows/Excel only
    ("addin.udfs", "xlwings._xlwindows"),             # Windows/Excel only
    ("addin.calculator.engine", "formulas"),          # test extra
    ("addin.calculator.engine", "formulas.functions"),
    ("addin.batch.summary", "pandas"),                # the summary's totals, once per batch: off the per-quote path
    ("addin.batch.renewals", "pandas"),               # the renewals' pipeline, once per run
    ("addin.udfs", "addin.excel_run"),                # the quote batch, only when Excel's Run main starts it
    ("addin.tax", "stdnum"),                          # an EU VAT ID's check: only when one is checked (never in Lite)
    ("addin.tax", "stdnum.eu"),
    ("addin.lite.runtime", "ssl"),                    # whether Pyodide has it: python-stdnum imports it
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))
           if "_templates" not in p.parts and "_shipped" not in p.parts}


def layer(name: str) -> int:
    best = max((k for k in LAYERS if name == k or name.startswith(k + ".")), key=len)
    return LAYERS[best]


def resolve(module: str, node: ast.ImportFrom) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        pkg = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        pkg = pkg[:len(pkg) - node.level + 1]
        base = ".".join(pkg + ([node.module] if node.module else []))
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in MODULES else base)
    return found


def imports(module: str) -> tuple[set, set]:
    """(modules of the package imported at the top, (module, name) pairs imported inside functions)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top, late = set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        names = resolve(module, node) if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
        inside = node not in tree.body and not any(node in getattr(n, "body", ()) for n in tree.body
                                                   if isinstance(n, (ast.Try, ast.If)))
        for name in names:
            if inside:
                late.add((module, name))
            elif name.startswith("addin"):
                top.add(name)
    return top, late


def graph() -> dict[str, set]:
    """Module -> the package's modules it imports at the top (a package's own ``__init__`` not counted)."""
    deps = {}
    for module in MODULES:
        top, _late = imports(module)
        parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}
        deps[module] = {m for m in top if m in MODULES and m != module and m not in parents}
    return deps


def test_no_import_cycle_and_imports_only_go_down():
    deps = graph()
    order = list(TopologicalSorter(deps).static_order())  # raises CycleError on a cycle
    assert set(order) == set(MODULES)
    upward = [(m, d) for m, ds in deps.items() for d in ds
              if layer(d) > layer(m) and not d.startswith(m + ".")]  # a package may re-export its modules
    assert upward == []


def test_imports_are_at_the_top_except_for_optional_dependencies():
    late = set()
    for module in MODULES:
        late |= imports(module)[1]
    assert late == LATE_IMPORTS


def test_each_module_imports_alone_in_a_fresh_interpreter_in_dependency_order():
    order = list(TopologicalSorter(graph()).static_order())

    def run(module):
        proc = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, cwd=ROOT)
        return module, proc.returncode, proc.stderr.strip().splitlines()[-1:] if proc.returncode else []

    with ThreadPoolExecutor(4) as pool:
        failed = [r for r in pool.map(run, order) if r[1]]
    assert failed == []


def test_the_core_imports_no_openpyxl_click_or_xlwings():
    code = ("import sys\n" + "".join(f"import {m}\n" for m in CORE)
            + "from addin.catalog import build_catalog\n"
            + f"print(sorted(m for m in {ADAPTER_LIBRARIES!r} if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_pandas_stays_off_the_worksheet_functions_and_the_quote_batch():
    # addin.udfs is left out: xlwings itself imports pandas when it is installed
    code = ("import sys\nimport addin.xp_functions, addin.cli, addin.batch.run, addin.calculator\n"
            "print('pandas' in sys.modules, 'xlwings' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False False"
