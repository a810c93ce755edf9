"""Hypothesis strategies and payload lists for tests/test_hostile.py (hostile input, issue 8).

Everything here produces *text of entry files*: a front matter written by `emit_yaml` (one line
per key, flow style, every character YAML cannot carry raw escaped, so a value round-trips
exactly) and a Markdown body. `test_hostile.py` decides what a run must do with them.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from hypothesis import strategies as st

# -- payloads -----------------------------------------------------------------------------------

# Script injection as text: every one must end up as visible text (or be dropped), never markup.
SCRIPT_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<object data=data:text/html,<script>alert(1)</script>></object>",
    "<embed src=javascript:alert(1)>",
    "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="width:expression(alert(1))">x</div>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;",
]
# Template syntax: must appear literally in the page, never evaluated (no "49", no "XXX").
TEMPLATE_PAYLOADS = [
    "{{ 7*7 }}",
    "{% for x in range(3) %}X{% endfor %}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{# hidden #}",
    "${7*7}",
    "{code}",
    "{0.__class__}",
    "%s%s%n",
]
# Unicode that disguises or breaks text: zero-width, bidi controls, combining pileups, emoji.
UNICODE_TRICKS = [
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",
    "\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e", "\u061c",
    "e\u0301", "a" + "\u0300\u0301\u0302\u0303\u0309\u0323" * 8, "\u0301",
    "Z\u0334\u0321\u031b\u0348\u031c\u032a\u032f\u0347\u031d\u0325\u0348\u0344a\u0337l\u0337",
    "\U0001f469\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "\U0001f1fb\U0001f1f3",
    "\U0001f4a9", "\u2028", "\u2029", "\ufffd", "\ufffe", "\uffff", "\ufdd0", "\U0010ffff",
    unicodedata.normalize("NFD", "Đình Phú Mỹ Nhơn Trạch"),
    "\x00", "\x07", "\x08", "\x0c", "\x1b[2J\x1b[31m", "\x1b]0;owned\x07", "\x7f", "\x85",
    "\x9b", "\t", "\r", "\n",
]
# Markdown link tricks (the body is the one place where links are *meant* to be markup).
LINK_TRICKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javas&#99;ript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&#x3A;alert(1))",
    "[x](jav\tascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](livescript:alert(1))",
    "[x](file:///etc/passwd)",
    '[x](http://a.example/ "t\\" onmouseover=\\"alert(1))',
    '[x](http://a.example/" onclick="alert(1))',
    "[x](http://a.example/?<script>alert(1)</script>)",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "[x][evil2]\n\n[evil2]: <javascript:alert(1)> \"title\"",
    "[evil3]\n\n[evil3]: &#106;avascript:alert(1)",
    "[x](#\" onfocus=\"alert(1))",
    "[x](mailto:a@b.example?body=<script>alert(1)</script>)",
    "[safe](https://example.org/ok)",
]
# Raw HTML and other block-level abuse in a body.
BODY_BLOCKS = [
    *SCRIPT_PAYLOADS,
    *LINK_TRICKS,
    "<div onclick=alert(1)>\n\n**x**\n\n</div>",
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<a href=javascript:alert(1)>raw</a>",
    "<img src=x onerror=alert(1)//",
    "<<script>script>alert(1)<</script>/script>",
    "```\n<script>alert(1)</script>\n```",
    "    <script>indented code</script>",
    "`<script>alert(1)</script>`",
    "| a | <script>alert(1)</script> |\n|:--|--:|\n| [x](javascript:alert(1)) | b |",
    "> <script>alert(1)</script>\n>> [x](javascript:alert(1))",
    "- <svg onload=alert(1)>\n    - [x](javascript:alert(1))",
    "# <img src=x onerror=alert(1)>\n###### {{ 7*7 }}",
    "\\<script>alert(1)\\</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\x02wzxhzdk:0\x03 \x02klzzwxh:0\x03",
    "***" * 50,
    "[" * 200 + "x" + "]" * 200,
    ">" * 200 + " deep quote",
    "\n".join("    " * i + "- nested" for i in range(40)),
    "![bức ảnh](good/anh.jpg)",
    "![<script>alert(1)</script>\" onerror=\"alert(1)](good/anh.jpg \"t\\\" onload=\\\"x\")",
    "---",
    "...",
    "\ufeff\u202e<script>",
]

# -- YAML emitter -------------------------------------------------------------------------------

_YAML_SAFE = {ord("\t")}


def _yaml_printable(char: str) -> bool:
    """Characters a YAML stream may contain raw (YAML 1.1 "printable", minus line breaks)."""
    code = ord(char)
    if code in _YAML_SAFE or 0x20 <= code <= 0x7E:
        return True
    if code in (0x85, 0x2028, 0x2029, 0xFEFF):  # line breaks in YAML 1.1; BOM
        return False
    return 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar that parses back to exactly `text`, on one line."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif _yaml_printable(char):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def emit_yaml(value: Any) -> str:
    """One-line flow YAML for the values the strategies produce."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return yaml_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(emit_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_str(str(k))}: {emit_yaml(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(type(value))


