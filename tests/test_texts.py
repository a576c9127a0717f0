"""The message catalogs (addin.i18n): every language has every key with the same fields, every key the code
names exists, no module of the package holds a text of its own or chooses by language, and a third language is
one more file."""
from __future__ import annotations

import ast
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from addin import i18n
from addin.errors import OutputError
from addin.i18n import LANGUAGES, Text, catalog, section, text

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "addin"

# Every module of the package except the language modules themselves: none may choose words by language or
# carry German or English prose of its own.
MODULES = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                 if not (p.parent.name == "i18n" and len(p.stem) == 2))

# What may stay in code, and why (everything else a user reads is in the catalogs):
# - calls whose arguments document the code for its readers: a worksheet function's argument descriptions (the
#   one description per function, German and English, shown in Excel's function wizard), a rule's reference
#   text (English, for the maintainers' reference);
DOC_CALLS = {"Arg", "_code_rule", "_input_rule"}
# - tables that are part of a file format or of the documentation: the names the readers accept for a sheet,
#   column, key or rule kind (in German and English at once, as the files may be in either), the placeholders of
#   a rule message (a reference table), the command line's help (one text for both readers);
TABLES = {("batch/orders.py", "BASE_COLUMNS"), ("batch/orders.py", "FIELD_NAMES"), ("catalog/build.py", "COLUMNS"),
          ("catalog/build.py", "META_KEYS"), ("catalog/build.py", "NOT_OFFERED"), ("checks/sheet.py", "KINDS"),
          ("checks/sheet.py", "PLACEHOLDERS"), ("checks/sheet.py", "RULE_COLUMNS"), ("cli.py", "_LANG_HELP"),
          ("cli.py", "_CATALOG_HELP"),
          ("batch/seller.py", "FIELDS"), ("batch/seller.py", "LEGAL_FORMS")}
# - source code the Lite bundle and the Run-main module writer write, and messages to programmers (a TypeError for
#   a wrong call).
CODE_WRITERS = {"lite/bundle.py", "excel_run.py"}


def fields(value) -> list[frozenset[str]]:
    texts = value if isinstance(value, tuple) else (value,)
    return [frozenset(name for _, name, _, _ in string.Formatter().parse(t) if name) for t in texts]


def test_the_languages_are_the_modules_of_the_package():
    found = sorted(p.stem for p in (PACKAGE / "i18n").glob("??.py"))
    assert list(LANGUAGES) == found and {"de", "en"} <= set(found)


# Patterns that offer fields of which each language uses those its convention needs.
PATTERNS = {"date.in_text": frozenset({"day", "month", "month_name", "year"})}


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "de"])
def test_every_language_has_every_key_with_the_same_fields(lang):
    german, other = catalog("de"), catalog(lang)
    assert sorted(other) == sorted(german)
    for key, value in german.items():
        assert type(other[key]) is type(value), key
        if key in PATTERNS:
            assert all(f <= PATTERNS[key] for f in fields(other[key]) + fields(value)), key
            continue
        assert fields(other[key]) == fields(value), key
        if isinstance(value, tuple):
            assert len(other[key]) == len(value), key


def test_every_key_the_code_names_is_in_the_catalog():
    named = set()
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "i18n import" not in source:  # another function of the same name (catalog.build has a text())
            continue
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("Text", "text", "section", "words") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                named.add((node.func.id, node.args[0].value, path.relative_to(ROOT).as_posix()))
    german = catalog("de")
    assert named, "the code names no key: the scan is broken"
    for func, key, where in named:
        if func == "section":
            assert any(k.startswith(key + ".") for k in german), (key, where)
        else:
            assert key in german, (key, where)


LANGUAGE_CHOICE = re.compile(r"""lang\s*[!=]=\s*["'](de|en)["']|\bif de else\b|_en\s*=""")
PROSE = re.compile(r"[äöüÄÖÜß]|\b(?:the|nicht|und|with|mit|oder|or)\b")


