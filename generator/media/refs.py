"""Every image an entry shows (cover, gallery, body), checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.body import body_images
from generator.content.media_paths import MediaRef, check_media_path
from generator.content.model import Site, Text
from generator.media.images import ImageInfo, MediaCache, Where, probe
from generator.problems import Problem, Problems


@dataclass(frozen=True)
class ImageRefs:
    images: dict[str, ImageInfo]  # media path → probed image
    body: dict[str, tuple[str, ...]]  # slug → media paths shown in its bodies
    owners: dict[str, Where]  # media path → (file, line, its text) of its first mention


# A text's body images, by the text object they were found in: validated entries are reused as
# the same objects while their files and media/ are unchanged (content/parse_cache.py), so
# `serve` need not scan 10,000 bodies again after one save. Kept only for the last build's texts.
_found: dict[int, tuple[Text, Path, list[tuple[str, Where]], tuple[Problem, ...]]] = {}


def collect_images(root: Path, site: Site, cache: MediaCache, problems: Problems) -> ImageRefs:
    global _found
    media = MediaRef((root / "media").resolve())
    owners: dict[str, Where] = {}
    body: dict[str, tuple[str, ...]] = {}
    found: dict[int, tuple[Text, Path, list[tuple[str, Where]], tuple[Problem, ...]]] = {}
    for entry in site.entries + site.drafts:
        for image in entry.images():
            owners.setdefault(image.src, entry.media_where(image.src))
        shown: list[str] = []
        for text in entry.texts.values():
            known = _found.get(id(text))
            if known is None or known[0] is not text or known[1] != media.root:
                own = Problems()
                known = (text, media.root, _body_refs(text, entry.slug, media, own),
                         tuple(own.items))
            found[id(text)] = known
            problems.items.extend(known[3])
            for src, where in known[2]:
                owners.setdefault(src, where)
            shown += [src for src, _ in known[2]]
        body[entry.slug] = tuple(dict.fromkeys(shown))
    _found = found
    images = {}
    for src in sorted(owners):
        info = probe(media.root, src, cache, owners[src], problems)
        if info is not None:
            images[src] = info
    return ImageRefs(images, body, owners)


def _body_refs(text: Text, slug: str, media: MediaRef,
               problems: Problems) -> list[tuple[str, Where]]:
    """The body's usable images, each with where it is written; the others are problems."""
    found = []
    lines = text.body_md.split("\n")
    seen: dict[str, int] = {}  # src → index of the line its last occurrence was found on
    for image in body_images(text.body_md):
        start = seen.get(image.src, -1) + 1
        number = next((i for i in range(start, len(lines)) if image.src in lines[i]), None)
        if number is not None:
            seen[image.src] = number
        line = text.body_line + number if number is not None else None
        quoted = lines[number] if number is not None else None
        if image.src.startswith(("http://", "https://", "//", "data:")):
            problems.add("external-image", text.path, line, quoted, value=image.src[:80])
            continue
        problem = check_media_path(image.src, media, slug, kind="image")
        if problem:
            problems.add(problem[0], text.path, line, quoted, key="body", **problem[1])
        elif not image.alt.strip():
            problems.add("missing-body-alt", text.path, line, quoted, src=image.src)
        else:
            found.append((image.src, (text.path, line, quoted)))
    return found
