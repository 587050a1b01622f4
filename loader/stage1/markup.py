# Markup: HTML strings the browser parses (innerHTML, outerHTML, insertAdjacentHTML,
# createContextualFragment, document.write) fetch their images, frames and scripts during parsing,
# before any observer could act. A string that mentions a vendor host is parsed first in an inert
# <template>, its vendor elements are stopped (make_inert) and the result is passed on. Other strings
# go through untouched.

INERT_TAGS = ["SCRIPT", "LINK", "IMG", "IFRAME"]
RAW_TEXT = ["SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "NOEMBED", "NOFRAMES", "NOSCRIPT", "IFRAME"]


def make_inert(element, in_page):
    """Stop a vendor element that came from markup. In the page's own markup (`in_page`: parsed,
    written, or a contextual fragment) it becomes declarative markup, released on consent. In markup
    set through innerHTML and the like it is dropped; a script there never runs anyway, and is marked
    so that it is not mistaken for one of the page's own tags later."""
    tag = element.tagName
    attribute = "href" if tag == "LINK" else "src"
    url = element.getAttribute(attribute)
    category = blocked(url) if url else None
    if not category or element.hasAttribute("data-cmp-inert"):
        return
    if not in_page:
        if tag == "SCRIPT":
            element.setAttribute("data-cmp-inert", "")
        else:
            element.setAttribute(attribute, NO_URL)
        return
    if tag == "SCRIPT":
        if element.hasAttribute("type"):
            element.setAttribute("data-type", element.getAttribute("type"))
        element.setAttribute("type", "text/plain")
    element.setAttribute("data-cmp-category", category)
    element.setAttribute("data-" + attribute, url)
    element.removeAttribute(attribute)


def neutralise(root, in_page):
    for element in root.querySelectorAll("script[src],link[href],img[src],iframe[src]"):
        make_inert(element, in_page)


def mentions_vendor(text):
    for entry in HOSTS:
        if text.indexOf(entry[0]) >= 0:
            return True
    return False


def guard_markup(win):
    element = win.Element.prototype
    inner = Object.getOwnPropertyDescriptor(element, "innerHTML")
    template = win.document.createElement("template")

    def clean(html, in_page):
        """`html` with its vendor elements stopped; the very same value when it has none."""
        text = str(html)
        if not mentions_vendor(text):
            return html
        inner.set.call(template, html)  # the page's own value: a TrustedHTML where Trusted Types rule
        neutralise(template.content, in_page)
        return trusted("HTML", inner.get.call(template))

    def html_setter(target, name):
        original = Object.getOwnPropertyDescriptor(target, name)

        def put(this, html):
            original.set.call(this, html if RAW_TEXT.indexOf(this.tagName) >= 0 else clean(html, False))

        Object.defineProperty(target, name, {"get": original.get, "set": put, "configurable": True, "enumerable": True})

    html_setter(element, "innerHTML")
    html_setter(element, "outerHTML")
    html_setter(win.ShadowRoot.prototype, "innerHTML")
    insert_adjacent = element.insertAdjacentHTML
    contextual_fragment = win.Range.prototype.createContextualFragment
    write = win.Document.prototype.write
    writeln = win.Document.prototype.writeln

    def adjacent(this, position, html):
        insert_adjacent.call(this, position, clean(html, False))

    def fragment(this, html):  # its scripts run once inserted: they are held too
        return contextual_fragment.call(this, clean(html, True))

    def put_write(this, *parts):
        write.call(this, clean(parts[0] if len(parts) == 1 else parts.join(""), True))

    def put_writeln(this, *parts):
        writeln.call(this, clean(parts[0] if len(parts) == 1 else parts.join(""), True))

    define(element, "insertAdjacentHTML", adjacent)
    define(win.Range.prototype, "createContextualFragment", fragment)
    define(win.Document.prototype, "write", put_write)
    define(win.Document.prototype, "writeln", put_writeln)
