"""Command line: ``xphone-pricing``.

Each command parses its arguments, makes one call into the core and turns the
core's errors into ``Error: ...`` (``Fehler: ...``) on stderr with exit status 1.
Number arguments are read the way a user of ``--lang`` writes them (German by
default: ``xphone-pricing up2date 10.000 3`` is ten thousand); an argument the
other convention reads differently gets a ``Hinweis: ...`` / ``Note: ...`` line on stderr.
``--lang`` and ``--catalog`` may be given before or after the command
(``xphone-pricing --lang en quotes ...``, ``xphone-pricing quotes ... --catalog X``);
a mistake in the command line itself is shown in the user's language too.
"""
from __future__ import annotations

import difflib
import functools
import re
import shutil
import signal
import sys
import threading
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from . import price_list, pricing, rules
from .batch.orders import VALID_DAYS, write_orders
from .batch.renewals import run_renewals
from .batch.run import run_batch
from .batch.texts import counted
from .calculator import build_calculator, refresh_article_list
from .catalog import get_catalog, load_catalog, using_catalog
from .catalog.text import workbook_as_text
from .catalog.validity import default_date
from .configure import configure
from .errors import LANGUAGES, BadValue, OutputError, RuleViolation, XPhoneError, default_language, in_language
from .excel_run import write_run_module
from .i18n import Shown, Text, Wording, section, text
from .list_changes import diff_lists
from .lite.build import build_lite
from .money import format_eur, format_percent
from .resources import shipped_catalog
from .resources import template as shipped_template
from .values import DATE, format_number, noting_readings, to_date
from .xlsx.save import atomic_write, output_failure, refuse_to_overwrite_an_input

# --------------------------------------------------------------------------- usage errors in the user's language

_USAGE = {"lang": None}  # the language of usage errors, from --lang on the command line or XPHONE_LANG


def _usage_lang() -> str:
    return _USAGE["lang"] or default_language()


def _lang_in(args) -> str | None:
    """The value of ``--lang`` in a raw argument list (before parsing), if any."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1] if args[i + 1] in LANGUAGES else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in LANGUAGES else None
    return None


class _Usage(click.UsageError):
    """A usage error the project words itself (a catalog text), not click's English text."""

    def __init__(self, said: Text, ctx=None):
        super().__init__(said("en"), ctx=ctx)
        self.said = said


def _option_param(ctx, name: str):
    """The option of ``ctx``'s command that ``name`` (``--out``) names, or None."""
    command = ctx.command if ctx is not None else None
    return next((p for p in getattr(command, "params", ()) if isinstance(p, click.Option) and name in p.opts), None)


def _usage_error(exc: click.ClickException) -> Text:
    """A click usage error worded from what went wrong (the exception's class and the parameter it names), never
    from click's English message."""
    if isinstance(exc, _Usage):
        return exc.said
    if isinstance(exc, click.NoSuchOption):
        return Text("cli.usage.no_such_option", option=exc.option_name, hint=_did_you_mean(exc.possibilities or ()))
    if isinstance(exc, click.BadOptionUsage):
        param = _option_param(getattr(exc, "ctx", None), exc.option_name)
        if param is not None and param.is_flag:
            return Text("cli.usage.flag_with_value", option=exc.option_name)
        return Text("cli.usage.option_needs_value", option=exc.option_name)
    if isinstance(exc, click.MissingParameter):
        missing: str | Sequence[str] = exc.param_hint or (exc.param.human_readable_name if exc.param else "")
        shown = missing if isinstance(missing, str) else " / ".join(missing)
        shown = shown if shown.startswith("'") else f"'{shown}'"
        kind = "argument" if isinstance(exc.param, click.Argument) else "option"
        return Text(f"cli.usage.missing_{kind}", name=shown)
    if isinstance(exc, click.BadParameter):
        bad: str | Sequence[str] = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param and exc.ctx
                                                      else "")
        return Text("cli.usage.bad_value", name=bad if isinstance(bad, str) else " / ".join(bad),
                    message=getattr(exc, "said", None) or exc.message)
    return Text("cli.usage.other")


def _did_you_mean(names) -> Wording:
    """`` Meinten Sie x oder y?`` for the closest names, else nothing."""
    names = sorted(names)
    if not names:
        return ""
    return Text("cli.usage.did_you_mean", names=Shown(lambda lang: text("error.word_or", lang).join(names)))


_NEGATIVE = re.compile(r"^-\d[\d.,]*$")  # a negative number given as an argument


