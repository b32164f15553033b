"""Draft an incident from a probe alarm, for the engineer to check and save."""

from etc_console.catalog import Catalog
from etc_console.incidents.model import IncidentDraft, Severity, Source
from etc_console.monitor.alarms import Alarm
from etc_console.runbooks.loader import RunbookSet
from etc_console.runbooks.matching import suggest_runbook


def draft_from_alarm(alarm: Alarm, catalog: Catalog, runbooks: RunbookSet) -> IncidentDraft:
    """Return an incident draft: onset is the alarm's first failed check, detection its raise time.

    The matching runbook, if any, is suggested by id. Business impact defaults to yes,
    because a DOWN subsystem of the service list usually stops some ETC business; the
    engineer corrects it before saving. Raise KeyError for a subsystem not in the catalog.
    """
    subsystem = catalog.subsystem(alarm.subsystem_id)
    flapping = "（告警抖动）" if alarm.flapping else ""
    description = f"监测告警：{subsystem.name}（{subsystem.id}）不可用{flapping}。{alarm.detail}".strip()
    runbook = suggest_runbook(runbooks, [subsystem.id], Source.PROBE_ALARM.value, alarm.detail)
    return IncidentDraft(
        title=f"{subsystem.name}故障",
        subsystems=(subsystem.id,),
        source=Source.PROBE_ALARM,
        onset_at=alarm.onset_at,
        detected_at=alarm.raised_at,
        severity=Severity.GENERAL,
        business_affected=True,
        description=description,
        alarm_id=alarm.id,
        suggested_runbook=runbook.id if runbook else None,
    )
