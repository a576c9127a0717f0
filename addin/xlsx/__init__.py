"""The xlsx layer: the input gate, reading, one atomic save, cell helpers and openpyxl's internals.

* :mod:`.gate` -- every input workbook is checked here before openpyxl parses a byte;
* :mod:`.read` -- streamed rows, all sheets as values, or a full workbook (e.g. a template);
* :mod:`.save` -- one atomic save (temporary file, then rename) with failures in the user's words;
* :mod:`.cells` -- text cells that never become formulas, defined names;
* :mod:`.internals` -- the only module that touches openpyxl's private parts.

Importing this package refuses to go on when openpyxl would parse XML without defusedxml.
"""
from __future__ import annotations

import openpyxl

from ..errors import default_language
from ..i18n import text


def require_defusedxml() -> None:
    """Stop at start-up unless openpyxl parses XML through defusedxml.

    openpyxl uses defusedxml when it is installed and ``OPENPYXL_DEFUSEDXML`` is
    not set to anything but ``True``; without it a crafted workbook could make
    the XML parser expand entities without bound ("billion laughs").
    """
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise ImportError(text("xlsx.no_defusedxml", default_language()))


require_defusedxml()
