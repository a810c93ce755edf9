"""Read and validate every entry in `sites/`, collecting all problems in one pass."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.content.communes import commune_in_address
from generator.content.entry_schema import ENTRY, ENTRY_ATTRS, TEXT_ATTRS
from generator.content.fields import Ctx
from generator.content.frontmatter import FrontMatter, SourceText, decode, split
from generator.content.media_paths import MediaRef
from generator.content.model import Broken, Config, Entry, Image, Languages, Point, Site, Text
from generator.content.parse_cache import ParseCache
from generator.content.placeholders import check_placeholders
from generator.content.points import merge_points, unknown_ids
from generator.content.translations import blank_translation, source_files
from generator.content.unchanged import Memo, signature
from generator.problems import Problems

SITES_DIR = "sites"


def load_site(root: Path, config: Config, problems: Problems,
              cache: ParseCache | None = None, workers: int = 1,
              communes: tuple[str, ...] = ()) -> Site:
    """Every entry validated; problems recorded, invalid entries left out.

    With a cache, an entry whose files are byte-identical to the last build's is reused; the
    others are parsed on every core (the cache's salt must cover `communes`, the map's commune
    names that `area:` and addresses are matched against)."""
    from generator.outputs.pool import map_in_workers

    media = MediaRef((root / "media").resolve())
    files = _entry_files(root, config.languages.tags, problems)
    found: dict[str, tuple[Entry | Broken | None, tuple]] = {}
    todo = []
    for slug in sorted(files):
        data: dict[str, bytes] = {}
        cache_key = _cache_key(slug, files[slug], data) if cache else ""
        hit = cache.get(cache_key) if cache else None
        if hit is not None:
            found[slug] = hit
        else:
            data = data or {lang: path.read_bytes() for lang, path in files[slug].items()}
            todo.append((slug, data, cache_key))

    def load(job: tuple[str, dict[str, bytes], str]) -> tuple[Entry | Broken | None, tuple]:
        slug, data, _key = job
        own = Problems()
        ctx = Ctx(slug, media, communes=communes)
        return (_load_entry(root, slug, files[slug], data, ctx, config.languages, own),
                tuple(own.items))

    for (slug, _data, cache_key), (entry, items) in zip(
            todo, map_in_workers(load, todo, workers), strict=True):
        found[slug] = (entry, items)
        if cache and isinstance(entry, Entry):
            cache.put(cache_key, entry, items)
    entries, broken = [], []
    for slug in sorted(found):
        entry, items = found[slug]
        problems.items.extend(items)
        if isinstance(entry, Entry):
            entries.append(entry)
        elif entry is not None:
            broken.append(entry)
    _check_unique(entries, problems)
    entries.sort(key=lambda e: (e.code, e.slug))
    return Site(
        config,
        tuple(e for e in entries if not e.draft),
        tuple(e for e in entries if e.draft),
        tuple(broken),
    )


_keys: Memo[str] = Memo()  # (slug, its files) → parse-cache key, while the files are unchanged


def _cache_key(slug: str, paths: dict[str, Path], data: dict[str, bytes]) -> str:
    """The parse cache's key for an entry's files, from their bytes (read into `data`), or
    without reading them while they are unchanged since this process last did."""
    files = tuple(sorted(paths.items()))
    signatures = tuple(signature(path) for _lang, path in files)
    known = _keys.get((slug, files), signatures)
    if known is not None:
        return known
    data.update((lang, path.read_bytes()) for lang, path in files)
    cache_key = ParseCache.key(slug, data)
    _keys.put((slug, files), signatures, cache_key)
    return cache_key


def _load_entry(root: Path, slug: str, paths: dict[str, Path], data: dict[str, bytes],
                ctx: Ctx, languages: Languages, problems: Problems) -> Entry | Broken | None:
    parsed: dict[str, tuple[str, FrontMatter, SourceText, bytes]] = {}
    unparsed: Broken | None = None
    for lang in sorted(paths):
        rel = paths[lang].relative_to(root).as_posix()
        if blank_translation(rel, data[lang], lang == languages.default, problems):
            continue
        src = decode(rel, data[lang], problems)
        front = split(src, problems) if src else None
        if src is not None and front is not None:
            parsed[lang] = (src.path, front, src, data[lang])
        elif src is not None and lang == languages.default:
            unparsed = _unparsed(slug, src)
    if unparsed is not None:
        return unparsed
    return _entry(slug, parsed, ctx, languages, problems) if parsed else None


def _unparsed(slug: str, src: SourceText) -> Broken:
    """An entry whose front matter does not parse (already reported) still claims the code on
    its `code:` line: trails through it are not reported as well, a duplicate is."""
    match = _CODE_LINE.search(src.text)
    line = src.text.count("\n", 0, match.start()) + 1 if match else 1
    return Broken(slug, src.path, match[1] if match else "", line)


_CODE_LINE = re.compile(r"^code:\s*[\"']?([A-Z]{2,4}[0-9]{2,4})", re.MULTILINE)


def declared_codes(root: Path) -> set[str]:
    """The codes entry files name, read without validating them: a broken entry still holds its
    code, so `diachido new` never proposes it."""
    codes = set()
    for path in sorted((root / SITES_DIR).glob("*.md")):
        match = _CODE_LINE.search(path.read_text("utf-8", "replace"))
        if match:
            codes.add(match[1])
    return codes


def _entry_files(root: Path, langs: tuple[str, ...],
                 problems: Problems) -> dict[str, dict[str, Path]]:
    folder = root / SITES_DIR
    if not folder.is_dir():
        problems.add("no-sites-folder", SITES_DIR)
        return {}
    for name in (SITES_DIR, "media"):
        if (root / name).is_symlink() or (
                (root / name).exists() and root.resolve() not in (root / name).resolve().parents):
            problems.add("folder-outside-project", f"{name}/", folder=name)
            return {}
    return source_files(root, SITES_DIR, problems, langs)


def _entry(slug: str, files: dict, ctx: Ctx, languages: Languages,
           problems: Problems) -> Entry | Broken | None:
    """The entry, or (with its problems reported) what it still claims: every check that does
    not depend on the failed keys runs all the same, so one run lists every problem."""
    main = languages.default
    if main not in files:  # its front matter did not parse: already reported
        return None
    count = len(problems.items)
    path, front, src, data = files[main]
    claimed, ok = _validate(front, src, ctx, problems, translation=False)
    shared = claimed if ok else None
    draft = front.fields.get("draft")
    if draft is None or draft.value is not True:
        check_placeholders(slug, front, src, problems)
    if shared and "points" in shared:
        shared["points"] = _point_lines(shared["points"], front)
    texts = {main: _text(main, path, front, shared)} if shared else {}
    digest = hashlib.sha256(data)
    for lang in sorted(set(files) - {main}):
        t_path, t_front, t_src, t_data = files[lang]
        digest.update(t_data)
        reviewed = _review_state(t_front, t_src, problems)
        values, t_ok = _validate(t_front, t_src, replace(ctx, translation=True), problems,
                                 translation=True)
        if t_ok and shared:
            merged = ENTRY.merge(shared, values)
            merged["points"] = _translated_points(shared.get("points", ()),
                                                  values.get("points", ()), t_front, t_src,
                                                  problems)
            texts[lang] = replace(_text(lang, t_path, t_front, merged), reviewed=reviewed)
    for text in texts.values():
        _check_body(text, problems)
    if not shared or any(p.severity == "error" for p in problems.items[count:]):
        code = front.fields.get("code")
        return Broken(slug, path, claimed.get("code", ""), code.line if code else 1,
                      claimed.get("draft", False))
    return Entry(
        slug=slug, code=shared["code"], path=path, digest=digest.hexdigest(), texts=texts,
        cover=_cover(shared), code_line=front.fields["code"].line,
        aliases_line=front.fields["aliases"].line if "aliases" in front.fields else 1,
        media_lines=_media_lines(shared, front, src),
        area=shared.get("area") or commune_in_address(shared["address"], ctx.communes) or "",
        languages=languages,
        **{attr: shared[attr] for attr in ENTRY_ATTRS if attr in shared},
    )


def _media_lines(values: dict[str, Any], front: FrontMatter,
                 src: SourceText) -> dict[str, tuple[int, str]]:
    """Where each media file of the entry file is named: the `cover:` line, or the first line
    of the gallery, video, audio or point item that names it (and the `panorama:` line)."""
    found: dict[str, int] = {}
    for key, name in (("cover", values.get("cover")),
                      ("panorama", getattr(values.get("panorama"), "src", ""))):
        if name:
            found[name] = front.fields[key].line
    items = [("gallery", i, image.src) for i, image in enumerate(values.get("gallery", ()))]
    items += [("videos", i, name) for i, video in enumerate(values.get("videos", ()))
              for name in (video.src, video.poster, video.captions)]
    items += [("audio", i, name) for i, clip in enumerate(values.get("audio", ()))
              for name in (clip.src, clip.transcript_file)]
    items += [("points", i, point.photo.src) for i, point in enumerate(values.get("points", ()))
              if point.photo]
    for key, index, name in items:
        if name:
            found.setdefault(name, front.fields[key].children.get(index, front.fields[key].line))
    return {name: (line, src.line(line) or "") for name, line in found.items()}


def _review_state(front: FrontMatter, src: SourceText, problems: Problems) -> bool:
    """A translation's `reviewed: false` (a draft not yet checked by a native speaker) or
    `true`; the original's `reviewed:` is who verified the facts, and is not translated."""
    located = front.fields.get("reviewed")
    if located is None:
        return True
    if not isinstance(located.value, bool):
        problems.add("translation-reviewed", src.path, located.line, src.line(located.line))
        return True
    return located.value


