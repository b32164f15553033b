"""Turn pydantic errors in a runbook file into issues that name the step by its id."""

from pydantic import ValidationError

from etc_console.config.errors import ConfigIssue


def _step_id(data, index: int) -> str | None:
    try:
        step_id = data["step"][index].get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return step_id if isinstance(step_id, str) else None


def format_runbook_location(loc: tuple, data) -> str:
    """Render a location such as ("step", 3, "check", "probe") as step 'scope'.check.probe.

    A step without a readable id is named by its position, counted from 1 (step #4).
    """
    parts: list[str] = []
    items = list(loc)
    if len(items) >= 2 and items[0] in ("step", "contact") and isinstance(items[1], int):
        step_id = _step_id(data, items[1]) if items[0] == "step" else None
        parts.append(f"{items[0]} '{step_id}'" if step_id else f"{items[0]} #{items[1] + 1}")
        items = items[2:]
    for item in items:
        if isinstance(item, int):
            parts.append(f" #{item + 1}")
        elif not str(item).startswith("function-"):
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(top level)"


def _value_text(value) -> str:
    if isinstance(value, (dict, list)):
        return ""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _problem_and_expected(item: dict) -> tuple[str, str]:
    kind = item["type"]
    if kind == "missing":
        return "a required key is missing", "the key set (see docs/runbooks.md)"
    if kind == "extra_forbidden":
        return "unknown key", "only the keys documented in docs/runbooks.md (check the spelling)"
    message = item["msg"].removeprefix("Value error, ")
    return "invalid value", (message[0].lower() + message[1:]) if message else "a valid value"


def issues_from_runbook_validation(error: ValidationError, file_name: str, data) -> list[ConfigIssue]:
    """Return one issue per pydantic error, located by step id and field."""
    issues = []
    for item in error.errors(include_url=False):
        location = format_runbook_location(tuple(item["loc"]), data)
        value = "" if item["type"] == "missing" else _value_text(item.get("input"))
        problem, expected = _problem_and_expected(item)
        issues.append(ConfigIssue(file_name, location, value, problem, expected))
    return issues
