"""Stage 1's dialect: Python syntax over JavaScript values, compiled by PScript's parser with what the
dialect means written where the code is made (Dialect, a subclass: PScript's own extension point), then
minified. PScript's helpers that emulate Python are not wanted (about 1 KB gzip, a call on every `if`):
truthiness, `==` and `+` are JavaScript's own operators, a `for` is an index loop over an array or a
DOM list (read through no prototype, heldback/loader/stage1/natives.py says why), `*args` is a rest
parameter and a default is a default parameter, nested functions are not bound to `this` (stage 1 uses `this` only as a function's first
parameter, which the build checks), a lambda is an arrow function unless it takes `this` or reads
`arguments`, a function without `return` returns undefined (as the page expects of
what it calls), `except Exception as error` catches into `error`, a record's items are read by name
(`for host, key in HOSTS`, `choices, state, _ = record`), and a module's name is declared where it is
first set. The few helpers PScript still calls are in heldback/loader/stage1/runtime.js."""

import ast
import json
import re

import pscript
from pscript import commonast
from pscript.parser1 import unify

from heldback.building.files import STAGE1_DIR, BuildError
from heldback.building.toolchain import minify

# PScript's helpers that are plain JavaScript operators here. Each operand keeps its parentheses (an
# argument such as `c ? "1" : "0"` binds looser than `+`); the minifier drops those not needed.
OPERATORS = {"truthy": "({0})", "op_equals": "(({0}) === ({1}))", "op_add": "(({0}) + ({1}))"}
DICT_LOOPS = ("keys", "values", "items", "range", "xrange")  # PScript's own loops, kept as they are


