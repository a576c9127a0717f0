"""The environment variables the worksheet functions depend on, read through ``os.environ`` and fast.

``XPHONE_CATALOG`` and ``XPHONE_PRICE_DATE`` are looked at on every warm call of a
worksheet function, whose goal is a few microseconds; ``os.environ.get`` alone
costs about half a microsecond (it encodes the name and decodes the value).

A process's environment changes only through ``os.environ`` or ``os.putenv`` /
``os.unsetenv``, and Python raises the audit event ``os.putenv`` or
``os.unsetenv`` for every such change. A process that serves worksheet
functions calls :func:`watch` once: an audit hook (:func:`sys.addaudithook`)
then notes the events, and a variable is read with ``os.environ.get`` once after
each change and its value remembered, so a warm read is a few dict look-ups.
The hook is a dict's own ``setdefault`` (the event's name as key): it runs as
C code, with no Python call per audited event, which matters because openpyxl
alone raises thousands (``builtins.id``) per quote. Without :func:`watch`
(the command line, the batch) every read is ``os.environ.get``. Written here
rather than taken from a library because no library watches the environment.

>>> watch(); os.environ["XPHONE_EXAMPLE"] = "1"; getenv("XPHONE_EXAMPLE")
'1'
>>> os.environ["XPHONE_EXAMPLE"] = "2"; getenv("XPHONE_EXAMPLE")
'2'
>>> del os.environ["XPHONE_EXAMPLE"]; getenv("XPHONE_EXAMPLE") is None
True
"""
from __future__ import annotations

import os
import sys
from typing import Any

ENV_CATALOG = "XPHONE_CATALOG"  # the catalog file to use (also the key of the xlwings.conf sheet)
_CHANGES = ("os.putenv", "os.unsetenv")  # the audit events of a change of the environment
# audit events since the last look: name -> the first one's arguments (the hook fills it)
_seen: dict[str, tuple[Any, ...]] = {}
_values: dict[str, str | None] = {}  # name -> value, as read after the last change
_watching = [False]
_ENVIRON = os.environ


def watch() -> None:
    """Watch the environment from now on (once per process): :func:`getenv` then reads a variable again only
    after the environment changed."""
    if not _watching[0]:
        sys.addaudithook(_seen.setdefault)
        _watching[0] = True


def getenv(name: str) -> str | None:
    """The value of the environment variable ``name``, or None."""
    if not _watching[0] or os.environ is not _ENVIRON:  # not watched, or os.environ replaced: read it
        return os.environ.get(name)
    if _CHANGES[0] in _seen or _CHANGES[1] in _seen:
        _seen.pop(_CHANGES[0], None)
        _seen.pop(_CHANGES[1], None)
        _values.clear()  # after the pops: a change noted meanwhile is seen by the next call
    elif len(_seen) > 32:  # let go of the other events' arguments now and then (never of a change)
        for event in [e for e in _seen if e not in _CHANGES]:
            _seen.pop(event, None)
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = os.environ.get(name)
        return value
