"""How the middleware reads a page's bytes (heldback/server/page_encoding.py, encoding_standard.py,
content_type.py): as the browser reads them, edited in place, and declared where a browser would guess.

tests/e2e/test_page_encoding.py compares the decoders with Chromium's on every byte and byte pair;
the Chromium behaviour each case here follows was observed in Chromium 156.
"""

import pytest

from heldback.server.content_type import extract_mime_type, sniffs_as_html
from heldback.server.encoding_standard import decode, encoded
from heldback.server.page_encoding import Page, meta_encoding
from heldback.server.rewrite import Edit


@pytest.mark.parametrize("body, charset, encoding, source", [
    (b"\xef\xbb\xbf<p>", "koi8-r", "utf-8", "bom"),  # a byte order mark wins over everything
    (b"\xfe\xff\x00<", None, "utf-16be", "bom"),
    (b"<meta charset=koi8-r>", "shift_jis", "shift_jis", "header"),  # the header wins over a meta
    (b"<p>", "utf-16", "utf-16le", "header"),  # the Encoding Standard's labels: utf-16 is UTF-16LE
    (b"<p>", "unicodefffe", "utf-16be", "header"),
    (b"<meta charset=koi8-r>", "cp500", "koi8-r", "meta"),  # a label browsers do not know is ignored
    (b"<meta charset=koi8-r>", "utf-32", "koi8-r", "meta"),
    (b"<meta charset=utf-16be>", None, "utf-8", "meta"),  # a meta's UTF-16 is UTF-8
    (b"<meta charset=x-user-defined>", None, "windows-1252", "meta"),
    (b"<meta charset=iso-2022-kr>", None, "replacement", "meta"),
    (b"<p>caf\xc3\xa9", None, "windows-1252", "default"),  # not UTF-8: Chromium never guesses UTF-8
])
def test_the_encoding_is_found_as_the_browser_finds_it(body, charset, encoding, source):
    page = Page(body, charset)
    assert (page.encoding, page.source) == (encoding, source)


@pytest.mark.parametrize("body, encoding", [
    (b"<!--><meta charset=shift_jis><p>x -->", "shift_jis"),  # "<!-->" is a whole comment to the tokenizer
    (b"<script>var a = '<meta charset=shift_jis>'</script>", None),  # script text holds no tags
    (b"<head><script>/*" + b"x" * 2000 + b"*/</script><meta charset=shift_jis>", "shift_jis"),  # still in head
    (b"<p>" + b"x" * 2000 + b"<meta charset=shift_jis>", None),  # past 1024 bytes, after body content
    (b"<p>x</p><meta charset=shift_jis>", "shift_jis"),  # within 1024 bytes, anywhere
    (b"<meta charset=bogus><meta charset=shift_jis>", "shift_jis"),  # an unknown label: on to the next
    (b"<meta http-equiv=Content-Type content='text/html; charset=koi8-r'>", "koi8-r"),
    (b"<meta content='text/html; charset=koi8-r'>", None),  # content counts only with the http-equiv
])
def test_a_meta_is_found_where_chromium_s_scan_finds_it(body, encoding):
    assert meta_encoding(body) == encoding


def test_the_content_type_is_read_as_fetch_reads_it():
    def charset(*values):
        found = extract_mime_type(list(values))
        return found and (found.essence, found.parameters.get("charset"))

    assert charset("text/html; charset=koi8-r", "*/*") == ("text/html", "koi8-r")  # */* is skipped
    assert charset("text/plain", "text/html") == ("text/html", None)  # the last type counts
    assert charset("text/html; charset=koi8-r, text/html") == ("text/html", "koi8-r")  # kept for the same type
    assert charset("  TEXT/HTML ; charset = koi8-r") == ("text/html", None)  # "charset " is no charset
    assert charset('text/html; charset="koi8-r') == ("text/html", "koi8-r")
    assert charset("text/html; charset=bogus; charset=koi8-r") == ("text/html", "bogus")  # the first counts
    assert charset("text/html, application/json") == ("application/json", None)
    assert charset() is None and charset("html") is None
    assert sniffs_as_html(b" \n<HTML><p>") and sniffs_as_html(b"<!-- x") and not sniffs_as_html(b"<pre>")


