"""The mkdocs configuration of a report's site: reportkit's packaged base, with a meeting folder's own
mkdocs.yml merged over it.

mkdocs' own `INHERIT:` does not serve here. The folder's file would have to name the installed
package's path, which differs between machines and venvs; and mkdocs resolves the inherited file's
relative paths (the theme's custom_dir, the hook) against the inheriting file, so they would point
into the meeting folder. Instead the base's paths are made absolute, then the folder's file is merged
over it: mappings key by key, plugins and Markdown extensions by name, extra CSS, scripts and hooks
added after the base's. Anything else the folder names replaces the base's value; a `nav:` lists the
folder's own pages, which the hook (site_hooks.py) puts after the report's.

The site must stay strict (every broken link fails the build) and offline (nothing fetched from the
internet); a folder may turn either off, and gets a warning that names its file.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.package_data import site_base_config_path

FOLDER_CONFIG = "mkdocs.yml"
# Lists of names, each with optional settings (`- toc: {permalink: true}`): merged by name.
NAMED_LISTS = ("plugins", "markdown_extensions")
# Lists of files: the folder's are added to the base's, whose UN look and hook must stay.
ADDED_LISTS = ("extra_css", "extra_javascript", "hooks")
OFFLINE_PLUGINS = ("offline", "material/offline")


class SiteConfigError(Exception):
    """A meeting folder's mkdocs.yml cannot be read; carries the diagnostic to show."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.render())
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class SiteConfig:
    """What to give mkdocs' load_config: the merged options and the file relative paths start from."""

    options: dict[str, Any]
    config_file_path: Path  # the folder's mkdocs.yml when there is one, else the packaged base
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def strict(self) -> bool:
        return self.options.get("strict", True) is not False


def site_config(meeting_dir: Path | None) -> SiteConfig:
    """The configuration of the site of the meeting in `meeting_dir` (None: the base alone).

    Raises SiteConfigError when the folder's mkdocs.yml is not readable YAML or not a mapping.
    """
    base_path = site_base_config_path()
    base = _absolute_base_paths(_load_yaml(base_path), base_path.parent)
    folder_file = meeting_dir / FOLDER_CONFIG if meeting_dir is not None else None
    if folder_file is None or not folder_file.is_file():
        return SiteConfig(base, base_path)
    folder = _load_yaml(folder_file)
    if "site_name" in folder:  # the theme prints the site name unescaped (reportkit/site_hooks.py)
        folder["site_name"] = html.escape(str(folder["site_name"]), quote=False)
    merged = merge_config(base, folder)
    return SiteConfig(merged, folder_file.absolute(), tuple(_weakened(merged, folder_file)))


