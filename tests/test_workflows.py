"""The workflows' shell logic, run for real where it can be (issue 26): deploy.yml's step that
commits new plate codes is run by bash in a clone of a bare repository standing in for GitHub,
once with main open to pushes and once with main protected by a "require a pull request" rule
(a pre-receive hook refusing main, as GitHub refuses the workflow's push). `gh` is a stand-in
that records what it was asked. Every `run:` of both workflows also passes shellcheck."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, entry, make_project

WORKFLOWS = REPO / ".github" / "workflows"
CODES_STEP = "Ghi mã biển mới vào codes.yml"
REFUSE_MAIN = """#!/bin/sh
while read -r old new ref; do
  case "$ref" in
    refs/heads/main|{also})
      echo "remote: error: GH013: Repository rule violations found for $ref." >&2
      echo "remote: - Changes must be made through a pull request." >&2; exit 1 ;;
  esac
done
"""
FAKE_GH = """#!/bin/sh
printf '%s\\n' "$*" >> "$GH_LOG"
if [ "$1 $2" = "pr list" ]; then printf '%s' "${FAKE_GH_OPEN:-}"; exit 0; fi
exit "${FAKE_GH_EXIT:-0}"
"""


def workflow_steps(name: str) -> list[dict]:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    return [step for job in data["jobs"].values() for step in job["steps"]]


def codes_step() -> str:
    return next(s["run"] for s in workflow_steps("deploy.yml") if s.get("name") == CODES_STEP)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"})
    return done.stdout


@dataclass
class Repo:
    work: Path
    remote: Path
    gh_log: Path
    bin: Path

    def remote_has(self, ref: str) -> bool:
        return subprocess.run(["git", "rev-parse", "--verify", "-q", ref], cwd=self.remote,
                              capture_output=True).returncode == 0

    def run_step(self, gh_exit: int = 0, open_pr: str = "") -> subprocess.CompletedProcess:
        """The step's script as the runner runs it (`shell: bash`: bash -eo pipefail)."""
        env = {"PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}", "HOME": str(self.work.parent),
               "GITHUB_REF_NAME": "main", "GITHUB_RUN_ID": "42",
               "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "doan/diachido",
               "GH_TOKEN": "token", "GH_LOG": str(self.gh_log), "FAKE_GH_EXIT": str(gh_exit),
               "FAKE_GH_OPEN": open_pr,
               "GIT_CONFIG_NOSYSTEM": "1"}
        script = self.work.parent / "step.sh"
        script.write_text(codes_step(), "utf-8")
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=self.work, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A project on main, pushed to a bare "GitHub", then given a new site and built: the
    runner's state when the step starts (codes.yml changed by the build, nothing committed)."""
    remote = tmp_path / "github.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    work = tmp_path / "checkout"
    project = make_project(work, {"sites/a.md": entry("NT01"),
                                  ".gitignore": "build/\n.diachido-cache/\n"})
    project.build("--no-plates")
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "start")
    git(work, "remote", "add", "origin", str(remote))
    git(work, "push", "-q", "origin", "main")
    project.write("sites/b.md", entry("NT02", title="Đình Phước Thiền"))
    project.build("--no-plates")
    assert "NT02:" in git(work, "diff", "--", "codes.yml"), "the build issued a code"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "gh").write_text(FAKE_GH, "utf-8")
    (fake / "gh").chmod(0o755)
    return Repo(work, remote, tmp_path / "gh.log", fake)


def protect(repo: Repo, also: str = "refs/heads/main") -> None:
    hook = repo.remote / "hooks" / "pre-receive"
    hook.write_text(REFUSE_MAIN.format(also=also), "utf-8")
    hook.chmod(0o755)


def registry_on(repo: Repo, ref: str) -> str:
    return git(repo.remote, "show", f"{ref}:codes.yml")


@pytest.mark.slow
def test_open_main_gets_the_codes_pushed(repo):
    done = repo.run_step()
    assert done.returncode == 0, done.stderr
    assert "NT02:" in registry_on(repo, "main")
    assert "[skip ci]" in git(repo.remote, "log", "-1", "--format=%s", "main")
    assert not repo.gh_log.exists(), "no pull request when the push went through"
    assert "::notice title=Mã biển mới::" in done.stdout


@pytest.mark.slow
def test_protected_main_gets_a_pull_request_and_the_deploy_goes_on(repo):
    protect(repo)
    done = repo.run_step()
    assert done.returncode == 0, "a refused push must not stop the deploy: " + done.stderr
    assert "GH013" in done.stderr, "the push to main was tried and refused"
    assert "NT02:" not in registry_on(repo, "main"), "main untouched"
    assert "NT02:" in registry_on(repo, "ma-bien-moi")
    subject = git(repo.remote, "log", "-1", "--format=%s", "ma-bien-moi")
    assert "[skip ci]" not in subject, "the pull request's checks may run"
    calls = repo.gh_log.read_text("utf-8").splitlines()
    assert calls[0].startswith("pr list --head ma-bien-moi --base main --state open")
    assert calls[1].startswith("pr create --base main --head ma-bien-moi --title "), calls
    assert len(calls) == 2
    assert "::warning title=Mã biển mới::Đã mở pull request" in done.stdout


