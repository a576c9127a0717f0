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
}
RULE_OPTIONAL_COLUMNS = {"condition", "customer"}


def _bad(row: SheetRow, fld: str, de: str, en: str) -> BadCatalogRow:
    return BadCatalogRow(de, sheet=row.sheet, row=row.row, column=row.columns.get(fld, fld))


def _codes(row: SheetRow, fld: str, text: str, catalog: Catalog) -> tuple[str, ...]:
    codes = []
    for part in re.split(r"[,;>\n]|\boder\b|\bor\b", text):
        part = part.strip()
        if not part:
            continue
        art = catalog.find(part)
        if art is None:
            raise _bad(row, fld, f"unbekannter Artikel {part!r}.", f"unknown article {part!r}.")
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
                       f"Bedingung {part!r} nicht lesbar; Form: 'ohne SERVER' oder 'wenn fax_in_client'.",
                       f"condition {part!r} not readable; form: 'without SERVER' or 'if fax_in_client'.")
        word, rest = m.group(1).lower(), m.group(2).strip()
        if word in ("wenn", "falls", "if"):
            key = option_key(rest)
            if key is None or OPTIONS[key].kind != "bool":
                allowed = ", ".join(k for k, o in OPTIONS.items() if o.kind == "bool")
                raise _bad(row, "condition", f"Bedingung nennt unbekannte Option {rest!r}; erlaubt: {allowed}.",
                           f"condition names unknown option {rest!r}; allowed: {allowed}.")
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
        raise _bad(row, fld, f"Meldung nicht lesbar ({exc}); geschweifte Klammern prüfen.",
                   f"message not readable ({exc}); check the curly braces.") from None
    for name in fields:
        art = catalog.find(name) if name not in PLACEHOLDERS else None
        if name not in PLACEHOLDERS and (art is None or art.code != name):
            raise _bad(row, fld, f"unbekannter Platzhalter {{{name}}}; erlaubt: {', '.join(PLACEHOLDERS)} "
                                 f"oder ein Kurzcode wie {{SERVER}}.",
                       f"unknown placeholder {{{name}}}; allowed: {', '.join(PLACEHOLDERS)} "
                       f"or a short code such as {{SERVER}}.")
    if any(spec or conv for spec, conv in specs):
        raise _bad(row, fld, "Platzhalter ohne Format angeben, z. B. {n}.",
                   "give placeholders without a format, e.g. {n}.")


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
            raise _bad(row, "rule_id", f"Regel-ID {v.get('rule_id')!r} fehlt oder ist ungültig "
                                       "(Großbuchstaben, Ziffern, _).",
                       f"rule id {v.get('rule_id')!r} missing or not valid (capitals, digits, _).")
        if rule_id in seen:
            raise _bad(row, "rule_id", f"Regel-ID {rule_id} doppelt; schon in Zeile {seen[rule_id]}.",
                       f"rule id {rule_id} used twice; already in row {seen[rule_id]}.")
        seen[rule_id] = row.row
        raw_kind = v.get("kind")
        kind = None if is_blank(raw_kind) else _KIND_ALIASES.get(fold(raw_kind))
        if kind is None:
            allowed = ", ".join(names[0] for names in KINDS.values())
            raise _bad(row, "kind", f"Regelart {raw_kind!r} unbekannt; erlaubt: {allowed}.",
                       f"rule kind {raw_kind!r} unknown; allowed: {allowed}.")
        if rule_id in code_ids and kind != "code":
            raise _bad(row, "rule_id", f"Regel-ID {rule_id} gehört einer Regel im Programm (Art 'im Programm' "
                                       "angeben, um sie als Kundenhinweis zu markieren).",
                       f"rule id {rule_id} belongs to a rule in code (give kind 'in code' to mark it as a "
                       "customer note).")
        customer = _customer_note(row)
        if kind == "code":
            rules.append(_code_reference(row, rule_id, customer, code_ids, sheet_name))
            continue
        article = None
        if is_blank(v.get("article")):
            if kind not in _ARTICLE_OPTIONAL:
                raise _bad(row, "article", "Artikel fehlt.", "article is missing.")
        else:
            found = catalog.find(v["article"] if not isinstance(v["article"], str) else v["article"].strip())
            if found is None:
                raise _bad(row, "article", f"unbekannter Artikel {v['article']!r}.",
                           f"unknown article {v['article']!r}.")
            article = found.code
        refs = () if is_blank(v.get("refs")) else _codes(row, "refs", str(v["refs"]), catalog)
        n = None
        if not is_blank(v.get("n")):
            try:
                n = to_whole(v["n"], "N", minimum=0)
            except XPhoneError as exc:
                raise _bad(row, "n", exc.message("de"), exc.message("en")) from None
        _check_shape(row, kind, article, refs, n, catalog)
        if kind == "included_in":
            assert article is not None  # required above: included_in is not in _ARTICLE_OPTIONAL
            n = _included_quantity(catalog, refs[0], article)
        condition = () if is_blank(v.get("condition")) else _parse_condition(row, str(v["condition"]), catalog)
        severity = None if is_blank(v.get("severity")) else SEVERITY_NAMES.get(fold(v["severity"]))
        if severity is None and kind != "upgrade":
            raise _bad(row, "severity", f"Schwere {v.get('severity')!r} unbekannt; erlaubt: FEHLER/ERROR, "
                                        "WARNUNG/WARNING, HINWEIS/INFO.",
                       f"severity {v.get('severity')!r} unknown; allowed: ERROR, WARNING, INFO.")
        messages = {}
        for fld in ("message_de", "message_en"):
            text = "" if is_blank(v.get(fld)) else str(v[fld]).strip()
            if not text and kind != "upgrade":
                raise _bad(row, fld, "Meldung fehlt.", "message is missing.")
            _check_template(row, fld, text, catalog)
            messages[fld] = text
        if customer and kind == "upgrade":
            raise _bad(row, "customer", "eine Upgrade-Zeile meldet nichts; Kundenhinweis leer lassen.",
                       "an upgrade row reports nothing; leave the customer note empty.")
        if customer and any(op == "if" for op, _ in condition):
            raise _bad(row, "customer", "kein Kundenhinweis bei einer Bedingung 'wenn <Option>': ohne die Option "
                                        "fragt die Meldung beim Verkauf nach.",
                       "no customer note for a rule with an 'if <option>' condition: without the option its "
                       "message asks the seller to confirm.")
        rules.append(Rule(rule_id, kind, article, refs, n, condition, severity or "INFO",
                          messages["message_de"], messages["message_en"], check=evaluate_data_rule,
                          sheet=sheet_name, row=row.row, customer=customer))
    return rules


