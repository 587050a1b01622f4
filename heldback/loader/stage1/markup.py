# Markup: HTML strings the browser parses (innerHTML, outerHTML, insertAdjacentHTML,
# createContextualFragment, document.write) fetch their images, frames and scripts during parsing,
# before any observer could act. A string that may name a vendor is parsed first in an inert
# <template>, its vendor elements are stopped (make_inert) and the result is passed on. Other strings
# go through untouched: those without a tag, and those that name no vendor host even as the browser
# reads URLs (case and line breaks aside; anything it decodes, a character reference, a %-escape or
# a non-ASCII character, counts as a possible vendor).

INERT_TAGS = table_of(["SCRIPT", "script", "LINK", "IMG", "IFRAME", "INPUT"])  # "script": an SVG script's tagName
RAW_TEXT = table_of(["SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "NOEMBED", "NOFRAMES", "NOSCRIPT", "IFRAME"])
VENDOR_ELEMENTS = "script[src],script[*|href],link[href],img[src],iframe[src],input[src]"  # *|href: xlink:href too
# What the browser may turn into a vendor's host name (the common entities do not make letters)
DECODED = RegExp("&(?!(?:amp|nbsp|lt|gt|quot|apos|#39|#x27);)[#a-z]|%[0-9a-f]|[^\\0-\\x7f]")
URL_SPACES = ["\t", "\n", "\r"]  # the URL parser removes them wherever they are


def make_inert(element, in_page):
    """Stop a vendor element that came from markup. In the page's own markup (`in_page`: parsed,
    written, or a contextual fragment) it becomes declarative markup, released on consent. In markup
    set through innerHTML and the like it is dropped; a script there never runs anyway, and is marked
    so that it is not mistaken for one of the page's own tags later."""
    tag = tag_of(element)
    attribute = url_attribute(element, tag)
    url = get_attribute(element, attribute)
    category = blocked(url, node_base(element)) if url else None
    if not category or has_attribute(element, "data-cmp-inert"):
        return
    script = text_lower(tag) == "script"
    if not in_page:
        if script:
            set_attribute(element, "data-cmp-inert", "")
        else:
            set_attribute(element, attribute, NO_URL)
        return
    if script:  # released as an HTML script (release.py run_from), an SVG one too
        if has_attribute(element, "type"):
            set_attribute(element, "data-type", get_attribute(element, "type"))
        set_attribute(element, "type", "text/plain")
    set_attribute(element, "data-cmp-category", category)
    set_attribute(element, "data-" + ("src" if script else attribute), url)
    remove_attribute(element, attribute)


def url_attribute(element, tag):
    """The attribute whose URL a vendor element loads: an SVG script's is href, else xlink:href."""
    if tag == "script":
        return "href" if has_attribute(element, "href") else "xlink:href"
    return "href" if tag == "LINK" else "src"


def may_load_vendor(html, base):
    """Whether markup may hold a vendor's URL, as the browser will read it (never false when it does)."""
    text = text_lower(str(html))
    if text_index(text, "<") < 0:
        return False  # no element, no request
    if regexp_exec(DECODED, text) or category_of(base, base):  # a <base> at a vendor makes every URL its
        return True
    for space in URL_SPACES:
        text = list_join(split_text(text, space), "")
    for entry in HOSTS:
        if text_index(text, entry[0]) >= 0:
            return True
    return False


def guard_markup(win):
    element = win.Element.prototype
    inner = own_descriptor(element, "innerHTML")
    set_inner = uncurry(inner.set)
    get_inner = uncurry(inner.get)
    template = win.document.createElement("template")

    def clean(html, in_page, node):
        """`html` (to be parsed for `node`) with its vendor elements stopped; the very same value when
        it has none."""
        if not may_load_vendor(html, node_base(node)):
            return html
        set_inner(template, html)  # the page's own value: a TrustedHTML where Trusted Types rule
        for found in items_of(select_all(template.content, VENDOR_ELEMENTS)):
            make_inert(found, in_page)
        return trusted("HTML", get_inner(template))

    def html_setter(target, name):
        original = own_descriptor(target, name)
        native_set = uncurry(original.set)

        def put(this, html):
            native_set(this, html if RAW_TEXT[tag_of(this)] else clean(html, False, this))

        define_accessor(target, name, original.get, put)

    html_setter(element, "innerHTML")
    html_setter(element, "outerHTML")
    html_setter(win.ShadowRoot.prototype, "innerHTML")
    insert_adjacent = uncurry(element.insertAdjacentHTML)
    contextual_fragment = uncurry(win.Range.prototype.createContextualFragment)

    def adjacent(this, position, html):
        insert_adjacent(this, position, clean(html, False, this))

    def fragment(this, html):  # its scripts run once inserted: they are held too
        return contextual_fragment(this, clean(html, True, win.document))

    def writer(name):  # document.write and writeln
        original = uncurry(win.Document.prototype[name])

        def put(this, *parts):
            original(this, clean(parts[0] if len(parts) == 1 else list_join(parts, ""), True, this))

        define(win.Document.prototype, name, put)

    define(element, "insertAdjacentHTML", adjacent)
    define(win.Range.prototype, "createContextualFragment", fragment)
    writer("write")
    writer("writeln")
