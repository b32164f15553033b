"""Fault names, their parser and the thread-safe table of active faults.

A fault is written `KIND` or `slow:MS` and is set on a target: the id of a monitored
subsystem, the aggregate id "service-points" (every service point at once) or one
service point code such as "SP017". `clear` removes the fault of a target.

The faults of the deep targets (ssh, sql and sftp probes) apply only to the targets
listed in DEEP_FAULT_TARGETS. The target "ssh" is the lab's SSH server, which serves
every application server, so hostkey-changed turns every ssh and sftp probe DOWN.
"""

import threading
from dataclasses import dataclass

from etc_console.catalog.model import Catalog

SSH_TARGET = "ssh"

# Each deep fault kind, the targets it may be set on, and what it simulates.
DEEP_FAULT_TARGETS: dict[str, tuple[str, ...]] = {
    "backlog": ("stl-transfer",),
    "stale-status-list": ("ord-lane",),
    "missing-settlement-file": ("stl-clearing",),
    "disk-full": ("iss-outlet-api", "stl-clearing"),
    "hostkey-changed": (SSH_TARGET,),
}
DEEP_FAULT_EFFECTS = {
    "backlog": "the upload queue of the business database grows past 5000 waiting transactions",
    "stale-status-list": "the newest uploaded status list is more than 2 hours old",
    "missing-settlement-file": "the settlement files of the last 75 minutes are missing from the drop folder",
    "disk-full": "df reports /data 97% full on the application server",
    "hostkey-changed": "the lab SSH server presents a host key other than the pinned one",
}
DEEP_KINDS = tuple(DEEP_FAULT_TARGETS)

FAULT_KINDS = ("down", "slow", "http500", "cert-expiring", "cert-expired", "flapping", *DEEP_KINDS)
CERT_KINDS = ("cert-expiring", "cert-expired")
CLEAR = "clear"
MAX_SLOW_MS = 120_000


@dataclass(frozen=True)
class Fault:
    """One parsed fault; `delay_ms` is set only for the kind "slow"."""

    kind: str
    delay_ms: int = 0

    def __str__(self) -> str:
        return f"slow:{self.delay_ms}" if self.kind == "slow" else self.kind

    @property
    def is_cert(self) -> bool:
        return self.kind in CERT_KINDS

    @property
    def is_deep(self) -> bool:
        return self.kind in DEEP_FAULT_TARGETS


def fault_syntax() -> str:
    """Return the list of valid fault words for error messages."""
    words = []
    for kind in FAULT_KINDS:
        if kind == "slow":
            words.append(f"slow:MS (1..{MAX_SLOW_MS})")
        elif kind in DEEP_FAULT_TARGETS:
            words.append(f"{kind} (on {' or '.join(DEEP_FAULT_TARGETS[kind])})")
        else:
            words.append(kind)
    return ", ".join(words + [CLEAR])


def parse_fault_kind(text: str | None) -> Fault | None:
    """Parse `KIND` or `slow:MS`; return None for None or "clear".

    Raise ValueError naming the invalid text and listing the valid kinds.
    """
    if text is None or text.strip() == CLEAR:
        return None
    kind, _, argument = text.strip().partition(":")

    if kind == "slow":
        return Fault("slow", _parse_delay(argument, text))

    if kind not in FAULT_KINDS or argument:
        raise ValueError(f"invalid fault kind {text!r}; expected one of: {fault_syntax()}")
    return Fault(kind)


def _parse_delay(argument: str, text: str) -> int:
    if not argument:
        raise ValueError(f"invalid fault {text!r}: slow needs a delay in ms, for example slow:300")
    try:
        delay_ms = int(argument)
    except ValueError:
        raise ValueError(f"invalid fault {text!r}: the delay must be a whole number of ms, for example slow:300") from None
    if not 1 <= delay_ms <= MAX_SLOW_MS:
        raise ValueError(f"invalid fault {text!r}: the delay must be between 1 and {MAX_SLOW_MS} ms")
    return delay_ms


def aggregate_id(catalog: Catalog) -> str:
    """Return the id of the aggregate subsystem that stands for all service points."""
    return next((s.id for s in catalog.subsystems if s.aggregate), "service-points")


def subsystem_targets(catalog: Catalog) -> list[str]:
    """Return the ids of the monitored subsystems that have their own listeners."""
    return [s.id for s in catalog.monitored() if not s.aggregate]


