"""Point numbers (content/point_codes.py) where the rules are subtle: what codes.yml may hold,
who keeps a number two points claim, what a new point gets, and where codes.yml grows.

The CLI tests in test_points.py build whole projects; these name the cases mutation testing
(scripts/mutation) found no test for: a wrong branch here moves a printed code silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator.content.config import Config
from generator.content.fields import Ctx
from generator.content.media_paths import MediaRef
from generator.content.model import Entry, Point, Site, Text
from generator.content.point_codes import (
    PointRecord,
    assign,
    point_records,
    register_points,
    with_points,
)
from generator.problems import Invalid, Problems

CTX = Ctx("", MediaRef(Path("/nonexistent")))
DAY = dt.date(2026, 11, 30)


def text(lang: str, *points: Point) -> Text:
    return Text(lang, "Đình", "Tóm tắt.", "di tích", "xã A", "", 1, f"sites/a.{lang}.md",
                points=points)


def site_entry(*points: Point, code: str = "NT01", slug: str = "a", **texts: Text) -> Entry:
    return Entry(slug=slug, code=code, path=f"sites/{slug}.md", digest="d",
                 texts={"vi": text("vi", *points), **texts})


def pt(point_id: str, line: int = 1, code: str = "") -> Point:
    return Point(point_id, point_id.title(), "Tóm tắt.", code=code, line=line)


def rec(number: int, point_id: str, retired: bool = False) -> PointRecord:
    return PointRecord(number, point_id, DAY, "Đã dời." if retired else "", retired)


def issued(entry: Entry, records: list[PointRecord], complete: bool = True
           ) -> tuple[dict[str, str], list[tuple[int, str]], list[tuple[str, int, dict]]]:
    problems = Problems()
    result = assign(entry, records, 7, problems, complete)
    codes = {p.id: p.code for p in result.points}
    return codes, list(result.new), [(p.code, p.line, p.args) for p in problems.items]


# --- codes.yml's points: ------------------------------------------------------------------------

def test_point_records_read_numbers_ids_dates_notices_and_plates_in_number_order():
    records = point_records({
        "12": {"id": "bia", "issued": DAY, "plate": {"material": "nhôm", "installed": DAY}},
        "999": {"id": "gieng", "issued": "hôm qua"},
        "1": {"id": "cong", "retired": {"notice": "  Cổng đã dời.  "}},
        "3": {"id": "bep", "retired": {}},
    }, CTX)
    assert [r.number for r in records] == [1, 3, 12, 999]
    cong, bep, bia, gieng = records
    assert (cong.id, cong.retired, cong.notice, cong.issued) == ("cong", True, "Cổng đã dời.", None)
    assert (bep.retired, bep.notice) == (True, ""), "retired without a notice is still retired"
    assert (bia.retired, bia.issued) == (False, DAY)
    assert bia.plate == (("installed", DAY), ("material", "nhôm"))
    assert bia.plate_info() == {"installed": DAY, "material": "nhôm"}
    assert gieng.issued is None and gieng.plate == () and not gieng.retired


@pytest.mark.parametrize(("value", "point"), [
    ({"0": {"id": "a"}}, "0"),  # numbers start at 1
    ({"01": {"id": "a"}}, "01"),  # no leading zero: NT01-01 is not NT01-1
    ({"1000": {"id": "a"}}, "1000"),  # at most three digits, as POINT_CODE_RE
    ({"x": {"id": "a"}}, "x"),
    ({"1": "a"}, "1"),
    ({"1": {"id": "Cổng"}}, "1"),
    ({"1": {"issued": DAY}}, "1"),  # no id
    ({"1": {"id": "a", "name": "b"}}, "1"),
    ({"1": {"id": "a", "retired": "yes"}}, "1"),
    ({"1": {"id": "a", "retired": {"notice": "x", "target": "NT02"}}}, "1"),
    ({"1": {"id": "a", "plate": "nhôm"}}, "1"),
    ({"1": {"id": "a", "plate": {"colour": "đỏ"}}}, "1"),
    ({"1": {"id": "a", "plate": {"installed": "2026"}}}, "1"),
    ({"1": {"id": "a", "plate": {"last_inspected": 2026}}}, "1"),
    ({"1": {"id": "a"}, "2": {"id": "b", "plate": {"installed": "2026"}}}, "2"),
])
def test_a_bad_point_record_names_its_number(value, point):
    with pytest.raises(Invalid) as raised:
        point_records(value, CTX)
    assert (raised.value.code, raised.value.params) == ("registry-bad-points", {"point": point})


def test_points_that_are_not_a_mapping_are_bad():
    with pytest.raises(Invalid) as raised:
        point_records(["a"], CTX)
    assert (raised.value.code, raised.value.params) == ("registry-bad-points", {})


# --- assign --------------------------------------------------------------------------------------

def test_new_points_go_past_the_highest_number_ever_issued_in_their_order():
    codes, new, problems = issued(
        site_entry(pt("cong"), pt("moi-1"), pt("bia"), pt("moi-2")),
        [rec(1, "cong"), rec(2, "bia"), rec(5, "gieng", retired=True)])
    assert problems == []
    assert codes == {"cong": "NT01-1", "bia": "NT01-2", "moi-1": "NT01-6", "moi-2": "NT01-7"}
    assert new == [(6, "moi-1"), (7, "moi-2")]


def test_a_first_point_is_number_one():
    codes, new, _ = issued(site_entry(pt("cong")), [])
    assert codes == {"cong": "NT01-1"} and new == [(1, "cong")]


def test_a_written_code_is_kept_registered_and_counted_before_new_ones_are_numbered():
    codes, new, problems = issued(site_entry(pt("moi"), pt("bia", code="NT01-4")), [rec(1, "a")],
                                  complete=False)
    assert problems == []
    assert codes == {"bia": "NT01-4", "moi": "NT01-5"}
    assert new == [(4, "bia"), (5, "moi")], "sorted by number, whatever the points' order"


def test_a_written_registered_code_is_not_registered_again():
    codes, new, problems = issued(site_entry(pt("cong-moi", code="NT01-1")), [rec(1, "cong")])
    assert (codes, new, problems) == ({"cong-moi": "NT01-1"}, [], [])


def test_a_retired_number_is_never_matched_by_id_and_cannot_be_written():
    codes, new, problems = issued(site_entry(pt("cong")), [rec(1, "cong", retired=True)])
    assert codes == {"cong": "NT01-2"} and new == [(2, "cong")]
    assert problems == []
    _, _, problems = issued(site_entry(pt("cong", line=9, code="NT01-1")),
                            [rec(1, "cong", retired=True)])
    assert problems == [("point-code-retired", 9, {"code": "NT01-1", "id": "cong"})]


def test_a_code_of_another_site_is_refused_on_its_line():
    _, _, problems = issued(site_entry(pt("cong", line=12, code="NT02-1")), [])
    assert problems == [("point-code-other-site", 12,
                         {"code": "NT02-1", "id": "cong", "site": "NT01"})]


def test_a_number_no_point_holds_is_missing_once_every_entry_is_valid():
    records = [rec(1, "cong"), rec(2, "bia"), rec(3, "gieng", retired=True)]
    entry = site_entry(pt("bia"), pt("zz-moi"), pt("cong-moi"))
    _, new, problems = issued(entry, records)
    assert new == [(4, "zz-moi"), (5, "cong-moi")]
    assert problems == [("point-code-missing", 7, {
        "code": "NT01-1", "id": "cong", "path": "sites/a.md", "suggestion": "cong-moi"})], \
        "the retired number is not missing; the suggestion is the first new id in order"
    _, _, problems = issued(entry, records, complete=False)
    assert problems == [], "an entry that failed to load may hold it"


def test_a_missing_number_suggests_no_point_that_holds_a_code():
    _, _, problems = issued(site_entry(pt("bia"), pt("cong-moi", code="NT01-3")),
                            [rec(1, "cong"), rec(2, "bia")])
    assert [(c, args["suggestion"]) for c, _, args in problems] == [("point-code-missing", "")]


def duplicates(problems: list[tuple[str, int, dict]]) -> list[tuple[str, int, str, str]]:
    """(message, line, code, id) of the duplicate-code problems (what every version names)."""
    return [(message[:20], line, args["code"], args["id"]) for message, line, args in problems
            if message.startswith("point-duplicate-code")]


def test_a_registered_number_written_on_a_second_point_is_refused_there():
    codes, _, problems = issued(site_entry(pt("cong", line=3), pt("cong-moi", line=5,
                                                                  code="NT01-1")),
                                [rec(1, "cong")])
    assert codes["cong"] == "NT01-1"
    assert duplicates(problems) == [("point-duplicate-code", 5, "NT01-1", "cong-moi")]


def test_a_new_number_written_twice_is_refused_on_the_second_point():
    _, _, problems = issued(site_entry(pt("b", line=3, code="NT01-2"),
                                         pt("a", line=6, code="NT01-2")), [])
    assert duplicates(problems) == [("point-duplicate-code", 6, "NT01-2", "a")]


# --- with_points ---------------------------------------------------------------------------------

def test_with_points_fills_every_language_and_drafts_and_leaves_other_entries():
    a = site_entry(pt("cong"), pt("bia"), en=text("en", pt("cong"), pt("bia")))
    b = site_entry(pt("gieng"), code="NT02", slug="b")
    draft = Entry(slug="d", code="NT03", path="sites/d.md", digest="d",
                  texts={"vi": text("vi", pt("ao"))}, draft=True)
    problems = Problems()
    numbers = {e.slug: assign(e, [], 1, problems, True) for e in (a, draft)}
    site = with_points(Site(Config(), (a, b), (draft,)), numbers)
    filled_a, same_b = site.entries
    for lang in ("vi", "en"):
        assert [p.code for p in filled_a.texts[lang].points] == ["NT01-1", "NT01-2"]
    assert same_b is b
    assert [p.code for p in site.drafts[0].points] == ["NT03-1"]


# --- register_points -----------------------------------------------------------------------------

REGISTRY = """\
# Mã đã in: không bao giờ đổi.
NT01:
  slug: a
  issued: 2026-11-29  # in tháng 11

