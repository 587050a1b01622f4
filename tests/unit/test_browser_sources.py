"""The sources the build compiles for the browser (stage 1, the first layer, the service worker) are
Python modules that import what they use: any Python tool sees where each name comes from, and the
build reads the imports to put them in order (heldback/building/sources.py)."""

import ast

import pytest
from pyflakes import messages
from pyflakes.checker import Checker

from heldback.building import BuildError, sources
from heldback.building.files import SOURCES, STAGE1_DIR
from heldback.building.stage1 import NEVER_COMPILED

BROWSER_SOURCES = sorted(STAGE1_DIR.glob("*.py")) + [SOURCES / name for name in
                                                      ("first_layer.py", "layer_dom.py", "consent_sw.py")]


@pytest.mark.parametrize("path", BROWSER_SOURCES, ids=lambda path: path.name)
def test_every_browser_source_imports_each_name_it_uses(path):
    checker = Checker(ast.parse(path.read_text(encoding="utf-8")), filename=str(path))
    undefined = [f"{path.name}:{m.lineno}: {m.message_args[0]}" for m in checker.messages
                 if isinstance(m, (messages.UndefinedName, messages.UndefinedExport, messages.ImportStarUsed))]
    assert undefined == []


def test_stage_1_is_ordered_by_its_imports_with_its_entry_last():
    compiled = [path for path in STAGE1_DIR.glob("*.py") if path.stem not in NEVER_COMPILED]
    ordered = [path.stem for path in sources.in_order(STAGE1_DIR / "main.py", compiled)]
    assert ordered[-1] == "main" and "baked" not in ordered and "browser" not in ordered
    assert ordered.index("natives") < ordered.index("dom") < ordered.index("language")  # each after what it reads as it loads


def test_a_source_that_reads_a_name_as_it_loads_before_it_is_defined_stops_the_build(tmp_path):
    (tmp_path / "first.py").write_text("from .second import later\nEARLY = later()\n")
    (tmp_path / "second.py").write_text("from .first import EARLY\n\n\ndef later():\n    return 1\n\nAGAIN = EARLY\n")
    with pytest.raises(BuildError, match="reads later as it loads, before .*second.py defines it"):
        sources.check_load_order([tmp_path / "first.py", tmp_path / "second.py"])


def test_imports_are_blanked_where_they_stood(tmp_path):
    path = tmp_path / "part.py"
    path.write_text("from .natives import (\n    a,\n    b,\n)\nx = a(b)\n")
    assert sources.without_imports(path) == "\n\n\n\nx = a(b)\n"
