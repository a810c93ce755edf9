"""A volunteer's first week (issue 26): habits from Word and phones, and every problem at once.

Each test writes the YAML a volunteer would type, runs the real CLI and reads what it says: the
file and line, the advice in their words (Vietnamese, and English with --lang en). Expected
lines and columns are computed from the fixture text, never copied from the program's output.
"""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import entry
from test_errors import (  # noqa: F401  (_templates: the module's good-build fixture)
    CATALOGUES,
    _templates,
    assert_failed,
    assert_problem,
    break_build,
    jpeg_bytes,
    line_of,
    message,
)

# -- every problem at once ------------------------------------------------------------------------

def errors(run, lang: str = "vi") -> int:
    """How many error blocks the run printed (each problem is one block)."""
    label = CATALOGUES[lang]["_labels"]["error"] + ":"
    return sum(block.strip().startswith(label) for block in run.err.split("\n\n"))



def test_missing_cover_file_does_not_hide_missing_alt_or_duplicate_code(project):
    """One run lists the three problems of sites/b.md, as the README promises."""
    text = entry(code="NT01", title="Đình Phước Lý", cover="b/cong.jpg")
    run = break_build(project, {"sites/b.md": text})
    cover_line = line_of(text, "cover:")
    assert_problem(run, "sites/b.md", cover_line, "media-missing", fix="fix",
                   value="b/cong.jpg", hint="")
    assert_problem(run, "sites/b.md", cover_line, "missing-cover-alt", fix="fix",
                   src_path="b/cong.jpg")
    # Which of the two files is blamed for the duplicate is another rule (codes.yml); here it
    # matters only that the duplicate is reported in this same run, naming both files.
    duplicate = [block for block in run.err.split("\n\n")
                 if "NT01" in block and "sites/a.md" in block and "sites/b.md" in block]
    assert duplicate, run.err
    assert errors(run) == 3, run.err


def test_missing_cover_alt_is_reported_when_the_cover_path_is_bad(project):
    text = entry(cover="../cong.jpg")
    run = break_build(project, {"sites/a.md": text})
    line = line_of(text, "cover:")
    assert_problem(run, "sites/a.md", line, "path-outside", value="../cong.jpg")
    assert_problem(run, "sites/a.md", line, "missing-cover-alt", lang="vi",
                   src_path="../cong.jpg")


TRAIL = "---\ntitle: Hành trình Nhơn Trạch\nsummary: Một ngày.\nstops: [{stops}]\n---\n\nĐi.\n"


def test_broken_translation_does_not_make_its_trails_fail_too(project):
    """A translation's typo is one problem: the trails through its site are not also "not
    published"; a trail that is wrong on its own still says so, in the same run."""
    translation = "---\ntitle: Phu My communal house\nsumary: An old house.\n---\n\nText.\n"
    own = TRAIL.format(stops="NT02, NT09")
    base = {"sites/b.md": entry(code="NT02", title="Đình Phước Lý"),
            "trails/t.md": TRAIL.format(stops="NT01, NT02"),
            "trails/p.md": TRAIL.format(stops="NT02, NT01")}
    run = break_build(project, {"sites/a.en.md": translation, "trails/u.md": own}, base=base)
    assert_problem(run, "sites/a.en.md", line_of(translation, "sumary:"), "unknown-key",
                   key="sumary", suggestion="summary")
    assert_problem(run, "trails/u.md", line_of(own, "stops:"), "unknown-stop", value="NT09")
    assert "trails/t.md" not in run.err and "trails/p.md" not in run.err, run.err
    assert errors(run) == 2, run.err


def test_stop_at_a_point_of_a_broken_site_is_not_a_second_problem(project):
    site = entry(points="\n  - id: bia\n    title: Nhà bia\n    summary: Bia dựng năm 1975.")
    trail = TRAIL.format(stops="NT01-1, NT02")
    base = {"sites/a.md": site, "sites/b.md": entry(code="NT02", title="Đình Phước Lý"),
            "trails/t.md": trail}
    broken = site.replace("category:", "catgory:")
    run = break_build(project, {"sites/a.md": broken}, base=base)
    assert_problem(run, "sites/a.md", line_of(broken, "catgory:"), "unknown-key",
                   key="catgory", suggestion="category")
    assert "trails/t.md" not in run.err, run.err


# -- habits from Word and phones: typographic quotes ----------------------------------------------

def block(run, label: str, file: str, line: int | None, lang: str = "vi") -> str:
    """The one message block headed "<label>: FILE, dòng LINE"."""
    labels = CATALOGUES[lang]["_labels"]
    header = f"{labels[label]}: {file}" + (f", {labels['line']} {line}" if line else "")
    found = [b for b in run.err.split("\n\n") if b.strip().splitlines()[:1] == [header]]
    assert len(found) == 1, f"expected one block headed {header!r}; stderr:\n{run.err}"
    return found[0]


