"""Health documents the lab serves, one profile per subsystem of the shipped catalog.

The fields mimic what the real services report: the issuance authentication service
reports its hardware security modules (加密机), the bank interface its bank channels,
the data transfer service its upload queue and the lane system its lane counts. A
subsystem without a profile (added by a site catalog) gets the generic one.
"""

import copy
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from etc_console.catalog.model import ServicePoint, Subsystem

CHINA_TIME = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class Profile:
    """The fields of one subsystem's health document besides the common ones.

    `checks` names the dependencies reported as "UP". `warnings` are extra JSON rules
    (at level "warning") that the lab's site file puts on the document.
    """

    version: str
    checks: tuple[str, ...]
    extra: dict = field(default_factory=dict)
    warnings: tuple[dict, ...] = ()


BANK_CHANNELS = {
    "icbc": "工商银行", "ccb": "建设银行", "abc": "农业银行", "boc": "中国银行",
    "bocom": "交通银行", "psbc": "邮储银行", "cabank": "长安银行", "xabank": "西安银行",
}

PROFILES: dict[str, Profile] = {
    "iss-outlet-api": Profile(
        "2.6.4", ("db", "redis", "auth"),
        {"sessions": {"active": 37}, "queue": {"pending": 0}},
        ({"path": "queue.pending", "max": 100},),
    ),
    "iss-bank-api": Profile(
        "4.1.0", ("db", "mq"),
        {"channels": {code: "UP" for code in BANK_CHANNELS}, "channel_names": BANK_CHANNELS,
         "channels_up": len(BANK_CHANNELS), "channels_total": len(BANK_CHANNELS), "queue": {"pending": 0}},
        ({"path": "channels_up", "min": len(BANK_CHANNELS)}, {"path": "queue.pending", "max": 200}),
    ),
    "iss-f2f-api": Profile(
        "1.9.7", ("db", "mq", "bank_gateway"),
        {"banks": {"connected": 6, "total": 6}, "queue": {"pending": 0}},
        ({"path": "banks.connected", "min": 6},),
    ),
    "iss-public": Profile(
        "3.2.1", ("db", "redis", "sms"),
        {"requests_per_min": 240},
    ),
    "iss-handheld": Profile(
        "2.0.5", ("db", "auth"),
        {"devices": {"online": 96, "registered": 120}},
    ),
    "iss-auth": Profile(
        "3.8.2", ("db", "hsm"),
        {"hsm": {"online": 2, "total": 2, "model": "SJJ1310"}, "queue": {"pending": 0}},
        ({"path": "hsm.online", "min": 2}, {"path": "queue.pending", "max": 50}),
    ),
    "iss-vat": Profile(
        "1.4.3", ("db", "tax_platform"),
        {"invoice_queue": {"pending": 3, "failed": 0}},
        ({"path": "invoice_queue.failed", "max": 0},),
    ),
    "iss-custsvc": Profile(
        "2.3.0", ("db", "cti"),
        {"calls": {"waiting": 2, "agents_online": 14}},
        ({"path": "calls.waiting", "max": 20},),
    ),
    "iss-monitor": Profile(
        "1.7.2", ("db", "collector"),
        {"alarms": {"open": 0}},
    ),
    "iss-usermgmt": Profile(
        "2.1.8", ("db", "ldap"),
        {"sessions": {"active": 58}},
    ),
    "web-hall": Profile(
        "5.0.3", ("db", "redis", "payment"),
        {"online_users": 312},
    ),
    "wx-miniprogram": Profile(
        "6.4.1", ("api_gateway", "wechat_api", "payment"),
        {"requests_per_min": 880},
    ),
    "app": Profile(
        "5.2.0", ("api_gateway", "push", "payment"),
        {"min_client_version": "5.2.0", "requests_per_min": 410},
    ),
    "stl-clearing": Profile(
        "3.5.6", ("db", "batch"),
        {"clearing": {"status": "DONE"}},
        ({"path": "clearing.status", "one_of": ["DONE", "RUNNING"]},),
    ),
    "stl-exchange": Profile(
        "2.8.0", ("db", "mq", "ministry_link"),
        {"queue": {"pending": 0}},
        ({"path": "queue.pending", "max": 500},),
    ),
    "stl-transfer": Profile(
        "2.2.4", ("db", "file_exchange"),
        {"upload_queue": {"pending": 4, "failed": 0}},
        ({"path": "upload_queue.pending", "max": 1000}, {"path": "upload_queue.failed", "max": 0}),
    ),
    "stl-aggregation": Profile(
        "1.6.1", ("db", "mq"),
        {"sources": {"reporting": 21, "expected": 21}, "lag_s": 35},
        ({"path": "lag_s", "max": 600},),
    ),
    "ord-transmission": Profile(
        "1.3.9", ("db", "mq"),
        {"links": {"up": 12, "total": 12}},
        ({"path": "links.up", "min": 12},),
    ),
    "ord-exchange": Profile(
        "1.3.9", ("db", "mq"),
        {"queue": {"pending": 0}},
        ({"path": "queue.pending", "max": 500},),
    ),
    "ord-station-mgmt": Profile(
        "2.0.2", ("db",),
        {"stations": {"online": 42, "total": 42}},
        ({"path": "stations.online", "min": 42},),
    ),
    "ord-station-txn": Profile(
        "2.0.2", ("db", "mq"),
        {"transactions": {"today": 18342, "pending_upload": 0}},
        ({"path": "transactions.pending_upload", "max": 1000},),
    ),
    "ord-lane": Profile(
        "4.6.0", ("db",),
        {"lanes": {"open": 186, "total": 204, "offline": 0}},
        ({"path": "lanes.offline", "max": 0},),
    ),
}

