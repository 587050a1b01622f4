"""The first layer (consent-banner.<language>.js): heldback/loader/first_layer.py after layer_dom.py,
a file per language, with the banner's nodes and the decisions it makes baked in."""

from heldback.building import sources
from heldback.building.files import LAYER_DOM, SOURCES
from heldback.building.prologue import connect_to_stage1
from heldback.building.pscript_dialect import compile_pscript
from heldback.building.stage1 import bake, compact
from heldback.core import consent_record, handover, policy, views
from heldback.core.config import MODES, Config


def build_first_layer(config: Config, code: str) -> str:
    """The first layer in language ``code``: the banner as heldback/core/views.py makes it (stage 2 shows the
    same), its text in each mode, and the decisions it makes without stage 2 (heldback/core/policy.py),
    written as heldback/core/consent_record.py says."""
    baked = bake(settings(config, code), SOURCES / "first_layer_baked.py")
    ordered = sources.in_order(SOURCES / "first_layer.py", [LAYER_DOM])
    js = compile_pscript([("(baked settings)", baked), *sources.parts(ordered)], prologue=connect_to_stage1("handover"))
    return f"/* heldback first layer ({code}) */\n{js}"


def settings(config: Config, code: str) -> dict:
    """What the first layer in language ``code`` needs, from the config and heldback/core."""
    texts = config.texts[code]
    return {"BANNER": views.banner(config, texts, views.NOTICES[MODES[0]], True),
            "NOTICES": {mode: views.notice_text(config, texts, key) for mode, key in views.NOTICES.items()},
            "FLOATING": views.floating(texts) if config.floating_button else None,
            "DECISIONS": policy.first_layer(config), "STYLE": compact(views.FLOATING_STYLE + views.BANNER_STYLE),
            "MARK": handover.MARK, "CODE": code,
            "TEMPLATE": consent_record.TEMPLATE, "COOKIE": consent_record.COOKIE,
            "ATTRIBUTES": consent_record.ATTRIBUTES, "MAX_AGE": str(config.lifetime_days * consent_record.DAY),
            "REVISION": config.revision}
