"""Loading entries and reconciling plate codes, called in process (no CLI, no subprocess).

The CLI tests reach these functions only through whole builds; here each rule is checked on its
own, with the smallest input that shows it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import entry as entry_text
from conftest import jpeg_with_exif

from generator.content.code_choice import next_free_code
from generator.content.config import Config
from generator.content.entries import load_site
from generator.content.model import Entry, Site
from generator.content.parse_cache import ParseCache
from generator.content.registry import (
    HEADER,
    Landing,
    Record,
    append_new_codes,
    load_registry,
    reconcile,
)
from generator.problems import Problem, Problems


def write(root: Path, files: dict[str, str]) -> Path:
    (root / "sites").mkdir(parents=True, exist_ok=True)
    (root / "media").mkdir(exist_ok=True)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def load(root: Path, cache: ParseCache | None = None) -> tuple[Site, Problems]:
    problems = Problems()
    return load_site(root, Config(), problems, cache), problems


def codes(problems: Problems) -> list[str]:
    return sorted(p.code for p in problems.items)


def only(problems: Problems, code: str) -> Problem:
    found = [p for p in problems.items if p.code == code]
    assert len(found) == 1, problems.items
    return found[0]


# --- load_site ---------------------------------------------------------------------------------

def test_an_entry_and_its_translation_make_one_site(tmp_path):
    root = write(tmp_path, {
        "sites/dinh-a.md": entry_text("NT07", title="Đình A", address="xã X"),
        "sites/dinh-a.en.md": "---\ntitle: A communal house\nsummary: Old.\n---\n\nText.\n",
    })
    site, problems = load(root)
    assert problems.items == []
    assert site.drafts == ()
    (loaded,) = site.entries
    assert (loaded.slug, loaded.code, loaded.path) == ("dinh-a", "NT07", "sites/dinh-a.md")
    assert set(loaded.texts) == {"vi", "en"}
    assert loaded.main.title == "Đình A"
    english = loaded.texts["en"]
    assert (english.title, english.summary) == ("A communal house", "Old.")
    assert english.path == "sites/dinh-a.en.md"
    assert english.address == "xã X", "an untranslated key falls back to the Vietnamese value"
    assert english.body_md.strip() == "Text."
    assert loaded.code_line == 2  # `code:` is the first line after the opening fence


def test_entries_are_sorted_by_code_and_drafts_kept_apart(tmp_path):
    root = write(tmp_path, {
        "sites/a.md": entry_text("NT03"),
        "sites/b.md": entry_text("NT01"),
        "sites/c.md": entry_text("NT02", draft="true"),
    })
    site, problems = load(root)
    assert problems.items == []
    assert [(e.slug, e.code) for e in site.entries] == [("b", "NT01"), ("a", "NT03")]
    assert [(e.slug, e.draft) for e in site.drafts] == [("c", True)]


def test_the_digest_changes_with_the_translation_bytes(tmp_path):
    root = write(tmp_path, {"sites/a.md": entry_text(),
                            "sites/a.en.md": "---\ntitle: One\n---\n\nx\n"})
    before = load(root)[0].entries[0].digest
    (root / "sites/a.en.md").write_text("---\ntitle: Two\n---\n\nx\n", "utf-8")
    after = load(root)[0].entries[0].digest
    assert before != after


def test_an_invalid_entry_is_left_out_and_the_others_still_load(tmp_path):
    root = write(tmp_path, {"sites/good.md": entry_text("NT01"),
                            "sites/bad.md": entry_text("NT02", address=None)})
    site, problems = load(root)
    assert [e.slug for e in site.entries] == ["good"]
    missing = only(problems, "missing-key")
    assert (missing.file, missing.line, missing.args["key"]) == ("sites/bad.md", 1, "address")


def test_a_translation_without_its_vietnamese_entry_is_refused(tmp_path):
    root = write(tmp_path, {"sites/lone.en.md": "---\ntitle: Alone\n---\n\nx\n"})
    site, problems = load(root)
    assert site.entries == ()
    problem = only(problems, "translation-without-entry")
    assert problem.file == "sites/lone.en.md"
    assert problem.args == {"lang": "en", "original": "sites/lone.md"}


def test_a_shared_key_in_a_translation_is_refused(tmp_path):
    root = write(tmp_path, {"sites/a.md": entry_text(),
                            "sites/a.en.md": "---\ntitle: A\ncode: NT09\n---\n\nx\n"})
    site, problems = load(root)
    assert site.entries == ()
    problem = only(problems, "key-not-translatable")
    assert (problem.file, problem.line, problem.args["key"]) == ("sites/a.en.md", 3, "code")


def test_file_names_decide_what_is_an_entry(tmp_path):
    root = write(tmp_path, {
        "sites/ok.md": entry_text("NT01"),
        "sites/.hidden.md": "anything",
        "sites/_draft-notes.md": "anything",
        "sites/notes.txt": "not markdown",
        "sites/ok.fr.md": "---\ntitle: Français\n---\n",
        "sites/Đình Mới.md": entry_text("NT02"),
    })
    site, problems = load(root)
    assert [e.slug for e in site.entries] == ["ok"]
    assert codes(problems) == ["bad-slug", "not-an-entry", "unknown-language"]
    assert only(problems, "not-an-entry").severity == "warning"
    assert only(problems, "unknown-language").args == {"lang": "fr", "allowed": "en"}
    bad = only(problems, "bad-slug")
    assert (bad.file, bad.args["suggestion"]) == ("sites/Đình Mới.md", "dinh-moi")


def test_no_sites_folder_is_one_problem(tmp_path):
    site, problems = load(tmp_path)
    assert site.entries == ()
    assert codes(problems) == ["no-sites-folder"]


def test_a_sites_folder_linked_from_outside_is_refused(tmp_path):
    outside = write(tmp_path / "elsewhere", {"sites/a.md": entry_text()})
    root = tmp_path / "project"
    root.mkdir()
    (root / "sites").symlink_to(outside / "sites")
    site, problems = load(root)
    assert site.entries == ()
    assert codes(problems) == ["folder-outside-project"]


def test_taken_aliases_are_reported_on_the_later_file(tmp_path):
    """(Duplicate codes are the registry's to judge: it knows which file owns a code.)"""
    root = write(tmp_path, {
        "sites/a.md": entry_text("NT01"),
        "sites/c.md": entry_text("NT03", aliases="[a]"),
    })
    site, problems = load(root)
    taken = only(problems, "alias-taken")
    assert (taken.file, taken.args) == ("sites/c.md", {"alias": "a", "other": "sites/a.md"})


def test_the_parse_cache_reuses_unchanged_entries_and_never_stores_errors(tmp_path):
    root = write(tmp_path, {"sites/a.md": entry_text("NT01", cover="a/x.jpg", cover_alt="Ảnh"),
                            "sites/b.md": entry_text("NT02", title="")})
    jpeg_with_exif(root / "media/a/x.jpg", size=(40, 30))
    file = tmp_path / "cache" / "parsed.pickle"
    cache = ParseCache(file, "salt")
    first, problems = load(root, cache)
    assert [e.slug for e in first.entries] == ["a"] and codes(problems) == ["expected-text"]
    cache.save()
    stored = ParseCache(file, "salt")
    assert stored.get(ParseCache.key("a", {"vi": (root / "sites/a.md").read_bytes()}))
    assert stored.get(ParseCache.key("b", {"vi": (root / "sites/b.md").read_bytes()})) is None

    # The photo goes: a fresh parse must notice, a cache hit (same bytes, same salt) cannot.
    (root / "media/a/x.jpg").unlink()
    again, problems = load(root, ParseCache(file, "salt"))
    assert again.entries == first.entries
    assert codes(problems) == ["expected-text"]
    fresh, problems = load(root, ParseCache(file, "other salt"))
    assert fresh.entries == ()
    assert codes(problems) == ["expected-text", "media-missing"]


# --- the registry: reconcile -------------------------------------------------------------------

def site_entry(slug: str, code: str, *, draft: bool = False,
               aliases: tuple[str, ...] = ()) -> Entry:
    return Entry(slug=slug, code=code, path=f"sites/{slug}.md", digest="d", texts={},
                 aliases=aliases, draft=draft, code_line=2)


def make_site(*entries: Entry) -> Site:
    return Site(Config(), tuple(e for e in entries if not e.draft),
                tuple(e for e in entries if e.draft))


def record(code: str, slug: str, line: int = 1, **retired: str) -> Record:
    return Record(code, slug, dt.date(2026, 1, 1), line, **retired)


def test_new_codes_each_get_a_landing_in_code_order():
    b, a, d = site_entry("b", "NT02"), site_entry("a", "NT01"), site_entry("d", "NT03", draft=True)
    problems = Problems()
    landings = reconcile(make_site(b, a, d), {}, problems)
    assert problems.items == []
    assert landings == [Landing("NT01", entry=a), Landing("NT02", entry=b),
                        Landing("NT03", draft=d)]


def test_a_registered_code_stays_with_its_site():
    problems = Problems()
    landings = reconcile(make_site(site_entry("moi", "NT01")), {"NT01": record("NT01", "cu")},
                         problems)
    assert landings == []
    problem = only(problems, "registry-renamed")
    assert (problem.file, problem.line) == ("sites/moi.md", 2)
    assert problem.args == {"code": "NT01", "slug": "cu", "suggestion": "NT02"}


def test_a_rename_is_allowed_when_the_old_slug_is_an_alias():
    renamed = site_entry("moi", "NT01", aliases=("cu",))
    problems = Problems()
    landings = reconcile(make_site(renamed), {"NT01": record("NT01", "cu")}, problems)
    assert problems.items == []
    assert landings == [Landing("NT01", entry=renamed)]


def test_a_retired_code_cannot_be_reused_and_the_next_free_code_is_suggested():
    records = {"NT01": record("NT01", "old", notice="Đã dỡ bỏ"), "NT02": record("NT02", "b"),
               "NT04": record("NT04", "d")}
    b, d, reuse = site_entry("b", "NT02"), site_entry("d", "NT04"), site_entry("new", "NT01")
    problems = Problems()
    landings = reconcile(make_site(b, d, reuse), records, problems)
    problem = only(problems, "registry-code-retired")
    assert problem.file == "sites/new.md"
    assert problem.args == {"code": "NT01", "suggestion": "NT05"}, \
        "one past the highest: the gap NT03 may be on a plate printed from a preview build"
    assert [landing.code for landing in landings] == ["NT02", "NT04"], \
        "the retired code lands nowhere new, and the entry that took it is not published"


def test_a_registered_code_without_its_entry_must_be_retired():
    problems = Problems()
    landings = reconcile(make_site(site_entry("a", "NT01")),
                         {"NT01": record("NT01", "a"), "NT02": record("NT02", "b", line=5)},
                         problems)
    assert [landing.code for landing in landings] == ["NT01"]
    problem = only(problems, "registry-code-missing")
    assert (problem.file, problem.line, problem.args) == (
        "codes.yml", 5, {"code": "NT02", "slug": "b"})


def test_a_missing_code_is_not_blamed_when_an_entry_failed_to_load():
    """The entry may be the one that failed validation: its code is not "deleted"."""
    problems = Problems()
    problems.add("missing-key", "sites/b.md", 1, key="title")
    reconcile(make_site(site_entry("a", "NT01")),
              {"NT01": record("NT01", "a"), "NT02": record("NT02", "b")}, problems)
    assert codes(problems) == ["missing-key"]


def test_retired_codes_land_on_their_target_or_their_notice():
    target, hidden = site_entry("a", "NT01"), site_entry("h", "NT05", draft=True)
    records = {
        "NT01": record("NT01", "a"),
        "NT02": record("NT02", "b", target="NT01"),
        "NT03": record("NT03", "c", notice="Di tích đã bị giải toả."),
        "NT04": record("NT04", "d", target="NT05", notice="Tạm đóng."),
        "NT05": record("NT05", "h"),
    }
    problems = Problems()
    landings = reconcile(make_site(target, hidden), records, problems)
    assert problems.items == []
    assert landings == [
        Landing("NT01", entry=target),
        Landing("NT02", target=target),
        Landing("NT03", notice="Di tích đã bị giải toả."),
        Landing("NT04", notice="Tạm đóng."),  # its target is a draft: not a page to send to
        Landing("NT05", draft=hidden),
    ]


def test_next_free_code_is_one_past_the_highest_of_the_main_prefix():
    assert next_free_code({"NT01", "NT03", "NT02"}) == "NT04"
    assert next_free_code({"NT02"}) == "NT03", "never a gap below the highest"
    assert next_free_code(set()) == "NT01"
    assert next_free_code({"HN01", "HN02", "NT07"}) == "HN03", "the most used prefix"
    assert next_free_code({f"NT{n:02d}" for n in range(1, 100)}) == "NT100"
    assert next_free_code({"NT01", "NT05"}, own={"NT05"}) == "NT05", "a slug's own code first"


# --- the registry file -------------------------------------------------------------------------

def test_load_registry_reads_records_and_reports_bad_ones(tmp_path):
    (tmp_path / "codes.yml").write_text(
        "NT01:\n  slug: a\n  issued: 2026-01-01\n"
        "  plate: {installed: 2026-02-01, material: nhôm}\n"
        "NT02:\n  slug: b\n  retired: {target: NT09}\n"
        "NT03:\n  slug: c\n  retired: {notice: '  Đã dỡ  '}\n"
        "nt4:\n  slug: d\n"
        "NT05:\n  slug: Not A Slug\n", "utf-8")
    problems = Problems()
    records = load_registry(tmp_path, problems)
    assert sorted(records) == ["NT01", "NT02", "NT03"]
    assert records["NT01"].issued == dt.date(2026, 1, 1)
    assert records["NT01"].plate_info() == {"installed": dt.date(2026, 2, 1), "material": "nhôm"}
    assert not records["NT01"].retired
    assert records["NT02"].retired and records["NT02"].target == "NT09"
    assert records["NT03"].notice == "Đã dỡ"
    assert sorted((p.code, p.line, p.args["code"]) for p in problems.items) == [
        ("registry-bad-record", 11, "nt4"), ("registry-bad-record", 14, "NT05"),
        ("registry-bad-target", 5, "NT02")], "a bad value is reported on its own key's line"


def test_no_registry_file_means_no_codes(tmp_path):
    problems = Problems()
    assert load_registry(tmp_path, problems) == {}
    assert problems.items == []


def test_append_new_codes_only_appends(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    kept = "# hand comment\nNT01:\n  slug: a\n  issued: 2025-05-05  # printed in May\n"
    (tmp_path / "codes.yml").write_text(kept, "utf-8")
    problems = Problems()
    records = load_registry(tmp_path, problems)
    site = make_site(site_entry("c", "NT03"), site_entry("a", "NT01"), site_entry("b", "NT02"),
                     site_entry("d", "NT04", draft=True))
    assert sorted(append_new_codes(tmp_path, site, records)) == ["NT02", "NT03"]
    text = (tmp_path / "codes.yml").read_text("utf-8")
    assert text.startswith(kept), "old lines and comments are never rewritten"
    assert text[len(kept):] == ("NT02:\n  slug: b\n  issued: 2026-01-01\n"
                                "NT03:\n  slug: c\n  issued: 2026-01-01\n")
    again = load_registry(tmp_path, problems)
    assert problems.items == [] and sorted(again) == ["NT01", "NT02", "NT03"]
    assert append_new_codes(tmp_path, site, again) == []
    assert not list(tmp_path.glob("*.tmp"))


def test_the_first_registry_starts_with_the_explaining_header(tmp_path):
    assert append_new_codes(tmp_path, make_site(site_entry("a", "NT01")), {}) == ["NT01"]
    text = (tmp_path / "codes.yml").read_text("utf-8")
    assert text.startswith(HEADER)
    problems = Problems()
    assert list(load_registry(tmp_path, problems)) == ["NT01"] and problems.items == []


@pytest.mark.parametrize("value", ["NT01", "HN1234"])
def test_reconcile_accepts_every_code_shape(value):
    problems = Problems()
    landings = reconcile(make_site(site_entry("a", value)), {value: record(value, "a")}, problems)
    assert problems.items == [] and [landing.code for landing in landings] == [value]
