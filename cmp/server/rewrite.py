"""Rewrite a page's HTML so the browser cannot request a vendor before consent, not even early.

The browser's preload scanner requests the ``<script src>``, ``<link href>``, ``<img src>`` and
``<iframe src>`` it finds in the HTML before any script runs, so the only place to stop those
requests is the markup itself. ``Rewriter.rewrite`` turns each tag pointing at a vendor of the config
into the declarative form that stage 1 releases on consent::

    <script async src="https://cdp.customer.io/x.js">
    <script async type="text/plain" data-cmp-category="marketing" data-src="https://cdp.customer.io/x.js">

and injects ``<script src="<script_url>"></script>`` at the top of ``<head>`` when the page lacks
it (with the page's CSP nonce, if it has one: script_nonce). Everything else in the document is left byte for byte as it was. Rewriting twice changes
nothing more.
"""

from html import escape
from html.parser import HTMLParser

from cmp.core.vendors import vendor_of

URL_ATTRIBUTE = {"script": "src", "link": "href", "img": "src", "iframe": "src"}


class Rewriter:
    def __init__(self, config, script_url):
        """``config``: a resolved cmp Config; ``script_url``: where the site serves consent.js."""
        self.vendors = config.vendors
        self.script_url = script_url

    def category_of(self, url):
        vendor = vendor_of(url, self.vendors)
        return vendor["category"] if vendor else None

    def rewrite(self, html, nonce=None):
        """``html`` made safe; ``nonce``: the page's script nonce (script_nonce), for the injected tag."""
        scan = _Scan(self)
        scan.feed(html)
        scan.close()
        edits = scan.edits
        if not scan.has_loader:
            nonce_attribute = f' nonce="{escape(nonce)}"' if nonce else ""
            tag = f'<script src="{escape(self.script_url)}"{nonce_attribute}></script>'
            edits.append((scan.loader_at, scan.loader_at, tag))
        out, done = [], 0
        for start, end, text in sorted(edits):  # an insertion (start == end) goes before a tag at start
            out.append(html[done:start])
            out.append(text)
            done = end
        out.append(html[done:])
        return "".join(out)


class _Scan(HTMLParser):
    """Finds the tags to change, as (start, end, replacement) offsets into the document."""

    def __init__(self, rewriter):
        super().__init__(convert_charrefs=True)
        self.rewriter = rewriter
        self.edits = []
        self.has_loader = False
        self.loader_at = 0  # after <head> (or <html>, or the doctype) when there is no loader yet
        self._line_starts = None

    def feed(self, data):
        starts, at = [0], data.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = data.find("\n", at + 1)
        self._line_starts = starts
        super().feed(data)

    def _offset(self):
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_decl(self, decl):
        self.loader_at = max(self.loader_at, self._offset() + len(decl) + 3)

    def handle_starttag(self, tag, attrs):
        start, text = self._offset(), self.get_starttag_text()
        end = start + len(text)
        if tag in ("html", "head") and not self.has_loader:
            self.loader_at = end
        attribute = URL_ATTRIBUTE.get(tag)
        values = dict(attrs)
        url = values.get(attribute) if attribute else None
        if not url:
            return
        if tag == "script" and _is_loader(url, self.rewriter.script_url):
            self.has_loader = True
            return
        category = self.rewriter.category_of(url)
        if category:
            self.edits.append((start, end, _declarative(tag, attrs, attribute, category, text.endswith("/>"))))

    handle_startendtag = handle_starttag


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


def _declarative(tag, attrs, attribute, category, self_closing):
    kept = []
    for name, value in attrs:
        if name == attribute:
            continue
        if tag == "script" and name == "type":
            name = "data-type"
        kept.append((name, value))
    url = dict(attrs)[attribute]
    marks = [("data-cmp-category", category), (f"data-{attribute}", url)]
    if tag == "script":
        marks.insert(0, ("type", "text/plain"))
    parts = [tag] + [name if value is None else f'{name}="{escape(value)}"' for name, value in kept + marks]
    return "<" + " ".join(parts) + ("/>" if self_closing else ">")


def _is_loader(url, script_url):
    return url.split("?")[0].split("#")[0] == script_url or url.split("?")[0].endswith("/consent.js")
