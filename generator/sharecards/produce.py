"""Link-preview images for every page people share: one per site and one for the home page, in
each language the site (or the config) has a text in.

Drawn once and cached by what they show (title, subtitle, code, cover bytes, fonts, renderer),
in a process pool, like plates. A cover that cannot be decoded still gets a designed card, and a
warning; that card is cached under its own name, so the next build tries the cover again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from generator.media.decode import DecodeError
from generator.outputs.atomic import write_atomic
from generator.outputs.digests import file_digest, hash_files
from generator.outputs.pool import map_in_workers
from generator.problems import Problem
from generator.sharecards.cards import Card

RENDERER = Path(__file__).resolve().parent / "draw.py"
PLAIN = "-plain"  # suffix of the key of a card drawn without its unreadable cover


@dataclass(frozen=True)
class CardSet:
    """The cards, as (output path, cached file, key), and a warning per card drawn without its
    cover (`share-cover-unreadable`, naming the entry, the photo and the decoder's reason)."""

    files: tuple[tuple[str, Path, str], ...]
    warnings: tuple[Problem, ...] = ()


def card_key(card: Card, base: str) -> str:
    """What the card shows; the cover by its digest, never by its (machine-specific) path."""
    shown = (card.out, card.title, card.subtitle, card.code, card.site_name, card.cover_digest,
             card.lang)
    return hashlib.sha256((base + repr(shown)).encode()).hexdigest()[:32]


def produce_cards(cards: list[Card], font_dir: Path, cache_dir: Path, workers: int) -> CardSet:
    """Every card, drawing only the missing ones (and retrying those whose cover failed)."""
    base = hash_files(font_dir) + file_digest(RENDERER)
    root = cache_dir / "share"
    files = []
    for card in cards:
        card_id = card_key(card, base)
        files.append((card.out, root / f"{card_id}.jpg", card_id))
    todo = [index for index, (_out, path, _key) in enumerate(files) if not path.exists()]
    jobs = [(cards[index], str(font_dir), str(files[index][1])) for index in todo]
    warnings = []
    for index, reason in zip(todo, map_in_workers(_draw, jobs, workers, min_items=2),
                             strict=True):
        if reason:
            out, path, card_id = files[index]
            files[index] = (out, path.with_name(card_id + PLAIN + ".jpg"), card_id + PLAIN)
            warnings.append(_warning(cards[index], reason))
    _clean(root, {path.name for _out, path, _key in files})
    return CardSet(tuple(files), tuple(warnings))


def _warning(card: Card, reason: str) -> Problem:
    params = {"page": card.out, "media": card.cover_name or Path(card.cover).name,
              "reason": reason}
    return Problem("share-cover-unreadable", card.owner, card.owner_line,
                   params=tuple(sorted(params.items())), severity="warning")


def _clean(root: Path, used: set[str]) -> None:
    if root.is_dir():
        for stale in sorted(root.glob("*.jpg")):
            if stale.name not in used:
                stale.unlink()


def _draw(job: tuple[Card, str, str]) -> str:
    """Worker: draw one card into the cache; "" or why its cover could not be used.

    Without its cover, the designed card is written beside it (`PLAIN`), never under the
    cover card's own name, which stays missing so the next build tries again."""
    from generator.sharecards.draw import render_share_card

    card, font_dir, target = job
    text = (card.title, card.subtitle, card.code, card.site_name, Path(font_dir))
    try:
        data = render_share_card(*text, Path(card.cover) if card.cover else None, card.lang)
    except DecodeError as err:
        plain = Path(target).with_name(Path(target).stem + PLAIN + ".jpg")
        write_atomic(plain, render_share_card(*text, lang=card.lang))
        return err.kind
    write_atomic(Path(target), data)
    return ""
