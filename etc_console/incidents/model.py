"""Incident values: sources, severities, states, the draft and the read-only snapshot."""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from etc_console.timeutil import format_display


class Source(StrEnum):
    """Channel through which the incident was reported (报障来源)."""

    PROBE_ALARM = "probe_alarm"
    PATROL = "patrol"
    PHONE = "phone"
    BANK = "bank"
    CUSTOMER_SERVICE = "customer_service"
    NATIONAL_CENTER = "national_center"


SOURCE_LABELS = {
    Source.PROBE_ALARM: "监测告警",
    Source.PATROL: "日常巡检",
    Source.PHONE: "电话报障",
    Source.BANK: "合作银行反馈",
    Source.CUSTOMER_SERVICE: "客服反馈",
    Source.NATIONAL_CENTER: "部联网中心通报",
}


class Severity(StrEnum):
    """Incident level, following the four grades of Chinese emergency plans (IV lowest)."""

    GENERAL = "general"
    SERIOUS = "serious"
    MAJOR = "major"
    CRITICAL = "critical"


SEVERITY_LABELS = {
    Severity.GENERAL: "一般（Ⅳ级）",
    Severity.SERIOUS: "较大（Ⅲ级）",
    Severity.MAJOR: "重大（Ⅱ级）",
    Severity.CRITICAL: "特别重大（Ⅰ级）",
}


class IncidentState(StrEnum):
    """Stage of an incident, derived from which of its times are set."""

    AWAITING_RESPONSE = "awaiting_response"
    HANDLING = "handling"
    RESTORED = "restored"
    CLOSED = "closed"


STATE_LABELS = {
    IncidentState.AWAITING_RESPONSE: "待响应",
    IncidentState.HANDLING: "处理中",
    IncidentState.RESTORED: "已恢复",
    IncidentState.CLOSED: "已关闭",
}

TIME_FIELDS = ("onset_at", "detected_at", "responded_at", "restored_at", "closed_at")
TEXT_FIELDS = ("title", "description", "cause", "actions", "prevention", "reporter", "handler")
CHOICE_FIELDS = ("source", "severity")
EDITABLE_FIELDS = TIME_FIELDS + TEXT_FIELDS + CHOICE_FIELDS + ("subsystems", "business_affected")

FIELD_LABELS = {
    "title": "事件标题",
    "subsystems": "涉及系统",
    "source": "报障来源",
    "severity": "事件等级",
    "business_affected": "影响ETC业务",
    "onset_at": "故障发生时间",
    "detected_at": "发现时间",
    "responded_at": "响应时间",
    "restored_at": "恢复时间",
    "closed_at": "关闭时间",
    "description": "故障现象",
    "cause": "原因分析",
    "actions": "处理措施",
    "prevention": "预防措施",
    "reporter": "报告人",
    "handler": "处理人",
}


@dataclass(frozen=True)
class IncidentDraft:
    """The fields of a new incident before it is saved; the GUI fills in the rest."""

    title: str
    subsystems: tuple[str, ...]
    source: Source
    onset_at: datetime
    detected_at: datetime
    severity: Severity = Severity.GENERAL
    business_affected: bool = True
    description: str = ""
    reporter: str = ""
    handler: str = ""
    alarm_id: str | None = None
    suggested_runbook: str | None = None


@dataclass(frozen=True)
class Incident:
    """A read-only copy of a stored incident."""

    id: uuid.UUID
    title: str
    subsystems: tuple[str, ...]
    source: Source
    severity: Severity
    business_affected: bool
    onset_at: datetime
    detected_at: datetime
    responded_at: datetime | None = None
    restored_at: datetime | None = None
    closed_at: datetime | None = None
    description: str = ""
    cause: str = ""
    actions: str = ""
    prevention: str = ""
    reporter: str = ""
    handler: str = ""
    alarm_id: str | None = None
    created_by: str = ""
    created_at: datetime | None = None
    revision: int = 1

    @property
    def number(self) -> str:
        """Return the short incident number shown to people: onset date and id prefix."""
        return f"{format_display(self.onset_at, '%Y%m%d')}-{self.id.hex[:6].upper()}"

    @property
    def state(self) -> IncidentState:
        if self.closed_at is not None:
            return IncidentState.CLOSED
        if self.restored_at is not None:
            return IncidentState.RESTORED
        if self.responded_at is not None:
            return IncidentState.HANDLING
        return IncidentState.AWAITING_RESPONSE


def encode_subsystems(subsystems) -> str:
    """Return the canonical stored form of a subsystem list: a sorted JSON array."""
    return json.dumps(sorted(set(subsystems)), ensure_ascii=False, separators=(",", ":"))


def decode_subsystems(text: str) -> tuple[str, ...]:
    return tuple(json.loads(text))
