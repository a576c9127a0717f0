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
    assert reference.render_readme(text) == text, "run: python -m addin.reference"


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
