"""Exceptions that end a run with a usage or configuration error (exit code 2)."""


class UsageError(Exception):
    """The command line or the inputs asked for something impossible."""


class ConfigError(UsageError):
    """The configuration names an unknown key, rule code or value."""