def front_matter(fields: dict[str, Any], body: str = "") -> str:
    lines = [f"{yaml_str(key) if not key.isidentifier() else key}: {emit_yaml(value)}"
             for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


# -- text ---------------------------------------------------------------------------------------

any_char = st.characters(exclude_categories=("Cs",))  # everything Python can encode to UTF-8
random_text = st.text(any_char, max_size=24)
hostile_piece = st.one_of(
    st.sampled_from(SCRIPT_PAYLOADS), st.sampled_from(TEMPLATE_PAYLOADS),
    st.sampled_from(UNICODE_TRICKS), random_text,
)


@st.composite
def hostile_text(draw, max_raw: int = 60) -> str:
    """Hostile text that is still a *valid* value: it always keeps a visible letter."""
    pieces = draw(st.lists(hostile_piece, min_size=1, max_size=4))
    text = "T " + "".join(pieces)
    return text[:max_raw]


def norm_nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# -- random YAML shapes -------------------------------------------------------------------------

yaml_scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(-10**6, 10**6), st.integers(min_value=10**18, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1)), st.datetimes(),
    random_text, st.sampled_from(SCRIPT_PAYLOADS + TEMPLATE_PAYLOADS + UNICODE_TRICKS),
    st.sampled_from(["NT01", "nt 02", "quốc gia", "tỉnh", "A5", "board", "good/anh.jpg",
                     "../../etc/passwd", "/etc/passwd", "C:\\x.jpg", "good\\anh.jpg",
                     "https://example.org/x", "javascript:alert(1)", "yes", "no", "~", ""]),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.one_of(st.sampled_from(["src", "alt", "caption", "title", "url", "lat", "lon",
                                   "name", "year", "text"]), random_text), inner, max_size=4),
    max_leaves=10,
)


def _nest(value: Any, depth: int, kinds: list[bool]) -> Any:
    for is_list in kinds[:depth]:
        value = [value] if is_list else {"k": value}
    return value


deep_values = st.builds(
    _nest, yaml_values, st.integers(1, 30), st.lists(st.booleans(), min_size=30, max_size=30))
any_yaml_value = st.one_of(yaml_values, deep_values)


def plausible(key: str, code: str) -> st.SearchStrategy:
    """A value that is probably valid for `key` (so validation gets past it to the next key)."""
    table = {
        "code": st.just(code),
        "title": hostile_text(), "summary": hostile_text(), "category": hostile_text(),
        "address": hostile_text(), "cover_alt": hostile_text(),
        "location": st.fixed_dictionaries({"lat": st.floats(-90, 90), "lon": st.floats(-180, 180)}),
        "ranking": st.sampled_from(["quốc gia đặc biệt", "quốc gia", "tỉnh", "cấp tỉnh"]),
        "ranked_year": st.integers(1000, 2100),
        "cover": st.just("good/anh.jpg"),
        "gallery": st.lists(st.fixed_dictionaries(
            {"src": st.just("good/anh.jpg"), "alt": hostile_text()},
            optional={"caption": hostile_text()}), min_size=1, max_size=2),
        "sources": st.lists(st.one_of(hostile_text(), st.fixed_dictionaries(
            {"title": hostile_text(), "url": st.sampled_from(
                ["https://example.org/a?b=1&c=<2>", "mailto:a@example.org",
                 "https://evil.example/'onmouseover=alert(1)//"])})), max_size=3),
        "aliases": st.lists(st.from_regex(r"\A[a-z]{1,6}-old\Z"), max_size=2),
        "draft": st.booleans(),
        "plate_size": st.sampled_from(["A6", "A5", "A4", "board"]),
        "plate_language": st.sampled_from(["en", "ko", "zh-Hans", "pt-BR", "kor", "zh_CN"]),
    }
    return table.get(key, any_yaml_value)


@st.composite
def random_shaped_entry(draw, known_keys: list[str], code: str) -> dict[str, Any]:
    """Every known key may appear with a plausible value or any YAML shape at all."""
    fields: dict[str, Any] = {}
    for key in known_keys:
        required = key in ("code", "title", "summary", "category", "address")
        if draw(st.floats(0, 1)) < (0.85 if required else 0.3):
            valid = draw(st.floats(0, 1)) < 0.6
            fields[key] = draw(plausible(key, code) if valid else any_yaml_value)
    for _ in range(draw(st.integers(0, 1))):
        fields[draw(st.one_of(random_text.filter(bool), st.sampled_from(
            ["Title", "titel", "tittle", "<script>", "{{ 7*7 }}", "__proto__", "~"])))] = draw(
            yaml_scalars)
    order = draw(st.permutations(list(fields)))
    return {key: fields[key] for key in order}


# -- Markdown bodies ----------------------------------------------------------------------------

@st.composite
def markdown_block(draw) -> str:
    text = draw(hostile_text())
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + text
    if kind == 1:
        return "\n".join(f"{'  ' * draw(st.integers(0, 3))}- {draw(hostile_text())}"
                         for _ in range(draw(st.integers(1, 4))))
    if kind == 2:
        return "> " + text
    if kind == 3:
        return "```\n" + text + "\n```"
    if kind == 4:
        return f"| {text} | b |\n|---|:-:|\n| {draw(hostile_text())} | c |"
    if kind == 5:
        url = draw(st.sampled_from(["https://example.org/", "mailto:a@b.c", "#x", "tel:+84",
                                    "geo:1,2", "javascript:x", "a/b"]))
        return f"[{text}]({url})"
    if kind == 6:
        return f"**{text}** _{draw(hostile_text())}_ `{draw(hostile_text())}`"
    return text


def markdown_body() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(BODY_BLOCKS), markdown_block()), max_size=8).map(
        "\n\n".join)
