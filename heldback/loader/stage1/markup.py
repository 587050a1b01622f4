# Markup: HTML strings the browser parses (innerHTML, outerHTML, insertAdjacentHTML,
# createContextualFragment, document.write) fetch their images, frames and scripts during parsing,
# before any observer could act. A string that may name a vendor is parsed first in an inert
# <template>, its vendor elements are stopped (make_inert) and the result is passed on. Other strings
# go through untouched: those without a tag, and those that name no vendor host even as the browser
# reads URLs (case and line breaks aside; anything it decodes, a character reference, a %-escape or
# a non-ASCII character, counts as a possible vendor).

RAW_TEXT = table_of(["SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "NOEMBED", "NOFRAMES", "NOSCRIPT", "IFRAME"])
VENDOR_ELEMENTS = "[src],[srcset],[imagesrcset],[poster],[data],[ping],[srcdoc],[*|href],template,[style],style"  # *|href: xlink:href too
# What the browser may turn into a vendor's host name (the common entities do not make letters)
DECODED = RegExp("&(?!(?:amp|nbsp|lt|gt|quot|apos|#39|#x27);)[#a-z]|%[0-9a-f]|[^\\0-\\x7f]|\\\\")  # \\: a CSS escape
URL_SPACES = ["\t", "\n", "\r"]  # the URL parser removes them wherever they are
vendor_bases = new_table(None)  # base URL -> the vendor serving it, or None


def make_inert(element, in_page, base):
    """Stop the vendor URLs of an element that came from markup (relative ones resolved against
    `base`, else its own). Where its scripts may run (`in_page`: parsed, written, a contextual fragment, a template's
    content, a frame's srcdoc) it becomes declarative markup, released on consent: its URLs move to
    data-<attribute> (a script's to data-src), its type to data-type. In markup set through innerHTML
    and the like, where no script runs, its URLs go, and a script is only marked, so that it is not
    mistaken for one of the page's own tags later. A template's content is stopped too."""
    key = element_key(element, "")
    clean_style_attribute(element, base)  # CSS: dropped (styles.py)
    if key == "style " or key == "svg:style ":
        clean_style(element)
    if not FETCHING_ELEMENTS[key] or has_attribute(element, "data-cmp-inert"):
        return
    if key == "template ":
        return stop_all(template_content(element), in_page, base)
    script = local_name(element) == "script"
    found = []  # [attribute, URL]
    category = None
    for attribute in items_of(attributes_of(element), map_length):
        name = text_lower(attr_name(attribute))
        if key == "iframe " and name == "srcdoc":  # set again only if cleaned: that loads the frame again
            cleaned = clean(attr_value(attribute), True, element)
            if cleaned != attr_value(attribute):
                set_attribute(element, name, cleaned)
        vendor = blocked_value(name, attr_value(attribute), base or base_of(element)) if FETCHING[key + name] else None
        if vendor:
            category = vendor
            found[len(found)] = [name, attr_value(attribute)]
    if not category:
        return
    if not in_page:
        if script:
            return set_attribute(element, "data-cmp-inert", "")
        for item in found:
            set_attribute(element, item[0], NO_URL)
        return
    if script:  # released as an HTML script (release.py run_from), an SVG one too
        if has_attribute(element, "type"):
            set_attribute(element, "data-type", get_attribute(element, "type"))
        set_attribute(element, "type", "text/plain")
    set_attribute(element, "data-cmp-category", category)
    for item in found:
        parts = split_text(item[0], ":")  # xlink:href is restored as href
        set_attribute(element, "data-" + ("src" if script else parts[len(parts) - 1]), item[1])
        remove_attribute(element, item[0])


def stop_all(root, in_page, base):
    """make_inert for `root` and every element in it (in templates' content too)."""
    kind = node_type(root)
    if kind == 1:
        make_inert(root, in_page, base)
    elif kind != 9 and kind != 11:
        return
    for found in items_of(select_in(root, VENDOR_ELEMENTS)):
        make_inert(found, in_page, base)


def clean_style(element):
    """A <style>'s text with its vendor url()s dead (set again only if cleaned)."""
    css = text_of(element)
    cleaned = clean_style_text(element, css)
    if cleaned != css:
        set_text(element, cleaned)


def may_load_vendor(html, base):
    """Whether markup may hold a vendor's URL, as the browser will read it (never false when it does)."""
    return text_index(str(html), "<") >= 0 and may_name_vendor(html, base)  # no element, no request


def may_name_vendor(text, base, not_granted=False):
    """Whether text may hold a vendor's URL (with `not_granted`, of a vendor not granted), as the
    browser will read it (never false when it does): a character reference, an escape (URL or CSS)
    or a non-ASCII character is enough."""
    text = text_lower(str(text))
    if not has_own(vendor_bases, base):  # (parsed once per base URL: this runs on every style change)
        vendor_bases[base] = category_of(base, base)
    if regexp_exec(DECODED, text) or vendor_bases[base]:  # a <base> at a vendor makes every URL its
        return True
    for space in URL_SPACES:
        if text_index(text, space) >= 0:
            text = list_join(split_text(text, space), "")
    for entry in HOSTS:
        if text_index(text, entry[0]) >= 0 and not (not_granted and granted[entry[1]]):
            return True
    return False


inert = document.createElement("template")  # where markup is parsed without loading anything
set_inner = uncurry(own_descriptor(Element.prototype, "innerHTML").set)
get_inner = uncurry(own_descriptor(Element.prototype, "innerHTML").get)


def clean(html, in_page, node):
    """`html` (to be parsed for `node`) with its vendor elements stopped; the very same value when
    it has none."""
    base = base_of(node)
    if not may_load_vendor(html, base):
        return html
    set_inner(inert, html)  # the page's own value: a TrustedHTML where Trusted Types rule
    stop_all(template_content(inert), in_page, base)
    return trusted("HTML", get_inner(inert))


def guard_markup(win):
    element = win.Element.prototype

    def html_setter(target, name):
        original = own_descriptor(target, name)
        native_set = uncurry(original.set)

        def put(this, html):
            raw = node_type(this) == 1 and RAW_TEXT[tag_of(this)]  # text, not markup (a <style>'s: CSS)
            native_set(this, clean_style_text(this, html) if raw else clean(html, False, this))

        define_accessor(target, name, original.get, put)

    def html_method(target, name, in_page, own):  # a method taking markup first (`own`: for `this`)
        original_fn = target[name]
        if not original_fn:  # not in this engine
            return

        def put(this, *args):
            if len(args) and (own or len(args) < 2 or str(args[1]) == "text/html"):  # XML is not HTML
                args[0] = clean(args[0], in_page, this if own else win.document)
            return call_with(original_fn, this, args)

        define(target, name, put)

    html_setter(element, "innerHTML")
    html_setter(element, "outerHTML")
    html_setter(win.ShadowRoot.prototype, "innerHTML")
    insert_adjacent = uncurry(element.insertAdjacentHTML)

    def adjacent(this, position, html):
        insert_adjacent(this, position, clean(html, False, this))

    define(element, "insertAdjacentHTML", adjacent)
    html_method(element, "setHTMLUnsafe", False, True)
    html_method(win.ShadowRoot.prototype, "setHTMLUnsafe", False, True)
    html_method(win.Range.prototype, "createContextualFragment", True, False)  # its scripts run once inserted
    html_method(win.Document, "parseHTMLUnsafe", False, False)  # its nodes may be imported into the page
    html_method(win.DOMParser.prototype, "parseFromString", False, False)  # (type text/html)
    for name in ["importNode", "adoptNode"]:
        adopter(win.Document.prototype, name)

    def writer(name):  # document.write and writeln
        original = uncurry(win.Document.prototype[name])

        def put(this, *parts):
            original(this, clean(parts[0] if len(parts) == 1 else list_join(parts, ""), True, this))

        define(win.Document.prototype, name, put)

    writer("write")
    writer("writeln")


def adopter(proto, name):  # a node taken from another document (where no script it has runs)
    original_fn = uncurry(proto[name])

    def adopt(this, node, deep):
        found = original_fn(this, node, deep)
        stop_all(found, False, base_of(this))
        return found

    define(proto, name, adopt)
