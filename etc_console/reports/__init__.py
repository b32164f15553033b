"""Exported reports: workbooks a supervisor reads and prints."""