class _Command(click.Command):
    """A command that words extra arguments itself (see :class:`_Usage`)."""

    def parse_args(self, ctx, args):
        ctx.allow_extra_args = True  # collected, then refused below in the user's language
        if any(_NEGATIVE.match(a) for a in args):  # -5 is a value (a negative total), not an option
            ctx.ignore_unknown_options = True
        rest = super().parse_args(ctx, args)
        if ctx.args and not ctx.resilient_parsing:
            extra = " ".join(ctx.args)
            raise _Usage(Text("cli.usage.extra_arguments", extra=extra), ctx=ctx)
        return rest


class _Group(click.Group):
    """A command group that words a missing or unknown command itself (see :class:`_Usage`)."""

    command_class = _Command

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invoke_without_command", True)  # so that a missing command reaches _no_command
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        if (self.get_command(ctx, name) is None and not ctx.resilient_parsing
                and not name.startswith("-")):
            close = difflib.get_close_matches(name, list(self.commands), n=2)
            raise _Usage(Text("cli.usage.no_such_command", name=name, hint=_did_you_mean(close)), ctx=ctx)
        return super().resolve_command(ctx, args)


_Group.group_class = _Group


def _no_command(ctx) -> None:
    """Refuse a group called without a command, naming the commands it has."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        names = ", ".join(sorted(ctx.command.commands))
        raise _Usage(Text("cli.usage.missing_command", names=names), ctx=ctx)


def _show_usage_error(exc: click.ClickException, lang: str) -> None:
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage().replace("Usage:", text("cli.usage.usage", lang))
        usage = usage.replace("[OPTIONS]", text("cli.usage.options", lang))
        usage = usage.replace("COMMAND [ARGS]...", text("cli.usage.command_args", lang))
        click.echo(usage, err=True)
        click.echo(text("cli.usage.help", lang, command=ctx.command_path) + "\n", err=True)
    click.echo(f"{text('cli.error', lang)}: {_usage_error(exc)(lang)}", err=True)


class _Localized(click.ParamType):
    """A click parameter type whose messages follow the user's language."""

    def __init__(self, inner: click.ParamType):
        self.inner = inner
        self.name = inner.name

    def get_metavar(self, param, ctx=None):
        try:
            return self.inner.get_metavar(param, ctx)
        except TypeError:  # click before 8.2 takes no ctx
            return self.inner.get_metavar(param)

    def convert(self, value, param, ctx):
        try:
            return self.inner.convert(value, param, ctx)
        except click.BadParameter as exc:
            exc.said = self.said(value)
            raise

    def said(self, value) -> Text:
        """What is wrong with ``value`` for this parameter, as a catalog text."""
        inner = self.inner
        if isinstance(inner, click.Choice):
            return Text("cli.usage.not_a_choice", value=repr(value), choices=", ".join(map(str, inner.choices)))
        if isinstance(inner, click.IntRange):
            try:
                int(value)
            except (TypeError, ValueError):
                return Text("cli.usage.not_whole", value=repr(value))
            return Text("cli.usage.out_of_range", value=value, min=inner.min, max=inner.max)
        if isinstance(inner, click.Path):
            path = Path(str(value))
            if inner.exists and not path.exists():
                return Text("cli.usage.no_such_path", value=value)
            if not inner.dir_okay and path.is_dir():
                return Text("cli.usage.a_folder", value=value)
            if not inner.file_okay and path.is_file():
                return Text("cli.usage.a_file", value=value)
        return Text("cli.usage.invalid", value=repr(value))


