"""The layers of the project (README: common -> weights -> optvis -> cli -> legacy/modern -> extras -> app ->
reproduce/bench/atlas), read from the source: every import statement of every project module,
those inside functions included, parsed with ast (nothing is imported)."""

import ast
import functools
import os

from helpers import REPO

PACKAGES = ("common", "weights", "optvis", "cli", "legacy", "modern", "extras", "app", "reproduce", "bench",
            "atlas")


def _modules():
    """{dotted module name: path} of every .py file of the project's packages."""
    found = {}
    for package in PACKAGES:
        root = os.path.join(REPO, package)
        for folder, _, files in os.walk(root):
            for name in files:
                if name.endswith(".py"):
                    rel = os.path.relpath(os.path.join(folder, name), REPO)[:-3].split(os.sep)
                    if rel[-1] == "__init__":
                        rel = rel[:-1]
                    found[".".join(rel)] = os.path.join(folder, name)
    return found


def _imports(path, module, modules):
    """The project modules `path` imports, at any depth of its code."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from .x import y
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(p for p in parts + [base] if p)
            # `from pkg import sub` imports the submodule pkg.sub where there is one
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:  # a.b.c -> the deepest project module
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


@functools.lru_cache(maxsize=1)
def _graph():
    """{module: the project modules it imports}, read once per session (every test reads it)."""
    modules = _modules()
    return {m: _imports(p, m, modules) for m, p in modules.items()}


def _reachable(graph, start):
    seen, todo = set(), [start]
    while todo:
        for child in graph.get(todo.pop(), ()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _cycles(graph):
    """The import cycles: groups of two or more nodes that each reach the others (a graph of
    ~100 modules: reachability per node is quick enough)."""
    reach = {node: _reachable(graph, node) for node in graph}
    groups = {tuple(sorted(n for n in reach[node] if node in reach.get(n, ()))) for node in graph}
    return sorted(list(g) for g in groups if len(g) > 1)


def _top(module):
    return module.split(".")[0]


def test_the_scanner_sees_function_level_imports():
    graph = _graph()
    assert "legacy.model" in graph["legacy.visualize"]  # imported inside _build() (Keras)
    assert "app.pipelines" in graph and {"legacy.visualize", "modern.visualize"} <= graph["app.pipelines"]


def test_no_import_cycle_between_modules():
    assert _cycles(_graph()) == []


def test_no_import_cycle_between_packages():
    packages = {}
    for module, imported in _graph().items():
        packages.setdefault(_top(module), set()).update(_top(m) for m in imported if _top(m) != _top(module))
    assert _cycles(packages) == []


def test_common_is_the_ground_floor():
    """common/ imports no other package of the project."""
    above = {m: sorted(i for i in imported if _top(i) != "common")
             for m, imported in _graph().items() if _top(m) == "common"}
    assert {m: i for m, i in above.items() if i} == {}


def test_only_app_pipelines_imports_both_pipelines():
    both = sorted(m for m, imported in _graph().items()
                  if {"legacy", "modern"} <= {_top(i) for i in imported})
    assert both == ["app.pipelines"]
