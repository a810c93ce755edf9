"""What every log format is reduced to: one request, with nothing kept beyond the tally."""

from __future__ import annotations

from typing import NamedTuple


class Hit(NamedTuple):
    """One request. `client` is the address (or a counter's session id) and is only ever fed
    to the visitor hash; `agent` None means the format does not record it (never a bot then);
    `bot` is set when the source already decided (GoatCounter's export)."""

    epoch: int  # seconds since 1970 (UTC)
    client: str
    method: str
    target: str  # path and query as requested, still percent-encoded
    status: int
    agent: str | None
    bot: bool | None = None
    referrer: str = ""  # only to recognise the service worker's own fetches (Referer: …/sw.js)


class Skip(Exception):  # noqa: N818 - a control-flow signal, not an error shown to anyone
    """A line that is malformed, truncated or not text: counted as skipped, never fatal."""
