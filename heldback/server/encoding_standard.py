"""The Encoding Standard's decoders (https://encoding.spec.whatwg.org/): bytes as a browser decodes them.

The rewrite must read a page's characters exactly as the browser will, or a vendor URL spelled with
characters a host maps to ASCII (Shift_JIS ``81 44`` is U+FF0E, a "." to a host; EUC-JP's JIS X
0212 has U+00BA, an "o") reaches the vendor unseen. Python's codecs are close to the standard but not equal: they consume
other bytes on an error (an ASCII ``<`` after a Shift_JIS lead byte survives in the browser), leave
bytes undefined that browsers map (windows-1252 ``81``), and map some differently (gb18030, Big5,
EUC-JP's JIS X 0212, koi8-u). So each decoder here follows the standard's algorithm for which bytes
make one character and which make an error, and takes a character from Python's codec only where
it agrees with the standard's index; where it does not, the standard's value is written below
(taken from Chromium 156's decoders, which tests/e2e/test_page_encoding.py compares with these on
every byte, every byte pair and random byte strings). Errors decode to U+FFFD, one per error as
in the standard.

``decode(data, name)`` takes an encoding's name (lower case, as ``webencodings`` names it);
``encoded(text, name, fallback)`` writes text back so that this decoder reads it unchanged.
"""

import codecs
import re
from functools import cache

REPLACEMENT = "\ufffd"

