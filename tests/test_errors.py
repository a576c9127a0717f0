"""The exception family: every error class declares its fields by its message templates; a missing one is a
TypeError when the error is made, never a message with a gap."""
from __future__ import annotations

import inspect

import pytest

from addin import errors
from addin.errors import BadValue, MissingValue, NotOffered, UnknownArticle, XPhoneError
from addin.i18n import Text


def error_classes() -> list[type]:
    return sorted((c for _n, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, XPhoneError)),
                  key=lambda c: c.__name__)


def _build(cls):
    """An instance of ``cls`` with every field its templates name, each given a recognisable value."""
    if cls is BadValue:
        return BadValue(Text("label.quantity"), "10 Stk", Text("hint.number_expected"))
    if cls is MissingValue:
        return MissingValue(Text("label.customer"))
    if cls is UnknownArticle:
        return UnknownArticle(article="OFFCE", suggestions=("OFFICE",))
    fields = {name: f"<{name}>" for name in cls.fields_needed if name != "detail"}
    return cls("<detail>", **fields) if "detail" in cls.fields_needed else cls(**fields)


def test_there_is_a_family():
    assert len(error_classes()) >= 15


@pytest.mark.parametrize("cls", error_classes(), ids=lambda c: c.__name__)
def test_every_error_renders_in_both_languages_with_every_field_filled(cls):
    err = _build(cls)
    for lang in ("de", "en"):
        text = err.message(lang)
        assert text and "{" not in text and "}" not in text and "  " not in text.strip(), (lang, text)
    where = _build(cls)
    where.fields.update(sheet="Aufträge", row=7, column="D")
    assert where.message("de").endswith("(Blatt Aufträge, Zeile 7, Spalte D)")
    assert where.message("en").endswith("(sheet Aufträge, row 7, column D)")


@pytest.mark.parametrize("cls", [c for c in error_classes() if c.fields_needed - {"detail"}],
                         ids=lambda c: c.__name__)
def test_an_error_without_a_field_it_names_is_a_type_error(cls):
    needed = sorted(cls.fields_needed - {"detail"})
    fields = {name: "x" for name in needed[1:]}
    own_signature = cls.__init__ is not XPhoneError.__init__  # BadValue, MissingValue: Python names what is missing
    with pytest.raises(TypeError, match=None if own_signature else needed[0]):
        cls("d", **fields) if "detail" in cls.fields_needed else cls(**fields)


def test_the_example_of_the_issue_is_refused_instead_of_a_message_with_gaps():
    with pytest.raises(TypeError) as info:
        NotOffered(article="X")
    assert str(info.value) == "NotOffered needs the field(s) list, offered, when"