GENERIC_PROFILE = Profile("1.0.0", ("db",))


def profile_for(subsystem_id: str) -> Profile:
    return PROFILES.get(subsystem_id, GENERIC_PROFILE)


def _now_text() -> str:
    return datetime.now(CHINA_TIME).isoformat(timespec="seconds")


def health_document(subsystem: Subsystem, started_at: float) -> dict:
    """Return the healthy document of a subsystem; `started_at` is a time.monotonic() value."""
    profile = profile_for(subsystem.id)
    document = {
        "status": "UP",
        "service": subsystem.name,
        "version": profile.version,
        "uptime_s": int(time.monotonic() - started_at),
        "time": _now_text(),
        "checks": {name: "UP" for name in profile.checks},
    }
    document.update(copy.deepcopy(profile.extra))
    return document


def health_rules(subsystem_id: str) -> list[dict]:
    """Return the JSON rules the lab's site file puts on a subsystem's health document."""
    profile = profile_for(subsystem_id)
    rules = [{"path": "status", "equals": "UP"}]
    rules += [{"path": f"checks.{name}", "equals": "UP"} for name in profile.checks]
    rules += [{**rule, "level": "warning"} for rule in profile.warnings]
    return rules


def error_document(service_name: str, status: int, message: str) -> dict:
    """Return the body of an injected failure, shaped like a Spring Boot error."""
    return {
        "status": "DOWN",
        "service": service_name,
        "error": status,
        "message": message,
        "time": _now_text(),
    }


def heartbeat_document(point: ServicePoint, started_at: float) -> dict:
    """Return the healthy heartbeat of a service point terminal."""
    return {
        "status": "UP",
        "code": point.code,
        "name": point.name,
        "city": point.city,
        "client_version": "4.1.7",
        "uptime_s": int(time.monotonic() - started_at),
        "time": _now_text(),
        "devices": {"card_reader": "UP", "obu_writer": "UP", "printer": "UP"},
    }


HEARTBEAT_RULES = [
    {"path": "status", "equals": "UP"},
    {"path": "devices.card_reader", "equals": "UP", "level": "warning"},
]