@pytest.mark.parametrize("data, name, text", [
    (b"\x81\x3c", "shift_jis", "\ufffd<"),  # a "<" after a lead byte is read again, not swallowed
    (b"\x83\x5c", "shift_jis", "\u30bd"),  # a trail byte may be ASCII: one character
    (b"\x81\x44", "shift_jis", "\uff0e"),  # the fullwidth dot a host reads as "."
    (b"\x81", "windows-1252", "\x81"),  # Python leaves it undefined
    (b"\xa6\xda", "gbk", "\ufe12"),  # Python's gbk: U+E78E
    (b"\x80", "gbk", "\u20ac"),
    (b"\x81\x30\x81", "gb18030", "\ufffd"),  # cut at the end: one error, the digit with it
    (b"\x8f\xa2\xb7", "euc-jp", "\uff5e"),  # Python's euc_jp: ASCII "~"
    (b"\x87\x7a", "big5", "\u3875"),  # Python's big5hkscs: an error
    (b"\x88\x62", "big5", "\u00ca\u0304"),
    (b"\xae", "koi8-u", "\u045e"),
    (b"\x1b$B$\"\x1b(B<", "iso-2022-jp", "\u3042<"),
    (b"\x1b$B$\x1b(B<", "iso-2022-jp", "\ufffd<"),  # a lead byte, then an escape
    (b"\x1b(B\x1b(J\\~", "iso-2022-jp", "\ufffd\u00a5\u203e"),  # two escapes in a row are an error
    (b"<\x00\x00\xd8>\x00", "utf-16le", "<\ufffd>"),  # a lone surrogate
    (b"<\x00>", "utf-16le", "<\ufffd"),  # an odd last byte
    (b"\xf0\x80\x80<", "utf-8", "\ufffd\ufffd\ufffd<"),
    (b"\x80", "x-user-defined", "\uf780"),
])
def test_bytes_decode_as_the_encoding_standard_decodes_them(data, name, text):
    assert decode(data, name) == text


def test_what_an_edit_writes_is_read_back_unchanged_or_as_a_reference():
    reference = lambda char: f"&#x{ord(char):x};"  # noqa: E731
    assert encoded("a\u00e9\u20ac\u0081", "windows-1252", reference) == b"a\xe9\x80&#x81;"
    assert encoded("\u3042\uff5e", "shift_jis", reference) == b"\x82\xa0\x81`"
    assert encoded("x\u3042\x1b", "iso-2022-jp", reference) == b"x&#x3042;&#x1b;"  # ASCII only, no escapes
    assert encoded("<\U0001f600", "utf-16be", reference) == "<\U0001f600".encode("utf-16-be")


def edited(body, charset, *edits):
    page = Page(body, charset)
    return page.with_edits([Edit(*edit) for edit in edits])


def test_edits_land_at_their_bytes_and_the_rest_stays_byte_for_byte():
    body = "<p title='\u3042'>\u3044<img src=x></p>".encode("cp932")
    page = Page(body, "shift_jis")
    start = page.text.index("<img")
    out = page.with_edits([Edit(start, page.text.index(">", start) + 1, "<img alt='\u00e9\u3044'>", False)])
    assert out == body.replace(b"<img src=x>", b"<img alt='&#xe9;\x82\xa2'>")  # é is not Shift_JIS
    css = b"<style>a{}</style>"
    assert edited(css, "koi8-r", (7, 10, "b{\u00e9}", True)) == b"<style>b{\\e9 }</style>"  # a CSS escape


def test_edits_in_utf_16_and_after_astral_characters_land_at_their_code_units():
    html = "\U0001f600<p>\U0001f600<img src=x>"
    body = b"\xff\xfe" + html.encode("utf-16-le")
    start = html.index("<img")
    out = edited(body, None, (start, len(html), "<i>", False), )
    assert out == b"\xff\xfe" + "\U0001f600<p>\U0001f600<i>".encode("utf-16-le")


def test_an_edit_in_iso_2022_jp_is_written_in_ascii_state_and_the_page_s_state_restored():
    body = b"\x1b(J<p>\\<img src=x><b>"  # Roman: "\\" is a yen sign there
    page = Page(b"<meta charset=iso-2022-jp>" + body)
    start = page.text.index("<img")
    out = page.with_edits([Edit(start, page.text.index("<b>"), "<i title='\\'>", False)])
    assert out == b"<meta charset=iso-2022-jp>\x1b(J<p>\\\x1b(B<i title='\\'>\x1b(J<b>"
    assert decode(out, "iso-2022-jp").endswith("<p>\u00a5<i title='\\'><b>")


@pytest.mark.parametrize("body, declared", [
    (b"<meta charset=shift_jis><p>\x82\xa0", True),  # any browser then reads it as Shift_JIS
    (b"<p>\x82\xa0\x82\xa2", True),  # Chromium would guess from the bytes: read as windows-1252, say so
    (b"<p>\x1b$B$\"\x1b(B", True),  # an escape: ISO-2022-JP for a guess
    (b"<p>plain ASCII", False),  # every guess reads it alike
])
def test_a_page_is_declared_where_a_browser_could_read_it_otherwise(body, declared):
    assert Page(body).declared is declared
    assert not Page(body, "utf-8").declared  # the header's own charset: every browser takes it
