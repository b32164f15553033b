"""What an abnormal answer hands to the incidents module when the engineer opens an incident.

The fields match etc_console.incidents.model.IncidentDraft (title, subsystems,
source "patrol", onset and detection times, description, reporter), so the caller
can build that draft from them. This module does not import the incidents package.
"""

from dataclasses import dataclass
from datetime import datetime

from etc_console.patrol.template import RESULT_LABELS, SHARED_SUBSYSTEM, SHIFT_LABELS, Result
from etc_console.patrol.view import PatrolView

PATROL_SOURCE = "patrol"


@dataclass(frozen=True)
class PatrolFinding:
    """An abnormal or warning answer, as the start of an incident.

    `subsystems` is empty for shared infrastructure (subsystem "*"), so the engineer
    picks the affected subsystems. `onset_at` is the probe result's time when a probe
    answered the item, else the time the answer was entered, like `detected_at`.
    """

    title: str
    subsystems: tuple[str, ...]
    source: str
    onset_at: datetime
    detected_at: datetime
    description: str
    reporter: str
    patrol_id: str
    item_id: str


def patrol_finding(patrol: PatrolView, item_id: str) -> PatrolFinding:
    """Return the incident fields for an abnormal or warning answer; raise ValueError for others."""
    item = patrol.template.item(item_id)
    answer = patrol.answer(item_id)
    if answer is None or answer.result not in (Result.ABNORMAL, Result.WARNING):
        raise ValueError(f"item {item_id} of patrol {patrol.id} is neither abnormal nor a warning; only a finding opens an incident")

    label = RESULT_LABELS[answer.result]
    lines = [
        f"{patrol.patrol_date.isoformat()} {SHIFT_LABELS[patrol.shift]}{patrol.template.name}发现{label}：{item.check}",
        f"正常标准：{item.normal}",
    ]
    if answer.value is not None:
        lines.append(f"记录值：{answer.value}{item.unit}")
    if answer.evidence:
        lines.append(f"探针证据：{answer.evidence}")
    if answer.note:
        lines.append(f"说明：{answer.note}")
    return PatrolFinding(
        title=f"巡检{label}：{item.check}"[:200],
        subsystems=() if item.subsystem == SHARED_SUBSYSTEM else (item.subsystem,),
        source=PATROL_SOURCE,
        onset_at=answer.evidence_at or answer.answered_at,
        detected_at=answer.answered_at,
        description="\n".join(lines),
        reporter=patrol.engineer,
        patrol_id=str(patrol.id),
        item_id=item_id,
    )
