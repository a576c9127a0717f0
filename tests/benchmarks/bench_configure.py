"""Guided selling: configure and XP_CONFIGURE, warm and in-process.

The floor is one ``validate`` of the answer's lines, measured in the same run: configure runs the rules a
few times (the search size, shown as "rule runs") and prices the answer, so its ratio to the floor is about
the number of rule runs plus the pricing. Larger needs show how the search grows: the server choices and
rounds stay the same, only a rule in code (IP-CHANNEL recommendation, ADDITIONAL DATABASES) adds a
doubling-then-halving search over its count.
"""
from __future__ import annotations

import os

from .timing import Row, median, note, per_call, spread, wait_idle

SECTION = "guided selling (configure), warm, per call"
GOAL = 5e-3  # configure for 50 users with five needs

NEEDS_50 = {"users": 50, "voicemail": 10, "voicemail_in_mobile_app": True, "fax": 5, "tapi": 12, "teamdesk": 3}
GROWTH = [
    ("500 users, 400 voicemail, 300 fax", {"users": 500, "voicemail": 400, "fax": 300}),
    ("5,000 users, 4,000 voicemail, 3,000 fax, 95 data sources",
     {"users": 5000, "voicemail": 4000, "fax": 3000, "directory_sources": 95}),
]


def run(quick: bool = False, smoke: bool = False) -> list[Row]:
    """The rows of this part. ``smoke`` runs every code path once with tiny loops (for the tests)."""
    os.environ.pop("XPHONE_CATALOG", None)
    from addin import catalog as catalog_mod
    from addin import udfs
    from addin.configure import configure
    from addin.rules import validate

    repeat, target = (1, 0.0005) if smoke else (3, 0.05) if quick else (7, 0.2)
    if not smoke and wait_idle(30 if quick else 60) is False:
        note("the machine is busy (other processes use the CPU): figures will be high")
    catalog_mod.clear_cache()
    cat = catalog_mod.get_catalog()
    rows: list[Row] = []

    answer = configure(NEEDS_50, catalog=cat)
    env = {"validate": validate, "configure": configure, "cat": cat, "lines": answer.lines, "opts": answer.options,
           "needs": NEEDS_50}
    runs = per_call("validate(lines, None, opts, cat)", env, repeat=repeat, target=target)
    floor = median(runs)
    rows.append(Row(SECTION, f"floor: one validate of the answer ({len(answer.lines)} lines)", floor, per="call",
                    spread=spread(runs)))

    runs = per_call("configure(needs, catalog=cat)", env, repeat=repeat, target=target)
    value = median(runs)
    rows.append(Row(SECTION, "configure: 50 users, voicemail 10 (mobile app), fax 5, TAPI 12, TEAMDESK 3", value,
                    per="call", spread=spread(runs), baseline="validate", ratio=value / floor, goal="≤ 5 ms",
                    met=value <= GOAL, note=f"{answer.checks} rule runs, total {answer.total} €"))

    cells = [["Benutzer", 50.0], ["Voicemail", 10.0], ["Voicemail in der Mobile App", True], ["Fax", 5.0],
             ["TAPI", 12.0], ["TEAMDESK", 3.0]]
    env_udf = {"XP_CONFIGURE": udfs.XP_CONFIGURE, "cells": cells}
    spilled = len(eval("XP_CONFIGURE(cells)", env_udf))
    runs = per_call("XP_CONFIGURE(cells)", env_udf, repeat=repeat, target=target)
    value = median(runs)
    rows.append(Row(SECTION, "XP_CONFIGURE(needs) with the same needs as Excel passes them", value, per="call",
                    spread=spread(runs), baseline="validate", ratio=value / floor, note=f"{spilled} rows spilled"))

    for label, needs in GROWTH:
        result = configure(needs, catalog=cat)
        env["big"] = needs
        runs = per_call("configure(big, catalog=cat)", env, repeat=repeat, target=target)
        value = median(runs)
        rows.append(Row(SECTION, f"configure: {label}", value, per="call", spread=spread(runs),
                        baseline="validate", ratio=value / floor, note=f"{result.checks} rule runs"))
    catalog_mod.clear_cache()
    return rows
