# Elements: each attribute through which an element fetches is guarded on every path that sets it:
# the element's URL property, setAttribute(NS), setAttributeNode(NS), attributes.setNamedItem(NS), an
# Attr's value (value, nodeValue, textContent) and an SVG href's baseVal. A vendor URL never reaches
# the element. Scripts and links are held: they get their URL back, in order, on release. Anything
# else is dropped: it fails the way a network error would. An iframe's srcdoc is markup (markup.py).
# An element is known by its namespace and local name, as the browser knows it: never by its prototype.

from .baked import DOCUMENTS_LIST, FETCHING_LIST, HELD_LIST, HOSTS, LIST_SEPARATOR_CHARACTERS, SVG_CSS_LIST, URL_LIST_NAMES
from .blobs import blob_document
from .dom import attr_local, attr_owner, element_ns, local_name, node_base, node_type, owner_of, remove_attribute
from .guard import base_of, blocked, granted, held, held_bases, NO_URL
from .hosts import NativeURL, UNKNOWN
from .markup import may_name_vendor, refused, without_url_spaces
from .natives import (
    define, define_accessor, getter, map_delete, map_get, map_set,
    own_descriptor, regexp_exec, split_text, table_of, text_index, text_lower, text_slice, type_of, uncurry, url_href,
    weak_get, weak_set,
)
from .strict import as_loaded
from .styles import clean_css, clean_style_text, svg_css_leads_to_vendor
from .written import clean_written
from ..browser import atob, decodeURIComponent, RegExp, WeakMap

FETCHING = table_of(FETCHING_LIST)  # "element attribute" of what fetches (heldback/core/fetching.py)
HELD = table_of(HELD_LIST)
URL_NAMES = table_of(["srcdoc", "style"])  # every attribute above, by name, and CSS: the others go straight through
FETCHING_ELEMENTS = table_of(["template "])  # "element " of each above, and templates (markup.py)
for entry in FETCHING_LIST:
    URL_NAMES[split_text(entry, " ")[1]] = True
    FETCHING_ELEMENTS[split_text(entry, " ")[0] + " "] = True
for name in SVG_CSS_LIST:
    URL_NAMES[name] = True
SVG_CSS = table_of(SVG_CSS_LIST)  # an SVG element's CSS attributes with url()s: cleaned as CSS
DOCUMENTS = table_of(DOCUMENTS_LIST)  # where a data: URL is a document or stylesheet, which may fetch
decode_base64 = atob  # (the browser's own, read as stage 1 starts: natives.py)
decode_component = decodeURIComponent
DATA_URL = RegExp("^[\\0- ]*data:([^,]*),", "i")  # (the URL parser strips leading controls and spaces)
BLOB_URL = RegExp("^[\\0- ]*blob:", "i")
URL_LISTS = table_of(URL_LIST_NAMES)  # more than one URL, between spaces, commas or semicolons
LIST_SEPARATORS = table_of(LIST_SEPARATOR_CHARACTERS)
# [interface, its URL properties]: each property sets the attribute of its name in lower case
PROPERTIES = [["HTMLBaseElement", ["href"]], ["HTMLScriptElement", ["src"]], ["HTMLLinkElement", ["href", "imageSrcset"]],
              ["HTMLImageElement", ["src", "srcset"]], ["HTMLSourceElement", ["src", "srcset"]],
              ["HTMLIFrameElement", ["src", "srcdoc"]], ["HTMLFrameElement", ["src"]], ["HTMLInputElement", ["src"]],
              ["HTMLMediaElement", ["src"]], ["HTMLVideoElement", ["poster"]], ["HTMLTrackElement", ["src"]],
              ["HTMLObjectElement", ["data"]], ["HTMLEmbedElement", ["src"]],
              ["HTMLAnchorElement", ["ping"]], ["HTMLAreaElement", ["ping"]], ["HTMLBodyElement", ["background"]]]
SVG_HREFS = ["SVGScriptElement", "SVGImageElement", "SVGFEImageElement"]  # their href.baseVal sets the href attribute
HTML_NS = "http://www.w3.org/1999/xhtml"
SVG_NS = "http://www.w3.org/2000/svg"
MATH_NS = "http://www.w3.org/1998/Math/MathML"
animated_owner = WeakMap()  # an SVG href (SVGAnimatedString) -> its element
map_owner = WeakMap()  # an element's attributes (NamedNodeMap) -> the element


