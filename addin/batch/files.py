"""File names for quotes: safe on every system, never two quotes in one file.

Example::

    >>> names = FileNames("Angebot")
    >>> names("2026-001"), names("2026/002")
    ('Angebot-2026-001.xlsx', 'Angebot-2026_002-32331149.xlsx')
"""
from __future__ import annotations

import hashlib
import re

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
    clean = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", text)
    clean = re.sub(r"\s+", " ", clean).strip(" .")
    clean = re.sub(r"\.{2,}", "_", clean)
    if not clean or clean.split(".")[0].strip().upper() in _RESERVED:
        clean = "_" + clean
    if clean != text or len(clean) > MAX_NAME:
        digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        clean = f"{clean[:MAX_NAME]}-{digest}"
    return clean


class FileNames:
    """Hands out one file name per quote; names that differ only in case get a hash too."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.used: set[str] = set()

    def __call__(self, quote_id: str) -> str:
        stem = safe_file_stem(quote_id)
        name = f"{self.prefix}-{stem}.xlsx"
        if name.casefold() in self.used:
            digest = hashlib.sha1(str(quote_id).encode("utf-8", "surrogatepass")).hexdigest()[:8]
            name = f"{self.prefix}-{stem}-{digest}.xlsx"
        self.used.add(name.casefold())
        return name
