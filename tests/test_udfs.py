"""The worksheet functions as plain Python callables, and their Excel-facing documentation."""
import datetime as dt
import inspect
from pathlib import Path

import pytest

from addin import udfs
from addin.errors import BadValue, MissingValue, NotPricedPerUnit, UnknownArticle, XPhoneError
from addin.xp_functions import FUNCTIONS

ROOT = Path(__file__).resolve().parent.parent
XP_FUNCTIONS = sorted(name for name in dir(udfs) if name.startswith("XP_"))


@pytest.mark.parametrize("call, expected", [
    (lambda: udfs.XP_PRICE("OFFICE", 10.0), 890.0),
    (lambda: udfs.XP_PRICE(3310.003, 1.0), 89.0),
    (lambda: udfs.XP_PRICE("FAX", None), 39.9),          # empty quantity cell = 1
    (lambda: udfs.XP_PRICE("TAPI", 7.0), 139.65),
    (lambda: udfs.XP_NAME("3310.0030"), "XPhone Connect 8 – OFFICE"),
    (lambda: udfs.XP_UP2DATE(10000.0, 3.0), 5400.0),
    (lambda: udfs.XP_UP2DATE(1.025, 1.0), 0.21),
    (lambda: udfs.XP_UP2DATE_RATE(3.0), 0.18),
    (lambda: udfs.XP_UP2DATE_RATE(5), 0.16),
    (lambda: udfs.XP_UP2DATE_ADDON(1000.0, 6.0, 3.0), 90.0),
    (lambda: udfs.XP_UP2DATE_ADDON(1000.0, 7.0, 1.0), 116.67),
    (lambda: udfs.XP_UPGRADE(10000.0, 6.0), 5500.0),
    (lambda: udfs.XP_UPGRADE(10000.0, "Release 4"), 10000.0),
    (lambda: udfs.XP_UP2DATE_START(None, dt.datetime(2026, 1, 15)), dt.datetime(2026, 4, 15)),
    (lambda: udfs.XP_UP2DATE_START(46037.0, 46037.0), dt.datetime(2026, 1, 15)),
    (lambda: udfs.XP_UP2DATE_END(dt.datetime(2026, 3, 16), 1.0), dt.datetime(2027, 3, 31)),
    (lambda: udfs.XP_UP2DATE_END(46082.0, 1.0), dt.datetime(2027, 2, 28)),   # 46082 = 01.03.2026
])
def test_results(call, expected):
    assert call() == expected


def test_money_comes_back_as_a_number():
    assert type(udfs.XP_UP2DATE(10000.0, 3.0)) is float
    assert type(udfs.XP_PRICE("OFFICE", 1)) is float


def test_catalog_spills_with_a_header():
    table = udfs.XP_CATALOG()
    assert table[0] == ["Artikelnummer", "Kurzcode", "Bezeichnung", "Kategorie", "Listenpreis EUR (BEISPIELPREISE)"]
    assert len(table) == 27
    assert ["3310.0030", "OFFICE", "XPhone Connect 8 – OFFICE", "user", 89.0] in table
    assert all(len(row) == 5 for row in table)


def test_catalog_header_without_example_prices(catalog_file, monkeypatch):
    import openpyxl

    wb = openpyxl.load_workbook(catalog_file)
    wb["Preisliste"]["B5"] = "gültig"
    wb.save(catalog_file)
    monkeypatch.setenv("XPHONE_CATALOG", str(catalog_file))
    assert udfs.XP_CATALOG()[0][-1] == "Listenpreis EUR"
    assert ["3310.0030", "OFFICE", "OFFICE", "user", 100.0] in udfs.XP_CATALOG()


def test_english_on_request(monkeypatch):
    monkeypatch.setenv("XPHONE_LANG", "en")
    assert udfs.XP_CATALOG()[0][0] == "Article number"
    assert udfs.XP_CATALOG()[0][-1] == "List price EUR (EXAMPLE PRICES)"
    assert udfs.XP_NAME("UPG_SMART_SERVER") == "XPhone Connect 8 – Upgrade SMART SERVER to SERVER"
    with pytest.raises(BadValue) as err:
        udfs.XP_UP2DATE(1000, 2.5)
    assert str(err.value) == "term in years: 2.5 is not valid. A whole number is expected."


