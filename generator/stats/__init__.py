"""Scan counts from the web server's access logs or a cookieless counter's export (issue 24).

A pipeline stage of its own: log files → hits (one parser per format) → a tally (bots out,
reloads merged, visitors as salted per-day hashes that never leave memory) → a summary (JSON,
CSV, text) and the union's monthly report (HTML and PDF). It reads the config and codes.yml
(content) and writes through outputs; the CLI calls it, and it never imports render or the CLI.
"""
