"""What makes the browser fetch: each element, and the attributes it loads a URL from.

One definition for the guard in the browser (stage 1: heldback/loader/stage1/elements.py, baked by
heldback/building/stage1.py) and the rewrite of a page's markup (heldback/server/rewrite.py). An entry is
"element attribute", an SVG element written svg:name (in lower case, as HTML's tokenizer makes it:
svg:feimage). A <base> is among them: every relative URL of
the document resolves against it. A held element (a base, scripts, links) gets its URL
back on release; any other is dropped until its category is granted, and in the page's own markup it
is released from data-<attribute> (a script from data-src, an SVG href from data-href).
"""

FETCHING = ("base href", "script src", "link href", "link imagesrcset", "svg:script href", "svg:script xlink:href",
            "img src", "img srcset", "source src", "source srcset", "iframe src", "frame src", "input src",
            "video src", "video poster", "audio src", "track src", "object data", "embed src",
            "a ping", "area ping", "svg:image href", "svg:image xlink:href",
            "body background", "table background", "td background", "th background",
            "svg:feimage href", "svg:feimage xlink:href",
            # an animation of any attribute, href among them: its values are checked as URLs
            "svg:set to", "svg:animate to", "svg:animate from", "svg:animate by", "svg:animate values")
HELD = ("base href", "script src", "link href", "svg:script href", "svg:script xlink:href")
URL_LISTS = ("srcset", "imagesrcset", "ping", "values")  # more than one URL, between spaces, commas or semicolons
LIST_SEPARATORS = " \t\n\f\r,;"
# where a data: URL is a document or a stylesheet, which may fetch in turn (an @import, a script)
DOCUMENTS = ("link href", "iframe src", "frame src", "object data", "embed src")
# CSS properties that SVG elements also take as attributes, where a url() fetches (an external paint
# server, mask, filter or cursor): cleaned as CSS, like a style attribute
SVG_CSS_ATTRIBUTES = ("fill", "stroke", "mask", "clip-path", "filter", "marker-start", "marker-mid", "marker-end", "cursor")


def urls_in(attribute, value):
    """The URLs an attribute's value holds (a srcset's descriptors among them: a piece too many is
    only checked once more)."""
    if attribute not in URL_LISTS:
        return [value]
    for separator in LIST_SEPARATORS[1:]:
        value = value.replace(separator, " ")
    return value.split()


def released_from(element, attribute):
    """The data- attribute declarative markup keeps a URL in until release."""
    return "data-src" if element.endswith("script") else "data-" + attribute.split(":")[-1]
