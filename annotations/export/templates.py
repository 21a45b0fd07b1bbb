"""Jinja2 templates for the Markdown export: the built-ins and the user's own.

Templates run in Jinja2's sandbox (a template cannot reach Python internals or files), with
autoescaping off (this is Markdown, not HTML: the filters below escape user text for
CommonMark instead) and strict undefined variables, so a misspelt name is an error rather
than an empty string. Every failure becomes one `ExportError` line naming the template and,
where Jinja2 knows it, the line.

A template is named by a built-in's name (``default``, ``callouts``, ``highlight``), by the
name of a file ``NAME.md.j2`` in the user's templates folder, or by a path to a file.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from annotations.export.document import ExportError
from annotations.export.markdown_text import (
    block_quote,
    escape_inline,
    escape_line,
    escape_one_line,
    link_destination,
    one_line,
    paragraphs,
    yaml_string,
)

#: Where the built-in templates live (package data).
BUILTIN_FOLDER = Path(__file__).parent / "builtin_templates"
#: The file name ending of a template.
TEMPLATE_SUFFIX = ".md.j2"

# Errors a template can cause while rendering, beside Jinja2's own (a filter given the
# wrong kind of value, a division by zero...): reported as one line, never a traceback.
_RENDER_ERRORS = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    KeyError,
    IndexError,
    AttributeError,
    ArithmeticError,
    RecursionError,
)


def _hashtags(tags: Sequence[str]) -> str:
    return " ".join("#" + tag for tag in tags)


FILTERS: Mapping[str, Callable[..., Any]] = {
    "md": escape_one_line,  # user text on one line, as plain Markdown text
    "md_line": escape_line,  # one line of user text, kept as is otherwise
    "md_inline": escape_inline,  # only inline syntax escaped
    "quote": block_quote,  # user text as a block quote (optional first line: a callout head)
    "paragraphs": paragraphs,  # a note's paragraphs, line breaks kept
    "oneline": one_line,
    "yaml": yaml_string,  # a double-quoted YAML scalar
    "link": link_destination,  # a URL as a link destination
    "hashtags": _hashtags,  # ["a", "b/c"] -> "#a #b/c" (tags are already valid)
}


def builtin_names() -> list[str]:
    """The names of the built-in templates."""
    return sorted(
        path.name.removesuffix(TEMPLATE_SUFFIX)
        for path in BUILTIN_FOLDER.glob("*" + TEMPLATE_SUFFIX)
        if not path.name.startswith("_")
    )


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]) -> SandboxedEnvironment:
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([*folders, BUILTIN_FOLDER]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(FILTERS)
    return environment


def _locate(spec: str, user_folder: Path | None) -> tuple[Path, str]:
    """The folder to load from and the file name in it, for a template's name or path."""
    name = spec.strip()
    if not name:
        raise ExportError("no template given: name a built-in template or a file")
    if name in builtin_names():
        return BUILTIN_FOLDER, name + TEMPLATE_SUFFIX
    if user_folder is not None and "/" not in name and "\\" not in name:
        candidate = user_folder / (name + TEMPLATE_SUFFIX)
        if candidate.is_file():
            return user_folder, candidate.name
    path = Path(name).expanduser()
    if path.is_file():
        return path.resolve().parent, path.name
    if path.exists():
        raise ExportError(f"template '{spec}' is not a file")
    choices = ", ".join(builtin_names())
    raise ExportError(
        f"no template named '{spec}' (built-in: {choices}; or give a template file's path)"
    )


def load_template(spec: str, user_folder: Path | None = None) -> jinja2.Template:
    """The template `spec` names (see the module docstring).

    Raises:
        ExportError: There is no such template, it cannot be read, or it does not parse.
    """
    folder, file_name = _locate(spec, user_folder)
    folders = (folder,) if user_folder is None else (folder, user_folder)
    try:
        return _environment(folders).get_template(file_name)
    except jinja2.TemplateSyntaxError as error:
        raise ExportError(f"template '{spec}' line {error.lineno}: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise ExportError(f"template '{spec}': no template '{error.name}' to include") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"cannot read template '{spec}': {error}") from None


def render(template: jinja2.Template, spec: str, context: Mapping[str, Any]) -> str:
    """Render `template` with `context`, every failure one `ExportError` line."""
    try:
        return template.render(context)
    except _RENDER_ERRORS as error:
        line = _template_line(error, template)
        where = f" line {line}" if line else ""
        message = getattr(error, "message", None) or str(error) or type(error).__name__
        raise ExportError(f"template '{spec}'{where}: {message}") from None


def _template_line(error: BaseException, template: jinja2.Template) -> int | None:
    """The template line being rendered when `error` was raised, as Jinja2 rewrote it."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.lineno
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if template.filename and frame.filename == template.filename:
            line = frame.lineno
    return line