def assert_quotes_warning(run, file: str, line: int, value: str, corrected: str, kept: str,
                          lang: str = "vi") -> None:
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    text = block(run, "warning", file, line, lang)
    assert message("typographic-quotes", lang=lang, value=value) in text, text
    assert message("typographic-quotes", "fix_if_corrected", lang=lang, corrected=corrected,
                   kept=kept) in text, text


def test_typographic_quotes_around_a_title_are_removed_with_a_warning(project):
    """The plate, the page's heading and the browser tab show the name, not the quotes."""
    text = entry(title="“Nhà bia tưởng niệm Phú Hội”")
    built = project({"sites/a.md": text})
    run = built.run("build")
    assert_quotes_warning(run, "sites/a.md", line_of(text, "title:"), "Nhà bia tưởng niệm Phú Hội",
                          'title: "Nhà bia tưởng niệm Phú Hội"',
                          'title: "“Nhà bia tưởng niệm Phú Hội”"')
    page = BeautifulSoup((built.out / "a" / "index.html").read_text("utf-8"), "html.parser")
    assert page.find("h1").get_text(strip=True) == "Nhà bia tưởng niệm Phú Hội"
    assert page.title.get_text().startswith("Nhà bia tưởng niệm Phú Hội ")
    plate = (built.out / "plates" / "NT01.svg").read_text("utf-8")
    assert "Nhà bia" in plate
    for quote in "“”":
        assert quote not in plate and quote not in page.title.get_text()
    # Straight quotes keep typographic ones that belong to the text: no warning then.
    kept = project({"sites/a.md": entry(title='"“Không có gì quý hơn độc lập, tự do”"')})
    run = kept.run("build")
    assert run.code == 0 and "typographic" not in run.err, run.err
    h1 = BeautifulSoup((kept.out / "a" / "index.html").read_text("utf-8"), "html.parser").h1
    assert h1.get_text(strip=True) == "“Không có gì quý hơn độc lập, tự do”"


def test_typographic_quotes_in_every_text_field(project):
    """Every YAML input goes through one parser: entries (nested list items too),
    translations, points, trails and the config all read “…”, ‘…’ and «…» the same way."""
    site = entry(summary="‘Một ngôi đình cổ.’",
                 gallery="\n  - src: a/cong.jpg\n    alt: «Cổng đình nhìn từ sân»",
                 points="\n  - id: bia\n    title: “Nhà bia”\n    summary: Bia dựng năm 1975.")
    translation = "---\ntitle: “Phu My communal house”\n---\n\nText.\n"
    trail = ("---\ntitle: “Hành trình Nhơn Trạch”\nsummary: Một ngày.\nstops: [NT01, NT02]\n"
             "---\n\nĐi.\n")
    config = "title: “Địa chỉ đỏ Nhơn Trạch”\n"
    built = project({"sites/a.md": site, "sites/a.en.md": translation,
                     "sites/b.md": entry(code="NT02", title="Đình Phước Lý"),
                     "trails/t.md": trail, "diachido.yml": config,
                     "media/a/cong.jpg": jpeg_bytes()})
    run = built.run("check")
    cases = [
        ("sites/a.md", site, "summary:", "Một ngôi đình cổ.", "summary: "),
        ("sites/a.md", site, "alt:", "Cổng đình nhìn từ sân", "    alt: "),
        ("sites/a.md", site, "title: “Nhà bia”", "Nhà bia", "    title: "),
        ("sites/a.en.md", translation, "title:", "Phu My communal house", "title: "),
        ("trails/t.md", trail, "title:", "Hành trình Nhơn Trạch", "title: "),
        ("diachido.yml", config, "title:", "Địa chỉ đỏ Nhơn Trạch", "title: "),
    ]
    for file, text, needle, value, head in cases:
        line = line_of(text, needle)
        original = text.split("\n")[line - 1][len(head):]
        assert_quotes_warning(run, file, line, value, f'{head}"{value}"', f'{head}"{original}"')
    assert "Traceback" not in run.err and not built.out.exists()


def test_typographic_quotes_warning_in_english(project):
    text = entry(title="“Nhà bia tưởng niệm Phú Hội”")
    run = project({"sites/a.md": text}).run("--lang", "en", "check")
    assert_quotes_warning(run, "sites/a.md", line_of(text, "title:"), "Nhà bia tưởng niệm Phú Hội",
                          'title: "Nhà bia tưởng niệm Phú Hội"',
                          'title: "“Nhà bia tưởng niệm Phú Hội”"', lang="en")


