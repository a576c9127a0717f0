"""Opening workbooks that users hand us, with one clear message when they cannot be read."""
from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputFileError


def check_workbook_file(path: Path, what: str = "Arbeitsmappe", what_en: str = "workbook") -> None:
    """Refuse files that are not .xlsx/.xlsm workbooks before openpyxl sees them."""
    path = Path(path)
    if not path.exists():
        raise InputFileError(f"{what} {path} nicht gefunden.", detail_en=f"{what_en} {path} not found.", file=path)
    if path.stat().st_size == 0:
        raise InputFileError(f"{what} {path} ist leer (0 Byte).", detail_en=f"{what_en} {path} is empty (0 bytes).",
                             file=path)
    if not zipfile.is_zipfile(path):
        raise InputFileError(
            f"{path.name} ist keine Excel-Arbeitsmappe (.xlsx). Datei in Excel öffnen und als .xlsx speichern.",
            detail_en=f"{path.name} is not an Excel workbook (.xlsx). Open it in Excel and save it as .xlsx.",
            file=path)


def open_workbook_values(path: Path, what: str = "Arbeitsmappe", what_en: str = "workbook") -> dict[str, list[tuple]]:
    """Every sheet of a workbook as a list of row tuples of cell values (cached results of formulas)."""
    import openpyxl

    path = Path(path)
    check_workbook_file(path, what, what_en)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputFileError(f"{path.name} kann nicht als Arbeitsmappe gelesen werden ({type(exc).__name__}).",
                             detail_en=f"{path.name} cannot be read as a workbook ({type(exc).__name__}).",
                             file=path) from None
    try:
        sheets = {}
        for ws in wb.worksheets:
            ws.reset_dimensions()  # never trust the declared size
            sheets[ws.title] = [tuple(r) for r in ws.iter_rows(values_only=True)]
        return sheets
    finally:
        wb.close()
