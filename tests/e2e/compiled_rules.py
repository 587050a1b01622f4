"""A rule as the browser runs it, for an agreement test: the sources of stage 1 or of the first layer
that define it, compiled by the build's own compiler (heldback/building) with what a config bakes,
and the named functions put on ``window.rules``, to be called on generated inputs. Nothing else of
the file runs: the first layer draws its banner only for a hand-over, and it gets none here."""

from heldback.building import first_layer, sources
from heldback.building.files import LAYER_DOM, SOURCES, STAGE1_DIR
from heldback.building.pscript_dialect import compile_pscript
from heldback.building.stage1 import BAKED, NEVER_COMPILED, bake, settings
from heldback.core.config import Config

STAGE1_SOURCES = [path for path in STAGE1_DIR.glob("*.py") if path.stem not in NEVER_COMPILED]
# what stage 1 hands the first layer as `natives` (heldback/loader/stage1/api.py handover_for): the
# same functions, from the same sources
FIRST_LAYER_NATIVES = ["split_text", "text_lower", "keys_of", "has_own", "list_join", "write_cookie", "now"]


def exposed(names: list[str]) -> tuple[str, str]:
    return "(exposed for the test)", "window.rules = {" + ", ".join(f'"{name}": {name}' for name in names) + "}\n"


def stage1_rules(config: Config, module: str, names: list[str]) -> str:
    """JavaScript that puts ``names``, from stage 1's ``module`` (and what it imports), on window.rules."""
    ordered = sources.in_order(STAGE1_DIR / f"{module}.py", STAGE1_SOURCES)
    return compile_pscript([("(baked settings)", bake(settings(config), BAKED)), *sources.parts(ordered), exposed(names)])


def first_layer_rules(config: Config, code: str, names: list[str]) -> str:
    """JavaScript that puts ``names``, from the first layer in language ``code``, on window.rules,
    with stage 1's natives as the hand-over would give them."""
    natives = sources.in_order(STAGE1_DIR / "dom.py", STAGE1_SOURCES)
    ordered = sources.in_order(SOURCES / "first_layer.py", [LAYER_DOM])
    given = ("(the hand-over's natives)", "natives = {" + ", ".join(f'"{n}": {n}' for n in FIRST_LAYER_NATIVES) + "}\n")
    return compile_pscript([("(baked settings)", bake(first_layer.settings(config, code), SOURCES / "first_layer_baked.py")),
                            *sources.parts(natives), *sources.parts(ordered), given, exposed(names)],
                           prologue="var handover = null;\n")
