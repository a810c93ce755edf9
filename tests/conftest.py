"""Shared fixtures: tiny projects built from a dict of files, run through the real CLI."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
sys.path.insert(0, str(REPO))  # in-process imports test this checkout too


def entry(code: str = "NT01", title: str = "Đình Phú Mỹ", body: str = "## Lịch sử\n\nNội dung.",
          **extra: str) -> str:
    """A valid entry file; `extra` adds or overrides raw YAML lines (value written as given)."""
    fields = {
        "code": code, "title": title, "summary": "Một ngôi đình cổ.",
        "category": "di tích kiến trúc nghệ thuật", "address": "xã Nhơn Trạch, tỉnh Đồng Nai",
    }
    fields.update(extra)
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + textwrap.dedent(body).strip() + "\n"


@dataclass
class Run:
    code: int
    out: str
    err: str


@dataclass
class Project:
    root: Path

    def write(self, rel: str, content: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Run:
        """`diachido ARGS` in the project folder, as a user would run it."""
        # PYTHONPATH pins the generator under test, whatever `pip install -e` pointed at last.
        full_env = {**os.environ, "DIACHIDO_LANG": "vi", "PYTHONPATH": str(REPO),
                    **(env or {})}
        done = subprocess.run(
            [sys.executable, "-m", "generator", *args], cwd=self.root, env=full_env,
            capture_output=True, text=True, timeout=300,
        )
        return Run(done.returncode, done.stdout, done.stderr)

    def build(self, *args: str) -> Run:
        result = self.run("build", *args)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        return result

    @property
    def out(self) -> Path:
        return self.root / "build"


def make_project(root: Path, files: dict[str, str | bytes]) -> Project:
    project = Project(root)
    (root / "sites").mkdir(parents=True, exist_ok=True)
    (root / "media").mkdir(exist_ok=True)
    for rel, content in files.items():
        project.write(rel, content)
    return project


@pytest.fixture
def project(tmp_path: Path):
    """A factory: project({"sites/a.md": entry()}) → Project in a fresh folder."""
    counter = iter(range(1000))

    def factory(files: dict[str, str | bytes] | None = None) -> Project:
        return make_project(tmp_path / f"p{next(counter)}", files or {})

    return factory


def bundled_project(root: Path) -> Project:
    """The bundled project (sites, trails, config, code registry) copied into `root` and built
    with the deployed address, for the browser tests to serve."""
    import shutil

    for folder in ("sites", "trails"):
        shutil.copytree(REPO / folder, root / folder)
    for name in ("diachido.yml", "codes.yml"):
        shutil.copy(REPO / name, root / name)
    project = make_project(root, {})
    project.build("--base-url", "https://doan.example.vn/diachido")
    return project


def tree_digest(folder: Path) -> dict[str, str]:
    """path → sha256 of every file under `folder` (to prove a build left it untouched)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def jpeg_with_exif(path: Path, size=(1200, 900), orientation: int = 1, gps: bool = True,
                   color=(160, 40, 30)) -> Path:
    """A camera-like JPEG: EXIF orientation and a GPS position (Hà Nội) that must not leak."""
    from PIL import Image

    image = Image.new("RGB", size, color)
    for x in range(0, size[0], 50):  # some structure so orientation can be checked
        image.paste((250, 250, 250), (x, 0, x + 10, size[1] // 4))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 15.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", exif=exif, quality=90)
    return path


@pytest.fixture(scope="module")
def browser():
    """Debian's headless chromium through Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright
    from tools import CHROMIUM, CHROMIUM_ARGS, require

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(require(CHROMIUM)),
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()
