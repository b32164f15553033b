"""Demo incidents for training and screenshots: some inside their clocks, some late.

`demo-data --days N` calls add_demo_incidents; the records go through the same service
and runner functions as real ones, so their timelines are complete.
"""

import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from etc_console.catalog import Catalog
from etc_console.incidents import service
from etc_console.incidents.model import IncidentDraft, Severity, Source
from etc_console.runbooks import runner
from etc_console.runbooks.checks import CheckOutput
from etc_console.runbooks.loader import RunbookSet
from etc_console.runbooks.model import Runbook, StepKind

log = logging.getLogger(__name__)

ENGINEERS = ("张伟", "李娜", "王强", "刘洋")
DEMO_SOURCES = (Source.PROBE_ALARM, Source.PROBE_ALARM, Source.PHONE, Source.PATROL, Source.CUSTOMER_SERVICE, Source.BANK)


@dataclass(frozen=True)
class _Times:
    onset: datetime
    detected: datetime
    responded: datetime | None
    restored: datetime | None
    closed: datetime | None


def _minutes(rng: random.Random, usual: tuple[int, int], late: tuple[int, int], late_share: float) -> timedelta:
    low, high = late if rng.random() < late_share else usual
    return timedelta(minutes=rng.randint(low, high))


def _times(rng: random.Random, onset: datetime, now: datetime, still_open: bool) -> _Times:
    detected = onset + _minutes(rng, (1, 25), (62, 95), 0.15)
    responded = detected + _minutes(rng, (3, 25), (32, 50), 0.15)
    restored = onset + _minutes(rng, (40, 200), (245, 400), 0.2)
    restored = max(restored, responded + timedelta(minutes=10))
    if still_open or restored + timedelta(minutes=30) > now:
        return _Times(onset, min(detected, now), responded if responded <= now else None, None, None)
    return _Times(onset, detected, responded, restored, restored + timedelta(minutes=rng.randint(30, 240)))


def _distances(runbook: Runbook) -> dict[str, int]:
    """Return each step's number of steps to the nearest end step."""
    distance = {step.id: 0 for step in runbook.step if step.kind == StepKind.END}
    changed = True
    while changed:
        changed = False
        for step in runbook.step:
            known = [distance[target] + 1 for target in step.branches().values() if target in distance]
            if known and min(known) < distance.get(step.id, 10**6):
                distance[step.id] = min(known)
                changed = True
    return distance


def _walk(session: Session, incident_id, runbook: Runbook, rng: random.Random, start: datetime, stop: datetime, engineer: str, finish: bool) -> None:
    """Run the runbook from `start` towards its nearest end, stopping before `stop`.

    With `finish`, the steps are spaced so the run ends before `stop`; otherwise a step
    takes 2 to 8 minutes and an open incident's run usually stops mid-way.
    """
    distance = _distances(runbook)
    gap = max(timedelta(minutes=1), (stop - start) / (2 * distance[runbook.start] + 2)) if finish else timedelta(minutes=8)
    at = start
    run = runner.start_run(session, incident_id, runbook, author=engineer, now=at)
    while run.current_step is not None:
        at += min(gap, timedelta(minutes=rng.randint(2, 8)))
        if at >= stop:
            return
        step = runbook.get_step(run.current_step)
        if step.check is not None:
            output = CheckOutput(f"{step.check.target}: {step.check.expect or '正常'}（演示数据）", True)
            run = runner.record_check(session, run.id, runbook, step.id, output, author=engineer, now=at, confirmed_by=engineer)
        branches = step.branches() or {"done": None}
        closer = [answer for answer, target in branches.items() if target is None or distance.get(target, 0) < distance[step.id]]
        answer = rng.choice(closer or list(branches))
        run = runner.answer_step(session, run.id, runbook, step.id, answer, author=engineer, now=at)


def _add_one(session: Session, catalog: Catalog, runbook: Runbook, rng: random.Random, onset: datetime, now: datetime, still_open: bool) -> None:
    subsystem = catalog.subsystem(rng.choice(runbook.applies_to.subsystems))
    times = _times(rng, onset, now, still_open)
    engineer = rng.choice(ENGINEERS)
    draft = IncidentDraft(
        title=f"{subsystem.name}：{runbook.title}", subsystems=(subsystem.id,), source=rng.choice(DEMO_SOURCES),
        onset_at=times.onset, detected_at=times.detected, severity=rng.choice((Severity.GENERAL, Severity.GENERAL, Severity.SERIOUS)),
        business_affected=rng.random() < 0.7, description=f"演示数据：{subsystem.name}出现故障，按“{runbook.title}”预案处置。",
        reporter=rng.choice(ENGINEERS), handler=engineer,
    )
    created_at = max(times.detected, times.onset) + timedelta(minutes=1)
    incident = service.create_incident(session, draft, author=engineer, now=created_at, catalog=catalog)
    if times.responded is None:
        return
    service.update_incident(session, incident.id, {"responded_at": times.responded}, author=engineer, now=times.responded, catalog=catalog)
    _walk(session, incident.id, runbook, rng, times.responded, times.restored or now, engineer, finish=times.restored is not None)
    if times.restored is None:
        return
    changes = {
        "restored_at": times.restored, "closed_at": times.closed,
        "cause": "演示数据：应用节点连接池耗尽，新请求排队超时。",
        "actions": "演示数据：摘除异常节点、保留现场后重启，验证开户—二发—激活全流程正常。",
        "prevention": "演示数据：调整连接池上限与超时，增加连接池使用率告警。",
    }
    service.update_incident(session, incident.id, changes, author=engineer, now=times.closed, catalog=catalog)


def add_demo_incidents(session: Session, catalog: Catalog, runbooks: RunbookSet, days: int, now: datetime, rng: random.Random) -> int:
    """Write about one incident per two days over the last `days` days; return how many were written.

    The newest two stay open, so the fine overview has running clocks to show. Runbooks
    that list no subsystems (cause-oriented ones) are not used.
    """
    if days <= 0:
        return 0
    usable = [runbook for runbook in runbooks if runbook.applies_to.subsystems]
    count = max(3, days // 2)
    onsets = sorted(now - timedelta(minutes=rng.randint(40, days * 1440)) for _ in range(count - 2))
    onsets += [now - timedelta(minutes=rng.randint(20, 50)), now - timedelta(minutes=rng.randint(90, 200))]
    for index, onset in enumerate(onsets):
        still_open = index >= count - 2
        _add_one(session, catalog, rng.choice(usable), rng, onset, now, still_open)
    log.info("added %d demo incidents over %d days", count, days)
    return count