@pytest.mark.slow
def test_a_pull_request_still_open_is_updated_not_doubled(repo):
    """The next deploy before anyone merged: the same branch, rebuilt from main, no second
    pull request."""
    protect(repo)
    git(repo.remote, "branch", "ma-bien-moi", "main")  # left by an earlier deploy
    done = repo.run_step(open_pr="7")
    assert done.returncode == 0, done.stderr
    assert "NT02:" in registry_on(repo, "ma-bien-moi"), "force-updated from this build"
    assert not any(c.startswith("pr create") for c in repo.gh_log.read_text("utf-8").splitlines())
    assert "::warning title=Mã biển mới::Đã cập nhật pull request #7" in done.stdout


@pytest.mark.slow
def test_no_right_to_open_pull_requests_still_leaves_a_branch_to_merge(repo):
    """"Allow GitHub Actions to create pull requests" is off: gh fails, the branch is there and
    the warning links to the page that opens its pull request."""
    protect(repo)
    done = repo.run_step(gh_exit=1)
    assert done.returncode == 0, done.stderr
    assert "NT02:" in registry_on(repo, "ma-bien-moi")
    assert ("https://github.com/doan/diachido/compare/main...ma-bien-moi?expand=1"
            in done.stdout)


@pytest.mark.slow
def test_no_push_at_all_lists_the_lines_to_add(repo):
    protect(repo, also="refs/heads/*")
    done = repo.run_step()
    assert done.returncode == 0, done.stderr
    assert not repo.remote_has("refs/heads/ma-bien-moi")
    assert not repo.gh_log.exists()
    [warning] = [line for line in done.stdout.splitlines() if line.startswith("::warning")]
    lines = warning.split("::", 2)[2].split("%0A")
    assert "NT02:" in lines and "  slug: b" in lines, lines


@pytest.mark.slow
def test_nothing_new_commits_nothing(repo):
    git(repo.work, "checkout", "-q", "--", "codes.yml")
    before = git(repo.remote, "rev-parse", "main")
    done = repo.run_step()
    assert done.returncode == 0, done.stderr
    assert git(repo.remote, "rev-parse", "main") == before
    assert done.stdout == "" and not repo.gh_log.exists()


def check_notice(repo: Repo) -> list[str]:
    """check.yml's step that tells a pull request which lines to add: its notice, line by line."""
    script = next(s["run"] for s in workflow_steps("check.yml")
                  if s.get("name", "").startswith("Mã biển mới"))
    (repo.work.parent / "check.sh").write_text(script, "utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "check.sh"],
                          cwd=repo.work.parent, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "RUNNER_TEMP": str(repo.work.parent),
                               "GIT_DIR": str(repo.work / ".git"),
                               "GIT_WORK_TREE": str(repo.work)})
    assert done.returncode == 0, done.stderr
    [notice] = [line for line in done.stdout.splitlines() if line.startswith("::notice")]
    return notice.split("::", 2)[2].split("%0A")


POINTS = """\
points:
  - id: cong
    title: Cổng đình
    summary: Cổng chính.
  - id: bia
    title: Bia đá
    summary: Tấm bia.
"""


@pytest.mark.slow
def test_the_pull_request_is_told_where_each_new_line_goes(repo):
    """A new site's record goes at the end; a new point's number under its site's record,
    which is not the end once other sites follow: the notice says after which line."""
    lines = check_notice(repo)
    assert lines[0] == "Bản dựng vừa cấp mã biển mới. Thêm vào codes.yml các dòng sau:"
    assert lines[1:4] == ["(ở cuối tệp)", "NT02:", "  slug: b"], lines
    assert lines[4].startswith("  issued: ") and len(lines) == 5, lines
    git(repo.work, "add", "codes.yml", "sites/b.md")
    git(repo.work, "commit", "-q", "-m", "NT02")
    committed = (repo.work / "codes.yml").read_text("utf-8").splitlines()
    repo.work.joinpath("sites/a.md").write_text(
        entry("NT01").replace("---\n\n", POINTS + "---\n\n", 1), "utf-8")
    make_project(repo.work, {}).build("--no-plates")
    lines = check_notice(repo)
    issued = committed.index("NT01:") + 3  # NT01:, slug:, issued: (1-based), then the points
    assert committed[issued - 1].startswith("  issued: ")
    assert lines[1] == f"(sau dòng {issued})", (lines, committed)
    assert lines[2] == "  points:" and lines[3].startswith("    1: {id: cong")
    assert lines[4].startswith("    2: {id: bia")


def _runs() -> list[tuple[str, str]]:
    return [(f"{name}: {step.get('name', step['run'][:30])}", step["run"])
            for name in ("check.yml", "deploy.yml") for step in workflow_steps(name)
            if "run" in step]


@pytest.mark.parametrize(("where", "script"), _runs(), ids=[where for where, _s in _runs()])
def test_every_run_step_passes_shellcheck(where, script, tmp_path):
    assert shutil.which("shellcheck"), "scripts/test installs shellcheck"
    # `${{ … }}` is replaced by the runner before bash sees the script: a plain word here.
    text = re.sub(r"\$\{\{.*?\}\}", "EXPR", script)
    file = tmp_path / "step.sh"
    file.write_text("#!/bin/bash\nset -eo pipefail\n" + text, "utf-8")
    done = subprocess.run(["shellcheck", "--severity=warning", str(file)],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"{where}:\n{done.stdout}"
