"""Offline sync in the window: the status bar part, the sync-now action and the conflict dialog."""
