"""Stage 2 (consent-app.js): the entry and every module of heldback it imports, precompiled with
Brython's compiler, without docstrings and without the functions no shipped module calls, each a
minified JavaScript function, after the trimmed Brython runtime (brython_runtime.py)."""

import ast
import json
import re
from pathlib import Path

import brython
from heldback.building.files import PACKAGE, ROOT, SOURCES, BuildError
from heldback.building.prologue import connect_to_stage1
from heldback.building.brython_runtime import trimmed_runtime
from heldback.building.toolchain import compile_python, minify
from heldback.core.config import Config

BAKED_MODULE = "cmp_baked"  # stage 2's view of the config, generated here
ENTRY = "from heldback.web import main\nmain.start(handover)\n"  # handover: set by build_app's glue
BRYTHON_BUILTINS = ("browser", "javascript")  # modules inside the Brython runtime itself


def compile_app(config: Config) -> dict[str, dict]:
    """Precompile stage 2: the entry and every module it imports, transitively (nothing else ships).

    Returns {module name: {"js", "imports", "package"}}; "cmp_start" is the entry.
    """
    data = json.dumps(config.data, separators=(",", ":"), sort_keys=True)  # a string: smaller than a compiled literal
    baked = f'"""The site config, resolved at build time."""\nfrom javascript import JSON\n\nCONFIG = JSON.parse({data!r})\n'
    sources = {"cmp_start": (ENTRY, False), BAKED_MODULE: (baked, False)}
    wanted = ["cmp_start"]
    while wanted:
        name = wanted.pop()
        if name in BRYTHON_BUILTINS or name.split(".")[0] in BRYTHON_BUILTINS:
            continue
        if name not in sources:
            sources[name] = package_source(name)
        wanted.extend(n for n in imported_modules(name, sources[name][0]) if n not in sources)
    # docstrings first: a function a docstring mentions is still unused
    shaken = without_unused_functions({name: without_docstrings(source) for name, (source, _) in sources.items()})
    modules = []
    for name, (_, is_package) in sorted(sources.items()):
        filename = "VFS." + name + ("/__init__.py" if is_package else ".py")
        modules.append([name, filename, shaken[name]])
    compiled = compile_python(modules)
    for name, (_, is_package) in sources.items():
        compiled[name]["package"] = is_package
        if name != "cmp_start":  # the entry is minified with the glue around it
            compiled[name]["js"] = minify_module(name, compiled[name]["js"])
    return compiled


def without_unused_functions(sources: dict[str, str]) -> dict[str, str]:
    """Drop the top-level functions no shipped module mentions (e.g. consent_record.decode, used by
    tests and server tools only), blanking their lines so tracebacks keep their line numbers.
    Repeated until nothing more goes: a helper of a dropped function may go next."""
    while True:
        dropped = False
        for name, source in sources.items():
            lines = source.splitlines(keepends=True)
            for node in ast.parse(source).body:
                if not isinstance(node, ast.FunctionDef):
                    continue
                mention = re.compile(rf"\b{node.name}\b")
                if sum(len(mention.findall(text)) for text in sources.values()) > 1:
                    continue  # its own def is one mention
                first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                lines[first - 1:node.end_lineno] = ["\n"] * (node.end_lineno - first + 1)
                sources = {**sources, name: "".join(lines)}
                dropped = True
                break
            if dropped:
                break
        if not dropped:
            return sources


def without_docstrings(source: str) -> str:
    """``source`` with each docstring replaced by an empty string spanning the same lines: the
    browser does not need them, and tracebacks keep their line numbers."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line, column):  # ast columns count UTF-8 bytes
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode())

    docstrings = []
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.append(first.value)
    for node in sorted(docstrings, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        start, end = offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)
        source = source[:start] + '(""' + "\n" * (node.end_lineno - node.lineno) + ")" + source[end:]
    return source


def minify_module(name: str, js: str) -> str:
    """A precompiled module's code as a minified JavaScript function that runs it and returns its
    namespace: Brython's importer calls it (RUNTIME_PATCHES), where it would evaluate a string."""
    code = minify(f"var module=function(){{{js}\nreturn locals_{name.replace('.', '_')}}}")
    if not (code.startswith("var module=function(){") and code.endswith("};\n")):
        raise BuildError(f"terser changed the shape of module {name}")
    return code[len("var module="):-2]


