"""The built-site checker: every internal link, image, asset, alias and QR target resolves.

Run by `diachido check` on the existing build and by the tests on every build they make. It reads
the HTML with the standard library's parser (no extra dependency) and resolves URLs the way a
static host does: "x/" means "x/index.html", and "/q/NT01" may be served from "q/NT01.html".
"""

from __future__ import annotations

import html.parser
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

_ATTRS = {"href", "src", "action", "poster", "data-offline"}
_REFRESH = re.compile(r"^\s*\d+\s*;\s*url=(?P<url>.+)$", re.I)


@dataclass(frozen=True)
class BrokenLink:
    page: str  # path of the page in the build
    url: str


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("link", "a") and values.get("rel") in ("canonical", "alternate") or \
                values.get("hreflang") and tag == "link":
            return  # absolute URLs of the public site, checked through the sitemap
        for name, value in attrs:
            if value is None:
                continue
            if name in _ATTRS:
                self.urls.append(value)
            elif name == "srcset":
                self.urls += [part.strip().split(" ")[0] for part in value.split(",") if part]
            elif name == "content" and (values.get("http-equiv") or "").lower() == "refresh":
                match = _REFRESH.match(value)
                if match:
                    self.urls.append(match["url"].strip())


def _target(build: Path, page: Path, url: str, base_path: str) -> Path | None:
    """The file a static host would serve for `url` on `page`, or None if it is external."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "tel:", "geo:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page
    if path.startswith("/"):
        if base_path and not path.startswith(base_path + "/"):
            return build / "__outside_base_path__"
        resolved = build / path[len(base_path) + 1:]
    else:
        resolved = page.parent / path
    return resolved


def _exists(target: Path) -> bool:
    if target.is_dir():
        return (target / "index.html").is_file()
    return target.is_file() or target.with_name(target.name + ".html").is_file()


def check_links(build: Path, base_path: str = "") -> list[BrokenLink]:
    """Every broken internal reference in `build`, sorted."""
    build = build.resolve()
    broken = set()
    for page in sorted(build.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text("utf-8", "replace"))
        rel = page.relative_to(build).as_posix()
        for url in parser.urls:
            target = _target(build, page, url, base_path)
            if target is None:
                continue
            inside = build in target.resolve().parents or target.resolve() == build
            if not inside or not _exists(target.resolve()):
                broken.add(BrokenLink(rel, url))
    broken |= _plate_targets(build)
    return sorted(broken, key=lambda b: (b.page, b.url))


def _plate_targets(build: Path) -> set[BrokenLink]:
    """Each plate's QR target (q/<CODE>) must land somewhere."""
    broken = set()
    plates = build / "plates"
    for plate in sorted(plates.glob("*.svg")) if plates.is_dir() else []:
        code = PurePosixPath(plate.name).stem
        if not ((build / "q" / f"{code}.html").is_file()
                and (build / "q" / code / "index.html").is_file()):
            broken.add(BrokenLink(f"plates/{plate.name}", f"q/{code}"))
    return broken
