# Release: carry out a decision that has been made (stored, or stage 2's word). Stage 1 never makes one.

from .api import get_consent, page_view
from .baked import COOKIE, FETCHING_LIST, KEYS, RELOAD
from .dom import (
    element_ns, get_attribute, has_attribute, html_nonce, items_of, local_name, remove_attribute,
    select_in, set_attribute, svg_nonce,
)
from .elements import element_key, HTML_NS
from .guard import granted, held, made, markup_roots
from .natives import (
    has_own, list_join, map_delete, map_for_each, seen_has, set_timeout, split_text, table_of,
    text_slice,
)
from .queues import set_queues
from .record import read_record
from .strict import strict, trusted
from ..browser import console, document, localStorage, location, window

NOT_COPIED = table_of(["type", "data-type", "data-src", "data-cmp-category", "nonce"])  # a released script's own
MARKUP = "[data-cmp-category]"  # declarative markup, and the preferences' inputs (left alone)
markup_waiting = False
# What the optional parts add (consent_mode.py, receipts.py, service_worker.py, the object and function
# queues; built in when the config asks for them): functions run at start-up, once a decision is
# granted (before anything is released), and after each decision carried out, with its state and
# `announce`.
extensions = {"starting": [], "granted": [], "decided": []}


def apply(record, announce):
    """Grant or refuse each consent key as the record's choices say (a record as parse_record makes
    it); release what is now granted. `announce`: tell the site's other open tabs (a new decision,
    from stage 2)."""
    choices, state, _ = record
    page_view.state = state
    for key in KEYS:
        granted[key] = has_own(choices, key) and choices[key] is True  # never inherited
        set_queues(key, granted[key])
    for extension in extensions.granted:
        extension()
    release_held()
    activate_markup()
    for extension in extensions.decided:
        extension(state, announce)
    if announce:
        try:  # other tabs get a storage event naming the decision, and read it from the cookie
            localStorage.setItem(COOKIE, decision_tag(record))
            localStorage.removeItem(COOKIE)
        except Exception:  # storage unavailable: other tabs follow on their next page view
            pass


def decision_tag(record):
    """What a storage event tells the other tabs: the decision's time and choices."""
    choices, state, _ = record
    flags = []
    for key in KEYS:
        flags[len(flags)] = 1 if choices[key] else 0
    return "" + state.timestamp + ":" + list_join(flags, "")


def on_storage(event):  # another tab of the site decided (apply() above)
    if event.key == COOKIE and event.newValue:
        follow_announced(event.newValue, 0)


def follow_announced(tag, tries):
    """Follow the decision another tab announced once its cookie is here: the cookie and the
    announcement travel apart (in Chromium, through the network service and the storage service),
    and the cookie can come second. After two seconds, the cookie as it is."""
    stored = read_record()
    if tries < 40 and (not stored or decision_tag(stored) != tag):
        return set_timeout(lambda: follow_announced(tag, tries + 1), 50)
    follow_stored()


def listen_to_other_tabs():
    """Once the page is parsed, follow the other tabs' decisions, and any made before. (Chromium
    opens the site's storage when a page adds its first storage listener, 0.6 to 1.5 ms measured:
    not while the parser waits for stage 1.)"""
    if document.readyState == "loading":
        return document.addEventListener("DOMContentLoaded", listen_to_other_tabs)
    window.addEventListener("storage", on_storage)
    follow_stored()


def on_pageshow(event):  # back from the back/forward cache: a decision may have been made meanwhile
    if event.persisted:
        follow_stored()


def follow_stored():
    """Carry out the stored decision, made elsewhere: refusing what ran here needs a reload."""
    stored = None if page_view.reloading else read_record()
    if not stored or is_current(stored):
        return
    choices, _, _ = stored
    for key in KEYS:
        if granted[key] and not choices[key] and RELOAD:
            page_view.reloading = True  # once: a withdrawal may announce more than one change
            return location.reload()
    apply(stored, False)
    handler = page_view.app or page_view.first  # the banner goes
    if handler:
        handler("sync", choices, get_consent())


