"""Every interface catalogue in theme/i18n/ has every string of the Vietnamese one, with the same
placeholders; a failure lists each missing or mismatched string, per language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

I18N = Path(__file__).resolve().parent.parent / "theme" / "i18n"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def strings(node: object, prefix: str = "") -> dict[str, object]:
    """Dotted key → value for every leaf (lists stay whole: month names, table columns)."""
    if isinstance(node, dict):
        out: dict[str, object] = {}
        for key, value in node.items():
            out.update(strings(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: node}


BASE = strings(yaml.safe_load((I18N / "vi.yml").read_text("utf-8")))
TAGS = sorted(path.stem for path in I18N.glob("*.yml") if path.stem != "vi")


def test_the_bundled_languages_are_there():
    assert {"en", "ko", "zh-Hans"} <= set(TAGS)


@pytest.mark.parametrize("tag", TAGS)
def test_catalogue_is_complete(tag):
    catalogue = strings(yaml.safe_load((I18N / f"{tag}.yml").read_text("utf-8")))
    missing = sorted(set(BASE) - set(catalogue))
    extra = sorted(set(catalogue) - set(BASE))
    assert not missing and not extra, f"{tag}.yml: missing {missing}; not in vi.yml {extra}"
    mismatched = []
    for key, value in BASE.items():
        other = catalogue[key]
        if isinstance(value, list):
            if not isinstance(other, list) or len(other) != len(value):
                mismatched.append(key)
        elif key.startswith("date_formats."):  # each language orders the parts its way
            if not set(PLACEHOLDER.findall(str(other))) <= {"d", "m", "y", "month"}:
                mismatched.append(key)
        elif set(PLACEHOLDER.findall(str(value))) != set(PLACEHOLDER.findall(str(other))):
            mismatched.append(key)
    assert not mismatched, f"{tag}.yml: placeholders or list lengths differ for {mismatched}"
