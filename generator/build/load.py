"""Phase 1 of a build: config, entries, trails, the code registry and every file they refer to,
all validated into one model before anything is drawn or written."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.options import PACKAGE_DIR, Options, theme_dir
from generator.outputs.digests import tree_stat
from generator.outputs.urls import lang_dir
from generator.problems import Problems

if TYPE_CHECKING:  # imported where used: an untouched project exits before loading them
    from generator.content.model import Site
    from generator.content.parse_cache import ParseCache
    from generator.content.registry import Landing, Record
    from generator.content.trails import Trail
    from generator.media.av import AvRefs
    from generator.media.images import MediaCache
    from generator.media.refs import ImageRefs
    from generator.render.theme import Theme

RESERVED = {"en", "q", "media", "assets", "plates", "data", "map", "trails", "404", "share",
            "admin"}


@dataclass
class Loaded:
    """Everything validated, before anything is drawn or written."""

    site: Site
    trails: list[Trail]
    records: dict[str, Record]
    landings: list[Landing]
    cache: MediaCache
    refs: ImageRefs
    av: AvRefs
    theme: Theme
    code_digest: str
    new_points: dict[str, tuple]  # point numbers to register: site code → ((n, id), …)
    parsed: ParseCache  # saved once the build is in place (serve's first pages come sooner)


def load(root: Path, options: Options, cache_dir: Path, problems: Problems) -> Loaded:
    """Phase 1: config, entries, trails, the code registry, and every referenced file."""
    from generator.content.communes import commune_names
    from generator.content.config import load_config
    from generator.content.entries import load_site
    from generator.content.parse_cache import FILE_NAME as PARSE_CACHE
    from generator.content.parse_cache import ParseCache
    from generator.content.registry import load_registry, reconcile, reconcile_points
    from generator.content.trails import load_trails
    from generator.media.av import collect_av
    from generator.media.images import MediaCache
    from generator.media.refs import collect_images
    from generator.outputs.digests import key
    from generator.render.theme import load_theme

    code_digest = _code_digest()
    config = load_config(root, problems, options.base_url)
    media_state = json.dumps(tree_stat([root / "media"]) if (root / "media").is_dir() else [])
    communes = commune_names(theme_dir(root) / "geo")
    parse_cache = ParseCache(cache_dir / PARSE_CACHE, key(code_digest, media_state, communes,
                                                              config.languages))
    site = load_site(root, config, problems, parse_cache, options.workers, communes)
    _check_reserved(site, problems)
    records = load_registry(root, problems, parse_cache)
    complete = not problems.errors
    landings = reconcile(site, records, problems)
    site, landings, new_points = reconcile_points(site, records, landings, problems, complete)
    trails = load_trails(root, site.entries, config.languages, problems,  # point codes too
                         site.broken_codes())
    cache = MediaCache(cache_dir)
    refs = collect_images(root, site, cache, problems)
    av = collect_av((root / "media").resolve(), site.entries + site.drafts, problems,
                    options.strict)
    theme = load_theme(theme_dir(root), site.config.languages, cache_dir)
    for lang in site.config.languages.tags:
        if lang not in theme.strings:
            problems.add("missing-catalogue", "diachido.yml", lang=lang,
                         path=theme_dir(root).relative_to(root).as_posix() + f"/i18n/{lang}.yml"
                         if theme_dir(root).is_relative_to(root) else f"i18n/{lang}.yml")
    return Loaded(site, trails, records, landings, cache, refs, av, theme, code_digest,
                   new_points, parse_cache)


def _check_reserved(site: Site, problems: Problems) -> None:
    """A slug may not take a folder the site uses: its own, or a language's (`ko/`, `zh-hans/`)."""
    reserved = RESERVED | {lang_dir(tag) for tag in site.config.languages.tags}
    for entry in site.entries + site.drafts:
        for name in (entry.slug, *entry.aliases):
            if name in reserved:
                problems.add("reserved-slug", entry.path, slug=name,
                             reserved=", ".join(sorted(reserved)))


@functools.cache
def _code_digest() -> str:
    """Generator sources count as an input: a changed renderer must not reuse old pages. Hashed
    once per process: the code that renders is the code that was imported."""
    from generator.outputs.digests import hash_files

    return hash_files(PACKAGE_DIR, ("*.py", "*.yml"))
