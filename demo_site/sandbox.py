"""A local stand-in for Customer.io: serves the real CDP SDK and a track.js double, records events.

Used twice: the demo server answers for the host ``cio-sandbox.localhost`` with it, and the
end-to-end tests route the real Customer.io hosts to it through Playwright, so test pages keep the
real snippets. It dispatches on the path only, so one instance serves every Customer.io host:

- ``/v1/analytics-js/snippet/<key>/analytics.min.js`` and ``/v1/analytics-js/<chunk>.js``: the real
  ``@customerio/cdp-analytics-browser`` from node_modules (research/customerio.md, B.7);
- ``/v1/projects/<key>/settings``: settings whose ``apiHost`` points back here;
- ``POST /v1/<i|t|p|...>``: CDP events, recorded;
- ``/assets/track.js``: the classic SDK's test double (track_double.js); its pixels
  ``GET /events/<kind>.gif`` are recorded.
"""

import json
import re
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SDK_DIR = ROOT / "node_modules" / "@customerio" / "cdp-analytics-browser" / "dist" / "umd"
TRACK_DOUBLE = Path(__file__).resolve().parent / "track_double.js"
CORS = {"access-control-allow-origin": "*", "access-control-allow-headers": "*",
        "access-control-allow-methods": "GET,POST,OPTIONS"}
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
CDP_TYPES = {"i": "identify", "t": "track", "p": "page", "a": "alias", "g": "group", "s": "screen"}


class Sandbox:
    def __init__(self, api_host="cdp.customer.io/v1", protocol="https"):
        """``api_host``/``protocol``: where the SDK is told to send events (the settings' apiHost)."""
        if not (SDK_DIR / "standalone.js").exists():
            raise FileNotFoundError(f"{SDK_DIR / 'standalone.js'} is missing: run `npm ci` in {ROOT}")
        self.api_host = api_host
        self.protocol = protocol
        self.events = []  # in arrival order: {"sdk", "type", "args", "body"}
        self._lock = threading.Lock()

    def settings(self, write_key):
        return {"integrations": {"Customer.io Data Pipelines": {
            "apiKey": write_key, "apiHost": self.api_host, "protocol": self.protocol}}}

    def calls(self):
        """The recorded events as (type, *args), comparable with the calls a page queued."""
        with self._lock:
            return [(event["type"], *event["args"]) for event in self.events]

    def clear(self):
        with self._lock:
            self.events.clear()

    def respond(self, method, url, body=b""):
        """(status, headers, body) for one request."""
        parts = urlsplit(url)
        path = parts.path
        if method == "OPTIONS":
            return 204, CORS, b""
        if match := re.fullmatch(r"/v1/analytics-js/snippet/[\w-]+/analytics\.min\.js", path):
            return self._file(SDK_DIR / "standalone.js")
        if match := re.fullmatch(r"/v1/analytics-js/([\w.-]+\.js)", path):
            return self._file(SDK_DIR / match.group(1))
        if match := re.fullmatch(r"/v1/projects/([\w-]+)/settings", path):
            return 200, {"content-type": "application/json", **CORS}, json.dumps(self.settings(match.group(1))).encode()
        if re.fullmatch(r"/assets/track(-eu)?\.js", path):
            return self._file(TRACK_DOUBLE)
        if event := event_of(method, url, body):
            with self._lock:
                self.events.append(event)
            if event["sdk"] == "classic":
                return 200, {"content-type": "image/gif", **CORS}, GIF
            return 200, {"content-type": "application/json", **CORS}, b"{}"
        return 404, CORS, b"not part of the sandbox"

    @staticmethod
    def _file(path):
        if not path.exists():
            return 404, CORS, b"no such file"
        return 200, {"content-type": "application/javascript", **CORS}, path.read_bytes()


def event_of(method, url, body):
    """The event a request to an event endpoint carries, as {"sdk", "type", "args", "body"}, else None.

    Both SDKs send events in parallel, so the order of arrival is not the order of the calls; tests
    read events in the order the browser issued the requests, through this same function.
    """
    parts = urlsplit(url)
    if method == "POST" and (match := re.fullmatch(r"/v1/(\w)", parts.path)):
        event = json.loads(body or b"{}")
        kind = CDP_TYPES.get(match.group(1), match.group(1))
        if kind == "identify":
            args = [event.get("userId"), event.get("traits", {})]
        elif kind == "track":
            args = [event.get("event"), event.get("properties", {})]
        elif kind == "page":
            args = [event.get("properties", {}).get("path")]
        else:
            args = []
        return {"sdk": "cdp", "type": kind, "args": args, "body": event}
    if method == "GET" and (match := re.fullmatch(r"/events/(\w+)\.gif", parts.path)):
        query = parse_qs(parts.query)
        return {"sdk": "classic", "type": match.group(1), "args": json.loads(query.get("data", ["[]"])[0]), "body": query}
    return None