SINGLE_BYTE = {  # the standard's single-byte encodings, and Python's codec for most of their bytes
    "ibm866": "cp866", "iso-8859-2": "iso8859-2", "iso-8859-3": "iso8859-3", "iso-8859-4": "iso8859-4",
    "iso-8859-5": "iso8859-5", "iso-8859-6": "iso8859-6", "iso-8859-7": "iso8859-7", "iso-8859-8": "iso8859-8",
    "iso-8859-8-i": "iso8859-8", "iso-8859-10": "iso8859-10", "iso-8859-13": "iso8859-13",
    "iso-8859-14": "iso8859-14", "iso-8859-15": "iso8859-15", "iso-8859-16": "iso8859-16", "koi8-r": "koi8-r",
    "koi8-u": "koi8-u", "macintosh": "mac-roman", "windows-874": "cp874", "windows-1250": "cp1250",
    "windows-1251": "cp1251", "windows-1252": "cp1252", "windows-1253": "cp1253", "windows-1254": "cp1254",
    "windows-1255": "cp1255", "windows-1256": "cp1256", "windows-1257": "cp1257", "windows-1258": "cp1258",
    "x-mac-cyrillic": "mac-cyrillic",
}
# Where the standard's index differs from Python's codec (besides the windows-* encodings' bytes
# 80-9F that Python leaves undefined and the standard maps to U+0080-U+009F).
SINGLE_BYTE_FIXES = {"koi8-u": {0xAE: "\u045e", 0xBE: "\u040e"}, "windows-1255": {0xCA: "\u05ba"}}
# gb18030 pairs (the 2022 edition's code points, which browsers took up) and Big5 pairs (HKSCS as the
# standard has it) where Python's codec fails or differs: four hex digits, then the character.
GB18030_FIXES = (
    "a3a0\u3000a6d9︐a6da︒a6db︑a6dc︓a6dd︔a6de︕a6df︖a6ec︗a6ed︘a6f3︙a8bcḿfe59龴fe61龵fe66龶fe67龷fe6d龸fe7e龹fe90龺"
    "fea0龻"
)
BIG5_FIXES = (
    "877a㡵877b𡵓877c𣚞877d𦀡877e㻬87a1𥣞87a2㫵87a3竼87a4龗87a5𤅡87a6𨤍87a7𣇪87a8𠪊87a9𣉞87aa䌊87ab蒄87ac龖87ad鐯87ae䤰"
    "87af蘓87b0墖87b1靊87b2鈘87b3秐87b4稲87b5晠87b6権87b7袝87b8瑌87b9篅87ba枂87bb稬87bc剏87bd遆87be㓦87bf珄87c0𥶹87c1瓆"
    "87c2鿇87c3垳87c4䤯87c5呌87c6䄱87c7𣚎87c8堘87c9穲87ca𧭥87cb讏87cc䚮87cd𦺈87ce䆁87cf𥶙87d0箮87d1𢒼87d2鿈87d3𢓁87d4𢓉"
    "87d5𢓌87d6鿉87d7蔄87d8𣖻87d9䂴87da鿊87db䓡87dc𪷿87dd拁87de灮87df鿋8e69箸8e6f簆8e7e糎8eab緒8eb4縝8ecd者8ed0耨8f57菁"
    "8f69蒨8f6e萏8fcb覦8fcc覩8ffe起906d都907a銹90dc靜90f1響91bf鼖9244蔃92af兙92b0兛92b1兝92b2兞92c8鍮92d1瑹9447浧94ca禛"
    "95d9邗9644靝96ed瀞96fc嬨9b76爁9b78矗9b7b纇9bc6駖9bde釔9bec惞9bf6澶9c42輶9c53侻9c62營9c68鄄9c6b鷰9c77菏9cbc尐9cbd秣"
    "9cd0婧9d57輋9d5a筑9dc4拐9ea9恢9eef痹9efd汊9f60鬮9f66鼗9fcb僭9fd8弌a063蠏a077拎a0d5瑨a0df煢a0e4牐a145‧a14e﹑a1c2¯"
    "a1e3～a1f2⊕a1f3⊙a241∕a242﹨a244￥a246￠a247￡a3c0␀a3c1␁a3c2␂a3c3␃a3c4␄a3c5␅a3c6␆a3c7␇a3c8␈a3c9␉a3ca␊"
    "a3cb␋a3cc␌a3cd␍a3ce␎a3cf␏a3d0␐a3d1␑a3d2␒a3d3␓a3d4␔a3d5␕a3d6␖a3d7␗a3d8␘a3d9␙a3da␚a3db␛a3dc␜a3dd␝"
    "a3de␞a3df␟a3e0␡a3e1€c6cf廴c6d3无c6d5癶c6d7隶c6de〃c6df仝fa5f倩fa66偽fabd包fac5卄fad5卿fb48嘅fbb8婷fbf3幵fbf9廐"
    "fc4f彘fc6c悤fcb9撐fce2晴fcf1杞fdb7沜fdb8渝fdbb港fdf1煮fe52猪fe6f瑜feaa瓩fedd砉"
)
BIG5_TWO_CODE_POINTS = {0x8862: "\u00ca\u0304", 0x8864: "\u00ca\u030c", 0x88A3: "\u00ea\u0304", 0x88A5: "\u00ea\u030c"}
JIS0212_FIXES = {0xA2B7: "\uff5e"}  # Python's euc_jp reads it as ASCII "~"

MULTI_BYTE = ("gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr")
KNOWN = (*SINGLE_BYTE, *MULTI_BYTE, "utf-8", "utf-16le", "utf-16be", "x-user-defined", "replacement")


def decode(data, name):
    """``data`` decoded as a browser decodes it with the encoding ``name`` (no byte order mark
    handling: the caller strips it), each error as U+FFFD."""
    if name == "utf-8":
        return data.decode("utf-8", "replace")  # Python replaces maximal subparts, as the standard does
    if name in ("utf-16le", "utf-16be"):
        return _utf16(data, name)
    if name == "replacement":
        return REPLACEMENT if data else ""
    if name == "iso-2022-jp":
        return Iso2022jp(data).text
    if name in MULTI_BYTE:
        return _MULTI_BYTE_UNITS[name].sub(_unit_reader(name), data.decode("latin-1"))
    return codecs.charmap_decode(data, "strict", _single_byte_table(name))[0]


def chromium_parts(data, name):
    """Whether Chromium may read ``data`` otherwise than the standard (and ``decode``): in EUC-JP, after
    a 8F sequence cut short (an error), Chromium 156 reads the next two-byte character from JIS X 0212
    instead of JIS X 0208, where a character such as U+00BA is an "o" to a host."""
    if name != "euc-jp":
        return False
    cut = False
    for unit in _MULTI_BYTE_UNITS[name].finditer(data.decode("latin-1")):
        if unit.lastgroup in ("cut", "bad3") and unit.end() < len(data):
            cut = True
        elif cut and unit.lastgroup == "pair":
            return True
    return False


