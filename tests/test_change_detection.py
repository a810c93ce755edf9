"""Deciding what changed: an edit must never leave the old page, whatever the clock says.

The cases are those of tools people use: `cp -p`, `rsync -t`, unzip and restores from backup
write new bytes under the old modification time; a second save can land in the same clock tick
as the first; serve's in-process memos see files that are long settled.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import entry

import generator.media.images  # noqa: F401 - binds digests.stamp before a test patches it
from generator.build import Options, build_site
from generator.content import unchanged
from generator.outputs import digests

SETTLE = digests.RACY_NS / 1e9 + 0.05  # older than the racy window


def title_in(out: Path, slug: str = "dinh") -> str:
    html = (out / slug / "index.html").read_text("utf-8")
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


def rewrite_same_size(path: Path, old: str, new: str, keep_mtime: bool = True) -> None:
    """New bytes of the same length, with the old mtime put back as `cp -p` would."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert after.st_size == before.st_size
    assert not keep_mtime or after.st_mtime_ns == before.st_mtime_ns


def test_restored_mtime_after_a_settled_build_is_seen_by_the_cli(project):
    """The "nothing changed" shortcut (manifest.fresh) must not take same-size bytes with the
    old mtime for the old file."""
    p = project({"sites/dinh.md": entry(title="Đình Phú Mỹ")})
    time.sleep(SETTLE)  # the inputs' stamps are settled: only ctime can tell
    p.build("--no-plates")
    assert "Đình Phú Mỹ" in title_in(p.out)
    time.sleep(SETTLE)
    rewrite_same_size(p.root / "sites/dinh.md", "Phú Mỹ", "Phú Mỵ")
    result = p.build("--no-plates")
    assert "Không có gì thay đổi" not in result.out
    assert "Đình Phú Mỵ" in title_in(p.out)


def test_a_second_save_in_the_same_tick_is_seen(project, monkeypatch):
    """A save that leaves size, mtime and ctime as they were (within one coarse clock tick) is
    caught by the content digest of the inputs that were racy when the build took their stamps.
    The same tick is made by leaving ctime out of the stamp for both builds, and a wide racy
    window stands for a save just before the build took its stamps."""
    monkeypatch.setattr(digests, "stamp", lambda st: (st.st_ino, st.st_size, st.st_mtime_ns, 0))
    monkeypatch.setattr(digests, "RACY_NS", 60 * 10**9)
    p = project({"sites/dinh.md": entry(title="Đình Phú Mỹ")})
    options = Options(root=p.root, out=p.out, plates=False)
    build_site(options)  # written a moment ago: racy, recorded by content
    rewrite_same_size(p.root / "sites/dinh.md", "Phú Mỹ", "Phú Mỵ")
    result = build_site(options)
    assert not result.unchanged
    assert "Đình Phú Mỵ" in title_in(p.out)


def test_nothing_changed_is_still_quick_after_racy_inputs(project):
    """Recording racy inputs by content must not cost the shortcut: a build right after
    another (codes.yml just written, files just saved) still finds nothing changed."""
    p = project({"sites/dinh.md": entry()})
    p.build("--no-plates")
    again = p.build("--no-plates")
    assert "Không có gì thay đổi" in again.out


def test_the_resident_memo_sees_a_restored_mtime(project):
    """serve's memo (content/unchanged.py) keeps a value while a file's stamp holds; with files
    older than the racy window it is really consulted, and a same-size rewrite with the old
    mtime must still give the new page."""
    p = project({"sites/dinh.md": entry(title="Đình Phú Mỹ")})
    options = Options(root=p.root, out=p.out, plates=False)
    time.sleep(SETTLE)
    build_site(options)
    path = p.root / "sites/dinh.md"
    assert unchanged.signature(path) is not None, "settled: the memo is consulted"
    time.sleep(SETTLE)
    rewrite_same_size(path, "Phú Mỹ", "Phú Mỵ")
    time.sleep(SETTLE)  # settled again: only the stamp's ctime differs from the memo's row
    build_site(options)
    assert "Đình Phú Mỵ" in title_in(p.out)
    time.sleep(SETTLE)
    rewrite_same_size(path, "Phú Mỵ", "Phú Mỹ", keep_mtime=False)
    build_site(options)  # racy: the memo must not be trusted
    assert "Đình Phú Mỹ" in title_in(p.out)


def test_the_memo_keeps_values_only_while_settled(tmp_path):
    """Unit rules of the memo: a racy file gives no signature (nothing is stored or found), a
    settled one does, and any change of inode, size, mtime or ctime misses."""
    path = tmp_path / "a.md"
    path.write_text("one", "utf-8")
    assert unchanged.signature(path) is None, "changed a moment ago: racy"
    memo: unchanged.Memo[str] = unchanged.Memo()
    memo.put("k", (unchanged.signature(path),), "value")
    assert memo.get("k", (unchanged.signature(path),)) is None, "nothing stored while racy"
    time.sleep(SETTLE)
    sig = unchanged.signature(path)
    assert sig is not None
    memo.put("k", (sig,), "value")
    assert memo.get("k", (sig,)) == "value"
    for i in range(4):  # each part of the stamp on its own
        other = tuple(v + 1 if j == i else v for j, v in enumerate(sig))
        assert memo.get("k", (other,)) is None, f"part {i} of the stamp changed"
    old = path.stat()
    path.write_text("two", "utf-8")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    time.sleep(SETTLE)
    assert memo.get("k", (unchanged.signature(path),)) is None, "ctime tells a restored mtime"


def test_media_digest_memo_sees_a_restored_mtime(project):
    """A photo replaced by another of the same size with the old mtime is encoded again."""
    from generator.media.images import MediaCache

    cache = MediaCache(project({}).root / ".cache")
    photo = cache.root.parent / "photo.bin"
    photo.parent.mkdir(parents=True, exist_ok=True)
    photo.write_bytes(b"A" * 100)
    time.sleep(SETTLE)
    first = cache.digest(photo, "p/photo.bin")
    old = photo.stat()
    photo.write_bytes(b"B" * 100)
    os.utime(photo, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert cache.digest(photo, "p/photo.bin") != first
