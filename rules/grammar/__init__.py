"""Grammar rules."""
