"""Calls the XP_ functions of main.py as Excel on the web hands values over; runs inside Pyodide.

``call_all(cases)`` imports ``main`` (the main.py taken from the workbook), calls every case and returns
the results as JSON text; ``bench(spec)`` times the import and warm calls. The tests compute the desktop
side with the same :func:`outcome`, so both sides are encoded alike.
"""
import datetime
import json
import os
import time


def encode(value):
    """A result as JSON: numbers, text, booleans and None as they are, dates tagged, tables as lists."""
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"unexpected": type(value).__name__, "repr": repr(value)}


def outcome(function, args):
    """The encoded result of one call, or the error it raised (class and message)."""
    try:
        return {"value": encode(function(*args))}
    except Exception as exc:  # every error counts: the project's own or any other
        return {"error": type(exc).__name__, "message": str(exc)}


def _import_main():
    start = time.perf_counter()
    import main
    return main, time.perf_counter() - start


def call_all(path):
    """``path``: a JSON list of cases, or ``{"env": {name: value}, "cases": [...]}`` (variables set first)."""
    with open(path, encoding="utf-8") as fh:
        cases = json.load(fh)
    if isinstance(cases, dict):
        os.environ.update(cases.get("env", {}))  # e.g. XPHONE_PRICE_DATE: the day a call without a date prices on
        cases = cases["cases"]
    main, seconds = _import_main()
    registered = {name: getattr(main, name).__xlfunc__ for name in dir(main)
                  if hasattr(getattr(main, name), "__xlfunc__")}
    results = {case["id"]: outcome(getattr(main, case["func"]), case["args"]) for case in cases}
    return json.dumps({"import_seconds": seconds, "registered": registered, "results": results})


def _decode(value):
    if isinstance(value, dict) and "datetime" in value:
        return datetime.datetime.fromisoformat(value["datetime"])
    return value


def run_script(path):
    """``path``: ``{"script": name, "books": {id: {sheet: {cell: value}}}, "env": {...}}``: run the script of
    main.py on a stand-in workbook of each book's cells; returns the cells after it, and its registration."""
    with open(path, encoding="utf-8") as fh:
        spec = json.load(fh)
    os.environ.update(spec.get("env", {}))
    import xlwings

    main, seconds = _import_main()
    function = getattr(main, spec["script"])
    books, errors = {}, {}
    for key, cells in spec["books"].items():
        sheets = {sheet: {ref: _decode(v) for ref, v in values.items()} for sheet, values in cells.items()}
        try:
            function(xlwings.Book(sheets, key))
        except Exception as exc:  # the test shows what went wrong inside Pyodide
            errors[key] = f"{type(exc).__name__}: {exc}"
        books[key] = {sheet: {ref: encode(v) for ref, v in values.items()} for sheet, values in sheets.items()}
    return json.dumps({"import_seconds": seconds, "registered": getattr(function, "__xlscript__", None),
                       "errors": errors, "books": books})


def _per_call(function, args, target):
    """Seconds per call: loops sized so one timing takes about ``target`` seconds; the best of 5."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            function(*args)
        took = time.perf_counter() - start
        if took >= target / 5 or number >= 1_000_000:
            break
        number *= 4
    number = max(1, int(number * target / max(took, 1e-9)))
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(number):
            function(*args)
        runs.append((time.perf_counter() - start) / number)
    return runs


def bench(path):
    """Timings inside Pyodide: importing main.py, then warm calls (and floors measured in the same run)."""
    with open(path, encoding="utf-8") as fh:
        spec = json.load(fh)
    main, seconds = _import_main()
    from decimal import ROUND_HALF_UP, Decimal

    price, qty, cent = Decimal("89"), Decimal("10"), Decimal("0.01")

    def bare(a, b):
        return a

    floors = {"call": _per_call(bare, (10.0, 3.0), spec["target"]),
              "decimal": _per_call(lambda: (price * qty).quantize(cent, rounding=ROUND_HALF_UP), (), spec["target"])}
    timed = {case["id"]: _per_call(getattr(main, case["func"]), case["args"], spec["target"])
             for case in spec["cases"]}
    return json.dumps({"import_seconds": seconds, "floors": floors, "timed": timed})
