"""The README's first command works on a stock Debian/Ubuntu machine (issue 18).

Debian's and Ubuntu's python3 is "externally managed" (PEP 668): `python3 -m pip install` is
refused there, so the README installs into a project venv (scripts/setup). This clones the
committed HEAD into a temporary folder (uncommitted changes are not seen: commit first) and runs
the first ```sh block of the README's "Two commands" section there, read from the README itself so
the two cannot drift, with the distribution's /usr/bin/python3 first on PATH. Then the bundled
site must be built and the venv must be the distribution Python's.

Slow (marked `slow`): about a minute, most of it pip installing from its cache (~/.cache/pip, kept
between runs) and the build; longer the first time, when pip downloads.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

SYSTEM_PYTHON = Path("/usr/bin/python3")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def first_command() -> str:
    """The first ```sh block of the README's "Two commands" section."""
    text = (REPO / "README.md").read_text("utf-8")
    match = re.search(r"^## Two commands\n(?P<section>.*?)(?=^## )", text, re.MULTILINE | re.DOTALL)
    assert match, 'README.md has no "## Two commands" section'
    blocks = [m["body"] for m in FENCE.finditer(match["section"]) if m["lang"] == "sh"]
    assert blocks, 'no ```sh block in the README\'s "Two commands" section'
    return blocks[0]


def test_readme_first_command_installs_through_scripts_setup():
    command = first_command()
    assert "scripts/setup" in command and "build" in command, command
    assert "pip install" not in command, "the distribution's python3 refuses pip (PEP 668)"


@pytest.mark.slow
def test_readme_first_command_builds_with_the_system_python(tmp_path):
    assert SYSTEM_PYTHON.exists(), (
        f"{SYSTEM_PYTHON} is missing: this test checks the README on a stock Debian/Ubuntu machine "
        "(apt-get install python3)")
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", head], check=True)

    # python3 on PATH is the distribution's, whatever venv, pyenv or conda runs these tests.
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python3").symlink_to(SYSTEM_PYTHON)
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONPATH", "PYTHONHOME",
                          "DIACHIDO_PYTHON", "PYENV_VERSION")}
    env["PATH"] = f"{shim}{os.pathsep}{env.get('PATH', '')}"
    found = subprocess.run(["bash", "-c", "command -v python3"], cwd=clone, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).resolve() == SYSTEM_PYTHON.resolve(), found

    command = first_command()
    done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True,
                          text=True, timeout=900)
    assert done.returncode == 0, f"$ {command}\n{done.stdout}\n{done.stderr}"
    assert (clone / "build" / "index.html").is_file(), f"$ {command}\n{done.stdout}\n{done.stderr}"

    # The venv was made from the distribution's python3, not from whatever runs the suite.
    venv_python = clone / ".venv" / "bin" / "python"
    assert venv_python.resolve() == SYSTEM_PYTHON.resolve(), venv_python.resolve()
    base = subprocess.run([str(venv_python), "-c", "import sys; print(sys.base_prefix)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert base == "/usr", base
