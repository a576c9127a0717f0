"""xlwings *Run main* for example_orders.xlsx: writes its quotes into the folder next to it (xphone-pricing)."""
from addin.excel_run import main  # noqa: F401  (xlwings calls main() of the module named after the workbook)
