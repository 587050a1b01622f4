"""Stage 2's entry point: take over from stage 1 (window.cmp._loader) with the baked config."""

from browser import document, window

from cmp.core.config import Config
from cmp.web.app import ConsentApp
from cmp_baked import CONFIG


def start():
    config = Config(CONFIG)
    navigator = window.navigator
    language = config.language_for(document.documentElement.lang, list(getattr(navigator, "languages", [])))
    gpc = getattr(navigator, "globalPrivacyControl", False) is True  # absent where browsers do not send it
    ConsentApp(config, window.cmp._loader, language, gpc).start()
