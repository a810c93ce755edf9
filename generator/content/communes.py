"""Which commune a site lies in, for drawing it as an approximate area when it has no
coordinates: from an explicit `area:` key, or else from the commune its address names.

Names are the communes of the prepared boundaries (theme/geo/communes.json) and are compared
folded (no diacritics, đ → d, lower case) and without their "xã"/"phường"/"thị trấn" prefix,
so `area: phuong nhon trach` and "Xã Nhơn Trạch" both name Nhơn Trạch. Addresses written after
the 2025 merger mention the former commune in parentheses marked "cũ" ("(xã Long Thọ cũ)"):
such a name is never taken for the site's commune.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.content.fields import Ctx
from generator.content.slugs import fold
from generator.problems import Invalid

COMMUNES_FILE = "communes.json"
_PREFIX = re.compile(r"^(?:xa|phuong|thi tran)\s+")
_FORMER = re.compile(r"\([^()]*\b(?:cu|former|old)\b[^()]*\)")
_PREFIXED = r"(?:^|[\s,;.])(?:xa|phuong|thi tran)\s+{name}(?=$|[\s,;.(])(?!\s+cu\b)"


def commune_names(geo_dir: Path) -> tuple[str, ...]:
    """The communes' short names (`name`, e.g. "Nhơn Trạch"); none when the theme has no file."""
    try:
        features = json.loads((geo_dir / COMMUNES_FILE).read_text("utf-8"))["features"]
    except (OSError, ValueError, KeyError, TypeError):
        return ()
    return tuple(sorted({str(f["properties"]["name"]) for f in features
                         if isinstance(f, dict) and f.get("properties", {}).get("name")}))


def _key(name: str) -> str:
    return _PREFIX.sub("", fold(name)).strip(" ,.")


def find_commune(name: str, communes: tuple[str, ...]) -> str | None:
    """The commune `name` names ("phường Nhơn Trạch", "nhon trach"), or None."""
    wanted = _key(name)
    return next((c for c in communes if _key(c) == wanted), None)


def commune_in_address(address: str, communes: tuple[str, ...]) -> str | None:
    """The known commune an address names, former communes ("(xã Phú Hội cũ)") left out.

    First a part between commas that is exactly a commune ("xã Phước An"), then a commune
    named with its prefix anywhere ("…, ấp 5 xã Phước An"); None when there is neither."""
    text = fold(address)
    while _FORMER.search(text):
        text = _FORMER.sub(" ", text)
    for part in re.split(r"[,;]", text):
        found = find_commune(part, communes)
        if found:
            return found
    for commune in communes:
        if re.search(_PREFIXED.format(name=re.escape(_key(commune))), text):
            return commune
    return None


def area(value: Any, ctx: Ctx) -> str:
    """`area:` names a commune of the map's boundaries."""
    found = find_commune(value, ctx.communes) if isinstance(value, str) else None
    if found is None:
        raise Invalid("unknown-area", value=str(value),
                      known=", ".join(ctx.communes) or "—")
    return found
