"""The calculator workbook finance opens in Excel: layout, building, and recalculation without Excel.

* :mod:`.layout` -- sheets, cells, names, the example and the words;
* :mod:`.build` -- :func:`build_calculator`, :func:`refresh_article_list`, :func:`set_inputs`;
* :mod:`.engine` -- :func:`evaluate`: the ``formulas`` engine with the ``XP_`` functions plugged in.

Example::

    >>> from addin.calculator import build_calculator
    >>> build_calculator("calculator.xlsm")            # German labels
    >>> build_calculator("calculator_en.xlsm", lang="en")
"""
from .build import build_calculator, has_macros, refresh_article_list, set_inputs, template_path, write_inputs  # noqa: F401
from .engine import engine_function, evaluate, fill_values, xp_functions  # noqa: F401
from .layout import *  # noqa: F401,F403
from .layout import _t  # noqa: F401
from ..xlsx.save import XLSM_MAIN, XLSX_MAIN  # noqa: F401
