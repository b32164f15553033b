"""Live monitoring: schedules probes, confirms states, aggregates them per subsystem."""

from etc_console.monitor.scheduler import Monitor, RoundReport
from etc_console.monitor.status import SubsystemStatus

__all__ = ["Monitor", "RoundReport", "SubsystemStatus"]
