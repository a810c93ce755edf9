"""The whole Content-Security-Policy of the pages and of `_headers`, directive by directive.

Each directive is there for a reason a test can name: no plugin content (`object-src`), no
`<base>` that would re-point every relative link (`base-uri`), no framing of our pages by another
site (`frame-ancestors`, which only a header can carry). A test that looks for one directive at a
time lets the others go; this one compares the policy whole with the one documented here."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from conftest import entry

# The documented policy of a site without map tiles, 360° views or a counter.
PAGE_POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'"],
    "style-src": ["'sha256-*'"],  # the page's one inline stylesheet, by hash
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com"],
    "media-src": ["'self'"],
}


def parse_policy(text: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in text.split(";"):
        if part.strip():
            name, *values = part.split()
            assert name not in directives, f"{name} given twice"
            directives[name] = values
    return directives


def _normal(policy: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: [re.sub(r"^'sha256-[A-Za-z0-9+/=]{44}'$", "'sha256-*'", v) for v in values]
            for name, values in policy.items()}


def test_pages_and_headers_carry_the_whole_policy(project):
    p = project({"sites/dinh.md": entry()})
    p.build("--no-plates")
    for page in ("index.html", "dinh/index.html", "en/dinh/index.html", "q/NT01.html"):
        soup = BeautifulSoup((p.out / page).read_text("utf-8"), "html.parser")
        metas = soup.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(metas) == 1, page
        assert _normal(parse_policy(metas[0]["content"])) == PAGE_POLICY, page
    headers = (p.out / "_headers").read_text("utf-8")
    site_block = headers.split("\n/")[0]
    assert site_block.startswith("/*\n")
    lines = dict(line.strip().split(": ", 1) for line in site_block.splitlines()[1:])
    assert _normal(parse_policy(lines["Content-Security-Policy"])) == {
        **PAGE_POLICY, "frame-ancestors": ["'none'"]}
    assert lines["X-Content-Type-Options"] == "nosniff"
    assert lines["Referrer-Policy"] == "strict-origin-when-cross-origin"
