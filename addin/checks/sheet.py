"""The rules sheet ``Regeln`` of the catalog: read and checked when the catalog is loaded.

One row per rule: a rule id, a rule kind (see :data:`KINDS`), the article it
applies to, the articles it refers to, a number N, an optional condition, the
severity and the message templates (placeholders: :data:`PLACEHOLDERS`).
Rows are checked from top to bottom; an ``Upgrade`` row moves the upgraded
quantities (OFFICE -> OFFICE PLUS, SMART SERVER -> SERVER) for the rows below it.

The column ``Kundenhinweis`` (``ja``/``nein``, blank = ``nein``) decides which
findings are notes for the customer's own quote document: the ``HINWEIS``
(INFO) findings of a rule marked ``ja``; everything else goes to the seller.
A row of kind ``im Programm`` names a rule in code (:mod:`.code`) only to
mark it so, e.g. ``UPGRADE_COMPLETE_SYSTEM | im Programm | ... | ja``.
"""
from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any

from ..errors import BadCatalogRow, XPhoneError
from ..i18n import Text
from ..options import OPTIONS, option_key
from ..tables import SheetRow, table_rows
from ..values import fold, is_blank, to_bool, to_whole
from .code import CODE_RULES
from .engine import evaluate_data_rule
from .model import Rule

if TYPE_CHECKING:
    from ..catalog.model import Catalog

SEVERITY_NAMES = {"error": "ERROR", "fehler": "ERROR", "warning": "WARNING", "warnung": "WARNING",
                  "info": "INFO", "hinweis": "INFO"}

KINDS = {
    # kind: (name in the sheet, other accepted names)
    "requires_one_of": ("benötigt eins von", "benötigt einen von", "benötigt", "requires one of", "requires"),
    "at_least": ("mindestens N von", "mindestens", "at least N of", "at least"),
    "at_most": ("höchstens N von", "höchstens", "at most N of", "at most"),
    "at_most_as_many": ("höchstens so viele wie", "at most as many as"),
    "excluded_with": ("ausgeschlossen mit", "nicht mit", "excluded with"),
    "included_in": ("enthalten in", "included in"),
    "upgrade": ("Upgrade", "wandelt um", "converts"),
    "note": ("Hinweis", "note"),
    "code": ("im Programm", "in code", "Programm"),  # a rule in code, named to mark it as a customer note
}
_KIND_ALIASES = {}
for _kind, _names in KINDS.items():
    for _name in (_kind, *_names):
        _KIND_ALIASES[fold(_name)] = _kind
# kinds whose article column may stay blank (the rule then applies to every system)
_ARTICLE_OPTIONAL = {"at_least", "at_most"}

PLACEHOLDERS = {
    "article": "Kurzname des Artikels der Regel / short name of the rule's article",
    "article_no": "seine Artikelnummer / its article number",
    "refs": "Bezugsartikel mit Nummer, mit 'oder' verbunden / referenced articles with numbers, joined by 'or'",
    "ref": "erster Bezugsartikel mit Nummer / first referenced article with number",
    "ref_name": "Kurzname des ersten Bezugsartikels / short name of the first referenced article",
    "ref_names": "Kurznamen der Bezugsartikel / short names of the referenced articles",
    "n": "N der Regel / the rule's N",
    "count": "Menge des Artikels im System / quantity of the article in the system",
    "have": "Summe der Bezugsartikel im System / sum of the referenced articles in the system",
    "missing": "wie viele fehlen / how many are missing",
    "excess": "wie viele zu viel sind / how many are too many",
    "present": "vorhandene Bezugsartikel mit Menge / referenced articles present, with quantity",
    "included": "davon enthalten (Spalte 'Enthält') / of which included (column 'Includes')",
    "n_total": "N × Menge / N × quantity",
}

RULE_COLUMNS = {
    "rule_id": ("Regel-ID", "Regel", "Rule ID", "Rule"),
    "kind": ("Art", "Regelart", "Kind"),
    "article": ("Artikel", "Article"),
    "refs": ("Bezug", "Bezugsartikel", "Refers to"),
    "n": ("N", "Anzahl"),
    "condition": ("Bedingung", "Condition"),
    "severity": ("Schwere", "Stufe", "Severity"),
    "message_de": ("Meldung DE", "Message DE"),
    "message_en": ("Meldung EN", "Message EN"),
    "customer": ("Kundenhinweis", "Customer note"),
    # the service description's sentence and the tool's reading of it (the reference's table of rules)
    "source": ("Quelle", "Source", "Quelle (Leistungsbeschreibung: „…“ wörtlich, Lesart: Auslegung des Tools)"),
}
RULE_OPTIONAL_COLUMNS = {"condition", "customer", "source"}


