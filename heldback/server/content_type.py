"""A response's Content-Type as browsers read it: the Fetch Standard's "extract a MIME type" over
every Content-Type header, with the MIME Sniffing Standard's parser, and its sniffing of HTML where
there is no type at all.

The middleware must take a response for HTML exactly when the browser will parse it as HTML, or the
browser fetches the vendor tags of a page the middleware let through: ``text/html`` after a space,
in capitals, followed by ``, */*`` (which the browser skips), or no Content-Type at all with a page
that starts with ``<html`` (which the browser sniffs) are all HTML to Chromium.
"""

import re

HTTP_WHITESPACE = "\t\n\r "
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_QUOTED_STRING_TEXT = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
SNIFFED_TYPES = ("unknown/unknown", "application/unknown")  # the browser sniffs these as if there were none


class MimeType:
    """A parsed MIME type: ``essence`` ("type/subtype", lower case) and ``parameters``."""

    def __init__(self, essence, parameters):
        self.essence, self.parameters = essence, parameters

    def __repr__(self):
        return f"MimeType({self.essence!r}, {self.parameters!r})"


def parse_mime_type(value):
    """The MIME Sniffing Standard's "parse a MIME type": a MimeType, or None (failure)."""
    value = value.strip(HTTP_WHITESPACE)
    slash = value.find("/")
    kind = value[:slash]
    if slash == -1 or not _TOKEN.fullmatch(kind):
        return None
    position = _find_any(value, slash + 1, ";")
    subtype = value[slash + 1:position].rstrip(HTTP_WHITESPACE)
    if not _TOKEN.fullmatch(subtype):
        return None
    parameters = {}
    while position < len(value):
        position = _skip(value, position + 1, HTTP_WHITESPACE)  # past ";"
        end = _find_any(value, position, ";=")
        name, position = value[position:end].lower(), end
        if position >= len(value):
            break
        if value[position] == ";":
            continue
        position += 1  # past "="
        if position < len(value) and value[position] == '"':
            parameter, position = _quoted_string(value, position)
            position = _find_any(value, position, ";")
        else:
            end = _find_any(value, position, ";")
            parameter, position = value[position:end].rstrip(HTTP_WHITESPACE), end
            if not parameter:
                continue
        if name and _TOKEN.fullmatch(name) and _QUOTED_STRING_TEXT.fullmatch(parameter) and name not in parameters:
            parameters[name] = parameter
    return MimeType(f"{kind}/{subtype}".lower(), parameters)


def extract_mime_type(values):
    """Fetch's "extract a MIME type" from the Content-Type header values ``values`` (in order): the
    MimeType the browser goes by, or None (then it sniffs, unless told not to)."""
    charset, essence, mime_type = None, None, None
    for value in split_header(", ".join(values)) if values else ():
        found = parse_mime_type(value)
        if found is None or found.essence == "*/*":
            continue
        mime_type = found
        if mime_type.essence != essence:
            charset = mime_type.parameters.get("charset")
            essence = mime_type.essence
        elif "charset" not in mime_type.parameters and charset is not None:
            mime_type.parameters["charset"] = charset
    return mime_type


def split_header(value):
    """Fetch's "get, decode, and split": a combined header value split at its commas outside quotes."""
    values, current, position = [], "", 0
    while True:
        end = _find_any(value, position, '",')
        current += value[position:end]
        position = end
        if position < len(value) and value[position] == '"':
            start = position
            _, position = _quoted_string(value, position)
            current += value[start:position]
            if position < len(value):
                continue
        values.append(current.strip("\t "))
        current = ""
        if position >= len(value):
            return values
        position += 1  # past ","


def sniffs_as_html(data):
    """Whether the MIME Sniffing Standard (and Chromium) reads a response with no usable type as
    HTML from its first bytes: one of a few tags, after whitespace, then a space or ">"."""
    return _SNIFFED_HTML.match(data[:1445]) is not None


_SNIFFED_HTML = re.compile(
    rb"[\t\n\x0c\r ]*<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)[ >]",
    re.IGNORECASE)


def _quoted_string(value, position):
    """Fetch's "collect an HTTP quoted string" from the '"' at ``position``: (its value, where it ends)."""
    out, position = [], position + 1
    while True:
        end = _find_any(value, position, '"\\')
        out.append(value[position:end])
        position = end
        if position >= len(value):
            break
        char = value[position]
        position += 1
        if char == "\\":
            if position >= len(value):
                out.append("\\")
                break
            out.append(value[position])
            position += 1
        else:
            break
    return "".join(out), position


def _find_any(value, position, chars):
    found = [at for at in (value.find(char, position) for char in chars) if at != -1]
    return min(found) if found else len(value)


def _skip(value, position, chars):
    while position < len(value) and value[position] in chars:
        position += 1
    return position
