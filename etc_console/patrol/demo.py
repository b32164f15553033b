"""Realistic demo patrols: two shifts a day, periodic checks on their due days.

Most answers are normal; about 3% of items are abnormal and 5% of the items that can
warn are warnings, each with a note such as an engineer would write. Probe items
carry lab-style evidence. About 8% of past patrols are submitted after the deadline,
2% are never done, and a few submitted ones get an amendment from the supervisor.
Patrols of the current shift are drafts, filled as far as the time of day allows.
"""

import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from etc_console.patrol import records
from etc_console.patrol.attachments import store_file
from etc_console.patrol.calendar import deadline_at, is_due
from etc_console.patrol.loader import ChecklistSet
from etc_console.patrol.prefill import Prefill, item_subsystem
from etc_console.patrol.template import AnswerType, Bound, Item, Result, Shift, Template
from etc_console.patrol.values import AnswerInput, classify_number
from etc_console.timeutil import DISPLAY_ZONE, require_aware

log = logging.getLogger(__name__)

ABNORMAL_SHARE = 0.03
WARNING_SHARE = 0.05
LATE_SHARE = 0.08
MISSING_SHARE = 0.02
AMENDED_SHARE = 0.04

ENGINEERS = {Shift.DAY: ("张伟", "李娜", "王磊"), Shift.NIGHT: ("赵敏", "刘洋", "陈静")}
SUPERVISOR = "周建国"
SHIFT_STARTS = {Shift.DAY: time(8, 10), Shift.NIGHT: time(20, 10)}
COUNT_UNITS = {"条", "个", "件", "笔", "个来源"}

ABNORMAL_NOTES = (
    "已电话通知开发商值班人员，正在排查，已登记事件。",
    "已重启相关服务后恢复正常，持续观察。",
    "经核实为已知问题，已在工单中跟踪。",
)
# Notes an engineer would write for a finding in these areas; other areas use ABNORMAL_NOTES.
AREA_NOTES = {
    "数据库存储": ("已通知 DBA 处理（扩容或清理归档），处理后复查。", "已联系数据库厂商远程支持，已登记事件。"),
    "互联设备": ("已通知省中心网络组和运营商排查线路，已登记事件。",),
    "网络安全设备": ("已通知安全厂商研判，来源 IP 已临时封禁。",),
    "机房环境": ("已通知机房物业，现场检查空调与 UPS。",),
    "应用服务器集群": ("已按预案切换至备用节点，业务恢复，原因待厂商分析。", "已重启相关服务后恢复正常，持续观察。"),
    "银行接口": ("已电话联系合作银行值班人员催办。",),
    "部中心接口": ("已联系部联网中心值班人员核实，已登记事件。",),
}
WARNING_NOTES = ("已关注，较上一班有所下降。", "接近阈值，已通知开发商评估。", "业务高峰所致，持续观察。")
AMEND_REASON = "读数抄录错误，按监控截图更正。"


@dataclass(frozen=True)
class DemoPlan:
    """The plan of one demo patrol: who, when, and how far it got."""

    template: Template
    day: date
    shift: Shift
    engineer: str
    started_at: datetime
    submitted_at: datetime | None
    filled_share: float


def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, DISPLAY_ZONE)


def _plan(template: Template, day: date, shift: Shift, now: datetime, rng: random.Random) -> DemoPlan | None:
    start = _local(day, SHIFT_STARTS[shift]) + timedelta(minutes=rng.randint(0, 30))
    if start >= now:
        return None
    due = deadline_at(day, template.template.deadlines.get(shift), DISPLAY_ZONE)
    if rng.random() < LATE_SHARE:
        submitted = due + timedelta(minutes=rng.randint(5, 90))
    else:
        submitted = min(due - timedelta(minutes=rng.randint(3, 40)), start + timedelta(minutes=rng.randint(50, 100)))
    submitted = max(submitted, start + timedelta(minutes=20))
    if submitted > now:
        filled = (now - start) / (submitted - start)
        return DemoPlan(template, day, shift, rng.choice(ENGINEERS[shift]), start, None, max(0.0, min(1.0, filled)))
    if now - due > timedelta(hours=2) and rng.random() < MISSING_SHARE:
        return None
    return DemoPlan(template, day, shift, rng.choice(ENGINEERS[shift]), start, submitted, 1.0)