def test_typographic_quotes_that_do_not_wrap_the_value_are_text(project):
    built = project({"sites/a.md": entry(title="Đình “Phú Mỹ” và chùa “Bửu Tích”")})
    run = built.run("build")
    assert run.code == 0 and "typographic" not in run.err, run.err
    soup = BeautifulSoup((built.out / "a" / "index.html").read_text("utf-8"), "html.parser")
    assert soup.h1.get_text(strip=True) == "Đình “Phú Mỹ” và chùa “Bửu Tích”"


def test_colon_inside_typographic_quotes_names_them_and_shows_the_line(project):
    """“I did put it in quotes”: the advice says which quotes, and gives the line to write."""
    text = entry(title="“Nhà bia: Phú Hội”")
    for lang in ("vi", "en"):
        run = project({"sites/a.md": text}).run("--lang", lang, "check")
        assert_failed(run)
        found = block(run, "error", "sites/a.md", line_of(text, "title:"), lang)
        assert message("yaml-syntax", "fix_if_detail_typographic", lang=lang,
                       corrected='title: "Nhà bia: Phú Hội"') in found, found
        assert "“ ”" in found


# -- habits from Word and phones: indentation -----------------------------------------------------

GALLERY = "\n  - src: a/cong.jpg\n{alt}\n  - src: a/san.jpg\n    alt: Sân đình"


def indentation_problem(project, text: str, needle: str, lang: str = "vi", **params: object):
    """The run names the wrongly indented line, its sibling and how far it should be."""
    run = break_build(project, {"sites/a.md": text},
                      base={"media/a/cong.jpg": jpeg_bytes(), "media/a/san.jpg": jpeg_bytes()},
                      env={"DIACHIDO_LANG": lang})
    found = assert_problem(run, "sites/a.md", line_of(text, needle), "yaml-indentation",
                           lang=lang, **params)
    for wrong in ("fix_if_detail_quote", "fix_if_detail_colon"):  # PyYAML's guesses
        assert message("yaml-syntax", wrong, lang=lang) not in run.err, run.err
    return found


def fix_text(lang: str, part: str, **params: object) -> str:
    return message("yaml-indentation", part, lang=lang, **params)


def test_under_indented_alt_says_how_many_spaces_to_add(project):
    for spaces in (3, 2):
        text = entry(gallery=GALLERY.format(alt=" " * spaces + "alt: Cổng đình"))
        params = {"key": "alt", "found": spaces, "expected": 4, "sibling": "src",
                  "sibling_line": line_of(text, "- src: a/cong.jpg"), "diff": 4 - spaces}
        found = indentation_problem(project, text, "alt: Cổng đình", fix="fix_if_direction_add",
                                    **params)
        assert "thụt lề" in found and f"Thêm {4 - spaces} dấu cách" in found, found


def test_over_indented_caption_says_how_many_spaces_to_remove(project):
    text = entry(gallery=GALLERY.format(alt="    alt: Cổng đình\n      caption: Cổng chính"))
    params = {"key": "caption", "found": 6, "expected": 4, "sibling": "alt",
              "sibling_line": line_of(text, "alt: Cổng đình"), "diff": 2}
    found = indentation_problem(project, text, "caption:", fix="fix_if_direction_remove",
                                **params)
    assert "Xoá 2 dấu cách" in found, found
    indentation_problem(project, text, "caption:", lang="en", fix="fix_if_direction_remove",
                        **params)


def test_location_with_a_leading_space(project):
    text = entry(location="{lat: 10.7, lon: 106.9}").replace("\nlocation:", "\n location:")
    assert "\n location: {lat" in text
    params = {"key": "location", "found": 1, "expected": 0, "sibling": "address",
              "sibling_line": line_of(text, "address:")}
    for lang in ("vi", "en"):
        indentation_problem(project, text, "location:", lang=lang, fix="fix_if_expected_0",
                            **params)


def test_leading_space_on_the_first_key(project):
    text = entry().replace("---\ncode:", "---\n code:")
    indentation_problem(project, text, " code: NT01", fix="fix_if_expected_0", key="code",
                        found=1, expected=0, sibling="title", sibling_line=line_of(text, "title:"))


def test_under_indented_key_of_a_nested_mapping(project):
    text = entry(location="\n  lat: 10.7\n lon: 106.9")
    indentation_problem(project, text, " lon:", fix="fix_if_direction_add", key="lon", found=1,
                        expected=2, sibling="lat", sibling_line=line_of(text, "lat:"), diff=1)


def test_a_colon_in_a_long_value_is_still_a_colon_problem(project):
    """A continuation line holding a colon is not a key (keys are single words): the advice
    stays "put the value in quotes"."""
    text = entry(summary="Đình có từ lâu,\n  năm 1960: nơi họp của cán bộ.")
    run = break_build(project, {"sites/a.md": text})
    assert_problem(run, "sites/a.md", line_of(text, "năm 1960"), "yaml-syntax",
                   fix="fix_if_detail_colon")
    assert "yaml-indentation" not in run.err
    assert message("yaml-indentation", "what")[:20] not in run.err


