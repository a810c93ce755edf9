"""Small edits: written in place behind a journal, from cached entries — and still exactly the
build a clean run makes, with every check a full load would do."""

from __future__ import annotations

import os

from conftest import entry, jpeg_with_exif, tree_digest

from generator.outputs.inplace import TEMP_SUFFIX, InPlace, recover

SITES = 40  # ~225 outputs: a one-entry edit (~12-20 files) stays under the in-place limit


def _sites(summary_of_first: str = "Một ngôi đình cổ.") -> dict[str, str]:
    files = {f"sites/s{i:02d}.md": entry(f"NT{i + 1:02d}", title=f"Đình số {i}",
                                         summary="Một ngôi đình cổ.")
             for i in range(SITES)}
    files["sites/s00.md"] = entry("NT01", title="Đình số 0", summary=summary_of_first)
    return files


def test_small_edit_is_written_in_place_and_equals_a_clean_build(project):
    p = project(_sites())
    p.build("--no-plates")
    untouched = p.out / "s05" / "index.html"
    inodes = (p.out.stat().st_ino, untouched.stat().st_ino)

    p.write("sites/s00.md", entry("NT01", title="Đình số 0", summary="Đã sửa tóm tắt."))
    run = p.build("--no-plates")

    assert (p.out.stat().st_ino, untouched.stat().st_ino) == inodes  # no new tree was staged
    assert "Đã sửa tóm tắt." in (p.out / "s00" / "index.html").read_text("utf-8")
    assert "Đã sửa tóm tắt." in (p.out / "index.html").read_text("utf-8")
    assert not [path for path in p.out.rglob("*") if path.name.endswith(TEMP_SUFFIX)]
    assert not list((p.root / ".diachido-cache").glob("*.journal"))
    clean = project(_sites("Đã sửa tóm tắt."))
    clean.build("--no-plates")
    assert tree_digest(p.out) == tree_digest(clean.out), run.out


def test_removed_entry_in_place_leaves_no_page_or_empty_folder(project):
    p = project(_sites())
    p.build("--no-plates")
    inode = p.out.stat().st_ino
    (p.root / "sites" / "s07.md").unlink()
    registry = (p.root / "codes.yml").read_text("utf-8")
    p.write("codes.yml", registry.replace("  slug: s07\n",
                                          "  slug: s07\n  retired: {target: NT01}\n"))
    p.build("--no-plates")
    assert p.out.stat().st_ino == inode
    assert not (p.out / "s07").exists() and not (p.out / "en" / "s07").exists()
    clean = project({k: v for k, v in _sites().items() if k != "sites/s07.md"})
    clean.write("codes.yml", (p.root / "codes.yml").read_text("utf-8"))
    clean.build("--no-plates")
    assert tree_digest(p.out) == tree_digest(clean.out)


def test_cached_entries_still_meet_cross_entry_and_media_checks(project):
    files = _sites()
    files["sites/s01.md"] = entry("NT02", title="Đình số 1", cover="s01/cong.jpg",
                                  cover_alt="Cổng đình")
    p = project(files)
    jpeg_with_exif(p.root / "media" / "s01" / "cong.jpg")
    p.build("--no-plates")
    last = tree_digest(p.out)

    # s02 takes s01's code: s01 is unchanged (from the cache) and still counts.
    p.write("sites/s02.md", entry("NT02", title="Đình số 2"))
    run = p.run("build", "--no-plates")
    assert run.code == 1 and "NT02" in run.err and "sites/s02.md" in run.err, run.err
    p.write("sites/s02.md", files["sites/s02.md"])

    # s01's photo disappears: the unchanged (cached) entry is still checked; the error names it.
    (p.root / "media" / "s01" / "cong.jpg").unlink()
    run = p.run("build", "--no-plates")
    assert run.code == 1 and "sites/s01.md" in run.err and "s01/cong.jpg" in run.err, run.err
    assert tree_digest(p.out) == last


def test_unreadable_parse_cache_is_ignored(project):
    p = project(_sites())
    p.build("--no-plates")
    first = tree_digest(p.out)
    (p.root / ".diachido-cache" / "parsed.pickle").write_bytes(b"\x80\x05not a pickle")
    p.write("sites/s03.md", entry("NT04", title="Đình số 3", summary="Sửa."))
    p.build("--no-plates")
    p.write("sites/s03.md", _sites()["sites/s03.md"])
    p.build("--no-plates")
    assert tree_digest(p.out) == first


def _two_file_tree(tmp_path):
    out = tmp_path / "build"
    (out / "a").mkdir(parents=True)
    (out / "a" / "index.html").write_text("old a")
    (out / "b.html").write_text("old b")
    (out / "gone").mkdir()
    (out / "gone" / "index.html").write_text("old gone")
    return out, tmp_path / "cache" / "m.journal"


