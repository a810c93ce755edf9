"""Files for the host rather than the visitor: `_headers` (the policy as real HTTP headers, for
hosts that read the file) and the service worker (what a phone keeps for when the signal drops)."""

from __future__ import annotations

import json

from generator.outputs.digests import key
from generator.outputs.plan import Output
from generator.outputs.urls import Urls
from generator.render.admin import ADMIN_CSP
from generator.render.theme import Theme


def headers(base: str, csp: str) -> Output:
    """`_headers` for hosts that read it (Netlify, Cloudflare Pages): the same policy as the
    pages' meta tag, plus what only a header can say (frame-ancestors, nosniff)."""
    text = (
        f"{base}/*\n"
        f"  Content-Security-Policy: {csp}; frame-ancestors 'none'\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        f"{base}/media/*\n"
        "  Cache-Control: public, max-age=31536000, immutable\n"
        f"{base}/sw.js\n"
        "  Cache-Control: no-cache\n"
        # The editor runs its own inline styles: Cloudflare's "!" detaches the site policy.
        f"{base}/admin/*\n"
        "  ! Content-Security-Policy\n"
        f"  Content-Security-Policy: {ADMIN_CSP}; frame-ancestors 'none'\n"
        "  X-Robots-Tag: noindex\n"
        "  Cache-Control: no-cache\n"
    ).encode()
    return Output("_headers", key("headers", text), lambda: text)


def service_worker(theme: Theme, urls: Urls, tags: tuple[str, ...],
                   outputs: list[Output]) -> Output:
    """`sw.js`, versioned by every other output's key so a new build replaces the old cache."""
    version = key(*sorted(o.key for o in outputs))[:12]
    # Every language's home (a switch offline still lands somewhere), one map (the largest
    # page: a visitor offline in another language gets the default one).
    homes = [urls.page(lang) or "./" for lang in tags]
    precache = [*homes, "map/", "q/", "404.html", "assets/site.js", "favicon.svg"]
    text = theme.render("sw.js", version=json.dumps(version),
                        precache=json.dumps(precache), timeout_ms=4000)
    return Output("sw.js", key("sw", version), lambda: text)
