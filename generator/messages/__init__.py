"""Message catalogues (vi default, en) and the one function that turns a Problem into text."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from generator.content.characters import HIDDEN
from generator.content.frontmatter import load_own_yaml
from generator.problems import Problem

FOLDER = Path(__file__).parent
MESSAGE_LANGS = ("vi", "en")  # build messages stay Vietnamese and English: editors are Vietnamese
ENV_VAR = "DIACHIDO_LANG"


def pick_lang(flag: str | None) -> str:
    """`--lang`, else $DIACHIDO_LANG, else Vietnamese."""
    lang = (flag or os.environ.get(ENV_VAR) or "vi").lower()[:2]
    return lang if lang in MESSAGE_LANGS else "vi"


@functools.cache
def catalogue(lang: str) -> dict[str, Any]:
    return load_own_yaml((FOLDER / f"{lang}.yml").read_text("utf-8"))


class _Params(dict):
    """Leaves an unknown {placeholder} visible instead of crashing on a catalogue slip."""

    def __missing__(self, key: str) -> str:
        return _Value("{" + key + "}")


class _Value(str):
    """A filled-in parameter. `{count:warning|warnings}` gives the first word when the count is
    1 and the second otherwise: plural forms live in the catalogue, per language (Vietnamese
    has none and simply writes `{count} cảnh báo`)."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, other = spec.split("|", 1)
            return one if self == "1" else other
        return super().__format__(spec)


def visible(text: str) -> str:
    """Control and direction characters shown as U+XXXX: a message must not drive the terminal."""
    return HIDDEN.sub(lambda m: f"U+{ord(m[0]):04X}", text)


def _fill(template: str, params: dict[str, Any]) -> str:
    return template.format_map(_Params({k: _Value(visible(str(v))) for k, v in params.items()}))


def _fix(entry: dict[str, str], params: dict[str, Any]) -> str:
    for name, template in entry.items():
        if not name.startswith("fix_if_"):
            continue
        cond = name[len("fix_if_"):]
        if params.get(cond) or any(
            cond == f"{key}_{value}" for key, value in params.items()
        ):
            return _fill(template, params)
    return _fill(entry.get("fix", ""), params)


def explain(problem: Problem, lang: str) -> tuple[str, str]:
    """(what is wrong, how to fix it) in `lang`; the fix may be "". A `reason` that names a
    phrase of `_reasons` (why a picture could not be decoded) is said in `lang` too."""
    entry = catalogue(lang).get(problem.code) or {"what": problem.code, "fix": ""}
    params = problem.args
    if "got" in params:  # a kind of value (fields.type_name), named in the reader's language
        params["got"] = catalogue(lang)["_types"].get(params["got"], params["got"])
    if "reason" in params:
        params["reason"] = catalogue(lang)["_reasons"].get(params["reason"], params["reason"])
    return _fill(entry["what"], params), _fix(entry, params)


def render_problem(problem: Problem, lang: str) -> str:
    """Several lines: where, the quoted line, what is wrong, how to fix it."""
    labels = catalogue(lang)["_labels"]
    label = labels["warning"] if problem.severity == "warning" else labels["error"]
    where = visible(problem.file)
    if problem.line:
        where += f", {labels['line']} {problem.line}"
    what, fix = explain(problem, lang)
    if not where:  # no file to name (a wrong folder, a bad name for `new`): say it at once
        lines = [f"{label}: {what}"]
    else:
        lines = [f"{label}: {where}"]
        if problem.source_line is not None and problem.line:
            lines.append(f"  {problem.line:>4} | {visible(problem.source_line.rstrip()[:200])}")
        lines.append(f"  {what}")
    if fix:
        lines.append(f"  {labels['fix']}: {fix}")
    return "\n".join(lines)


def summary(key: str, lang: str, **params: Any) -> str:
    return _fill(catalogue(lang)["_summary"][key], params)


def help_text(key: str, lang: str) -> str:
    """A line of `--help` (the `_help` section), safe for argparse's %-formatting."""
    return str(catalogue(lang)["_help"][key]).replace("%", "%%")
