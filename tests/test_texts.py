"""The message catalogs (addin.i18n): every language has every key with the same fields, every key the code
names exists, and the modules whose texts live there hold no text of their own."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from addin import i18n
from addin.errors import OutputError
from addin.i18n import LANGUAGES, Text, catalog, section, text

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "addin"

# Modules whose every user-visible text is in the catalogs. The list grows module by module until it is the
# whole package (issue 22); a module on it may not choose words by language or carry German or English prose.
MOVED = ("i18n/__init__.py", "environment.py", "batch/texts.py", "batch/record.py", "batch/lock.py")


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
                    and node.func.id in ("Text", "text", "section") and node.args
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


@pytest.mark.parametrize("module", MOVED)
def test_a_module_whose_texts_are_moved_holds_none(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert not LANGUAGE_CHOICE.search(source), LANGUAGE_CHOICE.search(source)
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            assert not PROSE.search(node.value), (module, node.lineno, node.value)


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
