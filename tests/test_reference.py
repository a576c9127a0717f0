"""One reference of the worksheet functions and commands, made from the code, in the documentation and the help
sheet."""
from __future__ import annotations

import datetime as dt

import pytest

from addin import calculator as calc
from addin import reference
from addin.xp_functions import FUNCTIONS
from tests.conftest import ROOT


def test_the_documentations_reference_blocks_are_up_to_date():
    text = (ROOT / reference.PAGE).read_text(encoding="utf-8")
    assert "<!-- reference:functions -->" in text and "<!-- reference:commands -->" in text
    assert "<!-- reference:rules -->" in (ROOT / reference.PAGES[1]).read_text(encoding="utf-8")
    for page in reference.PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        assert reference.render_readme(text) == text, f"{page}: run python -m addin.reference"


def test_every_rule_is_listed_with_its_reading():
    from addin.catalog import get_catalog
    from addin.checks.code import CODE_RULES

    table = reference.rules_markdown()
    rules = [r for r in get_catalog().rules if r.kind != "upgrade"] + list(CODE_RULES)
    assert all(f"| `{r.rule_id}` |" in table for r in rules)
    assert [r.rule_id for r in rules if not r.doc.strip()] == []  # every rule says where it comes from


def test_every_function_and_command_is_in_the_tables():
    functions, commands = reference.functions_markdown(), reference.commands_markdown()
    assert all(f"`{f.signature}`" in functions for f in FUNCTIONS.values())
    for usage, what, _example in reference.command_rows():
        assert usage.startswith("xphone-pricing ") and what and usage in commands


def _as_german_excel_shows(value, kind):
    if kind == "date":
        return (dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).strftime("%d.%m.%Y")
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    return str(value)


@pytest.fixture(scope="module")
def help_results():
    return calc.evaluate(calc.template_path("de"))


@pytest.mark.parametrize("row, name", [(4 + i, name) for i, name in enumerate(FUNCTIONS) if FUNCTIONS[name].live])
def test_the_documented_result_is_what_the_help_sheet_computes(row, name, help_results):
    f = FUNCTIONS[name]  # a function without a live example (a table, ranges) has none on the help sheet
    value = help_results[("HILFE", f"F{row}")]
    assert _as_german_excel_shows(value, f.kind) == f.result
