"""Generated workbooks against stored expected files, part by part (see tests/golden/__init__.py)."""
from __future__ import annotations

import pytest

from tests import golden
from tests.conftest import ROOT

SHIPPED = ["quote_de.xlsx", "quote_en.xlsx", "example_orders.xlsx", "example_installed_base.xlsx", "calculator.xlsm",
           "calculator_en.xlsm", "calculator_lite.xlsx"]


@pytest.mark.parametrize("name", sorted(golden.GOLDEN))
def test_generated_workbook_matches_its_golden_file(name, tmp_path):
    made = golden.parts(golden.GOLDEN[name](tmp_path))
    expected = golden.expected(name)
    assert list(made) == list(expected), "parts differ; after a deliberate change run: python -m tests.golden"
    for part, body in expected.items():
        assert made[part] == body, f"{part} differs; after a deliberate change run: python -m tests.golden"


@pytest.fixture(scope="module")
def remade(tmp_path_factory):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_templates", ROOT / "workbook_templates" / "make_templates.py")
    make_templates = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_templates)
    folder = tmp_path_factory.mktemp("remade")
    make_templates.main(folder)
    return folder


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workbook_is_what_the_code_makes(name, remade):
    """The files in workbook_templates/ are reproducible: `python workbook_templates/make_templates.py`."""
    shipped, made = golden.parts(ROOT / "workbook_templates" / name), golden.parts(remade / name)
    assert list(made) == list(shipped)
    for part, body in shipped.items():
        assert made[part] == body, f"{name}: {part} is out of date; run python workbook_templates/make_templates.py"
