"""The site config (`diachido.yml` at the project root), validated like an entry."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.content.fields import Ctx, Normaliser, language_tag, plate_size, point_plate_size
from generator.content.frontmatter import Located, SourceText, decode, parse_yaml
from generator.content.media_paths import MediaRef
from generator.content.model import PLATE_SIZES, POINT_PLATE_SIZES, Config, Languages
from generator.content.schema import Field, Form, Messages, Schema
from generator.problems import Invalid, Problem, Problems

CONFIG_NAME = "diachido.yml"
URL_RE = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


def project_problem(root: Path, command: str) -> Problem | None:
    """A folder with neither diachido.yml nor sites/ is no project: every command says so
    before writing anything (`new` would otherwise plant sites/ and media/ anywhere)."""
    if (root / CONFIG_NAME).is_file() or (root / "sites").is_dir():
        return None
    return Problem("not-a-project", params=(("command", command),
                                            ("folder", str(root.resolve()))))


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
            _check_languages(values, fields, src, problems)
    config = Config(**values)
    if base_url is not None:
        try:
            config = replace(config, base_url=_base_url(base_url, Ctx("", MediaRef(root))))
        except Invalid as err:
            problems.add(err.code, "--base-url", **err.params)
    meant_to_publish = path.is_file() or base_url is not None
    if is_placeholder(config.base_url) and meant_to_publish:
        problems.add("placeholder-base-url", CONFIG_NAME, severity="warning", value=config.base_url)
    if path.is_file() and not config.editor_repo:  # /admin/ cannot sign in anywhere
        problems.add("editor-repo-unset", CONFIG_NAME, severity="warning",
                     example="editor: {repo: OWNER/NAME}")
    if config.base_path and (path.is_file() or base_url is not None):
        # RFC 9309: crawlers read /robots.txt only, never <base path>/robots.txt.
        problems.add("robots-under-path", CONFIG_NAME, severity="warning",
                     host=config.base_url[:len(config.base_url) - len(config.base_path)],
                     path=config.base_path)
    return config


def is_placeholder(base_url: str) -> bool:
    """Whether `base_url` is an example address (the bundled `doan.example.vn`, the default
    `example.org`): plates drawn with it are samples, marked so, never to be printed."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0].lower()
    return host.startswith("example.") or ".example." in host or host.endswith(".example")


def _attributes(checked: dict[str, Any]) -> dict[str, Any]:
    """Config attributes from the file's keys: sections are flattened (`plates.size` →
    `plate_size`), `title_en` joins `title` as its English text, and the languages become one
    value; a key that failed is left out, its problems already reported."""
    values = {key: value for key, value in checked.items() if key not in SECTION_ATTRS}
    for section, renames in SECTION_ATTRS.items():
        for key, value in checked.get(section, {}).items():
            values[renames[key]] = value
    default = Languages()
    tags = values.pop("languages", default.tags)
    fallback = values.pop("translation_fallback", default.fallback)
    values["languages"] = Languages(tags, fallback)
    for name in TEXT_KEYS:
        texts = dict(values.pop(name, {}))
        if "" in texts:
            texts[tags[0]] = texts.pop("")
        elif texts:
            values["texts_per_language"] = True
        legacy = values.pop(f"{name}_en", "")
        if legacy and "en" not in texts:
            texts["en"] = legacy
        if texts or name != "title":
            values[name] = texts
    return values


def _check_languages(values: dict[str, Any], fields: dict[str, Located], src: SourceText,
                     problems: Problems) -> None:
    """Every tag a text or the fallback names must be one of `languages:`; the problem points
    at the tag's own line (`title:` → `  zh-Hans: …`) and says to remove it or add the language."""
    languages: Languages = values["languages"]
    allowed = ", ".join(languages.tags)
    named = [(name, tag) for name in TEXT_KEYS for tag in values.get(name, {})]
    if "translation_fallback" in fields:  # the default, [en], is simply skipped without `en`
        named += [("translation_fallback", tag) for tag in languages.fallback]
    for key, tag in named:
        if tag not in languages.tags:
            located = fields.get(key)
            line = located.children.get(tag, located.line) if located else 1
            problems.add("config-unknown-language", src.path, line, src.line(line), key=key,
                         lang=tag, allowed=allowed)