def _pick_result(item: Item, rng: random.Random) -> Result:
    can_warn = item.warning is not None or bool(item.warning_choices)
    roll = rng.random()
    if roll < ABNORMAL_SHARE:
        return Result.ABNORMAL
    if can_warn and roll < ABNORMAL_SHARE + WARNING_SHARE:
        return Result.WARNING
    return Result.NORMAL


def _normal_number(item: Item, rng: random.Random) -> Decimal:
    if item.unit in COUNT_UNITS:
        return Decimal(0)
    if item.unit == "ms":
        return Decimal(rng.randint(15, 450))
    limits = [bound for bound in (item.warning, item.abnormal) if bound is not None]
    uppers = [Decimal(b.upper()[0]) for b in limits if b.upper()]
    lowers = [Decimal(b.lower()[0]) for b in limits if b.lower()]
    if uppers and lowers:
        low, high = max(lowers), min(uppers)
        return _round(Decimal(rng.uniform(float(low), float(high))), item)
    if uppers:
        return _round(min(uppers) * Decimal(rng.uniform(0.2, 0.85)), item)
    if item.unit == "个":
        return max(lowers)
    top = max(lowers) * Decimal(rng.uniform(1.3, 3.0))
    return _round(min(top, Decimal(100)) if item.unit == "%" else top, item)


def _round(number: Decimal, item: Item) -> Decimal:
    places = Decimal("0.1") if item.unit in ("%", "℃", "小时") else Decimal(1)
    return number.quantize(places)


def _crossing(bound: Bound, item: Item, rng: random.Random) -> Decimal:
    """Return a number just past the bound's upper limit, or below its lower one."""
    if bound.upper():
        limit = Decimal(bound.upper()[0])
        if item.unit in COUNT_UNITS:
            return limit + rng.randint(1, 9)
        return _round(limit * Decimal(rng.uniform(1.02, 1.12)) + Decimal("0.1"), item)
    limit = Decimal(bound.lower()[0])
    if item.unit == "个":
        return limit - rng.randint(1, 3)
    return _round(limit * Decimal(rng.uniform(0.75, 0.97)), item)


def _number_for(item: Item, result: Result, rng: random.Random) -> str:
    if result == Result.ABNORMAL and item.abnormal is not None:
        number = _crossing(item.abnormal, item, rng)
    elif result == Result.WARNING and item.warning is not None:
        number = _crossing(item.warning, item, rng)
        if classify_number(item, number) != Result.WARNING:
            number = _normal_number(item, rng)
    else:
        number = _normal_number(item, rng)
    return format(number.normalize(), "f")


def _abnormal_note(item: Item, rng: random.Random) -> str:
    return rng.choice(AREA_NOTES.get(item.area, ABNORMAL_NOTES))


def _entry(item: Item, result: Result, rng: random.Random) -> AnswerInput:
    note = ""
    if result == Result.ABNORMAL:
        note = _abnormal_note(item, rng)
    elif result == Result.WARNING:
        note = rng.choice(WARNING_NOTES)

    if item.type == AnswerType.NUMBER:
        return AnswerInput(value=_number_for(item, result, rng), note=note)
    if item.type == AnswerType.CHOICE:
        choices = {Result.NORMAL: item.choices[:1], Result.WARNING: item.warning_choices, Result.ABNORMAL: item.abnormal_choices}
        return AnswerInput(value=rng.choice(choices[result] or item.choices[:1]), note=note)
    if item.type == AnswerType.TEXT:
        return AnswerInput(value="已核对，无异常" if result == Result.NORMAL else "发现问题，见说明", result=result, note=note)
    status = Result.NORMAL if result == Result.WARNING else result
    return AnswerInput(result=status, note=note if status == Result.ABNORMAL else "")


def _prefill(item: Item, result: Result, at: datetime, rng: random.Random) -> Prefill:
    subsystem = item_subsystem(item)
    probe = item.probe.name or item.probe.kind
    if item.probe.use == "online":
        online = 163 if result == Result.NORMAL else 163 - rng.randint(1, 4)
        result = classify_number(item, Decimal(online))
        evidence = f"{online}/163 在线" + ("" if online == 163 else "；离线：" + "、".join(f"SP{n:03d}" for n in rng.sample(range(1, 164), 163 - online)))
        return Prefill(item.id, result, str(online), f"{subsystem}/{probe} (163)", "ok" if online == 163 else "warning", evidence, at)
    if result == Result.ABNORMAL:
        return Prefill(item.id, Result.ABNORMAL, None, f"{subsystem}/{probe}", "down", rng.choice(("HTTP 503", "connection refused", "timed out after 5 s")), at)
    value = str(rng.randint(18, 420)) if item.probe.use == "latency" else None
    evidence = "certificate valid for 214 days" if item.probe.kind == "tls" else f"HTTP 200, all checks UP ({value or rng.randint(18, 90)} ms)"
    return Prefill(item.id, Result.NORMAL, value, f"{subsystem}/{probe}", "ok", evidence, at)


