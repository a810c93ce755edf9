"""A volunteer's first week (issue 26): habits from Word and phones, and every problem at once.

Each test writes the YAML a volunteer would type, runs the real CLI and reads what it says: the
file and line, the advice in their words (Vietnamese, and English with --lang en). Expected
lines and columns are computed from the fixture text, never copied from the program's output.
"""

from __future__ import annotations

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
    failed = CATALOGUES["vi"]["_summary"]["failed"].format(errors=3, out="build")
    assert failed in run.err


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
    failed = CATALOGUES["vi"]["_summary"]["failed"].format(errors=2, out="build")
    assert failed in run.err


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
