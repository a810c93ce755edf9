"""The theme: Jinja2 templates, interface catalogues and the inlined stylesheet."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.content.frontmatter import load_own_yaml
from generator.content.model import Languages
from generator.outputs.digests import hash_files, tree_stat


@dataclass
class Theme:
    folder: Path
    env: jinja2.Environment
    strings: dict[str, dict[str, Any]]  # lang → interface strings
    css: str
    digest: str  # hash of every theme file: part of each page's output key
    points_css: str = ""  # added only on sites with points of interest (static/points.css)

    def page_css(self, points: bool = False) -> str:
        """The inlined stylesheet; a site without points keeps exactly the old bytes."""
        return f"{self.css}\n{self.points_css}" if points and self.points_css else self.css

    def csp(self, image_host: str = "", panoramas: bool = False, points: bool = False) -> str:
        """A policy allowing only our inline stylesheet (by hash) and our own script files:
        no inline script, so nothing an entry smuggles into a page can run. `image_host` is
        the configured map tile server, if any. A site with a 360° view also allows its own
        stylesheet files (`style-src 'self'`): the viewer's CSS, fetched on tap."""
        css = self.page_css(points)
        style_hash = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        images = f"'self' {image_host}".strip()
        styles = ("'self' " if panoramas else "") + f"'sha256-{style_hash}'"
        return (
            f"default-src 'self'; img-src {images}; style-src {styles}; "
            "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            "frame-src https://www.youtube-nocookie.com; media-src 'self'"
        )

    def render(self, template: str, **context: Any) -> bytes:
        return self.env.get_template(template).render(**context).encode("utf-8")


_last: dict[tuple, tuple[list, Theme]] = {}  # the theme this process loaded last, by its files


def load_theme(folder: Path, languages: Languages, cache_dir: Path | None = None) -> Theme:
    """The theme, loaded again only when one of its files changed since this process last
    loaded it (`serve` rebuilds on every save; its templates stay compiled in memory)."""
    stamp = tree_stat([folder])
    wanted = (folder, languages, cache_dir)
    if wanted in _last and _last[wanted][0] == stamp:
        return _last[wanted][1]
    theme = _load(folder, languages, cache_dir)
    _last.clear()
    _last[wanted] = (stamp, theme)
    return theme


def _load(folder: Path, languages: Languages, cache_dir: Path | None) -> Theme:
    """With `cache_dir`, compiled templates are kept there (Jinja's bytecode cache, keyed by
    each template's source): compiling them was ~70 ms of every rebuild."""
    bytecode = None
    if cache_dir is not None:
        (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir / "templates"))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder / "templates"),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one Environment per build: no stat of each template per render
        bytecode_cache=bytecode,
    )
    strings = load_catalogues(folder / "i18n", languages)
    css = (folder / "static" / "style.css").read_text("utf-8").strip()
    points = folder / "static" / "points.css"
    points_css = points.read_text("utf-8").strip() if points.is_file() else ""
    return Theme(folder, env, strings, css, hash_files(folder), points_css)


def catalogue_path(folder: Path, lang: str) -> Path:
    return folder / f"{lang}.yml"


def load_catalogues(folder: Path, languages: Languages) -> dict[str, dict[str, Any]]:
    """lang → its interface strings; a string a catalogue lacks comes from the next language of
    its chain (`build` first refuses a language with no catalogue at all)."""
    own = {lang: load_own_yaml(catalogue_path(folder, lang).read_text("utf-8"))
           for lang in languages.tags if catalogue_path(folder, lang).is_file()}
    strings = {}
    for lang in own:
        merged: dict[str, Any] = {}
        for tag in reversed(languages.chain(lang)):
            merged.update(own.get(tag, {}))
        strings[lang] = merged
    return strings
