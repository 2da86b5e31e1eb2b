"""Attribution rules."""
