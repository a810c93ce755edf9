"""Benchmark harness for diachido (issue 7, "Performance").

`python -m tests.bench` builds synthetic projects of 100, 1,000 and 10,000 sites with the real
CLI in a subprocess, side by side with Hugo and Pelican on the same corpus, and prints a table of
medians next to the performance targets. `--quick` is the CI smoke run (N=20, one run, no timing
asserts); `--profile N` profiles one cold `--no-plates` build. See run.py for what is measured
and how.
"""
