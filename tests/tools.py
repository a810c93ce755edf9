"""Paths to the external checkers the suite uses, installed by scripts/test (never skipped)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
PA11Y = REPO / "node_modules" / ".bin" / "pa11y"  # run with Debian's chromium (test_visitor)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def require(path: Path) -> Path:
    """Fail loudly (not skip) when the test command's install step was not run."""
    assert path.exists(), f"{path} is missing: run the README's test command (bash scripts/test)"
    return path


def java() -> str:
    found = shutil.which("java")
    assert found, "java is missing: run the README's test command (bash scripts/test)"
    return found


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    assert found, ("pdftoppm (poppler-utils) is missing: run the README's test command "
                   "(bash scripts/test)")
    return found


def switch_language(page, tag: str) -> None:
    """Tap the header's link to `tag`, opening the language list first when there is one (past
    two languages the switcher is a <details>)."""
    if page.locator("details.langs").count():
        page.locator("details.langs summary").tap()
    page.locator(f'header a.lang[hreflang="{tag}"]').tap()


def tool(name: str, package: str) -> str:
    """An external checker on PATH (ghostscript's gs, zbar-tools' zbarimg, librsvg2-bin's
    rsvg-convert …), failing loudly when scripts/test did not install it."""
    found = shutil.which(name)
    assert found, (f"{name} ({package}) is missing: run the README's test command "
                   "(bash scripts/test)")
    return found
