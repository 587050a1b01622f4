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
from urllib.parse import urlsplit

from cmp.testing.customerio import CORS, event_of, event_response

ROOT = Path(__file__).resolve().parent.parent
SDK_DIR = ROOT / "node_modules" / "@customerio" / "cdp-analytics-browser" / "dist" / "umd"
TRACK_DOUBLE = Path(__file__).resolve().parent / "track_double.js"


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
            return event_response(event)
        return 404, CORS, b"not part of the sandbox"

    @staticmethod
    def _file(path):
        if not path.exists():
            return 404, CORS, b"no such file"
        return 200, {"content-type": "application/javascript", **CORS}, path.read_bytes()