@pytest.mark.parametrize("call, exc, message", [
    (lambda: udfs.XP_UP2DATE(1000.0, 2.5), BadValue, "Laufzeit in Jahren: 2.5 ist ungültig. Ganze Zahl erwartet."),
    (lambda: udfs.XP_UP2DATE(1000.0, 6.0), BadValue, "Laufzeit in Jahren: 6.0 ist ungültig. Erlaubt: 1 bis 5."),
    (lambda: udfs.XP_UP2DATE(-1.0, 3.0), BadValue, "Lizenzsumme: -1.0 ist ungültig. Betrag darf nicht negativ sein."),
    (lambda: udfs.XP_UP2DATE(None, 3.0), MissingValue, "Lizenzsumme fehlt."),
    (lambda: udfs.XP_PRICE("9999"), UnknownArticle, "Unbekannter Artikel: 9999"),
    (lambda: udfs.XP_PRICE(9999.0), UnknownArticle, "Unbekannter Artikel: 9999"),
    (lambda: udfs.XP_PRICE("OFFICE", -1.0), BadValue, "Menge: -1.0 ist ungültig. Erlaubt: ab 0."),
    (lambda: udfs.XP_PRICE("UP2DATE_3Y"), NotPricedPerUnit,
     "9130.0000.036 (UP2DATE_3Y) ist ein Prozentartikel und hat keinen Stückpreis; Preis mit XP_UP2DATE berechnen."),
    (lambda: udfs.XP_NAME(None), UnknownArticle, "Unbekannter Artikel: None"),
    (lambda: udfs.XP_UP2DATE_RATE(0.0), BadValue, "Laufzeit in Jahren: 0.0 ist ungültig. Erlaubt: 1 bis 5."),
    (lambda: udfs.XP_UP2DATE_ADDON(1000.0, 6.0, 7.0), BadValue, "Laufzeit in Jahren: 7.0"),
    (lambda: udfs.XP_UP2DATE_ADDON(1000.0, None, 3.0), MissingValue, "Restlaufzeit in Monaten fehlt."),
    (lambda: udfs.XP_UPGRADE(1000.0, 3.0), BadValue, "Release: 3.0 ist ungültig. Erlaubt: 4, 5, 6, 7, 8."),
    (lambda: udfs.XP_UP2DATE_START(None, None), MissingValue, "Rechnungsdatum fehlt."),
    (lambda: udfs.XP_UP2DATE_END("morgen", 1.0), BadValue, "Beginn: 'morgen' ist ungültig."),
])
def test_bad_input_raises_a_short_message(call, exc, message):
    with pytest.raises(exc) as err:
        call()
    assert isinstance(err.value, XPhoneError)
    assert str(err.value).startswith(message)
    assert "Traceback" not in str(err.value) and len(str(err.value)) < 160


@pytest.mark.parametrize("name", XP_FUNCTIONS)
def test_every_function_is_an_excel_function_with_help(name, monkeypatch):
    decorators = []  # what udfs applies to the function: xlwings' decorators, recorded
    monkeypatch.setattr(udfs.xw, "func", lambda **kw: lambda f: decorators.append(("xw.func", [], kw)) or f)
    monkeypatch.setattr(udfs.xw, "arg", lambda arg, **kw: lambda f: decorators.append(("xw.arg", [arg], kw)) or f)
    udfs._export(FUNCTIONS[name])
    names = [d[0] for d in decorators]
    assert "xw.func" in names, f"{name} is not registered with @xw.func"
    documented = {d[1][0] for d in decorators if d[0] == "xw.arg" and d[2].get("doc")}
    params = list(inspect.signature(getattr(udfs, name)).parameters)
    assert documented == set(params), f"{name}: every argument needs @xw.arg(..., doc=...)"
    doc = inspect.getdoc(getattr(udfs, name))
    assert doc and "Beispiel" in doc, f"{name}: the docstring needs an example"
    if len(params) > 1:
        assert ";" in doc, f"{name}: examples use ';' as in German Excel"


@pytest.mark.parametrize("name", XP_FUNCTIONS)
def test_every_function_is_in_the_reference(name):
    assert f"`{name}(" in (ROOT / "docs" / "reference" / "functions.md").read_text(encoding="utf-8")


