"""Source files and their translations: `<slug>.md` in the default language and
`<slug>.<lang>.md` beside it, the one naming rule for entries and trails (as Pelican keeps one
`process_translations`). Merging a translation's values over the original's is the schema's job
(`Schema.merge`), so the two kinds of file also merge the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from generator.content.fields import SLUG_RE, canonical_tag
from generator.content.slugs import slugify
from generator.problems import Problems

_NAME_RE = re.compile(r"^(?P<slug>.+?)(?:\.(?P<lang>[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*))?\.md$")


def source_files(root: Path, folder: str, problems: Problems, langs: Sequence[str],
                 example_slug: str = "ten-di-tich") -> dict[str, dict[str, Path]]:
    """slug → {language → file} for every usable file in `root/folder`; each file skipped is a
    problem. A translation whose original is missing is refused: it has nothing to translate."""
    found: dict[str, dict[str, Path]] = {}
    base = root / folder
    for path in sorted(base.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith((".", "_")):
            continue
        if path.is_symlink() and not _inside(path, base):
            problems.add("symlink-outside", rel)
            continue
        match = _NAME_RE.match(path.name)
        if not path.is_file() or not match:
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
