"""Benchmarks of xphone-pricing: worksheet functions, catalog cache, bulk quotes.

Run from the project folder (not part of ``python -m pytest``)::

    python -m tests.benchmarks            # full run, a few minutes
    python -m tests.benchmarks --quick    # smaller sizes, fewer runs
    python -m tests.benchmarks --only functions --markdown

Prints a table of medians with ratios against floors measured in the same run.
"""