def test_up2date_addon_stays_inside_the_running_term(monkeypatch):
    assert udfs.XP_UP2DATE_ADDON(1000.0, 12.0, 1.0) == 200.0      # 20 % × 12/12 × 1000
    with pytest.raises(BadValue) as err:
        udfs.XP_UP2DATE_ADDON(1000.0, 48.0, 1.0)                   # today's 800 was a wrong figure
    assert str(err.value) == ("Restlaufzeit in Monaten: 48.0 ist ungültig. Ein laufendes Up2Date mit 1 Jahr "
                              "Laufzeit hat höchstens 12 Monate Restlaufzeit, nicht 48.")
    monkeypatch.setenv("XPHONE_LANG", "en")
    with pytest.raises(BadValue) as err:
        udfs.XP_UP2DATE_ADDON(1000.0, 37.0, 3.0)
    assert str(err.value) == ("remaining months: 37.0 is not valid. A running Up2Date with a 3-year term has at most "
                              "36 months left, not 37.")


GERMAN_WORDS = ("Restlaufzeit", "Lizenz", "Laufzeit", "Jahr", "Monat", "fehlt", "ungültig", "Erlaubt", "Zahl")


@pytest.mark.parametrize("args", [(1000.0, 48.0, 1.0), (1000.0, None, 3.0), (None, 6.0, 3.0), (-5.0, 6.0, 3.0),
                                  (1000.0, 6.0, 7.0), (1000.0, 2.5, 3.0), ("10 Stk", 6.0, 3.0), (1000.0, 6.0, None),
                                  ("1.000,5", 6.0, 3.0)])
def test_up2date_addon_speaks_english_throughout(monkeypatch, args):
    monkeypatch.setenv("XPHONE_LANG", "en")
    with pytest.raises(XPhoneError) as err:
        udfs.XP_UP2DATE_ADDON(*args)
    assert not any(word in str(err.value) for word in GERMAN_WORDS), str(err.value)
    from addin.xp_functions import FUNCTIONS

    assert FUNCTIONS["XP_UP2DATE_ADDON"].en.startswith(
        "Up2Date for licences bought during a running term: rate per year × months left / 12 × licence cost")
    assert "at most 12 per year of its term" in FUNCTIONS["XP_UP2DATE_ADDON"].args[1].en


def test_articles_by_printed_name_and_suggestions_in_worksheet_functions():
    assert udfs.XP_PRICE("XPhone Connect 8 – OFFICE", 2.0) == 178.0
    assert udfs.XP_NAME("XPhone Connect 8 – Upg. OFFICE>OFFICE PLUS") == "XPhone Connect 8 – Upg. OFFICE>OFFICE PLUS"
    with pytest.raises(UnknownArticle) as err:
        udfs.XP_PRICE("OFFCE", 1.0)
    assert str(err.value) == "Unbekannter Artikel: OFFCE. Meinten Sie OFFICE?"
    rows = udfs.XP_VALIDATE(["SERVER", "OFFCE"], [1.0, 2.0])
    assert rows[0][:2] == ["ERROR", "ARTICLE_UNKNOWN"] and rows[0][2].endswith("Meinten Sie OFFICE?")


@pytest.mark.parametrize("articles, new, owned, expected", [
    # owned SERVER + 10 OFFICE, 4 upgraded: 2490 + 6 × 89 + 4 × 139 = 3580 (not 3600 with the upgrade's price)
    (["SERVER", "OFFICE", "UPG_OFFICE_PLUS", "UP2DATE_1Y"], [None, None, 4.0, 1.0], [1.0, 10.0, None, None], 3580.0),
    # owned SMART SERVER + 10 OFFICE upgraded to SERVER: 2490 + (10 + 5 included) × 89 = 3825
    (["SMART_SERVER", "OFFICE", "UPG_SMART_SERVER"], [None, None, 1.0], [1.0, 10.0, None], 3825.0),
    # a new system: the list value of its licences, the SMART SERVER's 5 OFFICE included at 0: 990 + 10 × 89
    (["SMART_SERVER", None, "XPhone Connect 8 – OFFICE"], [1.0, None, 10.0], None, 1880.0),
])
def test_up2date_base_is_the_system_after_the_quote(articles, new, owned, expected):
    assert udfs.XP_UP2DATE_BASE(articles, new, owned) == expected


def test_up2date_base_refuses_what_it_cannot_count():
    with pytest.raises(UnknownArticle) as err:
        udfs.XP_UP2DATE_BASE(["SERVER", "OFFCE"], [1.0, 5.0])
    assert str(err.value) == "Unbekannter Artikel: OFFCE. Meinten Sie OFFICE?"
    with pytest.raises(BadValue):
        udfs.XP_UP2DATE_BASE(["SERVER", "OFFICE"], [1.0, 2.5])
