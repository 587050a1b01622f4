"""Customer.io's two event protocols read from requests, and a recorder that answers them locally
(so a test never sends events to Customer.io). research/customerio.md describes both SDKs."""

import json
import re
from urllib.parse import parse_qs, urlsplit

from heldback.configuration.catalog import CUSTOMERIO
from heldback.urls import vendor_of

# a request URL as the browser writes it: it keeps credentials and a host's trailing dots
HOSTS = re.compile(r"^https?://([^/@]*@)?([^/]+\.)?(" + "|".join(re.escape(h) for h in CUSTOMERIO.hosts) + r")\.*(:\d+)?/")
CDP_TYPES = {"i": "identify", "t": "track", "p": "page", "a": "alias", "g": "group", "s": "screen"}
GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
CORS = {"access-control-allow-origin": "*", "access-control-allow-headers": "*",
        "access-control-allow-methods": "GET,POST,OPTIONS"}


def event_of(method, url, body):
    """The event a request to an event endpoint carries, as {"sdk", "type", "args", "body", "visitor"},
    else None: the CDP SDK's ``POST /v1/<i|t|p|...>`` and the classic pixels ``GET /events/<kind>.gif``.
    ``visitor``: the SDK's anonymous id of the browser (CDP ``anonymousId``; the classic double's
    ``anon``, its _cioanonid cookie), or None.

    Both SDKs send events in parallel, so the order of arrival is not the order of the calls; read
    events in the order the browser issued the requests.
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
        return {"sdk": "cdp", "type": kind, "args": args, "body": event, "visitor": event.get("anonymousId"),
                "sent": event.get("timestamp", "")}
    if method == "GET" and (match := re.fullmatch(r"/events/(\w+)\.gif", parts.path)):
        query = parse_qs(parts.query)
        return {"sdk": "classic", "type": match.group(1), "args": json.loads(query.get("data", ["[]"])[0]), "body": query,
                "visitor": query.get("anon", [None])[0], "sent": int(query.get("n", ["0"])[0])}
    return None


def event_response(event):
    """What the recorder answers for an event: a pixel, or an empty JSON object."""
    if event["sdk"] == "classic":
        return 200, {"content-type": "image/gif", **CORS}, GIF
    return 200, {"content-type": "application/json", **CORS}, b"{}"


class CustomerIORecorder:
    """Routes every Customer.io host of a Playwright browser context: events are recorded and
    answered here; anything else (the SDK files) goes to ``answer(method, url, body)`` when given
    (sandbox.Sandbox: a local copy of the SDK), else on to the network. ``vendor``: the config's
    Customer.io (its ``hosts`` then count too, such as a proxy of the site's); default: the catalog's."""

    def __init__(self, context, answer=None, vendor=None):
        self.events = []
        self._answer = answer
        self._vendors = [vendor] if vendor else None
        context.on("request", self._seen)
        context.route(self._covers if vendor else HOSTS, self._route)  # a pattern is matched in the browser

    def _covers(self, url):
        return bool(vendor_of(url, self._vendors)) if self._vendors else bool(HOSTS.match(url))

    def _seen(self, request):  # in the order the browser issued the requests
        if self._covers(request.url) and (event := event_of(request.method, request.url, request.post_data_buffer)):
            # An SDK's events in the order it was called: a request may overtake an earlier one (WebKit's CDP SDK
            # posts a page() after the identify() that followed it; pixels race through a proxy), so each is
            # placed by when the SDK made it: the CDP event's timestamp (as Customer.io orders them), the double's n.
            at = len(self.events)
            while at and self.events[at - 1]["sdk"] == event["sdk"] and self.events[at - 1]["sent"] > event["sent"]:
                at -= 1
            self.events.insert(at, event)

    def _route(self, route, request):
        event = event_of(request.method, request.url, request.post_data_buffer)
        if event:
            status, headers, body = event_response(event)
        elif self._answer:
            status, headers, body = self._answer(request.method, request.url, request.post_data_buffer or b"")
        else:
            return route.continue_()
        route.fulfill(status=status, headers=headers, body=body)

    def calls(self, like=()):
        """The events as (type, *args), comparable with the calls a page made: ("track", "signed_up", {...}).

        Events are in the order the SDK stamped them. Two stamped in the same millisecond (a replay makes
        several in one task) may reach the network in either order, and nothing they carry tells which was
        called first: ``like`` (the calls expected) puts such a tie in its order, so that a comparison
        with it fails only on what can be seen: a call missing, added, changed or stamped out of order."""
        calls = [(event["type"], *event["args"]) for event in self.events]
        rank = {repr(call): at for at, call in reversed(list(enumerate(like)))}
        placed, start = [], 0
        for end in range(1, len(calls) + 1):
            if end == len(calls) or not self._tied(self.events[start], self.events[end]):
                placed += sorted(calls[start:end], key=lambda call: rank.get(repr(call), len(rank)))
                start = end
        return placed

    @staticmethod
    def _tied(one, other):
        return one["sdk"] == other["sdk"] == "cdp" and one["sent"] == other["sent"]

    def wait_for(self, page, count, keep=lambda call: True, timeout_ms=10_000, like=()):
        """calls(like) (those ``keep`` keeps) once there are at least ``count``."""
        for _ in range(max(1, timeout_ms // 100)):
            calls = [call for call in self.calls(like) if keep(call)]
            if len(calls) >= count:
                return calls
            page.wait_for_timeout(100)
        raise AssertionError(f"expected {count} events at Customer.io, got {self.calls()}")
