"""Link-preview images for every page people share: one per site, one for the home page.

Drawn once and cached by what they show (title, subtitle, code, cover bytes, fonts, renderer),
in a process pool, like plates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.media.decode import DecodeError
from generator.outputs.atomic import write_atomic
from generator.outputs.digests import file_digest, hash_files
from generator.outputs.pool import map_in_workers

RENDERER = Path(__file__).resolve().parent / "draw.py"


@dataclass(frozen=True)
class Card:
    out: str  # e.g. "share/dinh-phu-my.jpg"
    title: str
    subtitle: str
    code: str
    site_name: str
    cover: str = ""  # absolute path of the cover original, "" for a designed card
    cover_digest: str = ""


def card_key(card: Card, base: str) -> str:
    """What the card shows; the cover by its digest, never by its (machine-specific) path."""
    shown = (card.out, card.title, card.subtitle, card.code, card.site_name, card.cover_digest)
    return hashlib.sha256((base + repr(shown)).encode()).hexdigest()[:32]


def produce_cards(cards: list[Card], font_dir: Path, cache_dir: Path,
                  workers: int) -> list[tuple[str, Path, str]]:
    """(output path, cached file, key) for every card, drawing only the missing ones."""
    base = hash_files(font_dir) + file_digest(RENDERER)
    root = cache_dir / "share"
    jobs, files = [], []
    for card in cards:
        card_id = card_key(card, base)
        path = root / f"{card_id}.jpg"
        files.append((card.out, path, card_id))
        if not path.exists():
            jobs.append((card, str(font_dir), str(path)))
    map_in_workers(_draw, jobs, workers, min_items=2)
    used = {path.name for _out, path, _key in files}
    if root.is_dir():
        for stale in sorted(root.glob("*.jpg")):
            if stale.name not in used:
                stale.unlink()
    return files


def _draw(job: tuple[Card, str, str]) -> None:
    from generator.sharecards.draw import render_share_card

    card, font_dir, target = job
    try:
        data = render_share_card(card.title, card.subtitle, card.code, card.site_name,
                                 Path(font_dir), Path(card.cover) if card.cover else None)
    except DecodeError:  # an unreadable cover still gets a designed card
        data = render_share_card(card.title, card.subtitle, card.code, card.site_name,
                                 Path(font_dir))
    write_atomic(Path(target), data)
