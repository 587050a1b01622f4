# consent-worker.js: the guard in a worker's global. Every worker the page makes starts here
# (stage1/workers.py says how, and what this is told); this runs before the worker's own script, then
# runs it: importScripts, or import() for a module. From then on a request to a vendor not granted when
# the worker was made fails as a network error would: fetch, XMLHttpRequest, importScripts, WebSocket,
# EventSource, the Cache API's add; the workers it makes start here too. Relative URLs resolve against
# the worker's own script, as without the guard, and `location` is the script's. Built like the
# service worker over natives.py and hosts.py: what it holds, no later code of the worker reaches.

from .stage1.hosts import category_of, NativeURL
from .stage1.natives import (
    array_from, call_with, define, define_accessor, new_table, replace_constructor, request_url, set_timeout, table_of,
    text_slice, url_href,
)
from .stage1.workers import BOOT, guard_workers, worker
from .browser import Blob, decodeURIComponent, globalThis, importScripts, JSON, location, MessageEvent, RawJS, URL

DEAD_URL = "about:invalid"
UNREACHABLE_SOCKET = "ws://127.0.0.1:1/"


def told():
    """What stage 1 told this worker: in its global (a data: worker), else in its URL's fragment."""
    text = globalThis[BOOT]
    if text:
        del globalThis[BOOT]
        return JSON.parse(text)
    return JSON.parse(decodeURIComponent(text_slice(location.hash, 1)))


boot = told()
granted = table_of(boot.granted)
script = boot.script
worker.file = boot.file
native_import = importScripts
NativeRequest = globalThis.XMLHttpRequest
native_open = NativeRequest.prototype.open if NativeRequest else None


def blocked(url):
    key = category_of(url, script)
    return key and not granted[key]


def absolute(url):
    """`url` resolved against the worker's own script (not against this file); as it is where it
    cannot be (the native call then fails as it would)."""
    url = str(url)
    try:
        return url_href(NativeURL(url, script))
    except Exception:
        return url


def requested(args):
    """The URL a fetch or a cache's add of `args` requests: a Request's own, read natively, else the
    first argument resolved (it then replaces it)."""
    try:
        return request_url(args[0])
    except Exception:
        if len(args):
            args[0] = absolute(args[0])
            return args[0]
        return None


def guard_fetch(scope):
    fetch = scope.fetch

    def guarded_fetch(*args):
        if blocked(requested(args)):
            return scope.Promise.reject(scope.TypeError("Failed to fetch"))
        return call_with(fetch, scope, args)

    scope.fetch = guarded_fetch


def guard_cache(proto, name):
    add = proto[name]

    def guarded_add(this, *args):
        requests = args[0] if name == "addAll" and len(args) else [args[0]] if len(args) else []
        copied = []
        for request in array_from(requests):  # read once: what is checked is what the cache fetches
            checked = [request]
            if blocked(requested(checked)):
                return globalThis.Promise.reject(globalThis.TypeError("Failed to fetch"))
            copied[len(copied)] = checked[0]
        if len(args):
            args[0] = copied if name == "addAll" else copied[0]
        return call_with(add, this, args)

    define(proto, name, guarded_add)


def guarded_import(*urls):
    at = 0
    while at < len(urls):
        urls[at] = absolute(urls[at])
        if blocked(urls[at]):
            throw_error(globalThis.DOMException("Failed to execute 'importScripts': the script at '" + urls[at]
                                                + "' failed to load.", "NetworkError"))
        at += 1
    call_with(native_import, globalThis, urls)


def guard_open(proto):
    open_request = proto.open

    def guarded_open(this, *args):
        if len(args) > 1:
            args[1] = absolute(args[1])
            if blocked(args[1]):
                args[1] = DEAD_URL
        call_with(open_request, this, args)

    define(proto, "open", guarded_open)


def guard_constructor(name, dead_url):
    Native = globalThis[name]

    def construct(this, url, options):
        url = absolute(url)
        return Native(dead_url if blocked(url) else url, options)

    replace_constructor(globalThis, name, construct)


def hold_events(names):
    """Events that reach a module worker before its script has run (messages, a shared worker's
    connect) wait, and go to it once it has: without the guard the browser would hold them so."""
    waiting = new_table(None)
    waiting.events = []

    def hold(event):
        if waiting.events:
            event.stopImmediatePropagation()
            waiting.events.push(event)

    def release():
        events = waiting.events
        waiting.events = None
        for event in events:
            globalThis.dispatchEvent(MessageEvent(event.type, {"data": event.data, "origin": event.origin,
                                                                "lastEventId": event.lastEventId,
                                                                "ports": array_from(event.ports)}))

    for name in names:
        globalThis.addEventListener(name, hold)
    return release


def run_module():
    release = hold_events(["message", "connect"])

    def failed(error):  # as a script that fails to load: an error event at the worker, in the page
        release()
        set_timeout(lambda: throw_error(error))

    RawJS("import(script)").then(release, failed)


def as_javascript(url):
    """A blob: script as a blob of JavaScript: Firefox's importScripts refuses one without a
    JavaScript type, which it runs as a worker's own script."""
    request = NativeRequest()
    call_with(native_open, request, ["GET", url, False])
    request.overrideMimeType("text/plain")  # (else Firefox reads a blob without a type as XML)
    request.send()
    return URL.createObjectURL(Blob([request.responseText], {"type": "text/javascript"}))


def throw_error(error):
    raise error


guard_fetch(globalThis)
if globalThis.XMLHttpRequest:  # (not in every engine's shared workers)
    guard_open(globalThis.XMLHttpRequest.prototype)
if globalThis.Cache:
    guard_cache(globalThis.Cache.prototype, "add")
    guard_cache(globalThis.Cache.prototype, "addAll")
for name, dead_url in [["WebSocket", UNREACHABLE_SOCKET], ["EventSource", DEAD_URL]]:
    if globalThis[name]:
        guard_constructor(name, dead_url)
guard_workers(globalThis, lambda: script, lambda: boot.granted)
globalThis.importScripts = guarded_import
try:
    define_accessor(globalThis, "location", lambda: NativeURL(script), None)
except Exception:
    pass
if boot.module:
    run_module()
elif text_slice(script, 0, 5) == "blob:":
    native_import(as_javascript(script))
else:
    native_import(script)