def _config_text(value: Any, ctx: Ctx) -> str:
    if not isinstance(value, str):
        raise Invalid("config-not-text")
    return value.strip()


def _texts(value: Any, ctx: Ctx) -> dict[str, str]:
    """`title: …` (the default language) or `title: {vi: …, en: …, ko: …}`; tags are checked
    against `languages:` once the whole file is read (`_check_languages`)."""
    if isinstance(value, str):
        return {"": value.strip()}  # "" stands for the default language until it is known
    if not isinstance(value, dict) or not value:
        raise Invalid("config-not-text")
    texts = {}
    for tag, text in value.items():
        if not isinstance(text, str):
            raise Invalid("config-not-text")
        texts[language_tag(str(tag), ctx)] = text.strip()
    return texts


def _tags(value: Any, ctx: Ctx) -> tuple[str, ...]:
    """A list of distinct language tags: `[vi, en, ko, zh-Hans]`."""
    if not isinstance(value, list) or not value:
        raise Invalid("bad-languages", value=str(value)[:80])
    tags = tuple(language_tag(str(tag), ctx) for tag in value)
    if len(set(tags)) < len(tags) or len({t.lower() for t in tags}) < len(tags):
        raise Invalid("bad-languages", value=", ".join(tags))
    return tags


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


def _matching(pattern: re.Pattern[str], code: str, trailing: str = "") -> Normaliser:
    """A one-line text that must match `pattern` (after trimming, and dropping `trailing`
    characters from its end), else `code`, quoting up to 80 characters of it."""

    def normalise(value: Any, ctx: Ctx) -> str:
        text = str(value).strip().rstrip(trailing)
        if not pattern.match(text):
            raise Invalid(code, value=text[:80])
        return text

    return normalise


REPO_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
BRANCH_RE = re.compile(r"^[A-Za-z0-9_./-]+$")
AUTH_URL_RE = re.compile(r"^https://[^\s/?#]+(/[^\s?#]*)?$")
# `editor.repo`: owner/name on GitHub, where the web editor opens pull requests; `auth_url`: an
# OAuth helper (e.g. sveltia-cms-auth) for "Sign in with GitHub".
_report = _matching(REPORT_RE, "bad-report-url")
_repo = _matching(REPO_RE, "bad-editor-repo")
_branch = _matching(BRANCH_RE, "bad-editor-repo")
_auth_url = _matching(AUTH_URL_RE, "bad-editor-repo", trailing="/")


def _inspection_days(value: Any, ctx: Ctx) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise Invalid("bad-inspection-days", value=str(value))


def _silent_days(value: Any, ctx: Ctx) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    raise Invalid("bad-silent-days", value=str(value))


