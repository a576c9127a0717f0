"""File names for quotes: safe on every system, never two quotes in one file, drafts marked in the name.

A quote whose checks report an ERROR is written as a draft, ``Angebot-<id>-ENTWURF.xlsx``
(:func:`draft_name`); :class:`FileNames` keeps both names of a quote free of every other
quote's. With ``--force`` the batch removes what an earlier run left under the other name
of a quote, or under both when the quote fails (:func:`clear_stale`).

Example::

    >>> names = FileNames("Angebot", "ENTWURF")
    >>> names("2026-001"), names("2026/002"), draft_name(names("2026-003"), "ENTWURF")
    ('Angebot-2026-001.xlsx', 'Angebot-2026_002-32331149.xlsx', 'Angebot-2026-003-ENTWURF.xlsx')
"""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

MAX_NAME = 80
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_file_stem(quote_id: str) -> str:
    """A file-name-safe form of a quote id; a changed id gets a short hash so two ids never collide.

    >>> safe_file_stem("2026-001")
    '2026-001'
    >>> safe_file_stem("../x"), safe_file_stem("CON")
    ('_x-72e4d01d', '_CON-7679a072')
    """
    text = str(quote_id)
    clean = "".join("_" if unicodedata.category(c) == "Cf" else c for c in text)  # invisible format characters
    clean = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", clean)
    clean = re.sub(r"\s+", " ", clean).strip(" .")
    clean = re.sub(r"\.{2,}", "_", clean)
    if not clean or clean.split(".")[0].strip().upper() in _RESERVED:
        clean = "_" + clean
    if clean != text or len(clean) > MAX_NAME:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        clean = f"{clean[:MAX_NAME]}-{digest}"
    return clean


def draft_name(name: str, suffix: str) -> str:
    """The file name of a quote written as a draft: ``Angebot-7.xlsx`` -> ``Angebot-7-ENTWURF.xlsx``."""
    path = Path(name)
    return f"{path.stem}-{suffix}{path.suffix}"


def variants(name: str, suffix: str) -> tuple[str, str]:
    """Both names a quote's workbook may have: as sent, and as a draft."""
    return name, draft_name(name, suffix)


class FileNames:
    """Hands out one file name per quote; a name that differs only in case from another quote's, or from
    another quote's draft name, gets a hash too."""

    def __init__(self, prefix: str, draft: str = "ENTWURF"):
        self.prefix = prefix
        self.draft = draft
        self.used: set[str] = set()

    def _free(self, name: str) -> bool:
        return not any(n.casefold() in self.used for n in variants(name, self.draft))

    def __call__(self, quote_id: str) -> str:
        stem = safe_file_stem(quote_id)
        name = f"{self.prefix}-{stem}.xlsx"
        if not self._free(name):
            digest = hashlib.sha1(str(quote_id).encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{self.prefix}-{stem}-{digest}.xlsx"
        self.used.update(n.casefold() for n in variants(name, self.draft))
        return name


def clear_stale(folder: Path, name: str, suffix: str, keep: str | None = None) -> tuple[list, list]:
    """Remove the files an earlier run wrote for the quote named ``name``, except ``keep``.

    That is: the workbook under the other name (draft or not), and the PDFs of both (a new PDF
    is made when asked for). Returns the names removed and ``(name, OSError)`` of those that
    exist but could not be removed (open in another program).
    """
    removed, kept = [], []
    for workbook in variants(name, suffix):
        for candidate in (workbook, str(Path(workbook).with_suffix(".pdf"))):
            if candidate == keep:
                continue
            try:
                os.remove(Path(folder) / candidate)
            except FileNotFoundError:
                continue
            except OSError as exc:
                kept.append((candidate, exc))
                continue
            removed.append(candidate)
    return removed, kept
