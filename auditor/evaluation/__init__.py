"""Re-runnable measurement of every rule family on the labelled corpora (`auditor eval`)."""
