"""`diachido new` writes an entry that passes `diachido check` as written."""

from __future__ import annotations

import yaml
from conftest import entry


def test_new_entry_passes_check_and_builds(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT07")})
    result = p.run("new", "dinh-phu-my", "--title", "Đình Phú Mỹ")
    assert result.code == 0, result.err
    written = p.root / "sites" / "dinh-phu-my.md"
    assert (p.root / "media" / "dinh-phu-my").is_dir()
    front = yaml.safe_load(written.read_text("utf-8").split("---\n")[1])
    assert front["code"] == "NT08", "proposes the next free code"
    assert front["title"] == "Đình Phú Mỹ"
    assert p.run("check").code == 0
    p.build()
    assert (p.out / "dinh-phu-my" / "index.html").is_file()


def test_new_with_explicit_code(project):
    p = project({})
    assert p.run("new", "dinh-phu-my", "--code", "NT02", "--title", "Đình Phú Mỹ").code == 0
    text = (p.root / "sites" / "dinh-phu-my.md").read_text("utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["code"] == "NT02"
    assert p.run("check").code == 0


def test_new_refuses_taken_code_existing_file_and_bad_slug(project):
    p = project({"sites/a.md": entry("NT01")})
    taken = p.run("new", "b", "--code", "NT01")
    assert taken.code == 1 and "NT02" in taken.err
    assert not (p.root / "sites" / "b.md").exists()
    again = p.run("new", "a")
    assert again.code == 1 and "sites/a.md" in again.err
    bad = p.run("new", "Đình Phú")
    assert bad.code == 1 and "dinh-phu" in bad.err


def test_new_and_the_build_propose_the_same_code(project):
    """One rule for the next free code: `diachido new` and the build's "use this code instead"
    agree, skip every registered code (retired ones too) and never fill a gap below the top."""
    registry = ("NT01:\n  slug: a\n  issued: 2026-01-01\n"
                "NT04:\n  slug: gone\n  issued: 2026-01-01\n  retired: {notice: Đã đóng cửa}\n")
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT04"), "codes.yml": registry})
    built = p.run("--lang", "en", "check")
    assert built.code == 1 and "NT04" in built.err
    assert "NT05" in built.err, "the build proposes one past the highest registered code"
    p.write("sites/b.md", entry("NT02"))
    made = p.run("new", "c")
    assert made.code == 0, made.err
    front = yaml.safe_load((p.root / "sites" / "c.md").read_text("utf-8").split("---\n")[1])
    assert front["code"] == "NT05"


def test_new_gives_back_a_code_registered_to_the_same_slug(project):
    """An entry deleted and made again keeps the code printed on its plate."""
    registry = "NT03:\n  slug: dinh-cu\n  issued: 2026-01-01\n"
    p = project({"sites/a.md": entry("NT01"), "codes.yml": registry})
    assert p.run("new", "dinh-cu").code == 0
    front = yaml.safe_load((p.root / "sites" / "dinh-cu.md").read_text("utf-8").split("---\n")[1])
    assert front["code"] == "NT03"
