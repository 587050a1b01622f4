"""Hostile and careless HTML: each document asks a browser for a Customer.io URL (a probe under
https://cdp.customer.io/probe/, or another Customer.io host) in a form that a simpler parser than the
browser's misreads: URL forms the WHATWG URL parser maps to the vendor's host, tags hidden from
html.parser by comments, CDATA, end tags with attributes or raw text, SVG and MathML, repeated
attributes, a <base>. Used by tests/unit/test_rewrite.py (the rewrite leaves no vendor fetch) and
tests/e2e/test_middleware.py (Chromium, served as they are and through the middleware).

Each entry: name -> (html, the own-site URLs the page must still load after the rewrite).

ENCODED_DOCUMENTS are pages whose bytes, not their markup, hide the vendor: each name -> (the
response's headers, its body). A reader that takes another encoding than the browser's misses the
tag (a UTF-16 label Python does not know, an ISO-2022-JP escape inside an attribute, a Shift_JIS
character the host reads as a dot), or a middleware that takes it for something other than
HTML lets it through (no Content-Type: the browser sniffs it). Used by tests/unit/test_page_encoding.py
and tests/e2e/test_page_encoding.py (Chromium, served as they are and through the middleware).
"""

HOST = "cdp.customer.io"
PROBE = f"https://{HOST}/probe"


def script(src, extra=""):
    return f'<script {extra}src="{src}"></script>'


def img(src):
    return f'<img src="{src}" alt="">'


# URL forms that reach the vendor's host once the browser has parsed them; {path} is the rest
URL_FORMS = {
    "trailing dot": "https://cdp.customer.io.{path}",
    "two trailing dots": "https://cdp.customer.io..{path}",
    "upper case and default port": "HTTPS://CDP.Customer.IO:443{path}",
    "backslashes": "https:\\\\cdp.customer.io{path}",
    "slash backslash": "https:/\\cdp.customer.io{path}",
    "scheme-relative backslashes": "\\\\cdp.customer.io{path}",
    "slash then backslash": "/\\cdp.customer.io{path}",
    "scheme without slashes": "https:cdp.customer.io{path}",  # absolute from an http page
    "scheme and one slash": "https:/cdp.customer.io{path}",
    "three slashes": "https:///cdp.customer.io{path}",
    "tab in the host": "https://cdp.cust\tomer.io{path}",
    "newline in the host": "https://cdp.cust\nomer.io{path}",
    "percent-encoded dot": "https://cdp%2Ecustomer.io{path}",
    "percent-encoded letter": "https://cdp.customer.%69o{path}",
    "fullwidth dot": "https://cdp\uff0ecustomer.io{path}",
    "ideographic dot": "https://cdp.customer\u3002io{path}",
    "fullwidth letters": "https://\uff43\uff44\uff50.customer.io{path}",
    "fullwidth percent escape (Chromium decodes it after mapping)": "https://cdp\uff052Ecustomer.io{path}",
    "fullwidth percent, encoded": "https://cdp%EF%BC%852Ecustomer.io{path}",
    "soft hyphen": "https://cdp.cus\u00adtomer.io{path}",
    "zero-width space": "https://cdp.cus\u200btomer.io{path}",
    "long s": "https://cdp.cu\u017ftomer.io{path}",
    "credentials": "https://user:secret@cdp.customer.io{path}",
    "spaces around": "  https://cdp.customer.io{path}  ",
}
# and in HTML only: character references, which the tokenizer decodes in attribute values
HTML_URL_FORMS = {
    "tab as a character reference": "https://cdp.cust&#9;omer.io{path}",
    "newline as a character reference": "https://cdp.cust&#x0A;omer.io{path}",
    "character reference scheme": "&#x68;ttps&colon;//cdp&period;customer.io{path}",
}


def slug(name):
    return name.replace(" ", "-")


DOCUMENTS = {}
for form, url in {**URL_FORMS, **HTML_URL_FORMS}.items():
    DOCUMENTS[f"script, {form}"] = (script(url.format(path=f"/probe/{slug(form)}.js")), [])
    DOCUMENTS[f"img, {form}"] = (img(url.format(path=f"/probe/{slug(form)}.gif")), [])

