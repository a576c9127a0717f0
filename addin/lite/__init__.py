"""The xlwings Lite edition: the calculator with the XP_ functions inside the workbook (nothing installed).

* :mod:`.runtime` -- runs inside the workbook: the embedded catalog in use, the functions with Lite's decorators;
* :mod:`.bundle` -- ``main.py``: the project's own modules and the price list, as xlwings Lite keeps them;
* :mod:`.webextension` -- the Office web-extension parts that carry ``main.py`` and ``requirements.txt``;
* :mod:`.build` -- :func:`~addin.lite.build.build_lite`: the calculator (Lite edition) with its code.

This package file stays empty: it travels inside ``main.py`` with :mod:`.runtime`.
"""
