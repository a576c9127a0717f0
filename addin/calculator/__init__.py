"""The calculator workbook finance opens in Excel: layout, building, and recalculation without Excel.

* :mod:`.layout` -- sheets, cells, names, the example and the words;
* :mod:`.build` -- :func:`build_calculator`, :func:`refresh_article_list`, :func:`set_inputs`;
* :mod:`.engine` -- :func:`evaluate`: the ``formulas`` engine with the ``XP_`` functions plugged in;
* :mod:`.quote_sheet` -- the quote sheet made from the quote template (its rows: :mod:`addin.quote_sheet`).

Example::

    >>> import pathlib, tempfile
    >>> from addin.calculator import build_calculator
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> build_calculator(folder / "Rechner.xlsm").name                   # German labels
    'Rechner.xlsm'
    >>> build_calculator(folder / "Calculator.xlsm", lang="en").name
    'Calculator.xlsm'
"""
from importlib import import_module

from .layout import *  # noqa: F403
from .layout import _t  # noqa: F401

# Building and recalculating need openpyxl (and the formulas engine): loaded when first asked for, so that
# the layout alone travels into xlwings Lite with the quote sheet's code (addin.quote_sheet)
_LATER = {**dict.fromkeys(("build_calculator", "has_macros", "refresh_article_list", "set_inputs", "template_path",
                           "write_inputs"), "build"),
          **dict.fromkeys(("Recalculation", "engine_function", "evaluate", "fill_values", "xp_functions"), "engine")}


def __getattr__(name: str):
    if name in ("XLSM_MAIN", "XLSX_MAIN"):
        return getattr(import_module("addin.xlsx.save"), name)
    if name in _LATER:
        return getattr(import_module(f"{__name__}.{_LATER[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
