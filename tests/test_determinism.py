"""Same input, byte-identical build: in another folder, later, with another hash seed and
another file-system order."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from conftest import REPO, entry, jpeg_with_exif, make_project, tree_digest

FILES = {
    "sites/a.md": entry("NT01", cover="a/cong.jpg", cover_alt="Cổng", aliases="[cu]",
                        location="{lat: 10.75, lon: 106.9}"),
    "sites/a.en.md": "---\ntitle: Phu My\nsummary: A communal house.\ncategory: relic\n"
                     "address: Nhơn Trạch\n---\n\nBody.\n",
    "sites/b.md": entry("NT02", title="Đình Phước Thiền", location="{lat: 10.72, lon: 106.88}"),
    "sites/c.md": entry("NT03", title="Giồng Sắn", draft="true"),
    "trails/t.md": "---\ntitle: Hành trình\nsummary: Hai điểm.\nstops: [NT01, NT02]\n---\n\nA.\n",
}


def _build(root, seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO), "DIACHIDO_LANG": "vi"}
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return tree_digest(root / "build")


@pytest.mark.slow
def test_builds_are_byte_identical_across_folders_times_seeds_and_file_order(tmp_path):
    first = make_project(tmp_path / "one" / "project", dict(FILES))
    jpeg_with_exif(first.root / "media" / "a" / "cong.jpg")
    a = _build(first.root, "1")
    time.sleep(1.1)
    second = make_project(tmp_path / "two" / "deeper" / "folder", {})
    for rel in sorted(FILES, reverse=True):  # another creation order on disk
        second.write(rel, FILES[rel])
    second.write("media/a/cong.jpg", (first.root / "media/a/cong.jpg").read_bytes())
    b = _build(second.root, "999")
    assert a == b
    assert any(path.startswith("plates/") for path in a)
    assert any(path.startswith("media/") for path in a)
    assert not any(str(tmp_path) in (second.root / "build" / p).read_bytes().decode("latin-1")
                   for p in b), "no build-machine path leaks into the output"
