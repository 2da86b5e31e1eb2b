"""Readability rules."""
