"""A layer's first statement: how the first layer and stage 2 connect to stage 1
(heldback/loader/stage1/api.py connect; heldback/core/handover.py MARK)."""

import json

from heldback.core import handover


def connect_to_stage1(name: str) -> str:
    """A layer's first statement: ``name`` becomes stage 1's hand-over to it (heldback/loader/stage1/api.py
    connect), or null. First, so that nothing the page may have replaced runs before it (while this
    script runs, the page could otherwise connect in its place)."""
    key = json.dumps(handover.MARK)
    return f"var {name} = typeof window[{key}] === \"function\" ? window[{key}]() : null;\n"