def merge_config(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` over `base`; neither is changed."""
    merged = dict(base)
    for key, value in override.items():
        previous = merged.get(key)
        if key in NAMED_LISTS and isinstance(value, list | dict) and isinstance(previous, list | dict):
            merged[key] = _merge_named(previous, value)
        elif key in ADDED_LISTS and isinstance(value, list) and isinstance(previous, list):
            merged[key] = [*previous, *(item for item in value if item not in previous)]
        elif isinstance(value, dict) and isinstance(previous, dict):
            merged[key] = merge_config(previous, value)
        else:
            merged[key] = value
    return merged


def _named(entries: list[Any] | dict[str, Any]) -> dict[str, Any]:
    """`[search, {toc: {permalink: true}}]` (or mkdocs' mapping form) as {name: settings or None}."""
    if isinstance(entries, dict):
        return dict(entries)
    named: dict[str, Any] = {}
    for entry in entries:
        if isinstance(entry, dict):
            named.update(entry)
        else:
            named[str(entry)] = None
    return named


def _merge_named(base: list[Any] | dict[str, Any], override: list[Any] | dict[str, Any]) -> list[Any]:
    merged = _named(base)
    for name, settings in _named(override).items():
        previous = merged.get(name)
        if isinstance(settings, dict) and isinstance(previous, dict):
            merged[name] = merge_config(previous, settings)
        elif settings is not None or name not in merged:
            merged[name] = settings
    return [name if settings is None else {name: settings} for name, settings in merged.items()]


def _absolute_base_paths(base: dict[str, Any], base_dir: Path) -> dict[str, Any]:
    """The base's custom_dir and hooks as absolute paths into the installed package."""
    theme = dict(base.get("theme") or {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str(base_dir / theme["custom_dir"])
    hooks = [str((base_dir / hook).resolve()) for hook in base.get("hooks", [])]
    return {**base, "theme": theme, "hooks": hooks}


def _load_yaml(path: Path) -> dict[str, Any]:
    # mkdocs' own loader: a folder's file may use what mkdocs allows (!ENV, INHERIT, !!python/name).
    import yaml
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as stream:
            loaded = yaml_load(stream)
    except (ConfigurationError, OSError) as error:
        cause = error.__cause__ or error.__context__
        mark = getattr(cause, "problem_mark", None)
        where = (
            SourceLoc(path.as_posix(), mark.line + 1, mark.column + 1) if mark else SourceLoc(path.as_posix())
        )
        problem = getattr(cause, "problem", None) if isinstance(cause, yaml.YAMLError) else None
        raise SiteConfigError(
            Diagnostic(
                "site-config",
                f"cannot read the site's configuration: {problem or error}",
                where,
                "fix the YAML, or remove the file to use reportkit's own configuration",
            )
        ) from error
    if not isinstance(loaded, dict):
        raise SiteConfigError(
            Diagnostic(
                "site-config",
                "the site's configuration must be a mapping of mkdocs settings",
                SourceLoc(path.as_posix()),
                "write settings as `key: value` lines, e.g. `site_name: My meeting`",
            )
        )
    return loaded


def _weakened(merged: dict[str, Any], folder_file: Path) -> Iterable[Diagnostic]:
    """A warning for each way the folder's file turns off strictness or offline use."""
    places = _key_places(folder_file)

    def warning(code: str, key: str, message: str, hint: str) -> Diagnostic:
        line, col = places.get(key, (1, 1))
        where = SourceLoc(folder_file.as_posix(), line, col)
        return Diagnostic(code, message, where, hint, Severity.WARNING)

    if merged.get("strict") is False:
        yield warning(
            "site-not-strict",
            "strict",
            "the site is built without strict mode: broken links and anchors no longer fail the build",
            "remove `strict: false` so that a broken cross-reference stops the build",
        )
    plugins = _named(merged.get("plugins") or [])
    offline = next((plugins[name] for name in OFFLINE_PLUGINS if name in plugins), False)
    if offline is False or (isinstance(offline, dict) and offline.get("enabled") is False):
        yield warning(
            "site-not-offline",
            "plugins",
            "the offline plugin is off: search will not work when the site is opened from disk",
            "keep the `offline` plugin enabled",
        )
    font = (merged.get("theme") or {}).get("font")
    if font not in (False, None):
        yield warning(
            "site-not-offline",
            "theme",
            "the theme loads web fonts from Google Fonts: the site no longer works offline",
            "remove `font:` from the theme, or set `font: false`",
        )
    for key in ("extra_css", "extra_javascript"):
        remote = [
            str(item) for item in merged.get(key) or [] if str(item).startswith(("http:", "https:", "//"))
        ]
        if remote:
            yield warning(
                "site-not-offline",
                key,
                f"{key} loads {', '.join(remote)} from the internet: the site no longer works offline",
                "copy the file into the site instead",
            )


def _key_places(path: Path) -> dict[str, tuple[int, int]]:
    """The line and column of each top-level key of a YAML file, for warnings to point at."""
    import yaml

    try:
        node = yaml.compose(path.read_text("utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): (key.start_mark.line + 1, key.start_mark.column + 1) for key, _ in node.value}