def _fill(session: Session, plan: DemoPlan, patrol_id, data_dir: Path, rng: random.Random) -> None:
    items = plan.template.items
    count = round(len(items) * plan.filled_share)
    moment = plan.started_at
    step = timedelta(minutes=1)
    prefills = []
    for item in items[:count]:
        moment += step
        result = _pick_result(item, rng)
        if item.probe is not None and item.type != AnswerType.TEXT:
            prefills.append(_prefill(item, result, moment - timedelta(seconds=rng.randint(5, 50)), rng))
            continue
        records.save_answer(session, patrol_id, item.id, _entry(item, result, rng), plan.engineer, moment)
        if item.type == AnswerType.EVIDENCE:
            _attach(session, patrol_id, item, plan, data_dir, moment)
    records.apply_prefills(session, patrol_id, prefills, plan.engineer, plan.started_at)
    for prefill in prefills:
        if prefill.result == Result.ABNORMAL:
            entry = AnswerInput(value=prefill.value, note=_abnormal_note(plan.template.item(prefill.item_id), rng))
            records.save_answer(session, patrol_id, prefill.item_id, entry, plan.engineer, moment)


def _attach(session: Session, patrol_id, item: Item, plan: DemoPlan, data_dir: Path, moment: datetime) -> None:
    folder = data_dir / "demo-evidence"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{plan.day.isoformat()}-{item.id}.txt"
    source.write_text(f"{plan.template.name} {plan.day.isoformat()}\n{item.check}：{item.normal}\n记录人：{plan.engineer}\n", encoding="utf-8")
    records.add_attachment(session, patrol_id, item.id, store_file(data_dir, source), plan.engineer, moment)


def _amend(session: Session, patrol_id, template: Template, submitted_at: datetime, rng: random.Random) -> None:
    """Correct a number that was copied wrongly: a measured value, not a count that is 0."""
    candidates = [item for item in template.items if item.type == AnswerType.NUMBER and item.unit not in COUNT_UNITS and item.probe is None]
    if not candidates:
        return
    item = rng.choice(candidates)
    value = _number_for(item, Result.NORMAL, rng)
    entry = AnswerInput(value=value, note="按监控截图更正读数")
    records.amend_answer(session, patrol_id, item.id, entry, AMEND_REASON, SUPERVISOR, submitted_at + timedelta(hours=rng.randint(2, 20)))


def add_demo_patrol(session: Session, plan: DemoPlan, data_dir: Path, rng: random.Random, now: datetime) -> None:
    """Write one planned patrol: start, answers, and submission, review and amendment when due."""
    patrol = records.start_patrol(session, plan.template, plan.day, plan.shift, plan.engineer, plan.started_at)
    _fill(session, plan, patrol.id, data_dir, rng)
    if plan.submitted_at is None:
        return
    records.submit_patrol(session, patrol.id, plan.engineer, plan.submitted_at, confirm_prefilled=True)
    review_at = plan.submitted_at + timedelta(hours=rng.randint(1, 12))
    if review_at < now:
        records.review_patrol(session, patrol.id, SUPERVISOR, review_at)
        if rng.random() < AMENDED_SHARE:
            _amend(session, patrol.id, plan.template, plan.submitted_at, rng)


def demo_plans(checklists: ChecklistSet, days: int, now: datetime, rng: random.Random) -> list[DemoPlan]:
    """Return the patrols of the last `days` days up to `now`, oldest first."""
    now = require_aware(now)
    today = now.astimezone(DISPLAY_ZONE).date()
    plans = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        for template in checklists.templates.values():
            if not is_due(template, day):
                continue
            for shift in template.template.shifts:
                plan = _plan(template, day, shift, now, rng)
                if plan is not None:
                    plans.append(plan)
    return plans