class _Cli(_Group):
    """The command group; shows usage errors in the user's language (``--lang`` or ``XPHONE_LANG``)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        arglist = list(sys.argv[1:] if args is None else args)
        _USAGE["lang"] = _lang_in(arglist)
        if not standalone_mode:
            return super().main(arglist, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(arglist, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            _show_usage_error(exc, _usage_lang())
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo(text("cli.aborted", _usage_lang()), err=True)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


# --------------------------------------------------------------------------- options every command takes

_LANG_HELP = "Sprache der Meldungen / message language (default: $XPHONE_LANG or de)."
_CATALOG_HELP = "Katalog-Arbeitsmappe / catalog workbook (default: $XPHONE_CATALOG or the shipped catalog.xlsx)."


def _common_options(func):
    """``--lang`` and ``--catalog`` on a command (they work on the group, before the command, as well)."""
    func = click.option("--lang", type=_Localized(click.Choice(list(LANGUAGES))), default=None,
                        help=_LANG_HELP)(func)
    return click.option("--catalog", "catalog_path", default=None, metavar="PATH", help=_CATALOG_HELP)(func)


_template_option = click.option(
    "--template", default=None, type=_Localized(click.Path(dir_okay=False, exists=True)),
    help="Angebotsvorlage (default: workbook_templates/quote_de.xlsx or quote_en.xlsx) / quote template.")


def _batch_options(out: str):
    """The options of a quote batch (``quotes``, ``renewals``): template, output folder, jobs, PDF, strict, force
    and resume, in this order in the help."""
    options = [
        _template_option,
        click.option("--out", default=out, show_default=True, type=_Localized(click.Path(file_okay=False)),
                     help="Ordner für die Angebote / output folder."),
        click.option("--jobs", default=1, show_default=True, type=_Localized(click.IntRange(1, 64)),
                     help="Parallele Prozesse, auch für --pdf / worker processes, also for --pdf."),
        click.option("--pdf", is_flag=True, help="Auch PDF über LibreOffice / also write PDFs through LibreOffice."),
        click.option("--strict", is_flag=True, help="Bei Prüf-Fehlern keinen Entwurf schreiben, Exit-Status 1 / "
                                                    "write no draft for ERROR findings, exit 1."),
        click.option("--force", is_flag=True, help="Alle Angebote neu schreiben, Veraltetes entfernen / write every "
                                                   "quote again, remove what no longer belongs."),
        click.option("--resume", is_flag=True, help="Fortsetzen: nur fehlende und geänderte Angebote schreiben / "
                                                    "continue: write only missing and changed quotes."),
    ]

    def apply(func):
        for option in reversed(options):  # click lists the options in the order they decorate
            func = option(func)
        return func

    return apply


def _date_option(name="--date", help_text=None):
    return click.option(name, "date", default=None, metavar="DATUM",
                        help=help_text or "Preisliste dieses Tages / the price list valid on this day "
                                          "(2027-01-01 or 01.01.2027; default: today).")


def _day(text, what: Wording = DATE):
    """A date given on the command line, or None."""
    return None if text is None or not str(text).strip() else to_date(text, what)


def _signed_eur(amount, lang: str) -> str:
    return ("+" if amount > 0 else "") + format_eur(amount, lang) if amount is not None else "–"


def _signed_percent(percent, lang: str) -> str:
    if percent is None:
        return "–"
    return ("+" if percent > 0 else "") + format_percent(percent / 100, lang)


def reports_errors(func):
    """Run a command in its language; turn the project's errors into one line on stderr and exit status 1.

    ``--lang`` and ``--catalog`` come from the command or, when not given there, from the group.
    Number text in the arguments is read with the convention of the command's language; each argument
    that the other convention reads differently is named in a note on stderr.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context(silent=True)
        group = (ctx.find_root().obj if ctx is not None else None) or {}
        catalog_path = kwargs.pop("catalog_path", None) or group.get("catalog")
        if "lang" in kwargs or group.get("lang"):
            kwargs["lang"] = kwargs.get("lang") or group.get("lang")
        lang = kwargs.get("lang") or default_language()
        readings: list = []
        try:
            with using_catalog(catalog_path, "--catalog"), in_language(lang), noting_readings() as readings:
                return func(*args, **kwargs)
        except XPhoneError as exc:
            click.echo(f"{text('cli.error', lang)}: {exc.message(lang)}", err=True)
            sys.exit(1)
        finally:
            for reading in readings:
                click.echo(f"{text('cli.note', lang)}: {reading.message(lang)}", err=True)

    return wrapper


@click.group(cls=_Cli)
@click.version_option(package_name="xphone-pricing")
@click.option("--catalog", "catalog_path", default=None, metavar="PATH", help=_CATALOG_HELP)
@click.option("--lang", type=_Localized(click.Choice(list(LANGUAGES))), default=None, help=_LANG_HELP)
@click.pass_context
def cli(ctx, catalog_path, lang):
    """Preise, Prüfungen und Angebote für XPhone Connect 8 / pricing, checks and quotes for XPhone Connect 8."""
    ctx.obj = {"catalog": catalog_path, "lang": lang}
    _no_command(ctx)


@cli.command()
@click.argument("article")
@click.argument("quantity", default="1")
@_date_option()
@_common_options
@reports_errors
def price(article, quantity, date, lang):
    """List price × quantity of an article.  Example: xphone-pricing price OFFICE 10 --date 2027-01-01"""
    lang = lang or default_language()
    day = _day(date)
    cat = pricing.priced_catalog(None, day)
    art = cat.article(article, day)
    total = pricing.line_price(art, quantity, cat)
    click.echo(f"{art.number}  {art.name(lang)}  × {quantity}  =  {format_eur(total, lang)}  · "
               f"{cat.price_list.label(lang)}" + (_example_note(lang) if cat.is_example else ""))