def is_current(stored):
    """Whether `stored` is the decision this page carries out already: the same time and choices
    (timestamps are in seconds: a visitor may decide twice within one)."""
    choices, state, _ = stored
    if not page_view.state or page_view.state.timestamp != state.timestamp:
        return False
    for key in KEYS:
        if granted[key] != choices[key]:
            return False
    return True


def release_held():
    released = []

    def collect(entry, element):
        _, key, _ = entry
        if granted[key]:
            released[len(released)] = [element, entry]

    map_for_each(held, collect)
    for element, entry in released:  # in the order they were stopped, each once (with the nonce the page gave it, if any)
        url, _, attribute = entry
        map_delete(held, element)
        try:
            set_attribute(element, attribute, url)
        except Exception as error:  # a plain URL where Trusted Types rule: the page's own call would have thrown
            console.error(error)


def activate_markup():
    """Activate declarative markup of granted categories in document order, once parsing is done
    (an element still being parsed may not have all its content yet)."""
    global markup_waiting
    if document.readyState == "loading":
        if not markup_waiting:
            markup_waiting = True
            document.addEventListener("DOMContentLoaded", activate_markup)
        return
    scripts = []
    roots = [document]
    for root in markup_roots:
        roots[len(roots)] = root
    for root in roots:
        for element in items_of(select_in(root, MARKUP)):
            if not granted[get_attribute(element, "data-cmp-category")] or not may_activate(element):
                continue
            if local_name(element) == "script":
                if get_attribute(element, "type") == "text/plain":
                    scripts[len(scripts)] = element
            else:
                restore_urls(element)
    run_from(scripts, 0)


def may_activate(element):
    """Declarative markup runs only where the site put it: stage 1 made it from the page's own vendor
    tags (markup.py), or, on a page whose tag carries a nonce, it carries that nonce too; without a
    nonce, what the parser or the page's own DOM calls made (markup from a script's HTML string has
    its data-cmp-category renamed on the way in: markup.py)."""
    return seen_has(made, element) or not strict.nonce or nonce_of(element) == strict.nonce


def nonce_of(element):
    """The element's nonce as the browser keeps it (hidden from attributes once there is a CSP)."""
    try:
        return (html_nonce if element_ns(element) == HTML_NS else svg_nonce)(element) or ""
    except Exception:  # (an element of neither kind has none)
        return ""


def restore_urls(element):
    """Frames, images, links...: each URL goes back in place from its data-<attribute>."""
    key = element_key(element, "")
    for entry in FETCHING_LIST:
        name = text_slice(entry, len(key))
        parts = split_text(name, ":")
        data = "data-" + parts[len(parts) - 1]
        if text_slice(entry, 0, len(key)) == key and has_attribute(element, data):
            url = get_attribute(element, data)
            remove_attribute(element, data)
            remove_attribute(element, "data-cmp-category")
            element.setAttribute(name, url)  # through the guard: the URL may be another vendor's


def run_from(scripts, index):
    """Activate scripts[index:], one after the other: an external one must load before the next runs."""
    if index >= len(scripts):
        return
    old = scripts[index]
    if not old.isConnected:  # already activated by an earlier pass
        return run_from(scripts, index + 1)
    script = old.ownerDocument.createElement("script")  # in a frame, the frame's
    for attribute in old.attributes:
        if not NOT_COPIED[attribute.name]:
            script.setAttribute(attribute.name, attribute.value)
    if old.hasAttribute("data-type"):
        script.setAttribute("type", old.getAttribute("data-type"))
    script.nonce = nonce_of(old)  # its own (not readable as an attribute once the page has a CSP): never ours

    src = old.getAttribute("data-src")

    def next_one():
        run_from(scripts, index + 1)

    if src:
        script.addEventListener("load", next_one)
        script.addEventListener("error", next_one)
        script.src = trusted("ScriptURL", src)  # the page's own markup
    else:
        script.text = trusted("Script", old.text)
    old.parentNode.replaceChild(script, old)
    if not src:
        next_one()
