"""The site config (`diachido.yml` at the project root), validated like an entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.frontmatter import Located, decode, parse_yaml
from generator.problems import Problems

CONFIG_NAME = "diachido.yml"
PLATE_TRIM_MM: dict[str, tuple[float, float]] = {  # size name → trim (width, height), portrait
    "A6": (105.0, 148.0), "A5": (148.0, 210.0), "A4": (210.0, 297.0), "board": (200.0, 300.0),
}
PLATE_SIZES = tuple(PLATE_TRIM_MM)  # the names; a tuple, so `in` accepts any YAML value
URL_RE = re.compile(r"^https?://[^\s/?#]+(/[^\s?#]*)?$")


@dataclass(frozen=True)
class Config:
    title: str = "Địa chỉ đỏ"
    title_en: str = "Red addresses"
    description: str = ""
    description_en: str = ""
    organisation: str = ""
    organisation_en: str = ""
    base_url: str = "https://example.org"
    plate_size: str = "A5"
    report_url: str = ""  # where "report a damaged plate" points: mailto:, https: form or issue
    plate_logo: str = ""  # project-relative PNG/JPEG drawn beside the code on every plate
    map_tiles: str = ""  # optional tile URL template, https://…/{z}/{x}/{y}.png (off by default)
    map_attribution: str = ""
    inspection_days: int = 365
    data_license: str = "CC BY 4.0"

    @property
    def base_path(self) -> str:
        """The URL path the site is served under, e.g. "/diachido" (no trailing slash)."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else ""

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path like "dinh-phu-my/" ("" is the home page)."""
        return f"{self.base_url}/{path}"


_TEXT_KEYS = ("title", "title_en", "description", "description_en", "organisation",
              "organisation_en", "data_license", "report_url")


def load_config(root: Path, problems: Problems, base_url: str | None = None) -> Config:
    """Read the config; a missing file means defaults, `--base-url` overrides the file."""
    path = root / CONFIG_NAME
    values: dict[str, object] = {}
    if path.is_file():
        src = decode(CONFIG_NAME, path.read_bytes(), problems)
        fields = parse_yaml(src, src.text, 1, problems) if src else None
        values = _validate(fields or {}, root, problems)
    config = Config(**values)
    if base_url is not None:
        config = replace(config, base_url=_base_url(base_url, "--base-url", None, problems))
    host = config.base_url.split("://", 1)[1].split("/", 1)[0]
    placeholder = host.startswith("example.") or ".example." in host or host.endswith(".example")
    if placeholder and (path.is_file() or base_url is not None):  # a project meant to publish
        problems.add("placeholder-base-url", CONFIG_NAME, severity="warning", value=config.base_url)
    return config


def _validate(fields: dict[str, Located], root: Path, problems: Problems) -> dict[str, object]:
    values: dict[str, object] = {}
    known = set(_TEXT_KEYS) | {"base_url", "plates", "map"}
    for key, item in fields.items():
        if key not in known:
            problems.add("config-unknown-key", CONFIG_NAME, item.line, key=key,
                         known=", ".join(sorted(known)))
        elif key == "base_url":
            values["base_url"] = _base_url(item.value, CONFIG_NAME, item.line, problems)
        elif key == "plates":
            values.update(_plates(item, root, problems))
        elif key == "map":
            values.update(_map(item, problems))
        elif isinstance(item.value, str):
            values[key] = item.value.strip()
        else:
            problems.add("config-not-text", CONFIG_NAME, item.line, key=key)
    return values


def _base_url(value: object, file: str, line: int | None, problems: Problems) -> str:
    text = str(value).strip().rstrip("/") if isinstance(value, str) else ""
    if not URL_RE.match(text):
        problems.add("bad-base-url", file, line, value=str(value))
        return Config.base_url
    return text


TILES_RE = re.compile(r"^https://[a-z0-9.-]+(:\d+)?/[^\s\"<>]*$")


def _map(item: Located, problems: Problems) -> dict[str, object]:
    """An optional tile layer: `map: {tiles: https://…/{z}/{x}/{y}.png, attribution: …}`."""
    value = item.value if isinstance(item.value, dict) else {}
    tiles = str(value.get("tiles", "")).strip()
    if set(value) - {"tiles", "attribution"} or not value:
        problems.add("config-unknown-key", CONFIG_NAME, item.line, key="map",
                     known="map.tiles, map.attribution")
        return {}
    if not (TILES_RE.match(tiles) and all(p in tiles for p in ("{z}", "{x}", "{y}"))):
        problems.add("bad-tiles", CONFIG_NAME, item.children.get("tiles", item.line),
                     value=tiles[:100])
        return {}
    return {"map_tiles": tiles, "map_attribution": str(value.get("attribution", "")).strip()}


def _plates(item: Located, root: Path, problems: Problems) -> dict[str, object]:
    if not isinstance(item.value, dict):
        problems.add("config-not-mapping", CONFIG_NAME, item.line, key="plates")
        return {}
    values: dict[str, object] = {}
    plates = item.value
    size = plates.get("size", "A5")
    if size not in PLATE_SIZES:
        problems.add("bad-plate-size", CONFIG_NAME, item.children.get("size", item.line),
                     value=str(size),
                     allowed=", ".join(PLATE_SIZES))
    else:
        values["plate_size"] = size
    if "report" in plates:
        report = str(plates["report"]).strip()
        if re.match(r"^(https?://[^\s\"<>]+|mailto:[^\s\"<>]+)$", report):
            values["report_url"] = report
        else:
            problems.add("bad-report-url", CONFIG_NAME, item.children.get("report", item.line),
                         value=report[:80])
    days = plates.get("inspection_days", 365)
    if isinstance(days, int) and not isinstance(days, bool) and days > 0:
        values["inspection_days"] = days
    else:
        problems.add("bad-inspection-days", CONFIG_NAME,
                     item.children.get("inspection_days", item.line), value=str(days))
    if "logo" in plates:
        logo = str(plates["logo"]).strip()
        path = (root / logo).resolve()
        if (root.resolve() not in path.parents or not path.is_file()
                or path.suffix.lower() not in (".png", ".jpg", ".jpeg")):
            problems.add("bad-logo", CONFIG_NAME, item.children.get("logo", item.line),
                         value=logo)
        else:
            values["plate_logo"] = logo
    unknown = set(plates) - {"size", "report", "inspection_days", "logo"}
    for key in sorted(unknown):
        problems.add("config-unknown-key", CONFIG_NAME, item.children.get(key, item.line),
                     key=f"plates.{key}",
                     known="plates.size, plates.report, plates.inspection_days, plates.logo")
    return values
