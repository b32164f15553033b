"""Incidents with contract SLA clocks, append-only timelines and fine exposure."""