def _bad(row: SheetRow, fld: str, said: Text | XPhoneError) -> BadCatalogRow:
    """The error for a cell of the rules sheet: what is wrong (a catalog text, or the error reading the value)."""
    return BadCatalogRow(said, sheet=row.sheet, row=row.row, column=row.columns.get(fld, fld))


def _codes(row: SheetRow, fld: str, text: str, catalog: Catalog) -> tuple[str, ...]:
    codes = []
    for part in re.split(r"[,;>\n]|\boder\b|\bor\b", text):
        part = part.strip()
        if not part:
            continue
        art = catalog.find(part)
        if art is None:
            raise _bad(row, fld, Text("rules.unknown_article", part=part))
        codes.append(art.code)
    return tuple(codes)


def _parse_condition(row: SheetRow, text: str, catalog: Catalog) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    terms: list[tuple[str, str | tuple[str, ...]]] = []
    for part in re.split(r";|\bund\b|\band\b", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(ohne|without|mit|with|wenn|falls|if)\s+(.+)", part, re.IGNORECASE)
        if not m:
            raise _bad(row, "condition",
                       Text("rules.condition_not_readable_form_without", part=part))
        word, rest = m.group(1).lower(), m.group(2).strip()
        if word in ("wenn", "falls", "if"):
            key = option_key(rest)
            if key is None or OPTIONS[key].kind != "bool":
                allowed = ", ".join(k for k, o in OPTIONS.items() if o.kind == "bool")
                raise _bad(row, "condition", Text("rules.condition_names_unknown_option_allowed", rest=rest,
                                                  allowed=allowed))
            terms.append(("if", key))
        else:
            op = "without" if word in ("ohne", "without") else "with"
            terms.append((op, _codes(row, "condition", rest, catalog)))
    return tuple(terms)


def _check_template(row: SheetRow, fld: str, template: str, catalog: Catalog) -> None:
    try:
        fields = [f for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
        specs = [(spec, conv) for _, f, spec, conv in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise _bad(row, fld, Text("rules.message_not_readable_check_curly", exc=exc)) from None
    for name in fields:
        art = catalog.find(name) if name not in PLACEHOLDERS else None
        if name not in PLACEHOLDERS and (art is None or art.code != name):
            raise _bad(row, fld, Text("rules.unknown_placeholder_allowed_or_short", name=name,
                                      join=', '.join(PLACEHOLDERS)))
    if any(spec or conv for spec, conv in specs):
        raise _bad(row, fld, Text("rules.give_placeholders_without_format_e"))


def parse_rules(sheet_name: str, rows: list[tuple[Any, ...]], catalog: Catalog) -> list[Rule]:
    """Read and check the rules sheet; raise :class:`BadCatalogRow` with sheet, row and column.

    Refused: unknown rule kinds, unknown articles (in Artikel, Bezug or Bedingung), unknown
    options in a condition, a missing or wrong N, an unknown severity, a message with an
    unknown placeholder, and a rule id used twice or taken by a rule in code.
    """
    code_ids = {r.rule_id for r in CODE_RULES}
    seen: dict[str, int] = {}
    rules = []
    for row in table_rows(sheet_name, rows, RULE_COLUMNS, RULE_OPTIONAL_COLUMNS):
        v = row.values
        rule_id = "" if is_blank(v.get("rule_id")) else str(v["rule_id"]).strip().upper()
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", rule_id):
            raise _bad(row, "rule_id", Text("rules.rule_id_missing_or_not", get=v.get('rule_id')))
        if rule_id in seen:
            raise _bad(row, "rule_id", Text("rules.rule_id_used_twice_already", rule_id=rule_id, seen=seen[rule_id]))
        seen[rule_id] = row.row
        raw_kind = v.get("kind")
        kind = None if is_blank(raw_kind) else _KIND_ALIASES.get(fold(raw_kind))
        if kind is None:
            allowed = ", ".join(names[0] for names in KINDS.values())
            raise _bad(row, "kind", Text("rules.rule_kind_unknown_allowed", raw_kind=raw_kind, allowed=allowed))
        if rule_id in code_ids and kind != "code":
            raise _bad(row, "rule_id", Text("rules.rule_id_belongs_rule_code", rule_id=rule_id))
        customer = _customer_note(row)
        if kind == "code":
            rules.append(_code_reference(row, rule_id, customer, code_ids, sheet_name))
            continue
        article = None
        if is_blank(v.get("article")):
            if kind not in _ARTICLE_OPTIONAL:
                raise _bad(row, "article", Text("rules.article_missing"))
        else:
            found = catalog.find(v["article"] if not isinstance(v["article"], str) else v["article"].strip())
            if found is None:
                raise _bad(row, "article", Text("rules.unknown_article_2", v=v['article']))
            article = found.code
        refs = () if is_blank(v.get("refs")) else _codes(row, "refs", str(v["refs"]), catalog)
        n = None
        if not is_blank(v.get("n")):
            try:
                n = to_whole(v["n"], "N", minimum=0)
            except XPhoneError as exc:
                raise _bad(row, "n", exc) from None
        _check_shape(row, kind, article, refs, n, catalog)
        if kind == "included_in":
            assert article is not None  # required above: included_in is not in _ARTICLE_OPTIONAL
            n = _included_quantity(catalog, refs[0], article)
        condition = () if is_blank(v.get("condition")) else _parse_condition(row, str(v["condition"]), catalog)
        severity = None if is_blank(v.get("severity")) else SEVERITY_NAMES.get(fold(v["severity"]))
        if severity is None and kind != "upgrade":
            raise _bad(row, "severity", Text("rules.severity_unknown_allowed_error_warning", get=v.get('severity')))
        messages = {}
        for fld in ("message_de", "message_en"):
            text = "" if is_blank(v.get(fld)) else str(v[fld]).strip()
            if not text and kind != "upgrade":
                raise _bad(row, fld, Text("rules.message_missing"))
            _check_template(row, fld, text, catalog)
            messages[fld] = text
        if customer and kind == "upgrade":
            raise _bad(row, "customer", Text("rules.upgrade_row_reports_nothing_leave"))
        if customer and any(op == "if" for op, _ in condition):
            raise _bad(row, "customer", Text("rules.no_customer_note_for_rule"))
        source = row.values.get("source")
        rules.append(Rule(rule_id, kind, article, refs, n, condition, severity or "INFO",
                          messages["message_de"], messages["message_en"],
                          doc="" if is_blank(source) else str(source).strip(), check=evaluate_data_rule,
                          sheet=sheet_name, row=row.row, customer=customer))
    return rules


def _customer_note(row: SheetRow) -> bool:
    """The column ``Kundenhinweis``: ``ja``/``nein`` (also WAHR/FALSCH, x/-); blank is ``nein``."""
    value = row.values.get("customer")
    try:
        return bool(to_bool(value, Text("label.customer_note")))
    except XPhoneError as exc:
        raise _bad(row, "customer", exc) from None


def _code_reference(row: SheetRow, rule_id: str, customer: bool, code_ids: set[str], sheet_name: str) -> Rule:
    """A row of kind 'im Programm': the id of a rule in code, nothing else but the customer-note column."""
    if rule_id not in code_ids:
        raise _bad(row, "rule_id", Text("rules.no_rule_code_called_see", rule_id=rule_id))
    for fld in ("article", "refs", "n", "condition", "severity", "message_de", "message_en"):
        if not is_blank(row.values.get(fld)):
            raise _bad(row, fld, Text("rules.leave_empty_for_kind_code"))
    return Rule(rule_id, "code", sheet=sheet_name, row=row.row, customer=customer)


def _check_shape(row: SheetRow, kind: str, article: str | None, refs: tuple[str, ...], n: int | None,
                 catalog: Catalog) -> None:
    def need(ok: object, said: Text, fld: str = "refs") -> None:
        if not ok:
            raise _bad(row, fld, said)

    if kind in ("requires_one_of", "at_least", "at_most", "at_most_as_many", "excluded_with"):
        need(refs, Text("rules.refers_missing_at_least_one"))
    if kind in ("at_least", "at_most"):
        need(n is not None, Text("rules.n_missing"), "n")
    if kind == "at_least":
        assert n is not None  # refused just above when missing
        need(n >= 1, Text("rules.n_must_at_least_1"), "n")
    if kind in ("requires_one_of", "at_most_as_many", "excluded_with", "upgrade"):
        need(n is None, Text("rules.leave_n_empty_for_this"), "n")
    if kind == "upgrade":
        need(len(refs) == 2, Text("rules.refers_exactly_two_articles_from"))
    if kind == "note":
        need(not refs, Text("rules.leave_refers_empty_for_note"))
    if kind == "included_in":
        need(len(refs) == 1, Text("rules.refers_exactly_one_article_that"))
        included = _included_quantity(catalog, refs[0], article)
        need(included is not None, Text("rules.does_not_include_according_articles", refs=refs[0], article=article))
        need(n is None or n == included, Text("rules.n_differs_from_includes_on", n=n, included=included), "n")


def _included_quantity(catalog: Catalog, container: str, code: str | None) -> int | None:
    art = catalog.find(container)
    if art is None:
        return None
    for inc_code, qty in art.includes:
        inc = catalog.find(inc_code)
        if inc is not None and inc.code == code:
            return qty
    return None
