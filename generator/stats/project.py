"""What the counts are matched against: the config's base path and languages, every code in
codes.yml (sites and points) with its install date, and the published titles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.content.config import load_config
from generator.content.entries import load_site
from generator.content.model import Config
from generator.content.point_codes import point_code
from generator.content.registry import load_registry
from generator.problems import Problems, UserError
from generator.stats.paths import SiteMap
from generator.stats.summary import Plate


@dataclass(frozen=True)
class Project:
    config: Config
    site: SiteMap
    plates: list[Plate]
    pages: dict[str, str]  # slug → title; "" is the home page


def load_project(root: Path) -> Project:
    problems = Problems()
    config = load_config(root, problems)
    records = load_registry(root, problems)
    site = load_site(root, config, Problems())  # an entry's own mistakes are build's business
    if problems.errors:
        raise UserError(problems.errors)
    default = config.languages.tags[0]
    titles: dict[str, str] = {}
    pages = {"": config.text("title", default)}
    for entry in site.entries:
        text = entry.text(default)
        titles[entry.code] = pages[entry.slug] = text.title
        for point in text.points:
            titles[f"{entry.slug}#{point.id}"] = f"{text.title} — {point.title}"
    plates = []
    for code, record in sorted(records.items()):
        plates.append(Plate(code, record.slug, titles.get(code, record.slug),
                            _installed(record.plate_info()), record.retired))
        for issued in record.points:
            number = point_code(code, issued.number)
            key = f"{record.slug}#{issued.id}"
            plates.append(Plate(number, key, titles.get(key, issued.id),
                                _installed(issued.plate_info()), record.retired or issued.retired))
    slugs = frozenset(entry.slug for entry in site.entries)
    return Project(config, SiteMap(config.base_path, config.languages, slugs), plates, pages)


def _installed(info: dict[str, object]) -> dt.date | None:
    value = info.get("installed")
    return value if isinstance(value, dt.date) else None