DOCUMENTS.update({
    # Markup html.parser reads differently from the browser
    "comment <!-->": (f"<!--><script src='{PROBE}/c1.js'></script>", []),
    "comment <!--->": (f"<!---><img src='{PROBE}/c2.gif'>", []),
    "comment closed by --!>": (f"<!-- x --!><img src='{PROBE}/c3.gif'>", []),
    "CDATA outside SVG is a bogus comment": (f"<![CDATA[ > ]]><img src='{PROBE}/c4.gif'>", []),
    "CDATA outside SVG ends at the first >": (f"<![CDATA[ x > <img src='{PROBE}/c5.gif'> ]]>", []),
    "processing instruction is a bogus comment": (f"<?php x ?><img src='{PROBE}/c6.gif'>", []),
    "end tag with attributes ends a script": (f"<script>var a = 1</script foo><img src='{PROBE}/e1.gif'>", []),
    "end tag with a slash ends a script": (f"<script>var a = 1</script/><img src='{PROBE}/e2.gif'>", []),
    "end tag with attributes ends a style": (f"<style>p {{}}</style x><img src='{PROBE}/e3.gif'>", []),
    "end tag with a quoted > ends a style": (f"<style>p {{}}</style title='>'><img src='{PROBE}/e4.gif'>", []),
    "end tag of title with a space": (f"<title>t</title ><img src='{PROBE}/e5.gif'>", []),
    "end tag of textarea in capitals": (f"<textarea>t</TEXTAREA><img src='{PROBE}/e6.gif'>", []),
    "script escape without a nested script": (f"<script><!-- </script><img src='{PROBE}/e7.gif'>", []),
    "upper-case tag and attribute": (f"<SCRIPT SRC='{PROBE}/u1.js'></SCRIPT>", []),
    "image is read as img": (f"<image src='{PROBE}/u2.gif'>", []),
    "slash before the attribute": (f"<img/src='{PROBE}/u3.gif'>", []),
    "no space after a quoted value": (f"<img alt=''src='{PROBE}/u4.gif'>", []),
    "single quotes": (f"<img src='{PROBE}/u5.gif'>", []),
    "unquoted": (f"<img src={PROBE}/u6.gif>", []),
    "vendor first of two src": (f"<script src='{PROBE}/d1.js' src='/own.js'></script>", []),
    "vendor second of two src": (f"<script src='/own.js' src='{PROBE}/d2.js'></script>", ["/own.js"]),
    "a base at the vendor": (f"<base href='https://{HOST}/probe/'><script src='b1.js'></script><img src='b2.gif'>", []),
    "SVG script href": (f"<svg><script href='{PROBE}/s1.js'></script></svg>", []),
    "SVG script xlink:href": (f"<svg><script xlink:href='{PROBE}/s2.js'></script></svg>", []),
    "SVG image": (f"<svg><image href='{PROBE}/s3.png' width='1' height='1'/></svg>", []),
    "img breaks out of SVG": (f"<svg><g><img src='{PROBE}/s4.gif'></g></svg>", []),
    "style inside MathML text is raw text, then a tag": (f"<math><mtext><style></style><img src='{PROBE}/s5.gif'>", []),
    "noscript hides a style from html.parser": (f"<noscript><style></noscript><img src='{PROBE}/n1.gif'></style>", []),
    "input image": (f"<input type='image' src='{PROBE}/i1.gif' alt='go'>", []),
    "iframe": (f"<iframe src='{PROBE}/f1.html'></iframe>", []),
    "link preload": (f"<link rel='preload' as='script' href='{PROBE}/l1.js'>", []),
    "link stylesheet": (f"<link rel='stylesheet' href='{PROBE}/l2.css'>", []),
    "video": (f"<video src='{PROBE}/v1.mp4' preload='auto'></video>", []),
    "audio": (f"<audio src='{PROBE}/v2.mp3' preload='auto'></audio>", []),
    "embed": (f"<embed type='text/html' src='{PROBE}/v3.html'>", []),
    "another vendor host, track": (f"<img src='https://track.customer.io/probe/t1.gif'>", []),
    "another vendor host, forms subdomain": (f"<iframe src='https://eu.customerioforms.com/probe/t2'></iframe>", []),
    "another vendor host, gist": (f"<script src='https://code.gist.build/probe/t3.js'></script>", []),
})


def encoded_page(html, encoding):
    return f"<!doctype html><html><head><title>t</title></head><body>{html}</body></html>".encode(encoding)


ENCODED_DOCUMENTS = {
    "utf-16be by a label Python does not know": (
        [("Content-Type", "text/html; charset=unicodefffe")], encoded_page(img(f"{PROBE}/x1.gif"), "utf-16-be")),
    "utf-16 without a byte order mark, odd length": (
        [("Content-Type", "text/html; charset=utf-16")], encoded_page(img(f"{PROBE}/x2.gif"), "utf-16-le") + b"\x00"),
    "iso-2022-jp escape inside an attribute name": (
        [("Content-Type", "text/html")],
        b"<!doctype html><meta charset=iso-2022-jp><p title\x1b$B=\"!\x1b(B><img src='" + f"{PROBE}/x3.gif".encode()
        + b"'>\">"),
    "Shift_JIS fullwidth dot, by a meta": (
        [("Content-Type", "text/html")],
        b"<!doctype html><meta charset=shift_jis>" + img("https://cdp\uff0ecustomer.io/probe/x4.gif").encode("cp932")),
    "EUC-JP fullwidth letters, by a label Python reads otherwise (euc-jp for ujis)": (
        [("Content-Type", "text/html; charset=x-euc-jp")],
        b"<!doctype html>" + img("https://\uff43\uff44\uff50.customer.io/probe/x5.gif").encode("euc_jp")),
    "a charset browsers do not know (cp500)": (
        [("Content-Type", "text/html; charset=cp500")], encoded_page(img(f"{PROBE}/x7.gif"), "ascii")),
    "no Content-Type: sniffed as HTML": ([], encoded_page(img(f"{PROBE}/x8.gif"), "ascii")),
    "text/html first, then */*": (
        [("Content-Type", "text/html"), ("Content-Type", "*/*")], encoded_page(img(f"{PROBE}/x9.gif"), "ascii")),
}
