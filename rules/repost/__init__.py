"""Repost rules."""
