"""CONTRIBUTING.md stays true: its example builds, its snippets parse, its key table matches the
entry schema, its quoted error messages are what the program prints, and the CI workflows do
what the guide says they do.

Conventions the guide follows (so these tests can read it):
- every ```markdown block is a whole entry file, and the nearest line above it names that file
  as `sites/<name>.md` (the Vietnamese entry and, optionally, its `.en.md` translation);
- the key table is the one whose header row starts with "| Khoá | Bắt buộc? |";
- every ```text block that starts with "Lỗi:" is the exact output of `diachido check` for the
  example entry with the lines it quotes ("   N | text") put in place of line N.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Project

GUIDE_PATH = REPO / "CONTRIBUTING.md"
WORKFLOWS = REPO / ".github" / "workflows"
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
FILE_NAME = re.compile(r"sites/(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*(?:\.en)?\.md)")
QUOTED_LINE = re.compile(r"^\s*(?P<number>\d+) \| (?P<text>.*)$")
IMAGE_IN_BODY = re.compile(r"!\[[^\]]*\]\((?P<src>[^)\s]+)\)")


def guide() -> str:
    return GUIDE_PATH.read_text("utf-8")


def fences(lang: str) -> list[tuple[int, str]]:
    """(offset, body) of every fenced block marked ```lang."""
    return [(m.start(), m["body"]) for m in FENCE.finditer(guide()) if m["lang"] == lang]


def example_files() -> dict[str, str]:
    """file name (e.g. "dinh-vi-du.md") → content, for every ```markdown block of the guide."""
    text, files = guide(), {}
    for offset, body in fences("markdown"):
        before = [line for line in text[:offset].splitlines() if line.strip()]
        names = FILE_NAME.findall(before[-1]) if before else []
        assert names, ("the line above each ```markdown block must name its file as "
                       f"sites/<slug>.md; found {before[-1] if before else ''!r}")
        files[names[-1]] = body
    return files


def example_entry() -> tuple[str, str]:
    """(slug, content) of the guide's Vietnamese example entry (the one that is not `.en.md`)."""
    entries = {name: body for name, body in example_files().items() if ".en." not in name}
    assert len(entries) == 1, f"expected one example entry, found {sorted(entries)}"
    [(name, body)] = entries.items()
    return name.removesuffix(".md"), body


def front_matter(content: str) -> dict:
    assert content.startswith("---\n"), "an entry starts with a --- line"
    return yaml.safe_load(content.split("---\n")[1])


def media_paths(content: str) -> set[str]:
    """Every image an entry file refers to (cover, gallery, body), relative to media/."""
    front = front_matter(content)
    paths = {front["cover"]} if "cover" in front else set()
    paths |= {item["src"] for item in front.get("gallery") or []}
    body = content.split("---\n", 2)[2]
    return paths | {m["src"] for m in IMAGE_IN_BODY.finditer(body)}


def jpeg(path: Path) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 600), (150, 60, 40)).save(path, "JPEG", quality=80)


def example_project(project, files: dict[str, str]) -> Project:
    """A project holding `files` (name → content under sites/) and every photo they use."""
    p = project({f"sites/{name}": content for name, content in files.items()})
    for content in files.values():
        for src in media_paths(content):
            jpeg(p.root / "media" / src)
    return p


def entry_fields() -> dict:
    """The schema's key table, wherever the generator keeps it."""
    for module in ("generator.content.fields", "generator.content.entry_schema"):
        try:
            fields = getattr(importlib.import_module(module), "ENTRY_FIELDS", None)
        except ImportError:
            continue
        if fields:
            return fields
    raise AssertionError("generator has no ENTRY_FIELDS")


def key_table() -> dict[str, str]:
    """key → "Bắt buộc?" cell, from the guide's key table."""
    lines = guide().splitlines()
    start = next((n for n, line in enumerate(lines)
                  if re.match(r"^\|\s*Khoá\s*\|\s*Bắt buộc\?\s*\|", line)), None)
    assert start is not None, "the key table (header | Khoá | Bắt buộc? | …) is missing"
    table = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        assert len(cells) == 4, f"a key table row needs 4 cells: {line!r}"
        match = re.fullmatch(r"`([a-z_]+)`", cells[0])
        assert match, f"first cell must be one key in backticks: {line!r}"
        assert match[1] not in table, f"{match[1]} is listed twice"
        table[match[1]] = cells[1]
    return table


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    assert isinstance(data, dict), name
    return data


