"""Old name of :mod:`addin.batch.pdf` (LibreOffice headless); kept for one release."""
from .batch.pdf import INSTALL_HINT, INSTALL_HINT_EN, convert, find_soffice  # noqa: F401
