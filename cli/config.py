"""`newsdesk config`: where the config file is and what it sets; the export folder rule."""

from __future__ import annotations

import os

import click

from annotations.settings import EXPORT_ENV, export_folder
from cli.context import CliContext, pass_cli
from cli.support import PROG


def _shown(value: str) -> str:
    # Values come from a file the user wrote, but a terminal must never get control bytes.
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in value)


@click.command("config")
@pass_cli
def config_command(context: CliContext) -> None:
    """Show where the config file is and what it sets (defaults marked as such).

    Exit status 1 when the file has a problem; the problem is one line on stderr, and the
    defaults are what newsdesk uses instead.
    """
    config = context.config
    for problem in config.problems:
        click.echo(f"{PROG}: {_shown(problem)}", err=True)
    state = "" if config.found else " (not found: every setting is its default)"
    click.echo(f"config file: {_shown(str(config.path))}{state}")
    click.echo(f"templates folder: {_shown(str(config.template_folder))}")
    folder = export_folder(config)
    from_env = " (from $NEWSDESK_EXPORT_DIR)" if os.environ.get(EXPORT_ENV) else ""
    click.echo(f"export folder in use: {_shown(str(folder))}{from_env}")
    for name, value, is_set in config.shown_values():
        shown = _shown(value) if value else "(none)"
        click.echo(f"{name} = {shown}{'' if is_set else '  (default)'}")
    if config.problems:
        raise SystemExit(1)
