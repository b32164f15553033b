"""Compare a measured number (disk use, queue backlog) with a probe's limits."""

from etc_console.config.model import Thresholds
from etc_console.probes.model import Finding, State


def judge_number(value: float, limits: Thresholds, label: str) -> Finding:
    """Return a finding with the state the limits give `value`; DOWN limits win over WARNING ones."""
    checks = (
        (limits.down_above, State.DOWN, "down_above", value > (limits.down_above or 0)),
        (limits.down_below, State.DOWN, "down_below", value < (limits.down_below or 0)),
        (limits.warn_above, State.WARNING, "warn_above", value > (limits.warn_above or 0)),
        (limits.warn_below, State.WARNING, "warn_below", value < (limits.warn_below or 0)),
    )
    for limit, state, key, crossed in checks:
        if limit is not None and crossed:
            side = "above" if key.endswith("above") else "below"
            return Finding(key, state, f"{label} {value:g} is {side} {key} {limit:g}")
    return Finding("value", State.OK, f"{label} {value:g}")


def parse_number(text: str) -> float | None:
    """Return the number in `text` ("91", "1,024", "3.5"), or None when it is not one."""
    try:
        return float(text.strip().replace(",", ""))
    except ValueError:
        return None
