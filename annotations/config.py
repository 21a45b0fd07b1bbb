"""newsdesk's config file: TOML in the platform's config folder, read with `tomllib`.

::

    # ~/.config/newsdesk/config.toml (or $NEWSDESK_CONFIG)
    [export]
    folder = "~/Notes/news"        # where E, auto-export and `export --all` write
    format = "markdown"            # what E writes: markdown, json or readwise
    template = "callouts"          # a built-in template, a name in templates/, or a path
    highlight_template = "highlight"   # what y copies a highlight with (Markdown)
    copy_format = "markdown"       # what y copies: markdown, json or readwise
    sections = ["highlights", "quotations"]
    auto = true                    # export when leaving an article (another article, quit)

    [app]
    theme = "gruvbox"              # a Textual theme

    [keys]                         # Textual keymap: binding id = "key" or "key1,key2"
    export_markdown = "ctrl+e"

A config file that cannot be read leaves every default in place; a bad value leaves that one
default. Either way `Config.problems` says what, one line each, and nothing raises.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from annotations.export.choices import DEFAULT_HIGHLIGHT_TEMPLATE, DEFAULT_TEMPLATE, SECTIONS

if TYPE_CHECKING:
    # Imported where used: the config is read before the first frame, exports come later.
    from annotations.export.document import ExportOptions

CONFIG_ENV = "NEWSDESK_CONFIG"
CONFIG_NAME = "config.toml"
TEMPLATES_FOLDER = "templates"
#: The largest config file read (a config is a few hundred bytes).
MAX_CONFIG_BYTES = 256 * 1024
DEFAULT_FORMAT = "markdown"

_KNOWN: dict[str, frozenset[str]] = {
    "export": frozenset(
        {"folder", "format", "template", "highlight_template", "copy_format", "sections", "auto"}
    ),
    "app": frozenset({"theme"}),
    "keys": frozenset(),  # any binding id
}


def config_folder() -> Path:
    """The platform's config folder for newsdesk (``~/.config/newsdesk`` on Linux)."""
    return platformdirs.user_config_path("newsdesk", appauthor=False)


def config_path() -> Path:
    """$NEWSDESK_CONFIG, else ``config.toml`` in `config_folder`."""
    configured = os.environ.get(CONFIG_ENV)
    if configured:
        return Path(configured).expanduser()
    return config_folder() / CONFIG_NAME


