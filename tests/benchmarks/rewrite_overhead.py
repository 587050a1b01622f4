"""Benchmark (not a test): what the server-side rewrite costs per page, as ratios.

The same pages are read, in the same process, by the rewrite (heldback/server/rewrite.py: the browser's
tokenizer in two views, heldback/server/html_tags.py, and every URL-bearing tag checked with heldback/urls.py),
by the standard library's html.parser (what the rewrite used before issue 11, which read pages
differently from browsers) and by html5lib (a conforming parser from PyPI, which gives no offsets).

    python tests/benchmarks/rewrite_overhead.py [--repeat 7]
"""

import argparse
import sys
import timeit
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from heldback.default_build import CONFIG as DEFAULT_CONFIG  # noqa: E402
from heldback.configuration.schema import load  # noqa: E402
from heldback.server.rewrite import Rewriter  # noqa: E402

CARD = "<div class='card'><p>Some text &amp; more <a href='/x'>link</a> <img src='/i.png' alt=''></p></div>\n"
PAGES = {
    "demo pricing page": (ROOT / "demo_site" / "pages" / "pricing.html").read_text(encoding="utf-8"),
    "a 95 KB page of cards": ("<!doctype html><html><head><title>x</title><script>var a = '<b>';</script></head><body>"
                              + CARD * 900 + "<script async src='https://cdp.customer.io/x.js'></script></body></html>"),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    import html5lib

    rewriter = Rewriter(load(DEFAULT_CONFIG), "/dist/consent.js")
    print("| page | bytes | rewrite (ms) | html.parser (ms) | html5lib (ms) | rewrite / html.parser | rewrite / html5lib |")
    print("|---|---|---|---|---|---|---|")
    for name, page in PAGES.items():
        def best(run):
            return min(timeit.repeat(run, number=3, repeat=args.repeat)) / 3 * 1000

        ours, stdlib, conforming = best(lambda: rewriter.rewrite(page)), best(lambda: HTMLParser().feed(page)), \
            best(lambda: html5lib.parse(page))
        print(f"| {name} | {len(page):,} | {ours:.1f} | {stdlib:.1f} | {conforming:.1f} | {ours / stdlib:.2f}x "
              f"| {ours / conforming:.2f}x |")


if __name__ == "__main__":
    main()
