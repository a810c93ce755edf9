"""Every image an entry shows (cover, gallery, body), checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content.body import body_images
from generator.content.media_paths import MediaRef, check_media_path
from generator.content.model import Site, Text
from generator.media.images import ImageInfo, MediaCache, probe
from generator.problems import Problems


@dataclass(frozen=True)
class ImageRefs:
    images: dict[str, ImageInfo]  # media path → probed image
    body: dict[str, tuple[str, ...]]  # slug → media paths shown in its bodies
    owners: dict[str, str]  # media path → the first entry file that uses it (for messages)


def collect_images(root: Path, site: Site, cache: MediaCache, problems: Problems) -> ImageRefs:
    media = MediaRef((root / "media").resolve())
    owners: dict[str, str] = {}
    body: dict[str, tuple[str, ...]] = {}
    for entry in site.entries + site.drafts:
        for image in entry.images():
            owners.setdefault(image.src, entry.path)
        shown: list[str] = []
        for text in entry.texts.values():
            refs = _body_refs(text, entry.slug, media, problems)
            for src in refs:
                owners.setdefault(src, text.path)
            shown += refs
        body[entry.slug] = tuple(dict.fromkeys(shown))
    images = {}
    for src in sorted(owners):
        info = probe(media.root, src, cache, owners[src], problems)
        if info is not None:
            images[src] = info
    return ImageRefs(images, body, owners)


def _body_refs(text: Text, slug: str, media: MediaRef, problems: Problems) -> list[str]:
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
            found.append(image.src)
    return found
