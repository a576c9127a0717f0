"""The README: short, its links lead somewhere, and its two commands are what CI runs on a clean checkout."""
from __future__ import annotations

import re

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(rf"```{language}\n(.*?)```", README, re.DOTALL)]


def test_the_readme_is_a_short_door_to_the_documentation():
    assert len(README) <= 12_000
    assert "docs/handbuch/index.md" in README and "docs/reference/functions.md" in README


def test_the_two_commands_on_a_fresh_machine_are_what_ci_runs():
    setup = _blocks("bash")[0]
    assert len(setup) == 2 and setup[0].startswith("python3 -m venv .venv && ") and "pytest" in setup[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in setup if line not in ci] == []  # verbatim, each on a line of its own
    windows = _blocks("bat")[0]
    assert [line.replace("\\", "/").replace("Scripts/", "bin/").replace("py -m venv", "python3 -m venv")
            for line in windows] == setup  # the same two commands, written for Windows


def test_every_link_of_the_readme_leads_to_a_file_of_the_project():
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    assert targets and [t for t in targets if not (ROOT / t).is_file()] == []
