"""Source files and their translations: `<slug>.md` in the default language and
`<slug>.<lang>.md` beside it, the one naming rule for entries and trails (as Pelican keeps one
`process_translations`). Merging a translation's values over the original's is the schema's job
(`Schema.merge`), so the two kinds of file also merge the same way."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from generator.content.fields import SLUG_RE, canonical_tag
from generator.content.slugs import slugify
from generator.content.unchanged import Memo, signature
from generator.problems import Problem, Problems

_NAME_RE = re.compile(r"^(?P<slug>.+?)(?:\.(?P<lang>[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*))?\.md$")


Listing = tuple[dict[str, dict[str, Path]], tuple[Problem, ...]]
_listings: Memo[Listing] = Memo()  # a folder's listing, while its entries are the same


def source_files(root: Path, folder: str, problems: Problems, langs: Sequence[str],
                 example_slug: str = "ten-di-tich") -> dict[str, dict[str, Path]]:
    """slug → {language → file} for every usable file in `root/folder`; each file skipped is a
    problem. A translation whose original is missing is refused: it has nothing to translate.
    Listed again only when the folder changed (a file added, removed or renamed over)."""
    memo_key = (root, folder, tuple(langs), example_slug)
    signatures = (signature(root / folder),)
    known = _listings.get(memo_key, signatures)
    if known is None:
        own = Problems()
        known = (_list(root, folder, own, langs, example_slug), tuple(own.items))
        _listings.put(memo_key, signatures, known)
    problems.items.extend(known[1])
    return {slug: dict(files) for slug, files in known[0].items()}


def _list(root: Path, folder: str, problems: Problems, langs: Sequence[str],
          example_slug: str) -> dict[str, dict[str, Path]]:
    found: dict[str, dict[str, Path]] = {}
    base = root / folder
    # scandir: the kind of each file comes with its name (no stat per file: serve lists the
    # folder on every save)
    with os.scandir(base) as listing:
        items = sorted((item.name, item) for item in listing)
    for name, item in items:
        path, rel = base / name, f"{folder}/{name}"
        if name.startswith((".", "_")):
            continue
        if item.is_symlink() and not _inside(path, base):
            problems.add("symlink-outside", rel)
            continue
        match = _NAME_RE.match(name)
        if not item.is_file() or not match:
            problems.add("not-an-entry", rel, severity="warning")
            continue
        slug, lang = match["slug"], canonical_tag(match["lang"] or langs[0])
        if lang not in langs:
            problems.add("unknown-language", rel, lang=lang, allowed=", ".join(langs[1:]))
        elif not SLUG_RE.match(slug):
            problems.add("bad-slug", rel, slug=slug, suggestion=slugify(slug) or example_slug)
        else:
            found.setdefault(slug, {})[lang] = path
    for slug, files in sorted(found.items()):
        if langs[0] not in files:
            for lang, path in sorted(files.items()):
                problems.add("translation-without-entry", path.relative_to(root).as_posix(),
                             lang=lang, original=f"{folder}/{slug}.md")
            del found[slug]
    return found


def _inside(path: Path, folder: Path) -> bool:
    """Whether a link really ends inside `folder` (a loop or a dangling link does not)."""
    try:
        return folder.resolve() in path.resolve(strict=True).parents
    except (OSError, RuntimeError):
        return False


def blank_translation(rel: str, data: bytes, is_original: bool, problems: Problems) -> bool:
    """Whether `data` is a translation file with nothing in it (empty or only whitespace),
    which is read as no translation at all: an older app, or a hand, may leave one behind,
    and a volunteer must not be stopped by a file they never wrote in. Said as a warning."""
    if is_original or data.strip():
        return False
    problems.add("translation-empty", rel, severity="warning")
    return True
