# window.cmp from the first moment, and the hand-over to the first layer and stage 2.
#
# API calls and clicks on [data-cmp-action] elements go, in order, to whichever of them is needed:
# the first layer (consent-banner.<language>.js: accept all, reject all, close) or stage 2 (consent-app.js:
# everything, loaded only when asked for more). Until the one needed is attached they are kept in
# page_view.pending, and asking loads it; once stage 2 is asked for, everything waits for it, so the
# order holds. This click listener stays the one entry point for every CMP control on the page.
#
# The hand-over is a capability, not a global object: window[MARK] (heldback/core/handover.py) is a
# function that answers once, to the script element stage 1 itself made for the first layer or for
# stage 2, while it runs (the browser's own document.currentScript, captured now, says which script
# runs; a page script never is ours). It gives that layer a frozen hand-over (handover_for, its fields declared in heldback/core/handover.py) through which it
# can hand over a decision only as a consent record: stage 1 reads the record itself, carries it
# out, announces it (cmp:consent, the other tabs, the receipt). The grant table, the state and
# everything else here stay private.

from .baked import APP_FILE, BANNER_FILES, COOKIE, FIRST_LAYER, MARK
from .dom import (
    get_attribute, has_attribute, host_of, list_length, node_type, root_of, select_page, write_cookie,
)
from .guard import granted
from .language import language
from .natives import (
    call_with, define_property, getter, has_own, keys_of, list_join, new_table, now, split_text, table_of,
    text_lower, uncurry,
)
from .record import parse_record
from .release import apply
from .strict import strict, trusted
from ..browser import console, CustomEvent, Document, document, EventTarget, Object, URL, window

QUEUED_METHODS = ["acceptAll", "rejectAll", "setConsent", "withdraw", "showPreferences"]

# Stage 1's state for this page view (never handed out): state (what getConsent() returns; none while undecided),
# app and first (stage 2's and the first layer's handler(kind, name, detail) once attached), mode
# (this page's), base (where our files are), ready, deferred (something waits for stage 2), scripts
# (the script element made for each layer, until it connects), pending and waiting. No prototype.
STAGE1 = MARK
FIRST = table_of(FIRST_LAYER)  # the actions and methods the first layer carries out (heldback/core/policy.py)
page_view = new_table(None)
page_view.pending = []  # ["call", method, args] and ["click", action, element]
page_view.waiting = []  # onReady callbacks
page_view.scripts = new_table(None)  # "first" and "app" -> the script element stage 1 made for it
current_script = getter(Document.prototype, "currentScript")
freeze = Object.freeze
dispatch = uncurry(EventTarget.prototype.dispatchEvent)
NativeCustomEvent = CustomEvent


def forward(kind, name, detail):
    if page_view.app:
        page_view.app(kind, name, detail)  # its result is a Brython object: not for the page
    elif FIRST[name] and not page_view.deferred:
        if page_view.first:
            page_view.first(kind, name, detail)
        else:
            page_view.pending.push([kind, name, detail])
            load_first()
    else:
        defer(kind, name, detail)


def defer(kind, name, detail):
    page_view.deferred = True  # from now on everything waits for stage 2, in order
    page_view.pending.push([kind, name, detail])
    load_app()


def api_method(method):
    def call(*args):
        forward("call", method, args)
    return call


def get_consent():
    """A copy of the state (its vendors too): what the page does with it changes nothing here."""
    if not page_view.state:
        return None
    copy = Object.assign({}, page_view.state)
    copy.vendors = Object.assign({}, page_view.state.vendors)
    return copy


def on_ready(callback):
    if page_view.ready:
        run_callback(callback)
    else:
        page_view.waiting.push(callback)


def run_callback(callback):
    try:
        callback(window.cmp)
    except Exception as error:
        console.error("cmp: onReady", error)


def mark_ready():
    page_view.ready = True
    waiting = page_view.waiting
    page_view.waiting = []
    for callback in waiting:
        run_callback(callback)


def attach(handler):
    """Stage 2 takes over (once): it gets everything kept so far, in order, then every later call and click."""
    if not page_view.app:
        page_view.app = handler
        replay(handler)


def attach_first(handler):
    """The first layer is ready (once): it gets what was kept for it, unless stage 2 was asked for
    meanwhile (then all of it waits for stage 2, in order)."""
    if not page_view.first:
        page_view.first = handler
        if not page_view.deferred:
            replay(handler)


