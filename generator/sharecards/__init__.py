"""Share cards: the Open Graph image of each page, drawn and produced (mirrors plates/)."""
