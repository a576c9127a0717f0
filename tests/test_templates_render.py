"""Every workbook in workbook_templates/ opens and renders to PDF in LibreOffice headless (one soffice call)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from addin.batch.pdf import convert, find_soffice

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted(p for p in (ROOT / "workbook_templates").iterdir()
                   if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$"))

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    if find_soffice() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice (soffice) is missing in CI; .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed")
    outdir = tmp_path_factory.mktemp("rendered")
    return dict(zip(TEMPLATES, convert(TEMPLATES, "pdf", outdir, timeout=300)))


def test_there_are_templates_and_the_calculator_is_one_of_them():
    names = [p.name for p in TEMPLATES]
    assert {"calculator.xlsm", "calculator_en.xlsm", "calculator_lite.xlsx"} <= set(names)


@pytest.mark.parametrize("template", TEMPLATES, ids=[p.name for p in TEMPLATES])
def test_template_renders_to_pdf(pdfs, template):
    pdf = pdfs[template]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/Type /Page" in data or b"/Type/Page" in data
    assert len(data) > 2000