NT02:
  slug: b
"""


def test_register_points_starts_a_block_at_the_end_of_the_record_before_blank_lines():
    out = register_points(REGISTRY, "NT01", [(1, "cong"), (2, "bia")], "2026-11-30")
    assert out == REGISTRY.replace(
        "# in tháng 11\n", "# in tháng 11\n  points:\n"
        "    1: {id: cong, issued: 2026-11-30}\n    2: {id: bia, issued: 2026-11-30}\n")


def test_register_points_keeps_the_files_indent_and_the_last_record():
    text = "NT01:\n    slug: a\nNT02:\n    # ghi chú\n    slug: b"
    out = register_points(text, "NT02", [(1, "cong")], "2026-11-30")
    assert out == text + "\n    points:\n        1: {id: cong, issued: 2026-11-30}"
    assert yaml.safe_load(out)["NT02"]["points"] == {1: {"id": "cong", "issued": DAY}}


def test_register_points_appends_to_an_existing_block_that_is_not_last_in_the_record():
    text = ("NT01:\n  slug: a\n  points:  # số điểm\n    1: {id: cong, issued: 2026-11-29}\n"
            "\n    2: {id: bia, issued: 2026-11-29}\n\n  plate: {material: nhôm}\nNT02:\n"
            "  slug: b\n")
    out = register_points(text, "NT01", [(3, "gieng")], "2026-11-30")
    assert out == text.replace("2026-11-29}\n\n  plate", "2026-11-29}\n"
                               "    3: {id: gieng, issued: 2026-11-30}\n\n  plate")
    assert yaml.safe_load(out)["NT01"]["plate"] == {"material": "nhôm"}


def test_register_points_finds_a_block_on_the_records_first_line():
    text = "NT01:\n  points:\n    1: {id: cong, issued: 2026-11-29}\n  slug: a\n"
    out = register_points(text, "NT01", [(2, "bia")], "2026-11-30")
    assert out == text.replace("  slug", "    2: {id: bia, issued: 2026-11-30}\n  slug")


def test_register_points_reads_the_indent_of_a_one_line_record():
    text = "NT01:\n    slug: a\nNT02:\n  slug: b\n"
    out = register_points(text, "NT01", [(1, "cong")], "2026-11-30")
    assert out == text.replace("a\n", "a\n    points:\n        1: {id: cong, issued: 2026-11-30}\n")


def test_register_points_reaches_the_last_record_of_a_long_registry():
    """Past 256 lines (a few dozen sites), line numbers are no longer cached small ints."""
    text = "".join(f"NT{n:02d}:\n  slug: s{n}\n  issued: 2026-11-29\n" for n in range(1, 101))
    out = register_points(text, "NT100", [(1, "cong")], "2026-11-30")
    assert out == text + "  points:\n    1: {id: cong, issued: 2026-11-30}\n"
    again = register_points(out, "NT100", [(2, "bia")], "2026-12-01")
    assert again == out + "    2: {id: bia, issued: 2026-12-01}\n"


def test_register_points_takes_the_indent_of_keys_not_of_comments():
    text = "NT01:\n      # ghi chú lệch\n  slug: a\n"
    out = register_points(text, "NT01", [(1, "cong")], "2026-11-30")
    assert out == text + "  points:\n    1: {id: cong, issued: 2026-11-30}\n"