@cli.command()
@click.argument("total")
@click.argument("years")
@_date_option()
@_common_options
@reports_errors
def up2date(total, years, date, lang):
    """Up2Date price of a licence total.  Example: xphone-pricing up2date 10000 3"""
    lang = lang or default_language()
    day = _day(date)
    term = pricing.parse_years(years)
    label = text("cli.up2date_one_year" if term == 1 else "cli.up2date_years", lang, years=term)
    _percentage(label, pricing.up2date_total_rate(years, date=day), total,
                pricing.up2date_price(total, years, date=day), lang)


def _percentage(label: str, rate, total, amount, lang: str) -> None:
    """One percentage price as the up2date and upgrade commands print it: ``label: rate × total = amount``."""
    click.echo(f"{label}: {format_percent(rate, lang)} × {total} = {format_eur(amount, lang)}")


@cli.command()
@click.argument("total")
@click.argument("release")
@_date_option()
@_common_options
@reports_errors
def upgrade(total, release, date, lang):
    """Migration / one-time upgrade price.  Example: xphone-pricing upgrade 10000 R6"""
    lang = lang or default_language()
    day = _day(date)
    _percentage(f"Upgrade R{pricing.parse_release(release)}", pricing.upgrade_rate(release, date=day), total,
                pricing.upgrade_price(total, release, date=day), lang)


@cli.group()
@click.pass_context
def catalog(ctx):
    """Show or check the catalog workbook."""
    _no_command(ctx)


@catalog.command("check")
@click.argument("path", required=False)
@_common_options
@reports_errors
def catalog_check(path, lang):
    """Load and check a catalog; prints a summary or the first problem found."""
    lang = lang or default_language()
    cat = load_catalog(path)
    lists = ", ".join(f"{pl.label(lang)} {pl.status}" for pl in cat.price_lists)
    if cat.is_example:
        lists += f" ({text('cli.example_prices', lang)})"
    click.echo(text("cli.catalog_ok", lang, path=cat.path, articles=len(cat.articles), terms=len(cat.up2date),
                    upgrades=len(cat.upgrades), rules=len(cat.rules), count=len(cat.price_lists), lists=lists))


@catalog.command("diff")
@click.option("--from", "from_date", default=None, metavar="DATUM",
              help="Preisliste dieses Tages / the list valid on this day (default: today).")
@click.option("--to", "to_date", default=None, metavar="DATUM",
              help="Vergleichsliste dieses Tages / compare with the list valid on this day (default: the next list).")
@click.option("--system", multiple=True, metavar="ARTIKEL=MENGE",
              help="Referenzsystem statt SERVER 1, OFFICE 50, OFFICE_PLUS 10, VOICEMAIL 20, IP_CHANNEL 2, TAPI 20 / "
                   "reference system.")
@_common_options
@reports_errors
def catalog_diff(from_date, to_date, system, lang):
    """What changed between two price lists, and what it does to a reference system.

    Example: xphone-pricing catalog diff --from 2026-06-01 --to 2027-01-01
    """
    lang = lang or default_language()
    w = section("cli.diff", lang)
    d = diff_lists(None, _day(from_date, Text("label.option_from")), _day(to_date, Text("label.option_to")),
                   _pairs_arg(system, Text("label.reference_system")) or None)
    click.echo(f"{w['lists']}: {d.old.label(lang)} → {d.new.label(lang)}")
    for kind in ("new", "withdrawn", "repriced"):
        changes = [c for c in d.changes if c.kind == kind]
        click.echo(f"{w[kind]}: " + ("" if changes else w["none"]))
        for c in changes:
            old = format_eur(c.old, lang) if c.old is not None else "–"
            new = format_eur(c.new, lang) if c.new is not None else "–"
            click.echo(f"  {c.article.number:<15}{c.article.code:<22}{old:>13} → {new:>13}"
                       f"{_signed_eur(c.change, lang):>14}{_signed_percent(c.percent, lang):>10}")
    shown = ", ".join(f"{q} × {code}" for code, q in d.system)
    click.echo(f"{w['system']}: {shown}")
    rows = [(w["value"], d.old_value, d.new_value, None if d.old_value is None or d.new_value is None
             else d.new_value - d.old_value, d.value_percent)]
    rows += [(f"{a.label(lang)} ({format_percent(a.rate, lang)})", a.old, a.new, a.change, a.percent)
             for a in d.amounts]
    for label, old, new, change, percent in rows:
        click.echo(f"  {label:<34}{format_eur(old, lang) if old is not None else '–':>13} → "
                   f"{format_eur(new, lang) if new is not None else '–':>13}{_signed_eur(change, lang):>14}"
                   f"{_signed_percent(percent, lang):>10}")


