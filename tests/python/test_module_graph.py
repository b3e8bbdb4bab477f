"""The modules of `src/` import one another in one direction (issue 11): no cycles.

`scripts/module_graph.py` lists which module uses which; run it to see the graph.
"""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def graph_module():
    spec = importlib.util.spec_from_file_location("module_graph", ROOT / "scripts" / "module_graph.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["module_graph"] = module
    spec.loader.exec_module(module)
    return module


def test_src_has_no_import_cycle():
    g = graph_module()
    edges = g.graph(ROOT / "src")
    assert g.cycles(edges) == []
    # The layers the issue names, one way: the economy knows nothing of scenarios or budgets.
    assert ("scenario",) not in edges[("economy",)]
    assert ("budget",) not in edges[("economy",)]
    assert ("programme",) in edges[("io",)]


def test_a_cycle_is_found(tmp_path):
    # A crate of three modules: a uses b, b uses c through a braced use, c uses a.
    src = tmp_path / "src"
    (src / "c").mkdir(parents=True)
    (src / "lib.rs").write_text("mod a;\nmod b;\nmod c;\n")
    (src / "b.rs").write_text("use crate::{c::Other, a};\n")
    (src / "c" / "mod.rs").write_text("mod inner;\n")
    (src / "c" / "inner.rs").write_text("fn f() { crate::a::g(); }\n")
    # A use inside a test module is not an edge.
    (src / "a.rs").write_text(
        "use crate::b::Thing;\n#[cfg(test)]\nmod tests {\n    use crate::c::inner;\n}\n"
    )
    g = graph_module()
    edges = g.graph(src)
    assert edges[("a",)] == {("b",)}
    assert edges[("b",)] == {("a",), ("c",)}
    assert edges[("c",)] == {("a",)}
    assert g.cycles(edges) == [[("a",), ("b",), ("c",)]]
