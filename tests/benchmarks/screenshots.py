"""The README's screenshots of the banner, the preferences and the floating button, at a laptop's and
a phone's size, from the committed dist/ in Chromium.

    python tests/benchmarks/screenshots.py [--out docs/screenshots]
"""

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from heldback.building import build  # noqa: E402
from heldback.configuration.schema import parse  # noqa: E402

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Acme</title><script src="/dist/consent.js"></script>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#222}header{background:#1f3a5f;color:#fff;padding:18px 24px;
font-weight:700}main{padding:24px;max-width:760px}p{color:#444}</style></head>
<body><header>Acme Analytics</header><main><h1>Ship faster with Acme</h1>
<p>Dashboards, alerts and reports for teams who care about their product's numbers.</p>
<p>Start a free trial today: no credit card, cancel at any time.</p></main></body></html>"""
SIZES = {"laptop": (1280, 800), "phone": (390, 844)}
CONFIG = {"floating_button": True, "privacy_policy_url": "/privacy", "vendors": {"customerio": {}}}


def serve(folder):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        build(parse(CONFIG), site / "dist")
        (site / "index.html").write_text(PAGE)
        url = serve(site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"),
                                        args=["--no-sandbox", "--disable-gpu"])
            for name, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                page = context.new_page()
                page.goto(url)
                page.wait_for_selector("[data-cmp-banner]:not([hidden])")
                page.screenshot(path=str(out / f"banner-{name}.png"))
                page.click("[data-cmp-banner] [data-cmp-action='customize']")
                page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
                page.screenshot(path=str(out / f"preferences-{name}.png"))
                page.click("[data-cmp-preferences] [data-cmp-action='reject-all']")
                page.reload()
                page.wait_for_selector("[data-cmp-root] .floating:not([hidden])")
                page.screenshot(path=str(out / f"floating-{name}.png"))
                context.close()
            browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
