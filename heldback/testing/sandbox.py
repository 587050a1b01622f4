"""A local stand-in for Customer.io: serves the real CDP SDK and a track.js double, records events.

The pytest plugin's ``cmp_customerio`` answers a site's Customer.io hosts with it, the demo server
answers for the host ``cio-sandbox.localhost``, and this project's end-to-end tests route the real
Customer.io hosts to it through Playwright, so pages keep the real snippets. It dispatches on the
path only, so one instance serves every Customer.io host:

- ``/v1/analytics-js/snippet/<key>/analytics.min.js`` and ``/v1/analytics-js/<chunk>.js``: the real
  ``@customerio/cdp-analytics-browser`` (research/customerio.md, B.7), from the node_modules of the
  current folder or of this project's checkout (``npm install @customerio/cdp-analytics-browser``);
  without it, a 404 that says so;
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

from heldback.testing.customerio import CORS, event_of, event_response

SDK_PACKAGE = Path("node_modules", "@customerio", "cdp-analytics-browser", "dist", "umd")
CHECKOUT = Path(__file__).resolve().parents[2]
TRACK_DOUBLE = Path(__file__).resolve().parent / "track_double.js"  # a faithful double: track.js is not on npm


def sdk_dir():
    """Where the real CDP SDK is: the current folder's node_modules, else the checkout's, else None."""
    return next((base / SDK_PACKAGE for base in (Path.cwd(), CHECKOUT) if (base / SDK_PACKAGE / "standalone.js").exists()),
                None)


class Sandbox:
    def __init__(self, api_host="cdp.customer.io/v1", protocol="https"):
        """``api_host``/``protocol``: where the SDK is told to send events (the settings' apiHost)."""
        self.sdk = sdk_dir()
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
        if re.fullmatch(r"/v1/analytics-js/snippet/[\w-]+/analytics\.min\.js", path):
            return self._sdk_file("standalone.js")
        if match := re.fullmatch(r"/v1/analytics-js/([\w.-]+\.js)", path):
            return self._sdk_file(match.group(1))
        if match := re.fullmatch(r"/v1/projects/([\w-]+)/settings", path):
            return 200, {"content-type": "application/json", **CORS}, json.dumps(self.settings(match.group(1))).encode()
        if re.fullmatch(r"/assets/track(-eu)?\.js", path):
            return self._file(TRACK_DOUBLE)
        if event := event_of(method, url, body):
            with self._lock:
                self.events.append(event)
            return event_response(event)
        return 404, CORS, b"not part of the sandbox"

    def _sdk_file(self, name):
        if self.sdk is None:
            return 404, CORS, b"the Customer.io CDP SDK is not installed: npm install @customerio/cdp-analytics-browser"
        return self._file(self.sdk / name)

    @staticmethod
    def _file(path):
        if not path.exists():
            return 404, CORS, b"no such file"
        return 200, {"content-type": "application/javascript", **CORS}, path.read_bytes()