@catalog.command("show")
@_date_option()
@click.option("--out", "out", default=None, type=_Localized(click.Path(dir_okay=False)),
              help="Als Arbeitsmappe schreiben / write it as a workbook (e.g. Preisliste.xlsx).")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_common_options
@reports_errors
def catalog_show(date, out, force, lang):
    """The price list valid on a date as a table: article number, code, name, list price, what it includes.

    Example: xphone-pricing catalog show --date 2027-01-01 --out Preisliste-2027.xlsx
    """
    lang = lang or default_language()
    day = _day(date)
    if out is None:
        click.echo(price_list.as_text(day, lang=lang), nl=False)
        return
    target = Path(out)
    if target.exists() and not force:
        raise OutputError(Text("quote.exists", name=target))
    refuse_to_overwrite_an_input(target, [(get_catalog().path, Text("label.catalog"))])
    click.echo(price_list.write_workbook(target, day, lang=lang))


@catalog.command("text")
@click.argument("path", required=False)
@_common_options
@reports_errors
def catalog_text(path, lang=None):
    """Print every sheet of a workbook as text (a git textconv driver for catalog.xlsx; default: the catalog in
    use, --catalog or XPHONE_CATALOG)."""
    click.echo(workbook_as_text(path), nl=False)


@cli.command()
@click.option("--out", "out", default=None, type=_Localized(click.Path(dir_okay=False)),
              help="Ziel, .xlsm (default: calculator.xlsm, englisch calculator_en.xlsm) / target file, .xlsm.")
@click.option("--update", "update", default=None, type=_Localized(click.Path(dir_okay=False, exists=True)),
              help="Nur die Artikelliste eines Rechners in Gebrauch erneuern / only refresh the article list "
                   "of a calculator in use (inputs and imported functions are kept).")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_template_option
@_common_options
@reports_errors
def calculator(out, update, force, template, lang):
    """Build the calculator workbook from the catalog.  Example: xphone-pricing calculator --out Rechner.xlsm

    A calculator in use is never overwritten without --force (its inputs and imported functions would be
    lost); --update refreshes only its article list. Its sheet Angebot is the quote template's page (--template)
    with the quote of the example configuration; the module written next to it lets xlwings' Run main write the
    quote of the configuration on screen.
    """
    lang = lang or default_language()
    if update:
        if out:
            raise _Usage(Text("cli.out_and_update"))
        path = refresh_article_list(update)
    else:
        target = Path(out or text("cli.calculator_file", lang))
        _check_calculator_target(target, force)
        path = build_calculator(target, lang=lang, template=template, quote_today=default_date())
        click.echo(f"{path}")
        path = write_run_module(path, force=force)  # xlwings' Run main writes the quote sheet
    click.echo(f"{path}")


def _check_calculator_target(target: Path, force: bool) -> None:
    """A calculator is an .xlsm (the imported functions are a VBA module); one in use is kept without --force."""
    refuse_to_overwrite_an_input(target, [(get_catalog().path, Text("label.catalog"))])
    if target.suffix.lower() != ".xlsm":
        raise OutputError(Text("cli.calculator_needs_extension_xlsm_as", name=target.name, stem=target.stem))
    if target.exists() and not force:
        raise OutputError(Text("cli.exists_already_use_force_overwrite", target=target))


@cli.command()
@click.option("--out", "out", default=None, type=_Localized(click.Path(dir_okay=False)),
              help="Ziel (default: Rechner-Lite.xlsx, englisch Calculator-Lite.xlsx) / target file.")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_template_option
@_common_options
@reports_errors
def lite(out, force, template, lang):
    """Build the calculator for xlwings Lite, with the functions and the price list inside.

    Example: xphone-pricing lite --out Rechner-Lite.xlsx
    """
    lang = lang or default_language()
    click.echo(f"{build_lite(out, lang=lang, force=force, template=template, quote_today=default_date())}")


@cli.command()
@click.argument("orders", nargs=-1, required=True, type=_Localized(click.Path(dir_okay=False)))
@_batch_options("quotes")
@click.option("--vat", default=None, help="MwSt-Satz, z. B. 19 / VAT rate, e.g. 19 (default: catalog).")
@click.option("--valid-days", default=VALID_DAYS, show_default=True, type=_Localized(click.IntRange(1, 3650)),
              help="Gültigkeit ohne Spalte 'Gültig bis': Tage ab Angebotsdatum / validity in days from the quote "
                   "date where 'Valid until' is blank.")
