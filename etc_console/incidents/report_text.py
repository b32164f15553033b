"""Chinese wording of timeline entries, clock margins and runbook records for reports and lists."""

import json
from datetime import timedelta

from etc_console.incidents.clocks import Clock, ClockState
from etc_console.incidents.model import FIELD_LABELS, SEVERITY_LABELS, SOURCE_LABELS, TIME_FIELDS, Severity, Source
from etc_console.incidents.timeline import ENTRY_LABELS, EntryKind, TimelineEntry, parse_canonical_time
from etc_console.runbooks.runner import RUN_STATE_LABELS, RunView, StepAction
from etc_console.timeutil import format_display

ACTION_LABELS = {
    StepAction.START: "启动",
    StepAction.ANSWER: "回答",
    StepAction.CHECK: "检查",
    StepAction.RECOVERY_CHECK: "恢复确认",
    StepAction.SKIP: "跳过",
    StepAction.ABANDON: "中止",
}
TIME_FORMAT = "%Y-%m-%d %H:%M"


def format_minutes(minutes: int) -> str:
    """Return a duration in minutes as 30分钟, 2小时 or 1小时30分钟."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours}小时{rest}分钟"
    return f"{hours}小时" if hours else f"{rest}分钟"


def format_duration(span: timedelta) -> str:
    """Return an absolute duration to the minute (rounded down), with days when over 24 hours."""
    minutes = int(abs(span).total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    text = format_minutes(minutes) if minutes else ""
    if days:
        return f"{days}天{text}"
    return text or "不足1分钟"


def describe_margin(clock: Clock) -> str:
    """Return how far a clock is from its deadline, in words."""
    late = clock.remaining < timedelta(0)
    if clock.stopped_at is not None:
        return f"超时{format_duration(clock.remaining)}" if late else f"提前{format_duration(clock.remaining)}"
    if clock.state == ClockState.MISSED:
        return f"已超时{format_duration(clock.remaining)}"
    return f"剩余{format_duration(clock.remaining)}"


def _choice_label(choices, labels: dict, value: str) -> str:
    try:
        return labels[choices(value)]
    except ValueError:
        return value


def _value_text(field: str | None, value: str | None, names: dict[str, str] | None = None) -> str:
    if value is None or value == "":
        return "（空）"
    if field in TIME_FIELDS:
        return format_display(parse_canonical_time(value), TIME_FORMAT)
    if field == "source":
        return _choice_label(Source, SOURCE_LABELS, value)
    if field == "severity":
        return _choice_label(Severity, SEVERITY_LABELS, value)
    if field == "business_affected":
        return "是" if value == "true" else "否"
    if field == "subsystems":
        return "、".join((names or {}).get(item, item) for item in json.loads(value))
    return value


def _created_text(snapshot: str | None, names: dict[str, str] | None) -> str:
    try:
        values = json.loads(snapshot or "{}")
    except json.JSONDecodeError:
        return snapshot or ""
    parts = [f"标题：{values.get('title', '')}"]
    for field in ("source", "subsystems", "onset_at", "detected_at", "business_affected", "severity"):
        if values.get(field) is not None:
            parts.append(f"{FIELD_LABELS[field]}：{_value_text(field, values[field], names)}")
    return "；".join(parts)


def describe_entry(entry: TimelineEntry, names: dict[str, str] | None = None) -> tuple[str, str]:
    """Return the kind label and the content of a timeline entry, in Chinese.

    `names` maps subsystem ids to the names shown in place of the ids.
    """
    kind = ENTRY_LABELS[entry.kind]
    label = FIELD_LABELS.get(entry.field or "", entry.field or "")
    if entry.kind == EntryKind.CREATED:
        return kind, _created_text(entry.new_value, names)
    if entry.kind == EntryKind.TIME_SET:
        return kind, f"{label}：{_value_text(entry.field, entry.new_value)}"
    if entry.kind in (EntryKind.TIME_CORRECTED, EntryKind.FIELD_SET):
        old, new = _value_text(entry.field, entry.old_value, names), _value_text(entry.field, entry.new_value, names)
        return kind, f"{label}：{old} → {new}"
    return kind, entry.new_value or ""


def runbook_rows(run: RunView, titles) -> tuple[str, list[list]]:
    """Return a heading and one row per step record of a run, for the 预案执行 sheet.

    `titles` maps step ids to titles and answers to labels (report_data.StepTitles).
    """
    ended = f"，结束：{format_display(run.ended_at, TIME_FORMAT)}" if run.ended_at else ""
    current = f"，当前步骤：{titles.title(run.current_step)}" if run.current_step else ""
    heading = (
        f"预案：{run.runbook_title}（{run.runbook_id}）　状态：{RUN_STATE_LABELS[run.state]}　"
        f"开始：{format_display(run.started_at, TIME_FORMAT)}，执行人：{run.started_by}{ended}{current}"
    )
    rows = []
    for record in run.records:
        if record.action in (StepAction.ANSWER, StepAction.SKIP) and record.answer:
            result = titles.answer_label(record.step_id, record.answer)
        elif record.action == StepAction.START:
            result = "开始执行"
        else:
            result = record.answer or ""
        rows.append([
            record.seq, format_display(record.at), record.author, titles.title(record.step_id), ACTION_LABELS[record.action],
            result, record.check_target or "", record.confirmed_by or "", record.output or "", record.reason or "",
        ])
    return heading, rows
