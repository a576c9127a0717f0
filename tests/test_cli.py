"""The command line: one core call per command, errors as one line on stderr."""
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from addin.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize("args, expected", [
    (["price", "OFFICE", "10"], "3310.0030  XPhone Connect 8 – OFFICE  × 10  =  890,00 €   (BEISPIELPREIS)"),
    (["price", "office", "10", "--lang", "en"], "€890.00   (EXAMPLE PRICE)"),
    (["up2date", "10000", "3"], "54 % × 10000 = 5.400,00 €"),
    (["upgrade", "10000", "R6"], "Upgrade R6: 55 % × 10000 = 5.500,00 €"),
    (["catalog", "check"], "26 Artikel/articles, 5 Up2Date, 5 Upgrade"),
])
def test_commands(args, expected):
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert expected in result.output


@pytest.mark.parametrize("args, message", [
    (["up2date", "10000", "2,5"], "Fehler: Laufzeit in Jahren: '2,5' ist ungültig. Ganze Zahl erwartet.\n"),
    (["price", "9999"], "Fehler: Unbekannter Artikel: 9999\n"),
    (["upgrade", "1000", "3", "--lang", "en"], "Error: release: '3' is not valid. Allowed: 4, 5, 6, 7, 8.\n"),
    (["--catalog", "/no/such/catalog.xlsx", "price", "OFFICE"],
     "Fehler: Katalog nicht gefunden: /no/such/catalog.xlsx (Pfad aus der Option --catalog)."),
])
def test_errors_are_one_line_and_exit_1(args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_catalog_option_and_environment(catalog_file):
    assert "1.000,00 €" in run("--catalog", str(catalog_file), "price", "OFFICE", "10").output
    assert "300,00 €" in run("price", "OFFICE", "3", env={"XPHONE_CATALOG": str(catalog_file)}).output


def test_catalog_text_is_a_stable_textconv(catalog_file):
    result = run("catalog", "text", str(catalog_file))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "== Preisliste =="
    assert "3320.0030 | FAX | FAX | FAX | user |  | 10.5" in lines
    assert "Gültig ab | 2026-01-01" in lines
    assert run("catalog", "text", str(catalog_file)).output == result.output


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield " ".join(prefix + (name,))


@pytest.mark.parametrize("command", sorted(_commands(cli)))
def test_every_command_is_documented(command):
    assert f"xphone-pricing {command}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, out", [
    (["up2date", "10000", "3", "--lang", "en"], "Up2Date 3 years: 54% × 10000 = €5,400.00\n"),
    (["up2date", "10000", "1", "--lang", "en"], "Up2Date 1 year: 20% × 10000 = €2,000.00\n"),
    (["up2date", "10000", "1"], "Up2Date 1 Jahr: 20 % × 10000 = 2.000,00 €\n"),
    (["upgrade", "10000", "R6", "--lang", "en"], "Upgrade R6: 55% × 10000 = €5,500.00\n"),
])
def test_english_output_uses_english_words(args, out):
    result = run(*args)
    assert (result.exit_code, result.output) == (0, out)


def test_catalog_check_in_english_has_no_german_words():
    result = run("catalog", "check", "--lang", "en")
    assert result.exit_code == 0
    assert ": 26 articles, 5 Up2Date terms, 5 upgrades, 34 rules; " in result.output
    assert "Artikel" not in result.output and "Regeln" not in result.output


@pytest.mark.parametrize("args, message", [
    (["price", "OFFCE"], "Fehler: Unbekannter Artikel: OFFCE. Meinten Sie OFFICE?\n"),
    (["price", "OFFCE", "--lang", "en"], "Error: Unknown article: OFFCE. Did you mean OFFICE?\n"),
])
def test_unknown_article_suggests_the_closest_codes(args, message):
    result = run(*args)
    assert (result.exit_code, result.output) == (1, message)


def test_article_by_its_printed_name_on_the_command_line():
    assert run("price", "XPhone Connect 8 – OFFICE", "2").output.startswith(
        "3310.0030  XPhone Connect 8 – OFFICE  × 2  =  178,00 €")
    result = run("validate", "XPhone Connect 8 – SERVER=1", "XPhone Connect 8 – OFFICE=10")
    assert (result.exit_code, result.output) == (0, "OK  Keine Beanstandungen.\n")


def test_validate_command_bounds_the_months_left_by_the_term():
    result = run("validate", "--owned", "SERVER=1", "--option", "Restlaufzeit=48", "--option", "Laufzeit=1")
    assert result.exit_code == 1
    assert result.output == ("ERROR   OPTION_INVALID  Option up2date_months_left: Restlaufzeit in Monaten: 48 ist "
                             "ungültig. Ein laufendes Up2Date mit 1 Jahr Laufzeit hat höchstens 12 Monate "
                             "Restlaufzeit, nicht 48.\n")
