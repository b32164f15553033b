"""Check the step graph of a runbook: targets exist, every step is reachable, every path can end."""

from etc_console.config.errors import ConfigIssue
from etc_console.runbooks.model import Runbook, StepKind


def _where(step_id: str, field: str) -> str:
    return f"step '{step_id}'.{field}"


def _branch_field(kind: StepKind, answer: str) -> str:
    """Return the key in the file that holds a branch: next, yes, no or option 'id'.next."""
    if kind == StepKind.ACTION:
        return "next"
    if kind == StepKind.YES_NO:
        return answer
    return f"option '{answer}'.next"


def _missing_targets(runbook: Runbook, file_name: str) -> list[ConfigIssue]:
    ids = {step.id for step in runbook.step}
    issues = []
    if runbook.start not in ids:
        issues.append(ConfigIssue(file_name, "start", runbook.start, "the start step does not exist", "the id of a step in this file"))
    for step in runbook.step:
        for answer, target in step.branches().items():
            if target in ids:
                continue
            field = _branch_field(step.kind, answer)
            issues.append(ConfigIssue(file_name, _where(step.id, field), target, "the branch leads to a step that does not exist", "the id of a step in this file"))
    return issues


def _reachable(runbook: Runbook) -> set[str]:
    seen, pending = set(), [runbook.start]
    while pending:
        step_id = pending.pop()
        if step_id in seen:
            continue
        seen.add(step_id)
        pending.extend(runbook.get_step(step_id).branches().values())
    return seen


def _can_end(runbook: Runbook) -> set[str]:
    """Return the steps from which some path reaches an end step (a fixed point over the graph)."""
    finishing = {step.id for step in runbook.step if step.kind == StepKind.END}
    changed = True
    while changed:
        changed = False
        for step in runbook.step:
            if step.id not in finishing and any(target in finishing for target in step.branches().values()):
                finishing.add(step.id)
                changed = True
    return finishing


def check_graph(runbook: Runbook, file_name: str) -> list[ConfigIssue]:
    """Return the graph problems of a runbook; an empty list means it can be run."""
    issues = _missing_targets(runbook, file_name)
    if issues:
        return issues
    if not any(step.kind == StepKind.END for step in runbook.step):
        issues.append(ConfigIssue(file_name, "step", "", "the runbook has no end step", "at least one step with end = true"))
    reachable = _reachable(runbook)
    finishing = _can_end(runbook)
    for step in runbook.step:
        if step.id not in reachable:
            issues.append(ConfigIssue(file_name, f"step '{step.id}'", "", "the step cannot be reached from the start step", f"a branch leading to it, or its removal (start = '{runbook.start}')"))
        elif step.id not in finishing:
            issues.append(ConfigIssue(file_name, f"step '{step.id}'", "", "no path from this step reaches an end step (a loop without an exit)", "a branch from the loop to a step that leads to an end step"))
    return issues