def deep_fault_targets(kind: str, catalog: Catalog) -> list[str]:
    """Return the targets a deep fault kind may be set on in a lab of this catalog."""
    subsystems = subsystem_targets(catalog)
    return [target for target in DEEP_FAULT_TARGETS[kind] if target == SSH_TARGET or target in subsystems]


def check_target(target: str, fault: Fault | None, catalog: Catalog) -> None:
    """Raise ValueError unless `fault` can be set on `target` in a lab of this catalog."""
    subsystems = subsystem_targets(catalog)
    points = [point.code for point in catalog.service_points]
    aggregate = aggregate_id(catalog)

    if target not in subsystems and target not in (aggregate, SSH_TARGET) and target not in points:
        point_range = f"{points[0]}..{points[-1]}" if points else "none"
        raise ValueError(
            f"unknown fault target {target!r}; expected a monitored subsystem id "
            f"({', '.join(subsystems + [aggregate])}), a service point code ({point_range}) "
            f"or {SSH_TARGET} (the lab's SSH server)"
        )

    if fault is not None and fault.is_cert and target not in subsystems:
        raise ValueError(
            f"the fault {fault} cannot be set on {target!r}: service point heartbeats are "
            "plain HTTP, so certificate faults apply only to subsystem ids"
        )
    if fault is not None:
        _check_deep_target(target, fault, catalog)


def _check_deep_target(target: str, fault: Fault, catalog: Catalog) -> None:
    if fault.is_deep:
        valid = deep_fault_targets(fault.kind, catalog)
        if target not in valid:
            raise ValueError(
                f"the fault {fault} cannot be set on {target!r}; valid targets: {', '.join(valid) or 'none in this catalog'} "
                f"({DEEP_FAULT_EFFECTS[fault.kind]})"
            )
    elif target == SSH_TARGET:
        raise ValueError(f"the fault {fault} cannot be set on {SSH_TARGET!r}; the lab's SSH server accepts only hostkey-changed")


def split_fault(text: str) -> tuple[str, str]:
    """Split "TARGET=KIND" into its two stripped parts; raise ValueError when either is missing."""
    target, separator, kind_text = text.partition("=")
    if not separator or not target.strip() or not kind_text.strip():
        raise ValueError(f"invalid fault {text!r}; expected TARGET=KIND, for example iss-auth=slow:300")
    return target.strip(), kind_text.strip()


def parse_fault(text: str, catalog: Catalog | None = None) -> tuple[str, str | None]:
    """Parse "TARGET=KIND" (for example "iss-auth=slow:300" or "SP017=clear").

    Return (target, fault) with fault None for "clear". Raise ValueError naming the
    invalid target or kind and listing the valid ones. Without a catalog the shipped
    one is loaded.
    """
    target, kind_text = split_fault(text)
    fault = parse_fault_kind(kind_text)

    if catalog is None:
        from etc_console.catalog import load_catalog

        catalog = load_catalog()
    check_target(target, fault, catalog)
    return target, None if fault is None else str(fault)


class FaultTable:
    """Active faults by target, shared between the lab loop and callers' threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self._flap_counts: dict[tuple[str, str], int] = {}

    def set(self, target: str, fault: Fault | None) -> Fault | None:
        """Set or clear the fault of `target`; return the fault it replaced."""
        with self._lock:
            previous = self._faults.pop(target, None)
            for key in [key for key in self._flap_counts if key[0] == target]:
                del self._flap_counts[key]
            if fault is not None:
                self._faults[target] = fault
            return previous

    def get(self, target: str) -> Fault | None:
        with self._lock:
            return self._faults.get(target)

    def first(self, targets: list[str]) -> tuple[str, Fault] | None:
        """Return the first of `targets` that has a fault, with its fault."""
        with self._lock:
            for target in targets:
                if target in self._faults:
                    return target, self._faults[target]
        return None

    def flap_fails(self, target: str, channel: str) -> bool:
        """Count one request to a flapping target; return True on the failing turns.

        Each channel (a service point code or a port name) counts separately. So the
        requests of one probe alternate, however many other probes share the fault. The
        first request after the fault is set fails, the second succeeds, and so on.
        """
        key = (target, channel)
        with self._lock:
            count = self._flap_counts.get(key, 0)
            self._flap_counts[key] = count + 1
            return count % 2 == 0

    def items(self) -> list[tuple[str, Fault]]:
        with self._lock:
            return sorted(self._faults.items())

    def snapshot(self) -> dict[str, str]:
        with self._lock:
            return {target: str(fault) for target, fault in sorted(self._faults.items())}
