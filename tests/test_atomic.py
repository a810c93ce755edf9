"""A build interrupted at any moment leaves the previous build/ exactly as it was."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, entry, tree_digest

SITES = 120


def _files(summary: str) -> dict[str, str]:
    body = "## Lịch sử\n\n" + "Đình làng có từ lâu đời, là nơi sinh hoạt của cộng đồng. " * 40
    return {f"sites/site-{i:03d}.md": entry(f"NT{i + 1:03d}", title=f"Di tích số {i}",
                                            summary=summary, body=body)
            for i in range(SITES)}


def _start(project) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--no-plates"],
                            cwd=project.root, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# The exit status of a build stopped by each signal once diachido's handlers are in place.
STOPPED = {signal.SIGINT: 130, signal.SIGTERM: 130, signal.SIGKILL: -signal.SIGKILL}


def _writing(staging: Path, since_ns: int) -> bool:
    """The build started at `since_ns` is in its write phase: its staging folder has changed
    since then (a folder left by a killed build is older, until the new build clears it)."""
    try:
        return staging.stat().st_mtime_ns >= since_ns
    except OSError:
        return False


def _wait_until_writing(staging: Path, since_ns: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _writing(staging, since_ns):
            return
        time.sleep(0.002)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL, signal.SIGTERM],
                         ids=["ctrl-c", "sigkill", "sigterm"])
def test_interrupted_build_leaves_old_or_new_tree(project, sig):
    old = project(_files("Bản cũ."))
    old.build("--no-plates")
    old_tree = tree_digest(old.out)
    reference = project(_files("Bản mới."))
    reference.build("--no-plates")
    new_tree = tree_digest(reference.out)
    assert old_tree != new_tree

    started = time.perf_counter()
    for path, text in _files("Bản mới.").items():
        old.write(path, text)
    timing = _start(old)
    timing.communicate(timeout=120)
    full = time.perf_counter() - started
    # Put the old content back, then interrupt rebuilds: at random moments, and (whenever the
    # rebuild would change build/) in the middle of writing its files.
    rng = random.Random(sig)
    staging = old.root / ".build.staging"
    outcomes = []
    for attempt in range(6):
        target = old_tree if attempt % 2 else new_tree
        for path, text in _files("Bản cũ." if attempt % 2 else "Bản mới.").items():
            old.write(path, text)
        before = tree_digest(old.out)
        since = time.time_ns()
        process = _start(old)
        if before != target:
            _wait_until_writing(staging, since, process)
            time.sleep(rng.uniform(0, 0.05))
        else:
            # From 0.25 s: earlier, the signal lands in the interpreter's own start-up, before
            # any diachido code runs (build/ is untouched then, but Python prints a traceback).
            time.sleep(rng.uniform(0.25, max(0.3, full)))
        writing = _writing(staging, since)
        process.send_signal(sig)
        _out, err = process.communicate(timeout=120)
        assert "Traceback" not in err
        tree = tree_digest(old.out)
        differs = sorted(path for path in set(tree) | set(old_tree) | set(new_tree)
                         if tree.get(path) not in (old_tree.get(path), new_tree.get(path)))
        assert tree in (old_tree, new_tree), f"attempt {attempt}: build/ is a mix: {differs}"
        outcomes.append({"attempt": attempt, "code": process.returncode, "writing": writing,
                         "kept": before != target and tree == before})
        if sig == signal.SIGINT:
            # -SIGINT: the signal came while Python was still starting, before diachido could
            # answer; build/ must be intact all the same (checked above).
            assert process.returncode in (0, 130, -signal.SIGINT), process.returncode
            if process.returncode == 130:
                assert "giữ nguyên" in err
    # Proof that the case this test is about happened: a rebuild stopped while writing its
    # files, leaving build/ as it was before (not merely finished before the signal came).
    stopped = [o for o in outcomes if o["code"] == STOPPED[sig] and o["writing"] and o["kept"]]
    assert stopped, f"no rebuild was stopped while writing: {outcomes}"
    leftovers = [p.name for p in old.root.iterdir() if p.name.startswith(".build.")]
    if sig != signal.SIGKILL:
        assert leftovers == []
    final = old.run("build", "--no-plates")
    assert final.code == 0, final.err
    assert tree_digest(old.out) in (old_tree, new_tree)
    assert [p.name for p in old.root.iterdir() if p.name.startswith(".build.")] == []


def test_unwritable_output_gives_a_clear_error(project, tmp_path):
    p = project({"sites/a.md": entry()})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = p.run("build", "--out", str(blocker / "build"))
    assert result.code == 1
    assert "Traceback" not in result.err
    assert str(blocker / "build") in result.err


def test_failed_build_keeps_previous_output(project):
    p = project({"sites/a.md": entry()})
    p.build()
    before = tree_digest(p.out)
    p.write("sites/a.md", entry(code="bad code"))
    assert p.run("build").code == 1
    assert tree_digest(p.out) == before
    assert os.listdir(p.root).count(".build.staging") == 0


def test_full_disk_gives_a_clear_error_and_keeps_the_last_build(project, tmp_path):
    """A real full disk: a 4 MiB tmpfs, just above one small build with the web editor
    (about 3.3 MB); the tests run as root, as CI does."""
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    assert mounted.returncode == 0, f"cannot mount a test tmpfs: {mounted.stderr}"
    try:
        videos = "\n  - src: a/phim.mp4\n    title: Phim\n    speech: false"
        p = project({"sites/a.md": entry("NT01")})
        out = disk / "build"
        assert p.run("build", "--no-plates", "--out", str(out)).code == 0
        before = tree_digest(out)
        p.write("sites/a.md", entry("NT01", videos=videos))
        p.write("media/a/phim.mp4", b"\x00\x00\x00\x18ftypmp42" + os.urandom(900_000))
        result = p.run("build", "--no-plates", "--out", str(out))
        assert result.code == 1, result.err
        assert "Traceback" not in result.err
        assert "Đĩa đã đầy" in result.err and str(out) in result.err
        assert tree_digest(out) == before
        assert [n.name for n in disk.iterdir()] == ["build"], "no staging folder left behind"
    finally:
        subprocess.run(["umount", str(disk)], check=False)
