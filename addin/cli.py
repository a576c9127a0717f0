"""Command line: ``xphone-pricing``.

Each command parses its arguments, makes one call into the core and turns the
core's errors into ``Error: ...`` (``Fehler: ...``) on stderr with exit status 1.
Number arguments are read the way a user of ``--lang`` writes them (German by
default: ``xphone-pricing up2date 10.000 3`` is ten thousand); an argument the
other convention reads differently gets a ``Hinweis: ...`` / ``Note: ...`` line on stderr.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import pricing, rules
from .batch.orders import write_orders
from .batch.run import run_batch
from .calculator import build_calculator, refresh_article_list
from .catalog import get_catalog, load_catalog
from .catalog.text import workbook_as_text
from .configure import configure
from .errors import BadValue, OutputError, RuleViolation, XPhoneError, default_language, in_language
from .lite.build import build_lite
from .money import format_eur, format_percent
from .values import noting_readings


def _lang_option(func):
    return click.option("--lang", type=click.Choice(["de", "en"]), default=None,
                        help="Sprache der Meldungen / message language (default: $XPHONE_LANG or de).")(func)


def reports_errors(func):
    """Run a command in its language; turn the project's errors into one line on stderr and exit status 1.

    Number text in the arguments is read with the convention of the command's language; each argument
    that the other convention reads differently is named in a note on stderr.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang") or default_language()
        readings: list = []
        try:
            with in_language(lang), noting_readings() as readings:
                return func(*args, **kwargs)
        except XPhoneError as exc:
            prefix = "Error" if lang == "en" else "Fehler"
            click.echo(f"{prefix}: {exc.message(lang)}", err=True)
            sys.exit(1)
        finally:
            for reading in readings:
                click.echo(f"{'Note' if lang == 'en' else 'Hinweis'}: {reading.message(lang)}", err=True)

    return wrapper


@click.group()
@click.version_option(package_name="xphone-pricing")
@click.option("--catalog", "catalog_path", envvar="XPHONE_CATALOG", default=None,
              help="Katalog-Arbeitsmappe (default: $XPHONE_CATALOG or the shipped catalog.xlsx).")
@click.pass_context
def cli(ctx, catalog_path):
    """Preise, Prüfungen und Angebote für XPhone Connect 8 / pricing, checks and quotes for XPhone Connect 8."""
    if catalog_path:
        os.environ["XPHONE_CATALOG"] = catalog_path


@cli.command()
@click.argument("article")
@click.argument("quantity", default="1")
@_lang_option
@reports_errors
def price(article, quantity, lang):
    """List price × quantity of an article.  Example: xphone-pricing price OFFICE 10"""
    lang = lang or default_language()
    cat = get_catalog()
    art = cat.article(article)
    total = pricing.line_price(art, quantity, cat)
    click.echo(f"{art.number}  {art.name(lang)}  × {quantity}  =  {format_eur(total, lang)}"
               + (_example_note(lang) if cat.is_example else ""))


@cli.command()
@click.argument("total")
@click.argument("years")
@_lang_option
@reports_errors
def up2date(total, years, lang):
    """Up2Date price of a licence total.  Example: xphone-pricing up2date 10000 3"""
    lang = lang or default_language()
    amount = pricing.up2date_price(total, years)
    rate = pricing.up2date_total_rate(years)
    term = pricing.parse_years(years)
    words = ("year", "years") if lang == "en" else ("Jahr", "Jahre")
    click.echo(f"Up2Date {term} {words[term != 1]}: {format_percent(rate, lang)} × {total} = "
               f"{format_eur(amount, lang)}")


@cli.command()
@click.argument("total")
@click.argument("release")
@_lang_option
@reports_errors
def upgrade(total, release, lang):
    """Migration / one-time upgrade price.  Example: xphone-pricing upgrade 10000 R6"""
    lang = lang or default_language()
    amount = pricing.upgrade_price(total, release)
    rate = pricing.upgrade_rate(release)
    click.echo(f"Upgrade R{pricing.parse_release(release)}: {format_percent(rate, lang)} × {total} = "
               f"{format_eur(amount, lang)}")


