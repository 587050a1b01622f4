# Network APIs: a request to a vendor whose category is not granted fails the way a network error
# would (a rejected fetch, an XHR error with status 0, a closed socket, a WebTransport that never
# connects, an ICE server that does not answer, a payment method that cannot be used); it is not sent later. XHR,
# EventSource and WebSocket get a dead URL instead, which a strict connect-src reports as a violation.
# A URL is converted to a string once, and that string is both checked and passed on.

from .dom import node_base
from .guard import blocked, DEAD_URL
from .natives import (
    array_from, assign_to, call_with, construct_with, define, new_table, replace_constructor, request_url,
    set_prototype, text_index, text_slice, type_of,
)
from ..browser import RawJS

UNREACHABLE_SOCKET = "ws://127.0.0.1:1/"  # port 1 is refused by browsers before any connection
UNREACHABLE_TRANSPORT = "https://127.0.0.1:1/"  # (a WebTransport's, a payment method's)


def guard_network(win):
    fetch = win.fetch
    open_request = win.XMLHttpRequest.prototype.open
    navigator = win.navigator
    beacon = navigator.sendBeacon
    page = win.document

    def guarded_fetch(*args):
        if blocked(url_of(args), node_base(page)):  # as a network error does; no request, so no CSP report either
            return win.Promise.reject(win.TypeError("Failed to fetch"))
        return call_with(fetch, win, args)

    def guarded_open(this, *args):
        if len(args) > 1:
            args[1] = str(args[1])
            if blocked(args[1], node_base(page)):
                args[1] = DEAD_URL
        call_with(open_request, this, args)

    def guarded_beacon(*args):  # a beacon that cannot be delivered still reports "queued"
        if len(args):
            args[0] = str(args[0])
        return True if len(args) and blocked(args[0], node_base(page)) else call_with(beacon, navigator, args)

    fetch_later = win.fetchLater

    def guarded_fetch_later(*args):  # a deferred request that fails is never seen by the page
        if blocked(url_of(args), node_base(page)):
            return {"activated": False}
        return call_with(fetch_later, win, args)

    win.fetch = guarded_fetch
    if fetch_later:
        win.fetchLater = guarded_fetch_later
    define(win.XMLHttpRequest.prototype, "open", guarded_open)
    define(navigator, "sendBeacon", guarded_beacon)
    if win.Worklet:  # CSS.paintWorklet, audioWorklet...: a module from a vendor is never fetched
        add_module = win.Worklet.prototype.addModule

        def guarded_add_module(this, *args):
            if blocked(url_of(args), node_base(page)):
                return win.Promise.reject(win.DOMException("Unable to load a worklet's module.", "AbortError"))
            return call_with(add_module, this, args)

        define(win.Worklet.prototype, "addModule", guarded_add_module)
    wrap_constructor(win, "WebSocket", UNREACHABLE_SOCKET)
    wrap_constructor(win, "EventSource", DEAD_URL)
    if win.WebTransport:
        wrap_constructor(win, "WebTransport", UNREACHABLE_TRANSPORT)
    if win.RTCPeerConnection:
        guard_peer_connections(win)
    if win.PaymentRequest:
        guard_payments(win)


def guard_payments(win):
    """A PaymentRequest's payment method at a vendor not granted (its manifest is fetched) gets an
    unreachable URL: the method is then one this browser cannot use."""
    Native = win.PaymentRequest
    page = win.document

    def construct(this, *args):
        if len(args) and args[0]:
            methods = []
            for method in array_from(args[0]):
                method = assign_to(new_table(None), method)  # read once: what is checked is what is fetched
                if blocked(str(method.supportedMethods), node_base(page)):
                    method.supportedMethods = UNREACHABLE_TRANSPORT
                methods[len(methods)] = method
            args[0] = methods
        return construct_with(Native, args, RawJS("new.target") or Native)

    replace_constructor(win, "PaymentRequest", construct)


def guard_peer_connections(win):
    """An RTCPeerConnection gets no STUN or TURN server of a vendor not granted (ICE would send it the
    visitor's addresses): such a server is left out, as one that does not answer."""
    Native = win.RTCPeerConnection
    set_configuration = Native.prototype.setConfiguration
    page = win.document

    def checked(config):
        if not config or type_of(config) != "object":
            return config
        config = assign_to(new_table(None), config)  # read once: what is checked is what ICE gets
        servers = []
        for server in array_from(config.iceServers or []):
            urls = server.urls
            urls = [str(urls)] if type_of(urls) == "string" else array_from(urls or [])
            if not any_blocked(urls, node_base(page)):
                servers[len(servers)] = set_prototype({"urls": urls, "username": server.username,
                                                       "credential": server.credential}, None)
        if config.iceServers:
            config.iceServers = servers
        return config

    def construct(this, *args):
        if len(args):
            args[0] = checked(args[0])
        return construct_with(Native, args, RawJS("new.target") or Native)

    def configure(this, *args):
        if len(args):
            args[0] = checked(args[0])
        return call_with(set_configuration, this, args)

    replace_constructor(win, "RTCPeerConnection", construct)
    define(Native.prototype, "setConfiguration", configure)


def any_blocked(urls, base):
    """Whether one of an ICE server's URLs (stun:host:port, turn:host?transport=tcp) is a vendor's."""
    for url in urls:
        url = str(url)
        rest = text_slice(url, text_index(url, ":") + 1)
        query = text_index(rest, "?")
        if blocked("https://" + (text_slice(rest, 0, query) if query >= 0 else rest) + "/", base):
            return True
    return False


def url_of(args):
    """The URL a fetch of `args` requests: a Request's own, read natively (the page cannot disguise
    one), else the first argument as a string, which then replaces it (converted once)."""
    try:
        return request_url(args[0])
    except Exception:
        url = str(args[0])
        if len(args):
            args[0] = url
        return url


def wrap_constructor(win, name, dead_url):
    Native = win[name]
    page = win.document

    def construct(this, url, options):
        url = str(url)
        return Native(dead_url if blocked(url, node_base(page)) else url, options)

    replace_constructor(win, name, construct)
