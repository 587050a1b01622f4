"""Rewrite a page's HTML so the browser cannot request a vendor before consent, not even early.

The browser's preload scanner requests the ``<script src>``, ``<link href>``, ``<img src>`` and the
like it finds in the HTML before any script runs, so the only place to stop those requests is the
markup itself. ``Rewriter.rewrite`` turns each tag that would fetch from a vendor of the config into
the declarative form that stage 1 releases on consent::

    <script async src="https://cdp.customer.io/x.js">
    <script async type="text/plain" data-cmp-category="marketing" data-src="https://cdp.customer.io/x.js">

and injects ``<script src="<script_url>"></script>`` at the top of ``<head>`` when the page lacks
it (with the page's CSP nonce, if it has one: script_nonce). The document is read as a browser reads
it: its tags where the browser's tokenizer finds them (html_tags.py) and their URLs as the browser
resolves them (heldback/urls.py, against the page's URL and its ``<base>``). Everything else in the
document is left byte for byte as it was. Rewriting twice changes nothing more.
"""

import re
from html import escape

import tinycss2

from heldback.core.fetching import FETCHING, HELD, released_from, urls_in
from heldback.server.html_tags import HTML, SVG, start_tags
from heldback.urls import parse, vendor_of

PARSED_AS = {"image": "img"}  # a start tag the parser turns into another element
STYLE_END = re.compile(r"</style(?=[\t\n\f\r />])", re.IGNORECASE | re.ASCII)  # as the tokenizer ends its text
DEAD_URL = "about:invalid"
PLACEHOLDERS = ("https://page.invalid/", "http://page.invalid/")  # the page's URL, when the caller does not know it


class Rewriter:
    def __init__(self, config, script_url):
        """``config``: a resolved cmp Config; ``script_url``: where the site serves consent.js."""
        self.vendors = config.vendors
        self.script_url = script_url

    def rewrite(self, html, nonce=None, url=None, inject=True):
        """``html`` made safe. ``nonce``: the page's script nonce (script_nonce), for the injected tag;
        ``url``: the page's own URL, against which its relative URLs resolve; ``inject``: add our tag
        where it is missing (not in a frame's srcdoc, whose markup is only dropped)."""
        tags = start_tags(html)
        bases = self.bases(tags, [url] if url else PLACEHOLDERS)
        edits, has_loader, loader_at = [], False, doctype_end(html)
        heads = [tag for tag in tags if tag.namespace == HTML and tag.name in ("head", "html")]
        if heads:
            loader_at = next((tag.end for tag in heads if tag.name == "head"), heads[0].end)
        base = next((tag for tag in tags if tag.name == "base" and tag.namespace == HTML), None)
        if base and base.start < loader_at:  # before any <base>: our URL must resolve against the page's
            loader_at = base.start
        for tag in tags:
            element = element_of(tag)
            if element == "script" and tag.get("src") is not None and is_loader(tag.get("src"), self.script_url, bases[0]):
                has_loader = True
                continue
            found = {}  # attribute -> the vendor it would fetch from
            for name, value in tag.attributes:
                if name == "srcdoc" and element == "iframe":
                    framed = self.rewrite(value, inject=False, url=url)
                    if framed != value:
                        found[name] = framed
                elif name == "style" and name not in found:  # CSS: each vendor url() made dead
                    cleaned = dead_urls(value, self.vendors, bases, declarations=True)
                    if cleaned is not None:
                        found[name] = cleaned
                elif f"{element} {name}" in FETCHING and name not in found:
                    vendor = next((v for base in bases for each in urls_in(name, value)
                                   if (v := vendor_of(each, self.vendors, base))), None)
                    if vendor:
                        found[name] = vendor
            if found:
                edits.append((tag.start, tag.end, declarative(tag, element, found)))
            if element == "style":  # its text, up to </style (a "/>" ends nothing): the preload scanner reads @import
                close = STYLE_END.search(html, tag.end)
                end = close.start() if close else len(html)
                cleaned = dead_urls(html[tag.end:end], self.vendors, bases, declarations=False)
                if cleaned is not None:
                    edits.append((tag.end, end, cleaned.replace("</", "<\\/")))
        if not has_loader and inject:
            nonce_attribute = f' nonce="{escape(nonce)}"' if nonce else ""
            edits.append((loader_at, loader_at, f'<script src="{escape(self.script_url)}"{nonce_attribute}></script>'))
        out, done = [], 0
        for start, end, text in sorted(edits):  # an insertion (start == end) goes before a tag at start
            if start < done:
                continue  # a tag one view finds inside another's attribute (README, Known limits)
            out.append(html[done:start])
            out.append(text)
            done = end
        out.append(html[done:])
        return "".join(out)

    def bases(self, tags, page_urls):
        """The URLs relative ones may resolve against: the page's (on http and https if unknown), and
        its first ``<base href>`` (a tag before the base resolves against the page, a later one
        against the base)."""
        bases = list(page_urls)
        base = next((tag for tag in tags if tag.name == "base" and tag.namespace == HTML and tag.get("href") is not None),
                    None)
        for page_url in page_urls if base else ():
            resolved = parse(base.get("href"), page_url)
            if resolved is not None:
                bases.append(resolved.href)
        return bases


