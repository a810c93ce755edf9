"""The web editor at /admin/: Sveltia CMS, its config made from the schemas that validate entries.

The config is derived, never written by hand: every key of ENTRY_FIELDS (and of the trail and
site-config schemas) becomes a form field, with its `Form` metadata when it has some and a plain
text box when it has none, so a key added to a schema shows up in the editor by itself. The
editor is no part of the visitors' site: no sitemap entry, `noindex`, its own CSP, and the
service worker leaves /admin/ alone (theme/templates/sw.js).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml

from generator.content.code_choice import highest_codes, next_free_code
from generator.content.config import CONFIG, TEXT_KEYS
from generator.content.entry_schema import CODE_TAKEN, ENTRY_FIELDS
from generator.content.model import Config
from generator.content.schema import Field, Form
from generator.content.trails import TRAIL
from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.render.theme import Theme

APP = "sveltia-cms.js"
# Vendored by scripts/update-cms, but vi.js and codes.js, which are ours.
ASSETS = (APP, "vi.js", "codes.js", "locales/vi.json", "fonts/source-sans-3.woff2",
          "fonts/noto-mono.woff2", "fonts/material-symbols-outlined.woff2")
# The app runs its own inline styles; it talks to GitHub's API (and, when working on a local
# folder, to nothing at all); its update and status checks are cut out when it is vendored
# (scripts/update-cms). Images it previews come from the repository as blob: URLs.
ADMIN_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
             "img-src 'self' data: blob: https://avatars.githubusercontent.com "
             "https://raw.githubusercontent.com; media-src 'self' blob:; font-src 'self' data:; "
             "connect-src 'self' data: blob: https://api.github.com; worker-src 'self' blob:; "
             # the app installs itself with a manifest it makes as a blob: URL
             "manifest-src blob:; "
             "frame-src 'none'; base-uri 'self'; form-action 'none'")
# What an uploaded photo becomes (README "Web editor"): at most 2048 px on its longer side, as
# WebP at quality 85: a 12-megapixel phone photo of ~4 MB comes out at a few hundred KB.
PHOTO_LIMIT = {"format": "webp", "quality": 85, "width": 2048, "height": 2048}
BODY = {"name": "body", "label": "Nội dung", "widget": "markdown", "required": False,
        "hint": "Bài thuyết minh: tiêu đề mục bắt đầu bằng ##."}


def form_field(name: str, spec: Field, *, i18n: bool = False, **params: str) -> dict[str, Any]:
    """One schema key as a form field. `params` fill the hint's placeholders ({next})."""
    form = spec.form or Form()
    out: dict[str, Any] = {"name": name, "label": form.label or name, "widget": form.widget,
                           "required": spec.required}
    if form.hint:
        out["hint"] = form.hint.format_map(params)
    if form.pattern:
        out["pattern"] = [form.pattern, out.get("hint", form.label)]
    out.update(form.options)
    if out["widget"] == "hidden":  # kept as read, never asked: the app's schema allows no
        del out["required"]        # `required` on it
    if spec.section is not None:  # a section is optional as a whole, its keys within it
        out["widget"] = "object"
        out["fields"] = [form_field(k, f) for k, f in spec.section.fields.items()]
    if i18n:
        out["i18n"] = spec.translatable
        if spec.translatable and spec.required:  # a translation may leave it to the original
            out["required"] = ["vi"]
        if spec.translatable and "fields" in out:  # a translated list is translated whole
            out["fields"] = [{**sub, "i18n": True} for sub in out["fields"]]
    return out


def form_fields(fields: Mapping[str, Field], *, i18n: bool, **params: str) -> list[dict]:
    return [form_field(name, spec, i18n=i18n, **params) for name, spec in fields.items()]