@click.option("--price-date", "price_date", default=None, metavar="DATUM",
              help="Alle Angebote mit der Preisliste dieses Tages / price every quote with the list valid on this "
                   "day (default: each quote's Datum).")
@_common_options
@reports_errors
def quotes(orders, template, out, jobs, pdf, strict, force, resume, vat, valid_days, price_date, lang):
    """One quote workbook per quote of an orders sheet (or one per saved calculator), plus a summary.

    A rerun into the same folder leaves existing quotes alone; --resume writes the missing and changed
    ones (after Ctrl-C, or after an edit of the orders sheet), --force writes everything again.

    Example: xphone-pricing quotes workbook_templates/example_orders.xlsx --out quotes --resume
    """
    lang = lang or default_language()
    if force and resume:
        raise _Usage(Text("cli.force_and_resume"))
    day = _day(price_date, Text("label.price_date_2"))
    bar = _Progress(text("quote.progress", lang))
    try:
        result = run_batch(orders[0] if len(orders) == 1 else list(orders), out, template=template, jobs=jobs,
                           pdf=pdf, force=force, resume=resume, lang=lang,
                           vat=vat, progress=bar, strict=strict, valid_days=valid_days, price_date=day)
    finally:
        bar.close()
    _report_batch(result, lang, "cli.quotes_done")


def _report_batch(result, lang: str, done: str, **fields) -> None:
    """What a batch says at its end: its notes, errors and checks on stderr, then its one line (the catalog text
    ``done`` with ``fields``); exit 130 when interrupted, 1 when a quote or an output failed."""
    if result.interrupted and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # asked to stop already: a further Ctrl-C cuts off no message
    for label, lines in (("cli.note", result.notes), ("cli.error", result.messages), ("cli.check", result.checks)):
        for said in lines:
            click.echo(f"{text(label, lang)}: {said}", err=True)
    summary = result.summary if result.summary is not None else text("cli.not_written", lang)
    if result.interrupted:
        click.echo(text("cli.interrupted", lang, done=result.done, total=result.total, summary=summary), err=True)
        sys.exit(130)
    totals = section("totals", lang)
    left = "".join(text(key, lang, n=n) for key, n in (("cli.unchanged", result.unchanged),
                                                       ("cli.kept", result.kept)) if n)
    line = text(done, lang, written=result.written, total=result.total, failed=result.failed,
                pdfs=text("cli.pdfs", lang, n=len(result.pdfs)) if result.pdfs else "",
                drafts=counted(result.drafts, *totals["drafts"]), why=totals["why"][bool(result.draft_lists)],
                left=left, summary=summary, seconds=format_number(Decimal(f"{result.seconds:.1f}"), lang), **fields)
    click.echo(line)
    if result.failed or result.output_errors:
        sys.exit(1)


@cli.command("renewals")
@click.argument("base", type=_Localized(click.Path(dir_okay=False)))
@click.option("--from", "from_date", required=True, metavar="DATUM",
              help="Erstes Up2Date-Ende / first Up2Date end of the window (2027-01-01 or 01.01.2027).")
@click.option("--to", "to_date", required=True, metavar="DATUM",
              help="Letztes Up2Date-Ende / last Up2Date end of the window.")
@click.option("--date", "day", default=None, metavar="DATUM",
              help="Angebotsdatum, wählt die Preisliste / quote date, picks the price list (default: today).")
@click.option("--term", default=None, type=_Localized(click.IntRange(1, 99)),
              help="Laufzeit in Jahren statt der laufenden / term in years instead of the running one.")
@click.option("--terms", default=None, metavar="1,3,5",
              help="Mehrere Laufzeiten, weitere als Alternativpositionen / several terms, the others as "
                   "alternative positions.")
@_batch_options("renewals")
@_common_options
@reports_errors
def renewals_command(base, from_date, to_date, day, term, terms, template, out, jobs, pdf, strict, force, resume,
                     lang):
    """One Up2Date renewal quote for every system of an installed base whose term ends in a window.

    A running term with at most 12 months left gets the renewal of its term; a lapsed one the OneTime
    Upgrade with a new term; one with more than 12 months left no quote (the summary says from when).

    Example: xphone-pricing renewals workbook_templates/example_installed_base.xlsx --from 2027-01-01
    --to 2027-12-31 --date 2026-12-01
    """
    lang = lang or default_language()
    if force and resume:
        raise _Usage(Text("cli.force_and_resume"))
    offered = [] if terms is None else [t.strip() for t in str(terms).split(",") if t.strip()]
    bar = _Progress(text("quote.progress", lang))
    try:
        result, plan = run_renewals(base, out, date_from=_day(from_date, Text("label.window_from")),
                                    date_to=_day(to_date, Text("label.window_to")), day=_day(day), term=term,
                                    terms=offered,
                                    template=template, jobs=jobs, pdf=pdf, force=force, resume=resume, lang=lang,
                                    progress=bar, strict=strict)
    finally:
        bar.close()
    early = sum(1 for s in plan.systems if s.renewal is not None and s.renewal.kind == "too_early")
    _report_batch(result, lang, "cli.renewals_done", systems=len(plan.systems), early=early)