def test_kill_during_renames_is_finished_by_the_next_run(tmp_path):
    out, journal = _two_file_tree(tmp_path)
    stage = InPlace(out, journal, ["a/index.html", "b.html", "new/index.html"],
                    ["gone/index.html"])
    stage.open()
    for rel in ("a/index.html", "b.html", "new/index.html"):
        stage.write(rel, f"new {rel}".encode())
    stage._save("commit")  # what commit() records before its first rename …
    os.replace(out / "a" / f".index.html{TEMP_SUFFIX}", out / "a" / "index.html")  # … then killed
    recover(journal)
    assert {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*")
            if p.is_file()} == {"a/index.html": "new a/index.html", "b.html": "new b.html",
                                "new/index.html": "new new/index.html"}
    assert not journal.exists() and not (out / "gone").exists()


def test_kill_while_writing_leaves_the_old_tree(tmp_path):
    out, journal = _two_file_tree(tmp_path)
    before = tree_digest(out)
    stage = InPlace(out, journal, ["a/index.html", "new/deep/index.html"], ["gone/index.html"])
    stage.open()
    stage.write("a/index.html", b"half")
    stage.write("new/deep/index.html", b"half")  # killed before commit()
    recover(journal)
    assert tree_digest(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["a", "b.html", "gone"]
    assert not journal.exists()


def test_problems_found_by_parallel_parsing_name_file_and_line(project):
    """More than 64 entries are parsed in worker processes; their problems must come back
    with file and line as from a serial parse, and stop the build."""
    files = {f"sites/s{i:03d}.md": entry(f"NT{i + 1:03d}", title=f"Đình số {i}")
             for i in range(80)}
    p = project(files)
    p.build("--no-plates")
    last = tree_digest(p.out)
    p.write("sites/s010.md", files["sites/s010.md"].replace("title: Đình số 10", "titel: X"))
    p.write("sites/s070.md", files["sites/s070.md"].replace("code: NT071", "code: [NT071"))
    (p.root / ".diachido-cache" / "parsed.pickle").unlink()  # every entry parsed again
    run = p.run("build", "--no-plates")
    assert run.code == 1, run.err
    assert "sites/s010.md, dòng 3" in run.err and "titel" in run.err, run.err
    assert "sites/s070.md, dòng 2" in run.err and "Có 2 lỗi" in run.err, run.err
    assert "Traceback" not in run.err
    assert tree_digest(p.out) == last


def test_in_place_rebuild_removes_a_killed_builds_staging_folder(project):
    """A build killed while staging leaves `.build.staging`; the next build may be a small
    in-place one, which must remove it too (found by the SIGKILL test, 1 run in ~5)."""
    p = project(_sites())
    p.build("--no-plates")
    leftover = p.root / ".build.staging"
    (leftover / "half").mkdir(parents=True)
    (leftover / "half" / "index.html").write_text("half-written")
    inode = p.out.stat().st_ino
    p.write("sites/s00.md", entry("NT01", title="Đình số 0", summary="Sửa nhỏ."))
    p.build("--no-plates")
    assert p.out.stat().st_ino == inode  # it was the in-place path
    assert not leftover.exists()


def test_serve_commits_the_edited_page_first_and_ends_as_a_clean_build(project):
    """`serve`'s order (outputs/early.py): the edited entry's pages are in place, and announced,
    while the pages that list it (the homes) are still the old ones; then the rest follows and
    the tree is exactly a clean build's."""
    from generator.build import Options, build_site
    from generator.outputs.early import Early

    p = project(_sites())
    p.build("--no-plates")
    renamed = entry("NT04", title="Đình số 3 đã đổi tên", summary="Một ngôi đình cổ.")
    p.write("sites/s03.md", renamed)
    seen: dict[str, object] = {}

    def done(paths: list[str]) -> None:
        seen["paths"] = paths
        seen["page"] = (p.out / "s03" / "index.html").read_text("utf-8")
        seen["home"] = (p.out / "index.html").read_text("utf-8")

    wanted = Early(frozenset({"s03"}), frozenset(), done)
    build_site(Options(root=p.root, out=p.out, plates=False, early=wanted))

    assert seen["paths"] == ["en/s03/index.html", "s03/index.html"]
    assert "Đình số 3 đã đổi tên" in str(seen["page"])
    assert "Đình số 3 đã đổi tên" not in str(seen["home"]), "the homes come after"
    assert "Đình số 3 đã đổi tên" in (p.out / "index.html").read_text("utf-8")
    files = _sites()
    files["sites/s03.md"] = renamed
    clean = project(files)
    clean.build("--no-plates")
    assert tree_digest(p.out) == tree_digest(clean.out)


def test_serve_shows_nothing_early_when_the_edit_is_broken(project):
    """Early pages come only after every input validated: a broken entry leaves build/ as it was
    and tells no browser to reload."""
    import pytest

    from generator.build import Options, build_site
    from generator.outputs.early import Early
    from generator.problems import UserError

    p = project(_sites())
    p.build("--no-plates")
    before = tree_digest(p.out)
    p.write("sites/s03.md", entry("NT04", title="'Đình số 3", summary="Một ngôi đình cổ."))
    calls: list[list[str]] = []
    wanted = Early(frozenset({"s03"}), frozenset({"index.html"}), calls.append)
    with pytest.raises(UserError):
        build_site(Options(root=p.root, out=p.out, plates=False, early=wanted))
    assert calls == [] and tree_digest(p.out) == before
