"""Caddy's access log: one JSON object per line (`log { format json }`, the default), e.g.

    {"level":"info","ts":1765163732.5,"logger":"http.log.access","msg":"handled request",
     "request":{"remote_ip":"…","method":"GET","uri":"/q/NT01","headers":{"User-Agent":[…]}},
     "status":200}
"""

from __future__ import annotations

import json
from typing import Any

from generator.stats.hits import Hit, Skip


def detect(line: str) -> bool:
    if not line.startswith("{"):
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, dict) and isinstance(value.get("request"), dict) and "ts" in value


class Caddy:
    name = "caddy"

    def parse(self, line: str) -> Hit:
        try:
            value: Any = json.loads(line)
            request = value["request"]
            client = request.get("client_ip") or request.get("remote_ip") or ""
            headers = request.get("headers") or {}
            agents = headers.get("User-Agent") or [""]
            uri, method = request["uri"], request["method"]
            hit = Hit(int(float(value["ts"])), str(client), str(method), str(uri),
                      int(value["status"]), str(agents[0]),
                      referrer=str((headers.get("Referer") or [""])[0]))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError,
                OverflowError, RecursionError):
            raise Skip from None
        if not hit.target.startswith("/"):
            raise Skip
        return hit
