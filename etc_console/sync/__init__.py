"""Offline sync with the province center's PostgreSQL: outbox, push, pull and conflicts.

The mechanism knows tables only through `tables.SYNCED_TABLES`; it does not depend on
patrols or incidents. Nothing here imports Qt.
"""
