# Start-up, synchronous, before any later script of the page runs.


def start():
    if window.cmp and window.cmp._loader:  # the tag is on the page twice: the first copy is in charge
        return
    install_queues()  # the guard first: if anything later fails, vendors stay held
    install_guard(window)
    MutationObserver(on_mutations).observe(document.documentElement, {"childList": True, "subtree": True})
    install_api()
    tag = document.currentScript
    base = tag.src if tag and tag.src else document.baseURI
    loader.app_url = URL(APP_FILE, base).href
    mode = tag.getAttribute("data-cmp-mode") if tag else None
    loader.mode = mode if MODES.indexOf(mode) >= 0 else MODE
    try:
        stored = read_record()
    except Exception:  # cookies unreadable (e.g. a sandboxed frame): no consent
        stored = None
    if stored:
        apply(stored[0], stored[1], False)  # a valid stored decision: stage 2 is not needed on this page view
        mark_ready()
        if FLOATING_BUTTON:  # stage 2 draws it, once the page has loaded
            window.addEventListener("load", load_app)
        return
    if loader.mode == "opt-out":  # vendors run until the visitor refuses; never those GPC refuses
        defaults = {}
        for key in KEYS:
            defaults[key] = not (navigator.globalPrivacyControl and GPC_KEYS.indexOf(key) >= 0)
        apply(defaults, None, False)
    load_script(URL(BANNER_FILE, base).href)  # small: shows the banner well before stage 2 can
    load_app()


try:
    channel = BroadcastChannel("cmp")
    channel.onmessage = on_decision_elsewhere
except Exception:  # an old browser: other tabs follow on their next page view
    channel = None
start()
