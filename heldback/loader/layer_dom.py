# heldback/core/views.py nodes made into DOM in the page without stage 2, shared by the first layer and
# stage 1's floating button (compiled into each). It uses the native keys_of: stage 1's, captured
# before the page's scripts ran.

from .stage1.natives import keys_of
from .browser import CSSStyleSheet, document


def build(node):
    """DOM for a node, as heldback/web/banner.py builds it (no HTML strings: nothing here is a Trusted
    Types sink)."""
    if str(node) == node:  # a text node (a string); an element is a list
        return document.createTextNode(node)
    tag, attributes, children = node
    element = document.createElement(tag)
    for name in keys_of(attributes):
        element.setAttribute(name, attributes[name])
    for child in children:
        element.appendChild(build(child))
    return element


def new_layer_host(code, style):
    """<div data-cmp-root lang=code> with an open shadow root styled by `style`, not yet in the page."""
    host = document.createElement("div")
    host.setAttribute("data-cmp-root", "")
    host.setAttribute("lang", code)
    shadow = host.attachShadow({"mode": "open"})
    sheet = CSSStyleSheet()  # not a <style>: it applies under a CSP that forbids inline styles
    sheet.replaceSync(style)
    shadow.adoptedStyleSheets = [sheet]
    return shadow
