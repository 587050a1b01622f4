"""The start tags of an HTML document, where a browser finds them, with their place in the source.

The rewrite must change a vendor's tag in place and leave every other byte alone, so it needs each
start tag's exact offsets; and it must find every tag the browser finds, in the same boundaries, or
the browser fetches what the rewrite missed. ``start_tags`` follows the tokenizer of the HTML
Standard (13.2.5) in everything that decides where a tag begins and ends: comments (``<!-->``,
``<!--->``, ``--!>``), bogus comments (``</3``, ``<?x>``, ``<!x>``), DOCTYPE, CDATA sections (in SVG
and MathML only), the text of script (with its ``<!--`` and ``<script>`` escapes), style, xmp, iframe,
noembed, noframes, noscript, title, textarea and plaintext, end tags with attributes
(``</script x>``, ``</style/>``), repeated attributes (the first counts) and character references in
attribute values.

Which text state a start tag opens depends on the tree, which this does not build: it keeps what the
tokenizer's states depend on, the namespace of the open elements (``svg`` and ``math``, their
integration points, the tags that break out of them). Browsers look at a document twice, so this
does too: once as the parser does (``Parser``, after the tree-construction rules) and once as the
preload scanner does (``Scanner``, after Chromium's and WebKit's simpler simulation), which fetches
before any script runs. ``start_tags`` yields what either finds, in document order.
"""

import re
from html.entities import html5 as NAMED_REFERENCES

HTML, SVG, MATHML = "html", "svg", "math"
RCDATA = ("title", "textarea")
RAWTEXT = ("style", "xmp", "iframe", "noembed", "noframes")  # and noscript, where scripts run
VOID = ("area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
        "keygen", "link", "meta", "param", "source", "track", "wbr")
BREAKOUT = ("b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1",
            "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol",
            "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul",
            "var")  # and font with color, face or size: HTML tags that end SVG and MathML content
MATHML_TEXT_POINTS = ("mi", "mo", "mn", "ms", "mtext")
SVG_HTML_POINTS = ("foreignobject", "desc", "title")

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ\0", "abcdefghijklmnopqrstuvwxyz\ufffd")
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_SPACES = re.compile(r"[\t\n\f\r ]*")
_ATTRIBUTE_NAME = re.compile(r"[^\t\n\f\r /=>][^\t\n\f\r /=>]*|=[^\t\n\f\r /=>]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
# Most tags, read in one step: each attribute after whitespace, its value quoted or plainly unquoted.
# What this does not match exactly (no space before an attribute, "=" or a quote in a name or an
# unquoted value, a "/" before an attribute, the end of the document) goes through Tokenizer.tag.
_PLAIN_ATTRIBUTE = (r"[\t\n\f\r ]++({0}[^\t\n\f\r /=>\"'<][^\t\n\f\r /=>\"'<]*+)"  # {0}: "" to capture, "?:" not
                    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"({0}[^\"]*+)\"|'({0}[^']*+)'"
                    r"|({0}[^\t\n\f\r >\"'=<`][^\t\n\f\r >\"'=<`]*+)))?")
_PLAIN_TAG = re.compile(rf"([^\t\n\f\r />]*+)((?:{_PLAIN_ATTRIBUTE.format('?:')})*+)[\t\n\f\r ]*+(/?)>")
_PLAIN_ATTRIBUTES = re.compile(_PLAIN_ATTRIBUTE.format(''))
_COMMENT_END = re.compile(r"--!?>")
_ASCII_CASE = re.IGNORECASE | re.ASCII  # "</\u017fcript>" closes no script: the tokenizer folds ASCII only
_SCRIPT_DATA = re.compile(r"</script(?=[\t\n\f\r />])|<!--", _ASCII_CASE)
_SCRIPT_ESCAPED = re.compile(r"-->|</script(?=[\t\n\f\r />])|<script(?=[\t\n\f\r />])", _ASCII_CASE)
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]+)(;?)|#([0-9]+)(;?)|([A-Za-z0-9]))")
_LONGEST_NAME = max(len(name) for name in NAMED_REFERENCES)
_WINDOWS_1252 = {0x80: "\u20ac", 0x82: "\u201a", 0x83: "\u0192", 0x84: "\u201e", 0x85: "\u2026", 0x86: "\u2020",
                 0x87: "\u2021", 0x88: "\u02c6", 0x89: "\u2030", 0x8a: "\u0160", 0x8b: "\u2039", 0x8c: "\u0152",
                 0x8e: "\u017d", 0x91: "\u2018", 0x92: "\u2019", 0x93: "\u201c", 0x94: "\u201d", 0x95: "\u2022",
                 0x96: "\u2013", 0x97: "\u2014", 0x98: "\u02dc", 0x99: "\u2122", 0x9a: "\u0161", 0x9b: "\u203a",
                 0x9c: "\u0153", 0x9e: "\u017e", 0x9f: "\u0178"}


