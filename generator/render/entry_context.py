"""What a site page shows beyond its text: media players, gallery, heritage facts.

Pure functions from the validated entry to plain template values, shared by the site page and
its `/q/` landing.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.content.model import Entry, Image, PartialDate
from generator.media.av import AvRefs, human_duration, human_size
from generator.media.images import ImageInfo
from generator.render.markdown import render_markdown
from generator.render.pictures import GALLERY_SIZES, picture_html

MIME = {".mp4": "video/mp4", ".webm": "video/webm", ".mp3": "audio/mpeg", ".m4a": "audio/mp4",
        ".ogg": "audio/ogg", ".oga": "audio/ogg", ".opus": "audio/ogg"}


def format_date(date: PartialDate | None, strings: dict[str, Any]) -> str:
    """27/9/1964 in Vietnamese, 27 September 1964 in English, 1964년 9월 27일 in Korean: the
    catalogue's `date_formats` by precision. No time zones."""
    if date is None:
        return ""
    months = strings["months"]
    return strings["date_formats"][precision(date)].format(
        d=date.day, m=date.month, y=date.year,
        month=months[date.month - 1] if date.month else "")


def precision(date: PartialDate) -> str:
    return "day" if date.day else "month" if date.month else "year"


def credit_line(image: Image | Any, strings: dict[str, Any]) -> str:
    parts = []
    if image.credit:
        parts.append(f"{strings['credit']}: {image.credit}")
    if image.license:
        parts.append(image.license)
    return " · ".join(parts)


def media_context(entry: Entry, lang: str, root: str, images: dict[str, ImageInfo],
                  av: AvRefs, strings: dict[str, Any]) -> dict[str, Any]:
    text = entry.text(lang)
    gallery = []
    for image in text.gallery:
        info = images.get(image.src)
        if info:
            gallery.append({
                "picture": picture_html(info, image.alt, root, True, GALLERY_SIZES),
                "full": root + info.variants[-1].jpeg, "caption": image.caption,
                "credit": credit_line(image, strings),
            })
    audio = []
    for clip in entry.audio:
        published = av.files.get(clip.src)
        if published is None:
            continue
        transcript = clip.transcript or av.transcripts.get(clip.transcript_file, "")
        audio.append({
            "clip": clip, "src": root + published.out,
            "type": MIME.get(published.out[published.out.rfind("."):], ""),
            "size": human_size(published.size), "duration": human_duration(published.duration),
            "transcript": Markup(render_markdown(transcript, lambda image: None))
            if transcript else None,
            "credit": credit_line(clip, strings),
        })
    videos = []
    for video in entry.videos:
        item: dict[str, Any] = {"video": video, "credit": credit_line(video, strings),
                                "src": "", "poster": "", "captions": "", "size": "", "type": ""}
        if video.src and video.src in av.files:
            published = av.files[video.src]
            item.update(src=root + published.out, size=human_size(published.size),
                        type=MIME.get(published.out[published.out.rfind("."):], ""))
        if video.poster in images:
            poster = images[video.poster]
            item.update(poster=root + poster.fallback.jpeg, width=poster.width,
                        height=poster.height)
        if video.captions in av.files:
            item["captions"] = root + av.files[video.captions].out
        if video.src and not item["src"]:
            continue
        videos.append(item)
    return {"gallery": gallery, "audio": audio, "videos": videos}


def heritage_context(entry: Entry, lang: str, strings: dict[str, Any]) -> dict[str, Any]:
    text = entry.text(lang)
    decision = text.ranking_decision
    return {
        "type_label": strings["type_values"].get(entry.type, "") if entry.type else "",
        "decision": {
            "number": decision.number, "issued_by": decision.issued_by,
            "date": strings[f"decision_date_{precision(decision.date)}"].format(
                date=format_date(decision.date, strings)) if decision.date else "",
        } if decision else None,
        "events": [{"date": format_date(e.date, strings), "iso": e.date.iso(),
                    "text": e.text} for e in text.events],
        "reviewed": {"date": format_date(entry.reviewed.date, strings),
                     "iso": entry.reviewed.date.iso(), "by": entry.reviewed.by}
        if entry.reviewed else None,
    }
