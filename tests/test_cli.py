"""The command line: one core call per command, errors as one line on stderr."""
import os
import subprocess
import sys
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize("args, expected", [
    (["price", "OFFICE", "10", "--date", "2026-12-31"],
     "3310.0030  XPhone Connect 8 – OFFICE  × 10  =  890,00 €  · Beispielpreisliste 2026 (ab 2026-01-01)"
     "   (BEISPIELPREIS)"),
    (["price", "office", "10", "--lang", "en", "--date", "01.01.2027"],
     "€920.00  · Beispielpreisliste 2027 (from 2027-01-01)   (EXAMPLE PRICE)"),
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
    assert f"xphone-pricing {command}" in (ROOT / "docs" / "reference" / "functions.md").read_text(encoding="utf-8")


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


# --------------------------------------------------------------------------- options before or after the command

@pytest.mark.parametrize("args", [
    ["--lang", "en", "price", "OFFICE", "10"],
    ["price", "OFFICE", "10", "--lang", "en"],
    ["price", "--lang", "en", "OFFICE", "10"],
])
def test_lang_before_or_after_the_command(args):
    result = run(*args)
    assert result.exit_code == 0 and "€890.00" in result.output


@pytest.mark.parametrize("place", ["before", "after"])
def test_catalog_before_or_after_the_command(catalog_file, place):
    args = ["price", "OFFICE", "10"]
    args = ["--catalog", str(catalog_file), *args] if place == "before" else [*args, "--catalog", str(catalog_file)]
    assert "1.000,00 €" in run(*args).output  # the small test catalog: OFFICE at 100


def test_the_commands_option_wins_over_the_groups(catalog_file):
    result = run("--catalog", "/no/such.xlsx", "--lang", "de", "price", "OFFICE", "--catalog", str(catalog_file),
                 "--lang", "en")
    assert result.exit_code == 0 and "€100.00" in result.output


@pytest.mark.parametrize("args, env, source", [
    (["--catalog", "/no/such/catalog.xlsx", "price", "OFFICE"], None, "der Option --catalog"),
    (["price", "OFFICE", "--catalog", "/no/such/catalog.xlsx"], None, "der Option --catalog"),
    (["price", "OFFICE"], {"XPHONE_CATALOG": "/no/such/catalog.xlsx"}, "der Umgebungsvariable XPHONE_CATALOG"),
    (["catalog", "check", "/no/such/catalog.xlsx"], None, "dem Aufruf"),
])
def test_missing_catalog_says_not_found_and_where_the_path_came_from(args, env, source):
    result = run(*args, env=env)
    assert result.exit_code == 1
    assert result.stderr == (f"Fehler: Katalog nicht gefunden: /no/such/catalog.xlsx (Pfad aus {source}). Pfad prüfen "
                             "oder über --catalog, XPHONE_CATALOG oder das Blatt xlwings.conf angeben.\n")


def test_missing_catalog_in_english():
    result = run("--lang", "en", "--catalog", "/no/such.xlsx", "price", "OFFICE")
    assert result.stderr.startswith("Error: Catalog not found: /no/such.xlsx (path from the option --catalog).")


# --------------------------------------------------------------------------- usage errors in the user's language

@pytest.mark.parametrize("args, env, expected", [
    (["quotes", "x.xlsx", "--jobz", "2"], None, "Fehler: Unbekannte Option --jobz. Meinten Sie --jobs?"),
    (["quotes", "x.xlsx", "--jobs", "0"], None, "Fehler: Ungültiger Wert für '--jobs': 0 liegt nicht zwischen 1 "
                                                 "und 64."),
    (["quotes", "x.xlsx", "--jobs", "zwei"], None, "Fehler: Ungültiger Wert für '--jobs': 'zwei' ist keine ganze "
                                                    "Zahl."),
    (["quotes"], None, "Fehler: Argument 'ORDERS' fehlt."),
    (["quotes", "x.xlsx", "--out"], None, "Fehler: Option --out braucht einen Wert."),
    (["price", "OFFICE", "--lang", "fr"], None, "Fehler: Ungültiger Wert für '--lang': 'fr' ist nicht erlaubt; "
                                                "erlaubt: de, en."),
    (["angebote"], None, "Fehler: Unbekannter Befehl 'angebote'."),
    (["quote", "x.xlsx"], None, "Fehler: Unbekannter Befehl 'quote'. Meinten Sie quotes?"),
    (["price", "OFFICE", "1", "2"], None, "Fehler: Überzähliges Argument: 2."),
    ([], None, "Fehler: Befehl fehlt; Befehle: calculator, catalog, configure, init, lite, price, quotes, "
               "renewals, reprice, up2date, upgrade, validate."),
    (["catalog"], None, "Fehler: Befehl fehlt; Befehle: check, diff, show, text."),
    (["--lang", "en", "angebote"], None, "Error: No such command 'angebote'."),
    (["--lang", "en", "price", "OFFICE", "1", "2"], None, "Error: Got unexpected extra argument(s): 2."),
    (["calculator", "--update", "/no/such.xlsm"], None, "Fehler: Ungültiger Wert für '--update': '/no/such.xlsm' "
                                                        "gibt es nicht."),
    (["quotes", "x.xlsx", "--jobz", "2"], {"XPHONE_LANG": "en"}, "Error: No such option"),
    (["--lang", "en", "quotes", "x.xlsx", "--jobs", "0"], None, "Error: Invalid value for '--jobs'"),
])
def test_usage_errors_are_in_the_users_language(args, env, expected):
    result = run(*args, env=env)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert expected in result.stderr
    if expected.startswith("Fehler") and "--out" not in args:
        assert result.stderr.startswith("Aufruf: ") and "[OPTIONEN]" in result.stderr and "Hilfe: '" in result.stderr


# --------------------------------------------------------------------------- calculator --out

def test_calculator_refuses_to_overwrite_a_calculator_in_use(tmp_path):
    target = tmp_path / "Rechner.xlsm"
    assert run("calculator", "--out", str(target)).exit_code == 0
    before = target.read_bytes()
    again = run("calculator", "--out", str(target))
    assert again.exit_code == 1 and target.read_bytes() == before
    assert again.stderr == (f"Fehler: Ausgabe nicht möglich: {target} gibt es schon; mit --force überschreiben "
                            "(Eingaben und importierte Funktionen darin gehen verloren) oder mit --update "
                            f"{target} nur die Artikelliste erneuern.\n")
    assert run("calculator", "--out", str(target), "--force").exit_code == 0


@pytest.mark.parametrize("name", ["Rechner.xlsx", "Rechner", "Rechner.xls"])
def test_calculator_needs_a_file_that_keeps_macros(tmp_path, name):
    result = run("calculator", "--out", str(tmp_path / name))
    assert result.exit_code == 1 and not (tmp_path / name).exists()
    assert f"{name}: ein Rechner braucht die Endung .xlsm" in result.stderr


def test_calculator_out_and_update_exclude_each_other(tmp_path):
    target = tmp_path / "Rechner.xlsm"
    assert run("calculator", "--out", str(target)).exit_code == 0
    result = run("calculator", "--update", str(target), "--out", str(tmp_path / "neu.xlsm"))
    assert result.exit_code == 2 and "--out und --update schließen sich aus" in result.stderr
    assert not (tmp_path / "neu.xlsm").exists()


def test_usage_errors_do_not_depend_on_clicks_english_wording(monkeypatch):
    """The German messages come from what went wrong, not from click's text: click rewording its messages
    changes nothing."""
    import click.parser

    monkeypatch.setattr(click.parser, "_", lambda text: "ANDERS: " + text, raising=False)
    result = run("quotes", "x.xlsx", "--out")
    assert result.exit_code == 2 and "Fehler: Option --out braucht einen Wert." in result.stderr
    result = run("angebote")
    assert "Fehler: Unbekannter Befehl 'angebote'." in result.stderr


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.mark.parametrize("path, command", list(_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple)
                         else "")
def test_every_command_takes_catalog_and_lang_after_its_name(path, command):
    names = {p.name for p in command.params}
    assert {"catalog_path", "lang"} <= names, path


@pytest.mark.parametrize("args, message", [
    (["up2date", "-5", "3"], "Fehler: Lizenzsumme: '-5' ist ungültig. Betrag darf nicht negativ sein."),
    (["--lang", "en", "upgrade", "-1.000,50", "6"], "Error: licence total: '-1.000,50' is not valid."),
])
def test_a_negative_number_is_a_value_not_an_option(args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and result.stderr.startswith(message), result.stderr


def test_catalog_text_and_check_take_the_catalog_option():
    result = CliRunner().invoke(cli, ["catalog", "text", "--catalog", str(ROOT / "catalog.xlsx"), "--lang", "en"])
    assert result.exit_code == 0 and result.stdout.startswith("== Katalog ==\nEigenschaft | Wert | Hinweis\n")
    checked = CliRunner().invoke(cli, ["catalog", "check", "--lang", "en", "--catalog", str(ROOT / "catalog.xlsx")])
    assert checked.exit_code == 0 and checked.stdout.startswith("OK: ")


def test_init_writes_what_a_new_user_starts_with_and_overwrites_only_with_force(tmp_path):
    target = tmp_path / "start"
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == [
        "calculator.py", "calculator.xlsm", "calculator_en.py", "calculator_en.xlsm", "calculator_lite.xlsx",
        "catalog.xlsx", "example_installed_base.xlsx", "example_orders.py", "example_orders.xlsx", "quote_de.xlsx",
        "quote_en.xlsx"]
    assert (target / "catalog.xlsx").read_bytes() == (ROOT / "catalog.xlsx").read_bytes()
    assert result.stdout.splitlines()[-1].startswith(f"Weiter mit: xphone-pricing --catalog {target / 'catalog.xlsx'} "
                                                     f"quotes {target / 'example_orders.xlsx'}")
    (target / "catalog.xlsx").write_bytes(b"edited")
    again = CliRunner().invoke(cli, ["init", str(target)])
    assert again.exit_code == 1 and "mit --force überschreiben" in again.stderr
    assert (target / "catalog.xlsx").read_bytes() == b"edited"  # nothing overwritten
    forced = CliRunner().invoke(cli, ["init", str(target), "--force"])
    assert forced.exit_code == 0 and (target / "catalog.xlsx").read_bytes() == (ROOT / "catalog.xlsx").read_bytes()


def test_catalog_show_prints_the_list_of_a_day_and_writes_it_as_a_workbook(tmp_path):
    shown = CliRunner().invoke(cli, ["catalog", "show", "--date", "2027-01-01"])
    lines = shown.stdout.splitlines()
    assert shown.exit_code == 0 and lines[0].startswith("Preisliste Beispielpreisliste 2027 (ab 2027-01-01)")
    office = next(line for line in lines if " OFFICE " in line)
    assert office.split() == ["3310.0030", "OFFICE", "XPhone", "Connect", "8", "–", "OFFICE", "92,00", "€"]
    target = tmp_path / "Preisliste.xlsx"
    written = CliRunner().invoke(cli, ["--lang", "en", "catalog", "show", "--out", str(target)])
    assert written.exit_code == 0
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert rows[2] == ("Article number", "Code", "Name", "List price", "Includes")
    assert rows[3] == ("3212.0010", "SMART_SERVER", "XPhone Connect 8 – SMART SERVER", 990, "5 × OFFICE")  # 2026 list
    again = CliRunner().invoke(cli, ["catalog", "show", "--out", str(target)])
    assert again.exit_code == 1 and "mit --force überschreiben" in again.stderr


def test_shell_completion_is_clicks(tmp_path):
    env = {**os.environ, "_XPHONE_PRICING_COMPLETE": "bash_source"}
    proc = subprocess.run([sys.executable, "-c", "from addin.cli import main; main()"], env=env, cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "_xphone_pricing_completion()" in proc.stdout
    assert "_XPHONE_PRICING_COMPLETE=bash_source xphone-pricing" in (ROOT / "README.md").read_text(encoding="utf-8")