def encoded(text, name, fallback):
    """``text`` in the encoding ``name`` such that ``decode`` reads it back unchanged; a character it
    cannot carry so is written as ``fallback(character)`` (an ASCII character reference or escape)."""
    if name == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    if name in ("utf-16le", "utf-16be"):
        return text.encode(name, "surrogatepass")
    if text.isascii() and (name != "iso-2022-jp" or not re.search("[\x0e\x0f\x1b]", text)):
        return text.encode("ascii")
    out = []
    for char in text:
        if char.isascii() and (name != "iso-2022-jp" or char not in "\x0e\x0f\x1b"):
            out.append(char.encode("ascii"))
            continue
        written = None if name == "iso-2022-jp" else _encode_char(char, name)
        out.append(written if written is not None else fallback(char).encode("ascii"))
    return b"".join(out)


def _encode_char(char, name):
    if name == "x-user-defined":
        return bytes([ord(char) - 0xF700]) if 0xF780 <= ord(char) <= 0xF7FF else None
    try:
        written = char.encode(_python_codec(name))
    except (UnicodeEncodeError, LookupError):
        return None
    return written if decode(written, name) == char else None


def _python_codec(name):
    return SINGLE_BYTE.get(name) or {"gbk": "gb18030", "gb18030": "gb18030", "big5": "big5hkscs",
                                     "euc-jp": "euc_jp", "shift_jis": "cp932", "euc-kr": "cp949"}[name]


@cache
def _single_byte_table(name):
    if name == "x-user-defined":
        return "".join(chr(b if b < 0x80 else 0xF700 + b) for b in range(256))
    table = []
    for byte in range(256):
        try:
            char = bytes([byte]).decode(SINGLE_BYTE[name])
        except UnicodeDecodeError:
            char = chr(byte) if name.startswith("windows-") and 0x80 <= byte <= 0x9F else REPLACEMENT
        table.append(SINGLE_BYTE_FIXES.get(name, {}).get(byte, char))
    return "".join(table)


def _utf16(data, name):
    # Python reads a lone surrogate and a last odd byte as errors too, each U+FFFD
    return data.decode(name.replace("16", "-16-"), "replace")


# The units each multi-byte decoder consumes (the standard's states, unrolled), on the bytes read as
# Latin-1: a run of ASCII, or one character or error. Which alternative matched decides the reading.
_MULTI_BYTE_UNITS = {
    "gb18030": re.compile(
        r"(?P<ascii>[\x00-\x7f]+)"
        r"|(?P<four>[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39])"
        r"|(?P<cut>[\x81-\xfe][\x30-\x39][\x81-\xfe]?\Z)"  # the end of the data inside one: one error
        r"|(?P<pair>[\x81-\xfe][\x40-\x7e\x80-\xfe])"
        r"|(?P<bad>[\x81-\xfe]\xff)"
        r"|(?P<single>[\s\S])"),
    "big5": re.compile(
        r"(?P<ascii>[\x00-\x7f]+)|(?P<pair>[\x81-\xfe][\x40-\x7e\xa1-\xfe])"
        r"|(?P<bad>[\x81-\xfe][\x80-\xa0\xff])|(?P<single>[\s\S])"),
    "shift_jis": re.compile(
        r"(?P<ascii>[\x00-\x80]+)|(?P<pair>[\x81-\x9f\xe0-\xfc][\x40-\x7e\x80-\xfc])"
        r"|(?P<bad>[\x81-\x9f\xe0-\xfc][\xfd-\xff])|(?P<single>[\s\S])"),
    "euc-kr": re.compile(
        r"(?P<ascii>[\x00-\x7f]+)|(?P<pair>[\x81-\xfe][\x41-\xfe])|(?P<bad>[\x81-\xfe]\xff)|(?P<single>[\s\S])"),
    "euc-jp": re.compile(
        r"(?P<ascii>[\x00-\x7f]+)"
        r"|(?P<katakana>\x8e[\xa1-\xdf])"
        r"|(?P<three>\x8f[\xa1-\xfe][\xa1-\xfe])"
        r"|(?P<bad3>\x8f[\xa1-\xfe][\x80-\xa0\xff])"
        r"|(?P<cut>\x8f[\xa1-\xfe])"  # followed by ASCII (read again) or the end: one error
        r"|(?P<pair>[\xa1-\xfe][\xa1-\xfe])"
        r"|(?P<bad>[\x8e\x8f\xa1-\xfe][\x80-\xff])"
        r"|(?P<single>[\s\S])"),
}
_MULTI_BYTE_UNITS["gbk"] = _MULTI_BYTE_UNITS["gb18030"]  # the standard decodes gbk as gb18030


