"""Golden files: generated workbooks compared part by part, XML normalised, with stored expected text.

A workbook is a zip of XML parts. :func:`parts` reads each part, normalises
its XML (canonical form, one element per line, the times in
``docProps/core.xml`` left out) and gives binary parts (pictures) as their
SHA-256. The expected text of a workbook lives in ``tests/golden/NAME.txt``:
a layout change shows as a readable diff in review. After a deliberate
change: ``python -m tests.golden`` writes the expected files anew.
"""
from __future__ import annotations

import hashlib
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
XML_PARTS = (".xml", ".rels", ".vml")
_SAVE_TIME = re.compile(r"<dcterms:(modified|created)\b.*?</dcterms:\1>", re.DOTALL)


def normalise(data: bytes) -> str:
    text = ElementTree.canonicalize(xml_data=data.decode("utf-8"), strip_text=True)
    text = _SAVE_TIME.sub("", text)
    return re.sub(r">\s*<", ">\n<", text)


def parts(path) -> dict[str, str]:
    """Every part of a workbook file: normalised XML, or the SHA-256 of a binary part."""
    out = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            data = z.read(name)
            out[name] = normalise(data) if name.endswith(XML_PARTS) else "sha256:" + hashlib.sha256(data).hexdigest()
    return out


def as_text(path) -> str:
    return "".join(f"=== {name}\n{body}\n" for name, body in parts(path).items())


def from_text(text: str) -> dict[str, str]:
    found = re.findall(r"^=== ([^\n]+)\n(.*?)\n(?==== |\Z)", text, re.MULTILINE | re.DOTALL)
    return dict(found)


# --------------------------------------------------------------------------- what is compared

def make_calculator(folder: Path) -> Path:
    from addin.calculator import build_calculator
    from addin.catalog import load_catalog
    from addin.resources import shipped_catalog

    return build_calculator(folder / "calculator.xlsm", lang="de", catalog=load_catalog(shipped_catalog()))


def make_quote(folder: Path) -> Path:
    """Quote 2026-003 of the example orders sheet (owned licences, a one-time upgrade, Up2Date)."""
    import datetime as dt

    from addin.batch.run import run_batch

    run_batch(ROOT / "workbook_templates" / "example_orders.xlsx", folder, lang="de", today=dt.date(2026, 3, 2))
    return folder / "Angebot-2026-003.xlsx"


GOLDEN = {"calculator_de": make_calculator, "quote_2026-003": make_quote}


def expected(name: str) -> dict[str, str]:
    return from_text((HERE / f"{name}.txt").read_text(encoding="utf-8"))


def main() -> int:
    """``python -m tests.golden``: write the expected text of every golden workbook anew."""
    for name, make in GOLDEN.items():
        with tempfile.TemporaryDirectory() as tmp:
            (HERE / f"{name}.txt").write_text(as_text(make(Path(tmp))), encoding="utf-8")
        print(f"tests/golden/{name}.txt written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
