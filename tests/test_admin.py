"""The web editor at /admin/: its config comes from the schema, and a volunteer can add a site
through the form (driven in Chromium against a real copy of the project) that builds."""

from __future__ import annotations

import dataclasses
import html
import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from admin_driver import Editor
from conftest import ARTIFACTS, REPO, bundled_project
from server import serve

from generator.content.entry_schema import ENTRY_FIELDS
from generator.content.model import Config
from generator.content.schema import Field, Form
from generator.render.admin import cms_config

# The guide's pictures: refreshed in docs/admin/ with DIACHIDO_SCREENSHOTS=docs (then looked at
# and committed), else written to test-artifacts/ so a test run leaves the checkout clean.
SHOTS = REPO / "docs" / "admin" if os.environ.get("DIACHIDO_SCREENSHOTS") == "docs" \
    else ARTIFACTS / "admin"


def _sites(config: dict) -> dict:
    return next(c for c in config["collections"] if c["name"] == "sites")


def test_every_entry_key_is_a_form_field():
    fields = {f["name"]: f for f in _sites(cms_config(Config(), {"NT01": "a"}))["fields"]}
    assert set(ENTRY_FIELDS) | {"body"} == set(fields)
    for name, spec in ENTRY_FIELDS.items():
        required = ["vi"] if spec.required and spec.translatable else spec.required
        if fields[name]["widget"] == "hidden":  # the app's schema allows no `required` there
            assert "required" not in fields[name], name
            continue
        assert fields[name]["required"] == required, name
        assert fields[name]["i18n"] is spec.translatable, name
    assert fields["code"]["pattern"][0] == r"^[A-Z]{2,4}[0-9]{2,4}$"
    assert "NT01" in fields["code"]["hint"] and fields["code"]["default"] == "NT02"
    assert fields["ranking"]["widget"] == "select"
    assert {o["value"] for o in fields["ranking"]["options"]} == {
        "quốc gia đặc biệt", "quốc gia", "tỉnh", "chưa xếp hạng"}
    gallery = {f["name"]: f for f in fields["gallery"]["fields"]}
    assert gallery["alt"].get("required", True) and gallery["src"]["widget"] == "image"
    lat = fields["location"]["fields"][0]
    assert (lat["min"], lat["max"]) == (-90, 90)


def test_the_backend_comes_from_the_config(project):
    p = project({"sites/dinh-phu-my.md": _entry(), "diachido.yml": (
        "editor: {repo: doan-xa/diachido, branch: chinh, auth_url: https://auth.example.vn}\n")})
    p.build()
    backend = yaml.safe_load((p.out / "admin" / "config.yml").read_text())["backend"]
    assert (backend["name"], backend["repo"], backend["branch"], backend["base_url"]) == (
        "github", "doan-xa/diachido", "chinh", "https://auth.example.vn")
    p.write("diachido.yml", "editor: {repo: not a repo}\n")
    run = p.run("check")
    assert run.code == 1 and "diachido.yml" in run.err and "not a repo" in run.err


def test_an_unset_repository_is_warned_and_the_page_says_what_to_set(project):
    p = project({"sites/dinh-phu-my.md": _entry(), "diachido.yml": "languages: [vi, en]\n"})
    run = p.run("build")
    assert run.code == 0, run.err
    block = next(b for b in run.err.split("\n\n") if "editor.repo" in b)
    assert block.startswith("Cảnh báo: diachido.yml") and "editor: {repo:" in block, block
    page = html.unescape((p.out / "admin" / "index.html").read_text("utf-8"))
    assert "editor: {repo: chủ/tên-kho}" in page and "diachido.yml" in page
    p.write("diachido.yml", "languages: [vi, en]\neditor: {repo: doan-xa/diachido}\n")
    run = p.run("build")
    assert "editor.repo" not in run.err
    assert "diachido-no-repo" not in (p.out / "admin" / "index.html").read_text("utf-8")


