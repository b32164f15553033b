"""Fault names, their parser and the thread-safe table of active faults.

A fault is written `KIND` or `slow:MS` and is set on a target: the id of a monitored
subsystem, the aggregate id "service-points" (every service point at once) or one
service point code such as "SP017". `clear` removes the fault of a target.
"""

import threading
from dataclasses import dataclass

from etc_console.catalog.model import Catalog

FAULT_KINDS = ("down", "slow", "http500", "cert-expiring", "cert-expired", "flapping")
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


def fault_syntax() -> str:
    """Return the list of valid fault words for error messages."""
    words = [f"slow:MS (1..{MAX_SLOW_MS})" if kind == "slow" else kind for kind in FAULT_KINDS]
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


def check_target(target: str, fault: Fault | None, catalog: Catalog) -> None:
    """Raise ValueError unless `fault` can be set on `target` in a lab of this catalog."""
    subsystems = subsystem_targets(catalog)
    points = [point.code for point in catalog.service_points]
    aggregate = aggregate_id(catalog)

    if target not in subsystems and target != aggregate and target not in points:
        point_range = f"{points[0]}..{points[-1]}" if points else "none"
        raise ValueError(
            f"unknown fault target {target!r}; expected a monitored subsystem id "
            f"({', '.join(subsystems + [aggregate])}) or a service point code ({point_range})"
        )

    if fault is not None and fault.is_cert and target not in subsystems:
        raise ValueError(
            f"the fault {fault} cannot be set on {target!r}: service point heartbeats are "
            "plain HTTP, so certificate faults apply only to subsystem ids"
        )


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