class Dialect(pscript.Parser):
    """PScript's parser for stage 1's dialect (see the module's docstring)."""

    def __init__(self, code, **options):
        self._declared_here = set()  # module names declared where first set
        super().__init__(code, **options)

    def use_std_function(self, name, arg_nodes):
        if name not in OPERATORS:
            return super().use_std_function(name, arg_nodes)
        if not arg_nodes:  # PScript asks for op_equals to have it in its library: nothing to ask for
            return ""
        return OPERATORS[name].format(*[a if isinstance(a, str) else unify(self.parse(a)) for a in arg_nodes])

    def parse_For(self, node):
        """An index loop: `for (let i = 0, seq = ...; i < seq.length; i++) { x = seq[i]; ...}`; with a
        tuple target, `record = seq[i]; a = record[0]; ...` (not destructuring: a page can replace
        the iterator protocol it would call)."""
        called = node.iter_node.func_node if isinstance(node.iter_node, commonast.Call) else None
        if node.else_nodes or (isinstance(called, commonast.Attribute) and called.attr in DICT_LOOPS) or (
                isinstance(called, commonast.Name) and called.name in DICT_LOOPS):
            return super().parse_For(node)
        sequence = unify(self.parse(node.iter_node))
        if isinstance(node.target_node, commonast.Name):
            names = [node.target_node.name]
        elif isinstance(node.target_node, commonast.Tuple):
            names = ["".join(self.parse(name)) for name in node.target_node.element_nodes]
        else:
            raise pscript.JSError("Invalid iterator in for-loop")
        for name in names:
            if name != "_":
                self.vars.add(name)
        index, items = self.dummy("itr"), self.dummy("seq")
        self.vars.discard(index)  # declared by the loop itself
        self.vars.discard(items)
        code = [self.lf(f"for (let {index} = 0, {items} = {sequence}; {index} < {items}.length; {index}++) {{")]
        self._indent += 1
        if len(names) == 1:
            code.append(self.lf(f"{names[0]} = {items}[{index}];"))
        else:  # a record's items by name, read once each; `_` names an item not read
            record = self.dummy("rec")  # a var (a let would need a block)
            code.append(self.lf(f"{record} = {items}[{index}]; " + " ".join(
                f"{name} = {record}[{i}];" for i, name in enumerate(names) if name != "_")))
        for child in node.body_nodes:
            code += self.parse(child)
        self._indent -= 1
        code.append(self.lf("}"))
        return code

    def parse_Assign(self, node):
        target = node.target_nodes[0]
        if len(node.target_nodes) == 1 and isinstance(target, commonast.Tuple) and all(
                isinstance(name, commonast.Name) for name in target.element_nodes):
            return self._unpacked(target, node.value_node)
        code = super().parse_Assign(node)
        target = node.target_nodes[0]
        if self._at_module_level() and len(node.target_nodes) == 1 and isinstance(target, commonast.Name):
            code = self._declared_where_set(code, target.name)
        return code

    def _unpacked(self, target, value):
        """`a, _, c = value`: `record = value; a = record[0]; c = record[2];` (`_` is not read); a
        name's items are read from it."""
        names = [name.name for name in target.element_nodes]
        for name in names:
            if name != "_":
                self.vars.add(name)
        if isinstance(value, commonast.Name) and value.name not in names:
            record, code = value.name, ""
        else:
            record = self.dummy("rec")
            code = f"{record} = {unify(self.parse(value))}; "
        return [self.lf(code + " ".join(
            f"{name} = {record}[{i}];" for i, name in enumerate(names) if name != "_"))]

    def parse_FunctionDef(self, node, lambda_=False, asyn=False):
        rest = node.args_node.name if node.args_node else None
        node.args_node = None  # PScript would copy `arguments` into it: a rest parameter instead
        defaults = {}  # JavaScript's default parameters (PScript would test each for undefined)
        for arg in node.arg_nodes:
            if arg.value_node is not None:
                defaults[arg.name] = unify(self.parse(arg.value_node))
                arg.value_node = None
        named = not lambda_ and self._at_module_level()
        code = super().parse_FunctionDef(node, lambda_, asyn)
        code = list(code) if not isinstance(code, list) else code
        opening = next(i for i, part in enumerate(code) if "function " in part and part.rstrip().endswith("("))
        if code[opening].startswith("("):  # bound to the enclosing `this`: not in this dialect
            code[opening] = code[opening][1:]
            closing = max(i for i, part in enumerate(code) if ").bind(this)" in part)
            code[closing] = code[closing].replace(").bind(this)", "", 1)
        parameters_end = code.index(") {", opening)
        for i in range(opening + 1, parameters_end):
            if code[i] in defaults:
                code[i] = f"{code[i]} = {defaults[code[i]]}"
        if self._is_arrow(node, lambda_):
            code[opening] = "("
            code[parameters_end] = ") => {"
        if rest:
            code.insert(parameters_end, ("...%s" if parameters_end == opening + 1 else ", ...%s") % rest)
        if not lambda_ and not (node.body_nodes and isinstance(node.body_nodes[-1], commonast.Return)):
            implicit = max(i for i, part in enumerate(code) if part.strip() == "return null;")
            del code[implicit]  # PScript's own `return null`: without a return a function returns undefined
        if named:
            code = self._declared_where_set(code, node.name)
        return code

    def parse_Try(self, node):
        """`except Exception as error:` alone catches into `error` itself: in Python too the name is
        the handler's alone."""
        handlers = node.handler_nodes
        handler = handlers[0] if len(handlers) == 1 else None
        if not (handler and handler.name and not node.else_nodes and (handler.type_node is None or (
                isinstance(handler.type_node, commonast.Name) and handler.type_node.name == "Exception"))):
            return super().parse_Try(node)
        code = [self.lf("try {")]
        for part, nodes in (("", node.body_nodes), (f" catch ({handler.name}) {{", handler.body_nodes),
                            (" finally {", node.finally_nodes)):
            if part and not nodes:
                continue
            code.append(part)
            self._indent += 1
            for child in nodes:
                code += self.parse(child)
            self._indent -= 1
            code.append(self.lf("}"))
        return code

    def _is_arrow(self, node, lambda_):
        """Whether a function is written as an arrow function: a lambda, unless it takes `this` or
        reads `arguments`. A def stays a function (with every def an arrow function, stage 1 started
        about 1.5 ms slower in Chromium, 7 runs of tests/benchmarks/stage1_startup.py)."""
        return lambda_ and not ((node.arg_nodes and node.arg_nodes[0].name == "this") or _reads_arguments(node))

    def parse_Return(self, node):
        if node.value_node is None:  # a bare `return` returns undefined; `return None` returns null
            return self.lf("return;")
        return super().parse_Return(node)

    def get_declarations(self, ns):
        if ns is self._stack[0][2]:  # the module's: names declared where first set are not declared again
            ns = {name: value for name, value in ns.items() if name not in self._declared_here}
        return super().get_declarations(ns)

    def _at_module_level(self):
        return len(self._stack) == 1

    def _declared_where_set(self, code, name):
        """`code` (it sets module name `name`) as the declaration of `name`, the first time it is set."""
        if name in self._declared_here or self.vars.get(name) != 1:
            return code
        self._declared_here.add(name)
        first = next(i for i, part in enumerate(code) if part.strip())
        code[first] = code[first].replace(name, "var " + name, 1)
        return code


