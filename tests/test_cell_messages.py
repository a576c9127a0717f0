"""Every message an XP_ function gives a cell stays within 255 characters (both languages).

Excel may cut or refuse longer strings returned through VBA (the desktop add-in's imported functions). A
finding that is longer is cut at a clause, sentence or list boundary and ends in ``…``
(``addin.xp_functions.fit_message``); an error names the value it refuses, a long text by its first 59
characters (``addin.errors.show``). Proof over every message: every rule of the catalog and every input rule
is made to fire (configurations generated from a fixed seed, plus the bad inputs that only a person types),
and every error every function can raise comes from the table of calls of the Lite test plus each argument
given a page of text.
"""
from __future__ import annotations

import random

import pytest

from addin import udfs
from addin.catalog import get_catalog
from addin.checks import all_rules
from addin.errors import XPhoneError
from addin.options import CHECKED
from addin.xp_functions import FUNCTIONS, MAX_CELL_MESSAGE, fit_message
from tests.test_lite_pyodide import CALLS

PAGE = "Lorem ipsum dolor sit amet, " * 12  # 336 characters pasted into a cell


def configurations(count: int = 3000, seed: int = 13):
    """(articles, quantities, owned, options) as Excel passes ranges: random systems from every article."""
    rng = random.Random(seed)
    codes = [a.code for a in get_catalog().articles]
    for _ in range(count):
        articles = rng.sample(codes, rng.randint(1, 9))
        new = [float(rng.choice([0, 1, 2, 3, 5, 11, 20, 21, 25, 50, 101])) for _ in articles]
        owned = [float(rng.choice([0, 0, 1, 2, 20])) for _ in articles] if rng.random() < 0.4 else None
        options = []
        for option in CHECKED:
            if rng.random() < 0.5:
                if option.kind == "bool":
                    options.append([option.key, rng.choice([True, False])])
                elif option.kind == "release":
                    options.append([option.key, float(rng.choice([4, 5, 6, 7, 8]))])
                elif option.key == "up2date_months_left":
                    options.append([option.key, float(rng.choice([0, 3, 11, 12, 13, 60]))])
                else:
                    options.append([option.key, float(rng.choice([1, 3, 4, 10, 11, 25]))])
        yield articles, new, owned, options or None


# What only a person types: each input rule, with a page of text where a value is repeated.
TYPED = [
    ([PAGE, "SERVER"], [1.0, 1.0], None, None),                                    # ARTICLE_UNKNOWN
    (["SERVER", "OFFICE"], [1.0, PAGE], None, None),                               # QUANTITY_INVALID
    (["SERVER", None], [1.0, 5.0], None, None),                                    # INPUT_LINE
    (["SERVER", "OFFICE", "OFFICE"], [1.0, 5.0, 5.0], None, None),                 # ARTICLE_TWICE
    (["SERVER", "OFFICE", "OFFICE"], [1.0, 5.0, 7.0], None, None),                 # ARTICLE_CONFLICT
    (["SERVER", "UP2DATE_5Y"], [1.0, None], [None, 1.0], None),                    # OWNED_NOT_LICENCE
    (["SERVER"], [1.0], None, [[PAGE, 1.0]]),                                      # OPTION_UNKNOWN
    (["SERVER"], [1.0], None, [["release", PAGE]]),                                # OPTION_INVALID
    (["SERVER"], [1.0], None, [["ldap", True], ["ldap", False]]),                  # OPTION_CONFLICT
    (["SERVER", "OFFICE"], [1.0, "1.000"], None, None),                            # NUMBER_TEXT_AMBIGUOUS
]


@pytest.fixture(scope="module")
def findings():
    seen = {}
    for args in [*configurations(), *TYPED]:
        for lang in ("de", "en"):
            options = (args[3] or []) + [["Sprache", lang]]
            for _severity, rule_id, message in udfs.XP_VALIDATE(args[0], args[1], args[2], options):
                seen.setdefault(rule_id, []).append(message)
    return seen


def test_every_rule_fires_at_least_once(findings):
    """Rows of kind 'upgrade' convert counts (SMART SERVER to SERVER) and give no message."""
    rule_ids = {rule.rule_id for rule in all_rules(get_catalog()) if rule.kind != "upgrade"}
    assert rule_ids - set(findings) == set()


def test_every_finding_fits_in_a_cell(findings):
    too_long = {rule: max(map(len, messages)) for rule, messages in findings.items()
                if max(map(len, messages)) > MAX_CELL_MESSAGE}
    assert too_long == {}
    cut = {rule for rule, messages in findings.items() if any(m.endswith("…") for m in messages)}
    assert cut <= {rule.rule_id for rule in all_rules(get_catalog())}  # only long lists of articles are cut


def _errors():
    calls = [(func, args) for _id, func, args in CALLS]
    for name, spec in FUNCTIONS.items():  # each argument a page of text, the others as in a good call
        good = next(args for _i, func, args in CALLS if func == name and not _raises(func, args))
        for i in range(len(spec.args)):
            calls.append((name, good[:i] + [PAGE] + good[i + 1:]))
    for func, args in calls:
        try:
            getattr(udfs, func)(*args)
        except XPhoneError as exc:
            yield func, args, exc


def _raises(func, args) -> bool:
    try:
        getattr(udfs, func)(*args)
    except XPhoneError:
        return True
    return False


def test_every_error_message_fits_in_a_cell():
    """The desktop add-in shows an error as fit_message(message); only XP_CONFIGURE's list of every need
    name runs longer (the name it refuses comes first and stays)."""
    errors = list(_errors())
    assert len(errors) > 60
    shown = [(func, exc.message(lang), fit_message(exc.message(lang))) for func, _args, exc in errors
             for lang in ("de", "en")]
    assert max(len(cell) for _f, _m, cell in shown) <= MAX_CELL_MESSAGE
    cut = {(func, message.split(":")[0]) for func, message, cell in shown if cell != message}
    assert cut == {("XP_CONFIGURE", "Bedarf"), ("XP_CONFIGURE", "needs")}
    shown = [exc.message("de") for _f, args, exc in errors if PAGE in args]
    assert shown and all(PAGE not in m for m in shown)
    assert "Unbekannter Artikel: Lorem ipsum dolor sit amet, Lorem ipsum dolor sit amet, Lor…" in shown


@pytest.mark.parametrize("text, expected", [
    ("x" * 255, "x" * 255),
    ("Höchstens eine Up2Date-Laufzeit je Angebot; im Angebot: " + ", ".join(f"{i} × XPhone Up2Date – {i} Years"
                                                                           for i in range(1, 9)) + ".",
     "Höchstens eine Up2Date-Laufzeit je Angebot; im Angebot: 1 × XPhone Up2Date – 1 Years, 2 × XPhone Up2Date – "
     "2 Years, 3 × XPhone Up2Date – 3 Years, 4 × XPhone Up2Date – 4 Years, 5 × XPhone Up2Date – 5 Years, 6 × XPhone "
     "Up2Date – 6 Years, …"),  # 235 characters; with the 7th item 265
    ("y" * 300, "y" * 254 + "…"),
])
def test_a_long_message_is_cut_at_a_boundary(text, expected):
    assert fit_message(text) == expected and len(fit_message(text)) <= MAX_CELL_MESSAGE
