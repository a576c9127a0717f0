"""The xlwings Lite calculator: the desktop calculator's sheets (Lite edition) with the code inside.

``xphone-pricing lite --out Rechner-Lite.xlsx`` writes it; ``workbook_templates/calculator_lite.xlsx`` is the
shipped one (made by ``workbook_templates/make_templates.py``).

Example::

    >>> import pathlib, tempfile
    >>> out = build_lite(pathlib.Path(tempfile.mkdtemp()) / "Rechner-Lite.xlsx")
    >>> from addin.lite.webextension import embedded_properties
    >>> sorted(embedded_properties(out))
    ['main.py', 'pyodideVersion', 'requirements.txt']
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..calculator.build import build_calculator
from ..calculator.layout import LITE, Input
from ..catalog import build_catalog, read_sheets, resolve_path
from ..errors import OutputError
from ..i18n import Text, text
from ..i18n.locale import locale
from ..xlsx.save import refuse_to_overwrite_an_input
from .bundle import CATALOG_LABEL, main_py, price_list_sheets
from .webextension import add_web_extension


def default_name(lang: str = "de") -> str:
    return text("calculator.lite_file", lang)


def build_lite(out=None, lang: str = "de", catalog_path=None, force: bool = False, data: Input | None = None,
               template=None, quote_today: dt.date | None = None) -> Path:
    """Write the xlwings Lite calculator for the catalog workbook ``catalog_path`` (default: the one in use).

    The price list inside is the catalog at the time of writing. An existing ``out`` is overwritten only
    with ``force``; the file appears complete or not at all. ``template`` and ``quote_today``: the quote
    sheet's template and the day its quote is written for (see :func:`addin.calculator.build_calculator`).
    """
    lang = locale(lang).lang  # a language without texts of its own: German
    out = Path(out or default_name(lang))
    if out.suffix.lower() != ".xlsx":
        raise OutputError(Text("lite.calculator_for_xlwings_lite_xlsx", name=out.name, stem=out.stem))
    refuse_to_overwrite_an_input(out, [(resolve_path(catalog_path), Text("label.catalog"))])
    if out.exists() and not force:
        raise OutputError(Text("lite.exists_give_force_overwrite_it", out=out))
    sheets = read_sheets(resolve_path(catalog_path))
    code = main_py(sheets, lang)
    catalog = build_catalog(price_list_sheets(sheets), CATALOG_LABEL)
    return build_calculator(out, lang=lang, catalog=catalog, data=data, edition=LITE, template=template,
                            quote_today=quote_today,
                            finish=lambda path: add_web_extension(path, code, f"calculator-{lang}"))
