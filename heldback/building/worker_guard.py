"""The guard in a worker's global (consent-worker.js): heldback/loader/consent_worker.py over the parts
of stage 1 a worker has (no DOM), with stage 1's settings baked in. Every site serves it: stage 1 starts
every worker the page makes in it (heldback/loader/stage1/workers.py)."""

from heldback.building import sources
from heldback.building.files import SOURCES, STAGE1_DIR
from heldback.building.pscript_dialect import compile_pscript
from heldback.building.service_worker import WORKER_PARTS
from heldback.building.stage1 import bake, settings
from heldback.core.config import Config


def build_worker_guard(config: Config) -> str:
    """consent-worker.js: consent_worker.py over the parts of stage 1 a worker has."""
    baked = bake(settings(config), STAGE1_DIR / "baked.py")
    ordered = sources.in_order(SOURCES / "consent_worker.py",
                               [STAGE1_DIR / f"{name}.py" for name in (*WORKER_PARTS, "workers")])
    return f"/* heldback worker guard */\n{compile_pscript([('(baked settings)', baked), *sources.parts(ordered)])}"