class Tag:
    """A start tag: ``name`` in lower case, ``attributes`` as [(name, value)] (decoded; of a repeated
    name only the first, as browsers keep), ``start`` and ``end`` offsets of its ``<`` and after its
    ``>``, ``namespace`` of the element it makes, ``self_closing``."""

    def __init__(self, name, attributes, start, end, self_closing):
        self.name, self._attributes, self.start, self.end = name, attributes, start, end
        self.self_closing = self_closing
        self.namespace = HTML

    @property
    def attributes(self):
        if isinstance(self._attributes, str):  # read on demand: most tags are never asked
            attributes, names = [], set()
            for key, double, single, unquoted in _PLAIN_ATTRIBUTES.findall(self._attributes):
                key = key.translate(_ASCII_LOWER)
                if key not in names:
                    names.add(key)
                    attributes.append((key, decode_attribute(double or single or unquoted)))
            self._attributes = attributes
        return self._attributes

    def get(self, name):
        return next((value for key, value in self.attributes if key == name), None)

    def __repr__(self):
        return f"<{self.name} {self.attributes} {self.start}:{self.end} {self.namespace}>"


def start_tags(html, scripting=True):
    """Every start tag that the parser or the preload scanner finds in ``html``, in document order (a
    tag both find, once, as the parser sees it). ``scripting``: whether scripts run (then noscript
    holds text); with scripts, the tags a visitor without them gets are included too."""
    views = [Scanner(scripting), Parser(scripting)]  # the parser's view of a tag comes last: it wins
    if scripting and "<noscript" in html.lower():  # a visitor without scripts sees its markup
        views.insert(1, Parser(False))
    found, runs = {}, [(Together(views), 0, None)]
    while runs:  # one pass while the views agree on the text states; a pass each where they part
        tree, at, text = runs.pop()
        try:
            for tag in Tokenizer(html, tree).tags(at, text):
                found[tag.start] = tag
        except Parted as parted:
            for group, state in parted.groups:
                runs.append((Together(group), parted.at, state))
    return [found[start] for start in sorted(found)]


class Parted(Exception):
    """The views of a document part at ``at``: ``groups`` [(views, text state from there)]."""

    def __init__(self, at, groups):
        self.at, self.groups = at, groups


class Together:
    """Several views of the document, fed the same tags while they agree on what follows."""

    def __init__(self, views):
        self.views = views

    def start(self, tag):
        states = [view.start(tag) for view in self.views]
        if len(states) > 1 and states.count(states[0]) != len(states):
            self.part(tag.end, states, [(state, tag.name) if state else None for state in states])
        return states[0]

    def end(self, name):
        for view in self.views:
            view.end(name)

    def cdata(self, at):
        allowed = [view.cdata() for view in self.views]
        if len(set(allowed)) > 1:
            self.part(at, allowed, [("declaration", None)] * len(allowed))
        return allowed[0]

    def part(self, at, keys, texts):
        groups = {}
        for view, key, text in zip(self.views, keys, texts):
            groups.setdefault(key, ([], text))[0].append(view)
        raise Parted(at, list(groups.values()))


