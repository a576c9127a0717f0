"""One reference of the worksheet functions and the commands, made from the code.

The function table comes from :data:`addin.xp_functions.FUNCTIONS` (each
function's docstring, argument descriptions and example), the command table
from the click commands of :mod:`addin.cli` (first line of each help text and
its ``Example:``). The documentation's reference page (:data:`PAGE`) carries
both between ``<!-- reference:... -->`` markers and the calculator's help sheet
the function rows; a test fails when the page is out of date.
``python -m addin.reference`` rewrites the page's blocks.

Example::

    >>> function_rows()[0][:2]  # doctest: +NORMALIZE_WHITESPACE
    ('XP_PRICE(article; [quantity]; [date])',
     'List price × quantity in EUR, rounded to cents, from the price list valid on the date (blank = today).')
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from .catalog.current import get_catalog
from .checks.code import CODE_RULES
from .cli import cli
from .xp_functions import FUNCTIONS

_BLOCK = re.compile(r"(<!-- reference:(\w+) -->\n)(.*?)(<!-- /reference:\2 -->)", re.DOTALL)


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return m.group(1) if m else text.strip()


def function_rows() -> list[tuple[str, str, str, str]]:
    """(signature, what it gives, example as typed in German Excel, its result) per function, in order."""
    return [(f.signature, _first_sentence(f.en), f.example, f.result or ("table" if f.kind == "table" else ""))
            for f in FUNCTIONS.values()]


def functions_markdown() -> str:
    lines = ["| function | what it gives | example (German Excel) | result (example prices) |", "|---|---|---|---|"]
    for signature, what, example, result in function_rows():
        lines.append(f"| `{signature}` | {what} | `{example}` | {result} |")
    return "\n".join(lines) + "\n"


def _commands(group: click.Group, prefix: tuple = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def command_rows(group: click.Group = cli) -> list[tuple[str, str, str]]:
    """(usage, what it does, example) per command of the command line."""
    rows = []
    for path, command in _commands(group):
        ctx = click.Context(command, info_name="xphone-pricing " + " ".join(path))
        usage = " ".join(command.collect_usage_pieces(ctx))
        text = command.help or ""
        example = re.search(r"Example:\s*(.+)", text)
        rows.append((f"xphone-pricing {' '.join(path)} {usage}".strip(), _first_sentence(text.split("Example:")[0]),
                     example.group(1).strip() if example else ""))
    return rows


def commands_markdown() -> str:
    lines = ["| command | what it does | example |", "|---|---|---|"]
    for usage, what, example in command_rows():
        lines.append(f"| `{usage}` | {what} | `{example}` |" if example else f"| `{usage}` | {what} | |")
    return "\n".join(lines) + "\n"


def rules_markdown() -> str:
    """Every rule: its id, severity and where it lives, and the service description's sentence with the tool's
    reading (the sheet's column ``Quelle``) or, for a rule in code, what it does."""
    lines = ["| rule | severity | where | source: quotation, reading |", "|---|---|---|---|"]
    for rule in get_catalog().rules:
        if rule.kind == "upgrade":  # an upgrade row says what an upgrade turns into; it reports nothing
            continue
        lines.append(f"| `{rule.rule_id}` | {rule.severity} | sheet `{rule.sheet}`, row {rule.row} | "
                     f"{_cell(rule.doc)} |")
    for rule in CODE_RULES:
        lines.append(f"| `{rule.rule_id}` | {rule.severity} | code | {_cell(rule.doc)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, no bar that would split it."""
    return " ".join(str(text).split()).replace("|", "\\|")


BLOCKS = {"functions": functions_markdown, "commands": commands_markdown, "rules": rules_markdown}


PAGE = Path("docs") / "reference" / "functions.md"  # the functions and commands, from the project's folder
PAGES = (PAGE, Path("docs") / "reference" / "checks.md")  # every page with blocks (checks.md: the rules)


def render_readme(text: str) -> str:
    """The page's text with every reference block made anew."""
    return _BLOCK.sub(lambda m: m.group(1) + BLOCKS[m.group(2)]() + m.group(4), text)


def main(argv=None) -> int:
    """``python -m addin.reference [PAGE]``: rewrite the reference blocks of the documentation's pages."""
    args = sys.argv[1:] if argv is None else argv
    for path in ([Path(args[0])] if args else PAGES):
        text = path.read_text(encoding="utf-8")
        new = render_readme(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: reference blocks updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
