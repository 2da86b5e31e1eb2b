"""Translation rules."""