GOATCOUNTER_RE = re.compile(r"^https://[a-z0-9-]+(\.[a-z0-9-]+)+$")
# `analytics.goatcounter`: the site's GoatCounter address, e.g. https://doan-nt.goatcounter.com
# (or a self-hosted one): an https origin and nothing else, since pages request its /count.
_goatcounter = _matching(GOATCOUNTER_RE, "bad-goatcounter", trailing="/")


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
    "size": Field(plate_size, form=Form("Khổ biển", widget="select", options={
        "options": list(PLATE_SIZES)})),
    "point_size": Field(point_plate_size, form=Form(
        "Khổ biển của các điểm", "A6 (mặc định) hoặc label (nhãn 100×70 mm).", widget="select",
        options={"options": list(POINT_PLATE_SIZES)})),
    "report": Field(_report, form=Form("Nơi báo biển hỏng")),
    "inspection_days": Field(_inspection_days, form=Form(
        "Số ngày giữa hai lần kiểm tra biển", widget="number", options={"value_type": "int",
                                                                       "min": 1})),
    "silent_days": Field(_silent_days, form=Form(
        "Số ngày không có lượt quét thì báo kiểm tra biển", "Mặc định: 60.", widget="number",
        options={"value_type": "int", "min": 1})),
    "logo": Field(_logo, form=Form("Logo trên biển (PNG/JPEG trong dự án)")),
    "second_language": Field(language_tag, form=Form(
        "Ngôn ngữ thứ hai trên biển", "Mã ngôn ngữ, vd. en, ko, zh-Hans (mặc định: en).")),
}, _STRUCTURE)
MAP = Schema({"tiles": Field(_tiles, required=True, form=Form("Máy chủ ô bản đồ")),
              "attribution": Field(_config_text, form=Form("Ghi công bản đồ"))}, _STRUCTURE)
EDITOR = Schema({"repo": Field(_repo, form=Form("Kho GitHub", "chủ/tên, vd. doan-xa/diachido")),
                 "branch": Field(_branch, form=Form("Nhánh chính")),
                 "auth_url": Field(_auth_url, form=Form(
                     "Máy chủ đăng nhập GitHub (OAuth)", "Để trống: đăng nhập bằng mã truy cập."))},
                _STRUCTURE)
ANALYTICS = Schema({"goatcounter": Field(_goatcounter, form=Form(
    "Bộ đếm GoatCounter", "Chỉ khi trang không có nhật ký máy chủ (GitHub Pages), "
    "vd. https://doan-nt.goatcounter.com. Để trống: không trang nào có bộ đếm."))}, _STRUCTURE)
_LABELS = {"title_en": "Tên trang (tiếng Anh)", "description_en": "Mô tả (tiếng Anh)",
           "organisation_en": "Đơn vị thực hiện (tiếng Anh)", "data_license": "Giấy phép dữ liệu",
           "report_url": "Nơi báo biển hỏng (mailto: hoặc https://)"}
TEXT_KEYS = {"title": "Tên trang", "description": "Mô tả", "organisation": "Đơn vị thực hiện"}
CONFIG = Schema({
    **{key: Field(_texts, form=Form(label)) for key, label in TEXT_KEYS.items()},
    **{key: Field(_config_text, form=Form(label)) for key, label in _LABELS.items()},
    "languages": Field(_tags, form=Form("Ngôn ngữ", "Thẻ BCP 47, ngôn ngữ mặc định trước: "
                                        "vi, en, ko, zh-Hans", widget="list")),
    "translation_fallback": Field(_tags, form=Form(
        "Thứ tự ngôn ngữ thay thế", "Khi thiếu bản dịch; mặc định: en.", widget="list")),
    "base_url": Field(_base_url, form=Form("Địa chỉ trang", "Mã QR trên biển trỏ về đây: "
                                           "đặt trước khi in biển.")),
    "plates": Field(section=PLATES, form=Form("Biển QR")),
    "map": Field(section=MAP, form=Form("Bản đồ")),
    "editor": Field(section=EDITOR, form=Form("Trình soạn thảo /admin/")),
    "analytics": Field(section=ANALYTICS, form=Form("Đếm lượt quét")),
}, _STRUCTURE)
SECTION_ATTRS = {
    "plates": {"size": "plate_size", "point_size": "point_plate_size", "report": "report_url",
               "inspection_days": "inspection_days", "logo": "plate_logo",
               "silent_days": "silent_days",
               "second_language": "plate_language"},
    "map": {"tiles": "map_tiles", "attribution": "map_attribution"},
    "editor": {"repo": "editor_repo", "branch": "editor_branch", "auth_url": "editor_auth_url"},
    "analytics": {"goatcounter": "goatcounter"},
}
