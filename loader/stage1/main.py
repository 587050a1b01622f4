# Start-up, synchronous, before any later script of the page runs.


def start():
    if window.cmp and window.cmp._loader:  # the tag is on the page twice: the first copy is in charge
        return
    install_queues()  # the guard first: if anything later fails, vendors stay held
    install_guard(window)
    MutationObserver(on_mutations).observe(document.documentElement, {"childList": True, "subtree": True})
    install_api()
    tag = document.currentScript
    loader.app_url = URL(APP_FILE, tag.src if tag and tag.src else document.baseURI).href
    try:
        state = read_record()
    except Exception:  # cookies unreadable (e.g. a sandboxed frame): no consent
        state = None
    if state:
        apply(state, state)  # a valid stored decision: stage 2 is not needed on this page view
        mark_ready()
    else:
        load_app()


start()
