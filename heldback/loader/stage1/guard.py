# The guard: no request reaches a vendor whose category is not granted.
#
# Elements, markup, network APIs and workers: elements.py, markup.py, network.py, workers.py. Markup the parser inserts
# (the page's, a template's, a declarative shadow root's) is stopped by an observer before it loads
# (on_mutations). The guard is installed in this window and in every same-origin frame the page
# reaches (install_guard). Everything it decides with is native (natives.py) or has no prototype.

from .blobs import guard_blobs
from .dom import (
    added_nodes, frame_window, get_attribute, has_attribute, is_connected, items_of, local_name, node_base,
    node_type, object_window, owner_of, record_target, record_type, shadow_root_of, template_content,
)
from .elements import guard_elements
from .hosts import category_of, NativeURL
from .markup import clean_style, guard_markup, hold_rules, make_inert, stop_all
from .natives import call_with, define_accessor, getter, keys_of, map_get, seen_add, seen_has, table_of, url_href, weak_get
from .network import guard_network
from .release import activate_markup
from .styles import clean_style_attribute, guard_styles
from .workers import guard_workers
from .written import restore_written
from ..browser import document, Map, MutationObserver, WeakMap, WeakSet, window

granted = table_of(["necessary"])  # consent key (category or vendor) -> true once granted; only apply() changes it
held = Map()  # element -> [url, key, attribute]: stopped elements to release, in order
guarded = WeakSet()  # documents whose window has the guard (a frame gets a new one when it navigates), shadow roots watched
held_bases = WeakMap()  # document -> a <base> of it held at a vendor (elements.py, markup.py)
made = WeakSet()  # declarative markup stage 1 made from the page's own vendor tags (markup.py make_inert)
markup_roots = []  # same-origin frames' documents and declarative shadow roots: their markup is released like the page's
watcher = MutationObserver(lambda records: on_mutations(records))

DEAD_URL = "about:invalid"  # fails like a network error, and reaches no host
NO_URL = ""  # a dropped element's: an image fires "error", a frame stays blank, no request, no CSP report


def base_of(node):
    """The URL `node`'s relative URLs resolve against: a template's content and the documents scripts
    make have about:blank, and resolve them once in the page. While a <base> at a vendor is held (in
    the document, without its href), what the page sets resolves against it: it will once released."""
    found = node_base(node)
    if found == "about:blank":
        node = document
        found = node_base(document)
    base = weak_get(held_bases, owner_of(node) or node)
    if not base or not is_connected(base):
        return found
    entry = map_get(held, base)
    if entry:
        url, _, _ = entry
    elif has_attribute(base, "data-href"):  # declarative markup (markup.py)
        url = get_attribute(base, "data-href")
    else:  # released
        return found
    try:
        return url_href(NativeURL(url, found))
    except Exception:  # the browser cannot read it either: the document keeps its own base
        return found


def granted_keys():
    return [key for key in keys_of(granted) if granted[key] is True]


def blocked(url, base):
    """The vendor key of `url` while it is not granted, else None."""
    category = category_of(url, base)
    return category if category and not granted[category] else None


def guard_frames(win):
    """A same-origin window is guarded the first time the page reaches it: a frame's or an <object>'s
    through the element, whenever it has loaded (window.frames reaches it too) and, for a frame, as
    soon as it is in the page (before a javascript: URL runs in it); a window window.open returns."""
    for proto in [win.HTMLIFrameElement.prototype, win.HTMLObjectElement.prototype]:
        for name in ["contentWindow", "contentDocument"]:
            reach(proto, name, getter(proto, name))
    win.document.addEventListener("load", on_load, True)  # (a load event does not reach the window)
    open_window = win.open

    def opened(*args):
        found = call_with(open_window, win, args)
        guard_window(found)
        return found

    win.open = opened


def guard_frame(element):
    """The window of an <iframe> or <object> (any other element has none: the getters throw)."""
    name = local_name(element)  # (on every element the parser inserts: no more than a name)
    if name == "iframe" or name == "object":
        try:
            guard_window((frame_window if name == "iframe" else object_window)(element))
        except Exception:
            pass


def guard_window(found):
    try:
        if found and found.document:  # throws for a cross-origin window: its own page guards it
            install_guard(found)
    except Exception:
        pass


def on_load(event):
    if node_type(event.target) == 1:
        guard_frame(event.target)


def reach(proto, name, native_get):
    def get(this):
        guard_frame(this)
        return native_get(this)

    define_accessor(proto, name, get, None)


def install_guard(win):
    if seen_has(guarded, win.document):
        return
    seen_add(guarded, win.document)
    if win != window:  # a frame (a srcdoc one too): its markup may wait for a decision already made
        markup_roots[len(markup_roots)] = win.document
        restore_written(win.document)
        activate_markup()
    guard_blobs(win)
    guard_elements(win)
    guard_markup(win)
    guard_styles(win)
    guard_network(win)
    guard_workers(win, lambda: node_base(win.document), granted_keys)
    guard_frames(win)


def on_mutations(records):
    restyled = WeakSet()
    for record in records:
        target = record_target(record)
        if record_type(record) == "attributes":  # a style set by property (styles.py), once per element
            if not seen_has(restyled, target):
                seen_add(restyled, target)
                clean_style_attribute(target, None)
            continue
        if node_type(target) == 1 and local_name(target) == "style":  # its text grew: after the fact for an @import
            clean_style(target)
        if node_type(target) == 1 and local_name(target) == "script":  # given its text once in the page
            hold_rules(target)
        for node in items_of(added_nodes(record)):
            if node_type(node) == 1:
                make_inert(node, True, None, False)  # a tag the parser inserted: it must not run
                guard_frame(node)
                root = shadow_root_of(node)
                if root and not seen_has(guarded, root):  # a declarative shadow root's markup
                    seen_add(guarded, root)
                    markup_roots[len(markup_roots)] = root
                    stop_all(root, True, None, False)
                    watch(root)
                if local_name(node) == "template":  # (make_inert stopped its content so far)
                    watch(template_content(node))
                if has_attribute(node, "data-cmp-category") and document.readyState != "loading":
                    activate_markup()  # markup added after parsing, maybe of a granted category


def watch(root):
    watcher.observe(root, {"childList": True, "subtree": True, "attributeFilter": ["style"]})
