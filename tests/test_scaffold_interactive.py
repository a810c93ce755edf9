"""`diachido new` on a terminal: it asks for what the flags did not give, re-asks on a bad answer,
and writes an entry that passes `diachido check` as written. Driven in a real pseudo-terminal."""

from __future__ import annotations

import os
import sys

import pexpect
import pytest
import yaml
from conftest import REPO, entry

CATALOGUES = {lang: yaml.safe_load((REPO / "generator" / "messages" / f"{lang}.yml")
                                   .read_text("utf-8"))["_summary"] for lang in ("vi", "en")}


def say(key: str, lang: str = "vi", **params: object) -> str:
    return CATALOGUES[lang][key].format(**params)


def spawn(root, *args: str) -> pexpect.spawn:
    env = {**os.environ, "DIACHIDO_LANG": "vi", "PYTHONPATH": str(REPO)}
    child = pexpect.spawn(sys.executable, ["-m", "generator", *args], cwd=str(root), env=env,
                          encoding="utf-8", timeout=30)
    child.delaybeforesend = 0.05
    return child


def finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus if child.exitstatus is not None else -child.signalstatus, \
        child.before


def front(path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.mark.slow
def test_new_asks_in_vietnamese_and_reasks_bad_answers(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT07", title="Giồng Sắn")})
    child = spawn(p.root, "new", "dinh-moi")
    child.expect_exact(say("new_intro", path="sites/dinh-moi.md"))
    child.expect_exact(say("new_ask_title"))
    child.sendline("")  # empty: re-asked
    child.expect_exact(say("new_title_empty"))
    child.expect_exact(say("new_ask_title"))
    child.sendline("Đình Mới Phước Khánh")
    child.expect_exact(say("new_ask_code", default="NT08"))
    child.sendline("NT1")  # bad format: re-asked
    child.expect_exact(say("new_code_bad", code="NT1", suggestion="NT08"))
    child.expect_exact(say("new_ask_code", default="NT08"))
    child.sendline("NT07")  # taken: re-asked
    child.expect_exact(say("new_code_taken", code="NT07", suggestion="NT08"))
    child.expect_exact(say("new_ask_code", default="NT08"))
    child.sendline("")  # Enter accepts the proposed code
    child.expect_exact(say("new_ask_category", default="di tích lịch sử"))
    child.sendline("di tích kiến trúc nghệ thuật")
    child.expect_exact(say("new_ask_address"))
    child.sendline("ấp 3, xã Phước Khánh, tỉnh Đồng Nai")
    code, output = finish(child)
    assert code == 0, output
    assert say("created", path="sites/dinh-moi.md", media="media/dinh-moi") in output
    written = p.root / "sites" / "dinh-moi.md"
    assert front(written) == {
        "code": "NT08", "title": "Đình Mới Phước Khánh",
        "summary": "Đình Mới Phước Khánh: giới thiệu ngắn về di tích.",
        "category": "di tích kiến trúc nghệ thuật",
        "address": "ấp 3, xã Phước Khánh, tỉnh Đồng Nai", "draft": True,
    }
    assert (p.root / "media" / "dinh-moi").is_dir()
    check = p.run("check")
    assert check.code == 0, check.err


def test_new_asks_in_english_and_accepts_defaults(project):
    p = project({})
    child = spawn(p.root, "--lang", "en", "new", "den-tho")
    child.expect_exact(say("new_ask_title", "en"))
    child.sendline("Đền thờ Nguyễn Hữu Cảnh")
    child.expect_exact(say("new_ask_code", "en", default="NT01"))
    child.sendline("nt05")  # lower case is accepted as NT05
    child.expect_exact(say("new_ask_category", "en", default="di tích lịch sử"))
    child.sendline("")
    child.expect_exact(say("new_ask_address", "en"))
    child.sendline("")
    code, output = finish(child)
    assert code == 0, output
    data = front(p.root / "sites" / "den-tho.md")
    assert (data["code"], data["title"], data["category"]) == (
        "NT05", "Đền thờ Nguyễn Hữu Cảnh", "di tích lịch sử")
    assert p.run("check").code == 0


@pytest.mark.slow
def test_flags_on_a_terminal_ask_nothing(project):
    p = project({"sites/a.md": entry("NT01")})
    child = spawn(p.root, "new", "dinh-b", "--code", "NT04", "--title", "Đình B",
                  "--category", "di tích lịch sử", "--address", "xã Long Tân")
    code, output = finish(child)
    assert code == 0, output
    assert say("new_ask_title") not in output
    assert front(p.root / "sites" / "dinh-b.md")["code"] == "NT04"
    assert p.run("check").code == 0


def test_only_missing_answers_are_asked(project):
    p = project({})
    child = spawn(p.root, "new", "dinh-c", "--title", "Đình C", "--category", "di tích")
    child.expect_exact(say("new_ask_code", default="NT01"))
    child.sendline("")
    child.expect_exact(say("new_ask_address"))
    child.sendline("")
    code, output = finish(child)
    assert code == 0, output
    assert say("new_ask_title") not in output and "Loại hình" not in output
    assert p.run("check").code == 0


@pytest.mark.parametrize("bad", ["no-slug", "exists"])
def test_bad_slug_is_refused_before_any_question(project, bad):
    p = project({"sites/a.md": entry("NT01")})
    child = spawn(p.root, "new", "Đình Phú" if bad == "no-slug" else "a")
    code, output = finish(child)
    assert code == 1, output
    assert say("new_ask_title") not in output


def test_ctrl_d_stops_without_writing(project):
    p = project({})
    child = spawn(p.root, "new", "dinh-d")
    child.expect_exact(say("new_ask_title"))
    child.sendeof()
    code, output = finish(child)
    assert code == 130, output
    assert "Traceback" not in output
    assert say("new_interrupted") in output and "build/" not in output, output
    assert not (p.root / "sites" / "dinh-d.md").exists()
