"""JSON-field rules of HTTP probes: look up a dotted path and compare its value."""

import json
from collections.abc import Sequence

from etc_console.config.model import JsonRule
from etc_console.probes.model import Finding, State, worst

FINDING_CODE = "json_rule"


class MissingField(LookupError):
    """Error for a dotted path that does not exist; the message names the missing part."""


def evaluate_json_rules(rules: Sequence[JsonRule], body: str, truncated: bool = False) -> list[Finding]:
    """Return one finding per rule, or a single finding when the body is not JSON.

    A failed rule has the state of its level (down or warning). A body that is not JSON
    fails at the most severe level of the rules.
    """
    try:
        document = json.loads(body)
    except ValueError as error:
        state = worst(_level_state(rule) for rule in rules)
        reason = "the body is larger than the read limit and was cut" if truncated else f"{error}"
        return [Finding("json_invalid", state, f"the body is not valid JSON ({reason})")]

    return [evaluate_rule(rule, document) for rule in rules]


def evaluate_rule(rule: JsonRule, document: object) -> Finding:
    """Return an OK finding when the field at rule.path meets every condition of the rule."""
    try:
        value = lookup(document, rule.path)
    except MissingField as error:
        return Finding(FINDING_CODE, _level_state(rule), str(error))

    problem = _first_problem(rule, value)
    if problem is None:
        return Finding(FINDING_CODE, State.OK, f"{rule.path} is {_show(value)}")
    return Finding(FINDING_CODE, _level_state(rule), f"{rule.path} is {_show(value)}, {problem}")


def lookup(document: object, path: str) -> object:
    """Return the value at a dotted path; digits index into lists ("items.0.status").

    Raise MissingField naming the first part of the path that does not exist.
    """
    current = document
    walked = []
    for part in path.split("."):
        walked.append(part)
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            where = ".".join(walked)
            raise MissingField(f"{where} is missing from the JSON body (rule on {path})")
    return current


def _first_problem(rule: JsonRule, value: object) -> str | None:
    if rule.equals is not None and not _same(value, rule.equals):
        return f"expected {_show(rule.equals)}"

    if rule.one_of is not None and not any(_same(value, option) for option in rule.one_of):
        return f"expected one of {', '.join(_show(option) for option in rule.one_of)}"

    if rule.min is None and rule.max is None:
        return None
    if not _is_number(value):
        return "expected a number"
    if rule.min is not None and value < rule.min:
        return f"below the minimum {rule.min:g}"
    if rule.max is not None and value > rule.max:
        return f"above the maximum {rule.max:g}"
    return None


def _same(value: object, expected: object) -> bool:
    # JSON true must not equal 1 (Python's True == 1), and 1 must not equal true.
    if isinstance(value, bool) or isinstance(expected, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    if _is_number(value) and _is_number(expected):
        return value == expected
    return type(value) is type(expected) and value == expected


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _level_state(rule: JsonRule) -> State:
    return State.WARNING if rule.level == "warning" else State.DOWN


def _show(value: object, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
