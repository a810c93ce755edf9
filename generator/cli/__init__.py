"""CLI: arguments, the terminal report, the preview server, scaffolding.

No logic the library needs lives here; the library never imports it.
"""