def test_the_codes_the_form_refuses_name_their_site(tmp_path):
    """admin/codes.json: every site and point code, from codes.yml and the entries, with the
    site holding it, and the next free code by the build's rule; config.yml's code box starts
    with that code and its hint stays short."""
    from generator.content.code_choice import next_free_code

    built = bundled_project(tmp_path / "bundled")
    codes = json.loads((built.out / "admin" / "codes.json").read_text("utf-8"))
    assert codes["taken"]["NT01"] == codes["taken"]["NT01-1"] == "dia-dao-nhon-trach"
    assert codes["taken"]["NT02"] == "dinh-phu-my"
    assert codes["titles"]["dinh-phu-my"] == "Đình Phú Mỹ"
    sites = [code for code in codes["taken"] if "-" not in code]
    assert codes["next"] == next_free_code(sites) == "NT05"
    config = yaml.safe_load((built.out / "admin" / "config.yml").read_text("utf-8"))
    code = next(f for f in _sites(config)["fields"] if f["name"] == "code")
    assert code["default"] == "NT05" and "NT04" in code["hint"] and "NT03" not in code["hint"]


def test_the_code_hint_stays_short_at_a_thousand_sites():
    holders = {f"NT{n:02d}": f"s{n}" for n in range(1, 1001)} | {"BH07": "b", "NT03-2": "s3"}
    code = next(f for f in _sites(cms_config(Config(), holders))["fields"]
                if f["name"] == "code")
    assert code["default"] == "NT1001"
    assert "BH07, NT1000" in code["hint"] and len(code["hint"]) < 200, code["hint"]


def test_a_key_added_to_the_schema_appears_without_touching_the_config_code():
    schema = {**ENTRY_FIELDS, "founded": Field(lambda v, c: v),
              "patron": Field(lambda v, c: v, translatable=True,
                              form=Form("Thành hoàng", widget="text"))}
    fields = {f["name"]: f for f in _sites(cms_config(Config(), (), schema))["fields"]}
    assert fields["founded"] == {"name": "founded", "label": "founded", "widget": "string",
                                 "required": False, "i18n": False}
    assert fields["patron"]["label"] == "Thành hoàng" and fields["patron"]["i18n"] is True
    assert dataclasses.replace(ENTRY_FIELDS["code"]).form is not None


def test_the_editor_is_not_part_of_the_visitors_site(project):
    p = project({"sites/dinh-phu-my.md": _entry()})
    p.build()
    admin = p.out / "admin"
    assert {"index.html", "config.yml", "sveltia-cms.js", "locales/vi.json"} <= {
        q.relative_to(admin).as_posix() for q in admin.rglob("*")}
    assert "admin" not in (p.out / "sitemap.xml").read_text()
    page = html.unescape((admin / "index.html").read_text())
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "script-src 'self';" in page and "unpkg" not in page
    assert 'location.hash' not in page
    assert 'new URL("admin/", scope)' in (p.out / "sw.js").read_text()
    headers = (p.out / "_headers").read_text()
    assert "/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: default-src 'none'" \
        in headers
    for public in p.out.rglob("*.html"):
        if "admin" not in public.parts:
            assert "admin/" not in public.read_text(), public
    config = yaml.safe_load((admin / "config.yml").read_text())
    assert config["i18n"]["omit_default_locale_from_file_path"] is True


def _entry() -> str:
    return ("---\ncode: NT01\ntitle: Đình Phú Mỹ\nsummary: Ngôi đình.\ncategory: đình\n"
            "address: Phú Hội\n---\n\n## Lịch sử\n\nNội dung.\n")


# -- in the browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled project, built; its admin served. Each test edits a fresh copy."""
    root = tmp_path_factory.mktemp("bundled")
    project = bundled_project(root)
    with serve(project.out) as base:
        yield project, base + "/admin/"


@pytest.fixture
def editor(browser, site, tmp_path, request):
    project, admin_url = site
    # An English browser: the interface is Vietnamese anyway (admin/vi.js). The guide's
    # pictures (a width given) come from a Vietnamese one, without the app's "available in
    # English" banner.
    width = getattr(request, "param", None)
    context = browser.new_context(locale="vi-VN" if width else "en-US",
                                  viewport={"width": width or 1280, "height": 900})
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    work = tmp_path / "work"
    for name in ("sites", "trails"):
        shutil.copytree(project.root / name, work / name)
    for name in ("diachido.yml", "codes.yml"):
        shutil.copy(project.root / name, work / name)
    ed = Editor(context, admin_url, work)
    ed.work, ed.outside = work, outside
    yield ed
    context.close()


