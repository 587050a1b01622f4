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


def source_of(source):
    """The JavaScript the dialect makes of ``source``, before it is minified."""
    from heldback.building.pscript_dialect import Dialect

    return Dialect(source, inline_stdlib=False).dump()


def test_a_function_returns_what_it_says_and_undefined_without_a_return():
    assert run(
        'def implicit():\n    x = 1\n'
        'def bare():\n    return\n'
        'def none():\n    return None\n'
        'globalThis.result = [implicit() is undefined, bare() is undefined, none() is None]\n'
    ) == [True, True, True]


def test_star_args_is_a_rest_parameter_and_nested_functions_are_not_bound():
    js = source_of('def outer(first, *rest):\n    def inner():\n        return rest\n    return inner()\n')
    assert "...rest" in js and "arguments" not in js and ".bind(this)" not in js
    assert run('def f(first, *rest):\n    return [first, rest]\nglobalThis.result = f(1, 2, 3)\n') == [1, [2, 3]]


def test_a_for_loop_is_an_index_loop_over_an_array_with_names_for_the_items_of_a_record():
    js = source_of('for host, key in HOSTS:\n    seen[key] = host\n')
    assert "Object.keys" not in js and "Array.isArray" not in js and "let " in js
    assert run('pairs = [["a", 1], ["b", 2]]\nout = []\nfor name, n in pairs:\n    out[len(out)] = name + str(n)\n'
               'globalThis.result = out\n') == ["a1", "b2"]


def test_a_record_is_read_once_per_loop_and_an_item_named_underscore_is_not_read():
    js = source_of('for name, _, early in TABLE:\n    use(name, early)\n')
    assert js.count("TABLE") == 1 and "[1]" not in js and "_ =" not in js
    assert run('rows = [["a", 1, True], ["b", 2, False]]\nout = []\n'
               'for name, _, early in rows:\n    out[len(out)] = [name, early]\n'
               'globalThis.result = out\n') == [["a", True], ["b", False]]


def test_a_record_is_unpacked_by_name_outside_a_loop_too():
    js = source_of('def f(record):\n    a, _, c = record\n    return a + c\n')
    assert "[1]" not in js and "_ =" not in js
    assert run('def f(record):\n    a, _, c = record\n    return a + c\nglobalThis.result = f([1, 2, 3])\n') == 4


def test_truthiness_equality_and_plus_are_javascripts_own_operators():
    js = source_of('if a == b and c:\n    d = e + f\n')
    assert "_pyfunc" not in js and "===" in js


def test_a_module_name_is_declared_where_it_is_first_set():
    js = source_of('first = 1\ndef later():\n    return first\nfirst = 2\n')
    assert js.count("var first = 1;") == 1 and "var later = function" in js and "var first, " not in js


def test_a_lambda_is_an_arrow_function_unless_it_takes_this_or_reads_arguments_and_a_def_is_a_function():
    js = source_of('def plain(a):\n    return lambda: a\n'
                   'stub = lambda: RawJS("arguments")\n'
                   'made = lambda this: this\n')
    assert "var plain = function" in js and "return () =>" in js and "stub = function" in js and "made = function" in js
    assert run('def made():\n    pass\nmade.prototype = {"kind": "made"}\n'
               'stub = lambda: RawJS("arguments.length")\n'
               'globalThis.result = [RawJS("new made()").kind, stub(1, 2), (lambda: 3)()]\n') == ["made", 2, 3]


def test_except_exception_as_a_name_catches_into_that_name():
    js = source_of('try:\n    f()\nexcept Exception as error:\n    g(error)\nfinally:\n    h()\n')
    assert "catch (error)" in js and "error =" not in js and "finally" in js
    assert run('def f():\n    try:\n        RawJS("null.x")\n    except Exception as error:\n        return error.name\n'
               'globalThis.result = f()\n') == "TypeError"


def test_what_the_build_bakes_is_written_in_as_a_javascript_literal():
    from heldback.building.pscript_dialect import baked

    assert run(baked({"MODES": ["opt-in", "opt-out"], "TEXTS": {"opt-in": "a \"b\" \u00e9"}, "NONE": None})
               + 'globalThis.result = [MODES, TEXTS["opt-in"], NONE]\n') == [["opt-in", "opt-out"], 'a "b" \u00e9', None]


def test_a_function_that_sets_a_name_a_module_also_sets_sets_its_own():
    assert run('shared = "module"\ndef sets_its_own():\n    shared = "local"\n    return shared\n'
               'globalThis.result = [sets_its_own(), shared]\n') == ["local", "module"]
