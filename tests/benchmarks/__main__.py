"""``python -m tests.benchmarks [--quick] [--only functions|quotes|configure|lite|renewals] [--markdown]``."""
from __future__ import annotations

import argparse
import sys
import time

from . import bench_configure, bench_functions, bench_lite, bench_quotes, bench_renewals
from .timing import machine, table

SECTIONS = {"functions": bench_functions.run, "quotes": bench_quotes.run, "configure": bench_configure.run,
            "lite": bench_lite.run, "renewals": bench_renewals.run}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs (about a minute)")
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append",
                        help="run only this part (may be repeated)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the documentation)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    header = machine()
    rows = []
    for name in args.only or list(SECTIONS):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows.extend(SECTIONS[name](quick=args.quick))
    print(header)
    print(table(rows, markdown=args.markdown))
    print(f"total benchmark time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
