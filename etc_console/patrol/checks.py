"""Rules of a template that span several fields, reported per item and field."""

from dataclasses import dataclass
from decimal import Decimal

from etc_console.patrol.template import (
    DEADLINE_PATTERN,
    SHARED_SUBSYSTEM,
    AnswerType,
    Item,
    Schedule,
    Template,
)


@dataclass(frozen=True)
class Problem:
    """One broken rule: the item id (None for the `[template]` table), the field and why."""

    item_id: str | None
    field: str
    value: str
    problem: str
    expected: str


def template_problems(template: Template, subsystem_ids: set[str] | None) -> list[Problem]:
    """Return every broken cross-field rule of the template and its items."""
    problems = _header_problems(template)
    seen: set[str] = set()
    for item in template.items:
        if item.id in seen:
            problems.append(Problem(item.id, "id", item.id, "two items have this id", "a unique id per item"))
        seen.add(item.id)
        problems += item_problems(item, subsystem_ids)
    if not template.items:
        problems.append(Problem(None, "item", "", "the template has no items", "at least one [[item]] table"))
    return problems


def _header_problems(template: Template) -> list[Problem]:
    info = template.template
    problems = []

    def add(field: str, value: object, problem: str, expected: str) -> None:
        problems.append(Problem(None, f"template.{field}", str(value), problem, expected))

    if not info.shifts:
        add("shifts", [], "no shift is listed", 'one or both of "day" and "night"')
    if len(set(info.shifts)) != len(info.shifts):
        add("shifts", [s.value for s in info.shifts], "a shift is listed twice", "each shift once")
    for shift, deadline in info.deadlines.items():
        if shift not in info.shifts:
            add(f"deadlines.{shift.value}", deadline, "the deadline names a shift the template does not have", "a deadline per listed shift")
        if not DEADLINE_PATTERN.match(deadline):
            add(f"deadlines.{shift.value}", deadline, "invalid deadline", '"HH:MM" on the patrol date, or "HH:MM+1" for the next day')

    required = {
        Schedule.DAILY: set(),
        Schedule.WEEKLY: {"due_weekday"},
        Schedule.MONTHLY: {"due_day"},
        Schedule.HALF_YEARLY: {"due_day", "due_months"},
    }[info.schedule]
    for name in ("due_weekday", "due_day", "due_months"):
        value = getattr(info, name)
        present = bool(value) if name == "due_months" else value is not None
        if name in required and not present:
            add(name, "", f"a {info.schedule.value} template needs {name}", f"{name} set for schedule = \"{info.schedule.value}\"")
        elif name not in required and present:
            add(name, value, f"{name} does not apply to schedule = \"{info.schedule.value}\"", "the key removed")
    return problems


def item_problems(item: Item, subsystem_ids: set[str] | None) -> list[Problem]:
    """Return the broken rules of one item; unknown subsystems only when ids are given."""
    problems: list[Problem] = []

    def add(field: str, value: object, problem: str, expected: str) -> None:
        problems.append(Problem(item.id, field, str(value), problem, expected))

    known = None if subsystem_ids is None else subsystem_ids | {SHARED_SUBSYSTEM}
    if known is not None and item.subsystem not in known:
        add("subsystem", item.subsystem, "unknown subsystem", f'a catalog subsystem id, or "{SHARED_SUBSYSTEM}" for shared infrastructure')

    problems += _number_problems(item)
    problems += _choice_problems(item)
    problems += _probe_problems(item, known)
    return problems


