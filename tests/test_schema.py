"""The one schema mechanism: the config, entries, trails and codes.yml report their mistakes the
same way — every one at once, each on the line to fix, with the closest known key."""

from __future__ import annotations

import re

from conftest import entry

PROBLEM = re.compile(r"^(Error|Warning): (?P<file>[^,\n]+)(?:, line (?P<line>\d+))?$", re.M)


def problems(err: str) -> list[tuple[str, int | None, str]]:
    """(file, line, the message block) for each problem the CLI printed."""
    blocks = []
    for block in err.split("\n\n"):
        match = PROBLEM.match(block.strip("\n"))
        if match:
            line = int(match["line"]) if match["line"] else None
            blocks.append((match["file"], line, block))
    return blocks


def test_config_problems_are_all_listed_on_their_lines(project):
    config = ("title: Địa chỉ đỏ\n"
              "base_url: ftp://x\n"
              "plates:\n"
              "  size: A9\n"
              "  sise: A5\n"
              "map:\n"
              "  attribution: OSM\n"
              "titel: Sai\n")
    p = project({"diachido.yml": config, "sites/a.md": entry("NT01")})
    run = p.run("--lang", "en", "check")
    assert run.code == 1
    found = {(file, line): block for file, line, block in problems(run.err)}
    assert "ftp://x" in found[("diachido.yml", 2)]
    assert "A9" in found[("diachido.yml", 4)]
    assert "plates.sise" in found[("diachido.yml", 5)]
    assert "plates.size" in found[("diachido.yml", 5)], "suggests the key it meant"
    assert "map.tiles" in found[("diachido.yml", 6)], "a missing sub-key points at its section"
    assert "“title”" in found[("diachido.yml", 8)]


def test_registry_record_problems_name_the_code_the_key_and_the_line(project):
    registry = ("NT01:\n  slug: a\n  issued: 2026-01-01\n"
                "NT02:\n  slug: b\n  issued: 2026-01-01\n  plate:\n    installed: soon\n"
                "NT03:\n  slug: c\n  isued: 2026-01-01\n")
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": entry("NT02"),
                 "sites/c.md": entry("NT03"), "codes.yml": registry})
    run = p.run("--lang", "en", "check")
    assert run.code == 1
    found = {(file, line): block for file, line, block in problems(run.err)}
    # A key two levels down is named on its own line (`    installed: soon`), not its section's.
    assert "NT02" in found[("codes.yml", 8)] and "plate.installed" in found[("codes.yml", 8)]
    assert "“soon”" in found[("codes.yml", 8)] and ("codes.yml", 7) not in found
    assert "NT03" in found[("codes.yml", 11)] and "isued" in found[("codes.yml", 11)]


def test_trail_and_entry_misspellings_get_the_same_suggestion(project):
    trail = "---\ntitle: Về nguồn\nsumary: Hai điểm\nstops: [NT01, NT03]\n---\n"
    site = entry("NT02").replace("summary:", "sumary:")
    p = project({"sites/a.md": entry("NT01"), "sites/b.md": site, "sites/c.md": entry("NT03"),
                 "trails/t.md": trail})
    run = p.run("--lang", "en", "check")
    assert run.code == 1
    found = {(file, line): block for file, line, block in problems(run.err)}
    for where in (("trails/t.md", 3), ("sites/b.md", 4)):
        assert "sumary" in found[where] and "Did you mean “summary”" in found[where]
