"""Phase 2 of a build: encode photos, draw plates and share cards (all cached) and list every
output with the key that decides whether it must be made again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.load import Loaded
from generator.build.options import Options, check_superseded
from generator.outputs.pool import counter
from generator.problems import Problems

if TYPE_CHECKING:
    from generator.content.model import Site
    from generator.media.av import AvRefs
    from generator.media.images import MediaCache
    from generator.media.panorama import PanoramaInfo
    from generator.media.refs import ImageRefs
    from generator.outputs.plan import Output
    from generator.plates.produce import PlateSet
    from generator.render.pages import Pages
    from generator.render.theme import Theme


def plan(root: Path, loaded: Loaded, options: Options, cache_dir: Path, problems: Problems,
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
    check_superseded(options)
    plates = _plates(site, theme, cache_dir, options, problems) if options.plates else None
    check_superseded(options)
    cards: tuple[tuple[str, Path, str], ...] = ()
    if options.plates:
        card_set = produce_cards(card_list, theme.folder / "fonts", cache_dir, options.workers)
        problems.items.extend(card_set.warnings)
        cards = card_set.files
    outputs += _media_outputs(refs, cache) + _av_outputs(root, loaded.av)
    outputs += _panorama_outputs(panoramas, cache)
    outputs += LandingPages(pages, loaded.landings, loaded.records,
                            list(plates.rows) if plates else []).plan()
    check_superseded(options)
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