INIT_FILES = ("example_orders.xlsx", "example_installed_base.xlsx", "quote_de.xlsx", "quote_en.xlsx",
              "calculator.xlsm", "calculator_en.xlsm", "calculator_lite.xlsx")  # besides catalog.xlsx


@cli.command("init")
@click.argument("folder", type=_Localized(click.Path(file_okay=False)))
@click.option("--force", is_flag=True, help="Vorhandene Dateien überschreiben / overwrite existing files.")
@_common_options
@reports_errors
def init_command(folder, force, lang):
    """Write what a new user starts with into FOLDER: the example orders and installed base, a copy of the
    catalog to edit, the quote templates and the calculators (desktop and Lite).

    Example: xphone-pricing init Angebote
    """
    lang = lang or default_language()
    target = Path(folder)
    files = {"catalog.xlsx": shipped_catalog(), **{name: shipped_template(name) for name in INIT_FILES}}
    there = [name for name in (*files, "example_orders.py", "calculator.py", "calculator_en.py")
             if (target / name).exists()]
    if there and not force:
        raise OutputError(Text("cli.init.exists", folder=target, names=", ".join(there)))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_failure(exc, target, "write") from None
    for name, source in files.items():
        atomic_write(target / name, lambda tmp, source=source: shutil.copyfile(source, tmp))
        click.echo(target / name)
    for workbook in ("example_orders.xlsx", "calculator.xlsm", "calculator_en.xlsm"):  # xlwings' Run main
        click.echo(write_run_module(target / workbook, force=True))
    template = target / next(n for n in (f"quote_{lang}.xlsx", "quote_de.xlsx") if n in files)
    click.echo(text("cli.init.next", lang, command=f"xphone-pricing --catalog {target / 'catalog.xlsx'} quotes "
                                                  f"{target / 'example_orders.xlsx'} --template {template} "
                                                  f"--out {target / 'quotes'}"))


class _Progress:
    """A progress bar on stderr for batches of 20 quotes or more (click hides it when stderr is no terminal)."""

    def __init__(self, label: str):
        self.label = label
        self.bar: Any = None
        self.total: int | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.total is None:
            self.total = total
            if total >= 20:
                self.bar = click.progressbar(length=total, file=sys.stderr,
                                             label=self.label)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _pairs_arg(values, what: Wording) -> list:
    """``("OFFICE=10", "SERVER=1")`` -> ``[("OFFICE", "10"), ("SERVER", "1")]``."""
    pairs = []
    for given in values:
        name, sep, value = given.rpartition("=")
        if not sep or not name.strip():
            raise BadValue(what, given, Text("hint.form_name_value_e_g"))
        pairs.append((name.strip(), value.strip()))
    return pairs


@cli.command("validate")
@click.argument("lines", nargs=-1, metavar="ARTIKEL=MENGE...")
@click.option("--owned", multiple=True, metavar="ARTIKEL=MENGE", help="Vorhandene Lizenz / owned licence.")
@click.option("--option", "options", multiple=True, metavar="NAME=WERT",
              help="Option, z. B. release=6, ldap=nein / option, e.g. release=6.")
@_common_options
@reports_errors
def validate_command(lines, owned, options, lang):
    """Check a configuration; exit status 1 when there is an ERROR.

    Example: xphone-pricing validate OFFICE=10 SERVER=1 --owned SMART_SERVER=1 --option release=6
    """
    lang = lang or default_language()
    findings = rules.validate(_pairs_arg(lines, Text("label.article")), _pairs_arg(owned, Text("label.owned")),
                              _pairs_arg(options, Text("label.option")), get_catalog())
    if not findings:
        click.echo("OK  " + text("checks.nothing_to_report", lang))
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
@click.option("--orders", "orders", default=None, type=_Localized(click.Path(dir_okay=False)),
              help="Auftragsliste für 'xphone-pricing quotes' schreiben / write an orders sheet.")
