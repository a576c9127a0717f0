"""xphone-pricing: price, check and quote XPhone Connect 8 licences."""

__version__ = "0.1.0"

# Refuse to start when openpyxl would parse workbook XML without defusedxml (entity expansion attacks).
from .workbook_io import require_defusedxml as _require_defusedxml  # noqa: E402

_require_defusedxml()