def _reads_arguments(function):
    """Whether `function` (a commonast node) reads `arguments` itself (not in a function it defines),
    as a name or in RawJS."""
    stack = [function.body_node] if isinstance(function, commonast.Lambda) else list(function.body_nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, (commonast.FunctionDef, commonast.Lambda)):
            continue
        if isinstance(node, commonast.Name) and node.name == "arguments":
            return True
        if isinstance(node, commonast.Str) and re.search(r"\barguments\b", node.value):
            return True
        for field in node.__slots__:
            value = getattr(node, field)
            if isinstance(value, commonast.Node):
                stack.append(value)
            elif isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, commonast.Node))
    return False


def baked(settings: dict) -> str:
    """PScript source setting each of ``settings``: values JSON writes as JavaScript literals, written
    in as they are (RawJS: PScript would need a helper for dict keys such as "opt-in", and JSON.parse
    would run when the page may have replaced it)."""
    return "".join(f"{name} = RawJS({json.dumps(json.dumps(value))})\n" for name, value in settings.items())


def compile_pscript(parts: list[tuple[str, str]], prologue: str = "") -> str:
    """Stage 1's dialect (``parts``: [(file name, source)], one scope, in order) to minified
    standalone JavaScript; ``prologue``: JavaScript that runs first."""
    source = "".join(text for _, text in parts)
    for name, text in parts:  # CPython's syntax check names the file and line; PScript's would not
        try:
            compile(text, name, "exec")
        except SyntaxError as error:
            raise BuildError(f"{name}:{error.lineno}: {error.msg}") from None
    check_this(source)
    try:
        js = Dialect(source, inline_stdlib=False).dump()
    except Exception as error:
        raise BuildError(f"PScript: {error}") from None
    runtime = (STAGE1_DIR / "runtime.js").read_text()
    needed = set(re.findall(r"\b_py(?:func|meth)_\w+", js))
    missing = sorted(needed - set(re.findall(r"var (_py\w+) =", runtime)))
    if missing:
        raise BuildError(f"PScript needs helpers that heldback/loader/stage1/runtime.js lacks: {', '.join(missing)}")
    runtime = "".join(line for line in runtime.splitlines(keepends=True)  # only the helpers this file calls
                      if not line.startswith("var _py") or line.split(" ")[1] in needed)
    return minify(f"(function(){{\n{prologue}{runtime}{js}\n}})();\n", passes=3)


def check_this(source: str) -> None:
    """Stage 1 uses `this` only as a function's own: its first parameter (Dialect does not bind it)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.Lambda)) and not (node.args.args and node.args.args[0].arg == "this"):
            if any(isinstance(n, ast.Name) and n.id == "this" for n in own_nodes(node)):
                raise BuildError(f"stage 1: line {node.lineno} uses `this` without taking it as first parameter")


def own_nodes(node):
    """What ``node`` contains, without the functions defined in it."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, (ast.FunctionDef, ast.Lambda)):
            yield child
            yield from own_nodes(child)
