# Start-up, synchronous, before any later script of the page runs.

from .api import install_api, load_first, load_for_declaration, page_view, mark_ready, STAGE1
from .baked import KEYS, MODE, MODES, WORKER_FILE
from .defaults import opt_out_defaults
from .guard import install_guard, watch
from .natives import own_descriptor
from .queues import install_queues
from .record import read_record
from .release import apply, extensions, listen_to_other_tabs, on_pageshow
from .strict import start_strict
from .workers import worker
from ..browser import document, navigator, URL, window


def start():
    if own_descriptor(window, STAGE1):  # the tag is on the page twice: the first copy is in charge
        return
    install_queues()  # the guard first: if anything later fails, vendors stay held
    install_guard(window)
    watch(document.documentElement)
    install_api()
    listen_to_other_tabs()  # once parsed (release.py)
    load_for_declaration()  # once parsed, where the page has one (api.py)
    window.addEventListener("pageshow", on_pageshow)
    tag = document.currentScript
    start_strict(tag)
    base = tag.src if tag and tag.src else document.baseURI
    page_view.base = base
    worker.file = URL(WORKER_FILE, base).href  # (before any other script can make a worker)
    mode = tag.getAttribute("data-cmp-mode") if tag else None
    page_view.mode = mode if MODES.indexOf(mode) >= 0 else MODE
    for extension in extensions.starting:
        extension()
    stored = read_record()
    if stored:
        apply(stored, False)  # a valid stored decision: stage 2 is not needed on this page view
        mark_ready()
    elif page_view.mode == "opt-out":  # vendors run until the visitor refuses; never those GPC refuses
        apply([opt_out_defaults(navigator.globalPrivacyControl), None], False)  # no state: nothing was decided

    if not stored:
        load_first()  # the banner; stage 2 only when the visitor or the page asks for more

start()
