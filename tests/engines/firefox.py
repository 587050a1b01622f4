"""Firefox ESR (Debian's ``firefox-esr``) through Playwright over WebDriver BiDi (``channel="moz-firefox"``).

Playwright 1.65.2 with ESR 153 needs two fixes to its driver (``driver/package/lib/coreBundle.js``),
made by ``python -m tests.engines.firefox`` (``make test`` runs it; idempotent; it fails loudly when
Playwright's code is not the code it knows):
1. every ``new_context()`` calls ``emulation.setMediaFeaturesOverride``, which ESR 153 does not have
   ("unknown command"): that error is ignored;
2. under BiDi a request's ``post_data_buffer`` is always empty: request bodies are collected
   (``network.addDataCollector`` for requests, ``network.getData``) before the request reaches the
   routes, so the Customer.io SDK's event POSTs can be read.
"""

import os
import re
import sys
from pathlib import Path

PLAYWRIGHT = "1.65.2"  # the version these edits were made for (pinned in pyproject.toml)
EXECUTABLE = os.environ.get("CMP_FIREFOX", "/usr/bin/firefox-esr")
MARK = "/*heldback: ESR 153*/"


def launch_args():
    return {"channel": "moz-firefox", "executable_path": EXECUTABLE}


def bundle():
    import playwright

    return Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"


def is_patched():
    return MARK in bundle().read_text(encoding="utf-8")


def patch():
    from importlib.metadata import version

    if version("playwright") != PLAYWRIGHT:
        raise SystemExit(f"tests/engines/firefox.py knows Playwright {PLAYWRIGHT}, not {version('playwright')}")
    path = bundle()
    source = path.read_text(encoding="utf-8")
    if MARK in source:
        return

    def edit(pattern, replacement, expected, flags=0):
        nonlocal source
        source, count = re.subn(pattern, replacement, source, flags=flags)
        if count != expected:
            raise SystemExit(f"{path}: expected {expected} of {pattern[:60]!r}, found {count}: Playwright's code changed")

    # 1. the media features override ESR 153 lacks
    edit(r'await (this\._(?:browser\._browserSession|session))\.send\("emulation\.setMediaFeaturesOverride", (\{.*?\n\s*\})\);',
         lambda m: f'await {m.group(1)}.send("emulation.setMediaFeaturesOverride", {m.group(2)}).catch((e) => {{ {MARK} '
                   'if (!/unknown command/.test(String(e && e.message))) throw e; });', 2, re.S)
    # 2a. collect request bodies as well as response bodies
    edit(r'dataTypes: \[Network\.DataType\.Response\],', 'dataTypes: [Network.DataType.Response, Network.DataType.Request], ', 1)
    # 2b. an intercepted request with a body: fetch the body before the request reaches the client
    edit(r'(      _onBeforeRequestSent\(param\) \{\n        if \(param\.request\.url\.startsWith\("data:"\)\)\n          return;\n)',
         r'''\1        if (param.intercepts && !param.redirectCount && (param.request.bodySize || 0) > 0 && !("__body" in param)) {
          this._session.send("network.getData", { request: param.request.request, dataType: "request" }).then(
            ({ bytes }) => { param.__body = Buffer.from(bytes.value, bytes.type === "base64" ? "base64" : "utf8"); },
            () => { param.__body = null; }).then(() => this._onBeforeRequestSent(param));
          return;
        }
''', 1)
    edit(r'(BidiRequest = class \{\n.*?)const postDataBuffer = null;', r'\1const postDataBuffer = payload.__body || null;', 1, re.S)
    path.write_text(source, encoding="utf-8")


if __name__ == "__main__":
    patch()
    print(f"{bundle()}: patched for Firefox ESR", file=sys.stderr)