def triggers(data: dict) -> dict:
    """The `on:` mapping (PyYAML reads the bare key `on` as the boolean True)."""
    on = data.get(True, data.get("on"))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), on
    return on


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job.get("steps", [])]


# -- the example entry --------------------------------------------------------------------------

def test_guide_is_nfc_utf8():
    text = guide()
    assert text == unicodedata.normalize("NFC", text)
    assert "\r" not in text and "\t" not in text


def test_example_entry_checks_and_builds(project):
    slug, content = example_entry()
    files = example_files()
    assert set(files) <= {f"{slug}.md", f"{slug}.en.md"}, sorted(files)
    p = example_project(project, files)

    checked = p.run("check")
    assert checked.code == 0, checked.err
    assert "Lỗi" not in checked.err and "Cảnh báo" not in checked.err, checked.err

    p.build()
    title = front_matter(content)["title"]
    page = (p.out / slug / "index.html").read_text("utf-8")
    assert f"<h1>{title}</h1>" in page or re.search(rf"<h1[^>]*>\s*{re.escape(title)}", page)
    assert f"<title>{title}" in page
    if f"{slug}.en.md" in files:
        title_en = front_matter(files[f"{slug}.en.md"])["title"]
        assert title_en in (p.out / "en" / slug / "index.html").read_text("utf-8")
    code = front_matter(content)["code"]
    assert (p.out / "plates" / f"{code}.pdf").is_file()


def test_example_entry_uses_every_required_key_and_stays_an_example():
    slug, content = example_entry()
    front = front_matter(content)
    required = {key for key, field in entry_fields().items() if _required(field)}
    assert required <= set(front), required - set(front)
    assert slug == "dinh-vi-du" and front["code"] == "VD01"
    assert "Ví Dụ" in front["address"]


# -- YAML snippets and the key table -----------------------------------------------------------

def test_every_yaml_snippet_parses():
    snippets = fences("yaml")
    assert snippets, "the guide shows YAML snippets"
    for _offset, body in snippets:
        assert yaml.safe_load(body) is not None, body


def _required(field) -> bool:
    return field.required if hasattr(field, "required") else bool(field[1])


def _translatable(field) -> bool:
    return field.translatable if hasattr(field, "translatable") else bool(field[2])


def test_key_table_matches_the_schema():
    table = key_table()
    fields = entry_fields()
    assert set(table) == set(fields), (
        f"in the guide only: {sorted(set(table) - set(fields))}; "
        f"in the schema only: {sorted(set(fields) - set(table))}")
    for key, cell in table.items():
        required = cell.lower().startswith("có")
        assert required == _required(fields[key]), f"{key}: 'Bắt buộc?' says {cell!r}"


def test_translation_keys_match_the_schema():
    """The guide's list of keys a `.en.md` file may hold is the schema's translatable keys."""
    text = guide()
    start = text.index("### Bản dịch tiếng Anh")
    section = text[start:text.index("Khoá nào không dịch", start)]
    fields = entry_fields()
    listed = {key for key in re.findall(r"`([a-z_]+)`", section) if key in fields}
    expected = {key for key, field in fields.items() if _translatable(field)}
    assert listed == expected, (f"listed only: {sorted(listed - expected)}; "
                                f"missing: {sorted(expected - listed)}")


# -- quoted error messages ---------------------------------------------------------------------

def quoted_errors() -> list[str]:
    return [body for _offset, body in fences("text") if body.startswith("Lỗi:")]


def broken(content: str, quoted: str) -> str:
    """The example entry with every line the quoted output shows put in at its line number."""
    lines = content.split("\n")
    for line in quoted.splitlines():
        match = QUOTED_LINE.match(line)
        if match:
            lines[int(match["number"]) - 1] = match["text"]
    return "\n".join(lines)


def test_guide_quotes_some_errors():
    assert len(quoted_errors()) >= 2