@pytest.mark.parametrize(("block", "needle", "key", "sibling", "expected"), [
    pytest.param("gallery", "alt: Cổng đình", "alt", "- src: a/cong.jpg", 4, id="gallery-alt"),
    pytest.param("location", "lon: 106.9", "lon", "lat:", 2, id="location-lon"),
])
def test_key_at_its_parents_column_belongs_to_the_block_above(project, block, needle, key,
                                                              sibling, expected):
    """Valid YAML, wrong meaning: `alt` at the left edge is a key of the file, not of the photo.
    It is reported once, as an indentation slip; the photo is not also "missing its alt"."""
    value = {"gallery": "\n  - src: a/cong.jpg", "location": "\n  lat: 10.7"}[block]
    text = entry(**{block: value + "\n" + needle})
    for lang in ("vi", "en"):
        run = break_build(project, {"sites/a.md": text}, base={"media/a/cong.jpg": jpeg_bytes()},
                          env={"DIACHIDO_LANG": lang})
        assert_problem(run, "sites/a.md", line_of(text, needle), "key-not-indented", lang=lang,
                       fix="fix", key=key, parent=block, parent_line=line_of(text, f"{block}:"),
                       sibling=sibling.strip("- :").split(":")[0], expected=expected,
                       sibling_line=line_of(text, sibling))
        assert errors(run, lang) == 1, run.err


def test_entry_whose_yaml_does_not_parse_still_holds_its_code(project):
    """Its trails are not "not published" as well; another entry taking its code is told so."""
    broken = entry(title="Đình: Phú Mỹ")
    base = {"sites/b.md": entry(code="NT02", title="Đình Phước Lý"),
            "trails/t.md": TRAIL.format(stops="NT01, NT02")}
    taker = entry(code="NT01", title="Chùa Bửu Tích")
    run = break_build(project, {"sites/a.md": broken, "sites/c.md": taker}, base=base)
    assert_problem(run, "sites/a.md", line_of(broken, "title:"), "yaml-syntax",
                   fix="fix_if_detail_colon")
    assert "trails/t.md" not in run.err, run.err
    duplicate = [block for block in run.err.split("\n\n")
                 if "NT01" in block and "sites/a.md" in block and "sites/c.md" in block]
    assert duplicate, run.err  # (codes.yml also says NT01 is printed for a: a rule of its own)


# -- the indentation reader, unit by unit ---------------------------------------------------------

VALID = """\
code: NT01
summary: >-
  Đình có từ lâu:
    dòng thụt sâu trong khối chữ
location: {lat: 10.7,
  lon: 106.9}
title: "Đình: Phú
  Mỹ"
gallery:
- src: a/cong.jpg
  alt: Cổng
points:
  - id: bia
    photo:
      src: a/bia.jpg
      alt: Bia
    body: |
      Dòng một: có dấu hai chấm
          thụt: sâu
  - id: cong
    title: Cổng
# chú thích lệch cột
   # ở bất cứ đâu
plates:
  size: A5
"""


def test_indentation_reader_accepts_valid_yaml():
    """Block scalars, flow values and quoted values spanning lines, lists at their parent's
    column, comments anywhere: nothing here is misindented, so no YAML error is blamed on it."""
    from generator.content import indentation

    yaml.compose(VALID, Loader=yaml.SafeLoader)  # the fixture is valid YAML
    lines = VALID.split("\n")
    assert indentation.find(lines, len(lines)) is None


@pytest.mark.parametrize(("text", "index", "expected", "sibling"), [
    pytest.param("a: 1\ngallery:\n  - src: x\n   alt: y\n", 3, 4, ("src", 2), id="under"),
    pytest.param("a: 1\ngallery:\n  - src: x\n    alt: y\n      caption: z\n", 4, 4,
                 ("alt", 3), id="over"),
    pytest.param(" a: 1\nb: 2\n", 0, 0, ("b", 1), id="first-line"),
    pytest.param("a:\n  b: 1\n   c: 2\n", 2, 2, ("b", 1), id="nested-over"),
    pytest.param("periods:\n  - a\n - b\n", 2, 2, ("-", 1), id="dash"),
])
def test_indentation_reader_finds_the_line(text, index, expected, sibling):
    from generator.content import indentation

    lines = text.split("\n")
    found = indentation.find(lines, len(lines))
    assert found is not None
    assert (found.index, found.expected, (found.sibling, found.sibling_index)) == (
        index, expected, sibling)
    assert found.found == len(lines[index]) - len(lines[index].lstrip(" "))