def decode_attribute(value):
    """An attribute value as the tokenizer makes it: line breaks normalised, NUL replaced, character
    references decoded (13.2.5.72-80; a named one without ";" followed by "=" or a letter or digit
    stays as written, in attributes)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    if "&" not in value:
        return value
    out, at = [], 0
    while (match := _REFERENCE.search(value, at)) is not None:
        out.append(value[at:match.start()])
        hexadecimal, _, decimal, _, letter = match.groups()
        at = match.end()
        if letter is None:
            out.append(_numeric_reference(hexadecimal, decimal))
            continue
        begin = match.start() + 1
        for length in range(min(_LONGEST_NAME, len(value) - begin), 0, -1):
            name = value[begin:begin + length]
            if name in NAMED_REFERENCES:
                following = value[begin + length:begin + length + 1]
                if not name.endswith(";") and (following == "=" or (following.isascii() and following.isalnum())):
                    out.append("&" + name)  # historical: left as written in an attribute
                else:
                    out.append(NAMED_REFERENCES[name])
                at = begin + length
                break
        else:
            out.append("&" + letter)
    out.append(value[at:])
    return "".join(out)


def _numeric_reference(hexadecimal, decimal):
    """The character of ``&#x...;`` or ``&#...;``: past U+10FFFF it is U+FFFD however long the
    digits, and Python's int() would refuse (or take quadratic time on) thousands of them."""
    digits = (hexadecimal or decimal).lstrip("0")
    if len(digits) > (6 if hexadecimal else 7):
        return "\ufffd"
    return _code_point(int(digits or "0", 16 if hexadecimal else 10))


def _code_point(number):
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return "\ufffd"
    return _WINDOWS_1252.get(number, chr(number))


