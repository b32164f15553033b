"""Offline sync with the province center's PostgreSQL: outbox, push, pull and conflicts.

Push, pull and merge see tables only through `tables.SYNCED_TABLES`. That registry is
the one module that names the record kinds (patrols, incidents) and their hooks.
Nothing here imports Qt.
"""
