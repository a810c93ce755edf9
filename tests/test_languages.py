"""Any number of languages (issue 15): the `languages:` setting, translations in any declared
tag, the fallback chain, and every page in every language; through the CLI, the built files
and Chromium at 360 px."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ARTIFACTS, REPO, entry, make_project, tree_digest
from test_structured_data import place_node

LANGS = ["vi", "en", "ko", "zh-Hans"]
DIRS = {"vi": "", "en": "en/", "ko": "ko/", "zh-Hans": "zh-hans/"}
OWN_NAMES = {"vi": "Tiếng Việt", "en": "English", "ko": "한국어", "zh-Hans": "中文"}
BASE = "https://doan.example.vn/diachido"
CONFIG = f"""languages: [vi, en, ko, zh-Hans]
base_url: {BASE}
title:
  vi: Địa chỉ đỏ thử
  en: Test red addresses
  ko: 시험용 붉은 주소
  zh-Hans: 测试红色地址
"""


def _translation(title: str, summary: str, body: str, reviewed: bool | None = None) -> str:
    review = "" if reviewed is None else f"reviewed: {str(reviewed).lower()}\n"
    return f"---\ntitle: {title}\nsummary: {summary}\n{review}---\n\n{body}\n"


FILES = {
    "diachido.yml": CONFIG,
    "sites/dia-dao.md": entry("NT01", "Địa đạo Phước An", summary="Căn cứ đào bằng tay."),
    "sites/dia-dao.en.md": _translation("Phước An Tunnels", "A base dug by hand.", "English."),
    "sites/dia-dao.ko.md": _translation("푸억안 땅굴 기지", "손으로 판 기지입니다.", "한국어 본문.",
                                        reviewed=False),
    "sites/dia-dao.zh-Hans.md": _translation("福安地道遗址", "手工挖掘的基地。", "中文正文。"),
    # Vietnamese only: every other language gets the fallback
    "sites/dinh-lang.md": entry("NT02", "Đình làng Mỹ Hội", summary="Ngôi đình của làng."),
}


@pytest.fixture(scope="module")
def four(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("four-languages"), FILES)
    project.build()
    return project


def _page(out: Path, lang: str, slug: str = "") -> BeautifulSoup:
    path = out / DIRS[lang] / (f"{slug}/" if slug else "") / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


@pytest.mark.parametrize("lang", LANGS)
def test_every_language_has_its_pages_lang_switcher_and_hreflang(four, lang):
    page = _page(four.out, lang, "dia-dao")
    assert page.html["lang"] == lang
    switch = {a["hreflang"]: (a.get_text(), a["href"]) for a in page.select("header a.lang")}
    assert set(switch) == set(LANGS) - {lang}
    for other, (label, href) in switch.items():
        assert label == OWN_NAMES[other]
        target = (four.out / DIRS[lang] / "dia-dao" / href / "index.html").resolve()
        assert target == (four.out / DIRS[other] / "dia-dao" / "index.html").resolve()
    alternates = {link["hreflang"]: link["href"] for link in
                  page.select('head link[rel="alternate"][hreflang]')}
    assert alternates == {**{t: f"{BASE}/{DIRS[t]}dia-dao/" for t in LANGS},
                          "x-default": f"{BASE}/dia-dao/"}
    locales = [m["content"] for m in page.select('meta[property="og:locale:alternate"]')]
    assert page.select_one('meta[property="og:locale"]')["content"] not in locales
    assert len(set(locales)) == 3
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    web_page = next(node for node in graph if node["@type"] == "WebPage")
    assert web_page["inLanguage"] == lang  # the page's language, on the page, not the place
    assert web_page["@id"] == place_node(page)["url"] == f"{BASE}/{DIRS[lang]}dia-dao/"


def test_folders_are_lower_case_tags(four):
    assert (four.out / "zh-hans" / "dia-dao" / "index.html").is_file()
    assert not (four.out / "zh-Hans").exists()


@pytest.mark.parametrize("lang", ["en", "ko", "zh-Hans"])
def test_missing_translation_gets_a_fallback_page_that_says_so(four, lang):
    page = _page(four.out, lang, "dinh-lang")
    strings = yaml.safe_load((REPO / f"theme/i18n/{lang}.yml").read_text("utf-8"))
    notice = page.select_one("p.notice").get_text()
    assert strings["language_names"]["vi"] in notice  # it names the language shown
    assert page.select_one("p.notice")["lang"] == lang
    shown = page.select_one("article.entry div[lang]")
    assert shown["lang"] == "vi" and "Đình làng Mỹ Hội" in shown.h1.get_text()
    # one canonical page for one text: the Vietnamese one
    assert page.select_one('link[rel="canonical"]')["href"] == f"{BASE}/dinh-lang/"
    assert not page.select('head link[rel="alternate"][hreflang]')


def test_unreviewed_translation_shows_a_notice_and_reviewed_ones_do_not(four):
    ko = yaml.safe_load((REPO / "theme/i18n/ko.yml").read_text("utf-8"))
    notices = [p.get_text() for p in _page(four.out, "ko", "dia-dao").select("p.notice")]
    assert notices == [ko["unreviewed"]]
    assert not _page(four.out, "zh-Hans", "dia-dao").select("p.notice")


def test_sitemap_lists_every_language_with_its_alternates(four):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ET.parse(four.out / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=ns): {link.get("hreflang") for link in
                                                  u.findall("x:link", ns)}
            for u in sitemap.findall("s:url", ns)}
    for lang in LANGS:
        assert urls[f"{BASE}/{DIRS[lang]}dia-dao/"] == {*LANGS, "x-default"}
        assert urls[f"{BASE}/{DIRS[lang]}"] == {*LANGS, "x-default"}
    assert f"{BASE}/ko/dinh-lang/" not in urls  # a fallback page is not a page of its own


def test_open_data_has_a_title_per_language(four):
    data = json.loads((four.out / "data/sites.json").read_text("utf-8"))
    site = next(s for s in data["sites"] if s["identifier"] == "NT01")
    assert (site["title"], site["title_en"], site["title_ko"], site["title_zh-Hans"]) == (
        "Địa đạo Phước An", "Phước An Tunnels", "푸억안 땅굴 기지", "福安地道遗址")
    assert site["url_ko"] == f"{BASE}/ko/dia-dao/"
    package = json.loads((four.out / "data/datapackage.json").read_text("utf-8"))
    table = next(r for r in package["resources"] if r["name"] == "sites")["schema"]
    assert {"title_ko", "title_zh-Hans"} <= {field["name"] for field in table["fields"]}
    header = (four.out / "data/sites.csv").read_text("utf-8-sig").splitlines()[0]
    assert "title_zh-Hans" in header.split(",")
    import csv  # the columns are filled, not only named

    rows = csv.DictReader((four.out / "data/sites.csv").read_text("utf-8-sig").splitlines())
    assert next(r for r in rows if r["identifier"] == "NT01")["title_ko"] == "푸억안 땅굴 기지"


def test_config_texts_per_language_and_fallback(four):
    for lang in LANGS:
        brand = _page(four.out, lang).select_one("header .brand").get_text()
        assert brand == yaml.safe_load(CONFIG)["title"][lang]


def test_fallback_chain_is_configurable(project):
    files = {**FILES, "diachido.yml": CONFIG + "translation_fallback: [ko]\n"}
    del files["sites/dia-dao.zh-Hans.md"]
    p = make_project(project({}).root, files)
    p.build()
    shown = _page(p.out, "zh-Hans", "dia-dao").select_one("article.entry div[lang]")
    assert shown["lang"] == "ko" and "푸억안 땅굴 기지" in shown.get_text()
    # default chain (the language, en, the default): English
    files["diachido.yml"] = CONFIG
    q = make_project(project({}).root, files)
    q.build()
    assert _page(q.out, "zh-Hans", "dia-dao").select_one("article.entry div[lang]")["lang"] == "en"


def test_translation_in_an_undeclared_language_is_refused(project):
    p = project({"sites/a.md": entry(), "sites/a.ko.md": _translation("땅굴", "기지.", "본문.")})
    result = p.run("build")
    assert "Traceback" not in result.err
    block = next(b for b in result.err.split("\n\n") if b.startswith("Lỗi: sites/a.ko.md\n"))
    assert "“ko”" in block and "một trong: en" in block  # the tag refused, the ones allowed
    assert not p.out.exists()


@pytest.mark.parametrize("config, key", [
    ("languages: [vi, en, klingon-xx]\n", "languages"),
    ("languages: [vi, en, en]\n", "languages"),
    ("languages: [vi, en]\ntitle: {vi: A, ko: B}\n", "title"),
    ("languages: [vi, en]\ntranslation_fallback: [fr]\n", "translation_fallback"),
])
def test_bad_language_settings_name_the_line(project, config, key):
    p = project({"sites/a.md": entry(), "diachido.yml": config})
    result = p.run("build")
    assert result.code != 0 and "Traceback" not in result.err
    line = next(n for n, text in enumerate(config.splitlines(), 1) if text.startswith(key))
    assert f"Lỗi: diachido.yml, dòng {line}" in result.err, result.err


def test_a_language_without_catalogue_is_an_error_naming_the_file_to_add(project):
    p = project({"sites/a.md": entry(), "diachido.yml": "languages: [vi, fr]\n"})
    result = p.run("build")
    assert result.code != 0 and "Traceback" not in result.err
    assert "i18n/fr.yml" in result.err


def test_a_vi_en_project_builds_the_same_with_the_old_and_the_new_settings(project):
    old = project({"sites/a.md": entry(), "sites/a.en.md": _translation("A", "B.", "C."),
                   "diachido.yml": "title: Thử\ntitle_en: Test\ndescription: Mô tả\n"})
    new = project({"sites/a.md": entry(), "sites/a.en.md": _translation("A", "B.", "C."),
                   "diachido.yml": "languages: [vi, en]\ntranslation_fallback: [en]\n"
                                   "title: {vi: Thử, en: Test}\ndescription: Mô tả\n"})
    for p in (old, new):
        p.build("--no-plates", "--base-url", BASE)
    # The editor's settings form follows the file's style (one box per language for a mapping),
    # and the service worker's version hashes every output's key, which includes the config.
    old_files, new_files = tree_digest(old.out), tree_digest(new.out)
    assert old_files.keys() == new_files.keys()
    differ = {name for name in old_files if old_files[name] != new_files[name]}
    assert differ <= {"admin/config.yml", "sw.js"}, differ
    version = re.compile(r'const VERSION = "[0-9a-f]+";')
    assert (version.sub("", (old.out / "sw.js").read_text("utf-8")) ==
            version.sub("", (new.out / "sw.js").read_text("utf-8")))
    assert not (old.out / "ko").exists()


def test_korean_and_chinese_are_searchable_as_substrings(four):
    """The cards' search text is folded like Vietnamese (marks dropped) but stays NFC, so a
    Korean syllable or a Chinese substring is found in it."""
    for lang, query in (("ko", "땅굴"), ("zh-Hans", "地道"), ("vi", "dia dao")):
        cards = _page(four.out, lang).select("ul.cards > li[data-search]")
        hits = [c for c in cards if query in c["data-search"]]
        assert len(hits) == 1, (lang, [c["data-search"] for c in cards])


SEARCHES = {"vi": ("dinh lang my", "Đình làng Mỹ Hội"), "en": ("tunnels", "Phước An Tunnels"),
            "ko": ("땅굴", "푸억안 땅굴 기지"), "zh-Hans": ("地道", "福安地道遗址")}


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_each_language_in_chromium(browser, four, lang):
    from server import serve
    from test_visitor import AXE_RUN, AXE_TAGS
    from tools import AXE_JS, require

    with serve(four.out) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      device_scale_factor=2, bypass_csp=True)
        page = context.new_page()
        page.goto(f"{base}/{DIRS[lang]}")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        query, title = SEARCHES[lang]
        page.fill("form.finder input[name=q]", query)
        shown = page.locator("ul.cards > li:not([hidden]) .card-title")
        assert shown.all_inner_texts() == [title]
        # the switcher, with no JavaScript needed: open the list, follow a language
        other = "ko" if lang != "ko" else "zh-Hans"
        page.goto(f"{base}/{DIRS[lang]}dinh-lang/")
        if page.locator("details.langs").count():
            page.click("details.langs summary")
        page.click(f'header a.lang[hreflang="{other}"]')
        assert page.url == f"{base}/{DIRS[other]}dinh-lang/"
        if lang != "vi":  # what a missing translation gets
            page.goto(f"{base}/{DIRS[lang]}dinh-lang/")
            assert page.locator("p.notice").is_visible()
        page.goto(f"{base}/{DIRS[lang]}dia-dao/")
        page.add_script_tag(path=str(require(AXE_JS)))
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        assert violations == [], json.dumps(violations, indent=1, ensure_ascii=False)[:2000]
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"language-{lang}-360.png"), full_page=True)
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("locale, lands", [("ko-KR", "ko"), ("fr-FR", "vi"), ("zh-CN", "zh-Hans"),
                                           ("en-GB", "en")])
def test_landing_picks_the_browser_language_in_one_hop(browser, four, locale, lands):
    from server import serve

    with serve(four.out) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale=locale)
        page = context.new_page()
        documents = []
        page.on("request", lambda r: documents.append(r.url) if r.resource_type == "document"
                else None)
        page.goto(f"{base}/q/NT01")
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/{DIRS[lands]}q/NT01/") or (lands == "vi" and
                                                              page.url.endswith("/q/NT01"))
        assert len(documents) <= 2  # the printed address, then at most one hop
        assert page.evaluate("document.documentElement.lang") == lands
        context.close()


@pytest.mark.browser
def test_landing_prefers_the_remembered_choice(browser, four):
    from server import serve

    with serve(four.out) as base:
        context = browser.new_context(locale="ko-KR")
        page = context.new_page()
        page.goto(f"{base}/zh-hans/dinh-lang/")
        page.click("details.langs summary")
        page.click('header a.lang[hreflang="en"]')  # remembered
        page.wait_for_url(re.compile(r".*/en/dinh-lang/$"))
        page.goto(f"{base}/q/NT01")
        page.wait_for_url(re.compile(r".*/en/q/NT01/$"))
        context.close()


@pytest.mark.slow
def test_korean_and_chinese_pages_are_valid_html(four, tmp_path):
    from test_html_valid import _vnu

    for lang in ("ko", "zh-Hans"):
        for slug in ("", "dia-dao", "dinh-lang", "map", "q/NT01"):
            page = four.out / DIRS[lang] / slug / "index.html"
            name = f"{lang}-{slug.replace('/', '-') or 'home'}.html"
            (tmp_path / name).write_bytes(page.read_bytes())
    assert _vnu(tmp_path) == []


TOFU_CHECK = """(sample) => {
  // Draw `sample` and two characters no font has (U+10FFFD, private use) in the heading's own
  // font: if the page's font stack had no glyph for the sample, both would be the same boxes.
  const font = getComputedStyle(document.querySelector("h1")).font;
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 200; canvas.height = 60;
    const ctx = canvas.getContext("2d");
    ctx.font = font; ctx.fillText(text, 4, 44);
    return Array.from(ctx.getImageData(0, 0, 200, 60).data).join(",");
  };
  return draw(sample) !== draw("\\u{10FFFD}\\u{10FFFD}") && draw(sample) !== draw("");
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang, sample", [("ko", "땅굴"), ("zh-Hans", "地道")])
def test_system_font_stack_draws_korean_and_chinese(browser, four, lang, sample):
    """Pages ship no web font: the CSS stack must reach a system font with the glyphs (Debian's
    fonts-noto-cjk here, Noto Sans CJK on Android)."""
    from server import serve

    with serve(four.out) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        fonts = []
        page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        page.goto(f"{base}/{DIRS[lang]}dia-dao/")
        assert page.evaluate(TOFU_CHECK, sample)
        assert fonts == []  # no web font
        context.close()