class Tokenizer:
    """The HTML tokenizer, reduced to finding start tags; ``tree`` says which text state a tag opens."""

    def __init__(self, html, tree):
        self.html, self.tree = html, tree

    def tags(self, at=0, text=None):
        """The start tags from ``at`` on; ``text``: the (state, tag name) the document is in there, or
        ("declaration", None) for one to be read at ``at``."""
        html = self.html
        if text and text[0] == "declaration":
            at = self.declaration(at + 2)
        elif text:
            at = self.text(text[0], text[1], at)
        while (at := html.find("<", at)) >= 0:
            following = html[at + 1:at + 2]
            if following.isascii() and following.isalpha():
                tag = self.tag(at, at + 1)
                if tag is None:
                    return  # the document ends inside a tag: the browser drops it
                at = tag.end
                try:
                    text = self.tree.start(tag)
                except Parted:  # the views read on differently: each goes on from here
                    yield tag
                    raise
                yield tag
                if text:
                    at = self.text(text, tag.name, at)
            elif following == "/":
                name = html[at + 2:at + 3]
                if name.isascii() and name.isalpha():
                    plain = _PLAIN_TAG.match(html, at + 2)  # an end tag: only its name and end matter
                    tag = Tag(plain.group(1).translate(_ASCII_LOWER), "", at, plain.end(), False) if plain \
                        else self.tag_by_states(at, at + 2)
                    if tag is None:
                        return
                    self.tree.end(tag.name)
                    at = tag.end
                elif name == ">":
                    at += 3
                else:
                    at = self.bogus_comment(at + 2)
            elif following == "!":
                at = self.declaration(at + 2)
            elif following == "?":
                at = self.bogus_comment(at + 1)
            else:
                at += 1

    def tag(self, start, at):
        """The tag whose name starts at ``at`` (13.2.5.8-40), or None at the end of the document."""
        html = self.html
        plain = _PLAIN_TAG.match(html, at)
        if plain:
            return Tag(plain.group(1).translate(_ASCII_LOWER), plain.group(2), start, plain.end(), plain.group(3) == "/")
        return self.tag_by_states(start, at)

    def tag_by_states(self, start, at):
        """Tokenizer.tag the long way, state by state: any tag at all."""
        html = self.html
        name = _TAG_NAME.match(html, at).group().translate(_ASCII_LOWER)
        at += len(name)
        attributes, names, self_closing = [], set(), False
        while True:
            at = _SPACES.match(html, at).end()
            if at >= len(html):
                return None
            char = html[at]
            if char == ">":
                return Tag(name, attributes, start, at + 1, self_closing)
            if char == "/":
                at += 1
                self_closing = html[at:at + 1] == ">"
                continue
            self_closing = False
            attribute = _ATTRIBUTE_NAME.match(html, at).group()
            at = _SPACES.match(html, at + len(attribute)).end()
            value = ""
            if html[at:at + 1] == "=":
                at = _SPACES.match(html, at + 1).end()
                quote = html[at:at + 1]
                if quote in ("'", '"'):
                    close = html.find(quote, at + 1)
                    if close < 0:
                        return None
                    value, at = html[at + 1:close], close + 1
                else:
                    value = _UNQUOTED.match(html, at).group()
                    at += len(value)
            key = attribute.translate(_ASCII_LOWER)
            if key not in names:
                names.add(key)
                attributes.append((key, decode_attribute(value)))

    def text(self, kind, name, at):
        """Where the text of a ``kind`` element ends: at its end tag (which the loop then reads)."""
        if kind == "plaintext":
            return len(self.html)
        if kind == "script":
            return self.script_text(at)
        pattern = re.compile(r"</" + re.escape(name) + r"(?=[\t\n\f\r />])", _ASCII_CASE)
        match = pattern.search(self.html, at)
        return match.start() if match else len(self.html)

    def script_text(self, at):
        """The end of a script's text (13.2.5.4, 15-32): at "</script", except inside a "<!--" escape
        after a "<script" (until "</script" or "-->")."""
        html, escaped, double = self.html, False, False
        while True:
            match = (_SCRIPT_ESCAPED if escaped else _SCRIPT_DATA).search(html, at)
            if not match:
                return len(html)
            token = match.group()[:3].lower()
            if token == "<!-":
                escaped, at = True, match.end() - 2  # its "--" may close it again: "<!-->"
            elif token == "-->":
                escaped = double = False
                at = match.end()
            elif token == "<sc":
                double, at = True, match.end()
            elif double:  # "</script" inside the double escape ends only that
                double, at = False, match.end()
            else:
                return match.start()

    def declaration(self, at):
        """After "<!": a comment, a DOCTYPE, a CDATA section or a bogus comment; where it ends."""
        html = self.html
        if html.startswith("--", at):
            at += 2
            if html.startswith(">", at):  # <!-->
                return at + 1
            if html.startswith("->", at):  # <!--->
                return at + 2
            match = _COMMENT_END.search(html, at)
            return match.end() if match else len(html)
        if html.startswith("[CDATA[", at) and self.tree.cdata(at - 2):
            end = html.find("]]>", at + 7)
            return end + 3 if end >= 0 else len(html)
        return self.bogus_comment(at)

    def bogus_comment(self, at):
        end = self.html.find(">", at)
        return end + 1 if end >= 0 else len(self.html)


