"""Every message exists in Vietnamese and English, with the same placeholders."""

from __future__ import annotations

import re

import yaml
from conftest import REPO, entry

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
    p = project({"sites/a.md": entry(titel="x")})
    vi = p.run("check")
    assert "Khoá “titel” không có trong định dạng di tích." in vi.err
    assert "Có phải bạn muốn viết “title”?" in vi.err
    en = p.run("check", env={"DIACHIDO_LANG": "en"})
    assert "Error: sites/a.md, line" in en.err
    assert "titel" in en.err and "“title”" in en.err
    assert p.run("--lang", "en", "check").err == en.err


# -- the command line speaks the user's language --------------------------------------------------

def _actions(parser):
    """Every option and argument of `parser` and of each of its commands."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _actions(sub)
        else:
            yield action


def test_every_option_has_a_help_line_in_both_languages():
    from generator.cli.main import _parser

    for lang in ("vi", "en"):
        actions = list(_actions(_parser(lang)))
        assert len(actions) > 30
        missing = [a.option_strings or a.dest for a in actions if not a.help]
        assert not missing, f"{lang}: no help for {missing}"


def test_help_is_vietnamese_by_default_and_english_with_lang_anywhere(project):
    p = project({})
    vi, en = CATALOGUES["vi"]["_help"], CATALOGUES["en"]["_help"]
    top = p.run("--help")
    assert top.code == 0 and top.out.startswith(vi["usage"])
    for key in ("description", "build", "new", "project", "lang", "help"):
        assert vi[key] in " ".join(top.out.split()), key
    assert "show this help" not in top.out and "options:" not in top.out
    new_help = " ".join(p.run("new", "--help").out.split())
    assert vi["summary"] in new_help and vi["no_input"] in new_help
    english = p.run("new", "--help", "--lang", "en")
    assert english.code == 0 and english.out.startswith(en["usage"])
    assert en["summary"] in " ".join(english.out.split())
    assert p.run("--lang", "en", "new", "--help").out == english.out
    assert p.run("new", "--help", env={"DIACHIDO_LANG": "en"}).out == english.out


def test_lang_and_project_work_after_the_command_too(project):
    p = project({"sites/a.md": entry(titel="x")})
    before = p.run("--lang", "en", "check")
    after = p.run("check", "--lang", "en")
    assert after.code == before.code == 1
    assert after.err == before.err and "Error: sites/a.md" in after.err
    elsewhere = p.run("check", "-C", str(p.root), "--lang=en")
    assert elsewhere.code == 1 and "Error: sites/a.md" in elsewhere.err


def test_english_counts_take_the_singular_for_one(project):
    p = project({"sites/a.md": entry(),
                 "diachido.yml": "base_url: https://doan.example.vn\n"  # one warning: the
                                 "editor: {repo: doan/diachido}\n"})  # example address
    run = p.run("--lang", "en", "check")
    assert run.code == 0, run.err
    assert "1 site and 0 drafts, all valid, 1 warning." in run.err + run.out
    assert "1 warnings" not in run.err + run.out and "1 sites" not in run.err + run.out
    built = p.run("--lang", "en", "build")
    assert "1 warning —" in built.out and "1 site published" in built.out, built.out
    broken = project({"sites/a.md": entry(titel="x")}).run("--lang", "en", "check")
    assert "1 problem to fix" in broken.err


def test_no_english_kind_of_value_inside_a_vietnamese_message(project):
    from test_errors import assert_problem

    p = project({"sites/a.md": entry(), "sites/a.en.md": "---\ntitle:\n---\n\nText.\n"})
    run = p.run("check")
    assert_problem(run, "sites/a.en.md", 2, "expected-text", key="title", got="empty")
    assert "empty" not in run.err and CATALOGUES["vi"]["_types"]["empty"] in run.err


def test_a_config_text_in_a_language_the_site_lacks_is_told_to_go_or_be_added(project):
    from test_errors import fill

    config = "languages: [vi, en]\ntitle:\n  vi: Địa chỉ đỏ\n  zh-Hans: 红色地址\n"
    run = project({"sites/a.md": entry(), "diachido.yml": config}).run("check")
    assert run.code == 1
    block = next(b for b in run.err.split("\n\n") if b.startswith("Lỗi: diachido.yml, dòng 4\n"))
    params = {"key": "title", "lang": "zh-Hans", "allowed": "vi, en"}
    entry_ = CATALOGUES["vi"]["config-unknown-language"]
    assert fill(entry_["what"], **params) in block and fill(entry_["fix"], **params) in block
    assert ".md" not in run.err, "nothing to do with a translation file's name"


def test_argparse_own_errors_speak_the_users_language(project):
    """A mistyped command or a missing argument is argparse's own sentence: it must come in
    Vietnamese by default too (no "invalid choice"), and in English with --lang en."""
    p = project({"sites/a.md": entry()})
    words = CATALOGUES["vi"]["_argparse"]
    typo = p.run("chek")
    assert typo.code == 2 and "invalid choice" not in typo.err
    assert words["invalid choice: %(value)r (choose from %(choices)s)"].split("%")[0] in typo.err
    missing = p.run("new")
    assert missing.code == 2 and "required" not in missing.err
    assert words["the following arguments are required: %s"].split("%")[0] in missing.err
    english = p.run("--lang", "en", "chek")
    assert english.code == 2 and "invalid choice: 'chek'" in english.err