def decided(value):
    """A layer recorded a decision: `value` is the consent cookie's value it wrote (or tried to:
    cookies may be off). Stage 1 reads it as it reads the cookie, carries out what it grants,
    tells the other tabs and the receipt endpoint, and dispatches cmp:consent. Anything but a valid,
    current record changes nothing. Returns getConsent()'s object, or None."""
    record = parse_record(COOKIE + "=" + value) if str(value) == value else None
    if not record:
        console.error("cmp: not a consent record", value)
        return None
    apply(record, True)
    dispatch(window, NativeCustomEvent("cmp:consent", {"detail": get_consent()}))
    return get_consent()


def granted_now(key):
    return granted[key] is True


def is_deferred():
    return page_view.deferred is True


def connect():
    """window[MARK](): the handover, once, for the layer whose script stage 1 made and which runs now."""
    script = current_script(document)
    for layer in ["first", "app"]:
        if script and page_view.scripts[layer] is script:
            page_view.scripts[layer] = None
            return handover_for(layer)
    return None


def handover_for(layer):
    """What a layer may do: attach its handler (once), hand over a decision as a record, read the
    state, ask for stage 2 or pass a call or click on to it. The first layer also gets the natives it
    decides with (captured before the page's scripts ran)."""
    handover = new_table(None)
    handover.attach = attach_first if layer == "first" else attach
    handover.decided = decided
    handover.state = get_consent
    handover.granted = granted_now
    handover.deferred = is_deferred
    handover.defer = defer
    handover.load_app = load_app
    handover.mode = page_view.mode
    if layer == "first":
        handover.natives = freeze({"split_text": split_text, "text_lower": text_lower, "keys_of": keys_of,
                               "has_own": has_own, "list_join": list_join, "write_cookie": write_cookie, "now": now})
    return freeze(handover)


def replay(handler):
    pending = page_view.pending
    page_view.pending = []
    for call in pending:  # each the handler's arguments: kind, name, detail
        try:
            call_with(handler, None, call)
        except Exception as error:
            console.error("cmp:", call[0], error)
    mark_ready()


def on_click(event):
    for node in event.composedPath():  # through the banner's shadow root, up to the document
        if node is not window and node_type(node) == 1 and has_attribute(node, "data-cmp-action"):
            if not event.isTrusted and in_layer(node):  # a script's click on our banner is not the visitor's
                return None
            event.preventDefault()
            return forward("click", get_attribute(node, "data-cmp-action"), node)


def in_layer(node):
    """Whether `node` is in the shadow root of one of our layers (<div data-cmp-root>)."""
    try:
        return has_attribute(host_of(root_of(node)), "data-cmp-root")
    except Exception:  # its root is no shadow root
        return False


def load_script(url, layer):
    """Load a script of ours asynchronously; the element is remembered as `layer`'s, which may then
    connect (connect). If it cannot load, everything simply stays held."""
    script = document.createElement("script")
    script["async"] = True

    def failed():
        console.error("cmp: cannot load " + url)  # vendors stay held

    script.addEventListener("error", failed)
    script.nonce = strict.nonce
    script.src = trusted("ScriptURL", url)
    page_view.scripts[layer] = script
    document.head.appendChild(script)


def load_app():
    """Load stage 2, once."""
    if not page_view.app_requested:
        page_view.app_requested = True
        load_script(URL(APP_FILE, page_view.base).href, "app")


def load_first():
    """Load the first layer, once."""
    if not page_view.first_requested:
        page_view.first_requested = True
        load_script(URL(list_join(split_text(BANNER_FILES, "{}"), language()), page_view.base).href, "first")


def load_for_declaration():
    """A page with a live cookie declaration (<div data-cmp-declaration>) gets stage 2, which fills it
    (heldback/core/declaration.py), once it is parsed."""
    if document.readyState == "loading":
        return document.addEventListener("DOMContentLoaded", load_for_declaration)
    if list_length(select_page(document, "[data-cmp-declaration]")):
        load_app()


def install_api():
    api = {"getConsent": get_consent, "onReady": on_ready}
    for method in QUEUED_METHODS:
        api[method] = api_method(method)
    define_property(window, STAGE1, {"value": connect})  # not writable, not configurable, not enumerable
    window.cmp = api
    document.addEventListener("click", on_click, True)