@cache
def _unit_reader(name):
    pairs, singles = _pair_table(name), _single_table(name)
    jis0212 = _jis0212_table() if name == "euc-jp" else None

    def read(match):
        kind, unit = match.lastgroup, match.group()
        if kind == "ascii":
            return unit
        if kind == "pair":
            char = pairs.get(unit)
            if char is not None:
                return char
            return REPLACEMENT + unit[1] if unit[1] < "\x80" else REPLACEMENT  # an ASCII byte is read again
        if kind == "single":
            return singles.get(unit, REPLACEMENT)
        if kind == "four":
            return _gb18030_four(unit)
        if kind == "katakana":
            return chr(0xFF61 - 0xA1 + ord(unit[1]))
        if kind == "three":
            return jis0212.get(unit[1:], REPLACEMENT)
        return REPLACEMENT  # bad, bad3, cut (an ASCII byte after a cut euc-jp unit is read again)

    return read


@cache
def _single_table(name):
    """The lone bytes other than ASCII that decode to a character."""
    if name in ("gbk", "gb18030"):
        return {"\x80": "\u20ac"}
    if name == "shift_jis":
        return {"\x80": "\x80", **{chr(b): chr(0xFF61 - 0xA1 + b) for b in range(0xA1, 0xE0)}}
    return {}


@cache
def _pair_table(name):
    """Every two-byte character: the unit (as Latin-1) -> its character, from Python's codec where it
    agrees with the standard."""
    if name in ("gbk", "gb18030"):
        leads, trails, fixes = range(0x81, 0xFF), [*range(0x40, 0x7F), *range(0x80, 0xFF)], GB18030_FIXES
    elif name == "big5":
        leads, trails, fixes = range(0x81, 0xFF), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], BIG5_FIXES
    elif name == "shift_jis":
        leads, trails, fixes = [*range(0x81, 0xA0), *range(0xE0, 0xFD)], [*range(0x40, 0x7F), *range(0x80, 0xFD)], ""
    elif name == "euc-kr":
        leads, trails, fixes = range(0x81, 0xFF), range(0x41, 0xFF), ""
    else:  # euc-jp: JIS X 0208 by the standard's one index, which Shift_JIS shares (Python's cp932)
        return {chr(lead) + chr(trail): char for lead in range(0xA1, 0xFF) for trail in range(0xA1, 0xFF)
                if (char := _jis0208((lead - 0xA1) * 94 + trail - 0xA1)) is not None}
    codec, table = _python_codec(name), {}
    for lead in leads:
        for trail in trails:
            try:
                table[chr(lead) + chr(trail)] = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                pass
    for at in range(0, len(fixes), 5):
        code = int(fixes[at:at + 4], 16)
        table[chr(code >> 8) + chr(code & 0xFF)] = fixes[at + 4]
    if name == "big5":
        table.update({chr(code >> 8) + chr(code & 0xFF): chars for code, chars in BIG5_TWO_CODE_POINTS.items()})
    return table


def _jis0208(pointer):
    """The standard's index jis0208 at ``pointer``: Python's cp932 at the Shift_JIS bytes for it."""
    lead, trail = divmod(pointer, 188)
    data = bytes([lead + (0x81 if lead < 0x1F else 0xC1), trail + (0x40 if trail < 0x3F else 0x41)])
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        return None


