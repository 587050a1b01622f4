# The guard: no request reaches a vendor whose category is not granted.
#
# Elements: the URL properties and setAttribute(NS) of the elements below are patched on their
# prototypes, so a vendor URL never reaches the element and nothing is fetched. Scripts and links are
# held: they get their URL back, in order, on release. Images and iframes are dropped: they fail the
# way a network error would. Markup and network APIs: markup.py, network.py. The guard is installed
# in this window and in every same-origin frame the page reaches (install_guard).

granted = {"necessary": True}  # consent key (category or vendor) -> true once granted; only apply() changes it
held = Map()  # element -> [url, key, restore]: stopped elements to release, in order
guarded = WeakSet()  # documents whose window has the guard (a frame gets a new one when it navigates)

# [interface, URL property or None, URL attributes, held (else dropped)]
ELEMENTS = [
    ["HTMLScriptElement", "src", ["src"], True],
    ["HTMLLinkElement", "href", ["href"], True],
    ["SVGScriptElement", None, ["href", "xlink:href"], True],
    ["HTMLImageElement", "src", ["src"], False],
    ["HTMLIFrameElement", "src", ["src"], False],
]
DEAD_URL = "about:invalid"  # fails like a network error, and reaches no host
NO_URL = ""  # a dropped element's: an image fires "error", a frame stays blank, no request, no CSP report
UNKNOWN = " "  # the key of what cannot be checked: never granted, so never loaded
NativeURL = URL  # the page may replace URL later (a polyfill); the guard keeps the browser's own


def category_of(url):
    """The key of the vendor serving `url`, None when no vendor does, UNKNOWN if unsure."""
    try:
        u = NativeURL(url, document.baseURI)
        for entry in HOSTS:
            if u.host == entry[0] or u.hostname == entry[0] or u.hostname.endsWith("." + entry[0]):
                return entry[1]
    except Exception:  # fail closed: what the guard cannot read, the browser could not load either
        return UNKNOWN
    return None


def blocked(url):
    """The vendor key of `url` while it is not granted, else None."""
    category = category_of(url)
    return category if category and not granted[category] else None


def stop(element, url, keep, restore):
    """True when `url` must not load now: `element` is then held (or dropped) instead of loading."""
    category = blocked(url)
    held.delete(element)
    if not category:
        return False
    if keep:
        held.set(element, [url, category, restore])
    else:
        restore.call(element, NO_URL)
    return True


def guard_element(win, rule):
    proto = win[rule[0]].prototype
    attributes = rule[2]
    set_attribute = proto.setAttribute
    set_attribute_ns = proto.setAttributeNS

    def restore_attribute(this, url):
        set_attribute.call(this, attributes[0], url)

    def put_attribute(this, name, value):
        if attributes.indexOf(str(name).toLowerCase()) < 0:
            return set_attribute.call(this, name, value)
        url = as_loaded(value)
        if not stop(this, url, rule[3], restore):
            set_attribute.call(this, name, url)

    def put_attribute_ns(this, ns, name, value):
        if attributes.indexOf(str(name).toLowerCase().split(":").pop()) < 0:
            return set_attribute_ns.call(this, ns, name, value)
        url = as_loaded(value)
        if not stop(this, url, rule[3], restore):
            set_attribute_ns.call(this, ns, name, url)

    restore = restore_attribute
    if rule[1]:
        original = Object.getOwnPropertyDescriptor(proto, rule[1])
        restore = original.set

        def get(this):
            entry = held.get(this)
            return NativeURL(entry[0], this.baseURI).href if entry else original.get.call(this)

        def put(this, value):
            url = as_loaded(value)
            if not stop(this, url, rule[3], restore):
                restore.call(this, url)

        Object.defineProperty(proto, rule[1], {"get": get, "set": put, "configurable": True, "enumerable": True})
    define(proto, "setAttribute", put_attribute)
    define(proto, "setAttributeNS", put_attribute_ns)
    if rule[3]:
        clone_node = proto.cloneNode

        def clone(this, deep):  # a copy of a held element is held too
            copy = clone_node.call(this, deep)
            if held.has(this):
                held.set(copy, held.get(this))
            return copy

        define(proto, "cloneNode", clone)


def define(target, name, value):
    Object.defineProperty(target, name, {"value": value, "configurable": True, "writable": True})


def guard_frames(win):
    """A same-origin frame's window is guarded the first time the page reaches it."""
    proto = win.HTMLIFrameElement.prototype
    for name in ["contentWindow", "contentDocument"]:
        reach(proto, name, Object.getOwnPropertyDescriptor(proto, name).get)


def reach(proto, name, getter):
    def get(this):
        try:
            frame = this.contentWindow if name == "contentDocument" else getter.call(this)
            if frame and frame.document:  # throws for a cross-origin frame: its own page guards it
                install_guard(frame)
        except Exception:
            pass
        return getter.call(this)

    Object.defineProperty(proto, name, {"get": get, "configurable": True, "enumerable": True})


def install_guard(win):
    if guarded.has(win.document):
        return
    guarded.add(win.document)
    for rule in ELEMENTS:
        guard_element(win, rule)
    guard_markup(win)
    guard_network(win)
    guard_frames(win)


def on_mutations(records):
    for record in records:
        for node in record.addedNodes:
            if INERT_TAGS.indexOf(node.tagName) >= 0:
                make_inert(node, True)  # a tag the parser inserted: it must not run
            if node.nodeType == 1 and node.hasAttribute("data-cmp-category") and document.readyState != "loading":
                activate_markup()  # markup added after parsing, maybe of a granted category
