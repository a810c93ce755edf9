"""`diachido new`: a complete, commented draft that passes `diachido check` as written.

It starts as a draft holding placeholder texts (content/placeholders.py): nothing unfinished
reaches visitors, a plate or codes.yml until the volunteer writes the text and sets
`draft: false`, and the build names every placeholder line left."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content.code_choice import next_free_code
from generator.content.config import project_problem
from generator.content.entries import declared_codes
from generator.content.fields import CODE_RE, SLUG_RE
from generator.content.placeholders import ADDRESS, BODY, slug_title, summary_for
from generator.content.registry import codes_of, load_registry
from generator.content.slugs import slugify
from generator.problems import Problem, Problems, UserError

DEFAULT_CATEGORY = "di tích lịch sử"
TITLE_LIMIT = 200  # schema: title is text(200)

TEMPLATE = """\
---
# Mã biển QR: cố định mãi mãi sau khi in. 2–4 chữ in hoa + 2–4 chữ số.
code: {code}
# Tên di tích bằng tiếng Việt, có dấu.
title: {title}
# Một hai câu giới thiệu, hiện trong danh sách và khi chia sẻ lên Facebook, Zalo.
summary: {summary}
# Loại hình: di tích lịch sử | di tích lịch sử – văn hóa | di tích kiến trúc nghệ thuật …
category: {category}
# Địa chỉ hiện nay (ấp, xã, tỉnh).
address: {address}
# Xếp hạng (bỏ dấu # ở đầu dòng khi biết): quốc gia đặc biệt | quốc gia | tỉnh
# ranking: tỉnh
# ranked_year: 2005
# Toạ độ lấy từ bản đồ (số thập phân):
# location: {{lat: 10.75, lon: 106.90}}
# Chưa có toạ độ: bản đồ tô cả phường, xã ghi trong địa chỉ; ghi area khi địa chỉ không nêu:
# area: Phước An
# Ảnh bìa, đặt trong thư mục media/{slug}/:
# cover: {slug}/anh-bia.jpg
# cover_alt: Mô tả những gì trong ảnh cho người khiếm thị
# Nguồn tư liệu:
# sources:
#   - title: Tên bài viết hoặc sách
#     url: https://...
# Bản nháp: được kiểm tra nhưng chưa xuất bản, chưa in biển, chưa ghi mã vào codes.yml.
# Viết xong (thay hết chữ mẫu) thì đổi thành draft: false để xuất bản.
draft: true
---

## Lịch sử

{body}
"""


def _yaml_text(value: str) -> str:
    """A YAML-safe one-line string (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def next_code(root: Path, slug: str) -> str:
    """The code to propose for `slug`, by the build's own rule (registry.next_free_code)."""
    taken, own = _codes(root, slug)
    return next_free_code(taken, own)


def taken_codes(root: Path, slug: str) -> set[str]:
    """Codes a new entry `slug` may not use: in another entry, or registered to another site."""
    return _codes(root, slug)[0]


def _codes(root: Path, slug: str) -> tuple[set[str], set[str]]:
    """(taken, registered to `slug` and free). A broken codes.yml still yields what parses; the
    build names its problems."""
    other, own = codes_of(load_registry(root, Problems()), slug)
    written = declared_codes(root)
    return other | written, own - written


def check_slug(root: Path, slug: str) -> None:
    """Refuse a folder that is not a project, a bad file name or an existing entry before
    asking anything else."""
    not_a_project = project_problem(root, "new")
    if not_a_project:
        raise UserError([not_a_project])
    if not SLUG_RE.match(slug):
        raise UserError([Problem("new-bad-slug", params=(("slug", slug),
                                 ("suggestion", slugify(slug) or "dinh-phu-my")))])
    if (root / "sites" / f"{slug}.md").exists():
        raise UserError([Problem("new-exists", f"sites/{slug}.md",
                                 params=(("path", f"sites/{slug}.md"),))])


def new_entry(root: Path, slug: str, code: str | None, title: str | None,
              category: str | None, address: str | None, summary: str | None) -> tuple[str, str]:
    """Write sites/<slug>.md and media/<slug>/; returns both paths for the message."""
    check_slug(root, slug)
    path = root / "sites" / f"{slug}.md"
    code = code or next_code(root, slug)
    if not CODE_RE.match(code) or code in taken_codes(root, slug):
        raise UserError([Problem("new-code-taken" if CODE_RE.match(code) else "bad-code",
                                 params=(("code", code), ("value", code), ("key", "code"),
                                         ("suggestion", next_code(root, slug))))])
    title = unicodedata.normalize("NFC", title or slug_title(slug))
    text = TEMPLATE.format(
        code=code, slug=slug, title=_yaml_text(title),
        summary=_yaml_text(unicodedata.normalize("NFC", summary or summary_for(title))),
        category=_yaml_text(unicodedata.normalize("NFC", category or DEFAULT_CATEGORY)),
        address=_yaml_text(unicodedata.normalize("NFC", address or ADDRESS)), body=BODY,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    (root / "media" / slug).mkdir(parents=True, exist_ok=True)
    return f"sites/{slug}.md", f"media/{slug}"


# -- interactive: `diachido new SLUG` on a terminal asks for what the flags did not give ---------

@dataclass
class Answers:
    code: str | None = None
    title: str | None = None
    category: str | None = None
    address: str | None = None


def ask_missing(root: Path, slug: str, given: Answers, lang: str,
                ask: Callable[[str], str] = input,
                say: Callable[[str], None] = print) -> Answers:
    """Ask for each missing answer, re-asking with a friendly message until it is valid.

    `ask` shows a prompt and returns the typed line (`input`); `say` prints a message. EOF
    (Ctrl-D) ends like Ctrl-C.
    """
    from generator.messages import summary

    def prompt(key: str, **params: str) -> str:
        try:
            return unicodedata.normalize("NFC", ask(summary(key, lang, **params)).strip())
        except EOFError:
            say("")
            raise KeyboardInterrupt from None

    check_slug(root, slug)
    say(summary("new_intro", lang, path=f"sites/{slug}.md"))
    answers = Answers(**vars(given))
    while not answers.title:
        title = prompt("new_ask_title")
        if not title:
            say(summary("new_title_empty", lang))
        elif len(title) > TITLE_LIMIT:
            say(summary("new_title_long", lang, length=len(title), limit=TITLE_LIMIT))
        else:
            answers.title = title
    if not answers.code:
        proposed = next_code(root, slug)
        while not answers.code:
            code = prompt("new_ask_code", default=proposed).upper() or proposed
            problem = code_problem(root, slug, code)
            if problem:
                say(summary(problem, lang, code=code, suggestion=proposed))
            else:
                answers.code = code
    if answers.category is None:
        answers.category = prompt("new_ask_category", default=DEFAULT_CATEGORY) or DEFAULT_CATEGORY
    if answers.address is None:
        answers.address = prompt("new_ask_address")
    return answers


def code_problem(root: Path, slug: str, code: str) -> str | None:
    """The message key for an unusable code, or None."""
    if not CODE_RE.match(code):
        return "new_code_bad"
    if code in taken_codes(root, slug):
        return "new_code_taken"
    return None
