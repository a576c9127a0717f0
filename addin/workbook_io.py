"""Old name of the input gate and the readers (see :mod:`addin.xlsx`); kept for one release."""
from .xlsx.gate import Limits, cfb_stream_names, check_workbook_file, resolve_limits  # noqa: F401
from .xlsx.read import (ErrorValue, FormulaText, iter_sheet_rows, load_workbook_checked,  # noqa: F401
                        open_workbook_values, sheet_names)
