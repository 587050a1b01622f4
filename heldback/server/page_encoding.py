"""An HTML response's bytes as the browser reads them, and the rewrite's edits put back into them.

Which encoding (the HTML Standard's encoding sniffing, as Chromium does it): a byte order mark; else
the Content-Type's charset, if the Encoding Standard knows the label (``cp500`` or ``utf-32`` it
does not, and browsers ignore them); else the first ``<meta charset>`` or ``<meta http-equiv=
content-type content="...charset=...">`` found as Chromium's scan finds it (its tokenizer, so not
inside a script or a comment; the first 1024 bytes, and on while only head elements came; a
meta's UTF-16 is UTF-8, its x-user-defined windows-1252); else windows-1252, the default of a
browser with no other hint.

Browsers do not all take the last two steps alike: Firefox scans the standard's way (1024 bytes,
no tokenizer), and with no declaration at all Chromium and Firefox guess from the bytes (Chromium
read an unlabelled Shift_JIS page as Shift_JIS, a GBK page as GBK). So a page whose encoding comes
from a meta, or from the default while it has a byte a guess could read differently (above 7F, or
the ESC of ISO-2022-JP), is served with its encoding named in the Content-Type (``declared``): then
every browser reads it as the middleware did.

The page is decoded by heldback/server/encoding_standard.py, exactly as the browser decodes it. The
rewrite's edits (heldback/server/rewrite.py) start at a "<" or right after a ">", characters that in
every encoding but UTF-16 and ISO-2022-JP come one for one from the bytes 3C and 3E, so each edit
lands at the same bytes, and everything between edits goes out byte for byte as it came in. What an
edit writes is in the page's encoding, a character the encoding cannot carry as a character
reference (CSS escape in a style sheet): never in an encoding the browser would not read it in.
"""

import re

import webencodings

from heldback.server import encoding_standard
from heldback.server.encoding_standard import Iso2022jp
from heldback.server.html_tags import RAWTEXT, RCDATA, Tokenizer

BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xfe\xff", "utf-16be"), (b"\xff\xfe", "utf-16le"))
DEFAULT = "windows-1252"
UNCONDITIONAL_SCAN = 1024  # Chromium's: bytes scanned for a meta whatever tags come first
HEAD_ELEMENTS = ("script", "noscript", "style", "link", "meta", "object", "title", "base")
_GUESSABLE = re.compile(rb"[\x80-\xff\x1b]")  # what an encoding guess may read otherwise
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")  # two UTF-16 code units each
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
DECLARED_AS = {"replacement": "iso-2022-kr"}  # a label of it that every browser knows


class Unplaceable(Exception):
    """An edit the middleware cannot put at the bytes the browser reads it from."""


def encoding_for(label):
    """The Encoding Standard's name for ``label`` (``webencodings``: its table of labels), or None."""
    found = webencodings.lookup(label) if label is not None else None
    return found.name if found is not None else None


class Page:
    """``body`` (an HTML response's bytes) as the browser reads it, given the Content-Type's charset
    label ``charset`` (None when it has none): ``encoding``, how it was found (``source``: "bom",
    "header", "meta" or "default"), whether the Content-Type must name it (``declared``), ``text``,
    the characters the browser decodes, and ``unreadable``: whether browsers read them differently
    (encoding_standard.chromium_parts), so that no reading is the browser's."""

    def __init__(self, body, charset=None):
        self.body, self.start = body, 0
        bom = next(((bom, name) for bom, name in BOMS if body.startswith(bom)), None)
        if bom:
            (self.start, self.encoding), self.source = (len(bom[0]), bom[1]), "bom"
        elif encoding_for(charset):
            self.encoding, self.source = encoding_for(charset), "header"
        elif found := meta_encoding(body):
            self.encoding, self.source = found, "meta"
        else:
            self.encoding, self.source = DEFAULT, "default"
        self.declared = self.source == "meta" or (self.source == "default" and _GUESSABLE.search(body) is not None)
        self.label = DECLARED_AS.get(self.encoding, self.encoding)  # for the Content-Type, when declared
        self.marks = None
        self.unreadable = encoding_standard.chromium_parts(body[self.start:], self.encoding)
        if self.encoding == "iso-2022-jp":
            decoder = Iso2022jp(body[self.start:])
            self.text, self.marks = decoder.text, decoder.marks
        else:
            self.text = encoding_standard.decode(body[self.start:], self.encoding)

    def with_edits(self, edits):
        """The body with ``edits`` (heldback/server/rewrite.py's Edit, on ``text``) made: the bytes
        between them as they were. Raises Unplaceable for an edit it cannot place."""
        if self.encoding == "replacement":
            return self.body  # read as one U+FFFD: nothing to place anything at
        out, done = [], 0
        places = self._places([position for edit in edits for position in (edit.start, edit.end)])
        for edit in edits:
            (start, state_before), (end, state_after) = next(places), next(places)
            out.append(self.body[done:start])
            out.append(self._written(edit, state_before, state_after))
            done = end
        out.append(self.body[done:])
        return b"".join(out)

    def _written(self, edit, state_before, state_after):
        if edit.css:
            fallback = lambda char: f"\\{ord(char):x} "  # noqa: E731 - a CSS escape, read as the character
        else:
            fallback = lambda char: f"&#x{ord(char):x};"  # noqa: E731
        written = encoding_standard.encoded(edit.text, self.encoding, fallback)
        if self.encoding == "iso-2022-jp":  # ours is ASCII: in ASCII state, then back to the page's
            written = (b"\x1b(B" if state_before != Iso2022jp.ASCII else b"") + written + \
                      (b"\x1b(J" if state_after == Iso2022jp.ROMAN else b"")
        return written

    def _places(self, positions):
        """(byte offset, decoder state) of each text offset in ``positions`` (in order): each a "<", right
        after a ">", or an end of the text."""
        text, body = self.text, self.body
        counted = {"<": [0, 0, self.start - 1], ">": [0, 0, self.start - 1]}  # [text at, count, byte of the last]
        wide = [0, 0]  # UTF-16: [text at, astral characters before it]
        for position in positions:
            if position == 0:
                yield self.start, Iso2022jp.ASCII
            elif position == len(text):
                yield len(body), Iso2022jp.ASCII
            elif self.marks is not None:
                if position not in self.marks:
                    raise Unplaceable(f"no '<' or '>' at {position}")
                yield self.marks[position]
            elif self.encoding in ("utf-16le", "utf-16be"):
                if text[position] != "<" and text[position - 1] != ">":
                    raise Unplaceable(f"no '<' or '>' at {position}")
                wide = [position, wide[1] + len(_ASTRAL.findall(text, wide[0], position))]
                yield self.start + 2 * (position + wide[1]), Iso2022jp.ASCII
            else:
                char = "<" if text[position] == "<" else ">" if text[position - 1] == ">" else None
                if char is None:
                    raise Unplaceable(f"no '<' or '>' at {position}")
                at = position if char == "<" else position - 1
                state = counted[char]
                wanted = state[1] + text.count(char, state[0], at + 1)  # the how-manyth of its kind
                byte = state[2]
                for _ in range(wanted - state[1]):
                    byte = body.find(char.encode(), byte + 1)
                if byte < 0:
                    raise Unplaceable(f"no byte for the {char!r} at {position}")
                counted[char] = [at + 1, wanted, byte]
                yield (byte if char == "<" else byte + 1), Iso2022jp.ASCII


