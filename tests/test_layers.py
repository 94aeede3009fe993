"""The package's layers point one way and its imports form no cycle.

Every import is read from the source (function-level ones included), so a
lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mailbot"

#: low to high: a module may import its own layer and the ones before it.
LAYERS = ("core", "adapters", "mail", "intents", "decide", "workflows", "schedule", "commands",
          "actions", "runtime", "web", "cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every mailbot module `path` imports, anywhere in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("mailbot"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("mailbot"):
                continue
            for a in node.names:  # `from mailbot.mail import parse` names a module
                found.add(f"{mod}.{a.name}" if (PACKAGE.parent / (f"{mod}.{a.name}".replace(".", "/") + ".py")).exists()
                          or (PACKAGE.parent / f"{mod}.{a.name}".replace(".", "/")).is_dir() else mod)
    return found - {name}


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_subpackage_is_a_known_layer():
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages - {"templates", "examples"} == set(LAYERS)


def test_no_module_imports_a_higher_layer():
    upward = []
    for mod, deps in graph().items():
        own = layer(mod)
        for dep in deps:
            theirs = layer(dep)
            if own is not None and theirs is not None and theirs > own:
                upward.append(f"{mod} -> {dep}")
    assert not upward, "imports that point up a layer:\n" + "\n".join(sorted(upward))


def test_the_import_graph_has_no_cycle():
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in g:
        if v not in index:
            strongconnect(v)
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_graph_sees_function_level_imports():
    deps = defaultdict(set, graph())
    assert "mailbot.core.config" in deps["mailbot.cli.main"]
