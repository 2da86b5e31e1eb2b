"""Built-in rules, grouped by family. Installed as `auditor.rules`."""
