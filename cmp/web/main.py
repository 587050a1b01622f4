"""Stage 2's entry point: take over from stage 1 (window.cmp._loader) with the baked config."""

from browser import window

from cmp.core.config import Config
from cmp.web.app import ConsentApp
from cmp_baked import CONFIG


def start():
    ConsentApp(Config(CONFIG), window.cmp._loader).start()
