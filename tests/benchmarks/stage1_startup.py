"""Benchmark (not a test): stage 1's own start-up cost, against an empty script and yett, as ratios.

    python tests/benchmarks/stage1_startup.py [--runs 31] [NAME=PATH ...]

One small page per variant, `<script src=X>` first in <head>, then an inline script that notes
performance.now(). Measured: that moment minus the responseEnd of X (what compare.py calls "minus the
arrival"), cold (a fresh browser context) and warm (its third load: HTTP and V8 code cache warm),
round-robin in one headless Chromium, medians. Variants: `empty` (an empty file: the browser's own
cost of a blocking script), `yett` (yett 0.1.13 from node_modules), `dist` (dist/consent.js), and any
NAME=PATH given, to compare a changed build before committing it. Differences under ~2 ms are noise
on a 2-core machine, even over 31 runs.
"""

import argparse
import http.server
import os
import shutil
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MEASURE = "() => window.__t - performance.getEntriesByName(document.scripts[0].src)[0].responseEnd"


def page(name):
    return ("<!doctype html><html><head><title>t</title>"
            f"<script src='/{name}/consent.js'></script><script>window.__t = performance.now()</script>"
            "</head><body>" + "<p>hello</p>" * 50 + "</body></html>").encode()


def serve(variants):
    files = {f"/{name}/consent.js": body for name, body in variants.items()}
    for banner in (ROOT / "dist").glob("consent-banner.*.js"):  # stage 1 asks for the first layer
        files.update({f"/{name}/{banner.name}": banner.read_bytes() for name in variants})

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self):
            path = self.path.split("?")[0]
            html = path.endswith(".html")
            body = page(path[1:-5]) if html else files.get(path, b"")
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if html else "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store" if html else "max-age=3600")
            self.end_headers()
            try:
                self.wfile.write(body)
            except OSError:  # the context closed first
                pass

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("variants", nargs="*", metavar="NAME=PATH")
    args = parser.parse_args()
    variants = {"empty": b"", "yett": (ROOT / "node_modules/yett/dist/yett.min.js").read_bytes(),
                "dist": (ROOT / "dist/consent.js").read_bytes()}
    for item in args.variants:
        name, path = item.split("=", 1)
        variants[name] = Path(path).read_bytes()
    server, base = serve(variants)
    names = list(variants)
    samples = {name: {"cold": [], "warm": []} for name in names}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CMP_CHROMIUM") or shutil.which("chromium"), args=ARGS)
        for name in names:  # warm-up, not recorded
            context = browser.new_context()
            context.new_page().goto(f"{base}/{name}.html")
            context.close()
        for run in range(args.runs):
            for name in names[run % len(names):] + names[:run % len(names)]:
                context = browser.new_context()
                tab = context.new_page()
                tab.goto(f"{base}/{name}.html")
                samples[name]["cold"].append(tab.evaluate(MEASURE))
                tab.goto(f"{base}/{name}.html")
                tab.goto(f"{base}/{name}.html")
                samples[name]["warm"].append(tab.evaluate(MEASURE))
                context.close()
        browser.close()
    server.shutdown()
    median = {name: {flow: statistics.median(values) for flow, values in flows.items()} for name, flows in samples.items()}
    print(f"| variant (medians of {args.runs}, ms) | cold | over empty | vs yett | warm | over empty | vs yett |")
    print("|---|---|---|---|---|---|---|")
    for name in names:
        cells = []
        for flow in ("cold", "warm"):
            value = median[name][flow]
            cells += [f"{value:.1f}", f"{value - median['empty'][flow]:+.1f}", f"{value / median['yett'][flow]:.2f}x"]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