def element_key(element, name):
    """"element attribute" as FETCHING lists it (a name in lower case: a case too many is guarded)."""
    ns = element_ns(element)
    if ns == SVG_NS:  # (in lower case, as fetching.py: the parser makes feimage feImage)
        return "svg:" + text_lower(local_name(element)) + " " + text_lower(name)
    return ("" if ns == HTML_NS else "?:") + local_name(element) + " " + text_lower(name)


def blocked_value(key, name, value, base):
    """The key of a vendor not granted that `value`, set as attribute `name` (of "element attribute"
    `key`), would fetch from: a data: document's or stylesheet's too."""
    if DOCUMENTS[key]:
        found = data_vendor(value)
        if found:
            return found
    if not URL_LISTS[name]:
        return blocked(value, base)
    text = str(value)
    start = 0
    for i in range(len(text) + 1):
        if i == len(text) or LIST_SEPARATORS[text[i]]:
            category = blocked(text_slice(text, start, i), base) if i > start else None
            if category:
                return category
            start = i + 1
    return None


def data_vendor(url):
    """The key of a vendor not granted that a data: or blob: URL's own document or stylesheet may name
    (its scripts, its @import), UNKNOWN where it may name one but not which; None for any other URL."""
    text = without_url_spaces(str(url))
    if regexp_exec(BLOB_URL, text):
        return blob_vendor(text)
    found = regexp_exec(DATA_URL, text)
    if not found:
        return None
    content = text_slice(text, len(found[0]))
    try:
        content = text_lower(decode_base64(content) if text_index(text_lower(found[1]), ";base64") >= 0
                             else decode_component(content))
    except Exception:  # the browser reads what cannot be decoded here in its own way
        return UNKNOWN
    return vendor_named(content)


def blob_vendor(url):
    """data_vendor of a blob: URL: the blob's text, as the page made it (blobs.py)."""
    try:
        url = url_href(NativeURL(url))
    except Exception:
        return None  # the browser cannot load it either
    at = text_index(url, "#")
    found, text = blob_document(text_slice(url, 0, at) if at >= 0 else url)
    if not found or type_of(text) != "string":
        return UNKNOWN  # made elsewhere (a worker), or of parts stage 1 does not read
    return vendor_named(text_lower(text))


def vendor_named(text):
    """The key of a vendor not granted whose host `text` (in lower case) names; UNKNOWN where it may
    name one but not which (an escape, a reference); None where it names none."""
    if not may_name_vendor(text, "about:blank", True):
        return None
    for host, key in HOSTS:
        if text_index(text, host) >= 0 and not granted[key]:
            return key
    return UNKNOWN


def set_url(element, name, value, apply):
    """Let `apply(value)` set `element`'s attribute `name`, unless the value leads to a vendor not
    granted: a held element then keeps it until release (and `apply` is not called), anything else gets
    no URL. Returns what `apply` does."""
    name = text_lower(name)
    key = element_key(element, name)
    if key == "iframe srcdoc":  # markup: written.py
        cleaned = clean_written(value, element, True)
        if cleaned is None:
            refused("srcdoc")
        return apply(NO_URL if cleaned is None else cleaned)
    if name == "style":  # any element's
        return apply(clean_css(value, base_of(element), False))
    if SVG_CSS[name] and element_ns(element) == SVG_NS:  # fill="url(...)": dropped if it leads to a vendor
        return apply(NO_URL if svg_css_leads_to_vendor(name, value, base_of(element)) else value)
    if not FETCHING[key]:
        return apply(value)
    url = as_loaded(value)
    category = blocked_value(key, name, url, base_of(element))
    if HELD[key]:
        map_delete(held, element)  # a new URL replaces one held
        if category:  # without the attribute until release: a script with an empty src could not run then
            remove_attribute(element, name)
            map_set(held, element, [url, category, "src" if name == "src" else "href"])
            if key == "base href":
                weak_set(held_bases, owner_of(element), element)
            return None
    return apply(NO_URL if category else url)