def _customer_note(row: SheetRow) -> bool:
    """The column ``Kundenhinweis``: ``ja``/``nein`` (also WAHR/FALSCH, x/-); blank is ``nein``."""
    value = row.values.get("customer")
    try:
        return bool(to_bool(value, Text("label.customer_note")))
    except XPhoneError as exc:
        raise _bad(row, "customer", exc.message("de"), exc.message("en")) from None


def _code_reference(row: SheetRow, rule_id: str, customer: bool, code_ids: set[str], sheet_name: str) -> Rule:
    """A row of kind 'im Programm': the id of a rule in code, nothing else but the customer-note column."""
    if rule_id not in code_ids:
        raise _bad(row, "rule_id", f"keine Regel im Programm heißt {rule_id}; siehe die Tabelle der Regeln im "
                                   "Programm (README).",
                   f"no rule in code is called {rule_id}; see the table of rules in code (README).")
    for fld in ("article", "refs", "n", "condition", "severity", "message_de", "message_en"):
        if not is_blank(row.values.get(fld)):
            raise _bad(row, fld, "bleibt bei Art 'im Programm' leer: die Regel steht im Programm.",
                       "leave empty for kind 'in code': the rule is in the program.")
    return Rule(rule_id, "code", sheet=sheet_name, row=row.row, customer=customer)


def _check_shape(row: SheetRow, kind: str, article: str | None, refs: tuple[str, ...], n: int | None,
                 catalog: Catalog) -> None:
    def need(ok: object, de: str, en: str, fld: str = "refs") -> None:
        if not ok:
            raise _bad(row, fld, de, en)

    if kind in ("requires_one_of", "at_least", "at_most", "at_most_as_many", "excluded_with"):
        need(refs, "Bezug fehlt: mindestens ein Artikel.", "refers-to is missing: at least one article.")
    if kind in ("at_least", "at_most"):
        need(n is not None, "N fehlt.", "N is missing.", "n")
    if kind == "at_least":
        assert n is not None  # refused just above when missing
        need(n >= 1, "N muss mindestens 1 sein.", "N must be at least 1.", "n")
    if kind in ("requires_one_of", "at_most_as_many", "excluded_with", "upgrade"):
        need(n is None, "N bleibt bei dieser Regelart leer.", "leave N empty for this rule kind.", "n")
    if kind == "upgrade":
        need(len(refs) == 2, "Bezug: genau zwei Artikel, 'VON > NACH' (z. B. OFFICE > OFFICE_PLUS).",
             "refers-to: exactly two articles, 'FROM > TO' (e.g. OFFICE > OFFICE_PLUS).")
    if kind == "note":
        need(not refs, "Bezug bleibt bei einem Hinweis leer.", "leave refers-to empty for a note.")
    if kind == "included_in":
        need(len(refs) == 1, "Bezug: genau ein Artikel, der den Artikel enthält.",
             "refers-to: exactly one article that includes the article.")
        included = _included_quantity(catalog, refs[0], article)
        need(included is not None, f"{refs[0]} enthält laut Blatt Artikel (Spalte 'Enthält') kein {article}.",
             f"{refs[0]} does not include {article} according to the articles sheet (column 'Includes').")
        need(n is None or n == included, f"N ({n}) weicht von 'Enthält' im Blatt Artikel ab ({included}); "
                                         "N leer lassen.",
             f"N ({n}) differs from 'Includes' on the articles sheet ({included}); leave N empty.", "n")


def _included_quantity(catalog: Catalog, container: str, code: str | None) -> int | None:
    art = catalog.find(container)
    if art is None:
        return None
    for inc_code, qty in art.includes:
        inc = catalog.find(inc_code)
        if inc is not None and inc.code == code:
            return qty
    return None
