"""Guided emergency runbooks: data files, validation, matching and the step runner."""
