"""Suggest the runbooks that suit an incident.

A runbook scores 2 points for each of the incident's subsystems it lists and 3 for
each of its keywords found in the incident text, so a cause named in the text
("表空间满") outranks the symptom runbook of the subsystem. A runbook that lists
sources matches only incidents from one of them. Ties go to the runbook that lists
fewer subsystems (the more specific one), then to the lower id.
"""

from collections.abc import Iterable

from etc_console.runbooks.loader import RunbookSet
from etc_console.runbooks.model import Runbook

SUBSYSTEM_POINTS = 2
KEYWORD_POINTS = 3


def score_runbook(runbook: Runbook, subsystems: Iterable[str], source: str, text: str = "") -> int:
    """Return how well the runbook suits the incident; 0 means not at all."""
    applies = runbook.applies_to
    if applies.sources and source not in applies.sources:
        return 0
    subsystem_hits = len(set(subsystems) & set(applies.subsystems))
    lowered = text.lower()
    keyword_hits = sum(1 for keyword in applies.keywords if keyword.lower() in lowered)
    return SUBSYSTEM_POINTS * subsystem_hits + KEYWORD_POINTS * keyword_hits


def rank_runbooks(runbooks: RunbookSet, subsystems: Iterable[str], source: str, text: str = "") -> list[Runbook]:
    """Return the runbooks that suit the incident, best first."""
    subsystems = list(subsystems)
    scored = [(score_runbook(runbook, subsystems, source, text), runbook) for runbook in runbooks]
    scored = [(score, runbook) for score, runbook in scored if score > 0]
    scored.sort(key=lambda item: (-item[0], len(item[1].applies_to.subsystems), item[1].id))
    return [runbook for _, runbook in scored]


def suggest_runbook(runbooks: RunbookSet, subsystems: Iterable[str], source: str, text: str = "") -> Runbook | None:
    """Return the best runbook for the incident, or None when none suits it."""
    ranked = rank_runbooks(runbooks, subsystems, source, text)
    return ranked[0] if ranked else None
