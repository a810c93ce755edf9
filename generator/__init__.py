"""diachido: entries in, a fast mobile heritage website and its QR plates out.

The pipeline reads as its modules: config → content (load + validate) → model → render pages,
media and plates → output (atomic write). `build.build_site` runs it end to end.
"""

__version__ = "0.1.0"