@cache
def _jis0212_table():
    table = {}
    for lead in range(0xA1, 0xFF):
        for trail in range(0xA1, 0xFF):
            try:
                char = bytes([0x8F, lead, trail]).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            if len(char) == 1:
                table[chr(lead) + chr(trail)] = JIS0212_FIXES.get(lead << 8 | trail, char)
    return table


def _gb18030_four(unit):
    b1, b2, b3, b4 = (ord(char) for char in unit)
    pointer = (b1 - 0x81) * 12600 + (b2 - 0x30) * 1260 + (b3 - 0x81) * 10 + b4 - 0x30
    if 39419 < pointer < 189000 or pointer > 1237575:
        return REPLACEMENT
    if pointer >= 189000:
        return chr(0x10000 + pointer - 189000)
    if pointer == 7457:
        return "\ue7c7"
    return unit.encode("latin-1").decode("gb18030", "replace")  # the standard's ranges, as Python has them


class Iso2022jp:
    """The standard's ISO-2022-JP decoder, keeping where each "<" and ">" came from: the rewrite's
    edits must be placed at the right bytes, and in the state the decoder is in there."""

    ASCII, ROMAN, KATAKANA, LEAD = "ascii", "roman", "katakana", "lead"
    ESCAPES = {b"(B": ASCII, b"(J": ROMAN, b"(I": KATAKANA, b"$@": LEAD, b"$B": LEAD}

    def __init__(self, data):
        self.marks = {}  # "<" and after ">": character offset -> (byte offset, decoder state)
        out, state, at, output_flag, length = [], self.ASCII, 0, False, len(data)
        run = re.compile(rb"[\x00-\x0d\x10-\x1a\x1c-\x7f]+")
        pairs = re.compile(rb"[\x21-\x7e]{2}")
        count = 0
        while at < length:
            byte = data[at]
            if byte == 0x1B:
                escape = data[at + 1:at + 3]
                if escape in self.ESCAPES:
                    if output_flag:  # two escapes in a row: an error
                        out.append(REPLACEMENT)
                        count += 1
                    state, output_flag, at = self.ESCAPES[escape], True, at + 3
                    continue
                out.append(REPLACEMENT)  # not an escape: the bytes after ESC are read again
                count += 1
                output_flag, at = False, at + 1
                continue
            output_flag = False
            if state in (self.ASCII, self.ROMAN):
                match = run.match(data, at)
                if not match:  # 0E, 0F, or above 7F
                    out.append(REPLACEMENT)
                    count, at = count + 1, at + 1
                    continue
                text = match.group().decode("ascii")
                if state == self.ROMAN:
                    text = text.replace("\\", "\u00a5").replace("~", "\u203e")
                for found in re.finditer("[<>]", text):
                    offset = found.start()
                    if found.group() == "<":
                        self.marks[count + offset] = (at + offset, state)
                    else:
                        self.marks[count + offset + 1] = (at + offset + 1, state)
                out.append(text)
                count, at = count + len(text), match.end()
            elif state == self.KATAKANA:
                if 0x21 <= byte <= 0x5F:
                    out.append(chr(0xFF61 - 0x21 + byte))
                else:
                    out.append(REPLACEMENT)
                count, at = count + 1, at + 1
            else:  # JIS X 0208: two bytes a character, each a byte 21-7E
                match = pairs.match(data, at)
                if match:
                    pointer = (data[at] - 0x21) * 94 + data[at + 1] - 0x21
                    out.append(_jis0208(pointer) or REPLACEMENT)
                    at += 2
                elif 0x21 <= byte <= 0x7E and at + 1 < length and data[at + 1] == 0x1B:
                    out.append(REPLACEMENT)  # a lead byte, then an escape: an error, the escape read
                    at += 1
                else:  # a byte outside 21-7E, or a lead byte at the end, or followed by one outside
                    out.append(REPLACEMENT)
                    at += 1 if not (0x21 <= byte <= 0x7E and at + 1 < length) else 2
                count += 1
        self.text = "".join(out)
