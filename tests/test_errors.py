"""Editor mistakes, end to end through the real CLI.

Every broken project must fail with exit code 1, no traceback, a message that names the file and
the line (", dòng N" / ", line N") and carries the catalogue text for the problem — and a failed
`build` must leave the previous good `build/` exactly as it was. Line numbers are computed from
the fixture text written here, never copied from the program's output.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, Project, Run, entry, jpeg_with_exif, make_project, tree_digest

MESSAGES = REPO / "generator" / "messages"
CATALOGUES = {lang: yaml.safe_load((MESSAGES / f"{lang}.yml").read_text("utf-8"))
              for lang in ("vi", "en")}
COVER = {"cover": "a/cong.jpg", "cover_alt": "Cổng đình nhìn từ sân"}


# -- helpers ------------------------------------------------------------------------------------

class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, **params: object) -> str:
    return template.format_map(_Keep(params))


def message(message_id: str, part: str = "what", lang: str = "vi", **params: object) -> str:
    """A catalogue text with its placeholders filled, as the editor should see it (a kind of
    value, `got`, in the reader's words)."""
    if "got" in params:
        params["got"] = CATALOGUES[lang]["_types"][params["got"]]
    return fill(CATALOGUES[lang][message_id][part], **params)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based number of the line holding the nth occurrence of `needle` in fixture text."""
    hits = [n for n, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not found {nth} time(s) in the fixture"
    return hits[nth - 1]


def jpeg_bytes(size=(640, 480)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 60, 30)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def assert_failed(run: Run) -> None:
    assert run.code == 1, f"exit {run.code}\n{run.out}\n{run.err}"
    assert "Traceback" not in run.err, run.err


def assert_problem(run: Run, file: str, line: int | None, message_id: str, lang: str = "vi",
                   fix: str | None = None, **params: object) -> str:
    """One message block headed "Lỗi: FILE, dòng LINE" that says the catalogue's `what` text.

    `fix` names a catalogue key ("fix", "fix_if_hint", …) whose filled text must be in the same
    block. Returns the block.
    """
    assert_failed(run)
    labels = CATALOGUES[lang]["_labels"]
    header = f"{labels['error']}: {file}" + (f", {labels['line']} {line}" if line else "")
    what = message(message_id, lang=lang, **params)
    blocks = [b for b in run.err.split("\n\n") if b.strip().splitlines()[:1] == [header]]
    matching = [b for b in blocks if what in b]
    assert matching, f"expected a block headed {header!r} saying {what!r}; stderr:\n{run.err}"
    if fix is not None:
        expected_fix = message(message_id, fix, lang=lang, **params)
        assert any(expected_fix in b for b in matching), (
            f"expected fix {expected_fix!r} under {header!r}; stderr:\n{run.err}")
    return matching[0]


_TEMPLATES: dict[str, Path] = {}  # files' digest → a valid project, built


@pytest.fixture(scope="module", autouse=True)
def _templates(tmp_path_factory):
    _TEMPLATES.clear()
    _TEMPLATES[""] = tmp_path_factory.mktemp("good-builds")
    yield
    _TEMPLATES.clear()


def good_project(project, files: dict[str, str | bytes]) -> Project:
    """A valid project holding `files`, with its build: built once per module for the same
    files, then copied whole (build/, cache, codes.yml), which costs a fraction of a build."""
    digest = hashlib.sha256()
    for rel, content in sorted(files.items()):
        digest.update(rel.encode() + b"\0" + (content if isinstance(content, bytes)
                                              else content.encode()) + b"\0")
    key = digest.hexdigest()
    if key not in _TEMPLATES:
        template = make_project(_TEMPLATES[""] / key[:16], files)
        template.build()
        _TEMPLATES[key] = template.root
    good = project({})
    shutil.copytree(_TEMPLATES[key], good.root, symlinks=True, dirs_exist_ok=True)
    return good


def break_build(project, broken: dict[str, str | bytes], base: dict | None = None,
                prepare: Callable[[Project], None] | None = None,
                env: dict[str, str] | None = None) -> Run:
    """Build a valid project, then break it and build again: build/ must not change."""
    good = good_project(project, {"sites/a.md": entry(), **(base or {})})
    before = tree_digest(good.out)
    assert before, "the valid build produced nothing"
    for rel, content in broken.items():
        good.write(rel, content)
    if prepare:
        prepare(good)
    run = good.run("build", env=env)
    assert_failed(run)
    assert tree_digest(good.out) == before, "a failed build changed build/"
    assert not (good.root / ".build.staging").exists(), "a failed build left its staging folder"
    return run


# -- 1. YAML syntax ------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "detail"), [
    pytest.param("Đình: Phú Mỹ", "colon", id="unquoted-colon"),
    pytest.param('"Đình Phú Mỹ', "quote", id="unclosed-double-quote"),
    pytest.param("'Đình Phú Mỹ", "quote", id="unclosed-single-quote"),
    pytest.param("[Đình Phú Mỹ", "quote", id="unclosed-bracket"),
])
def test_yaml_syntax_error_names_the_line(project, title, detail):
    text = entry(title=title)
    run = break_build(project, {"sites/a.md": text})
    block = assert_problem(run, "sites/a.md", line_of(text, "title:"), "yaml-syntax",
                           fix=f"fix_if_detail_{detail}")
    assert f"| title: {title}" in block  # the offending line is quoted back


# -- 2. missing required keys --------------------------------------------------------------------

@pytest.mark.parametrize("key", ["code", "title", "summary", "category", "address"])
def test_missing_required_key(project, key):
    text = entry(**{key: None})
    assert f"\n{key}:" not in text
    run = break_build(project, {"sites/a.md": text})
    # A missing key has no line of its own: it is reported on the opening "---" (line 1).
    assert_problem(run, "sites/a.md", line_of(text, "---"), "missing-key", fix="fix", key=key)


# -- 3. mistyped key -----------------------------------------------------------------------------

def test_mistyped_key_suggests_the_real_one(project):
    text = entry(title=None, titel="Đình Phú Mỹ")
    run = break_build(project, {"sites/a.md": text})
    assert_problem(run, "sites/a.md", line_of(text, "titel:"), "unknown-key",
                   fix="fix_if_suggestion", key="titel", suggestion="title")


# -- 4. wrong types ------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "raw", "code", "params"), [
    pytest.param("title", "[a, b]", "expected-text", {"got": "list"}, id="title-list"),
    pytest.param("ranked_year", '"năm ngoái"', "bad-year", {"value": "năm ngoái"},
                 id="year-text"),
    pytest.param("draft", "maybe", "expected-bool", {"value": "maybe"}, id="draft-maybe"),
    pytest.param("location", '"10.7, 106.9"', "bad-location-shape", {}, id="location-string"),
])
def test_wrong_type(project, key, raw, code, params):
    text = entry(**{key: raw})
    run = break_build(project, {"sites/a.md": text})
    assert_problem(run, "sites/a.md", line_of(text, f"{key}:"), code, key=key, **params)


# -- 5. duplicates -------------------------------------------------------------------------------

def test_duplicate_code_across_files_names_both(project):
    text = entry(code="NT01", title="Đình Phước Lý")
    run = break_build(project, {"sites/b.md": text})
    block = assert_problem(run, "sites/b.md", line_of(text, "code:"), "duplicate-code",
                           fix="fix", code="NT01", other="sites/a.md", title="Đình Phú Mỹ",
                           suggestion="NT02")
    assert "sites/a.md" in block and "sites/b.md" in block


def test_a_newcomer_taking_a_printed_code_is_blamed_even_when_its_name_sorts_first(project):
    """den-loi sorts before dinh-phu-my, which codes.yml lists as NT02's owner: the newcomer is
    told to change, never the file whose plate hangs on a wall."""
    p = project({"sites/a.md": entry("NT01"),
                 "sites/dinh-phu-my.md": entry("NT02", title="Đình Phú Mỹ")})
    p.build()
    text = entry("NT02", title="Đền Lội")
    p.write("sites/den-loi.md", text)
    for command in ("check", "build"):
        run = p.run(command)
        assert_problem(run, "sites/den-loi.md", line_of(text, "code:"), "duplicate-code",
                       fix="fix", code="NT02", other="sites/dinh-phu-my.md", title="Đình Phú Mỹ",
                       suggestion="NT03")
        assert "sites/dinh-phu-my.md, dòng" not in run.err, run.err
    assert "den-loi" not in (p.root / "codes.yml").read_text("utf-8")


def test_two_new_files_with_one_code_the_later_is_told_either_may_change(project):
    """Neither file is in codes.yml: no plate exists yet, so the message says so and names the
    file that keeps the code for now."""
    text = entry("NT05", title="Đền Lội")
    p = project({"sites/a.md": entry("NT05", title="Đình Phú Mỹ"), "sites/b.md": text})
    run = p.run("check")
    assert_problem(run, "sites/b.md", line_of(text, "code:"), "duplicate-code-new", fix="fix",
                   code="NT05", other="sites/a.md", title="Đình Phú Mỹ", suggestion="NT06")
    assert "sites/a.md, dòng" not in run.err


def test_duplicate_key_points_at_second_occurrence(project):
    text = ("---\ncode: NT01\ntitle: Đình Phú Mỹ\nsummary: Một ngôi đình cổ.\n"
            "title: Đình Phước\ncategory: di tích\naddress: xã Nhơn Trạch\n---\n\nNội dung.\n")
    run = break_build(project, {"sites/a.md": text})
    assert_problem(run, "sites/a.md", line_of(text, "title:", nth=2), "duplicate-key",
                   fix="fix", key="title", first=line_of(text, "title:"))


# -- 6. slugs and aliases ------------------------------------------------------------------------

def test_alias_equal_to_another_slug(project):
    text = entry(aliases="[b]")
    run = break_build(project, {"sites/a.md": text},
                      base={"sites/b.md": entry(code="NT02", title="Đình Phước Lý")})
    assert_problem(run, "sites/a.md", line_of(text, "aliases:"), "alias-taken", fix="fix",
                   alias="b", other="sites/b.md")


@pytest.mark.parametrize(("name", "suggestion"), [
    pytest.param("Đình", "dinh", id="diacritics"),
    pytest.param("Dinh-Phu-My", "dinh-phu-my", id="uppercase"),
    pytest.param("đình phú mỹ", "dinh-phu-my", id="spaces"),
])
def test_bad_file_name_suggests_a_slug(project, name, suggestion):
    run = break_build(project, {f"sites/{name}.md": entry(code="NT02")})
    # A file name has no line: the message names the file only.
    assert_problem(run, f"sites/{name}.md", None, "bad-slug", fix="fix", slug=name,
                   suggestion=suggestion)


# -- 7. coordinates ------------------------------------------------------------------------------

@pytest.mark.parametrize(("lat", "lon", "swapped"), [
    pytest.param(106.9, 10.7, True, id="swapped"),
    pytest.param(95, 106.9, False, id="lat-95"),
])
def test_bad_coordinates(project, lat, lon, swapped):
    text = entry(location=f"{{lat: {lat}, lon: {lon}}}")
    run = break_build(project, {"sites/a.md": text})
    block = assert_problem(run, "sites/a.md", line_of(text, "location:"), "bad-coordinates",
                           fix="fix_if_swapped_yes" if swapped else "fix", lat=lat, lon=lon)
    swap_hint = message("bad-coordinates", "fix_if_swapped_yes", lat=lat, lon=lon)
    assert (swap_hint in block) == swapped


# -- 8. missing media ----------------------------------------------------------------------------

@pytest.mark.parametrize(("cover", "existing", "hint"), [
    pytest.param("a/nope.jpg", None, "", id="missing"),
    pytest.param("a/Cong.jpg", "a/cong.jpg", "a/cong.jpg", id="wrong-case-suggests"),
    pytest.param("a/cong-dinh.jpg", "a/cong-dinh.jpeg", "a/cong-dinh.jpeg",
                 id="wrong-extension-suggests"),
    pytest.param("a/nope.jpg", "a/cong.jpg", "", id="unrelated-name-no-hint"),
])
def test_missing_media(project, cover, existing, hint):
    base = {f"media/{existing}": jpeg_bytes()} if existing else {}
    text = entry(cover=cover, cover_alt="Cổng đình")
    run = break_build(project, {"sites/a.md": text}, base=base)
    block = assert_problem(run, "sites/a.md", line_of(text, "cover:"), "media-missing",
                           fix="fix_if_hint" if hint else "fix", value=cover, hint=hint)
    if not hint:
        assert message("media-missing", "fix_if_hint", hint="")[:12] not in block, (
            f"a suggestion for an unrelated name is misleading:\n{block}")


# -- 9. paths leaving media/ ---------------------------------------------------------------------

def _outside_symlink(project: Project) -> None:
    outside = project.root.parent / "outside.jpg"
    outside.write_bytes(jpeg_bytes())
    link = project.root / "media" / "a" / "link.jpg"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)


@pytest.mark.parametrize(("value", "code", "params", "prepare"), [
    pytest.param("../secret.jpg", "path-outside", {"suggestion": "a/secret.jpg"}, None,
                 id="dotdot"),
    pytest.param("/etc/passwd.jpg", "path-absolute", {}, None, id="absolute"),
    pytest.param("a/link.jpg", "path-outside", {"suggestion": "a/link.jpg"}, _outside_symlink,
                 id="symlink-out-of-project"),
    pytest.param("a\\cong.jpg", "path-backslash", {"suggestion": "a/cong.jpg"}, None,
                 id="backslash"),
])
def test_cover_path_outside_media(project, value, code, params, prepare):
    text = entry(cover=value, cover_alt="Cổng đình")
    run = break_build(project, {"sites/a.md": text}, base={"media/a/cong.jpg": jpeg_bytes()},
                      prepare=prepare)
    assert_problem(run, "sites/a.md", line_of(text, "cover:"), code, fix="fix", value=value,
                   **params)


def test_body_image_outside_media(project):
    text = entry(body="## Lịch sử\n\nĐình có từ lâu.\n\n![x](../../x.jpg)\n")
    run = break_build(project, {"sites/a.md": text})
    assert_problem(run, "sites/a.md", line_of(text, "](../../x.jpg)"), "path-outside",
                   fix="fix", value="../../x.jpg", suggestion="a/x.jpg")


# -- 10. encoding --------------------------------------------------------------------------------

def test_not_utf8_names_the_line(project):
    lines = ["---", "code: NT01", "title: Đình Phú Mỹ"]
    data = ("\n".join([*lines, "summary: Quán Café xưa"]) + "\n").encode()
    data = data.replace("Café".encode(), "Café".encode("cp1258"))  # one cp1258/latin-1 byte
    data += "category: di tích\naddress: xã Nhơn Trạch\n---\n\nNội dung.\n".encode()
    bad_line = data[: data.index(b"\xe9")].count(b"\n") + 1
    assert bad_line == 4
    run = break_build(project, {"sites/a.md": data})
    assert_problem(run, "sites/a.md", bad_line, "not-utf8", fix="fix", byte="0xE9")


# -- 11. every error in one run ------------------------------------------------------------------

def test_all_broken_files_reported_in_one_run(project):
    a = entry(title="Đình: Phú Mỹ")
    b = entry(code="NT02", summary=None)
    c = entry(code="nt-03")
    run = break_build(project, {"sites/a.md": a, "sites/b.md": b, "sites/c.md": c})
    assert_problem(run, "sites/a.md", line_of(a, "title:"), "yaml-syntax")
    assert_problem(run, "sites/b.md", line_of(b, "---"), "missing-key", key="summary")
    assert_problem(run, "sites/c.md", line_of(c, "code:"), "bad-code", fix="fix",
                   value="nt-03", suggestion="NT03")
    failed = fill(CATALOGUES["vi"]["_summary"]["failed"], errors=3, out="build")
    assert failed in run.err


# -- 12. editor quirks that must be accepted -----------------------------------------------------

NFC_TITLE = "Đình Phú Mỹ và chùa Bửu Tích"


@pytest.mark.parametrize("quirk", ["bom", "crlf", "nfd", "all"])
def test_editor_quirks_are_accepted(project, quirk):
    title = unicodedata.normalize("NFD", NFC_TITLE) if quirk in ("nfd", "all") else NFC_TITLE
    text = entry(title=title)
    if quirk in ("crlf", "all"):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if quirk in ("bom", "all"):
        data = b"\xef\xbb\xbf" + data
    built = project({"sites/a.md": data})
    run = built.run("build")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    soup = BeautifulSoup((built.out / "a" / "index.html").read_text("utf-8"), "html.parser")
    h1 = soup.find("h1").get_text()
    assert h1 == NFC_TITLE
    assert unicodedata.is_normalized("NFC", h1)


# -- 13. raw HTML never reaches the page ---------------------------------------------------------

@pytest.mark.parametrize("body", [
    pytest.param("Trước.\n\n<script>alert(1)</script>\n\nSau.", id="script-block"),
    pytest.param("Chữ <script>alert(1)</script> giữa dòng.", id="script-inline"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("[x](javascript:alert(1))", id="javascript-link"),
    pytest.param("[x](JavaScript:alert(1))", id="javascript-link-mixed-case"),
    pytest.param('<a href="javascript:alert(1)" onclick="alert(1)">x</a>', id="raw-anchor"),
])
def test_raw_html_does_not_inject(project, body):
    built = project({"sites/a.md": entry(body=body)})
    run = built.run("build")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    pages = sorted(built.out.rglob("*.html"))
    assert built.out / "a" / "index.html" in pages
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for script in soup.find_all("script"):  # only our own script files, never inline code
            if script.get("type") == "application/ld+json":  # a data block, never executed
                json.loads(script.string)
                continue
            own = r"^(vi|codes|sveltia-cms)\.js$" if page.parent.name == "admin" \
                else r"assets/[a-z]+\.js$"
            assert re.search(own, script.get("src", "")), f"{page}: {script}"
            assert not script.get_text().strip(), f"{page}: inline script"
        for tag in soup.find_all(True):
            on = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not on, f"{page}: <{tag.name}> has {on}"
            for attr in ("href", "src", "action", "formaction"):
                value = str(tag.get(attr, "")).strip().lower()
                assert not value.startswith("javascript:"), f"{page}: {tag}"


# -- 14. missing alt text ------------------------------------------------------------------------

def test_gallery_item_without_alt(project):
    text = entry(gallery="\n  - src: a/cong.jpg\n    alt: Cổng đình\n"
                         "  - src: a/san.jpg\n    caption: Sân đình")
    run = break_build(project, {"sites/a.md": text},
                      base={"media/a/cong.jpg": jpeg_bytes(), "media/a/san.jpg": jpeg_bytes()})
    # A problem inside a list points at the item's own line, and says which item it is.
    assert_problem(run, "sites/a.md", line_of(text, "- src: a/san.jpg"), "missing-alt", fix="fix",
                   number=2, src="a/san.jpg", key="gallery")


@pytest.mark.parametrize(("body", "needle"), [
    pytest.param("## Cổng\n\nĐình có cổng tam quan.\n\n![](a/cong.jpg)", "![](a/cong.jpg)",
                 id="empty-alt"),
    pytest.param("![Cổng đình](a/cong.jpg)\n\nẢnh chụp lại năm 2020:\n\n![ ](a/cong.jpg)",
                 "![ ](a/cong.jpg)", id="same-image-again-without-alt"),
])
def test_body_image_without_alt(project, body, needle):
    text = entry(body=body)
    run = break_build(project, {"sites/a.md": text}, base={"media/a/cong.jpg": jpeg_bytes()})
    assert_problem(run, "sites/a.md", line_of(text, needle), "missing-body-alt", fix="fix",
                   src="a/cong.jpg")


# -- 15. broken and hostile images ---------------------------------------------------------------

def _truncated(tmp: Path) -> bytes:
    data = jpeg_with_exif(tmp / "whole.jpg").read_bytes()
    return data[: len(data) // 2]


def _text_file(tmp: Path) -> bytes:
    return "Đây không phải là ảnh.\n".encode()


def _bomb(tmp: Path) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (20000, 20000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# A build that refuses an image stops after validation: ~1 s here (3 s with the machine busy).
# The timeout below is far longer, so a slow refusal fails on this figure, with a message.
REFUSE_SECONDS = 20


def _run_with_timeout(project: Project, seconds: float) -> tuple[Run, float]:
    env = {**os.environ, "DIACHIDO_LANG": "vi", "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project.root,
                          env=env, capture_output=True, text=True, timeout=seconds)
    return Run(done.returncode, done.stdout, done.stderr), time.monotonic() - started


REASONS = CATALOGUES["vi"]["_reasons"]


@pytest.mark.parametrize(("name", "make", "code", "params"), [
    # found when the photo is decoded for encoding: said in Vietnamese, not the decoder's words
    pytest.param("photo.jpg", _truncated, "image-unreadable", {"reason": REASONS["truncated"]},
                 id="truncated-jpeg"),
    # found by the header probe, which names the file, never its absolute path
    pytest.param("photo.jpg", _text_file, "image-unreadable", {"reason": REASONS["unknown"]},
                 id="text-named-jpg"),
    pytest.param("photo.png", _bomb, "image-bomb", {"size": "20000×20000", "limit": 100},
                 id="decompression-bomb"),
])
def test_broken_image(project, tmp_path, name, make, code, params):
    data = make(tmp_path)
    assert len(data) < 2_000_000
    good = project({"sites/a.md": entry(), "media/a/cong.jpg": jpeg_bytes()})
    good.build()
    before = tree_digest(good.out)
    good.write(f"media/a/{name}", data)
    text = entry(cover=f"a/{name}", cover_alt="Cổng đình")
    good.write("sites/a.md", text)
    run, seconds = _run_with_timeout(good, 5 * REFUSE_SECONDS)
    assert seconds < REFUSE_SECONDS, (
        f"refusing media/a/{name} took {seconds:.1f} s: a broken image must be refused from its "
        "header, at once, not decoded (or retried) first")
    block = assert_problem(run, "sites/a.md", line_of(text, "cover:"), code, fix="fix",
                           media=f"media/a/{name}", **params)
    assert str(good.root) not in block and "truncated" not in block and "cannot" not in block
    assert f"media/a/{name}" in block and "sites/a.md" in block
    assert tree_digest(good.out) == before, "a failed build changed build/"


def test_unreadable_cover_warns_and_the_page_still_gets_a_card(project):
    from PIL import Image

    p = project({"sites/a.md": entry(**COVER), "media/a/cong.jpg": jpeg_bytes()})
    p.build()
    variants = (p.root / ".diachido-cache" / "media").rglob("cong.*.jpg")
    widest = max(variants, key=lambda path: int(path.name.split(".")[-2]))
    widest.write_bytes(b"\xff\xd8\xff\xe0 damaged")  # the card's cover: the widest JPEG
    text = entry(title="Đình Phú Mỹ mới", **COVER)
    p.write("sites/a.md", text)  # a new card is drawn
    run = p.build()
    said = message("share-cover-unreadable", page="share/a.jpg", media="media/a/cong.jpg",
                   reason=REASONS["damaged"])  # a JPEG header with no picture after it
    assert said in run.err, run.err
    assert f"Cảnh báo: sites/a.md, dòng {line_of(text, 'cover:')}" in run.err
    assert Image.open(p.out / "share" / "a.jpg").size == (1200, 630)


# -- 16. English messages ------------------------------------------------------------------------

def test_english_messages(project):
    text = entry(title="Đình: Phú Mỹ")
    run = break_build(project, {"sites/a.md": text}, env={"DIACHIDO_LANG": "en"})
    assert_problem(run, "sites/a.md", line_of(text, "title:"), "yaml-syntax", lang="en")
    assert f"sites/a.md, line {line_of(text, 'title:')}" in run.err
    assert CATALOGUES["vi"]["yaml-syntax"]["what"] not in run.err
    assert ", dòng " not in run.err


def test_english_messages_missing_key(project):
    text = entry(address=None)
    run = break_build(project, {"sites/a.md": text}, env={"DIACHIDO_LANG": "en"})
    assert_problem(run, "sites/a.md", 1, "missing-key", lang="en", fix="fix", key="address")


# -- 17. check -----------------------------------------------------------------------------------

def test_check_valid_project_writes_nothing(project):
    valid = project({"sites/a.md": entry(**COVER), "media/a/cong.jpg": jpeg_bytes()})
    run = valid.run("check")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    assert not valid.out.exists()
    assert not list(valid.root.glob(".build*"))


def test_check_invalid_project_fails(project):
    text = entry(ranked_year='"năm ngoái"')
    broken = project({"sites/a.md": text})
    run = broken.run("check")
    assert_problem(run, "sites/a.md", line_of(text, "ranked_year:"), "bad-year",
                   value="năm ngoái")
    assert not broken.out.exists()
