"""The words of the batch: counts with their noun; the quote's words and dates inside texts are
:mod:`addin.document`'s.

>>> format_date(dt.date(2026, 4, 15), "de"), format_date(dt.date(2026, 4, 15), "en")
('15.04.2026', '15 April 2026')
"""
from __future__ import annotations

import datetime as dt  # noqa: F401  (the example uses it)

from ..document import TEXTS, format_date, in_date  # noqa: F401  (the words of the quote document)


def counted(n: int, one: str, many: str) -> str:
    """``1 Entwurf``, ``2 Entwürfe``: a count with the word in singular or plural.

    >>> counted(1, "Entwurf", "Entwürfe"), counted(0, "draft", "drafts")
    ('1 Entwurf', '0 drafts')
    """
    return f"{n} {one if n == 1 else many}"
