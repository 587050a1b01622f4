"""Benchmark (not a test): what the guard costs the page's own DOM work, as ratios.

Two copies of the same page, one without the consent manager and one with dist/consent.js (stage 1
only: stage 2 is answered empty, so only the guard is measured), are loaded alternately in the same
headless Chromium. Each run times the operations below in the page; the report gives, per
operation, the median time of each page and their ratio.

    python tests/benchmarks/guard_overhead.py [--runs 9]
"""

import argparse
import http.server
import json
import shutil
import statistics
import threading
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]

OPERATIONS = {
    "createElement('div') x 100,000": "for (let i = 0; i < 1e5; i++) document.createElement('div');",
    "createElement('script') x 100,000": "for (let i = 0; i < 1e5; i++) document.createElement('script');",
    "script.src = first-party URL x 10,000": "for (let i = 0; i < 1e4; i++) document.createElement('script').src = '/a.js?' + i;",
    "img.setAttribute('src', data: URL) x 10,000":
        "for (let i = 0; i < 1e4; i++) document.createElement('img').setAttribute('src', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=#' + i);",
    "div.setAttribute('class') x 100,000": "const d = document.createElement('div'); for (let i = 0; i < 1e5; i++) d.setAttribute('class', 'c' + i);",
    "img.srcset = two data: URLs x 10,000":  # (no requests: 10,000 of them would slow every later row)
        "for (let i = 0; i < 1e4; i++) document.createElement('img').srcset = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=#' + i + ' 1x, data:,b 2x';",
    "p.textContent = text x 100,000": "const p = document.createElement('p'); for (let i = 0; i < 1e5; i++) p.textContent = 't' + i;",
    "element.attributes read x 100,000": "const d = document.createElement('div'); let n = 0; for (let i = 0; i < 1e5; i++) n += d.attributes.length;",
    "Attr.value = text x 100,000":
        "const d = document.createElement('div'); d.setAttribute('title', ''); const a = d.getAttributeNode('title');"
        " for (let i = 0; i < 1e5; i++) a.value = 't' + i;",
    "el.style.width = ... x 10,000, observers run":
        "const d = document.createElement('div'); document.body.appendChild(d);"
        " for (let i = 0; i < 1e4; i++) d.style.width = i + 'px'; await new Promise(r => setTimeout(r)); d.remove();",
    "el.style.cssText = ... x 10,000":
        "const d = document.createElement('div'); for (let i = 0; i < 1e4; i++) d.style.cssText = 'width: ' + i + 'px; color: red';",
    "importNode of a 1,000-node template": "const t = document.createElement('template'); t.innerHTML = '<p class=a>x</p>'.repeat(1000);"
        " for (let i = 0; i < 20; i++) document.importNode(t.content, true);",
    "insert 1,000 nodes (appendChild), observers run":
        "const box = document.createElement('div'); document.body.appendChild(box);"
        " for (let i = 0; i < 1000; i++) { const p = document.createElement('p'); p.textContent = i; box.appendChild(p); }"
        " await new Promise(r => setTimeout(r)); box.remove();",
    "innerHTML of 1,000 nodes, observers run":
        "const box = document.createElement('div'); document.body.appendChild(box);"
        " box.innerHTML = '<p>x</p>'.repeat(1000); await new Promise(r => setTimeout(r)); box.remove();",
}

PAGE = """<!doctype html><html><head><meta charset="utf-8">{tag}</head><body><script>
window.bench = async function () {{
  const results = {{}};
  for (const [name, body] of Object.entries(OPERATIONS)) {{
    const run = new (Object.getPrototypeOf(async function () {{}}).constructor)(body);
    await run();  // warm-up
    const start = performance.now(); await run(); results[name] = performance.now() - start;
  }}
  return results;
}};
const OPERATIONS = {operations};
</script></body></html>"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(html):
    return lambda route: route.fulfill(content_type="text/html", body=html)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    pages = {
        "without": PAGE.format(tag="", operations=json.dumps(OPERATIONS)),
        "with guard": PAGE.format(tag='<script src="/dist/consent.js"></script>', operations=json.dumps(OPERATIONS)),
    }
    handler = partial(Quiet, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    times = {variant: {name: [] for name in OPERATIONS} for variant in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
        for _ in range(args.runs):
            for variant, html in pages.items():  # interleaved: both see the same machine state
                page = browser.new_page()
                page.route(f"{base}/bench.html", serve(html))
                page.route(f"{base}/dist/consent-app.js", lambda route: route.fulfill(status=204))
                page.goto(f"{base}/bench.html")
                for name, ms in page.evaluate("bench()").items():
                    times[variant][name].append(ms)
                page.close()
        version = browser.version
        browser.close()
    server.shutdown()
    print(f"Guard overhead, Chromium {version}, median of {args.runs} interleaved runs:\n")
    print("| operation | without (ms) | with guard (ms) | ratio |")
    print("|---|---|---|---|")
    for name in OPERATIONS:
        without, with_guard = (statistics.median(times[v][name]) for v in pages)
        print(f"| {name} | {without:.1f} | {with_guard:.1f} | {with_guard / without:.2f}x |")


if __name__ == "__main__":
    main()