@pytest.mark.parametrize("number", range(len(quoted_errors())))
def test_quoted_error_is_what_check_prints(project, number):
    slug, content = example_entry()
    quoted = quoted_errors()[number]
    p = example_project(project, {f"{slug}.md": content})
    p.write(f"sites/{slug}.md", broken(content, quoted))
    result = p.run("check")
    assert result.code == 1, result.err
    real = "\n".join(line.rstrip() for line in result.err.strip().splitlines())
    shown = "\n".join(line.rstrip() for line in quoted.strip().splitlines())
    assert shown == real, f"CONTRIBUTING.md quotes:\n{shown}\n\n`diachido check` prints:\n{real}"


# -- workflows ---------------------------------------------------------------------------------

def test_check_workflow():
    data = workflow("check.yml")
    on = triggers(data)
    assert "pull_request" in on and "workflow_dispatch" in on
    assert "push" not in on
    assert data["concurrency"]["cancel-in-progress"] is True
    runs = [step.get("run", "") for step in steps(data)]
    uses = [step.get("uses", "") for step in steps(data)]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    setup = next(s for s in steps(data) if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(setup["with"]["python-version"]) == "3.11"
    order = [next(n for n, r in enumerate(runs) if needle in r)
             for needle in ("pip install -e .", "diachido check", "diachido bundle")]
    assert order == sorted(order), "install, then check, then build (bundle builds first)"
    build = runs[order[2]]
    assert "--base-url" in build
    # The preview is the bundle's copy, whose links work opened from disk, unpacked.
    assert 'unzip -q "$RUNNER_TEMP/site-preview.zip" -d "$RUNNER_TEMP/site-preview"' in build
    assert any("diachido check --format github" in r for r in runs), "annotations from the CLI"
    assert not any("re.compile" in r for r in runs), "no regex over the human text"
    upload = next(s for s in steps(data)
                  if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["uses"] == "actions/upload-artifact@v4"
    assert upload["with"]["name"] == "site-preview"
    assert upload["with"]["path"].rstrip("/") == "${{ runner.temp }}/site-preview"
    assert upload.get("if", "success()") == "success()", "upload only a build that succeeded"
    assert steps(data).index(upload) > order[2]
    comment = next(s for s in steps(data) if "gh pr comment" in s.get("run", ""))
    assert "diachido check --format markdown" in comment["run"], "the table comes from the CLI"
    assert "diachido-site/index.html" in comment["run"], "the file to open in the unpacked ZIP"
    assert "pull_request" in comment["if"] and "!cancelled()" in comment["if"]
    assert comment["env"]["PREVIEW"] == "${{ steps.preview.outputs.artifact-url }}"
    assert upload["id"] == "preview" and steps(data).index(comment) > steps(data).index(upload)
    assert comment["continue-on-error"] is True, "a fork's read-only token must not fail the check"
    assert data["permissions"] == {"contents": "read", "pull-requests": "write"}


def test_deploy_workflow():
    data = workflow("deploy.yml")
    on = triggers(data)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert "pull_request" not in on
    assert data["permissions"] == {"contents": "write", "pull-requests": "write", "pages": "write",
                                   "id-token": "write"}
    [job] = data["jobs"].values()
    environment = job["environment"]
    assert (environment["name"] if isinstance(environment, dict) else environment) == \
        "github-pages"
    uses = {step.get("uses", "").split("@")[0]: step for step in job["steps"] if "uses" in step}
    assert uses["actions/configure-pages"]["uses"] == "actions/configure-pages@v5"
    assert uses["actions/upload-pages-artifact"]["uses"] == "actions/upload-pages-artifact@v3"
    assert uses["actions/upload-pages-artifact"]["with"]["path"].rstrip("/") == "build"
    assert uses["actions/deploy-pages"]["uses"] == "actions/deploy-pages@v4"
    pages_id = uses["actions/configure-pages"]["id"]
    build = next(step["run"] for step in job["steps"] if "diachido build" in step.get("run", ""))
    assert f"--base-url \"${{{{ steps.{pages_id}.outputs.base_url }}}}\"" in build
    names = [step.get("uses", step.get("run", "")) for step in job["steps"]]
    build_at = next(n for n, s in enumerate(names) if "diachido build" in s)
    upload_at = next(n for n, s in enumerate(names) if "upload-pages-artifact" in s)
    deploy_at = next(n for n, s in enumerate(names) if "deploy-pages" in s)
    assert build_at < upload_at < deploy_at
