# Start-up, synchronous, before any later script of the page runs.


def start():
    if window.cmp and window.cmp._loader:  # the tag is on the page twice: the first copy is in charge
        return
    loader.app_url = URL(APP_FILE, document.currentScript.src).href
    install_queues()
    install_guard()
    install_api()
    state = read_record()
    if state:
        apply(state, state)  # a valid stored decision: stage 2 is not needed on this page view
        mark_ready()
    else:
        load_app()


start()
