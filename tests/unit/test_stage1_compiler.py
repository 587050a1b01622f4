"""Stage 1's compiler (heldback/building/pscript_dialect.py): its Python dialect means in JavaScript what it means
in Python. The compiled code runs in QuickJS here."""

import json

import quickjs

from heldback.building.pscript_dialect import compile_pscript


def run(source):
    context = quickjs.Context()
    context.eval(compile_pscript([("test", source)]))
    return json.loads(context.eval("JSON.stringify(globalThis.result)"))


def test_a_conditional_operand_of_plus_and_of_equals_binds_as_in_python():
    assert run(
        'flag = True\n'
        'tag = "t:"\n'
        'tag += "1" if flag else "0"\n'
        'joined = "t:" + "1" if flag else "0"\n'
        'same = tag == "t:1" if flag else False\n'
        'globalThis.result = [tag, joined, same]\n'
    ) == ["t:1", "t:1", True]
