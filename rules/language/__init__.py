"""Language rules."""
