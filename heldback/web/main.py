"""Stage 2's entry point: take over from stage 1 (its hand-over object: heldback/core/handover.py) with the
baked config."""

from browser import document, window

from heldback.core import declaration, handover
from heldback.core.config import Config
from heldback.web.app import ConsentApp
from heldback.web.banner import build
from cmp_baked import CONFIG


def start():
    config = Config(CONFIG)
    navigator = window.navigator
    language = config.language_for(document.documentElement.lang, list(getattr(navigator, "languages", [])))
    gpc = getattr(navigator, "globalPrivacyControl", False) is True  # absent where browsers do not send it
    loader = window.Reflect.get(window, getattr(window.Symbol, "for")(handover.MARK))
    ConsentApp(config, loader, language, gpc).start()
    for element in document.querySelectorAll("[data-cmp-declaration]"):  # in its own language, where it names one
        chosen = element.getAttribute("data-cmp-declaration")
        element.replaceChildren(build(declaration.view(config, chosen if chosen in config.texts else language)))