def _point_lines(points: Sequence[Point], front: FrontMatter) -> tuple[Point, ...]:
    """Each point with the line its list item starts on (registry messages point there)."""
    lines = front.fields["points"].children
    return tuple(replace(point, line=lines.get(index, front.fields["points"].line))
                 for index, point in enumerate(points))


def _translated_points(original: Sequence[Point], translated: Sequence[Point],
                       front: FrontMatter, src: SourceText,
                       problems: Problems) -> tuple[Point, ...]:
    """The original's points in a translation's words; an id the original lacks is an error."""
    for index, point_id in unknown_ids(original, translated):
        line = front.fields["points"].children.get(index, front.fields["points"].line)
        problems.add("point-unknown-id", src.path, line, src.line(line), id=point_id,
                     known=", ".join(p.id for p in original) or "—")
    return merge_points(original, translated)


def _validate(front: FrontMatter, src: SourceText, ctx: Ctx, problems: Problems,
              translation: bool) -> tuple[dict[str, Any], bool]:
    """(the values that passed, whether all did). A cover without `cover_alt` is reported
    even when the cover's file is missing too: the two are fixed separately."""
    fields = front.fields
    if translation:  # `reviewed:` in a translation is its review state (`_review_state`)
        fields = {k: v for k, v in fields.items() if k != "reviewed"}
    values, ok = ENTRY.validate_mapping(fields, src, ctx, problems, translation=translation)
    if "cover" in fields and "cover_alt" not in fields and not translation:
        ok = False
        line = fields["cover"].line
        problems.add("missing-cover-alt", src.path, line, src.line(line),
                     src_path=values.get("cover", str(fields["cover"].value or "")))
    return values, ok


