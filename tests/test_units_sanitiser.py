"""The allow-list sanitiser behind entry bodies, tested on its own.

cmark-gfm already escapes raw HTML in a body, so hostile Markdown alone cannot tell whether the
sanitiser (nh3) still runs: most of what it removes never reaches it. Here hostile HTML is made
to reach it the other way in, through the image callback (the one place where HTML from outside
cmark joins the body), and through the rewrites that add markup of their own (an unsafe link
becomes a <span>, which is not on the allow-list either)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from generator.render.markdown import render_markdown

# The documented allow-list: the tags Markdown produces, plus <picture>/<source> for photos
# (README, "Entry bodies"); attributes per tag; everything else goes.
ALLOWED = {
    "a": {"href", "title", "rel"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type"},
    "th": {"class"}, "td": {"class"}, "ol": {"start"},
    **{tag: set() for tag in (
        "abbr", "b", "blockquote", "br", "code", "del", "dd", "dl", "dt", "em", "figure",
        "figcaption", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "p", "picture", "pre", "s",
        "strong", "sub", "sup", "table", "tbody", "thead", "tr", "ul")},
}
SAFE_SCHEMES = ("", "http:", "https:", "mailto:", "tel:", "geo:")

HOSTILE_PICTURE = (
    '<script>alert("script")</script>'
    '<picture onclick="alert(1)"><source srcset="a.webp 480w" type="image/webp" '
    'onload="alert(2)"><img src="a.jpg" alt="{alt}" width="4" height="3" loading="lazy" '
    'onerror="alert(3)" style="background:url(javascript:alert(4))" class="x" id="y"></picture>'
    '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object>'
    '<a href="javascript:alert(5)">js</a><a href=" JaVaScRiPt:alert(6)">js2</a>'
    '<img src="data:text/html;base64,PHNjcmlwdD4=" alt="data">'
    '<svg onload="alert(7)"><circle r="1"/></svg><math><mi>x</mi></math>'
    '<form action="https://evil.example/"><input name="q"><button>go</button></form>'
    '<style>body{{display:none}}</style><base href="https://evil.example/">'
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    '<div onmouseover="alert(8)">div text</div><span>span text</span>'
)


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(f"<!doctype html><body>{html}</body>", "html5lib")


def _scheme(url: str) -> str:
    """The scheme a browser's URL parser finds ("" for a relative URL), as "name:"."""
    squeezed = re.sub(r"[\t\n\r]", "", url.strip("\x00- "))
    found = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", squeezed)
    return f"{found[1].lower()}:" if found else ""


def outside_allow_list(html: str) -> list[str]:
    """Every tag, attribute or URL in `html` that the allow-list does not admit."""
    found = []
    for element in parse(html).body.find_all(True):
        if element.name not in ALLOWED:
            found.append(f"<{element.name}>")
            continue
        for name, value in element.attrs.items():
            if name not in ALLOWED[element.name]:
                found.append(f"<{element.name} {name}>")
            elif name in ("href", "src") and _scheme(value) not in SAFE_SCHEMES:
                found.append(f"<{element.name} {name}={value!r}>")
    return found


def test_hostile_html_from_the_image_callback_is_cut_to_the_allow_list():
    html = render_markdown("Trước ảnh.\n\n![Cổng đình](a.jpg)\n\nSau ảnh.",
                           lambda image: HOSTILE_PICTURE.format(alt=image.alt))
    assert outside_allow_list(html) == []
    soup = parse(html)
    assert not soup.find_all(string=lambda text: "alert" in text), "script text is dropped"
    assert "body{display:none}" not in soup.get_text()


def test_what_the_allow_list_admits_survives_the_sanitiser():
    """The photo markup the callback really produces comes through whole."""
    html = render_markdown("![Cổng đình](a.jpg)",
                           lambda image: HOSTILE_PICTURE.format(alt=image.alt))
    soup = parse(html)
    source = soup.select_one("picture > source")
    assert source.attrs == {"srcset": "a.webp 480w", "type": "image/webp"}
    img = soup.select_one("picture > img")
    assert img.attrs == {"src": "a.jpg", "alt": "Cổng đình", "width": "4", "height": "3",
                         "loading": "lazy"}
    assert [a.get("href") for a in soup.find_all("a")] == [None, None], \
        "javascript: links keep their text, lose their target"
    assert [a.get_text() for a in soup.find_all("a")] == ["js", "js2"]
    assert soup.find("img", alt="data").get("src") is None
    text = soup.get_text(" ", strip=True)
    assert "div text" in text and "span text" in text, "text inside dropped tags is kept"


