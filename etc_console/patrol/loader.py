"""Load the shipped checklist templates and a site's additions and overrides.

Templates are read from resources/checklists/ first, then from each site folder in
order (`<data_dir>/checklists/`, then the folder the site file names). A site file
whose template id matches an earlier one replaces it. A file with `extends = "ID"` in
its `[template]` table is merged over template ID instead. Its `[template]` keys win,
and an `[[item]]` with an existing id changes only the fields it sets. A new id is
appended, and `remove_items` drops items by id.
"""

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.loader import parse_toml
from etc_console.patrol.checks import Problem, template_problems
from etc_console.patrol.template import Template
from etc_console.paths import resources_dir

log = logging.getLogger(__name__)

CHECKLIST_DIR = "checklists"


@dataclass
class ChecklistSet:
    """The templates that loaded, by id, and the problems of the files that did not."""

    templates: dict[str, Template] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    issues: list[ConfigIssue] = field(default_factory=list)

    def get(self, template_id: str) -> Template:
        """Return the template with this id; raise KeyError naming the known ids."""
        try:
            return self.templates[template_id]
        except KeyError:
            known = ", ".join(sorted(self.templates)) or "none"
            raise KeyError(f"no checklist template {template_id!r} (loaded: {known})") from None


def shipped_checklist_dir() -> Path:
    return resources_dir() / CHECKLIST_DIR


def site_checklist_dirs(data_dir: Path, site=None) -> list[Path]:
    """Return the site folders to search: `<data_dir>/checklists/`, then the site file's folder.

    `site` is a SiteConfig or None. Its `checklists` key is taken relative to the
    folder of the site file.
    """
    folders = [data_dir / CHECKLIST_DIR]
    folder = getattr(site, "checklists", None)
    if folder is not None:
        if not folder.is_absolute() and site.source is not None:
            folder = site.source.parent / folder
        folders.append(folder)
    return folders


def load_checklists(site_dirs: Sequence[Path] = (), subsystem_ids: set[str] | None = None) -> ChecklistSet:
    """Load every template; a file with problems is skipped and its issues collected.

    `subsystem_ids`, when given, is the set of catalog ids that items may name.
    """
    result = ChecklistSet()
    raw_by_id: dict[str, dict] = {}
    for folder in [shipped_checklist_dir(), *site_dirs]:
        for path in _template_files(folder):
            try:
                raw, template = _load_file(path, raw_by_id, subsystem_ids)
            except ConfigError as error:
                log.error("checklist template %s is invalid: %s", path, error)
                result.issues.extend(error.issues)
                continue
            if template.id in result.templates:
                log.info("checklist template %s from %s replaces the one from %s", template.id, path, result.sources[template.id])
            raw_by_id[template.id] = raw
            result.templates[template.id] = template
            result.sources[template.id] = path
    return result


def _template_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.toml"))


def read_template_file(path: Path, subsystem_ids: set[str] | None = None, bases: dict[str, dict] | None = None) -> Template:
    """Read and check one template file; raise ConfigError naming the file, item and field."""
    return _load_file(path, bases or {}, subsystem_ids)[1]


def _load_file(path: Path, bases: dict[str, dict], subsystem_ids: set[str] | None) -> tuple[dict, Template]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([ConfigIssue(str(path), "", "", f"the file cannot be read ({error})", "a readable UTF-8 TOML file")]) from None

    raw = parse_toml(text, str(path))
    raw = _apply_extends(raw, bases, str(path))
    try:
        template = Template.model_validate(raw)
    except ValidationError as error:
        raise ConfigError(_validation_issues(error, raw, str(path), text)) from None

    problems = template_problems(template, subsystem_ids)
    if problems:
        raise ConfigError([_problem_issue(problem, str(path), text) for problem in problems])
    return raw, template


def _apply_extends(raw: dict[str, Any], bases: dict[str, dict], file_name: str) -> dict[str, Any]:
    header = raw.get("template")
    if not isinstance(header, dict) or "extends" not in header:
        return raw
    base_id = header["extends"]
    base = bases.get(base_id)
    if base is None:
        known = ", ".join(sorted(bases)) or "none"
        raise ConfigError([ConfigIssue(file_name, "template.extends", repr(base_id), "no earlier template has this id", f"the id of a shipped or earlier template (loaded: {known})")])

    merged_header = {**base["template"], **{k: v for k, v in header.items() if k != "extends"}}
    items = [dict(item) for item in base.get("item", [])]
    index = {item.get("id"): position for position, item in enumerate(items)}
    for item in raw.get("item", []):
        position = index.get(item.get("id")) if isinstance(item, dict) else None
        if position is None:
            items.append(item)
        else:
            items[position] = {**items[position], **item}
    removed = set(raw.get("remove_items", []))
    unknown = removed - set(index)
    if unknown:
        raise ConfigError([ConfigIssue(file_name, "remove_items", ", ".join(sorted(unknown)), "the template extended has no item with this id", f"ids of items of {base_id}")])
    return {"template": merged_header, "item": [item for item in items if item.get("id") not in removed]}


def _item_line(text: str, item_id: str | None) -> int | None:
    if not item_id:
        return None
    pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(item_id)}[\"']\s*(#.*)?$")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _item_location(item_id: str | None, position: int | None, text: str, field_path: str) -> str:
    if item_id is None and position is None:
        return field_path
    line = _item_line(text, item_id)
    name = f'item "{item_id}"' if item_id else f"item[{position}]"
    where = f"{name} (line {line})" if line else name
    return f"{where}, field {field_path}" if field_path else where


def _validation_issues(error: ValidationError, raw: dict, file_name: str, text: str) -> list[ConfigIssue]:
    issues = []
    items = raw.get("item") if isinstance(raw.get("item"), list) else []
    for entry in error.errors(include_url=False):
        loc = tuple(entry["loc"])
        if len(loc) >= 2 and loc[0] == "item" and isinstance(loc[1], int):
            position = loc[1]
            item = items[position] if position < len(items) and isinstance(items[position], dict) else {}
            item_id = item.get("id") if isinstance(item.get("id"), str) else None
            location = _item_location(item_id, position, text, _dotted(loc[2:]))
        else:
            location = _dotted(loc)
        value = "" if entry["type"] == "missing" else _short(entry.get("input"))
        issues.append(ConfigIssue(file_name, location, value, _problem_text(entry), _expected_text(entry)))
    return issues


def _problem_issue(problem: Problem, file_name: str, text: str) -> ConfigIssue:
    if problem.item_id is None:
        location = problem.field
    else:
        location = _item_location(problem.item_id, None, text, problem.field)
    return ConfigIssue(file_name, location, problem.value, problem.problem, problem.expected)


def _dotted(loc: Iterable) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _problem_text(entry: dict) -> str:
    kind = entry["type"]
    if kind == "missing":
        return "a required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    return "invalid value"


def _expected_text(entry: dict) -> str:
    if entry["type"] == "extra_forbidden":
        return "only the fields documented in docs/checklists.md (check the spelling)"
    message = entry["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message[0].lower() + message[1:] if message else "a valid value"
