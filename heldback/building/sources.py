"""The Python sources of a file the build compiles for the browser (stage 1, the first layer, the
service worker): each imports what it uses, as any Python module does; the build reads those imports
to put the sources in order (each after what it imports, the entry last) and drops them, since the
compiled file is one scope. A name a source uses as it loads (outside its functions) must come from a
source before it: the build says which, where it does not."""

import ast
from pathlib import Path

from heldback.building.files import ROOT, BuildError


def in_order(entry: Path, available: list[Path]) -> list[Path]:
    """``entry`` and the ``available`` sources it imports, directly or not, each after the sources it
    imports (a cycle, through functions only, is broken where it closes), ``entry`` last."""
    ordered, visiting = [], set()
    allowed = {path.resolve() for path in available} | {entry.resolve()}

    def visit(path):
        if path in ordered or path in visiting:
            return
        visiting.add(path)
        for imported in imports_of(path):
            if imported in allowed:
                visit(imported)
        ordered.append(path)

    visit(entry.resolve())
    check_load_order(ordered)
    return ordered


def imports_of(path: Path) -> list[Path]:
    """The files of this package ``path`` imports from, relatively (``from .natives import x``)."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.ImportFrom) and node.level:
            folder = path.resolve().parent
            for _ in range(node.level - 1):
                folder = folder.parent
            found.append(folder.joinpath(*(node.module or "").split(".")).with_suffix(".py"))
    return found


def without_imports(path: Path) -> str:
    """The source of ``path`` with its import statements blank (its line numbers as they were)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for node in ast.parse(text, str(path)).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            lines[node.lineno - 1:node.end_lineno] = ["\n"] * (node.end_lineno - node.lineno + 1)
    return "".join(lines)


def parts(paths: list[Path]) -> list[tuple[str, str]]:
    """[(the file's name in the checkout, its source without imports)] for compile_pscript."""
    return [(shown(path), without_imports(path)) for path in paths]


def shown(path: Path) -> str:
    """``path`` as errors name it: in the checkout, from its root."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check_load_order(ordered: list[Path]) -> None:
    """Each name a source reads as it loads, from another of ``ordered``, is defined by an earlier one."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in ordered}
    defined_by = {}
    for path in ordered:
        for name in defines(trees[path]):
            defined_by.setdefault(name, path)
    for path in ordered:
        for name in sorted(read_as_it_loads(trees[path])):
            source = defined_by.get(name)
            if source and ordered.index(source) > ordered.index(path):
                raise BuildError(f"{shown(path)} reads {name} as it loads, before {shown(source)} defines it")


def declared(path: Path) -> set[str]:
    """The names ``path`` defines (a file of declarations the build fills: baked.py)."""
    return defines(ast.parse(path.read_text(encoding="utf-8"), str(path)))


def defines(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def read_as_it_loads(tree: ast.Module) -> set[str]:
    """The names a module reads outside its functions (and the lambdas it defines)."""
    names = set()

    def walk(node):
        if isinstance(node, (ast.FunctionDef, ast.Lambda, ast.Import, ast.ImportFrom)):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            names.add(node.id)
        for child in ast.iter_child_nodes(node):
            walk(child)

    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                walk(decorator)
        else:
            walk(node)
    return names
