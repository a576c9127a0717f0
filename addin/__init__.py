"""xphone-pricing: price, check and quote XPhone Connect 8 licences.

The layers, from the bottom up (each imports only from layers below it):

* ``errors``, ``environment``, ``values``, ``money``, ``tables``, ``options``, ``resources`` -- messages,
  the environment variables read fast, reading cell values, exact money, sheets as tables, the per-quote
  options, shipped files;
* ``catalog`` (model, build, load, cache) and ``checks`` (the configuration checks) -- the catalog
  and its rules; ``pricing`` and ``quote`` -- prices, percentages and the quote model; ``configure`` --
  guided selling on top of them (the cheapest valid licence set for a need).
  This core imports no openpyxl, click or xlwings;
* ``xlsx`` (input gate, reading, atomic save, cells, openpyxl internals), ``batch`` (orders sheet,
  quote template, run, summary, PDF), ``calculator`` (the workbook finance opens), ``reference``;
* the entry points: ``udfs`` (worksheet functions), ``cli`` (command line), ``rules`` (the checks with
  the catalog in use as default).
"""

from importlib.metadata import PackageNotFoundError, version

try:  # the one place of the version is the package metadata (pyproject.toml)
    __version__ = version("xphone-pricing")
except PackageNotFoundError:  # pragma: no cover - the source tree without an installation
    __version__ = "0+unknown"
