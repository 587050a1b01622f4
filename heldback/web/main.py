"""Stage 2's entry point: take over from stage 1 with the baked config. ``handover`` is stage 1's hand-over
for stage 2 (heldback/loader/stage1/api.py handover_for, wrapped by heldback/building/stage2.py build_app):
it connected as the file's first statement, and is None when stage 1 did not load this file."""

from browser import document, window

from heldback.core import declaration
from heldback.core.config import Config
from heldback.web.app import ConsentApp
from heldback.web.banner import build
from cmp_baked import CONFIG


def start(handover):
    if not handover:
        window.console.error("cmp: consent-app.js was not loaded by consent.js: it does nothing")
        return
    config = Config(CONFIG)
    navigator = window.navigator
    language = config.language_for(document.documentElement.lang, list(getattr(navigator, "languages", [])))
    gpc = getattr(navigator, "globalPrivacyControl", False) is True  # absent where browsers do not send it
    ConsentApp(config, handover, language, gpc).start()
    for element in document.querySelectorAll("[data-cmp-declaration]"):  # in its own language, where it names one
        chosen = element.getAttribute("data-cmp-declaration")
        element.replaceChildren(build(declaration.view(config, chosen if chosen in config.texts else language)))