@cli.group()
def catalog():
    """Show or check the catalog workbook."""


@catalog.command("check")
@click.argument("path", required=False)
@_lang_option
@reports_errors
def catalog_check(path, lang):
    """Load and check a catalog; prints a summary or the first problem found."""
    lang = lang or default_language()
    cat = load_catalog(path)
    state = ("BEISPIELPREISE" if lang == "de" else "EXAMPLE PRICES") if cat.is_example else cat.meta.status
    if lang == "en":
        click.echo(f"OK: {cat.path}: {len(cat.articles)} articles, {len(cat.up2date)} Up2Date terms, "
                   f"{len(cat.upgrades)} upgrades, {len(cat.rules)} rules; {cat.meta.name} ({state})")
    else:
        click.echo(f"OK: {cat.path}: {len(cat.articles)} Artikel/articles, {len(cat.up2date)} Up2Date, "
                   f"{len(cat.upgrades)} Upgrade, {len(cat.rules)} Regeln/rules; {cat.meta.name} ({state})")


@catalog.command("text")
@click.argument("path", required=False)
@reports_errors
def catalog_text(path, lang=None):
    """Print every sheet of a workbook as text (a git textconv driver for catalog.xlsx)."""
    click.echo(workbook_as_text(path), nl=False)


@cli.command()
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="Ziel (default: calculator.xlsm, englisch calculator_en.xlsm) / target file.")
@click.option("--update", "update", default=None, type=click.Path(dir_okay=False, exists=True),
              help="Nur die Artikelliste eines Rechners in Gebrauch erneuern / only refresh the article list "
                   "of a calculator in use (inputs and imported functions are kept).")
@_lang_option
@reports_errors
def calculator(out, update, lang):
    """Build the calculator workbook from the catalog.  Example: xphone-pricing calculator --out Rechner.xlsm"""
    lang = lang or default_language()
    if update:
        path = refresh_article_list(update)
    else:
        path = build_calculator(out or ("calculator_en.xlsm" if lang == "en" else "calculator.xlsm"), lang=lang)
    click.echo(f"{path}")


@cli.command()
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="Ziel (default: Rechner-Lite.xlsx, englisch Calculator-Lite.xlsx) / target file.")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_lang_option
@reports_errors
def lite(out, force, lang):
    """Build the calculator for xlwings Lite, with the functions and the price list inside.

    Example: xphone-pricing lite --out Rechner-Lite.xlsx
    """
    lang = lang or default_language()
    click.echo(f"{build_lite(out, lang=lang, force=force)}")


@cli.command()
@click.argument("orders", type=click.Path(dir_okay=False))
@click.option("--template", default=None, type=click.Path(dir_okay=False),
              help="Angebotsvorlage (default: workbook_templates/quote_de.xlsx or quote_en.xlsx).")
@click.option("--out", default="quotes", show_default=True, type=click.Path(file_okay=False),
              help="Ordner für die Angebote / output folder.")