def _jpeg(size: tuple[int, int] = (640, 480)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (150, 40, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def _run(work: Path, *args: str):
    from conftest import make_project

    return make_project(work, {}).run(*args)


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


def _fill_required(ed: Editor) -> None:
    ed.field("Mã biển").fill("NT05")
    ed.field("Tên di tích").fill("Đình Bình Khánh Đông")
    ed.field("Tóm tắt").fill("Ngôi đình làng thờ Thành hoàng, nơi hội họp thời kháng chiến.")
    ed.field("Loại hình").fill("di tích lịch sử – văn hoá")
    ed.field("Địa chỉ").fill("Xã Nhơn Trạch, Đồng Nai")


@pytest.mark.browser
def test_a_new_site_with_a_photo_and_an_english_translation(editor, tmp_path):
    ed = editor
    ed.open("collections/sites/new")
    ed.show_english()  # switched on first, before the photo list is filled
    _fill_required(ed)
    ed.add_item("Bộ ảnh")
    photo = tmp_path / "cong-dinh.jpg"
    photo.write_bytes(_jpeg((4000, 3000)))  # a phone's 12 megapixels
    ed.upload(photo, nth=1)  # the cover's picker is the first
    ed.reveal(ed.field("Mô tả ảnh (alt)")).fill("Cổng đình nhìn từ đường làng")
    ed.to_top()
    ed.field("Tên di tích", "en").fill("Bình Khánh Đông communal house")
    ed.field("Tóm tắt", "en").fill("A village communal house, a meeting place during the war.")
    ed.field("Loại hình", "en").fill("historical and cultural relic")
    ed.field("Địa chỉ", "en").fill("Nhơn Trạch commune, Đồng Nai")
    ed.save()
    # the photo is converted in the browser first: slow on a loaded machine
    ed.wait_for_file("sites/dinh-binh-khanh-dong.en.md", seconds=40)
    # A one-word edit of the Vietnamese, later: the English file comes back byte for byte and
    # the Vietnamese one differs by that line only (README "Kept as is").
    first = ed.files()
    ed.open("collections/sites/entries/dinh-binh-khanh-dong")
    ed.field("Địa chỉ").fill("Xã Nhơn Trạch, tỉnh Đồng Nai")
    ed.save_and_wait("sites/dinh-binh-khanh-dong.md")
    again = ed.files()
    assert again["sites/dinh-binh-khanh-dong.en.md"] == first["sites/dinh-binh-khanh-dong.en.md"]
    changed = [(a, b) for a, b in zip(first["sites/dinh-binh-khanh-dong.md"].splitlines(),
                                      again["sites/dinh-binh-khanh-dong.md"].splitlines(),
                                      strict=True) if a != b]
    assert changed == [("address: Xã Nhơn Trạch, Đồng Nai".encode(),
                        "address: Xã Nhơn Trạch, tỉnh Đồng Nai".encode())]
    ed.write_back(ed.work)

    vi = _front(ed.work / "sites" / "dinh-binh-khanh-dong.md")
    en = _front(ed.work / "sites" / "dinh-binh-khanh-dong.en.md")
    assert vi["code"] == "NT05" and vi["title"] == "Đình Bình Khánh Đông"
    assert [(g["src"].lstrip("/"), g["alt"]) for g in vi["gallery"]] == [
        ("dinh-binh-khanh-dong/cong-dinh.webp", "Cổng đình nhìn từ đường làng")]
    from PIL import Image

    # shrunk before it is committed (README "Web editor": PHOTO_LIMIT)
    with Image.open(ed.work / "media" / "dinh-binh-khanh-dong" / "cong-dinh.webp") as shrunk:
        assert (shrunk.format, shrunk.size) == ("WEBP", (2048, 1536))
    assert en["title"] == "Bình Khánh Đông communal house" and "code" not in en
    check = _run(ed.work, "check")
    assert check.code == 0, check.err
    build = _run(ed.work, "build")
    assert build.code == 0, build.err
    page = ed.work / "build" / "dinh-binh-khanh-dong" / "index.html"
    assert "Đình Bình Khánh Đông" in page.read_text()
    assert "Bình Khánh Đông communal house" in (
        ed.work / "build" / "en" / "dinh-binh-khanh-dong" / "index.html").read_text()
    assert ed.outside == []


def _split(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    return _dates_as_text(yaml.safe_load(front)), body.strip()


def _dates_as_text(value, key: str = ""):
    """The form keeps a partial date as text: `date: 2001` comes back `date: '2001'`, which
    the build reads the same (heritage_fields.partial_date). Every other value must match."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v, key) for v in value]
    return str(value) if key == "date" else value


@pytest.mark.browser
def test_saving_a_bundled_entry_loses_nothing(editor):
    """Each bundled site, opened in the form and saved with one changed address, comes back
    with every other key, value and body line of both languages as it was."""
    ed = editor
    before = {p.name: _split(p) for p in sorted((ed.work / "sites").glob("*.md"))}
    slugs = sorted({name.split(".")[0] for name in before})
    for slug in slugs:
        ed.open(f"collections/sites/entries/{slug}")
        address = ed.field("Địa chỉ")
        address.fill(address.input_value() + " (đã sửa)")
        ed.save_and_wait(f"sites/{slug}.md")
    ed.write_back(ed.work)
    after = {p.name: _split(p) for p in sorted((ed.work / "sites").glob("*.md"))}
    assert set(after) == set(before)
    for name, (data, body) in before.items():
        new_data, new_body = after[name]
        if "." not in name.removesuffix(".md"):
            assert new_data.pop("address") == data.pop("address") + " (đã sửa)", name
        assert new_data == data, name
        assert new_body == body, name
    check = _run(ed.work, "check")
    assert check.code == 0, check.err


def _errors(ed: Editor) -> str:
    """Save, expect the form to refuse, and return the error panel's text."""
    ed.save()
    ed.page.get_by_text("Show Errors").click()
    panel = ed.page.get_by_text("Kiểm tra lỗi").locator("xpath=../..")
    panel.wait_for()
    return panel.inner_text()


@pytest.mark.browser
def test_the_form_blocks_a_bad_code_a_missing_field_and_a_photo_without_alt(editor, tmp_path):
    ed = editor
    ed.open("collections/sites/new")
    _fill_required(ed)
    ed.field("Mã biển").fill("nt 5")
    ed.field("Địa chỉ").fill("")
    ed.add_item("Bộ ảnh")
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(_jpeg())
    ed.upload(photo, nth=1)
    errors = _errors(ed)
    assert "2–4 chữ in hoa" in errors  # the code's pattern, with the hint as its message
    assert errors.count("Trường bắt buộc") == 2  # the address, the photo's alt text
    ed.page.wait_for_timeout(500)
    assert not any(name.startswith("sites/dinh-binh") for name in ed.files())


@pytest.mark.browser
@pytest.mark.parametrize("editor", [1280, 390], indirect=True)
def test_screenshots_for_the_guide(editor, tmp_path):
    """The pictures CONTRIBUTING.md shows editors, taken from the real form (docs/admin/)."""
    ed = editor
    width = ed.page.viewport_size["width"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    ed.page.wait_for_timeout(1000)  # the narrow layout slides its menu in
    ed.page.screenshot(path=SHOTS / f"1-danh-sach-{width}.png")
    ed.open("collections/sites/new")
    _fill_required(ed)
    ed.to_top()
    ed.page.screenshot(path=SHOTS / f"2-bieu-mau-{width}.png")
    ed.add_item("Bộ ảnh")
    photo = tmp_path / "cong-dinh.jpg"
    photo.write_bytes(_jpeg())
    ed.upload(photo, nth=1)
    ed.reveal(ed.field("Mô tả ảnh (alt)")).fill("Cổng đình nhìn từ đường làng")
    ed.page.screenshot(path=SHOTS / f"3-anh-{width}.png")
    if width >= 1000:
        ed.show_english()
        ed.field("Tên di tích", "en").fill("Bình Khánh Đông communal house")
        ed.page.screenshot(path=SHOTS / f"4-tieng-anh-{width}.png")
    for name in SHOTS.glob(f"*-{width}.png"):
        assert name.stat().st_size > 5_000, name


@pytest.mark.browser
def test_saving_the_trail_and_the_settings_loses_nothing(editor):
    """The trail (its stops picked from the sites by code) and diachido.yml, saved through the
    form with one changed value, keep everything else; comments in diachido.yml are not kept
    (README: "Kept as is")."""
    ed = editor
    trails = {p.name: _split(p) for p in sorted((ed.work / "trails").glob("*.md"))}
    config = yaml.safe_load((ed.work / "diachido.yml").read_text("utf-8"))
    ed.open("collections/trails/entries/ve-nguon-nhon-trach")
    summary = ed.field("Tóm tắt")
    summary.fill(summary.input_value() + " (đã sửa)")
    ed.save_and_wait("trails/ve-nguon-nhon-trach.md")
    ed.open("collections/settings/entries/config")
    title = ed.field("Tên trang (vi)", None)  # one box per language (`title: {vi: …}`)
    title.fill(title.input_value() + " (đã sửa)")
    ed.save_and_wait("diachido.yml")
    ed.write_back(ed.work)
    for name, (data, body) in trails.items():
        new_data, new_body = _split(ed.work / "trails" / name)
        if name.count(".") == 1:
            assert new_data.pop("summary") == data.pop("summary") + " (đã sửa)"
        assert (new_data, new_body) == (data, body), name
    new_config = yaml.safe_load((ed.work / "diachido.yml").read_text("utf-8"))
    assert new_config["title"].pop("vi") == config["title"].pop("vi") + " (đã sửa)"
    assert new_config == config
    check = _run(ed.work, "check")
    assert check.code == 0, check.err


@pytest.mark.browser
def test_the_editor_loads_nothing_from_another_host(editor):
    """Scripts, styles, fonts and interface strings all come from the site itself; the app's
    update and status checks are cut out when it is vendored (scripts/update-cms)."""
    ed = editor
    ed.open("collections/sites/entries/dinh-phu-my")
    ed.page.get_by_text("Mã biển").first.wait_for()
    ed.page.wait_for_timeout(1000)
    origin = ed.page.evaluate("location.origin")
    resources = ed.page.evaluate(
        "performance.getEntriesByType('resource').map((r) => r.name)")
    scripts = ed.page.evaluate("[...document.scripts].map((s) => s.src)")
    assert scripts and all(src.startswith(origin + "/") for src in scripts), scripts
    assert any(name.endswith("/locales/vi.json") for name in resources)
    assert any(name.endswith("/fonts/material-symbols-outlined.woff2") for name in resources)
    outside = [name for name in resources
               if not name.startswith((origin, "data:", "blob:"))]
    assert outside == [] and ed.outside == [], outside + ed.outside
    # and it tries nothing its own page refuses: no update check, status check or manifest
    # violation, in the page's events or its console
    ed.page.wait_for_timeout(2000)
    assert ed.csp_violations() == []
    assert [line for line in ed.console if "Content Security Policy" in line] == []


def _translations(ed: Editor, folder: str, slug: str) -> list[str]:
    return sorted(name for name in ed.files()
                  if name.startswith(f"{folder}/{slug}.") and name.count(".") > 1)


@pytest.mark.browser
def test_vietnamese_only_entries_write_no_empty_translation(editor):
    """CONTRIBUTING lets a volunteer fill in Vietnamese only: a new site, the same site edited
    again, and a new trail are saved without any `<slug>.<lang>.md`, and the project checks.
    The code box holds the next free code by the rule `diachido new` uses."""
    from generator.cli.scaffold import next_code

    ed = editor
    ed.open("collections/sites/new")
    assert ed.field("Mã biển").input_value() == next_code(ed.work, "dinh-binh-khanh-dong")
    hint = ed.page.locator('section[data-key-path="code"]').first.inner_text()
    assert "NT04" in hint and "NT01" not in hint  # the highest code, not the whole list
    _fill_required(ed)
    ed.save()
    ed.wait_for_file("sites/dinh-binh-khanh-dong.md")
    assert _translations(ed, "sites", "dinh-binh-khanh-dong") == []
    ed.open("collections/sites/entries/dinh-binh-khanh-dong")
    address = ed.field("Địa chỉ")
    address.fill(address.input_value() + ", ấp 1")
    ed.save_and_wait("sites/dinh-binh-khanh-dong.md")
    assert _translations(ed, "sites", "dinh-binh-khanh-dong") == []
    assert "draft" not in _front_bytes(ed.files()["sites/dinh-binh-khanh-dong.md"])

    ed.open("collections/trails/new")
    ed.field("Tên hành trình").fill("Theo dấu đình làng")
    ed.field("Tóm tắt").fill("Hai ngôi đình của xã.")
    stops = ed.page.locator('section[data-key-path="stops"]').first
    for code in ("NT02", "NT04"):  # a few sites: one box each
        stops.locator(f'[role=checkbox][value="{code}"]').click()
    ed.save()
    ed.wait_for_file("trails/theo-dau-dinh-lang.md")
    assert _translations(ed, "trails", "theo-dau-dinh-lang") == []
    ed.write_back(ed.work)
    assert _front(ed.work / "trails" / "theo-dau-dinh-lang.md")["stops"] == ["NT02", "NT04"]
    check = _run(ed.work, "check")
    assert check.code == 0, check.err
    assert ".en.md" not in check.err


def _front_bytes(data: bytes) -> dict:
    return yaml.safe_load(data.decode("utf-8").split("---\n")[1])


def _refused(ed: Editor, code: str, holder: str) -> None:
    alert = ed.page.locator("#diachido-code-taken")
    alert.wait_for()
    assert code in alert.inner_text() and holder in alert.inner_text(), alert.inner_text()


@pytest.mark.browser
def test_a_code_another_site_holds_cannot_be_saved(editor):
    """A site code and a point code held by another site are refused before saving (the
    button and Ctrl+S alike); an entry edited keeps its own code and saves."""
    ed = editor
    ed.open("collections/sites/new")
    _fill_required(ed)
    ed.field("Mã biển").fill("NT02")
    ed.save()
    _refused(ed, "NT02", "Đình Phú Mỹ")
    ed.field("Mã biển").fill("NT01")
    ed.page.keyboard.press("Control+s")
    _refused(ed, "NT01", "Địa đạo Nhơn Trạch")
    ed.page.wait_for_timeout(1000)
    assert not any(name.startswith("sites/dinh-binh") for name in ed.files())

    ed.open("collections/sites/entries/dinh-phu-my")  # holds NT02 itself
    address = ed.field("Địa chỉ")
    address.fill(address.input_value() + " (đã sửa)")
    ed.save_and_wait("sites/dinh-phu-my.md")
    assert _front_bytes(ed.files()["sites/dinh-phu-my.md"])["code"] == "NT02"

    ed.open("collections/sites/entries/dinh-phu-my")
    ed.add_item("Điểm tham quan")
    ed.reveal(ed.field("Mã điểm đã in (chỉ khi đổi id)")).fill("NT01-1")
    ed.save()
    _refused(ed, "NT01-1", "Địa đạo Nhơn Trạch")
    ed.page.wait_for_timeout(1000)
    assert "points" not in _front_bytes(ed.files()["sites/dinh-phu-my.md"])


@pytest.mark.browser
def test_the_preview_writes_a_year_as_a_year(editor):
    """`ranked_year: 2001` shows as 2001 in the preview, not the Vietnamese number 2.001."""
    ed = editor
    ed.open("collections/sites/entries/dia-dao-nhon-trach")
    shown = ed.reveal(ed.page.locator('[data-key-path="ranked_year"]'))
    texts = [text.split() for text in shown.all_inner_texts()]
    assert len(texts) == 2 and all("2001" in words for words in texts), texts  # form, preview
    assert "2.001" not in " ".join(shown.all_inner_texts())


def _app_schema_errors(config: dict) -> list[str]:
    import jsonschema

    schema = json.loads((REPO / "node_modules" / "@sveltia" / "cms" / "schema"
                         / "sveltia-cms.json").read_text("utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(config)]


@pytest.mark.slow
def test_the_config_validates_against_the_apps_own_schema(tmp_path, project):
    """config.yml as the app's published JSON schema (its npm package) defines it: the bundled
    project's (config with one box per language), and a bare one's."""
    built = bundled_project(tmp_path / "bundled")
    config = yaml.safe_load((built.out / "admin" / "config.yml").read_text("utf-8"))
    assert _app_schema_errors(config) == []
    p = project({"sites/dinh-phu-my.md": _entry(),
                 "diachido.yml": "editor: {repo: doan-xa/diachido}\n"})
    p.build()
    config = yaml.safe_load((p.out / "admin" / "config.yml").read_text("utf-8"))
    assert _app_schema_errors(config) == []
    # and the check can fail: `required` on a hidden field is what the schema refused
    reviewed = next(f for f in _sites(config)["fields"] if f["name"] == "reviewed")
    reviewed["required"] = False
    assert _app_schema_errors(config) != []


@pytest.mark.browser
def test_a_panorama_is_committed_as_uploaded(editor, tmp_path):
    """Photos are shrunk to WebP, but a 360° view must stay the full-size JPEG the viewer
    needs: its field opts out of the shrinking."""
    import re

    ed = editor
    ed.open("collections/sites/new")
    _fill_required(ed)
    ed.reveal(ed.page.get_by_text(re.compile("^Thêm .?Ảnh 360°.?$"))).first.click()
    pano = tmp_path / "toan-canh.jpg"
    pano.write_bytes(_jpeg((4096, 2048)))
    ed.upload(pano, nth=1)  # the cover's picker is the first
    ed.page.locator('[data-key-path="panorama.alt"] input').first.fill("Sân đình nhìn toàn cảnh")
    ed.save()
    ed.wait_for_file("sites/dinh-binh-khanh-dong.md")
    assert ed.files()["media/dinh-binh-khanh-dong/toan-canh.jpg"] == pano.read_bytes()
    panorama = _front_bytes(ed.files()["sites/dinh-binh-khanh-dong.md"])["panorama"]
    assert panorama["src"].lstrip("/") == "dinh-binh-khanh-dong/toan-canh.jpg"


# What a translation may change, by the meaning of each key (not read from the schema): the
# texts a visitor reads. The plate code, coordinates, controlled values, file paths of shared
# media and the publishing switches belong to the site, whatever the language.
TRANSLATED = {"title", "summary", "category", "address", "ranking_decision", "periods",
              "events", "people", "opening_hours", "admission", "content_note", "reviewed",
              "cover_alt", "gallery", "panorama", "sources", "points", "body"}
SHARED = {"code", "location", "area", "type", "ranking", "ranked_year", "managed_by", "updated",
          "cover", "cover_credit", "cover_license", "videos", "audio", "aliases", "draft",
          "plate_size", "plate_language"}


def test_a_four_language_config_field_by_field():
    """The generated config for vi, en, ko and zh-Hans, read as the app reads it: the locales
    in order with Vietnamese the default and without a suffix; a new entry starts in Vietnamese
    alone (no empty translation file for a language nobody switched on); every key translated
    or shared by its meaning; and every sub-field of a translated list or group translated too
    (the app leaves a sub-field without `i18n` to the default language)."""
    from generator.content.model import Languages

    config = cms_config(Config(languages=Languages(("vi", "en", "ko", "zh-Hans"))),
                        {"NT01": "a"})
    i18n = config["i18n"]
    assert i18n["structure"] == "multiple_files"
    assert i18n["locales"] == ["vi", "en", "ko", "zh-Hans"]
    assert i18n["default_locale"] == "vi"
    assert i18n["omit_default_locale_from_file_path"] is True
    assert i18n["initial_locales"] == "default", "new entries start in Vietnamese only"
    sites = _sites(config)
    assert sites["i18n"] is True
    fields = {f["name"]: f for f in sites["fields"]}
    assert set(fields) == TRANSLATED | SHARED, set(fields) ^ (TRANSLATED | SHARED)
    for name in sorted(TRANSLATED):
        assert fields[name]["i18n"] is True, name
        for sub in fields[name].get("fields", []):
            assert sub.get("i18n") is True, f"{name}.{sub['name']}"
    for name in sorted(SHARED):
        assert fields[name]["i18n"] is False, name
    trails = next(c for c in config["collections"] if c["name"] == "trails")
    trail = {f["name"]: f["i18n"] for f in trails["fields"]}
    assert trails["i18n"] is True and trail["stops"] is False
    assert all(trail[k] is True for k in ("title", "summary", "body")), trail
