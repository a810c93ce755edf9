"""The rules of committing outputs: the in-place path's refusals (commit.py) and serve's early
pages (early.py), each tested where it decides, then once end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import entry

from generator.build import Options, build_site
from generator.outputs.commit import commit_outputs
from generator.outputs.early import MAX_EARLY, Early, Superseded, commit_early
from generator.outputs.manifest import Inputs, Manifest
from generator.outputs.plan import Output


def _outputs(paths: dict[str, str]) -> list[Output]:
    return [Output(path, key, produce=lambda path=path, key=key: f"{path} {key}".encode())
            for path, key in paths.items()]


def _commit(out: Path, cache: Path, paths: dict[str, str]) -> frozenset[str]:
    manifest = Manifest.load(cache, out)
    keys, _reused, changed = commit_outputs(out, _outputs(paths), manifest, 1,
                                            lambda _total: lambda: None)
    manifest.save(Inputs("in"), out, keys)
    return changed


def _tree(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}


BASE = {f"page{i:02d}/index.html": "k" for i in range(30)}


@pytest.mark.parametrize("before, after", [
    ("x/page", "x/page/index.html"),  # a file becomes a folder
    ("x/page/index.html", "x/page"),  # a folder becomes a file
])
def test_a_path_that_turns_into_a_folder_or_back_is_committed(tmp_path, before, after):
    """Two changes among 31 outputs would be a small (in-place) change; a new file where the last
    build left a folder, or below one of its files, cannot be renamed into place and must take
    the staged path instead."""
    out, cache = tmp_path / "build", tmp_path / "cache"
    _commit(out, cache, {**BASE, before: "1"})
    inode = out.stat().st_ino
    _commit(out, cache, {**BASE, after: "2"})
    assert _tree(out) == {**{p: f"{p} k" for p in BASE}, after: f"{after} 2"}
    assert out.stat().st_ino != inode, "taken by the staged path (a new build/ swapped in)"


def test_a_small_change_is_committed_in_place(tmp_path):
    """The counterpart: the same two changes where no folder is in the way stay in place."""
    out, cache = tmp_path / "build", tmp_path / "cache"
    _commit(out, cache, {**BASE, "x/a.html": "1"})
    inode = out.stat().st_ino
    assert _commit(out, cache, {**BASE, "x/b.html": "2"}) == {"x/a.html", "x/b.html"}
    assert out.stat().st_ino == inode
    assert _tree(out) == {**{p: f"{p} k" for p in BASE}, "x/b.html": "x/b.html 2"}


# --- serve's early pages ------------------------------------------------------------------------

def test_early_wants_saved_entries_and_viewed_pages_only():
    early = Early(frozenset({"dinh"}), frozenset({"index.html", "en/den/index.html"}),
                  lambda _paths: None)
    assert early.wanted("dinh/index.html", "dinh")
    assert early.wanted("en/dinh/index.html", "dinh")
    assert early.wanted("index.html", "")
    assert early.wanted("en/den/index.html", "den"), "viewed, though not saved"
    assert not early.wanted("den/index.html", "den")
    assert not early.wanted("dinh/card.png", "dinh"), "pages only"
    Early(frozenset(), frozenset(), lambda _p: None).check()  # nothing waiting: no exception
    with pytest.raises(Superseded):
        Early(frozenset(), frozenset(), lambda _p: None, superseded=lambda: True).check()


def _early_run(tmp_path: Path, wanted: dict[str, str], describes: bool = True
               ) -> tuple[list[list[str]], Manifest, Path]:
    out, cache = tmp_path / "build", tmp_path / "cache"
    _commit(out, cache, BASE)
    manifest = Manifest.load(cache, out)
    if not describes:
        manifest.out_stat = [0, 0]
    calls: list[list[str]] = []
    early = Early(frozenset(), frozenset(wanted), calls.append)
    commit_early(out, _outputs({**BASE, **wanted}), manifest, early)
    return calls, manifest, out


def test_early_commits_changed_viewed_pages_and_records_their_rows(tmp_path):
    """The pages committed early get their new manifest rows in memory, so the rest of the build
    reuses them instead of writing them a second time."""
    calls, manifest, out = _early_run(tmp_path, {"page03/index.html": "new"})
    assert calls == [["page03/index.html"]]
    assert (out / "page03/index.html").read_text() == "page03/index.html new"
    assert manifest.outputs["page03/index.html"][0] == "new"
    assert manifest.reusable("page03/index.html", "new", out), "the rest reuses it as written"


def test_early_leaves_alone_what_it_must_not_do_first(tmp_path):
    """Unchanged pages, new pages (their folders come with the rest), too many pages, and an
    output folder the manifest does not describe are all left to the rest of the build."""
    calls, _m, out = _early_run(tmp_path, {"page03/index.html": "k"})
    assert calls == [], "its key did not change"
    calls, _m, out = _early_run(tmp_path / "b", {"new/index.html": "n"})
    assert calls == [] and not (out / "new").exists()
    many = {f"page{i:02d}/index.html": "new" for i in range(MAX_EARLY + 1)}
    calls, _m, out = _early_run(tmp_path / "c", many)
    assert calls == [] and (out / "page00/index.html").read_text().endswith(" k")
    calls, _m, out = _early_run(tmp_path / "d", {"page03/index.html": "new"}, describes=False)
    assert calls == [] and (out / "page03/index.html").read_text().endswith(" k")


def test_early_commits_as_many_as_max_early_pages(tmp_path):
    """The limit is "more than MAX_EARLY": a save that changes exactly that many still shows
    them first (the counterpart of "too many" above)."""
    pages = {f"page{i:02d}/index.html": "new" for i in range(MAX_EARLY)}
    calls, manifest, out = _early_run(tmp_path, pages)
    assert calls == [sorted(pages)]
    assert all((out / page).read_text().endswith(" new") for page in pages)


def _two_sites(project):
    return project({"sites/dinh.md": entry("NT01", title="Đình Phú Mỹ"),
                    "sites/den.md": entry("NT02", title="Đền Lòi")})


def test_serve_updates_the_viewed_page_first_and_writes_it_once(project):
    """End to end: the home page a browser shows is committed early when the title it lists
    changes, before the edited site's own page (not viewed, not saved), and the rest of the
    build does not write it again (its inode stays)."""
    p = _two_sites(project)
    p.build("--no-plates")
    p.write("sites/den.md", entry("NT02", title="Đền Lòi mới"))
    seen: dict[str, object] = {}

    def done(paths: list[str]) -> None:
        seen["paths"] = paths
        seen["home"] = (p.out / "index.html").read_text("utf-8")
        seen["page"] = (p.out / "den" / "index.html").read_text("utf-8")
        seen["inode"] = (p.out / "index.html").stat().st_ino

    wanted = Early(frozenset(), frozenset({"index.html"}), done)
    build_site(Options(root=p.root, out=p.out, plates=False, early=wanted))
    assert seen["paths"] == ["index.html"]
    assert "Đền Lòi mới" in str(seen["home"])
    assert "Đền Lòi mới" not in str(seen["page"]), "the rest came after"
    assert "Đền Lòi mới" in (p.out / "den" / "index.html").read_text("utf-8")
    assert (p.out / "index.html").stat().st_ino == seen["inode"], "written once"


def test_a_newer_save_stops_the_rest_before_its_commit(project):
    """A save waiting after the early pages: the build raises Superseded before the rest is
    committed, so build/ holds the early page and the old rest; the next build completes it."""
    p = _two_sites(project)
    p.build("--no-plates")
    p.write("sites/den.md", entry("NT02", title="Đền Lòi mới"))
    calls: list[list[str]] = []
    wanted = Early(frozenset({"den"}), frozenset(), calls.append, superseded=lambda: True)
    with pytest.raises(Superseded):
        build_site(Options(root=p.root, out=p.out, plates=False, early=wanted))
    assert calls == [["den/index.html", "en/den/index.html"]]
    assert "Đền Lòi mới" in (p.out / "den" / "index.html").read_text("utf-8")
    assert "Đền Lòi mới" not in (p.out / "index.html").read_text("utf-8"), "the rest stopped"
    p.build("--no-plates")
    assert "Đền Lòi mới" in (p.out / "index.html").read_text("utf-8")