class Parser:
    """What the parser's tree construction makes of start and end tags, as far as the tokenizer's
    states depend on it: the open elements' names and namespaces (13.2.6)."""

    def __init__(self, scripting):
        self.scripting = scripting
        self.open = [("html", HTML)]

    def current(self):
        return self.open[-1]

    def as_html(self, name, tag=None):
        """Whether a token goes by the HTML rules rather than those of foreign content (13.2.6)."""
        node, namespace = self.current()
        if namespace == HTML:
            return True
        if namespace == MATHML and node in MATHML_TEXT_POINTS:
            return tag is not None and name not in ("mglyph", "malignmark")
        if namespace == MATHML and node == "annotation-xml" and name == "svg" and tag is not None:
            return True
        return tag is not None and self.html_point(node, namespace)

    def html_point(self, node, namespace):
        return (namespace == SVG and node in SVG_HTML_POINTS) or (namespace == MATHML and node == "annotation-xml html")

    def breaks_out(self, tag):
        return tag.name in BREAKOUT or (tag.name == "font" and any(tag.get(a) is not None for a in ("color", "face", "size")))

    def pop_to_html(self):
        while self.current()[1] != HTML and not self.html_point(*self.current()) and \
                not (self.current()[1] == MATHML and self.current()[0] in MATHML_TEXT_POINTS):
            self.open.pop()

    def start(self, tag):
        """Take in a start tag; the text state it opens ("script", "rcdata", "rawtext", "plaintext"), if any."""
        if not self.as_html(tag.name, tag):
            if self.breaks_out(tag):
                self.pop_to_html()
                return self.start(tag)
            namespace = self.current()[1]
            tag.namespace = namespace
            if not tag.self_closing:
                self.open.append((self.foreign_name(tag, namespace), namespace))
            return None
        if tag.name in (SVG, MATHML):
            tag.namespace = tag.name
            if not tag.self_closing:
                self.open.append((tag.name, tag.name))
            return None
        if tag.name in VOID:
            return None
        if tag.name == "script":
            return "script"
        if tag.name == "plaintext":
            return "plaintext"
        if tag.name in RCDATA or tag.name in RAWTEXT or (tag.name == "noscript" and self.scripting):
            return "text"
        self.open.append((tag.name, HTML))
        return None

    def foreign_name(self, tag, namespace):
        if namespace == MATHML and tag.name == "annotation-xml" and \
                (tag.get("encoding") or "").lower() in ("text/html", "application/xhtml+xml"):
            return "annotation-xml html"  # an HTML integration point
        return tag.name

    def end(self, name):
        """Take in an end tag (13.2.6.5 for foreign content; the HTML rules roughly: close the
        nearest element of that name unless an integration point stands between)."""
        if not self.as_html(name) and len(self.open) > 1:
            if name in ("br", "p"):  # back to HTML content, then by the HTML rules (not dispatched again:
                self.pop_to_html()   # an integration point is still foreign for an end tag)
                return self.end_by_html_rules(name)
            for i in range(len(self.open) - 1, 0, -1):
                node, namespace = self.open[i]
                if namespace == HTML:
                    break
                if node.split(" ")[0] == name:
                    del self.open[i:]
                    return
            else:
                return
        self.end_by_html_rules(name)

    def end_by_html_rules(self, name):
        for i in range(len(self.open) - 1, 0, -1):
            node, namespace = self.open[i]
            if namespace == HTML and node == name:
                del self.open[i:]
                return
            if namespace != HTML:
                return  # an integration point: the end tag stays inside it

    def cdata(self, at=None):
        return self.current()[1] != HTML


class Scanner(Parser):
    """The preload scanner's view (Chromium's and WebKit's HTMLTreeBuilderSimulator): a stack of
    namespaces, changed by svg, math, their integration points and the tags that break out."""

    def __init__(self, scripting):
        self.scripting = scripting
        self.namespaces = [HTML]

    def start(self, tag):
        name = tag.name
        if name in (SVG, MATHML):
            self.namespaces.append(name)
        if self.namespaces[-1] != HTML and self.breaks_out(tag):
            self.namespaces.pop()
        if (self.namespaces[-1] == SVG and name == "foreignobject") or \
                (self.namespaces[-1] == MATHML and name in MATHML_TEXT_POINTS):
            self.namespaces.append(HTML)
        tag.namespace = self.namespaces[-1]
        if self.namespaces[-1] != HTML:
            if tag.self_closing:
                self.end(name)
            return None
        if name == "script":
            return "script"
        if name == "plaintext":
            return "plaintext"
        if name in RCDATA or name in RAWTEXT or (name == "noscript" and self.scripting):
            return "text"
        return None

    def end(self, name):
        top = self.namespaces[-1]
        if (top == SVG and name == SVG) or (top == MATHML and name == MATHML) or \
                (SVG in self.namespaces and top == HTML and name == "foreignobject") or \
                (MATHML in self.namespaces and top == HTML and name in MATHML_TEXT_POINTS):
            self.namespaces.pop()

    def cdata(self, at=None):
        return self.namespaces[-1] != HTML
