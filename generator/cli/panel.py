"""The error panel `diachido serve` puts on every page while the last rebuild failed.

A <details>: on a phone a one-line bar that opens on a tap, so the page below stays usable
(open, it scrolls within 75% of the screen and a tap on the bar closes it); from 48em wide its
content shows without a tap (::details-content; a browser without it shows the bar there too).
Its stylesheet is allowed by hash in the served pages' Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import html

from generator.messages import render_problem, summary
from generator.problems import Problem

PANEL_CSS = (
    ".diachido-errors{position:sticky;top:0;z-index:2147483647;margin:0;padding:.5rem 1rem;"
    "background:#fff4f4;color:#1b1b1b;border-bottom:4px solid #b00020;max-height:75vh;"
    "overflow:auto;font:16px/1.45 system-ui,sans-serif;text-align:start}"
    ".diachido-errors summary{cursor:pointer;color:#b00020;min-height:2rem}"
    ".diachido-errors h2{display:inline;margin:0;font-size:1rem}"
    ".diachido-errors summary span{font-size:.85rem;color:#1b1b1b;white-space:nowrap}"
    ".diachido-errors[open] summary span{display:none}"
    ".diachido-errors p{margin:.5rem 0}"
    ".diachido-errors pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;"
    "border:1px solid #e0b4b4;border-radius:4px;padding:.5rem .75rem;margin:.5rem 0;"
    "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}"
    "@media(min-width:48em){.diachido-errors{padding:1rem}.diachido-errors h2{font-size:1.25rem}"
    ".diachido-errors::details-content{content-visibility:visible}"
    ".diachido-errors summary{list-style:none;pointer-events:none}"
    ".diachido-errors summary span{display:none}}"
)
PANEL_STYLE_HASH = "'sha256-" + base64.b64encode(
    hashlib.sha256(PANEL_CSS.encode()).digest()).decode() + "'"


def panel_html(problems: list[Problem], bug: str | None, lang: str, has_build: bool,
               out_name: str, opened: bool = False) -> str:
    """The panel listing each problem as `render_problem` writes it, HTML-escaped; `bug`: a
    program error's report instead. `opened`: unfolded (the page has nothing else to show)."""
    errors = sum(p.severity == "error" for p in problems)
    if bug is not None:
        title = summary("bug", lang, out=out_name)
        blocks = [bug]
        note = ""
    else:
        title = summary("serve_errors_title", lang, errors=errors)
        blocks = [render_problem(problem, lang) for problem in problems]
        note = summary("serve_errors_note" if has_build else "serve_no_build", lang)
    tap = html.escape(summary("serve_errors_tap", lang))
    parts = [f'<details class="diachido-errors" role="alert" lang="{lang}"'
             f'{" open" if opened else ""}>',
             f"<summary><h2>{html.escape(title)}</h2> <span>{tap}</span></summary>"]
    if note:
        parts.append(f"<p>{html.escape(note)}</p>")
    parts += [f"<pre>{html.escape(block)}</pre>" for block in blocks]
    parts.append("</details>")
    return "\n".join(parts)