@click.option("--customer", default=None, help="Kunde in der Auftragsliste / customer in the orders sheet.")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_date_option()
@_common_options
@reports_errors
def configure_command(needs, owned, options, years, orders, customer, force, date, lang):
    """The cheapest valid licence set for what a customer needs.

    Example: xphone-pricing configure users=30 voicemail=10 voicemail_in_mobile_app=ja tapi=12 ldap=ja
    directory_sources=2 --up2date 3
    """
    lang = lang or default_language()
    if orders and not force and Path(orders).exists():
        raise OutputError(Text("cli.exists_give_force_overwrite_it", orders=orders))
    option_pairs = _pairs_arg(options, Text("label.option")) + ([("up2date_years", years)] if years else [])
    cat = pricing.priced_catalog(None, _day(date))
    result = configure(_pairs_arg(needs, Text("label.need")), _pairs_arg(owned, Text("label.owned")), option_pairs,
                       cat)
    if not result.ok:
        raise RuleViolation(Shown(result.problem))
    w = section("cli.configure", lang)
    shown = ", ".join(f"{k} = {v}" for k, v in result.needs.items()) or "–"
    example = f"  ({text('cli.example_prices', lang)})" if cat.is_example else ""
    click.echo(f"{w['proposal']} {shown}{example}")
    for p in result.priced:
        click.echo(f"{p.article.number:<15}{p.quantity:>6}  {p.article.name(lang):<52}"
                   f"{format_eur(p.unit_price, lang):>13}{format_eur(p.value, lang):>14}")
    click.echo(f"{'':<23}{w['total']:<65}{format_eur(result.total, lang):>14}")
    if result.alternatives or result.unavailable:
        click.echo(w["alternatives"])
    for alt in result.alternatives:
        what = ", ".join(f"{q} × {c}" for c, q in alt.lines)
        click.echo(f"  {alt.system or '–'}: {format_eur(alt.total, lang)} ({what})")
    for label, finding in result.unavailable:
        click.echo(f"  {label.message(lang)}: {w['not_possible']} – {finding.message(lang)}")
    for f in result.findings:
        click.echo(f"{f.severity:<8}{f.rule_id}  {f.message(lang)}")
    if orders:
        path = write_orders(orders, w["quote_id"], customer or w["customer"],
                            result.lines, _pairs_arg(owned, Text("label.owned")),
                            {**result.options, "up2date_term_years": result.running_term}, lang=lang, force=force,
                            catalog=cat, date=_day(date))
        click.echo(f"{w['orders']}: {path}")
        click.echo(f"{w['run_module']}: {write_run_module(path, force=force)}")  # xlwings' Run main


@cli.command("reprice")
@click.argument("orders", type=click.Path(dir_okay=False))
@click.option("--from", "from_date", default=None, metavar="DATUM",
              help="Erste Preisliste: die dieses Tages / first list: the one valid on this day (default: today).")
@click.option("--to", "to_date", default=None, metavar="DATUM",
              help="Zweite Preisliste / second list: the one valid on this day (default: the next list).")
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False),
              help="Ziel-Arbeitsmappe / target workbook (default: Preisvergleich.xlsx).")
@click.option("--force", is_flag=True, help="Vorhandene Datei überschreiben / overwrite an existing file.")
@_common_options
@reports_errors
def reprice_command(orders, from_date, to_date, out, force, lang):
    """Every quote of an orders sheet under two price lists, in one workbook.

    Example: xphone-pricing reprice workbook_templates/example_orders.xlsx --from 2026-06-01 --to 2027-01-01
    --out Preisvergleich.xlsx
    """
    from .orders_repriced import reprice  # pandas: loaded only for this command

    lang = lang or default_language()
    r = reprice(orders, _day(from_date, Text("label.option_from")), _day(to_date, Text("label.option_to")), out,
                force=force,
                lang=lang)
    priced = r.in_total  # as the summary of a batch: drafts left out, and named below
    old, new = sum(r.quotes.loc[priced, "old"]), sum(r.quotes.loc[priced, "new"])
    click.echo(text("cli.reprice_done", lang, old_list=r.old.label(lang), new_list=r.new.label(lang),
                    priced=int(priced.sum()), total=len(r.quotes), old=format_eur(old, lang),
                    new=format_eur(new, lang), change=_signed_eur(new - old, lang), path=r.path))
    if r.drafts:
        click.echo(r.left_out(lang))
    for quote, note in zip(r.quotes["quote"], r.quotes["note"]):
        if note:
            click.echo(f"{text('cli.note', lang)}: {text('quote.prefix', lang)} {quote}: {note}", err=True)


def _example_note(lang: str) -> str:
    return f"   ({text('cli.example_price', lang)})"


def main():  # console script entry point
    cli.main(prog_name="xphone-pricing")


if __name__ == "__main__":  # pragma: no cover
    main()