def guard_elements(win):
    element = win.Element.prototype
    attr = win.Attr.prototype
    node = win.Node.prototype
    native_set = uncurry(element.setAttribute)
    native_set_ns = uncurry(element.setAttributeNS)
    attributes = getter(element, "attributes")
    attr_value_descriptor = own_descriptor(attr, "value")
    value_of = uncurry(attr_value_descriptor.get)
    set_value = uncurry(attr_value_descriptor.set)

    def put_attribute(this, name, value):
        name = str(name)  # converted once: what is checked is what is set
        if not URL_NAMES[text_lower(name)]:
            return native_set(this, name, value)
        target = this
        return set_url(target, name, value, lambda url: native_set(target, name, url))

    def put_attribute_ns(this, ns, name, value):
        name = str(name)
        parts = split_text(name, ":")
        target = this
        return set_url(target, parts[len(parts) - 1], value, lambda url: native_set_ns(target, ns, name, url))

    def attr_put(item, value):  # an Attr's value: its element's attribute, once it has one
        owner = attr_owner(item)
        if not owner:
            return set_value(item, value)
        set_url(owner, attr_local(item), value, lambda url: set_value(item, url))

    def put_value(this, value):
        attr_put(this, value)

    def node_setter(name):  # nodeValue and textContent: an Attr's value too (a <style>'s text: styles.py)
        original = own_descriptor(node, name)
        original_fn = uncurry(original.set)

        def put(this, value):
            kind = node_type(this)
            if kind == 2:
                return attr_put(this, value)
            styled = kind == 1 and name == "textContent" and local_name(this) == "style"
            original_fn(this, clean_style_text(this, value) if styled else value)

        define_accessor(node, name, original.get, put)

    def node_adder(target, method, owner_of):  # setAttributeNode(NS), setNamedItem(NS)
        original_fn = uncurry(target[method])

        def add(this, item):
            target = this
            owner = owner_of(target)
            if not owner:
                return original_fn(target, item)

            def apply(url):
                set_value(item, url)
                return original_fn(target, item)

            return set_url(owner, attr_local(item), value_of(item), apply)

        define(target, method, add)

    def read_attributes(this):
        found = attributes(this)
        weak_set(map_owner, found, this)
        return found

    define(element, "setAttribute", put_attribute)
    define(element, "setAttributeNS", put_attribute_ns)
    define_accessor(attr, "value", attr_value_descriptor.get, put_value)
    node_setter("nodeValue")
    node_setter("textContent")
    define_accessor(element, "attributes", read_attributes, None)
    for method in ["setAttributeNode", "setAttributeNodeNS"]:
        node_adder(element, method, lambda found: found)
    for method in ["setNamedItem", "setNamedItemNS"]:
        node_adder(win.NamedNodeMap.prototype, method, lambda found: weak_get(map_owner, found))
    for interface_name, names in PROPERTIES:
        for name in names:
            if win[interface_name]:  # (each engine has them all today)
                guard_property(win[interface_name].prototype, name)
    for name in SVG_HREFS:
        guard_svg_href(win[name].prototype)
    base_value = own_descriptor(win.SVGAnimatedString.prototype, "baseVal")
    set_base_value = uncurry(base_value.set)

    def put_base_value(this, value):
        owner = weak_get(animated_owner, this)
        if not owner:
            return set_base_value(this, value)
        animated = this
        set_url(owner, "href", value, lambda url: set_base_value(animated, url))

    define_accessor(win.SVGAnimatedString.prototype, "baseVal", base_value.get, put_base_value)
    clone_node = uncurry(node.cloneNode)

    def clone(this, deep):  # a copy of a held element is held too
        copy = clone_node(this, deep)
        if map_get(held, this):
            map_set(held, copy, map_get(held, this))
        return copy

    define(node, "cloneNode", clone)
    Audio = win.Audio  # new Audio(url) sets src without the setter

    def audio(*args):
        element = Audio()
        if len(args):
            element.src = args[0]  # through the guard
        return element

    audio.prototype = Audio.prototype
    win.Audio = audio


def guard_property(proto, name):
    original = own_descriptor(proto, name)
    if not original:  # not in this engine: setAttribute still guards the attribute
        return
    native_get = uncurry(original.get)
    native_put = uncurry(original.set)
    attribute = text_lower(name)

    def get(this):  # a held element's URL is still the page's to read
        entry = map_get(held, this)
        if entry:
            url, _, held_attribute = entry
            if held_attribute == attribute:
                return url_href(NativeURL(url, node_base(this)))
        return native_get(this)

    def put(this, value):
        element = this
        set_url(element, attribute, value, lambda url: native_put(element, url))

    define_accessor(proto, name, get, put)


def guard_svg_href(proto):
    if not own_descriptor(proto, "href"):
        return
    native_get = getter(proto, "href")

    def get(this):
        found = native_get(this)
        weak_set(animated_owner, found, this)
        return found

    define_accessor(proto, "href", get, None)
