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


def test_quotes_benchmark_runs_on_a_few_quotes():
    from .bench_quotes import run as run_quotes

    rows = {row.what: row for row in run_quotes(smoke=True)}  # raises if a quote file is missing
    assert rows["xphone-pricing quotes, 4 quotes × 8 lines, --jobs 1"].ratio > 0
    assert rows["the same, --jobs 2"].value > 0
    assert rows["peak memory (max RSS), 8 quotes, --jobs 1"].value > 0


def test_generated_orders_are_valid_quotes_of_8_lines(tmp_path):
    from addin.batch.orders import read_orders

    from .bench_quotes import write_orders

    orders = list(read_orders(write_orders(tmp_path / "orders.xlsx", 3)))
    assert [o.quote_id for o in orders] == ["B-00001", "B-00002", "B-00003"]
    assert all(not o.errors and len(o.lines) == 8 for o in orders)
    assert [(line.article.code, line.quantity) for line in orders[1].lines] == [
        ("SERVER", 1), ("OFFICE", 11), ("OFFICE_PLUS", 6), ("FAX", 3), ("VOICEMAIL", 4), ("IP_CHANNEL", 2),
        ("TAPI", 2), ("UP2DATE_3Y", 1)]


def test_configure_benchmark_runs_and_states_the_search_size():
    from .bench_configure import run as run_configure

    rows = run_configure(smoke=True)
    assert rows[0].what.startswith("floor: one validate of the answer") and rows[0].value > 0
    main = rows[1]
    assert main.goal == "≤ 5 ms" and main.ratio > 0
    # 2490 + 2 × 149 + 40 × 89 + 10 × 139 + 5 × 39.90 + 10 × 39.90 + 3 × 119 + 12 × 19.95 = 8932.90
    assert main.note == "5 rule runs, total 8932.90 €"
    assert rows[2].note == "9 rows spilled"   # 8 lines and the total
    assert [row.note.endswith("rule runs") for row in rows[3:]] == [True, True]


def test_lite_benchmark_runs_in_pyodide_and_states_its_goals():
    import os

    import pytest

    from .bench_lite import available
    from .bench_lite import run as run_lite

    if not available():
        if os.environ.get("CI"):
            pytest.fail("Pyodide under Node is missing in CI (npm ci --prefix tests/pyodide)")
        pytest.skip("Pyodide under Node is not installed")
    rows = {row.what.split(",")[0]: row for row in run_lite(smoke=True)}
    assert [row.goal for row in rows.values() if row.goal] == ["≤ 1 s", "≤ 50 µs", "≤ 1 ms"]
    assert all(row.value > 0 and row.ratio > 0 for row in rows.values())


def test_renewals_benchmark_runs_on_a_few_systems_and_both_inputs_are_the_same_deals(tmp_path):
    from addin.batch.installed_base import read_installed_base
    from addin.batch.orders import read_orders

    from .bench_renewals import run as run_renewals
    from .bench_renewals import write_inputs

    rows = {row.what: row for row in run_renewals(smoke=True)}  # raises if a renewal quote is missing
    assert rows["xphone-pricing renewals, 4 systems × 7 licences"].ratio > 0
    base, orders = write_inputs(tmp_path, 3)
    systems = list(read_installed_base(base))
    quotes = list(read_orders(orders))
    assert [s.owned for s in systems] == [q.owned for q in quotes] and not any(s.errors for s in systems)
