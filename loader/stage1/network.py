# Network APIs: a request to a vendor whose category is not granted fails the way a network error
# would (a rejected fetch, an XHR error with status 0, a closed socket); it is not sent later. XHR,
# EventSource and WebSocket get a dead URL instead, which a strict connect-src reports as a violation.

UNREACHABLE_SOCKET = "ws://127.0.0.1:1/"  # port 1 is refused by browsers before any connection


def guard_network(win):
    fetch = win.fetch
    open_request = win.XMLHttpRequest.prototype.open
    navigator = win.navigator
    beacon = navigator.sendBeacon

    def guarded_fetch(*args):
        url = args[0].url if isinstance(args[0], win.Request) else args[0]
        if blocked(url):  # as a network error does; no request, so no CSP report either
            return win.Promise.reject(win.TypeError("Failed to fetch"))
        return fetch.apply(win, args)

    def guarded_open(this, *args):
        if blocked(args[1]):
            args[1] = DEAD_URL
        open_request.apply(this, args)

    def guarded_beacon(*args):  # a beacon that cannot be delivered still reports "queued"
        return True if blocked(args[0]) else beacon.apply(navigator, args)

    win.fetch = guarded_fetch
    define(win.XMLHttpRequest.prototype, "open", guarded_open)
    define(navigator, "sendBeacon", guarded_beacon)
    wrap_constructor(win, "WebSocket", UNREACHABLE_SOCKET)
    wrap_constructor(win, "EventSource", DEAD_URL)


def wrap_constructor(win, name, dead_url):
    Native = win[name]

    def construct(this, url, options):
        return Native(dead_url if blocked(url) else url, options)

    construct.prototype = Native.prototype  # instanceof and the constants keep working
    Object.setPrototypeOf(construct, Native)
    win[name] = construct
