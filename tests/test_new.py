"""`diachido new` writes a draft that passes `diachido check` as written, and nothing unfinished
reaches visitors, a plate or codes.yml."""

from __future__ import annotations

import yaml
from conftest import entry
from test_errors import CATALOGUES, assert_problem, fill, message


def test_new_entry_passes_check_and_builds(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT07")})
    result = p.run("new", "dinh-phu-my", "--title", "Đình Phú Mỹ")
    assert result.code == 0, result.err
    written = p.root / "sites" / "dinh-phu-my.md"
    assert (p.root / "media" / "dinh-phu-my").is_dir()
    front = yaml.safe_load(written.read_text("utf-8").split("---\n")[1])
    assert front["code"] == "NT08", "proposes the next free code"
    assert front["title"] == "Đình Phú Mỹ"
    assert front["draft"] is True
    assert p.run("check").code == 0
    p.build()
    assert not (p.out / "dinh-phu-my").exists(), "a draft until its texts are written"


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


def _lines_holding(text: str, *needles: str) -> list[int]:
    lines = text.split("\n")
    return [next(n for n, line in enumerate(lines, start=1) if needle in line)
            for needle in needles]


def test_a_scaffold_is_a_draft_that_reaches_no_visitor_plate_or_registry(project):
    """`new --no-input` then `build`: nothing unfinished is published, no plate is drawn and
    codes.yml gains nothing; the message says how to publish."""
    p = project({"diachido.yml": "title: Địa chỉ đỏ\n"})
    made = p.run("new", "den-moi", "--no-input")
    assert made.code == 0, made.err
    assert "draft: true" in made.out and "draft: false" in made.out, made.out
    text = (p.root / "sites" / "den-moi.md").read_text("utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["draft"] is True
    built = p.run("build")
    assert built.code == 0, built.err
    assert not (p.out / "den-moi").exists()
    assert (p.out / "index.html").is_file() and not (p.out / "plates" / "NT01.png").exists()
    assert not (p.root / "codes.yml").exists(), "a draft's code is not issued"
    assert "Den moi" not in (p.out / "index.html").read_text("utf-8")


def test_publishing_a_scaffold_names_every_placeholder_line(project):
    p = project({})
    assert p.run("new", "den-moi", "--no-input").code == 0
    path = p.root / "sites" / "den-moi.md"
    text = path.read_text("utf-8").replace("draft: true", "draft: false")
    path.write_text(text, "utf-8")
    run = p.run("build")
    title, summary, address, body = _lines_holding(
        text, "title:", "summary:", "address:", "Viết phần giới thiệu")
    assert_problem(run, "sites/den-moi.md", title, "placeholder-text", fix="fix_if_key_title",
                   key="title", value="Den moi")
    assert_problem(run, "sites/den-moi.md", summary, "placeholder-text", key="summary",
                   value="Den moi: giới thiệu ngắn về di tích.")
    assert_problem(run, "sites/den-moi.md", address, "placeholder-text", key="address",
                   value="xã …, tỉnh Đồng Nai")
    assert_problem(run, "sites/den-moi.md", body, "placeholder-text", fix="fix_if_key_body",
                   key="body", value="Viết phần giới thiệu di tích ở đây.")
    assert not (p.out / "den-moi").exists() and not (p.root / "codes.yml").exists()
    # Only the title corrected: the summary written from the old title is still a sample.
    path.write_text(text.replace('"Den moi"', '"Đền Mới"'), "utf-8")
    again = p.run("check")
    assert_problem(again, "sites/den-moi.md", summary, "placeholder-text", key="summary",
                   value="Den moi: giới thiệu ngắn về di tích.")
    assert f"sites/den-moi.md, dòng {title}\n" not in again.err


def test_a_finished_scaffold_publishes_with_the_vietnamese_title_typed(project):
    """The title typed (here in decomposed form, as some keyboards send it) is kept, in NFC."""
    import unicodedata

    p = project({})
    typed = unicodedata.normalize("NFD", "Đền Mới")
    assert p.run("new", "den-moi", "--title", typed, "--address",
                 "ấp 3, xã Phước Khánh, tỉnh Đồng Nai", "--summary", "Ngôi đền mới.").code == 0
    path = p.root / "sites" / "den-moi.md"
    text = path.read_text("utf-8")
    assert 'title: "Đền Mới"' in text
    path.write_text(text.replace("draft: true", "draft: false").replace(
        "Viết phần giới thiệu di tích ở đây.", "Đền dựng năm 1920."), "utf-8")
    p.build()
    assert "<title>Đền Mới" in (p.out / "den-moi" / "index.html").read_text("utf-8")
    assert yaml.safe_load((p.root / "codes.yml").read_text("utf-8"))["NT01"]["slug"] == "den-moi"


def test_a_published_site_turned_draft_keeps_its_registered_code(project):
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02", title="Đình B")})
    p.build()
    before = (p.root / "codes.yml").read_text("utf-8")
    p.write("sites/b.md", entry("NT02", title="Đình B", draft="true"))
    p.build()
    assert (p.root / "codes.yml").read_text("utf-8") == before
    assert p.run("new", "c", "--no-input").code == 0
    front = yaml.safe_load((p.root / "sites" / "c.md").read_text("utf-8").split("---\n")[1])
    assert front["code"] == "NT03", "a draft's code is never proposed again"


def test_new_outside_a_project_says_so_and_writes_nothing(tmp_path):
    from conftest import Project

    folder = tmp_path / "Downloads"
    folder.mkdir()
    run = Project(folder).run("new", "den-moi", "--no-input")
    assert run.code == 1 and "Traceback" not in run.err
    assert list(folder.iterdir()) == [], "no sites/ or media/ planted outside a project"
    first = run.err.splitlines()[0]
    assert first == "Lỗi: " + message("not-a-project", folder=str(folder.resolve()),
                                       command="new"), run.err
    assert CATALOGUES["vi"]["_summary"]["not_a_project"] in run.err
    assert "build/" not in run.err, "new never touches build/: no word about it"
    for command in (("build",), ("check",), ("plates", "--report"), ("bundle",)):
        refused = Project(folder).run(*command)
        assert refused.code == 1 and "Traceback" not in refused.err, refused.err
        assert message("not-a-project", folder=str(folder.resolve()),
                       command=command[0]) in refused.err
        assert "build/" not in refused.err and list(folder.iterdir()) == [], command


def test_new_errors_say_what_on_their_first_line_and_no_word_about_build(project):
    p = project({"sites/a.md": entry("NT01")})
    for args, message_id, params in (
            (("Đình Phú",), "new-bad-slug", {"slug": "Đình Phú", "suggestion": "dinh-phu"}),
            (("x", "--code", "NT01"), "new-code-taken", {"code": "NT01"})):
        run = p.run("new", *args, "--no-input")
        assert run.code == 1, run.err
        assert run.err.splitlines()[0] == "Lỗi: " + message(message_id, **params), run.err
        assert "build/" not in run.err and "Lỗi:\n" not in run.err
        assert fill(CATALOGUES["vi"]["_summary"]["new_failed"], errors=1) in run.err
    exists = p.run("new", "a", "--no-input")
    assert exists.err.splitlines()[0] == "Lỗi: sites/a.md", exists.err