def element_of(tag):
    """The element ``tag`` makes, as heldback/core/fetching.py names it (None outside HTML and SVG)."""
    if tag.namespace == SVG:
        return "svg:" + tag.name
    return PARSED_AS.get(tag.name, tag.name) if tag.namespace == HTML else None


def declarative(tag, element, found):
    """``tag`` in the form stage 1 releases on consent: each URL in ``found`` ({attribute: vendor},
    or a frame's rewritten srcdoc, a style's CSS) moved to its data- attribute, the other attributes as they were (a
    script's type kept as data-type). Attributes of the page's that would stand for ours are left out."""
    marks = []
    vendors = [vendor for vendor in found.values() if isinstance(vendor, dict)]
    if vendors and element.endswith("script"):
        marks.append(("type", "text/plain"))
    if vendors:
        marks.append(("data-cmp-category", vendors[0]["category"]))
    for name, vendor in found.items():
        if isinstance(vendor, dict):
            marks.append((released_from(element, name), tag.get(name)))
        else:
            marks.append((name, vendor))  # srcdoc, its markup rewritten
    kept, taken = [], {name for name, _ in marks} | set(found)
    for name, value in tag.attributes:
        name = "data-type" if element.endswith("script") and name == "type" else name
        if name not in taken:
            taken.add(name)
            kept.append((name, value))
    parts = [tag.name] + [f'{name}="{escape(value)}"' for name, value in kept + marks]
    return "<" + " ".join(parts) + ("/>" if tag.self_closing else ">")


def dead_urls(css, vendors, bases, declarations):
    """``css`` (a style attribute's ``declarations``, else a sheet) with each url() and string that
    leads to a vendor made dead (about:invalid, which reaches no host), read as the browser tokenizes
    CSS (tinycss2: escapes decoded); None when it has none. A string counts as a URL: an @import's
    and an image-set()'s are."""
    if declarations:
        nodes = tinycss2.parse_component_value_list(css, skip_comments=False)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
    found = []

    def walk(tokens):
        for token in tokens or ():
            if token.type in ("url", "string") and any(vendor_of(token.value, vendors, base) for base in bases):
                token.value = DEAD_URL
                token.representation = f"url({DEAD_URL})" if token.type == "url" else f'"{DEAD_URL}"'
                found.append(token)
            for part in ("prelude", "arguments", "content"):
                inner = getattr(token, part, None)
                if isinstance(inner, list):
                    walk(inner)

    walk(nodes)
    return tinycss2.serialize(nodes) if found else None


def doctype_end(html):
    """Where the document's leading DOCTYPE ends (0 if it has none): the injected tag goes after it."""
    at = len(html) - len(html.lstrip("\ufeff\t\n\f\r "))
    if html[at:at + 9].lower() == "<!doctype":
        end = html.find(">", at)
        return end + 1 if end >= 0 else 0
    return 0


def script_nonce(policies):
    """The nonce that the Content-Security-Policy header values ``policies`` allow scripts with, or
    None: stage 1 needs it to run at all, and passes it on to what it loads and releases."""
    for policy in policies:
        directives = {}
        for directive in policy.split(";"):
            name, *sources = directive.split()
            if name and name.lower() not in directives:  # the first of a name counts, as in browsers
                directives[name.lower()] = sources
        for source in directives.get("script-src", directives.get("default-src", [])):
            if source.startswith("'nonce-") and source.endswith("'"):
                return source[len("'nonce-"):-1]
    return None


def is_loader(value, script_url, page_url):
    """Whether a script URL is the consent manager's own stage 1."""
    loaded, ours = parse(value, page_url), parse(script_url, page_url)
    return loaded is not None and ours is not None and (
        loaded.href.split("?")[0].split("#")[0] == ours.href.split("?")[0].split("#")[0]
        or loaded.pathname.endswith("/consent.js"))
