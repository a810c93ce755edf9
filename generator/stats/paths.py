"""What a requested URL is: a plate's landing (scanned or typed), a site's page, or nothing
we count. Only paths under the site's base path count; other sites on the host are ignored.

Landings are `q/<CODE>` (also `q/<CODE>.html`, `q/<CODE>/`, `q/<CODE>/index.html`) in the
default language and `<lang>/q/<CODE>…` in the others. A code typed in the code box arrives as
`q/?code=…` (the form, without scripts) or `q/<CODE>/?typed=1` (site.js adds the marker)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import parse_qs, unquote

from generator.content.model import Languages
from generator.outputs.urls import lang_dir

TYPED_CODE = re.compile(r"^([A-Z]{2,4})([0-9]{2,4})(?:-([1-9][0-9]{0,2}))?$")
ASSET = re.compile(r"\.(?!html$)[A-Za-z0-9]{1,5}$")  # a file other than a page
MAX_CODE = 40  # an unknown "code" longer than this is a probe: kept cut, as text, never run


class Request(NamedTuple):
    kind: str  # "scan" | "typed" | "page"
    key: str  # the code, or the page's slug ("" is the home page)
    lang: str


@dataclass(frozen=True)
class SiteMap:
    base_path: str  # "/diachido" or ""
    languages: Languages
    slugs: frozenset[str]
    dirs: dict[str, str] = field(init=False, compare=False)  # "zh-hans" → "zh-Hans"

    def __post_init__(self) -> None:
        object.__setattr__(self, "dirs", {lang_dir(tag): tag for tag in self.languages.tags[1:]})

    def classify(self, target: str) -> Request | None:
        path, _, query = target.partition("?")
        base = self.base_path
        if path == base:
            path = base + "/"
        if not path.startswith(base + "/"):
            return None
        if ASSET.search(path):
            return None  # a script, an image, a feed: three requests in four, dropped first
        parts = unquote(path[len(base) + 1:], errors="replace").split("/")
        lang = self.languages.tags[0]
        dirs = self.dirs
        if parts[0] in dirs:
            lang, parts = dirs[parts[0]], parts[1:]
        if parts and parts[-1] in ("", "index.html"):
            parts = parts[:-1]
        if not parts:
            return Request("page", "", lang)
        if parts[0] == "q":
            return _landing(parts[1:], query, lang)
        if len(parts) == 1 and parts[0] in self.slugs:
            return Request("page", parts[0], lang)
        return None


def _landing(parts: list[str], query: str, lang: str) -> Request | None:
    try:
        params = parse_qs(query, max_num_fields=20) if query else {}
    except ValueError:  # a probe with hundreds of fields
        params = {}
    if not parts:  # the code list; the form without scripts sends ?code=
        typed = typed_code(params.get("code", [""])[0])
        return Request("typed", typed, lang) if typed else None
    code = "/".join(parts)
    if len(parts) == 1 and code.endswith(".html"):
        code = code[:-5]
    kind = "typed" if "typed" in params else "scan"
    return Request(kind, code[:MAX_CODE], lang)


def typed_code(text: str) -> str:
    """What site.js makes of a typed code: spaces out, upper case (points keep their hyphen)."""
    value = re.sub(r"\s+", "", text).upper()
    return value if TYPED_CODE.match(value) else (value[:MAX_CODE] if value else "")
