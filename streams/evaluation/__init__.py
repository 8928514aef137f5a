"""Evaluation commands: quality figures of each stage on its evaluation set (``wirewatch eval <stage>``)."""
