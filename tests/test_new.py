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
