"""ASCII slugs from Vietnamese names (đ has no decomposition, so it is mapped by hand)."""

import re
import unicodedata


def slugify(name: str) -> str:
    """"Đình Phú Mỹ" → "dinh-phu-my"."""
    text = name.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")



_MARKS = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Search form of a text: no diacritics, lower case ("Đình Phú Mỹ" → "dinh phu my").

    theme/static/site.js folds the visitor's query the same way (NFD, then drop U+0300–U+036F)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # NFC after dropping the marks: Hangul, decomposed by NFD, is whole syllables again.
    return " ".join(unicodedata.normalize("NFC", _MARKS.sub("", text)).lower().split())
