"""The one schema mechanism for every YAML input: entries, trails, the config and `codes.yml`.

A `Schema` is a table of keys (MkDocs and Pelican style: one row per key, one small normaliser
each, not an if-chain). Validating a mapping against it reports, each on the line of the key (or
of the list item) at fault and quoting that line:
- a key the table does not know, with the closest known key as a suggestion;
- a key written at its parent's column (a photo's `alt` under `gallery:`), with how far to
  indent it; the block above is checked with it, as meant;
- a key that a translation may not hold;
- a value its normaliser refuses (`Invalid` with a message id);
- a required key that is missing;
- a section (a key holding sub-keys, like `plates:`) that is not a mapping.
Every problem is collected, never raised, so one run lists them all. Each input names its own
message ids for the structural problems, so the text says which file format is meant.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from generator.content.fields import Ctx, Normaliser, type_name
from generator.content.frontmatter import Located, SourceText
from generator.problems import Invalid, Problems


@dataclass(frozen=True)
class Form:
    """How the web editor (/admin/, render/admin.py) shows a key: what a normaliser cannot say.

    `widget` and `options` are the editor's own field settings (Decap/Sveltia names: `select`
    with `options`, `number` with `min`/`max`, `list` with `fields`, …); `pattern` is a regular
    expression the form checks before saving. A key without a Form still gets a text box, so a
    key added to the schema is never missing from the editor."""

    label: str = ""  # Vietnamese
    hint: str = ""
    widget: str = "string"
    pattern: str = ""
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Field:
    normalise: Normaliser | None = None  # None for a section
    required: bool = False
    translatable: bool = False  # may appear in a translation file (`<slug>.<lang>.md`)
    section: Schema | None = None  # the key holds sub-keys, validated by this schema
    form: Form | None = None  # how the web editor shows it; None: a plain text box


@dataclass(frozen=True)
class Messages:
    """The message ids a schema reports its structural problems with."""

    unknown: str = "unknown-key"
    dedented: str = "key-not-indented"  # an unknown key the block just above would hold
    missing: str = "missing-key"
    not_translatable: str = "key-not-translatable"
    not_mapping: str = "config-not-mapping"


@dataclass(frozen=True)
class Item:
    """One key of a mapping being validated, with the lines needed to point at it."""

    key: str
    value: Any
    line: int
    children: Mapping[Any, int] = field(default_factory=dict)  # line of each sub-key or item


def child_items(value: Mapping[Any, Any], children: Mapping[Any, int],
                line: int) -> list[Item]:
    """The keys of a nested mapping, each on its own line (else its parent's `line`) and with
    its own sub-keys' lines, so a bad `plate: installed:` points at `installed:`."""
    def below(key: str) -> dict[Any, int]:
        return {name[len(key) + 1:]: at for name, at in children.items()
                if isinstance(name, str) and name.startswith(f"{key}.")}

    return [Item(str(k), v, children.get(str(k), line), below(str(k))) for k, v in value.items()]


@dataclass(frozen=True)
class Schema:
    fields: Mapping[str, Field]
    messages: Messages = Messages()

    def validate(self, items: Iterable[Item], src: SourceText, ctx: Ctx, problems: Problems,
                 line: int = 1, translation: bool = False, prefix: str = "",
                 **context: Any) -> tuple[dict[str, Any], bool]:
        """(the clean values of the keys that passed, whether every key passed). `line` is where
        a missing key is reported; `prefix` names a section's keys ("plates.size"); `context`
        goes into every message (e.g. the code of a registry record)."""
        checker = _Checker(self, src, ctx, problems, prefix, context)
        allowed = {k for k, f in self.fields.items() if f.translatable or not translation}
        values: dict[str, Any] = {}
        suggested: set[str] = set()
        seen: set[str] = set()
        items = list(items)
        moved, dedented = checker.dedented(items, allowed)
        for index, item in enumerate(items):
            seen.add(item.key)
            if index in dedented:
                continue  # reported as belonging to the block above; checked in it
            if item.key not in allowed:
                suggested.add(checker.unknown(item, allowed, translation))
            else:
                spec = self.fields[item.key]
                value = checker.value(spec, _with_keys(item, moved.get(index, {})))
                if value is not _FAILED:
                    values[item.key] = value
        if not translation:
            for key, spec in self.fields.items():
                # A misspelt `titel:` already says "did you mean title"; no second message.
                if spec.required and key not in seen and key not in suggested:
                    checker.report(self.messages.missing, line, key=prefix + key)
        return values, checker.ok

    def validate_mapping(self, located: Mapping[str, Located], src: SourceText, ctx: Ctx,
                         problems: Problems, **options: Any) -> tuple[dict[str, Any], bool]:
        """`validate` over a parsed YAML document's top-level keys."""
        items = [Item(str(key), loc.value, loc.line, loc.children)
                 for key, loc in located.items()]
        return self.validate(items, src, ctx, problems, **options)

    def merge(self, original: Mapping[str, Any], translated: Mapping[str, Any]) -> dict[str, Any]:
        """A translation's values over the original's: the one way entries and trails merge."""
        return {**original, **{k: v for k, v in translated.items()
                               if k in self.fields and self.fields[k].translatable}}


_FAILED = object()
_CHILD = re.compile(r"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):")


def _with_keys(item: Item, keys: Mapping[str, Any]) -> Item:
    """`item` with `keys` added to its mapping, or to its list's last mapping."""
    value = item.value
    if not keys:
        return item
    if isinstance(value, dict):
        return replace(item, value={**value, **{k: v for k, v in keys.items() if k not in value}})
    if isinstance(value, list) and value and isinstance(value[-1], dict):
        last = {**value[-1], **{k: v for k, v in keys.items() if k not in value[-1]}}
        return replace(item, value=[*value[:-1], last])
    return item


def nested_keys(spec: Field) -> set[str]:
    """The keys a field's value holds: its section's, or the fields its form lists (a list of
    mappings such as `gallery`, a mapping such as `location`)."""
    if spec.section is not None:
        return set(spec.section.fields)
    fields = spec.form.options.get("fields", ()) if spec.form else ()
    return {str(f["name"]) for f in fields if isinstance(f, Mapping) and "name" in f}


@dataclass
class _Checker:
    schema: Schema
    src: SourceText
    ctx: Ctx
    problems: Problems
    prefix: str
    context: dict[str, Any]
    ok: bool = True

    def report(self, code: str, line: int, **params: Any) -> None:
        self.ok = False
        self.problems.add(code, self.src.path, line, self.src.line(line),
                          **{**self.context, **params})

    def unknown(self, item: Item, allowed: set[str], translation: bool) -> str:
        """Report a key that is not in the format; returns the key it probably meant."""
        messages = self.schema.messages
        if translation and item.key in self.schema.fields:
            self.report(messages.not_translatable, item.line, key=self.prefix + item.key)
            return ""
        close = difflib.get_close_matches(item.key.lower(), sorted(allowed), n=1, cutoff=0.5)
        self.report(messages.unknown, item.line, key=self.prefix + item.key,
                    suggestion=self.prefix + close[0] if close else "",
                    known=", ".join(self.prefix + k for k in sorted(allowed)))
        return close[0] if close else ""

    def dedented(self, items: list[Item],
                 allowed: set[str]) -> tuple[dict[int, dict[str, Any]], set[int]]:
        """Keys that belong to the block just above them (a gallery item's `alt`, a location's
        `lon`) but start at its parent's column: each is reported once, saying where it should
        start, and the block is checked as it was meant (with the key), so it is not also
        reported as missing it. → ({block's index: its keys and values}, their own indexes)."""
        moved: dict[int, dict[str, Any]] = {}
        dedented: set[int] = set()
        parent: int | None = None
        for index, item in enumerate(items):
            if item.key in allowed:
                parent = index
            elif parent is not None and self.report_dedented(item, items[parent]):
                moved.setdefault(parent, {})[item.key] = item.value
                dedented.add(index)
            else:
                parent = None
        return moved, dedented

    def report_dedented(self, item: Item, above: Item) -> bool:
        spec = self.schema.fields[above.key]
        if item.key not in nested_keys(spec) or not above.children:
            return False
        child = max(above.children.values())
        match = _CHILD.match(self.src.line(child) or "")
        if match is None:
            return False
        self.report(self.schema.messages.dedented, item.line, key=self.prefix + item.key,
                    parent=self.prefix + above.key, parent_line=above.line,
                    sibling=match["key"], sibling_line=child,
                    expected=len(match["indent"]) + len(match["dash"] or ""))
        return True

    def value(self, spec: Field, item: Item) -> Any:
        if spec.section is not None:
            return self.section(spec.section, item)
        assert spec.normalise is not None
        try:
            return spec.normalise(item.value, self.ctx)
        except Invalid as err:
            # Inside a list (gallery, sources), point at the item's own line.
            line = item.children.get(err.params.get("number", 0) - 1, item.line)
            self.report(err.code, line, **{"key": self.prefix + item.key, **err.params})
            return _FAILED

    def section(self, schema: Schema, item: Item) -> Any:
        if not isinstance(item.value, dict):
            self.report(self.schema.messages.not_mapping, item.line,
                        key=self.prefix + item.key, got=type_name(item.value))
            return _FAILED
        items = child_items(item.value, item.children, item.line)
        values, ok = schema.validate(items, self.src, self.ctx, self.problems, item.line,
                                     prefix=f"{self.prefix}{item.key}.", **self.context)
        self.ok = self.ok and ok
        return values if ok else _FAILED
