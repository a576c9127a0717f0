"""The module ``xlwings`` inside Pyodide for the tests: xlwings Lite's three decorators, recording only.

xlwings Lite registers a function that carries ``@func`` with its ``@arg`` and ``@ret`` options; here each
decorator records what it was given on the function (``__xlfunc__``), so the tests can check the
registration. Everything else in the test is the real thing: Pyodide, the standard library, main.py.
"""


def _record(f):
    if not hasattr(f, "__xlfunc__"):
        f.__xlfunc__ = {"func": None, "args": {}, "ret": {}}
    return f.__xlfunc__


def func(f=None, **options):
    def register(f):
        _record(f)["func"] = options
        return f

    return register(f) if f is not None else register


def arg(name, convert=None, **options):
    def register(f):
        _record(f)["args"][name] = dict(options, **({"convert": convert} if convert is not None else {}))
        return f

    return register


def ret(convert=None, **options):
    def register(f):
        _record(f)["ret"] = dict(options, **({"convert": convert} if convert is not None else {}))
        return f

    return register
