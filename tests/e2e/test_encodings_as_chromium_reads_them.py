"""Chromium is the judge of how a page's bytes read (heldback/server/encoding_standard.py,
page_encoding.py, content_type.py).

Our decoders give what Chromium's give, on every byte and byte pair and on random byte strings, and
every label we know names the same encoding there (pages whose bytes hide a vendor tag, in every
engine: test_encoded_pages.py).
"""

import random
import re

from webencodings.labels import LABELS

from heldback.server.encoding_standard import KNOWN, MULTI_BYTE, SINGLE_BYTE, chromium_parts, decode

# Inputs and readings cross as hex strings, code points (no surrogate halves to carry over): a few
# long strings cross the protocol fast, two hundred thousand short lists do not.
DECODE_ALL = """(jobs) => jobs.map(([name, inputs]) => inputs.split(",").map(hex => {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(2 * i, 2), 16);
  const text = new TextDecoder(name, {ignoreBOM: true}).decode(bytes);
  return Array.from(text, c => c.codePointAt(0).toString(16)).join(" ");
}).join(","))"""
ERRORS = re.compile("\ufffd+")


def chromium_differs(name, data):
    """Where Chromium 156 parts from the Encoding Standard, which our decoders follow: EUC-JP A1 A1
    (the standard's U+3000, Chromium's U+FFFD), Big5's four pairs of two code points (Chromium's
    garbled), neither a character a host can hold; and EUC-JP after a cut 8F sequence, which the
    middleware refuses (encoding_standard.chromium_parts)."""
    if name == "big5":
        return any(pair in data for pair in (b"\x88\x62", b"\x88\x64", b"\x88\xa3", b"\x88\xa5"))
    return name == "euc-jp" and (b"\xa1\xa1" in data or chromium_parts(data, name))


def same_reading(ours, theirs):
    """Equal, but for how many U+FFFD stand in a row: Chromium's ISO-2022-JP merges some errors the
    standard counts apart, and no character depends on their number."""
    return ERRORS.sub("\ufffd", ours) == ERRORS.sub("\ufffd", theirs)


def random_bytes(rng, name):
    """Byte strings that stress ``name``'s decoder: its lead and trail ranges, ASCII, escapes."""
    pieces = [bytes([rng.randrange(256)]) for _ in range(6)] + [b"<", b">", b"\x1b$B", b"\x1b(B", b"\x1b(J",
                                                                 b"\x1b(I", b"\x1b$@", b"\x1b", b"\x8f", b"\x8e", b"0"]
    return b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 24)))


def test_our_decoders_read_every_byte_pair_and_random_bytes_as_chromium_does(page):
    rng = random.Random(23)
    names = [name for name in KNOWN if name != "replacement"]
    inputs = [(name, bytes([lead, trail])) for name in MULTI_BYTE if name != "iso-2022-jp"
              for lead in range(0x80, 0x100) for trail in range(256)]
    inputs += [(name, bytes([byte])) for name in names for byte in range(256)]
    inputs += [(name, random_bytes(rng, name)) for name in names for _ in range(300)]
    inputs += [("euc-jp", bytes([0x8F, lead, trail])) for lead in range(0xA1, 0xFF) for trail in range(0xA1, 0xFF)]
    page.goto("about:blank")
    jobs = {}
    for name, data in inputs:
        jobs.setdefault(name, []).append(data)
    readings = page.evaluate(DECODE_ALL, [(name, ",".join(data.hex() for data in batch)) for name, batch in jobs.items()])
    theirs = {name: ["".join(chr(int(point, 16)) for point in reading.split()) for reading in answer.split(",")]
              for name, answer in zip(jobs, readings)}
    differ = [(name, data, decode(data, name), chromium)
              for name, batch in jobs.items() for data, chromium in zip(batch, theirs[name])
              if not same_reading(decode(data, name), chromium) and not chromium_differs(name, data)]
    assert differ == [], differ[:10]
    assert len(SINGLE_BYTE) + len(MULTI_BYTE) + 5 == len(KNOWN)  # every encoding of the standard is covered


def test_every_label_we_know_names_the_same_encoding_in_chromium(page):
    known = {label: name for label, name in LABELS.items() if name != "replacement"}  # TextDecoder refuses it
    page.goto("about:blank")
    chromium = page.evaluate("(labels) => labels.map(label => new TextDecoder(label).encoding)", list(known))
    assert dict(zip(known, chromium)) == known