def meta_encoding(body):
    """The encoding a ``<meta>`` gives ``body``, as Chromium's scan finds it (HTMLMetaCharsetParser:
    the HTML tokenizer over the bytes, a script's or a comment's text skipped; every tag in the
    first 1024 bytes, then on only while the tags are head elements), or None."""
    scan = _HeadScan()
    try:
        for _ in Tokenizer(body.decode("latin-1"), scan).tags():
            pass
    except _Found:
        return scan.encoding
    return None


class _Found(Exception):
    pass


class _HeadScan:
    """The tree Tokenizer asks (html_tags.py): the text states Chromium's scan sets, and where it stops."""

    def __init__(self):
        self.in_head, self.encoding = True, None

    def start(self, tag):
        if not self.in_head and tag.start >= UNCONDITIONAL_SCAN:
            raise _Found  # nothing found: encoding stays None
        if tag.name == "meta" and (found := _encoding_from_meta(tag)):
            self.encoding = found
            raise _Found
        if tag.name not in HEAD_ELEMENTS + ("html", "head"):
            self.in_head = False
        if tag.name in RCDATA or tag.name in RAWTEXT:  # noscript is markup: the scan runs without scripts
            return "text"
        return tag.name if tag.name in ("script", "plaintext") else None

    def end(self, name):
        if name not in HEAD_ELEMENTS:
            self.in_head = False

    def cdata(self, at=None):
        return False  # "<![CDATA[" is a bogus comment in HTML


def _encoding_from_meta(tag):
    """Chromium's EncodingFromMetaAttributes: a charset attribute, or an http-equiv content-type
    meta's content; mapped as the HTML Standard maps a meta's encoding."""
    pragma, mode, charset = False, None, ""
    for name, value in tag.attributes:
        if name == "http-equiv":
            pragma = pragma or value.translate(_ASCII_LOWER) == "content-type"
        elif not charset and name == "charset":
            charset, mode = value, "charset"
        elif not charset and name == "content":
            charset = charset_in_content(value)
            mode = "pragma" if charset else mode
    if mode != "charset" and not (mode == "pragma" and pragma):
        return None
    found = encoding_for(charset.strip("\t\n\f\r "))
    return {"utf-16le": "utf-8", "utf-16be": "utf-8", "x-user-defined": DEFAULT}.get(found, found)


def charset_in_content(value):
    """The charset in a meta's content attribute (the HTML Standard's "extracting a character
    encoding from a meta element", as Chromium's ExtractCharset does it), or ""."""
    position = 0
    folded = value.translate(_ASCII_LOWER)
    while (position := folded.find("charset", position)) != -1:
        position += 7
        while position < len(value) and value[position] <= " ":
            position += 1
        if position >= len(value) or value[position] != "=":
            continue
        position += 1
        while position < len(value) and value[position] <= " ":
            position += 1
        quote = value[position] if position < len(value) and value[position] in "\"'" else None
        position += 1 if quote else 0
        if position >= len(value):
            break
        end = position
        while end < len(value) and ((quote and value[end] != quote) or
                                    (not quote and value[end] > " " and value[end] not in "\"';")):
            end += 1
        if quote and end >= len(value):
            break  # no closing quote
        return value[position:end]
    return ""
