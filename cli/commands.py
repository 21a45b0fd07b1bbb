"""The `newsdesk` command line's commands (click), for everything but `newsdesk FILE`.

`newsdesk [SOURCE]` opens an article; subcommands (`list`, ...) sit beside it. A first
argument that is not a subcommand is taken as the SOURCE to open, so `newsdesk story.txt` and
`newsdesk open story.txt` are the same. Every failure is one line on stderr: exit status 1 for
bad input, 2 for a usage error. The entry point is `cli.main.main`, which opens a plain file
without importing this module (click and the commands' modules cost ~0.02 s of start-up).
"""

from __future__ import annotations

import difflib
import importlib
from pathlib import Path
from typing import Any, cast

import click

from annotations.analysis.entities.auto_choice import AUTO_SPACY_MAX_CHARS
from annotations.settings import (
    EXTRACTOR_CHOICES,
    EXTRACTOR_ENV,
    LIBRARY_ENV,
    ExtractorChoice,
    default_library,
)
from annotations.sources.load import SOURCE_FORMATS, SourceFormat, is_url, load_seed
from cli import main as entry  # the app is started there (`_run_app`), without click
from cli.context import CliContext, pass_cli
from cli.resume import article_to_resume
from cli.support import PROG, fail, load_article

#: Subcommands by name and where they live, imported only when run or listed (`--help`):
#: opening an article does not pay for the research and export modules (~0.15 s).
LAZY_COMMANDS = {
    "list": "cli.library:list_command",
    "export": "cli.transfer:export_command",
    "import": "cli.transfer:import_command",
    "analyze": "cli.analyze:analyze_command",
    "config": "cli.config:config_command",
    "search": "cli.research:search_command",
    "quotes": "cli.research:quotes_command",
    "entities": "cli.research:entities_command",
    "highlights": "cli.research:highlights_command",
}


class SourceOrCommandGroup(click.Group):
    """A group whose first argument is a subcommand's name or else a SOURCE for `open`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, name = LAZY_COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        first = args[0] if args else None
        names = self.list_commands(ctx)
        if first is not None and first not in names and not first.startswith("--"):
            self._refuse_a_typo(first, names)
            return "open", self.commands["open"], args
        return super().resolve_command(ctx, args)

    def _refuse_a_typo(self, word: str, names: list[str]) -> None:
        """A word that is no file, no URL and close to a command's name is a typo of it."""
        if word == "-" or is_url(word) or Path(word).expanduser().exists():
            return
        close = difflib.get_close_matches(word, [c for c in names if c != "open"], n=1)
        if close:
            raise click.UsageError(f"no command or file '{word}'; did you mean '{close[0]}'?")


def _version() -> str:
    # Imported here: importlib.metadata costs ~0.1 s at start-up, before the first frame.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(PROG)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: looked up only when asked for."""
    if value and not ctx.resilient_parsing:
        click.echo(f"{PROG} {_version()}")
        ctx.exit()


@click.group(
    cls=SourceOrCommandGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--library",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=LIBRARY_ENV,
    show_envvar=True,
    help="Folder where highlights and notes are kept [default: the user data folder].",
)
@click.option(
    "--extractor",
    type=click.Choice(EXTRACTOR_CHOICES),
    default="auto",
    envvar=EXTRACTOR_ENV,
    show_envvar=True,
    help="Entity extractor: the best installed spaCy pipeline (auto; `analyze` and `export` "
    f"give a text over {AUTO_SPACY_MAX_CHARS // 1_000_000} MB to the built-in rules, which "
    "finish in seconds, and say so), one "
    "of them (spacy, spacy-sm, spacy-md, spacy-lg, spacy-trf: always the model), or the "
    "built-in rules.",
)
@click.option("--sample", is_flag=True, help="Open the bundled sample article.")
@click.option(
    "--version",
    "-V",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(ctx: click.Context, library: Path | None, extractor: str, sample: bool) -> None:
    """Read and annotate news articles in the terminal.

    \b
    newsdesk                 reopen the article read last (the sample the first time)
    newsdesk --sample        open the bundled sample article
    newsdesk story.txt       open a text, Markdown or HTML file
    newsdesk https://...     open a web page (kept in the library, reopens offline)
    newsdesk -               read the article from standard input
    """
    context = CliContext(
        library=(library or default_library()).expanduser(),
        extractor_choice=cast(ExtractorChoice, extractor),  # one of EXTRACTOR_CHOICES
    )
    ctx.obj = context
    if ctx.invoked_subcommand is None:
        if sample:
            entry._run_app(load_seed(), context)
        else:
            entry._run_app(article_to_resume(context.store), context)


@cli.command("open")
@click.argument("source", required=False)
@click.option(
    "--format",
    "source_format",
    type=click.Choice(SOURCE_FORMATS),
    default="auto",
    help="Read SOURCE as this [default: by its name; by content for stdin, URLs and other names].",
)
@pass_cli
def open_command(context: CliContext, source: str | None, source_format: SourceFormat) -> None:
    """Open SOURCE in the reader: a .txt, .md or .html file, a URL, or - for stdin."""
    entry._run_app(load_article(source, lambda: context.store, fmt=source_format), context)


def run(args: list[str]) -> Any:
    """Run the click commands on `args`, turning click's failures into one line (the
    entry point, `cli.main.main`, turns newsdesk's own)."""
    try:
        return cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except click.UsageError as error:
        hint = f" (see '{PROG} --help')"
        fail(f"{error.format_message()}{hint}", 2)
    except click.ClickException as error:
        fail(error.format_message(), error.exit_code)
    except click.exceptions.Abort:
        fail("aborted", 130)
