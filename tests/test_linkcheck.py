"""The built-site checker finds what a visitor would hit as a dead end."""

from __future__ import annotations

from conftest import entry

from generator.outputs.linkcheck import check_links


def test_a_fresh_build_has_no_broken_links(project):
    p = project({"sites/a.md": entry("NT01", aliases="[cu]"), "sites/b.md": entry("NT02")})
    p.build("--base-url", "https://example.org/sub")
    assert check_links(p.out, "/sub") == []


def test_broken_link_image_alias_and_qr_target_are_found(project):
    p = project({"sites/a.md": entry("NT01", aliases="[cu]")})
    p.build()
    page = p.out / "a" / "index.html"
    page.write_text(page.read_text("utf-8").replace(
        "</main>", '<a href="../khong-co/">x</a><img src="../media/x.jpg" alt="x"></main>'),
        "utf-8")
    (p.out / "a" / "index.html").rename(p.out / "a" / "moved.html")
    (p.out / "q" / "NT01.html").unlink()
    broken = {(b.page, b.url) for b in check_links(p.out)}
    assert ("a/moved.html", "../khong-co/") in broken
    assert ("a/moved.html", "../media/x.jpg") in broken
    assert ("cu/index.html", "../a/") in broken, "the alias now leads nowhere"
    assert ("plates/NT01.svg", "q/NT01") in broken


def test_check_reports_broken_links_of_the_last_build(project):
    p = project({"sites/a.md": entry("NT01")})
    p.build()
    assert p.run("check").code == 0
    (p.out / "a" / "index.html").unlink()
    result = p.run("check")
    assert result.code == 1
    assert "build/index.html" in result.err and "a/" in result.err
