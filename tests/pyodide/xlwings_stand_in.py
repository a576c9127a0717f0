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


def script(f=None, **options):
    """Lite's decorator of a script (a button in the pane): recorded as ``__xlscript__``."""
    def register(f):
        f.__xlscript__ = options
        return f

    return register(f) if f is not None else register


def _cell(ref):
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col, int(ref[len(letters):])


def _name(col, row):
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


class Range:
    """A range of the stand-in workbook: ``value`` reads and writes as xlwings does (a row or a column as a flat
    list, a block as a list of rows, None for an empty cell; writing None empties a cell)."""

    def __init__(self, cells, ref):
        self.cells = cells
        first, _, last = ref.partition(":")
        (self.c1, self.r1), (self.c2, self.r2) = _cell(first), _cell(last or first)

    @property
    def value(self):
        rows = [[self.cells.get(_name(c, r)) for c in range(self.c1, self.c2 + 1)]
                for r in range(self.r1, self.r2 + 1)]
        if (self.c1, self.r1) == (self.c2, self.r2):
            return rows[0][0]
        if self.r1 == self.r2 or self.c1 == self.c2:
            return [v for row in rows for v in row]
        return rows

    @value.setter
    def value(self, value):
        if not isinstance(value, (list, tuple)):
            rows = [[value]]
        elif value and isinstance(value[0], (list, tuple)):
            rows = value
        elif self.r1 == self.r2:
            rows = [value]
        else:
            rows = [[v] for v in value]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                ref = _name(self.c1 + j, self.r1 + i)
                if v is None or v == "":
                    self.cells.pop(ref, None)
                else:
                    self.cells[ref] = v


class Sheet:
    def __init__(self, name, cells):
        self.name, self.cells = name, cells

    def range(self, ref):
        return Range(self.cells, ref)


class Book:
    """The workbook a script gets: here sheets of cell values (``{sheet: {"A1": value}}``) the test hands over."""

    def __init__(self, sheets=None, name=""):
        self.data, self.name = sheets or {}, name

    @property
    def sheets(self):
        return {name: Sheet(name, cells) for name, cells in self.data.items()}
