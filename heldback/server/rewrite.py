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

Whatever the input, the rewrite answers, in time linear in the page's length: CSS is edited where
its URLs are (no re-serialization, so no recursion however deep its blocks nest), character
references of any length decode as the tokenizer decodes them, and frames' srcdoc documents are read
``MAX_SRCDOC_DEPTH`` levels deep; a srcdoc nested deeper is emptied (nothing in it is fetched,
nothing in it is shown) rather than read once more for every level above it.
"""

import base64
import logging
import re
import urllib.parse
from collections import namedtuple
from html import escape

import tinycss2

from heldback.core.fetching import DOCUMENTS, FETCHING, released_from, SVG_CSS_ATTRIBUTES, urls_in
from heldback.server.html_tags import HTML, SVG, start_tags
from heldback.urls import parse, vendor_of

PARSED_AS = {"image": "img"}  # a start tag the parser turns into another element
STYLE_END = re.compile(r"</style(?=[\t\n\f\r />])", re.IGNORECASE | re.ASCII)  # as the tokenizer ends its text
DEAD_URL = "about:invalid"
PLACEHOLDERS = ("https://page.invalid/", "http://page.invalid/")  # the page's URL, when the caller does not know it
MAX_SRCDOC_DEPTH = 8  # frames in frames' srcdoc read so deep; nobody nests srcdoc documents further
LOG = logging.getLogger("heldback.server")
DATA_URL = re.compile(r"[\0- ]*data:([^,]*),", re.IGNORECASE)  # (the URL parser strips leading controls and spaces)
URL_SPACES = {ord(c): None for c in " \t\n\f\r"}
URL_TABS = {ord(c): None for c in "\t\n\r"}
# what the browser may turn into a vendor's host in a data: document (stage 1's markup.py DECODED)
DECODED = re.compile(r"&(?!(?:amp|nbsp|lt|gt|quot|apos|#39|#x27);)[#a-z]|%[0-9a-f]|[^\0-\x7f]|\\")
UNKNOWN_VENDOR = {"key": " ", "category": " "}  # stage 1's UNKNOWN: never granted, so never loaded

Edit = namedtuple("Edit", "start end text css")
Edit.__doc__ = """Replace ``html[start:end]`` by ``text``; ``css``: the text is CSS (a style element's), not markup."""


class Rewriter:
    def __init__(self, config, script_url):
        """``config``: a resolved cmp Config; ``script_url``: where the site serves consent.js."""
        self.vendors = config.vendors
        self.script_url = script_url

    def rewrite(self, html, nonce=None, url=None, inject=True):
        """``html`` made safe. ``nonce``: the page's script nonce (script_nonce), for the injected tag;
        ``url``: the page's own URL, against which its relative URLs resolve; ``inject``: add our tag
        where it is missing (not in a frame's srcdoc, whose markup is only dropped)."""
        return applied(html, self.edits(html, nonce, url, inject))

    def edits(self, html, nonce=None, url=None, inject=True, depth=0):
        """What ``rewrite`` changes in ``html``: [Edit], in document order and apart. Each starts at a
        "<" or right after a ">" (or at either end of ``html``), which is what lets the middleware
        place it in the page's own bytes (heldback/server/page_encoding.py)."""
        tags = start_tags(html)
        bases = self.bases(tags, [url] if url and parse(url) is not None else PLACEHOLDERS)
        vendor_at = _memo(lambda each, base: vendor_of(each, self.vendors, base))  # a page repeats its URLs
        edits, has_stage1, stage1_at = [], False, doctype_end(html)
        heads = [tag for tag in tags if tag.namespace == HTML and tag.name in ("head", "html")]
        if heads:
            stage1_at = next((tag.end for tag in heads if tag.name == "head"), heads[0].end)
        base = next((tag for tag in tags if tag.name == "base" and tag.namespace == HTML), None)
        if base and base.start < stage1_at:  # before any <base>: our URL must resolve against the page's
            stage1_at = base.start
        for tag in tags:
            element = element_of(tag)
            if element == "script" and tag.get("src") is not None and is_stage1_script(tag.get("src"), self.script_url, bases[0]):
                has_stage1 = True
                continue
            found = {}  # attribute -> the vendor it would fetch from
            for name, value in tag.attributes:
                if name == "srcdoc" and element == "iframe":
                    framed = self.framed(value, url, depth)
                    if framed != value:
                        found[name] = framed
                elif (name == "style" or tag.namespace == SVG and name in SVG_CSS_ATTRIBUTES) and name not in found:
                    cleaned = dead_urls(value, vendor_at, bases)  # CSS: each vendor url() made dead
                    if cleaned is not None:
                        found[name] = cleaned
                elif f"{element} {name}" in FETCHING and name not in found:
                    vendor = next((v for base in bases for each in urls_in(name, value)
                                   if (v := vendor_at(each, base))), None)
                    if not vendor and f"{element} {name}" in DOCUMENTS:
                        vendor = self.data_vendor(value)
                    if vendor:
                        found[name] = vendor
            if found:
                edits.append(Edit(tag.start, tag.end, declarative(tag, element, found), False))
            if element == "style":  # its text, up to </style (a "/>" ends nothing): the preload scanner reads @import
                close = STYLE_END.search(html, tag.end)
                end = close.start() if close else len(html)
                cleaned = dead_urls(html[tag.end:end], vendor_at, bases)
                if cleaned is not None:
                    edits.append(Edit(tag.end, end, cleaned.replace("</", "<\\/"), True))
        if not has_stage1 and inject:
            nonce_attribute = f' nonce="{escape(nonce)}"' if nonce else ""
            edits.append(Edit(stage1_at, stage1_at, f'<script src="{escape(self.script_url)}"{nonce_attribute}></script>',
                              False))
        kept, done = [], 0
        for edit in sorted(edits):  # an insertion (start == end) goes before a tag at start
            if edit.start < done:
                continue  # a tag one view finds inside another's attribute (README, Known limits)
            kept.append(edit)
            done = edit.end
        return kept

    def data_vendor(self, url):
        """The vendor a data: URL's own document or stylesheet may name (an @import, a script): its
        config entry, UNKNOWN_VENDOR where the text may hide one (an escape, a character reference,
        a non-ASCII character: as stage 1's elements.py data_vendor); None for any other URL."""
        url = url.translate(URL_TABS)  # (removed by the URL parser wherever they are)
        found = DATA_URL.match(url)
        if not found:
            return None
        content = url[found.end():]
        try:
            data = base64.b64decode(content.translate(URL_SPACES), validate=False) if ";base64" in found[1].lower() \
                else urllib.parse.unquote_to_bytes(content)
        except ValueError:
            return UNKNOWN_VENDOR
        text = data.decode("utf-8", "replace").lower().translate(URL_TABS)  # as its URLs read
        for vendor in self.vendors:
            if any(host in text for host in vendor["hosts"]):
                return vendor
        return UNKNOWN_VENDOR if DECODED.search(text) else None

    def framed(self, srcdoc, url, depth):
        """A frame's srcdoc document made safe, or emptied where it lies deeper than MAX_SRCDOC_DEPTH."""
        if depth + 1 >= MAX_SRCDOC_DEPTH:
            if srcdoc:
                LOG.warning("heldback: a srcdoc nested more than %d deep was emptied", MAX_SRCDOC_DEPTH)
            return ""
        return applied(srcdoc, self.edits(srcdoc, url=url, inject=False, depth=depth + 1))

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


def applied(html, edits):
    """``html`` with ``edits`` (in order, apart) made."""
    out, done = [], 0
    for edit in edits:
        out.append(html[done:edit.start])
        out.append(edit.text)
        done = edit.end
    out.append(html[done:])
    return "".join(out)


def _memo(function):
    seen = {}

    def remembered(*key):
        if key not in seen:
            seen[key] = function(*key)
        return seen[key]

    return remembered


def dead_urls(css, vendor_at, bases):
    """``css`` (a style attribute's or a sheet) with each url() and string that leads to a vendor
    made dead (about:invalid, which reaches no host), read as the browser tokenizes CSS (tinycss2:
    escapes decoded); None when it has none. ``vendor_at(url, base)``: the vendor a URL reaches. A
    string counts as a URL: an @import's and an image-set()'s are. Only those tokens change, in
    place: the rest of the CSS stays as written (newlines as CSS reads them: CR and FF as LF)."""
    css = css.replace("\0", "\ufffd").replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [0] + [found.end() for found in re.finditer("\n", css)]  # tinycss2 places tokens by line and column
    pending, edits = [tinycss2.parse_component_value_list(css, skip_comments=False)], []
    while pending:  # a stack, not recursion: blocks may nest a million deep
        for token in pending.pop():
            if token.type in ("url", "string") and any(vendor_at(token.value, base) for base in bases):
                start = lines[token.source_line - 1] + token.source_column - 1
                if token.type == "url":
                    edits.append((start, _url_token_end(css, start), f"url({DEAD_URL})"))
                else:
                    edits.append((start, _string_token_end(css, start), f'"{DEAD_URL}"'))
            inner = getattr(token, "arguments", None) or getattr(token, "content", None)
            if isinstance(inner, list):
                pending.append(inner)
    if not edits:
        return None
    out, done = [], 0
    for start, end, text in sorted(edits):
        out += [css[done:start], text]
        done = end
    return "".join(out) + css[done:]


def _url_token_end(css, start):
    """Where the url token starting at ``start`` (its name, which escapes may spell) ends: after its
    first ")" that no backslash escapes, or at the end."""
    at = css.index("(", start) + 1
    while at < len(css):
        if css[at] == "\\":
            at += 2
        elif css[at] == ")":
            return at + 1
        else:
            at += 1
    return len(css)


def _string_token_end(css, start):
    quote, at = css[start], start + 1
    while at < len(css):
        if css[at] == "\\":
            at += 2
        elif css[at] == quote:
            return at + 1
        elif css[at] == "\n":
            return at
        else:
            at += 1
    return len(css)


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
            name, *sources = directive.split() or [""]  # "a;;b" and a last ";" hold empty directives
            if name and name.lower() not in directives:  # the first of a name counts, as in browsers
                directives[name.lower()] = sources
        for source in directives.get("script-src", directives.get("default-src", [])):
            if source.startswith("'nonce-") and source.endswith("'"):
                return source[len("'nonce-"):-1]
    return None


def is_stage1_script(value, script_url, page_url):
    """Whether a script URL is the consent manager's own stage 1."""
    loaded, ours = parse(value, page_url), parse(script_url, page_url)
    return loaded is not None and ours is not None and (
        loaded.href.split("?")[0].split("#")[0] == ours.href.split("?")[0].split("#")[0]
        or loaded.pathname.endswith("/consent.js"))
