"""The detail view of one subsystem: header, latency history, results and changes."""
