"""Every message exists in Vietnamese and English, with the same placeholders."""

from __future__ import annotations

import re

import yaml
from conftest import REPO

from generator.content.media_paths import SUFFIXES

CATALOGUES = {lang: yaml.safe_load((REPO / f"generator/messages/{lang}.yml").read_text("utf-8"))
              for lang in ("vi", "en")}
STRINGS = {lang: yaml.safe_load((REPO / f"theme/i18n/{lang}.yml").read_text("utf-8"))
           for lang in ("vi", "en")}
CALL = re.compile(r'(?:problems\.add|Invalid|Problem|OutputError|self\.fail)\(\s*"([a-z0-9-]+)"')


def _ids_in_code() -> set[str]:
    found: set[str] = set()
    for path in (REPO / "generator").rglob("*.py"):
        found |= set(CALL.findall(path.read_text("utf-8")))
    found |= {f"bad-{kind}-{part}" for kind in ("gallery", "video", "audio")
              for part in ("item", "key")}
    found |= {f"not-{kind}-name" for kind in SUFFIXES}
    return found


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"(?<!\{)\{([a-z_]+)\}(?!\})", text))


def test_every_message_the_code_raises_is_in_both_catalogues():
    ids = _ids_in_code()
    assert len(ids) > 60
    for lang, catalogue in CATALOGUES.items():
        missing = sorted(ids - set(catalogue))
        assert not missing, f"{lang}.yml lacks {missing}"
        for message_id in ids:
            assert catalogue[message_id]["what"] and catalogue[message_id]["fix"], message_id


def test_catalogues_match_key_for_key_and_placeholder_for_placeholder():
    vi, en = CATALOGUES["vi"], CATALOGUES["en"]
    assert vi.keys() == en.keys()
    for key in vi:
        assert vi[key].keys() == en[key].keys(), key
        for part in vi[key]:
            assert _placeholders(vi[key][part]) == _placeholders(en[key][part]), (key, part)


def test_interface_strings_exist_in_both_languages():
    vi, en = STRINGS["vi"], STRINGS["en"]
    assert vi.keys() == en.keys(), set(vi) ^ set(en)
    for key, value in vi.items():
        if isinstance(value, dict):
            assert value.keys() == en[key].keys(), key
        elif isinstance(value, str):
            assert _placeholders(value) == _placeholders(en[key]), key


def test_a_few_messages_by_their_text(project):
    from conftest import entry

    p = project({"sites/a.md": entry(titel="x")})
    vi = p.run("check")
    assert "Khoá “titel” không có trong định dạng di tích." in vi.err
    assert "Có phải bạn muốn viết “title”?" in vi.err
    en = p.run("check", env={"DIACHIDO_LANG": "en"})
    assert "Error: sites/a.md, line" in en.err
    assert "titel" in en.err and "“title”" in en.err
    assert p.run("--lang", "en", "check").err == en.err
