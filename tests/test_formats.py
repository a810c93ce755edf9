"""`--format json`, `github` and `markdown`: the problems `diachido check` finds, for machines."""

from __future__ import annotations

import json
import re

from conftest import entry

GITHUB = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<text>.*)$")


def _broken(project):
    bad = entry("NT02").replace("summary:", "sumary:")
    return project({"sites/a.md": entry("NT01"), "sites/b.md": bad,
                    "sites/c.md": entry("NT03"), "sites/notes.txt": "ghi chú"})


def test_json_lists_every_problem_with_its_fields(project):
    p = _broken(project)
    run = p.run("--lang", "en", "check", "--format", "json")
    assert run.code == 1
    rows = json.loads(run.out)
    assert {tuple(sorted(row)) for row in rows} == {
        ("column", "file", "fix", "id", "line", "message", "severity")}
    by_id = {row["id"]: row for row in rows}
    unknown = by_id["unknown-key"]
    assert (unknown["file"], unknown["severity"]) == ("sites/b.md", "error")
    assert (p.root / "sites/b.md").read_text("utf-8").splitlines()[unknown["line"] - 1] \
        .startswith("sumary:")
    assert "summary" in unknown["fix"] and "sumary" in unknown["message"]
    assert by_id["not-an-entry"]["severity"] == "warning"
    assert "Error:" not in run.out, "stdout holds only the JSON"


def test_json_is_an_empty_list_when_all_is_well(project):
    p = project({"sites/a.md": entry("NT01")})
    run = p.run("check", "--format", "json")
    assert run.code == 0 and json.loads(run.out) == []


def test_github_annotations_name_file_line_and_fix(project):
    p = _broken(project)
    run = p.run("check", "--format", "github")
    assert run.code == 1
    lines = run.out.strip().splitlines()
    parsed = [GITHUB.match(line) for line in lines]
    assert all(parsed), lines
    error = next(m for m in parsed if m[1] == "error")
    props = dict(prop.split("=", 1) for prop in error["props"].split(","))
    assert props["file"] == "sites/b.md" and int(props["line"]) >= 2
    assert "%0ACách sửa: " in error["text"], "the fix is the annotation's second line (Vietnamese)"
    assert any(m[1] == "warning" and "sites/notes.txt" in m["props"] for m in parsed)


def test_markdown_is_a_vietnamese_table_for_the_pull_request_comment(project):
    p = _broken(project)
    (p.root / "sites/c.md").write_text(entry("NT03", title="Đình | Chùa").replace(
        "code: NT03", "code: nt 3"), "utf-8")
    run = p.run("check", "--format", "markdown")
    assert run.code == 1
    heading, blank, header, rule, *rows = run.out.strip().splitlines()
    assert heading.startswith("### ") and blank == "" and rule == "|---|---|---|"
    assert header == "| Tệp | Lỗi | Cách sửa |"
    cells = [re.split(r"(?<!\\)\|", row)[1:-1] for row in rows]
    assert all(len(row) == 3 for row in cells), rows
    where = {cell[0].strip() for cell in cells}
    assert any(w.startswith("`sites/b.md` dòng ") for w in where)
    assert any(w.startswith("`sites/c.md` dòng ") for w in where)
    assert any("Cách sửa" not in c[2] and c[2].strip() for c in cells)


def test_markdown_is_empty_when_all_is_well(project):
    p = project({"sites/a.md": entry("NT01")})
    run = p.run("check", "--format", "markdown")
    assert run.code == 0 and run.out.strip() == ""


def _unescape(text: str) -> str:
    """What the runner makes of a workflow command's escaped text (actions/toolkit's rules)."""
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def test_github_escapes_every_property_and_the_message(project):
    """Workflow commands: in a property `%`, CR, LF, `:` and `,` are escaped (a bare `,` would
    start the next property, a `:` end them); in the message `%`, CR and LF. A file whose name
    holds them must still be the annotation's file, and the message must come back whole."""
    p = project({"sites/a.md": entry("NT01"), "sites/b,c:d%e.txt": "stray"})
    run = p.run("check", "--format", "github")
    line = next(line for line in run.out.splitlines() if "b" in line.split("::")[1])
    assert line.startswith("::warning ")
    props, message = line[len("::warning "):].split("::", 1)
    assert "file=sites/b%2Cc%3Ad%25e.txt" in props
    pairs = [prop.split("=", 1) for prop in props.split(",")]
    assert [key for key, _ in pairs] == ["file", "title"], "no property split by a bare comma"
    assert dict(pairs)["file"] == "sites/b%2Cc%3Ad%25e.txt"
    assert _unescape(dict(pairs)["file"]) == "sites/b,c:d%e.txt"
    assert "%0ACách sửa: " in message, "the fix on the second line, escaped"
    assert ":" not in props.replace("::", "")


def test_github_escaping_rules_unit():
    """The escaping itself, character by character, in properties and in data."""
    from generator.cli.formats import _data, _property

    assert _property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    assert _data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert _property("%3A") == "%253A", "an escape already in the text is escaped once more"
    assert _unescape(_property("x,y:z%\n")) == "x,y:z%\n"
