# The guard: no request reaches a vendor whose category is not granted.
#
# Elements: the URL properties and setAttribute(NS) of the elements below are patched on their
# prototypes, so a vendor URL never reaches the element and nothing is fetched. Scripts and links are
# held: they get their URL back, in order, on release. Images, iframes and image inputs are dropped:
# they fail the way a network error would. Markup and network APIs: markup.py, network.py. The guard is installed
# in this window and in every same-origin frame the page reaches (install_guard). Everything it
# decides with is native (natives.py) or has no prototype.

granted = table_of(["necessary"])  # consent key (category or vendor) -> true once granted; only apply() changes it
held = Map()  # element -> [url, key, restore]: stopped elements to release, in order
guarded = WeakSet()  # documents whose window has the guard (a frame gets a new one when it navigates)

# [interface, URL property or None, URL attributes, held (else dropped)]
ELEMENTS = [
    ["HTMLScriptElement", "src", ["src"], True],
    ["HTMLLinkElement", "href", ["href"], True],
    ["SVGScriptElement", None, ["href", "xlink:href"], True],
    ["HTMLImageElement", "src", ["src"], False],
    ["HTMLIFrameElement", "src", ["src"], False],
    ["HTMLInputElement", "src", ["src"], False],  # <input type=image>
]
DEAD_URL = "about:invalid"  # fails like a network error, and reaches no host
NO_URL = ""  # a dropped element's: an image fires "error", a frame stays blank, no request, no CSP report
UNKNOWN = " "  # the key of what cannot be checked: never granted, so never loaded
NativeURL = URL  # the page may replace URL later (a polyfill); the guard keeps the browser's own


def category_of(url, base):
    """The key of the vendor serving `url` (resolved against `base`), None when no vendor does, UNKNOWN
    if unsure. The host is the one the browser connects to: without the trailing dots DNS ignores,
    with its port (heldback/core/vendors.py host_matches has the same rule)."""
    try:
        parsed = NativeURL(url, base)
        host = url_hostname(parsed)
        while text_ends_with(host, "."):
            host = text_slice(host, 0, -1)
        port = url_port(parsed) or ("443" if text_ends_with(url_protocol(parsed), "s:") else "80")
        for entry in HOSTS:
            if entry[0] == host or text_ends_with(host, "." + entry[0]) or entry[0] == host + ":" + port:
                return entry[1]
    except Exception:  # fail closed: what the guard cannot read, the browser could not load either
        return UNKNOWN
    return None


def blocked(url, base):
    """The vendor key of `url` while it is not granted, else None."""
    category = category_of(url, base)
    return category if category and not granted[category] else None


def stop(element, url, keep, restore):
    """True when `url` must not load now: `element` is then held (or dropped) instead of loading."""
    category = blocked(url, node_base(element))
    map_delete(held, element)
    if not category:
        return False
    if keep:
        map_set(held, element, [url, category, restore])
    else:
        restore(element, NO_URL)
    return True


def guard_element(win, rule):
    proto = win[rule[0]].prototype
    attributes = table_of(rule[2])
    native_set = uncurry(proto.setAttribute)
    native_set_ns = uncurry(proto.setAttributeNS)

    def put_attribute(this, name, value):
        if not attributes[text_lower(str(name))]:
            return native_set(this, name, value)
        url = as_loaded(value)
        if not stop(this, url, rule[3], restore):
            native_set(this, name, url)

    def put_attribute_ns(this, ns, name, value):
        parts = split_text(text_lower(str(name)), ":")
        if not attributes[parts[len(parts) - 1]]:
            return native_set_ns(this, ns, name, value)
        url = as_loaded(value)
        if not stop(this, url, rule[3], restore):
            native_set_ns(this, ns, name, url)

    def restore(element, url):
        native_set(element, rule[2][0], url)

    if rule[1]:
        original = own_descriptor(proto, rule[1])
        native_get = uncurry(original.get)
        restore = uncurry(original.set)

        def get(this):
            entry = map_get(held, this)
            return url_href(NativeURL(entry[0], node_base(this))) if entry else native_get(this)

        def put(this, value):
            url = as_loaded(value)
            if not stop(this, url, rule[3], restore):
                restore(this, url)

        define_accessor(proto, rule[1], get, put)
    define(proto, "setAttribute", put_attribute)
    define(proto, "setAttributeNS", put_attribute_ns)
    if rule[3]:
        clone_node = uncurry(proto.cloneNode)

        def clone(this, deep):  # a copy of a held element is held too
            copy = clone_node(this, deep)
            if map_get(held, this):
                map_set(held, copy, map_get(held, this))
            return copy

        define(proto, "cloneNode", clone)


def guard_frames(win):
    """A same-origin frame's window is guarded the first time the page reaches it."""
    proto = win.HTMLIFrameElement.prototype
    content_window = getter(proto, "contentWindow")
    for name in ["contentWindow", "contentDocument"]:
        reach(proto, name, getter(proto, name), content_window)


def reach(proto, name, native_get, content_window):
    def get(this):
        try:
            frame = content_window(this)
            if frame and frame.document:  # throws for a cross-origin frame: its own page guards it
                install_guard(frame)
        except Exception:
            pass
        return native_get(this)

    define_accessor(proto, name, get, None)


def install_guard(win):
    if seen_has(guarded, win.document):
        return
    seen_add(guarded, win.document)
    for rule in ELEMENTS:
        guard_element(win, rule)
    guard_markup(win)
    guard_network(win)
    guard_frames(win)


def on_mutations(records):
    for record in records:
        for node in items_of(added_nodes(record)):
            if node_type(node) == 1:
                if INERT_TAGS[tag_of(node)]:
                    make_inert(node, True)  # a tag the parser inserted: it must not run
                if has_attribute(node, "data-cmp-category") and document.readyState != "loading":
                    activate_markup()  # markup added after parsing, maybe of a granted category
