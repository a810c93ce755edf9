"""The pipeline, phase by phase: config → entries → images → plan → produce → commit.

Nothing is written until every input has been validated; then the site is produced into a
staging folder and swapped in whole (see output.py). Unchanged files are hard-linked from the
previous build, and an untouched project exits before the heavy libraries are even imported.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.outputs.digests import file_digest, settled, tree_stat
from generator.outputs.manifest import Inputs, Manifest
from generator.outputs.pool import Progress, counter
from generator.outputs.urls import lang_dir
from generator.problems import Problem, Problems, UserError

if TYPE_CHECKING:  # imported where used: an untouched project exits before loading them
    from generator.content.model import Site
    from generator.content.parse_cache import ParseCache
    from generator.content.registry import Landing, Record
    from generator.content.trails import Trail
    from generator.media.av import AvRefs
    from generator.media.images import MediaCache
    from generator.media.panorama import PanoramaInfo
    from generator.media.refs import ImageRefs
    from generator.outputs.early import Early
    from generator.outputs.plan import Output
    from generator.plates.produce import PlateSet
    from generator.render.pages import Pages
    from generator.render.theme import Theme

CACHE_DIR = ".diachido-cache"
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_THEME = PACKAGE_DIR.parent / "theme"
RESERVED = {"en", "q", "media", "assets", "plates", "data", "map", "trails", "404", "share",
            "admin"}


@dataclass(frozen=True)
class Options:
    root: Path
    out: Path
    base_url: str | None = None
    plates: bool = True
    check_only: bool = False
    strict: bool = False
    workers: int = os.cpu_count() or 1
    # (stage, done, total) as work advances; the CLI draws bars with it on a terminal.
    progress: Progress | None = field(default=None, compare=False, repr=False)
    # `serve`: pages to commit before the rest of a rebuild, and whom to tell (early.py).
    early: Early | None = field(default=None, compare=False, repr=False)
    warm: bool = False  # `serve`: load the project even when nothing changed (memos warm)


@dataclass
class Result:
    published: int = 0
    drafts: int = 0
    written: int = 0
    reused: int = 0
    unchanged: bool = False
    plates: int = 0
    new_codes: list[str] = field(default_factory=list)
    bundle: tuple[str, int] | None = None  # (ZIP path, files) after `diachido bundle`
    sample_plates: str = ""  # the example base_url the plates in the output were drawn with
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    changed: frozenset[str] = frozenset()  # output paths written or removed


def theme_dir(root: Path) -> Path:
    own = root / "theme"
    return own if (own / "templates").is_dir() else DEFAULT_THEME


def build_site(options: Options) -> Result:
    """Build (or with `check_only`, validate and render in memory). Raises UserError."""
    started = time.perf_counter()
    root, out = options.root.resolve(), options.out.resolve()
    _check_out_dir(root, out)
    cache_dir = root / CACHE_DIR
    with _lock(cache_dir):
        manifest = Manifest.load(cache_dir, out)
        if manifest.journal.exists():  # an in-place rebuild was killed half-way
            from generator.outputs.inplace import recover

            recover(manifest.journal)
        inputs = _fingerprint(root, options)
        if not options.check_only and manifest.fresh(inputs, out):
            if options.warm:  # serve's start: the model in memory before the first save
                _load(root, options, cache_dir, Problems())
            return Result(unchanged=True, seconds=time.perf_counter() - started,
                          sample_plates=manifest.notes.get("sample_plates", ""))
        result = _run(root, out, options, manifest, inputs, cache_dir)
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Loaded:
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


def _run(root: Path, out: Path, options: Options, manifest: Manifest, inputs: Inputs,
         cache_dir: Path) -> Result:
    problems = Problems()
    loaded = _load(root, options, cache_dir, problems)
    # The model lives as long as the build: the collector need not walk it again and again
    # (at 10,000 sites each full pass took a tenth of a second), and forked workers share it.
    gc.freeze()
    try:  # what parsed is kept even when a later check fails: the next run parses only edits
        return _produce(root, out, options, manifest, inputs, cache_dir, loaded, problems)
    finally:
        gc.unfreeze()
        loaded.parsed.save()


def _produce(root: Path, out: Path, options: Options, manifest: Manifest, inputs: Inputs,
             cache_dir: Path, loaded: _Loaded, problems: Problems) -> Result:
    """Phases 2 and 3: plan (serve's first pages on the way), then produce and commit."""
    from generator.content.registry import append_new_codes
    from generator.outputs.commit import commit_outputs
    from generator.outputs.early import commit_early

    _stop_on_errors(problems)

    def first(pages: Pages) -> None:  # every input is valid: show serve's pages now
        if options.early and not options.check_only:
            early = options.early
            commit_early(out, pages.shown(early.slugs, early.files), manifest, early)
            _check_superseded(options)

    outputs, plates = _plan(root, loaded, options, cache_dir, problems, first)
    _stop_on_errors(problems)
    result = Result(len(loaded.site.entries), len(loaded.site.drafts), warnings=problems.warnings,
                    plates=len(plates.rows) if plates else 0,
                    sample_plates=loaded.site.config.base_url if plates and plates.sample else "")
    if options.check_only:
        for output in outputs:
            if output.produce:
                output.produce()
        _check_existing_build(out, loaded.site.config.base_path, problems)
        result.warnings = problems.warnings
        _stop_on_errors(problems)
        return result
    _check_superseded(options)
    keys, result.reused, result.changed = commit_outputs(  # serve: a newer save stops it too
        out, outputs, manifest, options.workers,
        lambda total: counter(options.progress, "pages", total, options.early.check
                              if options.early else None))
    result.written = len(outputs) - result.reused
    result.new_codes = append_new_codes(root, loaded.site, loaded.records, loaded.new_points)
    if result.new_codes:
        inputs = _fingerprint(root, options)
    manifest.save(inputs, out, keys,
                  {"sample_plates": result.sample_plates} if result.sample_plates else {})
    loaded.cache.save_index()
    loaded.cache.clean()
    return result


def _load(root: Path, options: Options, cache_dir: Path, problems: Problems) -> _Loaded:
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
    return _Loaded(site, trails, records, landings, cache, refs, av, theme, code_digest,
                   new_points, parse_cache)


def _plan(root: Path, loaded: _Loaded, options: Options, cache_dir: Path, problems: Problems,
          first: Callable[[Pages], None]) -> tuple[list[Output], PlateSet | None]:
    """Phase 2: encode photos, draw plates and share cards (all cached), list every output.
    The pages are listed before plates and cards are drawn, and handed to `first`."""
    from generator.content.trails import stops_by_slug
    from generator.media.images import encode_all
    from generator.media.panorama import collect_panoramas
    from generator.outputs.plan import Output
    from generator.render.admin import AdminPages
    from generator.render.crawlers import crawler_outputs
    from generator.render.data_pages import data_outputs
    from generator.render.host_files import service_worker
    from generator.render.landings import LandingPages
    from generator.render.maps.page import map_outputs, trail_route
    from generator.render.pages import Pages
    from generator.render.trail_pages import TrailPages
    from generator.sharecards.cards import site_cards
    from generator.sharecards.produce import produce_cards

    site, theme, refs, cache = loaded.site, loaded.theme, loaded.refs, loaded.cache
    encode_all((root / "media").resolve(), list(refs.images.values()), cache, refs.owners,
               problems, options.workers)
    panoramas = collect_panoramas((root / "media").resolve(), site.entries + site.drafts, cache,
                                  problems, options.workers).published(site.entries)
    if problems.errors:
        return [], None
    card_list = site_cards(site, theme.strings, refs, cache) if options.plates else []
    pages = Pages(site, theme, refs.images, refs.body, loaded.code_digest, loaded.av,
                  stops_by_slug(loaded.trails, site.entries),
                  frozenset(card.out for card in card_list), bool(loaded.trails),
                  panoramas, {code: r.issued for code, r in loaded.records.items() if r.issued})
    first(pages)
    outputs = pages.plan()
    _check_superseded(options)
    plates = _plates(site, theme, cache_dir, options, problems) if options.plates else None
    _check_superseded(options)
    cards: tuple[tuple[str, Path, str], ...] = ()
    if options.plates:
        card_set = produce_cards(card_list, theme.folder / "fonts", cache_dir, options.workers)
        problems.items.extend(card_set.warnings)
        cards = card_set.files
    outputs += _media_outputs(refs, cache) + _av_outputs(root, loaded.av)
    outputs += _panorama_outputs(panoramas, cache)
    outputs += LandingPages(pages, loaded.landings, loaded.records,
                            list(plates.rows) if plates else []).plan()
    _check_superseded(options)
    outputs += plates.outputs() if plates else []
    outputs += [Output(out, card_key, source=path) for out, path, card_key in cards]
    route = trail_route(theme.folder / "geo", pages.urls)
    outputs += TrailPages(pages, loaded.trails, route).plan()
    outputs += data_outputs(pages) + map_outputs(pages) + crawler_outputs(pages, loaded.trails)
    outputs.append(service_worker(theme, pages.urls, site.config.languages.tags, outputs))
    # After the service worker: editing the editor's config never refreshes visitors' caches.
    from generator.content.registry import code_holders

    outputs += AdminPages(theme, site.config, code_holders(loaded.records, site),
                          {e.slug: e.main.title for e in site.entries + site.drafts}).plan()
    return outputs, plates


def _plates(site: Site, theme: Theme, cache_dir: Path, options: Options,
            problems: Problems) -> PlateSet:
    from generator.plates.jobs import plate_jobs
    from generator.plates.produce import produce_plates

    config = site.config
    logo = (options.root / config.plate_logo).read_bytes() if config.plate_logo else None
    jobs = plate_jobs(site, theme.strings, logo, problems)
    return produce_plates(jobs, theme.folder / "fonts", cache_dir, options.workers, problems,
                          lambda total: counter(options.progress, "plates", total))


def _av_outputs(root: Path, av: AvRefs) -> list[Output]:
    from generator.outputs.plan import Output

    media = (root / "media").resolve()
    return [Output(f.out, f.digest, source=media / f.src, copy=True) for f in av.files.values()]


def _media_outputs(refs: ImageRefs, cache: MediaCache) -> list[Output]:
    from generator.media.images import published_files
    from generator.outputs.plan import Output

    outputs = []
    for info in refs.images.values():
        for path, cached in published_files(info, cache):
            outputs.append(Output(path, info.digest, source=cached))
    return outputs


def _panorama_outputs(panoramas: dict[str, PanoramaInfo], cache: MediaCache) -> list[Output]:
    from generator.media.panorama import published_panorama_files
    from generator.outputs.plan import Output

    return [Output(path, info.digest, source=cached) for info in panoramas.values()
            for path, cached in published_panorama_files(info, cache)]


@functools.cache
def _code_digest() -> str:
    """Generator sources count as an input: a changed renderer must not reuse old pages. Hashed
    once per process: the code that renders is the code that was imported."""
    from generator.outputs.digests import hash_files

    return hash_files(PACKAGE_DIR, ("*.py", "*.yml"))


def _check_existing_build(out: Path, base_path: str, problems: Problems) -> None:
    """`check` also proves the last build's links, images, aliases and QR targets resolve."""
    from generator.outputs.linkcheck import check_links

    if out.is_dir():
        for broken in check_links(out, base_path):
            problems.add("broken-link", f"{out.name}/{broken.page}", url=broken.url)


def _check_superseded(options: Options) -> None:
    """`serve`: stop this build when newer saves wait (outputs/early.py)."""
    if options.early:
        options.early.check()


def _stop_on_errors(problems: Problems) -> None:
    if problems.errors:
        raise UserError(problems.errors + problems.warnings)


def _check_reserved(site: Site, problems: Problems) -> None:
    """A slug may not take a folder the site uses: its own, or a language's (`ko/`, `zh-hans/`)."""
    reserved = RESERVED | {lang_dir(tag) for tag in site.config.languages.tags}
    for entry in site.entries + site.drafts:
        for name in (entry.slug, *entry.aliases):
            if name in reserved:
                problems.add("reserved-slug", entry.path, slug=name,
                             reserved=", ".join(sorted(reserved)))


def _check_out_dir(root: Path, out: Path) -> None:
    """Refuse an output folder whose replacement would destroy sources."""
    protected = [root, root / "sites", root / "media", root / "theme", root / ".git"]
    if out in protected or out in root.parents or any(p in out.parents for p in protected[1:]):
        raise UserError([Problem("bad-out-dir", params=(("out", str(out)),))])


def _fingerprint(root: Path, options: Options) -> Inputs:
    from generator.content.config import CONFIG_NAME
    from generator.content.registry import REGISTRY_NAME

    paths = [root / "sites", root / "media", root / "trails", theme_dir(root),
             root / CONFIG_NAME, root / REGISTRY_NAME, PACKAGE_DIR]
    rows = tree_stat([p for p in paths if p.exists()])
    state = [__version__, str(options.base_url), options.plates, options.strict, str(options.out),
             rows]
    racy = {row[0]: file_digest(Path(row[0])) for row in rows if not settled(row[1:])}
    return Inputs(hashlib.sha256(json.dumps(state).encode()).hexdigest(), racy)


@contextlib.contextmanager
def _lock(cache_dir: Path) -> Iterator[None]:
    """One build at a time per project (serve and a manual build must not interleave)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
