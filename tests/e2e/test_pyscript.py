"""Python on a PyScript page reads the consent state, follows decisions and opens the preferences
through window.cmp (dist/cmp_consent.py), in MicroPython and in Pyodide, all served from local npm
packages (@pyscript/core, @micropython/micropython-webassembly-pyscript, pyodide)."""

import json

import pytest

BANNER = "[data-cmp-banner]:not([hidden])"
INTERPRETERS = {
    "mpy": "/node_modules/@micropython/micropython-webassembly-pyscript/micropython.mjs",
    "py": "/node_modules/pyodide/pyodide.mjs",
}
PYTHON = """
import js
from cmp_consent import consent, granted, on_change, show_preferences

js.window.pyBefore = json_state = str(consent())
js.window.pyMarketing = granted("marketing")

def changed(state):
    js.window.pyChanged = "marketing=%s customerio=%s" % (state["marketing"], state["vendors"]["customerio"])

on_change(changed)

def open_preferences(event):
    show_preferences()

from pyscript.ffi import create_proxy
js.document.getElementById("py-preferences").addEventListener("click", create_proxy(open_preferences))
js.window.pyReady = True
"""


@pytest.mark.parametrize("interpreter", ["mpy", "py"], ids=["micropython", "pyodide"])
def test_python_on_a_pyscript_page_reads_follows_and_opens_the_consent(page, site, cio, written_page, interpreter):
    config = json.dumps({"interpreter": INTERPRETERS[interpreter], "files": {"/dist/cmp_consent.py": "./cmp_consent.py"}})
    url = written_page(f"pyscript-{interpreter}.html", f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
      <script src="/dist/consent.js"></script>
      <script type="module" src="/node_modules/@pyscript/core/dist/core.js"></script></head>
      <body><h1>PyScript</h1><button id="py-preferences">Privacy (from Python)</button>
      <script type="{interpreter}" config='{config}'>{PYTHON}</script></body></html>""")
    page.goto(url)
    page.wait_for_function("window.pyReady === true", timeout=60_000)
    assert page.evaluate("[pyBefore, pyMarketing]") == ["None", False]

    page.click("[data-cmp-banner] [data-cmp-action='accept-all']")
    page.wait_for_function("window.pyChanged !== undefined")
    assert page.evaluate("pyChanged") == "marketing=True customerio=True"

    page.click("#py-preferences")
    page.wait_for_selector("[data-cmp-preferences]:not([hidden])")
