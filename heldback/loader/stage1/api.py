# window.cmp from the first moment, and the hand-over to the first layer and stage 2.
#
# API calls and clicks on [data-cmp-action] elements go, in order, to whichever of them is needed:
# the first layer (consent-banner.<language>.js: accept all, reject all, close) or stage 2 (consent-app.js:
# everything, loaded only when asked for more). Until the one needed is attached they are kept in
# loader.pending, and asking loads it; once stage 2 is asked for, everything waits for it, so the
# order holds. This click listener stays the one entry point for every CMP control on the page.

QUEUED_METHODS = ["acceptAll", "rejectAll", "setConsent", "withdraw", "showPreferences"]

# The internal hand-over object, for the first layer and stage 2: window[Symbol.for(MARK)]
# (heldback/core/handover.py); it also tells a second copy of the tag that the first is in charge. Once
# set: state (what getConsent() returns; none while undecided), granted (what is granted now), app
# and first (stage 2's and the first layer's handler(kind, name, detail) once attached), mode (this
# page's), base (where our files are), ready, app_requested, first_requested, deferred (something
# waits for stage 2); apply, attach, attach_first, state_of, load_app and defer (hand a call or click
# to stage 2); natives (for the first layer); guard (set by stage 2).
# No prototype: nothing is inherited.
STAGE1 = symbol_for(MARK)
FIRST = table_of(FIRST_LAYER)  # the actions and methods the first layer carries out (heldback/core/policy.py)
loader = new_table(None)
loader.pending = []  # ["call", method, args] and ["click", action, element]
loader.waiting = []  # onReady callbacks


def forward(kind, name, detail):
    if loader.app:
        loader.app(kind, name, detail)  # its result is a Brython object: not for the page
    elif FIRST[name] and not loader.deferred:
        if loader.first:
            loader.first(kind, name, detail)
        else:
            loader.pending.push([kind, name, detail])
            load_first()
    else:
        defer(kind, name, detail)


def defer(kind, name, detail):
    loader.deferred = True  # from now on everything waits for stage 2, in order
    loader.pending.push([kind, name, detail])
    load_app()


def api_method(method):
    def call(*args):
        forward("call", method, args)
    return call


def get_consent():
    return Object.assign({}, loader.state) if loader.state else None


def on_ready(callback):
    if loader.ready:
        run_callback(callback)
    else:
        loader.waiting.push(callback)


def run_callback(callback):
    try:
        callback(window.cmp)
    except Exception as error:
        console.error("cmp: onReady", error)


def mark_ready():
    loader.ready = True
    waiting = loader.waiting
    loader.waiting = []
    for callback in waiting:
        run_callback(callback)


def attach(handler):
    """Stage 2 takes over: it gets everything kept so far, in order, then every later call and click."""
    loader.app = handler
    replay(handler)


def attach_first(handler):
    """The first layer is ready: it gets what was kept for it, unless stage 2 was asked for meanwhile
    (then all of it waits for stage 2, in order)."""
    loader.first = handler
    if not loader.deferred:
        replay(handler)


def replay(handler):
    pending = loader.pending
    loader.pending = []
    for item in pending:
        try:
            handler(item[0], item[1], item[2])
        except Exception as error:
            console.error("cmp:", item[0], error)
    mark_ready()


def on_click(event):
    for node in event.composedPath():  # through the banner's shadow root, up to the document
        if node is not window and node_type(node) == 1 and has_attribute(node, "data-cmp-action"):
            event.preventDefault()
            return forward("click", get_attribute(node, "data-cmp-action"), node)


def load_script(url):
    """Load a script of ours asynchronously. If it cannot load, everything simply stays held."""
    script = document.createElement("script")
    script["async"] = True

    def failed():
        console.error("cmp: cannot load " + url)  # vendors stay held

    script.addEventListener("error", failed)
    script.nonce = strict.nonce
    script.src = trusted("ScriptURL", url)
    document.head.appendChild(script)


def load_app():
    """Load stage 2, once."""
    if not loader.app_requested:
        loader.app_requested = True
        load_script(URL(APP_FILE, loader.base).href)


def load_first():
    """Load the first layer, once."""
    if not loader.first_requested:
        loader.first_requested = True
        load_script(URL(list_join(split_text(BANNER_FILES, "{}"), language()), loader.base).href)


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
    loader.apply = apply
    loader.attach = attach
    loader.attach_first = attach_first
    loader.defer = defer
    loader.state_of = state_of
    loader.granted = granted
    loader.load_app = load_app
    loader.natives = {"split_text": split_text, "text_lower": text_lower, "keys_of": keys_of, "has_own": has_own,
                      "list_join": list_join, "write_cookie": write_cookie, "now": now}
    define_property(window, STAGE1, {"value": loader})  # not writable, not configurable, not enumerable
    window.cmp = api
    document.addEventListener("click", on_click, True)
