"""Read a site file and turn every problem into a ConfigIssue that names its place."""

import logging
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from etc_console.config.errors import ConfigError, ConfigIssue
from etc_console.config.model import FORBIDDEN_SECRET_KEYS, SiteConfig, probe_kinds

log = logging.getLogger(__name__)

# Tags that pydantic adds to a location when it picks a member of a discriminated union.
_UNION_TAGS = set(probe_kinds())


def load_site(path: str | Path) -> SiteConfig:
    """Load and validate a site file; raise ConfigError naming every problem found."""
    path = Path(path)
    log.info("loading site file %s", path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([ConfigIssue(str(path), "", "", "the file does not exist", "the path of a site file")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError([ConfigIssue(str(path), "", "", f"the file cannot be read ({error})", "a readable UTF-8 TOML file")]) from None
    return parse_site(text, str(path))


def parse_site(text: str, file_name: str = "<site>") -> SiteConfig:
    """Validate the text of a site file; relative paths in it are taken from its folder."""
    data = parse_toml(text, file_name)
    secrets = find_inline_secrets(data, text, file_name)
    if secrets:
        raise ConfigError(secrets)
    try:
        config = SiteConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(issues_from_validation(error, file_name, text)) from None
    return config.model_copy(update={"source": Path(file_name)})


def parse_toml(text: str, file_name: str) -> dict[str, Any]:
    """Parse TOML; a syntax error becomes a ConfigIssue with its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        location = ""
        if "(at line" in message:
            message, _, where = message.partition(" (at ")
            location = where.rstrip(")")
        raise ConfigError([ConfigIssue(file_name, location, "", f"invalid TOML: {message}", "valid TOML syntax")]) from None


def find_inline_secrets(data: Any, text: str, file_name: str, path: str = "") -> list[ConfigIssue]:
    """Return an issue for every key that would keep a secret in the file.

    The issue names the key and its line but never the value.
    """
    issues = []
    if isinstance(data, dict):
        for key, value in data.items():
            key_path = f"{path}.{key}" if path else str(key)
            if str(key).lower() in FORBIDDEN_SECRET_KEYS:
                line = _line_of_key(text, str(key))
                where = f"line {line}, {key_path}" if line else key_path
                issues.append(ConfigIssue(file_name, where, "", "a secret is written in the file", 'the secret stored in the OS keyring and referenced by credential = { service = "etc-console", username = "..." }'))
            else:
                issues.extend(find_inline_secrets(value, text, file_name, key_path))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            issues.extend(find_inline_secrets(value, text, file_name, f"{path}[{index}]"))
    return issues


def _line_of_key(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(key) and "=" in line:
            return number
    return None


def format_location(loc: tuple) -> str:
    """Render a pydantic location as a key path such as probe[3].json_rules[0].path."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif item in _UNION_TAGS or str(item).startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts)


def find_line(text: str, loc: tuple) -> int | None:
    """Return the line of the array-of-tables entry a location points into, if any."""
    if len(loc) < 2 or not isinstance(loc[1], int):
        return None
    header = f"[[{loc[0]}]]"
    count = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == header:
            count += 1
            if count == loc[1]:
                return number
    return None


def issues_from_validation(error: ValidationError, file_name: str, text: str) -> list[ConfigIssue]:
    issues = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = format_location(loc)
        line = find_line(text, loc)
        location = f"{path} (in the table that starts on line {line})" if line else path
        value = "" if item["type"] == "missing" else _short(item.get("input"))
        issues.append(ConfigIssue(file_name, location, value, _problem(item), _expected(item)))
    return issues


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""  # a whole table says nothing useful and could carry a secret
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _problem(item: dict) -> str:
    kind = item["type"]
    if kind == "missing":
        return "a required key is missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "unknown or missing probe kind"
    return "invalid value"


def _expected(item: dict) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        return "only the keys documented for this table (check the spelling)"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return "kind = one of " + ", ".join(f'"{tag}"' for tag in sorted(_UNION_TAGS))
    message = item["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message[0].lower() + message[1:] if message else "a valid value"