MAX_BODY_INDENT = 80  # columns: ~40 nested list levels, far beyond any real text
MAX_UNCLOSED_BRACKETS = 64  # our first parser was quadratic on these; kept as a guard


def _check_body(text: Text, problems: Problems) -> None:
    """Refuse the few shapes that would make the Markdown parser recurse or crawl."""
    lines = text.body_md.split("\n")
    start = 0
    for number, line in enumerate(lines + [""]):
        stripped = line.expandtabs(4)
        depth = len(stripped) - len(stripped.lstrip(" "))
        if depth > MAX_BODY_INDENT:
            file_line = text.body_line + number
            problems.add("body-too-deep", text.path, file_line, line[:120])
            return
        if not line.strip():
            block = "\n".join(lines[start:number])
            if block.count("[") - block.count("]") > MAX_UNCLOSED_BRACKETS:
                problems.add("body-brackets", text.path, text.body_line + start,
                             lines[start][:120])
                return
            start = number + 1


def _text(lang: str, path: str, front: FrontMatter, values: dict[str, Any]) -> Text:
    return Text(lang=lang, body_md=front.body, body_line=front.body_line, path=path,
                **{attr: values[attr] for attr in TEXT_ATTRS if attr in values})


def _cover(values: dict[str, Any]) -> Image | None:
    if "cover" not in values:
        return None
    return Image(values["cover"], values["cover_alt"], "", values.get("cover_credit", ""),
                 values.get("cover_license", ""))


def _check_unique(entries: list[Entry], problems: Problems) -> None:
    """Slugs and aliases must each name one page. (Codes: the registry knows which file owns
    a code, so it checks them: registry.reconcile.)"""
    claimed: dict[str, str] = {e.slug: e.path for e in entries}
    for entry in entries:
        for alias in entry.aliases:
            if alias in claimed:
                problems.add("alias-taken", entry.path, entry.aliases_line, alias=alias,
                             other=claimed[alias])
            else:
                claimed[alias] = entry.path
