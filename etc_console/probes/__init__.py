"""Probe engine: checks that run headless, without Qt."""
