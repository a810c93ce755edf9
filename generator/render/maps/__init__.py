"""Maps: boundaries, the SVG map, tiles and the map page."""
