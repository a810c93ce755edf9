"""Problems for machines: `--format json` (one object per problem, as ruff and mypy print them)
`--format github` (workflow commands GitHub turns into annotations on the changed lines), and
`--format markdown` (a table the pull-request check posts as a comment for editors who never open
the log), so CI and editors' tools read the build's problems without parsing the human text."""

from __future__ import annotations

import json

from generator.messages import catalogue, explain
from generator.problems import Problem

FORMATS = ("text", "json", "github", "markdown")


def as_json(problems: list[Problem], lang: str) -> str:
    """A JSON array: file, line, column (not tracked: null), id, message, fix, severity."""
    rows = []
    for problem in problems:
        what, fix = explain(problem, lang)
        rows.append({"file": problem.file or None, "line": problem.line, "column": None,
                     "id": problem.code, "message": what, "fix": fix or None,
                     "severity": problem.severity})
    return json.dumps(rows, ensure_ascii=False, indent=2)


def as_github(problems: list[Problem], lang: str) -> str:
    """One `::error file=…,line=…,title=…::message` line per problem; the fix follows the
    message on a second line of the annotation."""
    labels = catalogue(lang)["_labels"]
    lines = []
    for problem in problems:
        what, fix = explain(problem, lang)
        kind = "warning" if problem.severity == "warning" else "error"
        props = [f"file={_property(problem.file)}"] if problem.file else []
        if problem.file and problem.line:
            props.append(f"line={problem.line}")
        props.append(f"title={_property(f'diachido: {labels[kind]} ({problem.code})')}")
        text = what + (f"\n{labels['fix']}: {fix}" if fix else "")
        lines.append(f"::{kind} {','.join(props)}::{_data(text)}")
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def as_markdown(problems: list[Problem], lang: str) -> str:
    """A pull-request comment: one table row per problem (file and line, what, how to fix);
    nothing when there is no problem. Cells are escaped so a quoted `|` cannot break the table."""
    if not problems:
        return ""
    strings = catalogue(lang)
    labels, heading = strings["_labels"], strings["_summary"]["markdown_heading"]
    rows = [f"| {labels['file'].capitalize()} | {labels['error']} | {labels['fix']} |",
            "|---|---|---|"]
    for problem in problems:
        what, fix = explain(problem, lang)
        where = f"`{problem.file}`" if problem.file else ""
        if problem.file and problem.line:
            where += f" {labels['line']} {problem.line}"
        kind = labels["warning"] if problem.severity == "warning" else labels["error"]
        rows.append(f"| {_cell(where)} | {kind}: {_cell(what)} | {_cell(fix or '')} |")
    return "\n".join([heading, "", *rows])


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
