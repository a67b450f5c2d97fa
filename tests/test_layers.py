"""The layers of ncm-docs: imports run downward only, and nothing imports in a circle.

Each module of the package is on one layer (the README's architecture table is this table).
A module may import modules of its own layer or below, never above; imports inside
functions count too (a function-level import is still an arrow). Imports under
``if TYPE_CHECKING:`` run only in type checkers and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import ROOT

PACKAGE = ROOT / "ncm_docs"

#: (module or package prefix, layer). The longest matching prefix wins.
LAYERS = {
    # 0: pure data and engines: no pydantic, no Jinja, no YAML
    "ncm_docs": 0, "ncm_docs.errors": 0, "ncm_docs.exposed": 0, "ncm_docs.suggest": 0, "ncm_docs.markup": 0,
    "ncm_docs.document": 0, "ncm_docs.files": 0, "ncm_docs.manifest": 0, "ncm_docs.diff": 0, "ncm_docs._resources": 0,
    "ncm_docs.text": 0, "ncm_docs.pdf": 0, "ncm_docs.formats": 0, "ncm_docs.clause_cache": 0,
    # 1: the schema
    "ncm_docs.model": 1,
    # 2: reading partnership files; what a clause body sees
    "ncm_docs.load": 2, "ncm_docs.explain": 2, "ncm_docs.context": 2, "ncm_docs.variation": 2, "ncm_docs.history": 2,
    # 3: the clause library
    "ncm_docs.library": 3,
    # 4: drafting (kinds, assembly, terms) and Word I/O
    "ncm_docs.kinds": 4, "ncm_docs.assemble": 4, "ncm_docs.terms": 4, "ncm_docs.vocabulary": 4, "ncm_docs.docx": 4,
    "ncm_docs.overrides": 4,
    # 5: checks
    "ncm_docs.checks": 5,
    # 6: use cases
    "ncm_docs.pack": 6, "ncm_docs.compare": 6, "ncm_docs.vary": 6, "ncm_docs.batch": 6, "ncm_docs.impact": 6,
    "ncm_docs.absorb": 6, "ncm_docs.web": 6, "ncm_docs.starter": 6,
    # 7: the command line
    "ncm_docs.cli": 7, "ncm_docs.commands": 7, "ncm_docs.__main__": 7,
}

#: Packages that must import nothing above layer 0, whatever their own layer.
ENGINES = ("ncm_docs.docx", "ncm_docs.diff")


def layer_of(module: str) -> int:
    """The layer of a module (the longest prefix in ``LAYERS``)."""
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len, default=None)
    if best is None:
        raise AssertionError(f"{module} is on no layer: add it to LAYERS in tests/test_layers.py and to the README")
    return LAYERS[best]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    names = [f"{target}.{a.name}" for a in node.names]
    return [target, *names]


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING":
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def import_graph() -> dict[str, set[str]]:
    """Module -> the ncm_docs modules it imports (modules only, not names inside them)."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p): p for p in paths}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        targets: set[str] = set()
        for node in ast.walk(tree):
            if getattr(node, "lineno", 0) in skip:
                continue
            if isinstance(node, ast.Import):
                candidates = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                candidates = _resolve(module, path.name == "__init__.py", node)
            else:
                continue
            for name in candidates:
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name.startswith("ncm_docs") and name != module:
                    targets.add(name)
        graph[module] = targets
    return graph


GRAPH = import_graph()


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_downward(module):
    up = sorted(t for t in GRAPH[module] if layer_of(t) > layer_of(module) and t != "ncm_docs")
    assert not up, f"{module} (layer {layer_of(module)}) imports upward: " + ", ".join(f"{t} (layer {layer_of(t)})" for t in up)


def test_engines_import_only_layer_zero():
    for module, targets in GRAPH.items():
        if module.startswith(ENGINES):
            high = sorted(t for t in targets if layer_of(t) > 0 and not t.startswith(module.rsplit(".", 1)[0]))
            assert not high, f"{module} is an engine but imports {', '.join(high)}"


def test_no_import_circles():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w == "ncm_docs":
                continue  # the package's lazy public API
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
                circles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in index:
            visit(module)
    assert not circles, "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def test_every_module_is_on_a_layer():
    for module in GRAPH:
        layer_of(module)


_HEAVY = ("pydantic", "jinja2", "yaml", "docxtpl")


def _modules_loaded_by(args: list[str]) -> set[str]:
    """The heavy packages a whole ``ncm-docs`` run imports (a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from ncm_docs.cli import main\n"
        f"CliRunner().invoke(main, {args!r})\n"
        f"print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({_HEAVY!r}))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_a_docx_diff_loads_no_schema_jinja_or_yaml(tmp_path, library, seed):
    from ncm_docs.pack import draft_pack

    drafted = draft_pack(seed, library, input_name="n.yaml", input_sha256="0" * 64, only={"alliance-agreement"})
    (tmp_path / "a.docx").write_bytes(drafted.files["alliance-agreement.docx"])
    (tmp_path / "b.docx").write_bytes(drafted.files["alliance-agreement.docx"])
    loaded = _modules_loaded_by(["diff", str(tmp_path / "a.docx"), str(tmp_path / "b.docx"), "--redline", str(tmp_path / "r.docx")])
    assert loaded == set(), loaded
    assert (tmp_path / "r.docx").exists()


def test_checking_a_pack_loads_no_jinja_or_yaml(tmp_path, library):
    from ncm_docs.pack import build_pack

    build_pack(ROOT / "samples" / "northshire.yaml", tmp_path / "pack", library=library)
    loaded = _modules_loaded_by(["check", str(tmp_path / "pack")])
    assert not loaded & {"jinja2", "yaml", "docxtpl"}, loaded
