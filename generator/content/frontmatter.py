"""Split an entry file into YAML front matter and Markdown body, with line numbers.

Editors' tools produce BOMs, CRLF and NFD text; all are accepted and normalised here, so later
phases only ever see NFC text with LF line ends. YAML is parsed with the safe loader and walked by
hand so that every key keeps its line, duplicate keys and aliases are caught (alias "bombs"), and
Python-object tags never construct anything. A plain value wrapped in typographic quotes
(“…”, from Word or a phone) is read as the quoted value it was meant to be, with a warning; a
syntax error is explained in the editor's terms (content/indentation.py finds the wrongly
indented line that PyYAML blames on a quote or a colon).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content import indentation
from generator.content.characters import CONTROL
from generator.content.smart_quotes import PAIRS, corrected_line, straight, unwrap
from generator.problems import Problems

# libyaml's C parser is several times faster; fall back to pure Python where PyYAML lacks it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)



def load_own_yaml(text: str) -> Any:
    """The project's own catalogues (messages, interface strings): trusted, so no walker."""
    return yaml.load(text, Loader=_Loader)


MAX_FLOW_DEPTH = 40
MAX_INDENT = 160
MAX_FRONT_MATTER_CHARS = 200_000

@dataclass(frozen=True)
class Located:
    """A parsed YAML value with the (1-based) line its key is on.

    `children` gives the line of each nested key (for a mapping) or item (for a list, by index),
    so a problem inside `plates:` or `gallery:` points at the line to fix.
    """

    value: Any
    line: int
    children: dict[Any, int] = field(default_factory=dict)

@dataclass(frozen=True)
class SourceText:
    """A decoded, normalised entry file."""

    path: str
    text: str
    lines: tuple[str, ...]

    def line(self, number: int | None) -> str | None:
        if number is None or not 1 <= number <= len(self.lines):
            return None
        return self.lines[number - 1]

@dataclass(frozen=True)
class FrontMatter:
    fields: dict[str, Located]  # top-level keys, values converted recursively to plain Python
    body: str
    body_line: int  # line of the body's first line in the file

def decode(path: str, data: bytes, problems: Problems) -> SourceText | None:
    """Bytes → NFC text with LF line ends, or a problem naming the first bad byte's line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.add("not-utf8", path, line, byte=f"0x{data[err.start]:02X}")
        return None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return SourceText(path, text, tuple(text.split("\n")))



def split(src: SourceText, problems: Problems) -> FrontMatter | None:
    """Find the `---` fences and parse what lies between them."""
    lines = src.lines
    if not lines or lines[0].rstrip() != "---":
        problems.add("no-front-matter", src.path, 1, src.line(1))
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.add("unclosed-front-matter", src.path, 1, src.line(1))
        return None
    yaml_text = "\n".join(lines[1:end])
    fields = parse_yaml(src, yaml_text, 2, problems)
    if fields is None:
        return None
    # Control characters in the body would make invalid HTML; they are never meant: drop them.
    body = CONTROL.sub("", "\n".join(lines[end + 1 :]))
    return FrontMatter(fields, body, end + 2)

def parse_yaml(
    src: SourceText, yaml_text: str, first_line: int, problems: Problems,
    max_chars: int = MAX_FRONT_MATTER_CHARS,
) -> dict[str, Located] | None:
    """Parse a YAML mapping; `first_line` is the file line of the YAML's first line."""
    if not _within_limits(src, yaml_text, first_line, problems, max_chars):
        return None
    bad = CONTROL.search(yaml_text)
    if bad:  # YAML refuses raw control characters; say where, not "syntax error"
        line = first_line + yaml_text.count("\n", 0, bad.start())
        problems.add("control-character", src.path, line, codepoint=f"U+{ord(bad[0]):04X}")
        return None
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except RecursionError:
        problems.add("too-deep", src.path, first_line, src.line(first_line), limit=MAX_FLOW_DEPTH)
        return None
    except yaml.MarkedYAMLError as err:
        _syntax_problem(src, yaml_text, first_line, err, problems)
        return None
    except yaml.YAMLError:  # unmarked reader errors: report them on the first line
        problems.add("yaml-syntax", src.path, first_line, src.line(first_line), detail="generic")
        return None
    if node is None:
        return {}
    walker = _Walker(src, first_line, problems)
    if not isinstance(node, yaml.MappingNode):
        line = first_line + node.start_mark.line
        problems.add("front-matter-not-mapping", src.path, line, src.line(line))
        return None
    try:
        return walker.mapping(node)
    except _Stop:
        return None

def _within_limits(src: SourceText, text: str, first_line: int, problems: Problems,
                   max_chars: int) -> bool:
    """Refuse shapes that would make the YAML parser recurse too deep or run too long."""
    if len(text) > max_chars:
        problems.add("front-matter-too-large", src.path, first_line, limit=max_chars)
        return False
    depth = 0
    for number, line in enumerate(text.split("\n"), start=first_line):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT:
            problems.add("too-deep", src.path, number, src.line(number), limit=MAX_INDENT)
            return False
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_FLOW_DEPTH:
                problems.add("too-deep", src.path, number, src.line(number), limit=MAX_FLOW_DEPTH)
                return False
    return True

