"""Typographic quotes (“…”, ‘…’, «…») where YAML wants straight ones.

Word, phone keyboards and chat apps turn `"` into “ and ”; YAML does not know them, so
`title: “Đình Phú Mỹ”` is read as text whose first and last characters are quotes, and
`title: “Đình: Phú Mỹ”` is a syntax error. The front-matter parser (frontmatter.py) removes
quotes that wrap a whole plain value, with a warning, and names them in the syntax advice.
"""

from __future__ import annotations

import re

# Opening quote → the closing quotes it pairs with (Word's “…”, German „…“, phones' ”…”).
PAIRS = {"“": "”", "”": "”", "„": "“”", "‘": "’", "’": "’", "«": "»", "»": "«"}

# A line holding one value: an optional list dash, an optional `key:`, the value, blanks.
_LINE = re.compile(r"^(?P<head>[ ]*(?:-[ ]+)?(?:[A-Za-z_][A-Za-z0-9_-]*:[ ]+)?)"
                   r"(?P<value>\S.*?)[ ]*$")


def unwrap(text: str) -> str | None:
    """The text inside typographic quotes that wrap all of it, or None. `“a” và “b”` is two
    quotations, not one wrapped value."""
    if len(text) < 2 or text[0] not in PAIRS or text[-1] not in PAIRS[text[0]]:
        return None
    inner = text[1:-1]
    if text[0] in inner or text[-1] in inner:
        return None
    return inner.strip()


def straight(value: str) -> str:
    """`value` as a YAML quoted scalar: in double quotes, or single ones if it holds `"`."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def corrected_line(line: str) -> str | None:
    """`line` with its typographically quoted value in straight quotes, or None if the line's
    value is not wrapped in typographic quotes."""
    match = _LINE.match(line)
    inner = unwrap(match["value"]) if match else None
    if match is None or inner is None:
        return None
    return match["head"] + straight(inner)
