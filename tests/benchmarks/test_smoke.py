"""The benchmark code paths run with tiny sizes, so the benchmark does not rot.

No timing is asserted here; only what the benchmark proves about behaviour:
an unchanged catalog is never read again, a changed one is.
"""
from .bench_functions import config_lines, run


def test_function_benchmark_runs_and_the_cache_reads_no_file():
    rows = {row.what: row for row in run(smoke=True)}
    unchanged = rows["notice the catalog is unchanged: get_catalog()"]
    assert unchanged.met is True and unchanged.note.startswith("0 files opened, 10 stats in 10 calls")
    assert rows["the same inside XP_PRICE"].note.startswith("0 files opened")
    assert rows["file saved again (mtime changed): reloaded at the next call"].met is True
    assert all(row.value is None or row.value > 0 for row in rows.values())
    validate = [row for row in rows.values() if row.what.startswith("XP_VALIDATE")]
    assert len(validate) == 5 and all(row.value is not None for row in validate)


def test_configurations_as_excel_passes_them():
    assert config_lines(3) == (["SERVER", "OFFICE", "OFFICE_PLUS"], [1.0, 25.0, 10.0])
    articles, quantities = config_lines(300)
    assert len(articles) == len(quantities) == 300
    assert (articles[12], quantities[12]) == ("SERVER", 2.0)
    assert config_lines(4, filled=2) == (["SERVER", "OFFICE", None, None], [1.0, 25.0, None, None])