def _syntax_problem(src: SourceText, yaml_text: str, first_line: int,
                    err: yaml.MarkedYAMLError, problems: Problems) -> None:
    """The line to fix and advice in the editor's terms: a wrongly indented line (PyYAML
    blames a quote or a colon for it), typographic quotes, a tab, a colon, an unclosed quote."""
    # An unclosed quote or bracket is reported at the end of input; its opening is the
    # context mark, which is the line the editor has to fix.
    unclosed = err.context and ("quoted scalar" in err.context or "flow" in err.context)
    mark = (err.context_mark if unclosed else None) or err.problem_mark or err.context_mark
    line = first_line + mark.line if mark else first_line
    detail = _yaml_reason(err, src.line(line))
    if detail != "tab":
        stop = err.problem_mark or mark
        wrong = indentation.find(yaml_text.split("\n"), stop.line if stop else 0)
        if wrong is not None:
            bad, sibling = first_line + wrong.index, first_line + wrong.sibling_index
            problems.add("yaml-indentation", src.path, bad, src.line(bad), key=wrong.key,
                         found=wrong.found, expected=wrong.expected, sibling=wrong.sibling,
                         sibling_line=sibling, diff=abs(wrong.found - wrong.expected),
                         direction="add" if wrong.expected > wrong.found else "remove")
            return
    corrected = corrected_line(src.line(line) or "")
    problems.add("yaml-syntax", src.path, line, src.line(line),
                 detail="typographic" if corrected and detail != "tab" else detail,
                 corrected=corrected or "")


_REASONS = {
    "mapping values are not allowed": "colon",
    "found character '\\t' that cannot start any token": "tab",
    "found undefined alias": "alias",
}

def _yaml_reason(err: yaml.MarkedYAMLError, line_text: str | None = None) -> str:
    text = str(err.problem or "")
    if "tab" in text or (line_text is not None and "\t" in line_text):
        return "tab"
    for needle, reason in _REASONS.items():
        if needle in text:
            return reason
    context = str(err.context or "")
    # "did not find expected key / '-' indicator" is a structure (indentation) problem: the
    # generic advice names it; only an unclosed quote or bracket gets the quote advice.
    if "found unexpected end of stream" in text or "quoted scalar" in context \
            or "flow" in context:
        return "quote"
    return "generic"

class _Stop(Exception):
    """Abort the walk after a problem that makes the rest meaningless."""

class _Walker:
    """Turns composed YAML nodes into plain values, refusing aliases and unsafe tags."""

    def __init__(self, src: SourceText, first_line: int, problems: Problems):
        self.src, self.first_line, self.problems = src, first_line, problems
        self.seen: set[int] = set()
        self.constructor = _Loader("")

    def line_of(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def fail(self, code: str, node: yaml.Node, **params: Any) -> None:
        line = self.line_of(node)
        self.problems.add(code, self.src.path, line, self.src.line(line), **params)
        raise _Stop

    def value(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            self.fail("yaml-alias", node)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return {key: located.value for key, located in self.mapping(node).items()}
        if isinstance(node, yaml.SequenceNode):
            self.check_tag(node, "tag:yaml.org,2002:seq")
            return [self.value(child) for child in node.value]
        assert isinstance(node, yaml.ScalarNode), node
        return self.scalar(node)

    def check_tag(self, node: yaml.Node, expected: str) -> None:
        if node.tag != expected:
            self.fail("yaml-tag", node, tag=node.tag)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.endswith(
            ("binary", "set", "omap", "pairs")
        ):
            self.fail("yaml-tag", node, tag=node.tag)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, AttributeError):
            # AttributeError: libyaml's resolver takes `2020-13-45 - l` for a timestamp that
            # PyYAML's constructor then cannot match (found by the hostile-input properties).
            self.fail("yaml-tag", node, tag=node.tag)
        if isinstance(value, dt.datetime):
            value = value.date() if value.time() == dt.time() else value
        # Plain style: None in PyYAML, "" in libyaml's binding.
        if not node.style and isinstance(value, str) and value[:1] in PAIRS:
            value = self.typographic(node, value)
        return value

    def typographic(self, node: yaml.ScalarNode, value: str) -> str:
        """A plain value wrapped in “…” (Word, phones) means a quoted one: the quotes are
        removed with a warning that shows the line as it should be written."""
        inner = unwrap(value)
        if inner is None:
            return value
        line = self.line_of(node)
        text = self.src.line(line) or ""
        one_line = node.start_mark.line == node.end_mark.line
        start, end = node.start_mark.column, node.end_mark.column
        self.problems.add(
            "typographic-quotes", self.src.path, line, text, severity="warning", value=inner,
            corrected=text[:start] + straight(inner) + text[end:] if one_line else "",
            kept=text[:start] + straight(value) + text[end:] if one_line else "")
        return inner

    def mapping(self, node: yaml.MappingNode) -> dict[str, Located]:
        self.check_tag(node, "tag:yaml.org,2002:map")
        result: dict[str, Located] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail("yaml-alias", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail("yaml-key-not-text", key_node)
            key = str(key_node.value)
            if key in result:
                self.fail("duplicate-key", key_node, key=key, first=result[key].line)
            result[key] = Located(self.value(value_node), self.line_of(key_node),
                                  self.child_lines(value_node))
        return result

    def child_lines(self, node: yaml.Node) -> dict[Any, int]:
        """Each sub-key's line, and deeper keys' as "plate.installed" (schema.child_items)."""
        if isinstance(node, yaml.MappingNode):
            lines: dict[Any, int] = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    lines[str(k.value)] = self.line_of(k)
                    if isinstance(v, yaml.MappingNode):
                        lines.update({f"{k.value}.{sub}": line
                                      for sub, line in self.child_lines(v).items()})
            return lines
        if isinstance(node, yaml.SequenceNode):
            return {index: self.line_of(child) for index, child in enumerate(node.value)}
        return {}
