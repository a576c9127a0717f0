"""Every command in a code block of the German handbook works as written, in a folder as a user has it after
``xphone-pricing init`` (the workbooks named as the handbook names them)."""
from __future__ import annotations

import re
import shlex
import shutil

import pytest
from click.testing import CliRunner

from addin.cli import cli
from tests.conftest import ROOT

HANDBOOK = ROOT / "docs" / "handbuch"
COMMANDS = [(page.name, line) for page in sorted(HANDBOOK.glob("*.md"))
            for block in re.findall(r"```bash\n(.*?)```", page.read_text(encoding="utf-8"), re.DOTALL)
            for line in block.strip().splitlines() if line.startswith("xphone-pricing ")]
# the handbook's names for the starter files
NAMES = {"Auftraege.xlsx": "example_orders.xlsx", "Bestand.xlsx": "example_installed_base.xlsx",
         "Rechner.xlsm": "calculator.xlsm"}


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("start") / "Angebote-Start"
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    for name, source in NAMES.items():
        shutil.copy(folder / source, folder / name)
    return folder


def test_the_handbook_shows_commands():
    pages = {page for page, _line in COMMANDS}
    assert {"auftragsliste.md", "verlaengerungen.md", "rechner.md", "preise.md"} <= pages


@pytest.mark.parametrize("page, line", COMMANDS)
def test_every_command_of_the_handbook_works_as_written(starter, tmp_path, monkeypatch, page, line):
    folder = tmp_path / "work"
    shutil.copytree(starter, folder)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, shlex.split(line)[1:])
    assert result.exit_code == 0, (page, line, result.output[-1500:])