@dataclass(frozen=True)
class Config:
    """What the config file sets, defaults for the rest, and what was wrong with it."""

    path: Path
    found: bool = False
    export_folder: Path | None = None
    export_format: str = DEFAULT_FORMAT
    template: str = DEFAULT_TEMPLATE
    highlight_template: str = DEFAULT_HIGHLIGHT_TEMPLATE
    copy_format: str = DEFAULT_FORMAT
    sections: frozenset[str] = frozenset(SECTIONS)
    auto_export: bool = False
    theme: str | None = None
    keys: Mapping[str, str] = field(default_factory=dict)
    #: The settings the file set, as ``section.key`` names.
    set_names: frozenset[str] = frozenset()
    #: One line for each thing that could not be used.
    problems: tuple[str, ...] = ()

    @property
    def template_folder(self) -> Path:
        """Where templates named by a bare name live: ``templates/`` beside the file."""
        return self.path.parent / TEMPLATES_FOLDER

    def export_options(
        self, *, template: str | None = None, sections: frozenset[str] | None = None
    ) -> ExportOptions:
        """Export options from the config, with choices made on the command line first."""
        from annotations.export.document import ExportOptions

        return ExportOptions(
            template=template or self.template,
            highlight_template=self.highlight_template,
            sections=sections if sections is not None else self.sections,
            template_folder=self.template_folder,
        )

    def shown_values(self) -> list[tuple[str, str, bool]]:
        """Every setting as (``section.key``, value, set in the file), for `newsdesk config`."""
        rows = [
            ("export.folder", str(self.export_folder) if self.export_folder else "", "folder"),
            ("export.format", self.export_format, "format"),
            ("export.template", self.template, "template"),
            ("export.highlight_template", self.highlight_template, "highlight_template"),
            ("export.copy_format", self.copy_format, "copy_format"),
            ("export.sections", ", ".join(s for s in SECTIONS if s in self.sections), "sections"),
            ("export.auto", "true" if self.auto_export else "false", "auto"),
        ]
        result = [(name, value, f"export.{key}" in self.set_names) for name, value, key in rows]
        result.append(("app.theme", self.theme or "", "app.theme" in self.set_names))
        result.extend((f"keys.{key}", value, True) for key, value in sorted(self.keys.items()))
        return result


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def load_config(path: Path | None = None) -> Config:
    """Read the config file (`config_path` by default); never raises.

    A missing file is no problem (defaults). A file that cannot be read or parsed gives one
    problem and every default; a bad value gives one problem and that value's default.
    """
    where = path or config_path()
    try:
        with where.open("rb") as stream:
            raw = stream.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return Config(where)
    except IsADirectoryError:
        return _unusable(where, f"config '{where}' is a folder")
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        return _unusable(where, f"cannot read config '{where}': {reason}")
    if len(raw) > MAX_CONFIG_BYTES:
        return _unusable(where, f"config '{where}' is over {MAX_CONFIG_BYTES // 1024} KB")
    import tomllib  # only when there is a file: ~3 ms of the app's start-up otherwise

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return _unusable(where, f"config '{where}' is not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        return _unusable(where, f"config '{where}': {_one_line(str(error))}")
    return _from_tables(where, data)


def _unusable(where: Path, problem: str) -> Config:
    """A config file that is there but cannot be used at all: every default."""
    return Config(where, found=True, problems=(_one_line(problem) + "; defaults used",))


def _from_tables(where: Path, data: dict[str, Any]) -> Config:
    problems: list[str] = []
    values: dict[str, Any] = {}
    set_names: set[str] = set()

    def problem(name: str, message: str) -> None:
        problems.append(f"config '{where}': {name} {message}; its default is used")

    for section, table in data.items():
        if section not in _KNOWN:
            problem(section, f"is not a setting (known: {', '.join(_KNOWN)})")
            continue
        if not isinstance(table, dict):
            problem(section, "should be a table, like [export]")
            continue
        for key, value in table.items():
            name = f"{section}.{key}"
            if section == "keys":
                if isinstance(value, str) and value.strip():
                    values.setdefault("keys", {})[key] = value.strip()
                    set_names.add(name)
                else:
                    problem(name, 'should be a key name such as "ctrl+e"')
                continue
            if key not in _KNOWN[section]:
                known = ", ".join(sorted(_KNOWN[section]))
                problem(name, f"is not a setting (known in [{section}]: {known})")
                continue
            try:
                values[name] = _value(name, value)
            except ValueError as error:
                problem(name, str(error))
                continue
            set_names.add(name)
    return Config(
        path=where,
        found=True,
        export_folder=values.get("export.folder"),
        export_format=values.get("export.format", DEFAULT_FORMAT),
        template=values.get("export.template", DEFAULT_TEMPLATE),
        highlight_template=values.get("export.highlight_template", DEFAULT_HIGHLIGHT_TEMPLATE),
        copy_format=values.get("export.copy_format", DEFAULT_FORMAT),
        sections=values.get("export.sections", frozenset(SECTIONS)),
        auto_export=values.get("export.auto", False),
        theme=values.get("app.theme"),
        keys=values.get("keys", {}),
        set_names=frozenset(set_names),
        problems=tuple(_one_line(p) for p in problems),
    )


def _value(name: str, value: Any) -> Any:
    """A setting's value checked and converted; ValueError says what is wrong."""
    if name == "export.auto":
        if not isinstance(value, bool):
            raise ValueError("should be true or false")
        return value
    if name == "export.sections":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValueError(f"should be a list of section names ({', '.join(SECTIONS)})")
        from annotations.export.document import ExportError, parse_sections

        try:
            return parse_sections(value)
        except ExportError as error:
            raise ValueError(f"is wrong: {error}") from None
    if not isinstance(value, str) or not value.strip():
        raise ValueError("should be a non-empty string")
    if name == "export.folder":
        return Path(value.strip()).expanduser()
    if name in ("export.format", "export.copy_format"):
        from annotations.export.registry import format_names

        if value.strip() not in format_names():
            raise ValueError(f"should be one of {', '.join(format_names())}")
    return value.strip()
