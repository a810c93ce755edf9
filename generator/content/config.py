"""The site config (`diachido.yml` at the project root), validated like an entry."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.content.fields import Ctx, plate_size
from generator.content.frontmatter import decode, parse_yaml
from generator.content.media_paths import MediaRef
from generator.content.model import Config
from generator.content.schema import Field, Messages, Schema
from generator.problems import Invalid, Problems

CONFIG_NAME = "diachido.yml"
URL_RE = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


def load_config(root: Path, problems: Problems, base_url: str | None = None) -> Config:
    """Read the config; a missing file means defaults, `--base-url` overrides the file."""
    path = root / CONFIG_NAME
    values: dict[str, Any] = {}
    if path.is_file():
        src = decode(CONFIG_NAME, path.read_bytes(), problems)
        fields = parse_yaml(src, src.text, 1, problems) if src else None
        if src and fields:
            ctx = Ctx("", MediaRef(root / "media"), root=root)
            checked, _ok = CONFIG.validate_mapping(fields, src, ctx, problems)
            values = _attributes(checked)
    config = Config(**values)
    if base_url is not None:
        try:
            config = replace(config, base_url=_base_url(base_url, Ctx("", MediaRef(root))))
        except Invalid as err:
            problems.add(err.code, "--base-url", **err.params)
    host = config.base_url.split("://", 1)[1].split("/", 1)[0]
    placeholder = host.startswith("example.") or ".example." in host or host.endswith(".example")
    if placeholder and (path.is_file() or base_url is not None):  # a project meant to publish
        problems.add("placeholder-base-url", CONFIG_NAME, severity="warning", value=config.base_url)
    return config


def _attributes(checked: dict[str, Any]) -> dict[str, Any]:
    """Config attributes from the file's keys: sections are flattened (`plates.size` →
    `plate_size`); a section that failed is left out, its problems already reported."""
    values = {key: value for key, value in checked.items() if key not in SECTION_ATTRS}
    for section, renames in SECTION_ATTRS.items():
        for key, value in checked.get(section, {}).items():
            values[renames[key]] = value
    return values


def _config_text(value: Any, ctx: Ctx) -> str:
    if not isinstance(value, str):
        raise Invalid("config-not-text")
    return value.strip()


def _base_url(value: Any, ctx: Ctx) -> str:
    text = str(value).strip().rstrip("/") if isinstance(value, str) else ""
    if not URL_RE.match(text):
        raise Invalid("bad-base-url", value=str(value))
    return text


TILES_RE = re.compile(r"^https://[a-z0-9.-]+(:\d+)?/[^\s\"<>]*$")
REPORT_RE = re.compile(r"^(https?://[^\s\"<>]+|mailto:[^\s\"<>]+)$")


def _tiles(value: Any, ctx: Ctx) -> str:
    """An optional tile layer: `map: {tiles: https://…/{z}/{x}/{y}.png, attribution: …}`."""
    tiles = str(value).strip()
    if not (TILES_RE.match(tiles) and all(p in tiles for p in ("{z}", "{x}", "{y}"))):
        raise Invalid("bad-tiles", value=tiles[:100])
    return tiles


def _report(value: Any, ctx: Ctx) -> str:
    report = str(value).strip()
    if not REPORT_RE.match(report):
        raise Invalid("bad-report-url", value=report[:80])
    return report


def _inspection_days(value: Any, ctx: Ctx) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise Invalid("bad-inspection-days", value=str(value))


REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
BRANCH_RE = re.compile(r"^[A-Za-z0-9_./-]+$")


def _repo(value: Any, ctx: Ctx) -> str:
    """`editor: {repo: owner/name}`: the GitHub repository the web editor opens PRs on."""
    repo = str(value).strip()
    if not REPO_RE.match(repo):
        raise Invalid("bad-editor-repo", value=repo[:80])
    return repo


def _branch(value: Any, ctx: Ctx) -> str:
    branch = str(value).strip()
    if not BRANCH_RE.match(branch):
        raise Invalid("bad-editor-repo", value=branch[:80])
    return branch


def _logo(value: Any, ctx: Ctx) -> str:
    assert ctx.root is not None
    logo = str(value).strip()
    path = (ctx.root / logo).resolve()
    if (ctx.root.resolve() not in path.parents or not path.is_file()
            or path.suffix.lower() not in (".png", ".jpg", ".jpeg")):
        raise Invalid("bad-logo", value=logo)
    return logo


_STRUCTURE = Messages(unknown="config-unknown-key", missing="config-missing-key")
PLATES = Schema({
    "size": Field(plate_size),
    "report": Field(_report),
    "inspection_days": Field(_inspection_days),
    "logo": Field(_logo),
}, _STRUCTURE)
MAP = Schema({"tiles": Field(_tiles, required=True), "attribution": Field(_config_text)},
             _STRUCTURE)
EDITOR = Schema({"repo": Field(_repo), "branch": Field(_branch)}, _STRUCTURE)
CONFIG = Schema({
    **{key: Field(_config_text) for key in (
        "title", "title_en", "description", "description_en", "organisation",
        "organisation_en", "data_license", "report_url")},
    "base_url": Field(_base_url),
    "plates": Field(section=PLATES),
    "map": Field(section=MAP),
    "editor": Field(section=EDITOR),
}, _STRUCTURE)
SECTION_ATTRS = {
    "plates": {"size": "plate_size", "report": "report_url", "inspection_days": "inspection_days",
               "logo": "plate_logo"},
    "map": {"tiles": "map_tiles", "attribution": "map_attribution"},
    "editor": {"repo": "editor_repo", "branch": "editor_branch"},
}
