"""The hand-over between stage 1 and the layers has one list of fields (heldback/core/handover.py FIELDS):
stage 1 makes exactly those, and the first layer and stage 2 use nothing else."""

import ast
import re
from pathlib import Path

from heldback.core.handover import FIELDS, STAGE2_GLUE

PACKAGE = Path(__file__).resolve().parents[2] / "heldback"


def fields_used(path, holder):
    """The attributes of `holder` (a name, or self.<name>) that a source sets or reads, and getattr's."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and (
                (isinstance(node.value, ast.Name) and node.value.id == holder)
                or (isinstance(node.value, ast.Attribute) and node.value.attr == holder)):
            found.add(node.attr)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                and isinstance(node.args[0], ast.Name) and node.args[0].id == holder):
            found.add(node.args[1].value)
    return found


def test_stage1_hands_over_exactly_the_declared_fields():
    assert fields_used(PACKAGE / "loader" / "stage1" / "api.py", "handover") == set(FIELDS)


def test_the_first_layer_uses_only_declared_fields():
    used = fields_used(PACKAGE / "loader" / "first_layer.py", "handover")
    assert used and used <= set(FIELDS)


def test_stage2_and_its_glue_use_only_declared_fields():
    used = fields_used(PACKAGE / "web" / "app.py", "handover")
    assert used and used <= set(FIELDS) | set(STAGE2_GLUE)
    glue = re.search(r'"var handover = stage1 && \{(.*?)\};', (PACKAGE / "building" / "stage2.py").read_text(), re.S)
    keys = set(re.findall(r"(\w+): ", re.sub(r"function \(.*?\}", "", glue.group(1))))
    assert {"attach", "decided"} <= keys <= set(FIELDS) | set(STAGE2_GLUE)