def _number_problems(item: Item) -> list[Problem]:
    problems = []
    if item.type != AnswerType.NUMBER:
        for name in ("warning", "abnormal"):
            if getattr(item, name) is not None:
                problems.append(Problem(item.id, name, "", f"a threshold is set on a {item.type.value} item", 'type = "number", or the threshold removed'))
        if item.unit:
            problems.append(Problem(item.id, "unit", item.unit, f"a unit is set on a {item.type.value} item", 'type = "number", or the unit removed'))
        return problems

    for name in ("warning", "abnormal"):
        bound = getattr(item, name)
        if bound is None:
            continue
        if bound.upper() is None and bound.lower() is None:
            problems.append(Problem(item.id, name, "", "the threshold sets no limit", f"{name} = {{ above = N }}, {{ at_least = N }}, {{ below = N }} or {{ at_most = N }}"))
        if bound.above is not None and bound.at_least is not None:
            problems.append(Problem(item.id, f"{name}.at_least", bound.at_least, "the threshold sets two upper limits", "either above or at_least"))
        if bound.below is not None and bound.at_most is not None:
            problems.append(Problem(item.id, f"{name}.at_most", bound.at_most, "the threshold sets two lower limits", "either below or at_most"))
    if item.warning and item.abnormal:
        problems += _order_problems(item)
    return problems


def _order_problems(item: Item) -> list[Problem]:
    """Report a warning limit that lies beyond the abnormal one, so it could never apply."""
    problems = []
    warning_upper, abnormal_upper = item.warning.upper(), item.abnormal.upper()
    if warning_upper and abnormal_upper and Decimal(warning_upper[0]) > Decimal(abnormal_upper[0]):
        problems.append(Problem(item.id, "warning", warning_upper[0], "the warning upper limit is above the abnormal one", f"a limit not above {abnormal_upper[0]}"))
    warning_lower, abnormal_lower = item.warning.lower(), item.abnormal.lower()
    if warning_lower and abnormal_lower and Decimal(warning_lower[0]) < Decimal(abnormal_lower[0]):
        problems.append(Problem(item.id, "warning", warning_lower[0], "the warning lower limit is below the abnormal one", f"a limit not below {abnormal_lower[0]}"))
    return problems


def _choice_problems(item: Item) -> list[Problem]:
    problems = []
    if item.type != AnswerType.CHOICE:
        for name in ("choices", "warning_choices", "abnormal_choices"):
            if getattr(item, name):
                problems.append(Problem(item.id, name, "", f"choices are set on a {item.type.value} item", 'type = "choice", or the key removed'))
        return problems

    if len(item.choices) < 2 or len(set(item.choices)) != len(item.choices):
        problems.append(Problem(item.id, "choices", ", ".join(item.choices), "a choice item needs at least two distinct choices", "a list of two or more different strings"))
    for name in ("warning_choices", "abnormal_choices"):
        for choice in getattr(item, name):
            if choice not in item.choices:
                problems.append(Problem(item.id, name, choice, "the entry is not one of the item's choices", "entries copied from choices"))
    if not item.abnormal_choices:
        problems.append(Problem(item.id, "abnormal_choices", "", "no choice is marked abnormal", "the choices that mean the check failed"))
    return problems


def _probe_problems(item: Item, known: set[str] | None) -> list[Problem]:
    probe = item.probe
    if probe is None:
        return []
    problems = []
    if probe.name is None and probe.kind is None:
        problems.append(Problem(item.id, "probe", "", "the probe is named by neither name nor kind", 'probe = { name = "健康检查" } or { kind = "tls" }'))
    if known is not None and probe.subsystem is not None and probe.subsystem not in known:
        problems.append(Problem(item.id, "probe.subsystem", probe.subsystem, "unknown subsystem", "a catalog subsystem id"))

    allowed = {"state": {AnswerType.STATUS, AnswerType.EVIDENCE}, "latency": {AnswerType.NUMBER}, "online": {AnswerType.NUMBER}}[probe.use]
    if item.type not in allowed:
        kinds = " or ".join(sorted(f'"{kind.value}"' for kind in allowed))
        problems.append(Problem(item.id, "probe.use", probe.use, f'use = "{probe.use}" cannot answer a {item.type.value} item', f"type = {kinds}"))
    return problems
