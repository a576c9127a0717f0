"""xlwings *Run main* for example_orders.xlsx: writes its quotes into the folder next to it (xphone-pricing)."""
from addin.udfs import run_main as main  # noqa: F401  (xlwings calls main() of the module named after the workbook)
