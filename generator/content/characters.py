"""The characters no editor means to type, in one place (the parser, entry text, the map's SVG
and terminal messages each had their own list).

- `CONTROL`: C0 controls other than tab and line ends, DEL, the C1 controls other than NEL (a
  line end to YAML), non-characters and lone surrogates. YAML refuses them and XML cannot hold
  them, so the parser reports them and bodies and drawn text drop them.
- `HIDDEN`: `CONTROL`, every line end but LF, and the marks that reorder how text is shown
  (bidirectional overrides and isolates, LRM/RLM), which can disguise a line. Entry text drops
  them; messages show them as U+XXXX so a file cannot drive the terminal.
"""

from __future__ import annotations

import re

_C0 = "\x00-\x08\x0b\x0c\x0e-\x1f"
_NON_CHARACTERS = "\ufffe\uffff\ud800-\udfff"
_DIRECTION = "\u200e\u200f\u202a-\u202e\u2066-\u2069"

CONTROL = re.compile(f"[{_C0}\x7f-\x84\x86-\x9f{_NON_CHARACTERS}]")
HIDDEN = re.compile(f"[{_C0}\r\x7f-\x9f{_NON_CHARACTERS}{_DIRECTION}]")
