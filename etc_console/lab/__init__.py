"""Training lab: every monitored subsystem simulated on loopback, with faults set by name.

Headless (no Qt): the GUI and the command line wrap this API.
"""

from etc_console.lab.bench import BenchTargets
from etc_console.lab.certstore import LAB_DOMAIN, lab_host_name
from etc_console.lab.control import LabNotRunningError, fetch_faults, send_fault
from etc_console.lab.faults import FAULT_KINDS, parse_fault
from etc_console.lab.lab import Lab

__all__ = [
    "FAULT_KINDS",
    "LAB_DOMAIN",
    "BenchTargets",
    "Lab",
    "LabNotRunningError",
    "fetch_faults",
    "lab_host_name",
    "parse_fault",
    "send_fault",
]