@click.option("--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Parallele Prozesse / worker processes.")
@click.option("--pdf", is_flag=True, help="Auch PDF über LibreOffice / also write PDFs through LibreOffice.")
@click.option("--strict", is_flag=True, help="Exit-Status 1 auch bei Prüf-Fehlern / exit 1 on ERROR findings too.")
@click.option("--force", is_flag=True, help="Vorhandene Dateien überschreiben / overwrite existing files.")
@click.option("--vat", default=None, help="MwSt-Satz, z. B. 19 / VAT rate, e.g. 19 (default: catalog).")
@_lang_option
@reports_errors
def quotes(orders, template, out, jobs, pdf, strict, force, vat, lang):
    """One quote workbook per quote of an orders sheet, plus a summary.

    Example: xphone-pricing quotes workbook_templates/example_orders.xlsx --out quotes --force
    """
    lang = lang or default_language()
    de = lang == "de"
    bar = _Progress(de)
    try:
        result = run_batch(orders, out, template=template, jobs=jobs, pdf=pdf, force=force, lang=lang, vat=vat,
                           progress=bar)
    finally:
        bar.close()
    prefix = "Fehler" if de else "Error"
    for note in result.notes:
        click.echo(f"{'Hinweis' if de else 'Note'}: {note}", err=True)
    for message in result.messages:
        click.echo(f"{prefix}: {message}", err=True)
    for check in result.checks:
        click.echo(f"{'Prüfung' if de else 'Check'}: {check}", err=True)
    if result.summary is None:
        result.summary = "nicht geschrieben" if de else "not written"
    if result.interrupted:
        click.echo((f"Abgebrochen nach {result.done} von {result.total} Angeboten; nur vollständige Dateien "
                    f"geschrieben, Zusammenfassung: {result.summary}") if de else
                   (f"Interrupted after {result.done} of {result.total} quotes; only complete files were "
                    f"written, summary: {result.summary}"), err=True)
        sys.exit(130)
    pdfs = (f", {len(result.pdfs)} PDF") if result.pdfs else ""
    if de:
        seconds = f"{result.seconds:.1f}".replace(".", ",")
        line = (f"{result.written} von {result.total} Angeboten erstellt{pdfs}, {result.failed} fehlgeschlagen, "
                f"{result.with_errors} mit Prüf-Fehlern; Zusammenfassung: {result.summary} ({seconds} s)")
    else:
        line = (f"{result.written} of {result.total} quotes written{pdfs}, {result.failed} failed, "
                f"{result.with_errors} with ERROR findings; summary: {result.summary} ({result.seconds:.1f} s)")
    click.echo(line)
    if result.failed or result.output_errors or (strict and result.with_errors):
        sys.exit(1)


class _Progress:
    """A progress bar on stderr for batches of 20 quotes or more (click hides it when stderr is no terminal)."""

    def __init__(self, de: bool):
        self.de = de
        self.bar = None
        self.total = None

    def __call__(self, done: int, total: int) -> None:
        if self.total is None:
            self.total = total
            if total >= 20:
                self.bar = click.progressbar(length=total, file=sys.stderr,
                                             label="Angebote" if self.de else "Quotes")
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _pairs_arg(values, what: str, what_en: str) -> list:
    """``("OFFICE=10", "SERVER=1")`` -> ``[("OFFICE", "10"), ("SERVER", "1")]``."""
    pairs = []
    for text in values:
        name, sep, value = text.rpartition("=")
        if not sep or not name.strip():
            raise BadValue(what, text, "Form: NAME=WERT, z. B. OFFICE=10.", what_en=what_en,
                           hint_en="Form: NAME=VALUE, e.g. OFFICE=10.")
        pairs.append((name.strip(), value.strip()))
    return pairs


@cli.command("validate")
@click.argument("lines", nargs=-1, metavar="ARTIKEL=MENGE...")
@click.option("--owned", multiple=True, metavar="ARTIKEL=MENGE", help="Vorhandene Lizenz / owned licence.")
@click.option("--option", "options", multiple=True, metavar="NAME=WERT",
              help="Option, z. B. release=6, ldap=nein / option, e.g. release=6.")
@_lang_option
@reports_errors
def validate_command(lines, owned, options, lang):
    """Check a configuration; exit status 1 when there is an ERROR.

    Example: xphone-pricing validate OFFICE=10 SERVER=1 --owned SMART_SERVER=1 --option release=6
    """
    lang = lang or default_language()
    findings = rules.validate(_pairs_arg(lines, "Artikel", "article"), _pairs_arg(owned, "Bestand", "owned"),
                              _pairs_arg(options, "Option", "option"), get_catalog())
    if not findings:
        click.echo("OK  " + ("Keine Beanstandungen." if lang == "de" else "Nothing to report."))
    for f in findings:
        click.echo(f"{f.severity:<8}{f.rule_id}  {f.message(lang)}")
    if any(f.severity == "ERROR" for f in findings):
        sys.exit(1)


