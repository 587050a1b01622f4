# The guard: hold every <script> of a vendor whose category is not granted, before any request.
#
# Dynamically created scripts are stopped at the `src` property and `setAttribute`, patched once on
# HTMLScriptElement.prototype, so the URL never reaches the element and nothing is fetched; the element
# is remembered and gets its URL back on release. Parser-inserted tags are turned into declarative
# markup by a MutationObserver before they run (the preload scanner may already have fetched them:
# no script can prevent that, see README).

granted = {"necessary": True}  # category -> true once granted; only apply() (release.py) changes it
held = Map()  # element -> [url, category], in the order the scripts were stopped

script_src = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, "src")
set_attribute = Element.prototype.setAttribute


def category_of(url):
    """The category of the vendor serving `url`, or None when no vendor does."""
    try:
        u = URL(str(url), document.baseURI)
    except Exception:
        return None
    for entry in HOSTS:
        pattern = entry[0]
        if u.host == pattern or u.hostname == pattern or u.hostname.endswith("." + pattern):
            return entry[1]
    return None


def hold(script, url):
    """Keep `script` from loading `url` if its vendor is not granted. True when held."""
    category = category_of(url)
    if category is None or granted[category]:
        held.delete(script)
        return False
    held.set(script, [url, category])
    return True


# The three functions below run as methods of a script element (`this`); PScript binds nested
# functions, so they stay at module level.
def guarded_src_get():
    entry = held.get(this)
    return URL(entry[0], document.baseURI).href if entry else script_src.get.call(this)


def guarded_src_set(url):
    if not hold(this, url):
        script_src.set.call(this, url)


def guarded_set_attribute(name, value):
    if str(name).lower() == "src" and hold(this, value):
        return
    set_attribute.call(this, name, value)


def neutralise_parsed(script):
    """Turn a parser-inserted vendor <script src> into held markup before the parser runs it."""
    src = script.getAttribute("src")
    category = category_of(src) if src else None
    if category is None or granted[category]:
        return
    original_type = script.getAttribute("type")
    if original_type is not None:
        set_attribute.call(script, "data-type", original_type)
    set_attribute.call(script, "type", "text/plain")
    set_attribute.call(script, "data-cmp-category", category)
    set_attribute.call(script, "data-src", src)
    script.removeAttribute("src")


def on_mutations(records):
    for record in records:
        nodes = record.addedNodes
        for i in range(nodes.length):
            if nodes[i].tagName == "SCRIPT":
                neutralise_parsed(nodes[i])


def install_guard():
    proto = HTMLScriptElement.prototype
    Object.defineProperty(proto, "src", {"get": guarded_src_get, "set": guarded_src_set,
                                         "configurable": True, "enumerable": True})
    Object.defineProperty(proto, "setAttribute", {"value": guarded_set_attribute,
                                                  "configurable": True, "writable": True})
    MutationObserver(on_mutations).observe(document.documentElement, {"childList": True, "subtree": True})
