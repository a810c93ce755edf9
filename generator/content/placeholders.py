"""The placeholder texts `diachido new` writes: a draft may hold them, a published entry may not.

They live here, not in the scaffold, so the scaffold that writes them and the build that refuses
to publish them cannot drift apart: a page titled "Den moi" at "xã …" must never reach visitors,
the registry or a printed plate.
"""

from __future__ import annotations

from generator.content.frontmatter import FrontMatter, SourceText
from generator.problems import Problems

BODY = "Viết phần giới thiệu di tích ở đây."
ADDRESS = "xã …, tỉnh Đồng Nai"
SUMMARY_TAIL = ": giới thiệu ngắn về di tích."


def slug_title(slug: str) -> str:
    """The stand-in title made from the file name when none was typed: no Vietnamese marks."""
    return slug.replace("-", " ").capitalize()


def summary_for(title: str) -> str:
    return f"{title}{SUMMARY_TAIL}"


def check_placeholders(slug: str, front: FrontMatter, src: SourceText,
                       problems: Problems) -> None:
    """Name every line that still holds the scaffold's text (the entry is being published)."""
    values = {key: located.value for key, located in front.fields.items()}
    summary = values.get("summary")
    held = {"title": values.get("title") == slug_title(slug),
            "address": values.get("address") == ADDRESS,
            # still the sample after the title was corrected: "Den moi: giới thiệu ngắn …"
            "summary": isinstance(summary, str) and summary.endswith(SUMMARY_TAIL)}
    for key in (key for key, placeholder in held.items() if placeholder):
        line = front.fields[key].line
        problems.add("placeholder-text", src.path, line, src.line(line), key=key,
                     value=values[key])
    for number in range(front.body_line, len(src.lines) + 1):
        if BODY in (src.line(number) or ""):
            problems.add("placeholder-text", src.path, number, src.line(number), key="body",
                         value=BODY)
