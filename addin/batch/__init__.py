"""Bulk quotes: an orders sheet in, one finished quote workbook per quote out, plus a summary.

* :mod:`.orders` -- reading the orders sheet, every bad value with sheet, row and column;
* :mod:`.template` -- the quote template: its marker contract, read once, filled per quote;
* :mod:`.run` -- the batch: pricing, writing, worker processes, Ctrl-C, reruns (``--resume``, ``--force``);
* :mod:`.record` -- the folder's record of what each run wrote, from which the summary is made;
* :mod:`.lock` -- one run per folder;
* :mod:`.summary` -- the summary workbook; :mod:`.pdf` -- PDFs through LibreOffice headless;
* :mod:`.files` -- safe file names; :mod:`.texts` -- the words, German and English.
"""
from .run import BatchResult, QuoteResult, QuoteWriter, WriterSettings, run_batch  # noqa: F401
