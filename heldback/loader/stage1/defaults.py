# What holds before any decision in opt-out mode: every consent key granted but those a Global Privacy
# Control signal refuses (heldback/core/policy.py defaults; tests/e2e/test_rule_agreement.py keeps the
# two equal). Stage 1 and the service worker share it.

from .baked import GPC_KEYS, KEYS
from .natives import table_of

REFUSED_BY_GPC = table_of(GPC_KEYS)


def opt_out_defaults(gpc):
    """{consent key: granted} before any decision in opt-out mode, with or without `gpc`."""
    choices = {}
    for key in KEYS:
        choices[key] = not (gpc and REFUSED_BY_GPC[key])
    return choices