@pytest.mark.parametrize("blank", ["", "\n", "  \n\t\n"])
def test_an_empty_translation_file_is_a_warning_not_an_error(project, blank):
    """A one-byte `sites/<slug>.en.md` (an older editor left one for a language nobody wrote
    in) or an empty trail translation: no translation, a warning naming the file; the page in
    that language is the fallback one."""
    trail = ("---\ntitle: Về nguồn\nsummary: Hai điểm.\nstops: [NT01, NT02]\n---\n\nĐi bộ.\n")
    p = project({"sites/dinh-phu-my.md": entry(), "sites/dinh-phu-my.en.md": blank,
                 "sites/giong-san.md": entry("NT02", "Giồng Sắn"),
                 "trails/ve-nguon.md": trail, "trails/ve-nguon.en.md": blank,
                 "diachido.yml": "languages: [vi, en]\n"})
    run = p.run("check")
    assert run.code == 0, run.err
    for rel in ("sites/dinh-phu-my.en.md", "trails/ve-nguon.en.md"):
        block = run.err.split(rel, 1)[1].split("\n\n", 1)[0]
        assert run.err.split(rel, 1)[0].rstrip().endswith("Cảnh báo:"), run.err
        assert "trống" in block, block
    assert p.run("build").code == 0
    assert "Đình Phú Mỹ" in (p.out / "en" / "dinh-phu-my" / "index.html").read_text()
