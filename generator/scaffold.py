"""`diachido new`: a complete, commented entry that passes `diachido check` as written."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from generator.fields import CODE_RE, SLUG_RE
from generator.problems import Problem, UserError
from generator.slugs import slugify

TEMPLATE = """\
---
# Mã biển QR: cố định mãi mãi sau khi in. 2–4 chữ in hoa + 2–4 chữ số.
code: {code}
# Tên di tích bằng tiếng Việt.
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
# Ảnh bìa, đặt trong thư mục media/{slug}/:
# cover: {slug}/anh-bia.jpg
# cover_alt: Mô tả những gì trong ảnh cho người khiếm thị
# Nguồn tư liệu:
# sources:
#   - title: Tên bài viết hoặc sách
#     url: https://...
# Bản nháp: được kiểm tra nhưng chưa xuất bản.
draft: false
---

## Lịch sử

Viết phần giới thiệu di tích ở đây.
"""


def _yaml_text(value: str) -> str:
    """A YAML-safe one-line string (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def next_code(root: Path, prefix: str = "NT") -> str:
    """One past the highest code with `prefix` among existing entries."""
    numbers = [0]
    for path in sorted((root / "sites").glob("*.md")):
        match = re.search(rf"^code:\s*[\"']?{prefix}(\d+)", path.read_text("utf-8", "replace"),
                          re.MULTILINE)
        if match:
            numbers.append(int(match[1]))
    return f"{prefix}{max(numbers) + 1:02d}"


def used_codes(root: Path) -> set[str]:
    codes = set()
    for path in (root / "sites").glob("*.md"):
        match = re.search(r"^code:\s*[\"']?([A-Z]{2,4}\d{2,4})", path.read_text("utf-8", "replace"),
                          re.MULTILINE)
        if match:
            codes.add(match[1])
    return codes


def new_entry(root: Path, slug: str, code: str | None, title: str | None, category: str,
              address: str, summary: str) -> tuple[str, str]:
    """Write sites/<slug>.md and media/<slug>/; returns both paths for the message."""
    if not SLUG_RE.match(slug):
        raise UserError([Problem("new-bad-slug", params=(("slug", slug),
                                 ("suggestion", slugify(slug) or "dinh-phu-my")))])
    path = root / "sites" / f"{slug}.md"
    if path.exists():
        raise UserError([Problem("new-exists", params=(("path", f"sites/{slug}.md"),))])
    code = code or next_code(root)
    if not CODE_RE.match(code) or code in used_codes(root):
        raise UserError([Problem("new-code-taken" if CODE_RE.match(code) else "bad-code",
                                 params=(("code", code), ("value", code), ("key", "code"),
                                         ("suggestion", next_code(root))))])
    title = unicodedata.normalize("NFC", title or slug.replace("-", " ").capitalize())
    text = TEMPLATE.format(
        code=code, slug=slug, title=_yaml_text(title),
        summary=_yaml_text(summary or f"{title}: giới thiệu ngắn về di tích."),
        category=_yaml_text(category or "di tích lịch sử"),
        address=_yaml_text(address or "xã …, tỉnh Đồng Nai"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    (root / "media" / slug).mkdir(parents=True, exist_ok=True)
    return f"sites/{slug}.md", f"media/{slug}"
