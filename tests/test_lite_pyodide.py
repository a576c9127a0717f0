"""The xlwings Lite calculator's code on a real runtime: main.py from the workbook, run in Pyodide under Node.

The workbook is made in the test (``build_lite``); main.py is taken out of its web-extension XML the way
xlwings Lite reads it (the JSON value of the ``main.py`` property) and imported in Pyodide (the npm package
``pyodide`` in ``tests/pyodide``, installed by ``.ci/run``; nothing is downloaded at test time). Inside
Pyodide the module ``xlwings`` is a stand-in for the three decorators only (they record what they are
given); Python, its standard library and main.py are the real thing.

Every XP_ function is called the way Excel on the web hands values over (numbers as floats, dates as serial
numbers -- 46037 is 15.01.2026 --, blank cells as None, ranges as lists, booleans as booleans) for the table
below, and each result must equal what the desktop functions (``addin.udfs``) give for the same arguments:
the same value, or an error of the same class with the same message. A few results are also checked against
figures computed by hand from the service description and the example prices.
"""
from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from addin import udfs
from addin.lite.build import build_lite
from addin.lite.webextension import embedded_properties
from addin.xp_functions import FUNCTIONS
from tests.conftest import PRICE_DATE

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "tests" / "pyodide"

_spec = importlib.util.spec_from_file_location("lite_harness", PYODIDE_DIR / "harness.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)


def serial(year: int, month: int, day: int) -> float:
    """Excel's serial number of a date, as a float (Excel on the web passes dates so)."""
    return float((dt.date(year, month, day) - dt.date(1899, 12, 30)).days)


# --------------------------------------------------------------------------- the table of calls

LICENCES = [("SMART_SERVER", "3212.0010"), ("SERVER", "3210.0030"), ("UPG_SMART_SERVER", "8.3210.003010"),
            ("AUTO_ATTENDANT", "3420.0030"), ("ADDITIONAL_DATABASES", "3211.0030.010"), ("IP_CHANNEL", "3440.0030"),
            ("OFFICE", "3310.0030"), ("OFFICE_PLUS", "3311.0030"), ("UPG_OFFICE_PLUS", "8.3311.003010"),
            ("FAX", "3320.0030"), ("VOICEMAIL", "3321.0030"), ("TEAMDESK", "3323.0030"), ("CONTACTS", "3512.0030"),
            ("DASHBOARD", "3513.0030"), ("TAPI", "3410.0030")]
PERCENTAGE = [("UP2DATE_1Y", "9130.0000.012"), ("UP2DATE_2Y", "9130.0000.024"), ("UP2DATE_3Y", "9130.0000.036"),
              ("UP2DATE_4Y", "9130.0000.048"), ("UP2DATE_5Y", "9130.0000.060"), ("UP2DATE_ADDON", "9130.0000"),
              ("MIGRATION_R4", "9131.0004"), ("UPGRADE_R5", "9131.0001"), ("UPGRADE_R6", "9131.0002"),
              ("UPGRADE_R7", "9131.0003"), ("UPGRADE_R8", "9131.0006")]
# Start and invoice dates around month ends, 29 February and year ends
DAYS = [serial(2026, 1, 15), serial(2026, 1, 31), serial(2026, 2, 28), serial(2026, 3, 16), serial(2026, 3, 1),
        serial(2025, 11, 30), serial(2027, 11, 30), serial(2028, 2, 29), serial(2028, 2, 28), serial(2026, 12, 31),
        serial(2024, 2, 29), serial(2026, 8, 31)]
VALIDATE = {
    "new_server": (["SERVER", "OFFICE", "OFFICE_PLUS", "VOICEMAIL", "IP_CHANNEL", "CONTACTS"],
                   [1.0, 50.0, 10.0, 60.0, 2.0, 60.0], None,
                   [["directory_sources", 2.0], ["ldap", False], ["fax_in_client", False],
                    ["voicemail_in_client", True], ["voicemail_in_mobile_app", False], ["sms_notification", False]]),
    "office_alone": (["OFFICE"], [10.0], None, None),
    "smart_too_big": (["SMART_SERVER", "OFFICE", "FAX"], [1.0, 20.0, 2.0], None, None),
    "blank_rows": (["SERVER", None, "TEAMDESK", None], [1.0, None, 3.0, None], None, None),
    "mistakes": (["SERVER", "OFFICE_XL", "DASHBOARD", None], [1.0, 2.0, 2.5, 4.0], None, [["release", "R9"]]),
    "owned": (["SMART_SERVER", "UPG_SMART_SERVER", "OFFICE", "3311.0030", "FAX", "IP_CHANNEL"],
              [None, 1.0, 10.0, 5.0, 7.0, None], [1.0, None, 15.0, None, 3.0, 1.0],
              [["release", 6.0], ["Restlaufzeit", 11.0], ["fax_in_client", "ja"], ["ldap", True]]),
    "english": (["OFFICE"], [10.0], None, [["Sprache", "en"]]),
    "numbers_as_excel": ([3210.003, 3310.003], [1.0, 5.0], None, None),
    "wrong_length": (["SERVER", "OFFICE"], [1.0], None, None),
    "three_columns": (["SERVER"], [1.0], None, [["release", 6.0, "x"]]),
    "bad_language": (["SERVER"], [1.0], None, [["Sprache", "fr"]]),
    "unknown_option": (["SERVER"], [1.0], None, [["colour", "red"]]),
    "percent_owned": (["SERVER"], [1.0], [1.0], None),
    "nothing": ([None, None], [None, None], None, None),
}
CONFIGURE = {
    "users_30": ([["users", 30.0], ["voicemail", 10.0], ["tapi", 12.0], ["ldap", True]], None,
                 [["up2date_years", 3.0]]),
    "small_office": ([["users", 5.0]], None, None),
    "owned_smart": ([["users", 25.0]], [["SMART_SERVER", 1.0]], [["release", 8.0]]),
    "english": ([["users", 8.0], ["fax", 2.0]], None, [["language", "en"]]),
    "impossible": ([["users", -3.0]], None, None),
    "unknown_need": ([["colour", 3.0]], None, None),
    "nothing": (None, None, None),
}


def calls() -> list[tuple[str, str, list]]:
    """(id, function, arguments): at least 200 calls over every function, article, term and release."""
    out = []

    def add(func, *args, key=None):
        out.append((f"{func}:{key or ','.join(map(repr, args))}", func, list(args)))

    for code, number in LICENCES:
        add("XP_PRICE", code, 10.0)
        add("XP_PRICE", number, 1.0)
        add("XP_NAME", code)
    for code, number in PERCENTAGE:
        add("XP_PRICE", code, 1.0)      # a percentage article has no unit price: the message names the function
        add("XP_NAME", number)
    for qty in (0.0, None, 2.5, -1.0, "10", "1.000", True, 1e9):
        add("XP_PRICE", "OFFICE", qty)
    for article in (3310.003, "3310,003", " office plus ", "IP-CHANNEL", "OFFCE", None, "", 9999.0):
        add("XP_PRICE", article, 2.0)
    add("XP_NAME", "OFFCE")
    add("XP_NAME", None)
    for total in (10000.0, 12492.0, 0.0, 2.675, 1234.565):
        for years in (1.0, 2.0, 3.0, 4.0, 5.0):
            add("XP_UP2DATE", total, years)
    for years in (0.0, 6.0, 2.5, "3", None, "drei"):
        add("XP_UP2DATE", 10000.0, years)
        add("XP_UP2DATE_RATE", years)
    add("XP_UP2DATE", -5.0, 1.0)
    add("XP_UP2DATE", "12.492,00", 3.0)
    add("XP_UP2DATE", None, 3.0)
    for years in (1.0, 2.0, 3.0, 4.0, 5.0):
        add("XP_UP2DATE_RATE", years)
    for months in (0.0, 1.0, 6.0, 11.0, 12.0, 60.0):
        for term in (1.0, 3.0, 5.0):
            add("XP_UP2DATE_ADDON", 1000.0, months, term)
    for cost, months, term in ((1000.0, 61.0, 3.0), (1000.0, -1.0, 3.0), (1000.0, 6.5, 3.0), (-1.0, 6.0, 3.0),
                               (1000.0, 6.0, 6.0), (None, 6.0, 3.0), (333.33, 7.0, 2.0)):
        add("XP_UP2DATE_ADDON", cost, months, term)
    for invoice in DAYS:
        add("XP_UP2DATE_START", None, invoice)
        add("XP_UP2DATE_START", invoice + 10.0, invoice)
        add("XP_UP2DATE_START", invoice + 200.0, invoice)
    for retrieval, invoice in ((None, None), ("", 46037.0), ("15.01.2026", "2026-01-15"), (None, "gestern"),
                               (None, 0.0), (True, 46037.0)):
        add("XP_UP2DATE_START", retrieval, invoice)
    for start in DAYS:
        for years in (1.0, 2.0, 3.0, 4.0, 5.0):
            add("XP_UP2DATE_END", start, years)
    for start, years in ((46037.0, 0.0), (46037.0, 6.0), (None, 1.0), ("16.03.2026", 1.0), (46037.5, 1.0)):
        add("XP_UP2DATE_END", start, years)
    for release in (4.0, 5.0, 6.0, 7.0, 8.0, "R6", "Release 5", "V7", "r4", "8", 3.0, 9.0, "R9", None, 6.5):
        add("XP_UPGRADE", 10000.0, release)
    add("XP_UPGRADE", 12492.0, 6.0)
    for users in (0.0, 1.0, 25.0, 26.0, 50.0, 51.0, 60.0, 100.0, -1.0, 2.5, None):
        for voice, fax in ((False, False), (True, False), (False, True), (None, None)):
            add("XP_IP_CHANNELS", users, voice, fax)
    add("XP_IP_CHANNELS", 10.0, "ja", "nein")
    add("XP_IP_CHANNELS", 10.0, "vielleicht", False)
    for key, args in VALIDATE.items():
        add("XP_VALIDATE", *args, key=key)
    for key, (articles, new, owned, _options) in VALIDATE.items():
        add("XP_UP2DATE_BASE", articles, new, owned, key=key)
        add("XP_UPGRADE_BASE", articles, owned, key=key)
    add("XP_UPGRADE_BASE", [["SERVER"], ["OFFICE"], ["UPG_OFFICE_PLUS"]], [[1.0], [10.0], [3.0]], key="upgraded")
    add("XP_UPGRADE_BASE", [["SMART_SERVER"], ["UPG_SMART_SERVER"], ["OFFICE"]], [[1.0], [1.0], [2.0]],
        key="smart_upgraded")
    add("XP_CATALOG", key="all")
    # price lists: the day before and the day of the example list 2027, a day before every list
    for day in (serial(2026, 12, 31), serial(2027, 1, 1), serial(2025, 12, 31), "01.01.2027", None):
        add("XP_PRICE", "OFFICE", 10.0, day)
        add("XP_PRICELIST", day)
    add("XP_UP2DATE", 10000.0, 3.0, serial(2027, 1, 1))
    add("XP_UPGRADE", 10000.0, 6.0, serial(2025, 12, 31))
    add("XP_CATALOG", serial(2027, 1, 1), key="2027")
    for key, args in CONFIGURE.items():
        add("XP_CONFIGURE", *args, key=key)
    return out


CALLS = calls()

# Figures computed by hand (service description, example prices) that the Pyodide results must show.
BY_HAND = {
    "XP_PRICE:'OFFICE',10.0": {"value": 890.0},                      # 10 × 89
    "XP_PRICE:'3212.0010',1.0": {"value": 990.0},
    "XP_PRICE:'TAPI',10.0": {"value": 199.5},                        # 10 × 19.95
    "XP_UP2DATE:10000.0,3.0": {"value": 5400.0},                     # 54 %
    "XP_UP2DATE:12492.0,5.0": {"value": 9993.6},                     # 80 %
    "XP_UP2DATE:2.675,1.0": {"value": 0.54},                         # 20 % of 2.675 = 0.535 -> 0.54
    "XP_UP2DATE_RATE:4.0": {"value": 0.17},
    "XP_UP2DATE_ADDON:1000.0,6.0,3.0": {"value": 90.0},              # 18 % × 6/12 × 1000
    "XP_UP2DATE_ADDON:333.33,7.0,2.0": {"value": 36.94},             # 19 % × 7/12 × 333.33 = 36.944...
    "XP_UPGRADE:10000.0,'R6'": {"value": 5500.0},                    # 55 %
    "XP_UPGRADE:10000.0,4.0": {"value": 10000.0},                    # migration: 100 %
    "XP_IP_CHANNELS:60.0,True,False": {"value": 3},                  # 60 / 25 rounded up
    # 2490 + 50 × 89 + 10 × 139 + 60 × 39.90 + 2 × 149 + 60 × 24.50
    "XP_UP2DATE_BASE:new_server": {"value": 12492.0},
    # owned SERVER 2490 + 10 OFFICE 890 + 3 Upg. OFFICE>OFFICE PLUS as OFFICE PLUS, 3 × (139 − 89) = 150
    "XP_UPGRADE_BASE:upgraded": {"value": 3530.0},
    # owned SMART SERVER upgraded to SERVER: a SERVER 2490 with its 5 + 2 OFFICE users, 7 × 89 = 623
    "XP_UPGRADE_BASE:smart_upgraded": {"value": 3113.0},
    f"XP_PRICE:'OFFICE',10.0,{serial(2026, 12, 31)!r}": {"value": 890.0},   # 10 × 89, list 2026
    f"XP_PRICE:'OFFICE',10.0,{serial(2027, 1, 1)!r}": {"value": 920.0},     # 10 × 92, list 2027
    f"XP_PRICELIST:{serial(2027, 1, 1)!r}": {"value": "Beispielpreisliste 2027 (ab 2027-01-01, Beispiel)"},
    "XP_IP_CHANNELS:1.0,True,False": {"value": 2},                   # at least 2 with voicemail
    # invoice 30.11.2025 + 3 months = 28.02.2026; 30.11.2027 + 3 months = 29.02.2028 (leap year)
    f"XP_UP2DATE_START:None,{serial(2025, 11, 30)!r}": {"value": {"datetime": "2026-02-28T00:00:00"}},
    f"XP_UP2DATE_START:None,{serial(2027, 11, 30)!r}": {"value": {"datetime": "2028-02-29T00:00:00"}},
    # 15.01.2026 (46037) + 1 year: last day 14.01.2027, to the month's end
    "XP_UP2DATE_END:46037.0,1.0": {"value": {"datetime": "2027-01-31T00:00:00"}},
    # 29.02.2028 + 1 year: last day 27.02.2029 (no 29th), February ends on the 28th
    f"XP_UP2DATE_END:{serial(2028, 2, 29)!r},1.0": {"value": {"datetime": "2029-02-28T00:00:00"}},
    # 01.03.2026 + 1 year: last day 28.02.2027
    f"XP_UP2DATE_END:{serial(2026, 3, 1)!r},1.0": {"value": {"datetime": "2027-02-28T00:00:00"}},
}


def test_the_table_covers_every_function_article_term_and_release():
    assert len(CALLS) >= 200
    assert len({case_id for case_id, _f, _a in CALLS}) == len(CALLS)
    assert {f for _i, f, _a in CALLS} == set(FUNCTIONS)
    named = {args[0] for _i, f, args in CALLS if f in ("XP_PRICE", "XP_NAME")}
    assert {code for code, _n in LICENCES + PERCENTAGE} <= named
    assert {number for _c, number in LICENCES + PERCENTAGE} <= named
    assert {args[1] for _i, f, args in CALLS if f == "XP_UP2DATE_END"} >= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert {args[1] for _i, f, args in CALLS if f == "XP_UPGRADE"} >= {4.0, 5.0, 6.0, 7.0, 8.0}
    assert set(BY_HAND) <= {case_id for case_id, _f, _a in CALLS}


# --------------------------------------------------------------------------- running Pyodide

def pyodide_available() -> None:
    """Skip (fail in CI) when Node or the npm package is missing."""
    node = shutil.which("node")
    installed = (PYODIDE_DIR / "node_modules" / "pyodide" / "pyodide.mjs").is_file()
    if node and installed:
        return
    message = "Pyodide under Node is not installed: npm ci --prefix tests/pyodide (Node from Debian's nodejs)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run_in_pyodide(main_py: str, cases, folder: Path, mode: str = "call_all", packages=()) -> dict:
    """Run ``harness.<mode>`` on ``cases`` in Pyodide with ``main_py`` as the module main; its JSON result.
    ``packages``: pure-Python packages of the Lite workbook's requirements.txt, copied from this Python (Pyodide
    would fetch them from PyPI; nothing is downloaded here)."""
    pyodide_available()
    for name in packages:
        source = Path(importlib.import_module(name).__file__).parent
        shutil.copytree(source, folder / "site" / name, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "main.py").write_text(main_py, encoding="utf-8")
    (folder / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    out = folder / "out.json"
    proc = subprocess.run(["node", str(PYODIDE_DIR / "run.mjs"), str(folder / "main.py"), str(folder / "cases.json"),
                           str(out), mode], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def lite_run(tmp_path_factory):
    pyodide_available()
    folder = tmp_path_factory.mktemp("lite")
    workbook = build_lite(folder / "Rechner-Lite.xlsx")
    main_py = embedded_properties(workbook)["main.py"]  # as xlwings Lite reads it: the property's JSON value
    cases = [{"id": case_id, "func": func, "args": args} for case_id, func, args in CALLS]
    # a call without a date prices on the day the desktop side uses in the tests (tests/conftest.py)
    return run_in_pyodide(main_py, {"env": {"XPHONE_PRICE_DATE": PRICE_DATE}, "cases": cases}, folder)


@pytest.mark.parametrize("case_id, func, args", CALLS, ids=[c[0] for c in CALLS])
def test_pyodide_gives_what_the_desktop_functions_give(lite_run, case_id, func, args):
    desktop = json.loads(json.dumps(harness.outcome(getattr(udfs, func), args)))
    assert lite_run["results"][case_id] == desktop


@pytest.mark.parametrize("case_id, expected", BY_HAND.items(), ids=list(BY_HAND))
def test_pyodide_figures_match_the_hand_computed_ones(lite_run, case_id, expected):
    assert lite_run["results"][case_id] == expected


def test_wrong_inputs_are_errors_with_the_message_in_pyodide(lite_run):
    results = lite_run["results"]
    assert results["XP_PRICE:'OFFCE',2.0"] == {"error": "UnknownArticle",
                                               "message": "Unbekannter Artikel: OFFCE. Meinten Sie OFFICE?"}
    assert results["XP_UP2DATE:10000.0,2.5"] == {
        "error": "BadValue", "message": "Laufzeit in Jahren: 2.5 ist ungültig. Ganze Zahl erwartet."}
    assert results["XP_PRICE:'UP2DATE_3Y',1.0"]["error"] == "NotPricedPerUnit"
    assert "XP_UP2DATE" in results["XP_PRICE:'UP2DATE_3Y',1.0"]["message"]
    errors = [r for r in results.values() if "error" in r]
    assert len(errors) >= 40 and all(r["message"] for r in errors)


def test_every_function_is_registered_with_lites_decorators(lite_run):
    registered = lite_run["registered"]
    assert sorted(registered) == sorted(FUNCTIONS)
    for name, spec in FUNCTIONS.items():
        meta = registered[name]
        assert meta["func"] == {}
        assert list(meta["args"]) == [a.name for a in reversed(spec.args)]  # decorators apply bottom-up
        for a in spec.args:
            assert meta["args"][a.name] == {"doc": a.de, **a.xl}
        assert meta["ret"] == ({"date_format": "dd.mm.yyyy"} if spec.kind == "date" else {})

