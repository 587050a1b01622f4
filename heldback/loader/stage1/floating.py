# The floating button (built in with floating_button in the config): once a decision holds and no
# layer of ours is in the page, stage 1 draws it itself, so a returning visitor's page view loads
# nothing more; its click (open-preferences) loads stage 2. Baked: FLOATING (heldback/core/views.py's
# node per language), FLOATING_STYLE.

from ..layer_dom import build, new_layer_host
from .api import page_view
from .baked import FLOATING, FLOATING_STYLE
from .language import language
from .release import extensions
from ..browser import document


def draw_floating():
    if not page_view.state or document.querySelector("[data-cmp-root]"):  # the first layer or stage 2 draws it
        return
    code = language()
    shadow = new_layer_host(code, FLOATING_STYLE)
    shadow.appendChild(build(FLOATING[code])).hidden = False
    document.body.appendChild(shadow.host)


def on_decided(state, announce):
    if document.readyState == "loading":
        document.addEventListener("DOMContentLoaded", draw_floating)
    else:
        draw_floating()


extensions.decided.push(on_decided)
