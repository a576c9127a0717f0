"""The quote batch started from desktop Excel (xlwings' *Run main*), over plain values: no xlwings here.

xlwings runs ``main()`` of the Python module named after the workbook, in the workbook's folder (``Auftraege.py``
for ``Auftraege.xlsx``); :func:`write_run_module` writes such a module, and ``xphone-pricing`` writes one next to
every orders workbook it creates. Its ``main`` is :func:`addin.udfs.run_main`, the Excel adapter's: it saves the
workbook and calls :func:`run_workbook`, which writes the quotes into the folder ``<workbook> Angebote`` next to
it (``--resume``: a rerun writes only what changed) and works out, with :func:`write_back`, each quote's status
and file name for two columns of the orders sheet, on every row of the quote.

It needs what the worksheet functions need (the xlwings add-in, the interpreter set on the xlwings tab with
``xphone-pricing`` installed), nothing more.

Example (plain values, no Excel)::

    >>> cells = write_back(["Angebot", "Kunde", "Artikel", "Menge"], 1, [(2, "A-1"), (3, "A-1"), (4, "B-7")],
    ...                    {"A-1": ("OK", "Angebot-A-1.xlsx"), "B-7": ("fehlgeschlagen: Menge fehlt", "")}, "de")
    >>> cells[:3]
    [(1, 5, 'Status'), (1, 6, 'Datei'), (2, 5, 'OK')]
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .batch.orders import OrdersReader
from .batch.run import BatchResult, run_batch
from .batch.texts import TEXTS
from .catalog import get_catalog
from .errors import OutputError, default_language
from .i18n import Text, text
from .tables import header_key
from .xlsx.save import atomic_write

MODULE = '''"""xlwings *Run main* for {name} (xphone-pricing): an orders workbook's quotes go into the folder next to
it, a calculator's quote into its sheet Angebot."""
from addin.udfs import run_main as main  # noqa: F401  (xlwings calls main() of the module named after the workbook)
'''


def write_run_module(workbook, force: bool = False) -> Path:
    """Write ``<workbook name>.py`` next to ``workbook``: the module xlwings' *Run main* calls for it. Another
    file of that name is kept unless ``force``."""
    workbook = Path(workbook)
    target = workbook.with_suffix(".py")
    body = MODULE.format(name=workbook.name)
    if target.exists() and not force and target.read_text(encoding="utf-8", errors="replace") != body:
        raise OutputError(Text("quote.exists", name=target))
    atomic_write(target, lambda tmp: tmp.write_text(body, encoding="utf-8"))
    return target


def quotes_folder(workbook) -> Path:
    """The folder the quotes of an orders workbook go to: ``<name> Angebote`` (``Quotes``) next to it."""
    workbook = Path(workbook)
    return workbook.parent / f"{workbook.stem} {text('quote.folder', default_language())}"


def status_of(result: BatchResult, lang: str) -> dict[str, tuple[str, str]]:
    """quote id -> (status as the summary words it, file name) of a batch's quotes; a failure with its reason."""
    t = TEXTS[lang]
    out = {}
    for qid, (status, draft_list, file, error) in result.quotes.items():
        if status == "failed":
            out[qid] = (f"{t['status']['failed']}: {error}", "")
        else:
            shown = t["draft_status"] if draft_list and status != "ERROR" else t["status"].get(status, status)
            out[qid] = (shown, file)
    return out


def write_back(header: list[Any], header_row: int, rows: list[tuple[int, str]],
               statuses: dict[str, tuple[str, str]], lang: str) -> list[tuple[int, int, str]]:
    """The cells to write into the orders sheet, as (row, column, value), 1-based: the headers ``Status`` and
    ``Datei`` (``File``) in the columns that have them already, else in the first two after the last header;
    then each row's quote status and file."""
    names = (text("excel_run.status", lang), text("excel_run.file", lang))
    keys = [header_key(v) if v is not None else "" for v in header]
    last = max((i for i, k in enumerate(keys) if k), default=-1) + 1
    columns = []
    for name in names:
        if header_key(name) in keys:
            columns.append(keys.index(header_key(name)) + 1)
        else:
            last += 1
            columns.append(last)
    cells = [(header_row, col, name) for col, name in zip(columns, names)]
    for row, qid in rows:
        status, file = statuses.get(qid, ("", ""))
        cells += [(row, columns[0], status), (row, columns[1], file)]
    return cells


def run_workbook(path, lang: str | None = None) -> tuple[BatchResult, list[tuple[int, int, str]], str]:
    """The batch over the orders workbook at ``path`` into :func:`quotes_folder`, and what to write back: (result,
    cells, name of the orders sheet)."""
    lang = lang or default_language()
    result = run_batch(path, quotes_folder(path), resume=True, lang=lang)
    reader = OrdersReader(path, catalog=get_catalog())
    cells = write_back(reader.header_values, reader.header_row, list(reader.rows()), status_of(result, lang), lang)
    return result, cells, reader.sheet

