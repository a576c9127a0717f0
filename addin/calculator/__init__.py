"""The calculator workbook finance opens in Excel: layout, building, and recalculation without Excel.

* :mod:`.layout` -- sheets, cells, names, the example and the words;
* :mod:`.build` -- :func:`build_calculator`, :func:`refresh_article_list`, :func:`set_inputs`;
* :mod:`.engine` -- :func:`evaluate`: the ``formulas`` engine with the ``XP_`` functions plugged in.

Example::

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> build_calculator(folder / "Rechner.xlsm").name                   # German labels
    'Rechner.xlsm'
    >>> build_calculator(folder / "Calculator.xlsm", lang="en").name
    'Calculator.xlsm'
"""
from ..xlsx.save import XLSM_MAIN, XLSX_MAIN  # noqa: F401
from .build import build_calculator, has_macros, refresh_article_list, set_inputs, template_path, write_inputs  # noqa: F401
from .engine import Recalculation, engine_function, evaluate, fill_values, xp_functions  # noqa: F401
from .layout import *  # noqa: F403
from .layout import _t  # noqa: F401