def _exempt(module: str, tree: ast.Module) -> set[int]:
    """The string constants of ``module`` that may hold words (see DOC_CALLS, TABLES, CODE_WRITERS)."""
    exempt: set[int] = set()

    def all_of(node: ast.AST) -> None:
        exempt.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr):
            exempt.add(id(node.body[0].value))  # a docstring
        elif isinstance(node, ast.keyword) and node.arg == "help":
            all_of(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and (
                node.func.id in DOC_CALLS or node.func.id == "TypeError"):
            all_of(node)
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        if any(isinstance(t, ast.Name) and (module, t.id) in TABLES for t in targets):
            all_of(node)
    return exempt


def _is_prose(value: str) -> bool:
    """Words a reader would read: two words or more with a German or English one (a pattern is not prose)."""
    return "\\" not in value and "(?" not in value and len(value.split()) > 1 and bool(PROSE.search(value))


@pytest.mark.parametrize("module", MODULES)
def test_no_module_chooses_words_by_language_or_holds_its_own(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert not LANGUAGE_CHOICE.search(source), LANGUAGE_CHOICE.search(source)
    if module in CODE_WRITERS:
        return
    tree = ast.parse(source)
    exempt = _exempt(module, tree)
    prose = [(node.lineno, node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in exempt
             and _is_prose(node.value)]
    assert prose == []


def test_the_source_check_finds_what_it_looks_for():
    tree = ast.parse('x = "Datei fehlt und wird gesucht"\nif lang == "en":\n    y = 1\n')
    assert LANGUAGE_CHOICE.search(ast.unparse(tree))
    assert [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in _exempt("x.py", tree) and _is_prose(n.value)] == ["Datei fehlt und wird gesucht"]
    assert not _is_prose(r"(ohne|without)\s+(.+)") and not _is_prose("oder")


def test_a_text_renders_in_the_language_asked_and_its_fields_too():
    error = OutputError(Text("batch.folder_locked", folder="q", by=Text("batch.folder_locked_by", pid=4711)))
    assert error.message("de") == ("Ausgabe nicht möglich: in den Ordner q schreibt gerade ein anderer Lauf (Prozess "
                                   "4711); warten, bis er fertig ist, oder einen anderen Ordner mit --out wählen.")
    assert error.message("en") == ("Cannot write output: another run is writing into the folder q (process 4711); "
                                   "wait until it is done or choose another folder with --out.")


def test_an_unknown_language_falls_back_to_german_and_a_section_nests():
    assert text("quote.prefix", "fr") == "Angebot"
    assert section("quote", "en")["status"]["failed"] == "failed"
    assert i18n.FALLBACK == "de"


def test_a_third_language_is_one_more_file(tmp_path):
    """A copy of the package with one more language module: the language is offered, its texts and conventions are
    used, by the core and by the command line."""
    shutil.copytree(PACKAGE, tmp_path / "addin", ignore=shutil.ignore_patterns("__pycache__"))
    english = (PACKAGE / "i18n" / "en.py").read_text(encoding="utf-8")
    head, texts = english.split("TEXTS:", 1)
    marked = head + "TEXTS:" + re.sub(r'^(    "[^"]+": )"', r'\1"FR ', texts, flags=re.M)  # every text marked
    (tmp_path / "addin" / "i18n" / "fr.py").write_text(marked, encoding="utf-8")
    code = ("from decimal import Decimal\n"
            "from addin.i18n import LANGUAGES\n"
            "from addin.errors import UnknownArticle\n"
            "from addin.money import format_eur\n"
            "print(LANGUAGES)\n"
            "print(UnknownArticle(article='OFFCE', suggestions=['OFFICE']).message('fr'))\n"
            "print(format_eur(Decimal('1234.5'), 'fr'))\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path), XPHONE_CATALOG=str(ROOT / "catalog.xlsx"))
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["('de', 'en', 'fr')", "FR Unknown article: OFFCEFR . Did you mean OFFICE?",
                                       "€1,234.50"]
    cli = subprocess.run([sys.executable, "-c", "from addin.cli import main; main()", "price", "OFFCE",
                          "--lang", "fr"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert cli.returncode == 1
    assert cli.stderr.startswith("FR Error: FR Unknown article: OFFCE")
