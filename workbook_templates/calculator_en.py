"""xlwings *Run main* for calculator_en.xlsm (xphone-pricing): an orders workbook's quotes go into the folder next to
it, a calculator's quote into its sheet Angebot."""
from addin.udfs import run_main as main  # noqa: F401  (xlwings calls main() of the module named after the workbook)