@cli.command("configure")
@click.argument("needs", nargs=-1, metavar="BEDARF=WERT...")
@click.option("--owned", multiple=True, metavar="ARTIKEL=MENGE", help="Vorhandene Lizenz / owned licence.")
@click.option("--option", "options", multiple=True, metavar="NAME=WERT",
              help="Option, z. B. release=6, Restlaufzeit=8 / option, e.g. release=6.")
@click.option("--up2date", "years", default=None, metavar="JAHRE", help="Up2Date-Laufzeit 1-5 / Up2Date term 1-5.")
@click.option("--orders", "orders", default=None, type=click.Path(dir_okay=False),
              help="Auftragsliste für 'xphone-pricing quotes' schreiben / write an orders sheet.")
@click.option("--customer", default=None, help="Kunde in der Auftragsliste / customer in the orders sheet.")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_lang_option
@reports_errors
def configure_command(needs, owned, options, years, orders, customer, force, lang):
    """The cheapest valid licence set for what a customer needs.

    Example: xphone-pricing configure users=30 voicemail=10 voicemail_in_mobile_app=ja tapi=12 ldap=ja
    directory_sources=2 --up2date 3
    """
    lang = lang or default_language()
    de = lang == "de"
    if orders and not force and Path(orders).exists():
        raise OutputError(f"{orders} gibt es schon; zum Überschreiben --force angeben.",
                          detail_en=f"{orders} exists; give --force to overwrite it.")
    option_pairs = _pairs_arg(options, "Option", "option") + ([("up2date_years", years)] if years else [])
    cat = get_catalog()
    result = configure(_pairs_arg(needs, "Bedarf", "need"), _pairs_arg(owned, "Bestand", "owned"), option_pairs,
                       cat)
    if not result.ok:
        raise RuleViolation(result.problem("de"), detail_en=result.problem("en"))
    shown = ", ".join(f"{k} = {v}" for k, v in result.needs.items()) or "–"
    example = ("  (BEISPIELPREISE)" if de else "  (EXAMPLE PRICES)") if cat.is_example else ""
    click.echo(("Vorschlag für " if de else "Proposal for ") + shown + example)
    for p in result.priced:
        click.echo(f"{p.article.number:<15}{p.quantity:>6}  {p.article.name(lang):<52}"
                   f"{format_eur(p.unit_price, lang):>13}{format_eur(p.value, lang):>14}")
    click.echo(f"{'':<23}{'Summe' if de else 'Total':<65}{format_eur(result.total, lang):>14}")
    if result.alternatives or result.unavailable:
        click.echo("Alternativen:" if de else "Alternatives:")
    for alt in result.alternatives:
        what = ", ".join(f"{q} × {c}" for c, q in alt.lines)
        click.echo(f"  {alt.system or '–'}: {format_eur(alt.total, lang)} ({what})")
    for label_de, label_en, finding in result.unavailable:
        click.echo(f"  {label_de if de else label_en}: {'nicht möglich' if de else 'not possible'} – "
                   f"{finding.message(lang)}")
    for f in result.findings:
        click.echo(f"{f.severity:<8}{f.rule_id}  {f.message(lang)}")
    if orders:
        path = write_orders(orders, "KONFIG-1" if de else "CONFIG-1", customer or ("Kunde" if de else "Customer"),
                            result.lines, _pairs_arg(owned, "Bestand", "owned"),
                            {**result.options, "up2date_term_years": result.running_term}, lang=lang, force=force,
                            catalog=cat)
        click.echo(("Auftragsliste: " if de else "Orders sheet: ") + str(path))


def _example_note(lang: str) -> str:
    return "   (BEISPIELPREIS)" if lang == "de" else "   (EXAMPLE PRICE)"


def main():  # console script entry point
    cli(prog_name="xphone-pricing")


if __name__ == "__main__":  # pragma: no cover
    main()
