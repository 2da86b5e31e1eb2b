"""Reporters: they format audit results and the per-source aggregate, and compute nothing."""
