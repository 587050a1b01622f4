"""The network guard (consent-sw.js): heldback/loader/consent_sw.py over the parts of stage 1 a worker
has (no DOM), with stage 1's settings baked in."""

from heldback.building import sources
from heldback.building.files import SOURCES, STAGE1_DIR
from heldback.building.pscript_dialect import compile_pscript
from heldback.building.stage1 import bake, settings
from heldback.core.config import Config

WORKER_PARTS = ("natives", "hosts", "record", "defaults")  # the parts of stage 1 a worker has (no DOM)


def build_service_worker(config: Config) -> str:
    """consent-sw.js: consent_sw.py over the parts of stage 1 a worker has (no DOM)."""
    baked = bake(settings(config), STAGE1_DIR / "baked.py")
    ordered = sources.in_order(SOURCES / "consent_sw.py", [STAGE1_DIR / f"{name}.py" for name in WORKER_PARTS])
    return f"/* heldback service worker */\n{compile_pscript([('(baked settings)', baked), *sources.parts(ordered)])}"
