"""Old name of :mod:`addin.batch` (bulk quotes); kept for one release."""
from .batch.files import FileNames, safe_file_stem  # noqa: F401
from .batch.run import (BatchResult, QuoteResult, QuoteWriter, WriterSettings, parse_vat,  # noqa: F401
                        run_batch)
from .batch.summary import Summary  # noqa: F401
from .batch.template import MARKER, QuoteTemplate, default_template  # noqa: F401
from .batch.texts import TEXTS  # noqa: F401
from .xlsx.cells import write_text as _text  # noqa: F401
from .xlsx.save import atomic_save, output_failure  # noqa: F401

Generator, Settings = QuoteWriter, WriterSettings  # the old names
