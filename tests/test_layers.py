"""The package's imports point downwards only, and no set of modules imports itself round.

Every import counts: top-level, inside a function, and under TYPE_CHECKING. A new module must
be given a layer here; docs/architecture.md says what each layer is for.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "disclosure_check"

LAYERS: dict[str, int] = {
    # 0 foundation: value types and errors, importing nothing from the package
    "errors": 0, "_version": 0, "limits": 0, "model": 0, "policy": 0, "highlight": 0, "wire": 0,
    "forksafe": 0,
    # 1 text: from a caption to its folded view, tokens, patterns and language
    "normalize": 1, "platforms": 1, "caption": 1, "matching": 1, "probes": 1,
    "language": 1, "ngram_language": 1,
    # 2 pack data: packs as validated data, found through entry points
    "pack": 2, "packs": 2, "discovery": 2, "jurisdictions": 2,
    # 3 evidence: what a caption shows (labels, signals), before any rule reads it
    "vocabulary": 3, "disclosures": 3, "signals": 3, "evidence": 3,
    # 4 decision: rules and what they read; which label a fix inserts
    "judge": 4, "context": 4, "fixes": 4, "labelling": 4, "rules": 4,
    # 5 assembly: packs -> the rules one checker runs
    "registry": 5,
    # 6 engine: one caption, and batches of them
    "checker": 6, "batch": 6,
    # 7 adapters: configuration, inputs, data frames, generated docs, feature packages
    "config": 7, "inputs": 7, "records": 7, "dask": 7, "pandas": 7, "docs": 7, "testing": 7,
    "audits": 7, "server": 7,
    # the package root (the public names: the engine's and the audit's) sits with the adapters;
    # the server and the command line use public names, the audit does not (it is one of them)
    "__init__": 7,
    # 8 presentation: the command line and output formats
    "output": 8, "cli": 8, "__main__": 8,
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer_key(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _targets(path: Path, tree: ast.AST) -> set[str]:
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("disclosure_check"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                root = ".".join(base + ([node.module] if node.module else []))
            else:
                root = node.module or ""
            if not root.startswith("disclosure_check"):
                continue
            for alias in node.names:
                sub = f"{root}.{alias.name}"
                out.add(sub if _exists(sub) else root)
    out.discard(here)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "build" in path.parts:
            continue
        graph[_module_name(path)] = _targets(path, ast.parse(path.read_text("utf-8")))
    return graph


def test_every_module_has_a_layer():
    missing = sorted({_layer_key(m) for m in _graph()} - set(LAYERS))
    assert not missing, f"give these modules a layer in tests/test_layers.py: {missing}"


def test_imports_point_down():
    upward = [
        f"{source} (layer {LAYERS[_layer_key(source)]}) imports {target} "
        f"(layer {LAYERS[_layer_key(target)]})"
        for source, targets in _graph().items()
        for target in sorted(targets)
        if LAYERS.get(_layer_key(target), 0) > LAYERS.get(_layer_key(source), 0)
    ]
    assert not upward, "imports that point up:\n" + "\n".join(upward)


def test_no_import_circles():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    assert not circles, f"import circles: {circles}"