def imported_modules(name: str, source: str) -> list[str]:
    """Modules ``source`` imports: each imported name, its parent packages, submodules named by from-imports."""
    filename = f"{name.replace('.', '/')}.py"
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as error:
        raise BuildError(f"{filename}:{error.lineno}: {error.msg}") from None
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names if is_module(f"{node.module}.{alias.name}"))
    with_parents = []
    for module in found:
        parts = module.split(".")
        with_parents.extend(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return with_parents


def is_module(name: str) -> bool:
    return module_file(name) is not None


def module_file(name: str) -> Path | None:
    """The file of module ``name`` of the heldback package (``__init__.py`` for a package), or None."""
    if name.split(".")[0] != PACKAGE.name:
        return None
    path = ROOT.joinpath(*name.split("."))
    return next((f for f in (path / "__init__.py", path.with_suffix(".py")) if f.exists()), None)


def package_source(name: str) -> tuple[str, bool]:
    """Source of module ``name`` of the heldback package, and whether it is a package."""
    file = module_file(name)
    if file is None:
        raise BuildError(f"stage 2 imports {name!r}, which is neither part of heldback nor built into Brython")
    return file.read_text(encoding="utf-8"), file.name == "__init__.py"


def build_app(config: Config) -> str:
    compiled = compile_app(config)
    entry = compiled.pop("cmp_start")["js"]
    vfs, precompiled = {}, []
    for name, module in sorted(compiled.items()):
        vfs[name] = [".py", "", module["imports"]] + ([1] if module["package"] else [])
        precompiled.append(f"{json.dumps(name)}:" + (f"[{module['js']}]" if module["package"] else module["js"]))
    glue = minify(
        "(function($B){\n"
        # stage 1's hand-over (connected first thing in the file: build_app), for stage 2's entry; stage 1's
        # calls into stage 2 and stage 2's listeners run with the browser's globals
        "var guard = function (run) { return function () { return withNatives(run, arguments) } };\n"
        "var handover = stage1 && {attach: function (handler) { return stage1.attach(guard(handler)) }, guard: guard,\n"
        "  decided: stage1.decided, state: stage1.state, granted: stage1.granted, mode: stage1.mode};\n"
        "$B.use_VFS = true;\n"
        f"$B.update_VFS({json.dumps(vfs, sort_keys=True)});\n"
        "Object.assign($B.precompiled, CMP_MODULES);\n"
        "if (!$B.options_parsed) { $B.$options = $B.parse_options({}) }\n"
        "$B.script_path = location.href.split('#')[0];\n"
        "$B.imported.cmp_start = $B.module.$factory('cmp_start');\n"
        "$B.module_setattr($B.imported.cmp_start, 'handover', handover ? $B.jsobj2pyobj(handover) : $B.builtins.None);\n"
        "try {\n"
        f"(function(){{\n{entry}\n}})();\n"
        "} catch (error) {\n"
        "  console.error('cmp: the consent manager failed to start; vendors stay blocked.');\n"
        "  $B.handle_error ? $B.handle_error(error) : console.error(error);\n"
        "}\n"
        "$B.module_setattr($B.imported.cmp_start, 'handover', $B.builtins.None);\n"  # the hand-over stays with stage 2's app
        "})(__BRYTHON__);\n"
    )
    header = f"/* heldback stage 2: the heldback package on Brython {brython.__version__} (BSD-3-Clause, brython.info) */\n"
    if glue.count("CMP_MODULES") != 1:
        raise BuildError("terser changed the stage 2 glue")
    prelude = minify((SOURCES / "stage2_natives.js").read_text())  # defines withNatives
    body = minify(trimmed_runtime()) + "\n" + glue.replace("CMP_MODULES", "{" + ",".join(precompiled) + "}")
    return f"{header}(function(){{\n{connect_to_stage1('stage1')}{prelude}withNatives(function(){{\n{body}}}, []);\n}})();\n"
