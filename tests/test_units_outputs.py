"""The build's memory and its writers, called in process (no CLI, no subprocess): the manifest
(what may be reused), staged output (swapped in whole or not at all) and in-place output (a
journal that a later run finishes or undoes)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from conftest import tree_digest

from generator.outputs import staging
from generator.outputs.inplace import InPlace, in_place, recover
from generator.outputs.manifest import Inputs, Manifest
from generator.outputs.staging import Staging, os_error, staged, staging_dir
from generator.problems import Invalid


def make_tree(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden_siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


OLD = {"index.html": b"old home", "a/index.html": b"old a", "gone/index.html": b"old gone"}


# --- manifest ----------------------------------------------------------------------------------

@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    """(cache folder, output folder holding OLD)."""
    return tmp_path / "cache", make_tree(tmp_path / "build", OLD)


def saved(cache: Path, out: Path, inputs: str = "in-1") -> Manifest:
    manifest = Manifest.load(cache, out)
    manifest.save(Inputs(inputs), out, {rel: f"key-{rel}" for rel in OLD})
    return Manifest.load(cache, out)


def test_no_manifest_means_nothing_is_reusable(built):
    cache, out = built
    manifest = Manifest.load(cache, out)
    assert manifest.outputs == {} and manifest.inputs == Inputs("")
    assert not manifest.fresh(Inputs(""), out)
    assert not manifest.describes(out)
    assert manifest.reusable("index.html", "key-index.html", out) is None


def test_a_saved_manifest_round_trips_with_sizes_and_times(built):
    cache, out = built
    manifest = saved(cache, out)
    stat = (out / "a/index.html").stat()
    assert manifest.outputs["a/index.html"] == ["key-a/index.html", stat.st_size,
                                                stat.st_mtime_ns]
    assert set(manifest.outputs) == set(OLD)
    assert manifest.fresh(Inputs("in-1"), out)
    assert not manifest.fresh(Inputs("in-2"), out), "other inputs: not fresh"
    assert manifest.describes(out)
    assert manifest.reusable("a/index.html", "key-a/index.html", out) == str(out / "a/index.html")
    assert not list(cache.glob("*.tmp"))


def test_one_manifest_per_output_folder(built, tmp_path):
    cache, out = built
    other = make_tree(tmp_path / "elsewhere", {"index.html": b"x"})
    saved(cache, out)
    assert Manifest.load(cache, other).outputs == {}
    assert Manifest.load(cache, other).file != Manifest.load(cache, out).file


def test_a_file_made_from_another_key_is_not_reused(built):
    cache, out = built
    assert saved(cache, out).reusable("a/index.html", "key-changed", out) is None
    assert saved(cache, out).reusable("never-written.html", "key", out) is None


@pytest.mark.parametrize("change", ["edited", "same-size-edit", "touched", "deleted"])
def test_a_file_changed_by_hand_is_not_reused(built, change):
    cache, out = built
    manifest = saved(cache, out)
    path = out / "a/index.html"
    if change == "edited":
        path.write_bytes(b"hand-edited a")
    elif change == "same-size-edit":
        stat = path.stat()
        path.write_bytes(b"OLD A")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    elif change == "touched":
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    else:
        path.unlink()
    assert manifest.reusable("a/index.html", "key-a/index.html", out) is None
    assert manifest.reusable("index.html", "key-index.html", out) == str(out / "index.html")


def test_an_output_folder_replaced_or_changed_is_not_fresh(built, tmp_path):
    cache, out = built
    manifest = saved(cache, out)
    (out / "new.html").write_bytes(b"added by hand")  # changes the folder's mtime
    assert not manifest.fresh(Inputs("in-1"), out)
    manifest = saved(cache, out)
    os.rename(out, tmp_path / "moved")
    make_tree(out, OLD)
    assert not manifest.describes(out), "another folder now stands at the same path"
    assert not manifest.fresh(Inputs("in-1"), out)


@pytest.mark.parametrize("text", ["not json", "[]", '{"inputs": "x"}', ""])
def test_a_damaged_manifest_is_ignored(built, text):
    cache, out = built
    manifest = saved(cache, out)
    manifest.file.write_text(text, "utf-8")
    again = Manifest.load(cache, out)
    assert again.outputs == {} and not again.fresh(Inputs("in-1"), out)


def test_kept_rows_are_saved_without_looking_at_the_files(built):
    """Reused files keep their old row; written files carry the stat their writer reported."""
    cache, out = built
    manifest = saved(cache, out)
    old_row = manifest.outputs["index.html"]
    manifest.keep_rows({"index.html"}, {"b/index.html": (7, 1234)})
    manifest.save(Inputs("in-2"), out, {"index.html": "key-index.html", "b/index.html": "key-b"})
    again = Manifest.load(cache, out)
    assert not (out / "b/index.html").exists(), "the row came from the writer, not a stat"
    assert again.outputs == {"index.html": old_row, "b/index.html": ["key-b", 7, 1234]}
    assert again.inputs == Inputs("in-2")


def test_the_journal_lives_beside_the_manifest(built):
    cache, out = built
    manifest = Manifest.load(cache, out)
    assert manifest.journal.parent == cache and manifest.journal.suffix == ".journal"


# --- staged output -----------------------------------------------------------------------------

NEW = {"index.html": b"new home", "a/index.html": b"new a", "b/c/index.html": b"new c"}


def write_new(stage, tmp_path: Path) -> None:
    for rel, data in NEW.items():
        if rel != "b/c/index.html":
            stage.write(rel, data)
    source = tmp_path / "source.bin"
    source.write_bytes(NEW["b/c/index.html"])
    stage.link("b/c/index.html", source)


def test_a_staged_build_replaces_the_old_tree_whole(built, tmp_path):
    _cache, out = built
    with staged(out) as stage:
        write_new(stage, tmp_path)
        assert contents(out) == OLD, "nothing shows before the commit"
    assert contents(out) == NEW
    assert hidden_siblings(out) == []


def test_a_staged_first_build_creates_the_folder(tmp_path):
    out = tmp_path / "site" / "build"
    with staged(out) as stage:
        write_new(stage, tmp_path)
    assert contents(out) == NEW and hidden_siblings(out) == []


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt(), Invalid("x")])
def test_an_interrupted_staged_build_leaves_the_old_tree(built, tmp_path, error):
    _cache, out = built
    before = tree_digest(out)
    with pytest.raises(type(error)), staged(out) as stage:
        write_new(stage, tmp_path)
        assert staging_dir(out).is_dir()
        raise error
    assert tree_digest(out) == before
    assert hidden_siblings(out) == [], "the staging folder is removed"


def test_the_two_rename_commit_works_where_exchange_is_missing(built, tmp_path, monkeypatch):
    _cache, out = built
    monkeypatch.setattr(staging, "_exchange", lambda a, b: False)
    with staged(out) as stage:
        write_new(stage, tmp_path)
    assert contents(out) == NEW and hidden_siblings(out) == []


def test_a_build_killed_between_the_two_renames_is_recovered(built, tmp_path):
    """`build/` moved aside to `.build.old`, the new tree not yet in place: the next writer
    puts the old tree back before it starts."""
    _cache, out = built
    before = tree_digest(out)
    os.rename(out, out.parent / ".build.old")
    make_tree(staging_dir(out), {"half.html": b"half"})
    Staging(out).open()
    assert tree_digest(out) == before
    assert hidden_siblings(out) == [".build.staging"], "only the new, empty staging folder"
    assert contents(staging_dir(out)) == {}


def test_an_old_tree_left_beside_a_complete_new_one_is_removed(built):
    _cache, out = built
    make_tree(out.parent / ".build.old", {"stale.html": b"stale"})
    staging.recover(out)
    assert contents(out) == OLD and hidden_siblings(out) == []


def test_link_shares_the_file_and_copy_does_not(tmp_path):
    source = tmp_path / "photo.webp"
    source.write_bytes(b"pixels")
    out = tmp_path / "build"
    with staged(out) as stage:
        stage.link("linked.webp", source)
        stage.link("copied.webp", source, copy=True)
    assert (out / "linked.webp").stat().st_ino == source.stat().st_ino
    assert (out / "copied.webp").stat().st_ino != source.stat().st_ino
    assert (out / "copied.webp").read_bytes() == b"pixels"


def test_write_reports_the_size_and_time_it_wrote(tmp_path):
    with staged(tmp_path / "build") as stage:
        size, mtime = stage.write("x/y.html", b"12345")
        stat = (stage.tmp / "x/y.html").stat()
    assert (size, mtime) == (5, stat.st_mtime_ns)


def test_an_output_path_that_cannot_be_created_is_an_output_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(Invalid) as raised, staged(blocker / "build"):
        pytest.fail("the body must not run")
    assert raised.value.code == "out-error" and raised.value.params["out"] == str(
        blocker / "build")


@pytest.mark.parametrize(("number", "code"), [
    (errno.ENOSPC, "disk-full"), (errno.EACCES, "out-not-writable"),
    (errno.EROFS, "out-not-writable"), (errno.EIO, "out-error")])
def test_os_errors_become_messages(tmp_path, number, code):
    error = os_error(OSError(number, os.strerror(number)), tmp_path)
    assert error.code == code and error.params["out"] == str(tmp_path)
    if code == "out-error":
        assert error.params["detail"] == os.strerror(number)


# --- in-place output ---------------------------------------------------------------------------

CHANGED = ["a/index.html", "new/deep/index.html"]
REMOVED = ["gone/index.html"]
AFTER = {"index.html": OLD["index.html"], "a/index.html": b"new a",
         "new/deep/index.html": b"new deep"}


def write_changes(stage) -> None:
    stage.write("a/index.html", AFTER["a/index.html"])
    stage.write("new/deep/index.html", AFTER["new/deep/index.html"])


def test_an_in_place_build_changes_only_what_it_lists(built):
    cache, out = built
    journal = cache / "m.journal"
    untouched = (out / "index.html").stat().st_ino
    with in_place(out, journal, CHANGED, REMOVED) as stage:
        write_changes(stage)
        assert contents(out) != AFTER and json.loads(journal.read_text())["state"] == "write"
    assert contents(out) == AFTER
    assert not (out / "gone").exists(), "a folder emptied by a removal is pruned"
    assert (out / "index.html").stat().st_ino == untouched
    assert not journal.exists()


@pytest.mark.parametrize("error", [RuntimeError("bug"), KeyboardInterrupt()])
def test_an_interrupted_in_place_build_is_undone(built, error):
    cache, out = built
    journal = cache / "m.journal"
    before = tree_digest(out)
    with pytest.raises(type(error)), in_place(out, journal, CHANGED, REMOVED) as stage:
        write_changes(stage)
        raise error
    assert tree_digest(out) == before
    assert not (out / "new").exists(), "folders made for new files are removed"
    assert not journal.exists()


def test_a_build_killed_while_writing_is_undone_by_the_next_run(built):
    cache, out = built
    journal = cache / "m.journal"
    before = tree_digest(out)
    stage = InPlace(out, journal, CHANGED, REMOVED)
    stage.open()
    write_changes(stage)  # ... and the process dies here: no commit, no abort
    assert tree_digest(out) != before, "temporary files lie beside their targets"
    recover(journal)
    assert tree_digest(out) == before
    assert not (out / "new").exists() and not journal.exists()


def test_a_build_killed_before_writing_every_file_is_undone_by_the_next_run(built):
    cache, out = built
    journal = cache / "m.journal"
    before = tree_digest(out)
    stage = InPlace(out, journal, CHANGED, REMOVED)
    stage.open()
    stage.write("a/index.html", AFTER["a/index.html"])  # dies before the second file
    recover(journal)
    assert tree_digest(out) == before and hidden_siblings(out) == []
    assert not (out / "new").exists() and not journal.exists()


def test_ctrl_c_before_the_journal_is_written_leaves_the_tree_and_stays_ctrl_c(built,
                                                                               monkeypatch):
    cache, out = built
    journal = cache / "m.journal"
    before = tree_digest(out)

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.outputs.inplace.write_atomic", interrupted)
    with pytest.raises(KeyboardInterrupt), in_place(out, journal, CHANGED, REMOVED):
        pass
    assert tree_digest(out) == before and not journal.exists()


def test_a_build_killed_while_renaming_is_finished_by_the_next_run(built, monkeypatch):
    cache, out = built
    journal = cache / "m.journal"
    stage = InPlace(out, journal, CHANGED, REMOVED)
    stage.open()
    write_changes(stage)
    renamed = []

    def dies_after_one(src, dst):
        if out in Path(dst).parents:  # the journal's own write goes through
            if renamed:
                raise SystemExit("killed")
            renamed.append(dst)
        os.rename(src, dst)

    monkeypatch.setattr("generator.outputs.inplace.os.replace", dies_after_one)
    with pytest.raises(SystemExit):
        stage.commit()
    monkeypatch.undo()
    assert json.loads(journal.read_text())["state"] == "commit"
    assert renamed == [out / CHANGED[0]] and contents(out)[CHANGED[0]] == AFTER[CHANGED[0]]
    assert contents(out) != AFTER, "killed half-way through the renames"
    recover(journal)
    assert contents(out) == AFTER
    assert not (out / "gone").exists() and not journal.exists()


def test_a_build_killed_after_its_renames_is_finished_again_without_error(built):
    """Killed after the last rename and removal but before the journal went: the next run
    replays the commit over files already renamed and already removed."""
    cache, out = built
    journal = cache / "m.journal"

    class DiesAtUnlink(type(journal)):
        def unlink(self, missing_ok: bool = False) -> None:
            raise SystemExit("killed")

    stage = InPlace(out, DiesAtUnlink(journal), CHANGED, REMOVED)
    stage.open()
    write_changes(stage)
    with pytest.raises(SystemExit):
        stage.commit()
    assert contents(out) == AFTER and json.loads(journal.read_text())["state"] == "commit"
    recover(journal)
    assert contents(out) == AFTER and not journal.exists()


@pytest.mark.parametrize("text", [None, "", "{", '{"state": "commit"}'])
def test_recover_without_a_usable_journal_changes_nothing(built, text):
    cache, out = built
    journal = cache / "m.journal"
    if text is not None:
        cache.mkdir()
        journal.write_text(text, "utf-8")
    before = tree_digest(out)
    recover(journal)
    assert tree_digest(out) == before


def test_an_in_place_build_first_clears_a_killed_staged_build(built):
    cache, out = built
    make_tree(staging_dir(out), {"half.html": b"half"})
    with in_place(out, cache / "m.journal", CHANGED, REMOVED) as stage:
        write_changes(stage)
    assert contents(out) == AFTER and hidden_siblings(out) == []


def test_a_page_file_is_read_back_as_its_language_and_slug():
    from generator.outputs.urls import Urls, page_file

    urls, tags = Urls("vi"), ("vi", "en", "zh-Hans")
    for lang in tags:
        for slug in ("dinh-phu-my", "q"):
            assert urls.page_of(page_file(urls.page(lang, slug)), tags) == (lang, slug)
    for other in ("index.html", "en/index.html", "q/NT01/index.html", "q/NT01.html",
                  "fr/dinh-phu-my/index.html", "vi/dinh-phu-my/index.html", "sw.js"):
        assert urls.page_of(other, tags) is None, other
