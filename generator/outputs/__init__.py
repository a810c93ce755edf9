"""Outputs: the plan's files, staged or replaced in place, the manifest, the worker pool, URLs."""
