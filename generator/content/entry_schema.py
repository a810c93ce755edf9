"""The entry format: every front-matter key, its normaliser, and where its value goes.

One row per key of the schema (content/schema.py). Translatable keys may be written in a
translation file and end up in `model.Text`; the others are shared and end up in `model.Entry`.
"""

from __future__ import annotations

from generator.content import heritage_fields as heritage
from generator.content import media_fields as media
from generator.content.fields import (
    aliases,
    boolean,
    code,
    location,
    media_image,
    plate_size,
    ranking,
    sources,
    text,
    year,
)
from generator.content.schema import Field, Schema

ENTRY_FIELDS: dict[str, Field] = {
    "code": Field(code, required=True),
    "title": Field(text(200), True, True),
    "summary": Field(text(400), True, True),
    "category": Field(text(120), True, True),
    "address": Field(text(300), True, True),
    "location": Field(location),
    "type": Field(heritage.relic_type),
    "ranking": Field(ranking),
    "ranked_year": Field(year),
    "ranking_decision": Field(heritage.ranking_decision, translatable=True),
    "periods": Field(heritage.text_list(120), translatable=True),
    "events": Field(heritage.events, translatable=True),
    "people": Field(heritage.people, translatable=True),
    "managed_by": Field(heritage.managed_by),
    "opening_hours": Field(text(300), translatable=True),
    "admission": Field(text(300), translatable=True),
    "content_note": Field(text(600), translatable=True),
    "reviewed": Field(heritage.reviewed),
    "cover": Field(media_image),
    "cover_alt": Field(text(300), translatable=True),
    "cover_credit": Field(text(200)),
    "cover_license": Field(text(200)),
    "gallery": Field(media.gallery, translatable=True),
    "videos": Field(media.videos),
    "audio": Field(media.audio),
    "panorama": Field(media.panorama, translatable=True),
    "sources": Field(sources, translatable=True),
    "aliases": Field(aliases),
    "draft": Field(boolean),
    "plate_size": Field(plate_size),
}

ENTRY = Schema(ENTRY_FIELDS)

# Keys that are read into other fields rather than copied as they are.
ENTRY_ATTRS = ("location", "type", "ranking", "ranked_year", "managed_by", "reviewed", "videos",
               "audio", "aliases", "draft", "plate_size")
TEXT_ATTRS = ("title", "summary", "category", "address", "cover_alt", "gallery", "sources",
              "periods", "events", "opening_hours", "admission", "content_note",
              "ranking_decision", "people", "panorama")
