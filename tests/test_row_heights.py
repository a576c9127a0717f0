"""Row heights follow their text: the line count a wrapped text takes, as LibreOffice renders the shipped
templates (Arial 10), read off the PDFs of the example quotes; too many lines leave empty space under a line,
too few clip it."""
from __future__ import annotations

import pytest

from addin.batch.template import wrapped_lines

UPGRADE = ("XPhone OneTime Upgrade from Release 6\nEinmaliges Upgrade bereits erworbener Lizenzen von XPhone "
           "Connect 6 auf XPhone Connect 8\n55 % vom Listenwert der Bestandslizenzen als Zielsystem (Release 6)")
UP2DATE = ("XPhone Up2Date – 3 Years – New System or Renewal\nSoftware-Aktualisierung für 3 Jahre, Neusystem oder "
           "Verlängerung\n54 % vom Listenwert des Gesamtsystems nach dem Angebot: Bestand 7.937,50 € + neue "
           "Lizenzen 890,00 €")
NOTE = ("XPhone OneTime Upgrade from Release 6 (9131.0002) gilt für das komplette System: alle 101 vorhandenen "
        "Lizenzen werden hochgerüstet. Eine Teil-Hochrüstung wäre technisch möglich, die nicht hochgerüsteten "
        "Lizenzen gingen dabei verloren.")


@pytest.mark.parametrize("text, width, lines", [
    ("XPhone Connect 8 – OFFICE", 29, 1),
    ("XPhone Connect 8 – SMART SERVER", 29, 2),
    (UPGRADE, 36, 6),   # the percentage line's name cell (C:D) of Angebot-2026-003
    (UP2DATE, 36, 7),
    (NOTE, 74, 3),      # the customer note (C:G)
])
def test_a_text_takes_the_lines_libreoffice_renders(text, width, lines):
    assert wrapped_lines(text, width) == lines
