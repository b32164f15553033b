"""States, error classes and results shared by every probe kind."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class State(StrEnum):
    OK = "ok"
    WARNING = "warning"
    DOWN = "down"
    UNKNOWN = "unknown"
    MAINTENANCE = "maintenance"


# Rank used to pick the worst state of several probes. MAINTENANCE is decided by the
# maintenance window of a subsystem, not by this ranking.
SEVERITY = {
    State.OK: 0,
    State.MAINTENANCE: 0,
    State.UNKNOWN: 1,
    State.WARNING: 2,
    State.DOWN: 3,
}


def worst(states) -> State:
    """Return the most severe of `states`; UNKNOWN for an empty collection."""
    states = list(states)
    if not states:
        return State.UNKNOWN
    return max(states, key=lambda state: SEVERITY[state])


class ErrorClass(StrEnum):
    """The cause of a failed attempt; each class has its own wording in the UI."""

    DNS = "dns"  # the host name did not resolve
    REFUSED = "refused"  # the peer replied to the connect with a reset
    CONNECT_TIMEOUT = "connect_timeout"  # no reply to the connect within connect_timeout
    TIMEOUT = "timeout"  # connected, but the whole probe ran past its total timeout
    CONNECT = "connect"  # another socket error (unreachable network, reset mid-way)
    TLS = "tls"  # the TLS handshake failed
    CERTIFICATE = "certificate"  # the certificate checks found a problem
    HTTP_STATUS = "http_status"  # an unexpected HTTP status code
    CONTENT = "content"  # the body failed a keyword or JSON-field rule
    PROTOCOL = "protocol"  # the peer sent something that is not the expected protocol
    CONFIG = "config"  # the probe cannot run as configured (missing credential, bad file)
    INTERNAL = "internal"  # a bug in the console; the detail carries the exception


@dataclass(frozen=True)
class Finding:
    """One separate observation of a probe, such as "certificate expires in 12 days"."""

    code: str
    state: State
    message: str


@dataclass(frozen=True)
class Outcome:
    """The observation of one attempt of one probe."""

    state: State
    detail: str
    checked_at: datetime
    latency_ms: float | None = None
    error_class: ErrorClass | None = None
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class ProbeResult:
    """An attempt's outcome together with the probe's confirmed state after it.

    `outcome.state` is what this attempt saw. `state` is the probe's state once the
    consecutive-failure and recovery counts are applied, so one lost packet leaves
    `state` at OK while `outcome.state` is DOWN.
    """

    probe_id: str
    subsystem_id: str
    kind: str
    name: str
    outcome: Outcome
    state: State
    member: str | None = None
    changed: bool = False
    previous_state: State | None = None
    pending_failures: int = 0

    @property
    def checked_at(self) -> datetime:
        return self.outcome.checked_at

    @property
    def latency_ms(self) -> float | None:
        return self.outcome.latency_ms

    @property
    def detail(self) -> str:
        return self.outcome.detail


@dataclass
class StateTracker:
    """Confirm failures and recoveries before a probe changes state.

    A probe turns DOWN only after `fail_after` consecutive DOWN attempts and returns to
    OK only after `recover_after` consecutive good attempts. WARNING and UNKNOWN
    outcomes take effect at once, since they raise no alarm.
    """

    fail_after: int = 2
    recover_after: int = 1
    state: State = State.UNKNOWN
    failures: int = 0
    successes: int = 0
    history: list[tuple[datetime, State, State]] = field(default_factory=list)

    def observe(self, outcome: Outcome) -> tuple[State, bool]:
        """Apply one attempt; return the confirmed state and whether it changed."""
        previous = self.state

        if outcome.state == State.DOWN:
            self.failures += 1
            self.successes = 0
            if self.failures >= self.fail_after:
                self.state = State.DOWN
        else:
            self.failures = 0
            self.successes += 1
            if self.state != State.DOWN or self.successes >= self.recover_after:
                self.state = outcome.state

        changed = self.state != previous
        if changed:
            self.history.append((outcome.checked_at, previous, self.state))
        return self.state, changed
