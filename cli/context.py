"""What the root command hands every subcommand: a typed context, not a dict.

Subcommands receive it with `@pass_cli`; services take what they need from it as arguments
and never read click's global context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from annotations.analysis.entities import Extractor, get_extractor
from annotations.analysis.entities.auto_choice import rules_instead_of_model
from annotations.article.model import Article
from annotations.config import Config, load_config
from annotations.library.store import LibraryStore
from annotations.settings import ExtractorChoice
from cli.messages import PROG, open_store

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class CliContext:
    """The options of the root command (`--library`, `--extractor`) and what follows from
    them: the library store and the config file, each read once, when first needed."""

    library: Path
    extractor_choice: ExtractorChoice = "auto"

    @cached_property
    def store(self) -> LibraryStore:
        """The library, opened (and its warnings printed) the first time it is needed."""
        return open_store(self.library)

    @cached_property
    def config(self) -> Config:
        """The config file's settings (its problems listed, never raised)."""
        return load_config()

    def extractor(self, *, rules: bool = False) -> Extractor:
        """The entity extractor chosen with --extractor, or the built-in rules with `rules`.

        Raises:
            ExtractorUnavailable: The spaCy pipeline asked for is not installed.
        """
        return get_extractor("rules" if rules else self.extractor_choice)

    def extractor_for(self, article: Article, *, rules: bool = False) -> Extractor:
        """`extractor`, except that "auto" leaves a text too long for a spaCy pipeline to
        finish in a few minutes to the built-in rules, saying so in one line on stderr.

        Raises:
            ExtractorUnavailable: The spaCy pipeline asked for is not installed.
        """
        extractor = self.extractor(rules=rules)
        backend = getattr(extractor, "backend", None)
        if rules or not rules_instead_of_model(self.extractor_choice, backend, len(article.text)):
            return extractor
        import click

        size = len(article.text.encode("utf-8", "surrogatepass")) / 1_000_000
        click.echo(
            f"{PROG}: {size:.1f} MB is too long for {extractor.name} to finish in a few "
            "minutes: using the built-in rules (--extractor spacy uses the model anyway)",
            err=True,
        )
        return get_extractor("rules")


def pass_cli(command: Callable[Concatenate[CliContext, P], R]) -> Callable[P, R]:
    """Hands a command the `CliContext` the root command made (click's pass decorator,
    imported only by the commands: `newsdesk FILE` opens without click)."""
    import click

    return click.make_pass_decorator(CliContext)(command)