CORPUS = {
    "unsafe-link": "[bấm vào](javascript:alert(1)) [dữ liệu](data:text/html,x) "
                   "[vb](vbscript:msgbox(1)) [tệp](file:///etc/passwd)",
    "entity-link": "[x](&#106;avascript:alert(1)) [y](java&#x09;script:alert(1))",
    "autolink": "<javascript:alert(1)> <https://example.org/a>",
    "raw-html": '<script>alert(1)</script> <img src=x onerror=alert(1)> <b onclick="x">b</b>',
    "aligned-table": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |",
    "everything": "# H1\n\n## H2\n\n> quote\n\n1. one\n2. two\n\n* a\n* b\n\n```\ncode\n```\n\n"
                  "~~del~~ **b** *i* `c` [ok](https://example.org \"t\") ![im](a.jpg)\n\n---",
    "link-title": '[a](https://example.org "x\\" onmouseover=\\"alert(1)")',
}


@pytest.mark.parametrize("body", CORPUS.values(), ids=CORPUS.keys())
def test_rendered_bodies_hold_only_allowed_tags_and_attributes(body):
    html = render_markdown(body, lambda image: None)
    assert outside_allow_list(html) == [], html


def test_unsafe_links_become_their_text_and_outside_links_lose_the_referrer():
    html = render_markdown(CORPUS["unsafe-link"] + " [ngoài](https://example.org/a)",
                           lambda image: None)
    soup = parse(html)
    links = soup.find_all("a")
    assert [(a["href"], a.get("rel")) for a in links] == [
        ("https://example.org/a", ["noopener", "noreferrer"])]
    assert soup.get_text(" ", strip=True).startswith("bấm vào dữ liệu vb tệp")


def test_a_link_keeps_its_title_and_only_web_links_lose_the_referrer():
    soup = parse(render_markdown('[đình](https://example.org/d "Đình làng") [thư](mailto:a@b.vn)'
                                 " [gọi](tel:+84123) [trang](/a/) [rỗng]()", lambda image: None))
    assert [(a.get_text(), a["href"], a.get("title"), a.get("rel")) for a in soup.find_all("a")] \
        == [("đình", "https://example.org/d", "Đình làng", ["noopener", "noreferrer"]),
            ("thư", "mailto:a@b.vn", None, None), ("gọi", "tel:+84123", None, None),
            ("trang", "/a/", None, None)]
    assert soup.get_text(" ", strip=True).endswith("trang rỗng"), "an empty link is its text"


@pytest.mark.parametrize(("body", "levels"), [
    ("# Một\n\n## Hai\n\n##### Năm\n\n###### Sáu", ["h2", "h3", "h6", "h6"]),
    ("## Hai\n\n##### Năm\n\n###### Sáu", ["h2", "h5", "h6"]),
    ("### Ba\n\n###### Sáu", ["h2", "h5"]),
])
def test_headings_start_at_h2_keep_their_steps_and_stop_at_h6(body, levels):
    """The page title is the only h1; a heading shifted past h6 stays h6 (an h7 would be cut
    by the sanitiser, and its words lose their heading)."""
    soup = parse(render_markdown(body, lambda image: None))
    assert [h.name for h in soup.find_all(re.compile("^h[1-9]$"))] == levels
    assert [h.get_text() for h in soup.find_all(re.compile("^h[1-9]$"))] == [
        line.lstrip("# ") for line in body.split("\n\n")]


def test_table_alignment_survives_as_a_class():
    soup = parse(render_markdown(CORPUS["aligned-table"], lambda image: None))
    assert [cell.get("class") for cell in soup.select("thead th")] == [
        ["align-left"], ["align-center"], ["align-right"]]
    assert not soup.find(attrs={"align": True})


HOSTILE_ATTRIBUTES = (
    'style="background:url(javascript:alert(1))" onclick="alert(2)" onmouseover="alert(3)" '
    'onfocus="alert(4)" id="evil" class="evil" srcdoc="&lt;script&gt;" formaction="x" '
    'xlink:href="javascript:alert(5)" background="javascript:alert(6)" tabindex="1"'
)


@pytest.mark.parametrize("tag", sorted(ALLOWED))
def test_hostile_attributes_are_cut_from_every_kept_element(tag):
    """Each element the allow-list keeps, written with every kind of hostile attribute (style,
    event handlers, ids and classes that could reach our CSS or scripts): only the element's
    documented attributes survive, and the element itself does."""
    void = tag in ("br", "hr", "img", "source")
    element = f"<{tag} {HOSTILE_ATTRIBUTES}>" + ("" if void else f"x</{tag}>")
    if tag in ("td", "th"):
        element = f"<table><tr>{element}</tr></table>"
    elif tag in ("tr", "tbody", "thead"):
        element = f"<table>{element}</table>"
    elif tag in ("li",):
        element = f"<ul>{element}</ul>"
    elif tag in ("dd", "dt"):
        element = f"<dl>{element}</dl>"
    elif tag == "source":
        element = f"<picture>{element}</picture>"
    html = render_markdown("![ảnh](a.jpg)", lambda _image: element)
    soup = parse(html)
    kept = soup.find(tag)
    assert kept is not None, f"<{tag}> is on the allow-list and must survive"
    assert set(kept.attrs) <= ALLOWED[tag]
    assert outside_allow_list(html) == [], html
    assert "alert" not in html and 'id="evil"' not in html
