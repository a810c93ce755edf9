"""ASCII slugs from Vietnamese names (đ has no decomposition, so it is mapped by hand)."""

import re
import unicodedata


def slugify(name: str) -> str:
    """"Đình Phú Mỹ" → "dinh-phu-my"."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")

