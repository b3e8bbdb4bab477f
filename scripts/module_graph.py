"""Which module of `src/` uses which, and the import cycles among them.

    python scripts/module_graph.py            # the graph, one line per module, then cycles
    python scripts/module_graph.py --check    # exit 1 if any cycle (used by the tests)

A module is a file under `src/` (`src/plan/mod.rs` is `plan`, `src/plan/columns.rs` is
`plan::columns`). A use of `crate::a::b::c` from module `x::y` is an edge between the two
siblings under their nearest common parent: `economy` using `plan::columns` is the edge
economy -> plan; `uncertainty::spec` using `uncertainty::distribution` is spec ->
distribution inside `uncertainty`. A module using its own parent or child is not an edge
(a parent is made of its children). Layers must point one way, so a cycle among siblings
is a fault. Test modules (`*_tests.rs`, `#[cfg(test)]` blocks) are left out: they may
use anything.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

PATH = re.compile(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)+)")
# `use crate::{a, b::c}` and `use super::{x, y}`: the names inside the braces.
BRACED = re.compile(r"\b(crate|super)((?:::[A-Za-z_][A-Za-z0-9_]*)*)::\{([^{}]*)\}")
TEST_BLOCK = re.compile(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{")


def module_of(path: Path, src: Path) -> tuple[str, ...]:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib"):
        parts.pop()
    return tuple(parts)


def strip_tests(text: str) -> str:
    """The text without `#[cfg(test)] mod x { ... }` blocks and comments."""
    text = re.sub(r"//[^\n]*", "", text)
    out, i = [], 0
    for match in TEST_BLOCK.finditer(text):
        if match.start() < i:
            continue
        out.append(text[i : match.start()])
        depth, j = 1, match.end()
        while j < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def references(text: str, here: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every module path `text` names, made absolute."""
    # `super` of `a::b` (in a/b.rs) is `a`; of `a` (in a/mod.rs) it is the crate root.
    parent = here[:-1]

    def absolute(root: str, rest: str) -> tuple[str, ...]:
        names = tuple(n for n in rest.split("::") if n)
        base = {"crate": (), "super": parent, "self": here}[root]
        while names and names[0] == "super":
            base, names = base[:-1], names[1:]
        return base + names

    found = set()
    for match in BRACED.finditer(text):
        root, prefix, inner = match.groups()
        for item in inner.split(","):
            item = item.strip().split(" as ")[0].strip()
            if item and item != "self":
                found.add(absolute(root, f"{prefix}::{item}"))
            elif item == "self":
                found.add(absolute(root, prefix))
    for match in PATH.finditer(BRACED.sub("", text)):
        found.add(absolute(*match.groups()))
    return found


def graph(src: Path) -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    files = {module_of(p, src): p for p in sorted(src.rglob("*.rs")) if not p.stem.endswith("_tests")}
    modules = set(files)
    edges: dict[tuple[str, ...], set[tuple[str, ...]]] = {m: set() for m in modules if m}
    for here, path in files.items():
        if not here:
            continue  # lib.rs declares and re-exports everything
        text = strip_tests(path.read_text(encoding="utf-8"))
        for ref in references(text, here):
            # The longest module that is a prefix of the path (the rest are items).
            target = next((ref[:n] for n in range(len(ref), 0, -1) if ref[:n] in modules), None)
            if target is None:
                continue
            common = 0
            while common < min(len(here), len(target)) and here[common] == target[common]:
                common += 1
            if common in (len(here), len(target)):
                continue  # the same module, a parent or a child
            edges[here[: common + 1]].add(target[: common + 1])
    return edges


def cycles(edges: dict[tuple[str, ...], set[tuple[str, ...]]]) -> list[list[tuple[str, ...]]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[tuple[str, ...], int] = {}
    low: dict[tuple[str, ...], int] = {}
    stack: list[tuple[str, ...]] = []
    on_stack: set[tuple[str, ...]] = set()
    found = []

    def visit(v: tuple[str, ...]) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def name(module: tuple[str, ...]) -> str:
    return "::".join(module)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).parent.parent / "src")
    parser.add_argument("--check", action="store_true", help="only report cycles")
    args = parser.parse_args()
    edges = graph(args.src)
    if not args.check:
        for module in sorted(edges):
            uses = ", ".join(name(t) for t in sorted(edges[module])) or "-"
            print(f"{name(module)} -> {uses}")
    found = cycles(edges)
    for component in found:
        print("cycle: " + ", ".join(name(m) for m in component))
    if not found and not args.check:
        print("no cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
