# window.cmp from the first moment, and the hand-over to stage 2 (the consent manager).
#
# Until stage 2 is attached, API calls and clicks on [data-cmp-action] elements are kept, in order,
# in loader.pending, and asking for any of them loads stage 2. Once attached, stage 2's handler gets
# them directly: this click listener stays the one entry point for every CMP control on the page.

QUEUED_METHODS = ["acceptAll", "rejectAll", "setConsent", "withdraw", "showPreferences"]

# The internal hand-over object, for the early banner and stage 2: window[Symbol.for(MARK)]
# (cmp/core/handover.py); it also tells a second copy of the tag that the first is in charge. Once
# set: state (what getConsent() returns; none while undecided), app (stage 2's handler(kind, name,
# detail) once attached), mode (this page's), ready, app_url, app_requested; apply and attach (for
# stage 2); natives (for the early banner); guard (set by stage 2). No prototype: nothing is inherited.
STAGE1 = symbol_for(MARK)
loader = new_table(None)
loader.pending = []  # ["call", method, args] and ["click", action, element]
loader.waiting = []  # onReady callbacks


def forward(kind, name, detail):
    if loader.app:
        loader.app(kind, name, detail)  # its result is a Brython object: not for the page
    else:
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
        load_script(loader.app_url)


def install_api():
    api = {"getConsent": get_consent, "onReady": on_ready}
    for method in QUEUED_METHODS:
        api[method] = api_method(method)
    loader.apply = apply
    loader.attach = attach
    loader.natives = {"split_text": split_text, "text_lower": text_lower, "keys_of": Object.keys, "has_own": has_own}
    define_property(window, STAGE1, {"value": loader})  # not writable, not configurable, not enumerable
    window.cmp = api
    document.addEventListener("click", on_click, True)