def cms_config(config: Config, holders: Mapping[str, str],
               entry_fields: Mapping[str, Field] = ENTRY_FIELDS) -> dict[str, Any]:
    """The editor's config.yml as data: sites and trails (with their English translations side
    by side), and the site settings file. `holders`: every code in use or registered (points'
    too) → the slug of the site holding it."""
    sites = [code for code in holders if "-" not in code]
    hint = {"next": next_free_code(sites),
            "highest": ", ".join(highest_codes(sites)) or "chưa có"}
    fields = form_fields(entry_fields, i18n=True, **hint)
    for field in fields:
        if field["name"] == "code":  # proposed by the one rule `diachido new` and the build use
            field["default"] = hint["next"]
    body = {**BODY, "i18n": True}
    return {
        "backend": {"name": "github", "repo": config.editor_repo or "OWNER/REPO",
                    "branch": config.editor_branch,
                    "commit_messages": {"create": "Thêm {{collection}} “{{slug}}”",
                                        "update": "Sửa {{collection}} “{{slug}}”",
                                        "delete": "Xoá {{collection}} “{{slug}}”",
                                        "uploadMedia": "Tải lên “{{path}}”",
                                        "deleteMedia": "Xoá “{{path}}”"},
                    **({"base_url": config.editor_auth_url} if config.editor_auth_url else {})},
        "publish_mode": "editorial_workflow",
        # An optional key left blank is left out, as a person writing the file would: the
        # build refuses `type: ''` or `cover: ''`.
        "output": {"omit_empty_optional_fields": True},
        "site_url": config.base_url,
        # No stock-photo sources: pictures come from the volunteers, with their credits. A
        # phone photo is shrunk before it is committed (the repository keeps every byte
        # forever; the build's largest variant is narrower still): see PHOTO_LIMIT.
        "media_libraries": {"stock_assets": {"providers": []},
                            "default": {"config": {"transformations": {
                                "raster_image": PHOTO_LIMIT}}}},
        "media_folder": "media",
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": list(config.languages.tags),
                 "default_locale": config.languages.default,
                 # A new entry starts in the default language only; another is switched on
                 # when someone translates, so no empty translation file is ever committed
                 # (the app saves every language switched on, filled in or not).
                 "initial_locales": "default",
                 "omit_default_locale_from_file_path": True},
        "collections": [
            {"name": "sites", "label": "Địa điểm", "label_singular": "địa điểm",
             "folder": "sites", "extension": "md", "format": "yaml-frontmatter",
             "create": True, "slug": "{{title}}", "identifier_field": "title",
             "summary": "{{code}} · {{title}}", "i18n": True,
             "media_folder": "/media/{{slug}}", "public_folder": "{{slug}}",
             "fields": [*fields, body]},
            {"name": "trails", "label": "Hành trình", "label_singular": "hành trình",
             "folder": "trails", "extension": "md", "format": "yaml-frontmatter",
             "create": True, "slug": "{{title}}", "identifier_field": "title", "i18n": True,
             "fields": [*form_fields(TRAIL.fields, i18n=True), body]},
            {"name": "settings", "label": "Cài đặt trang", "files": [
                {"name": "config", "label": "Cấu hình (diachido.yml)", "file": "diachido.yml",
                 "format": "yaml", "fields": settings_fields(config)}]},
        ],
    }


def settings_fields(config: Config) -> list[dict]:
    """The settings form; a config written `title: {vi: …, en: …}` gets one box per language
    (and loses the `title_en` boxes, which that style does not use)."""
    fields = form_fields(CONFIG.fields, i18n=False)
    if not config.texts_per_language:
        return fields
    legacy = {f"{name}_en" for name in TEXT_KEYS}
    return [{**field, "widget": "object", "fields": [
        {"name": tag, "label": f"{field['label']} ({tag})", "widget": "string",
         "required": tag == config.languages.default}
        for tag in config.languages.tags]} if field["name"] in TEXT_KEYS else field
        for field in fields if field["name"] not in legacy]


def codes_data(holders: Mapping[str, str], titles: Mapping[str, str]) -> dict[str, Any]:
    """What codes.js needs to refuse a code another site holds: who holds each code, their
    titles (for the message), the next free code and the messages."""
    sites = [code for code in holders if "-" not in code]
    return {"taken": dict(sorted(holders.items())), "next": next_free_code(sites),
            "titles": {slug: titles[slug] for slug in sorted(set(holders.values()))
                       if slug in titles}, **CODE_TAKEN}


class AdminPages:
    """The outputs under admin/: the page, its config and the vendored app."""

    def __init__(self, theme: Theme, config: Config, holders: Mapping[str, str],
                 titles: Mapping[str, str]):
        self.theme, self.config = theme, config
        self.data = cms_config(config, holders)
        self.codes = codes_data(holders, titles)

    def plan(self) -> list[Output]:
        page = self.theme.render("admin.html", csp=ADMIN_CSP, app=APP,
                                 repo=self.config.editor_repo,
                                 title=f"Soạn thảo · {self.config.text('title', 'vi')}")
        return [
            # Keyed by the data, dumped only when it changed: YAML's pure-Python emitter took
            # ~80 ms of every rebuild at 1,000 sites (the config grows with every site).
            Output("admin/config.yml", key("admin-config", yaml.__version__, self.data),
                   self.config_yml),
            Output("admin/codes.json", key("admin-codes", self.codes), self.codes_json),
            Output("admin/index.html", key("admin-page", page), lambda: page),
            *(Output(f"admin/{name}", key("admin-app", self.theme.digest, name),
                     source=self.theme.folder / "static" / "admin" / name)
              for name in ASSETS),
        ]


    def codes_json(self) -> bytes:
        return json.dumps(self.codes, ensure_ascii=False, sort_keys=True).encode()

    def config_yml(self) -> bytes:
        return yaml.dump(self.data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False,
                         width=100).encode()


class _NoAliases(yaml.SafeDumper):
    """Written out in full where a row is shared (the body field): plain to read and to diff."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
