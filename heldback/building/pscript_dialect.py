"""Stage 1's dialect: Python syntax over JavaScript values, compiled by PScript without its helpers
(heldback/loader/stage1/runtime.js has the few it calls instead), then minified."""

import ast
import re

import pscript

from heldback.building.files import STAGE1_DIR, BuildError
from heldback.building.toolchain import minify


def compile_pscript(parts: list[tuple[str, str]], literals: dict[str, str] | None = None, prologue: str = "") -> str:
    """PScript-dialect Python (one scope, in order) to minified standalone JavaScript. ``literals``:
    {name: JavaScript expression} for names the source sets to None, written in in their place;
    ``prologue``: JavaScript that runs first."""
    source = "".join(text for _, text in parts)
    for name, text in parts:  # CPython's syntax check names the file and line; PScript's would not
        try:
            compile(text, name, "exec")
        except SyntaxError as error:
            raise BuildError(f"{name}:{error.lineno}: {error.msg}") from None
    try:
        js = pscript.py2js(source, inline_stdlib=False)
    except Exception as error:
        raise BuildError(f"PScript: {error}") from None
    js = declared_where_set(index_loops(rest_arguments(unbound(inline_operators(js), source))))
    runtime = (STAGE1_DIR / "runtime.js").read_text()
    needed = set(re.findall(r"\b_py(?:func|meth)_\w+", js))
    missing = sorted(needed - set(re.findall(r"var (_py\w+) =", runtime)))
    if missing:
        raise BuildError(f"PScript needs helpers that heldback/loader/stage1/runtime.js lacks: {', '.join(missing)}")
    runtime = "".join(line for line in runtime.splitlines(keepends=True)  # only the helpers this file calls
                      if not line.startswith("var _py") or line.split(" ")[1] in needed)
    js = re.sub(r"\n\s*return null;(\n\s*\};)", r"\1", js)  # PScript's implicit `return null`: pages expect undefined
    if "Array.isArray(stub" in js:
        raise BuildError("stage 1: a `for` loop PScript wrote in a form index_loops does not know")
    for name, literal in (literals or {}).items():
        js, count = re.subn(rf"^(var )?{name} = null;$", lambda m: f"{m.group(1) or ''}{name} = {literal};", js,
                            flags=re.MULTILINE)
        if count != 1:
            raise BuildError(f"cannot write the literal of {name}: its `{name} = None` is not there once")
    return minify(f"(function(){{\n{prologue}{runtime}{js}\n}})();\n", passes=3)


# PScript's helpers that are plain JavaScript operators in stage 1's dialect (runtime.js), written as
# the operators: a function call for every `if`, `==` and `+` would cost bytes and time on every page view.
# Each operand keeps its parentheses (an argument such as `c ? "1" : "0"` binds looser than `+`); the
# minifier drops those that are not needed.
OPERATORS = {"_pyfunc_truthy": "({0})", "_pyfunc_op_equals": "(({0}) === ({1}))", "_pyfunc_op_add": "(({0}) + ({1}))"}


def inline_operators(js: str) -> str:
    call = re.compile(r"\b(" + "|".join(OPERATORS) + r")\(")
    while match := call.search(js):  # the outermost first; its arguments are copied as they are
        arguments, end = call_arguments(js, match.end())
        js = js[:match.start()] + OPERATORS[match.group(1)].format(*arguments) + js[end:]
    return js


def index_loops(js: str) -> str:
    """PScript's ``for x in seq`` without its dict case (``Array.isArray`` and ``Object.keys``, which
    the page may replace): a plain index loop over an array, read through no prototype (natives.py),
    its index and sequence declared by the loop itself."""
    js = re.sub(r"\n\s*if \(\(typeof (stub\d+_seq) === \"object\"\) && \(!Array\.isArray\(\1\)\)\) "
                r"\{ \1 = Object\.keys\(\1\);\}", "", js)
    js = re.sub(r"(stub\d+_seq) = (.+);\n(\s*)for \((stub\d+_itr) = 0; \4 < \1\.length; \4 \+= 1\) \{",
                r"\3for (let \4 = 0, \1 = \2; \4 < \1.length; \4++) {", js)
    return re.sub(r"\b(var [^;\n]*);", lambda m: without_loop_names(m.group(1)), js)


def without_loop_names(declaration: str) -> str:
    names = [name for name in declaration[4:].split(", ") if not re.fullmatch(r"stub\d+_(seq|itr)", name)]
    return f"var {', '.join(names)};" if names else ";"


def declared_where_set(js: str) -> str:
    """PScript declares every top-level name in one ``var`` at the start; each is declared where it is
    first set instead (the minified file is shorter by the whole list)."""
    first, _, rest = js.partition("\n")
    if not first.startswith("var "):
        return js
    kept = []
    for name in first[4:-1].split(", "):
        rest, count = re.subn(rf"^{re.escape(name)} = ", f"var {name} = ", rest, count=1, flags=re.MULTILINE)
        if not count:
            kept.append(name)
    return (f"var {', '.join(kept)};\n" if kept else "") + rest


def rest_arguments(js: str) -> str:
    """PScript's ``*args`` (a copy of ``arguments`` in the body) as a rest parameter."""
    def rest(match):
        names = [name for name in match.group(3).split(", ") if name != match.group(4)]
        declared = f"{match.group(2)}var {', '.join(names)};\n" if names else ""
        return f"function{match.group(1) or ''} (...{match.group(4)}) {{\n{declared}"

    return re.sub(r"function( \w+)? \(\) \{\n(\s*)var ([\w, ]+);\n\s*(\w+) = Array\.prototype\.slice\.call\(arguments\);\n",
                  rest, js)


def unbound(js: str, source: str) -> str:
    """PScript binds every nested function to the enclosing ``this``. Stage 1 uses ``this`` only as a
    function's own (its first parameter, in PScript's dialect), so the bindings go; the build checks it."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) and not (node.args.args and node.args.args[0].arg == "this"):
            if any(isinstance(n, ast.Name) and n.id == "this" for n in own_nodes(node)):
                raise BuildError(f"stage 1: line {node.lineno} uses `this` without taking it as first parameter")
    return js.replace(").bind(this)", ")")


def own_nodes(node):
    """What ``node`` contains, without the functions defined in it."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.Lambda)):
            yield child
            yield from own_nodes(child)


def call_arguments(js: str, start: int) -> tuple[list[str], int]:
    """The arguments of the call whose "(" ends at ``start``, and where its ")" ends (PScript's output
    has string literals but no regular expression or template literals)."""
    arguments, depth, quote, begin, i = [], 0, None, start, start
    while True:
        char = js[i]
        if quote:
            i += char == "\\"  # skip the escaped character
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char in ",)" and not depth:
            arguments.append(js[begin:i].strip())
            if char == ")":
                return arguments, i + 1
            begin = i + 1
        i += 1
