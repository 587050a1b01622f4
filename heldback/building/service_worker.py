"""The network guard (consent-sw.js): heldback/loader/consent_sw.py over the parts of stage 1 a worker
has (no DOM), with stage 1's settings baked in."""

from heldback.building.files import ROOT, SOURCES, STAGE1_DIR
from heldback.building.pscript_dialect import compile_pscript
from heldback.building.stage1 import bake, settings
from heldback.core.config import Config


def build_service_worker(config: Config) -> str:
    """consent-sw.js: consent_sw.py over the parts of stage 1 a worker has (no DOM)."""
    baked, literals = bake(settings(config))
    paths = [STAGE1_DIR / "natives.py", STAGE1_DIR / "hosts.py", STAGE1_DIR / "record.py", SOURCES / "consent_sw.py"]
    parts = [("(baked settings)", baked)] + [(str(path.relative_to(ROOT)), path.read_text()) for path in paths]
    return f"/* heldback service worker */\n{compile_pscript(parts, literals)}"
