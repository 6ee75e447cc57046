"""The house: one room per concern, and data flowing one way through them (README, "Layout").

These tests read the source, not the behaviour: which module imports which (imports
inside functions included, ``if TYPE_CHECKING:`` imports aside), where pyoxigraph and
SPARQL text may appear, and how long a module may grow.
"""

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "nutrigraph"

# Each room and the rooms it may import from: a room sits above everything it uses.
# store is the bottom (it alone touches Oxigraph); render reads the results it is given
# and imports only the base, so that every room may call it to show what it made.
LAYERS = [
    ("base", {"errors", "advice", "prefixes", "vocab", "bundled", "queries", "lazy"}),
    ("store", {"store"}),
    ("render", {"render"}),
    ("graph", {"graph", "resolve", "results"}),
    ("knowledge", {"knowledge", "inference", "validate"}),
    ("importers", {"importers"}),
    ("analysis", {"analysis"}),
    ("plot", {"plot"}),
    ("questions", {"questions"}),
    ("front door", {"loading", "__init__"}),
    ("web", {"server"}),
    ("command line", {"cli", "__main__"}),
]
RANK = {room: rank for rank, (_, rooms) in enumerate(LAYERS) for room in rooms}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``nutrigraph.analysis.paths``)."""
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The nutrigraph modules a module imports, anywhere in it but under TYPE_CHECKING."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking(node):
            return
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else (
                node.module or "")
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in known else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {m for m in found if m in known and m != name}


@pytest.fixture(scope="module")
def import_graph() -> nx.DiGraph:
    found = modules()
    graph = nx.DiGraph()
    for name, path in found.items():
        graph.add_node(name)
        graph.add_edges_from((name, other) for other in imports(name, path, set(found)))
    return graph


def room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_module_imports_itself_back(import_graph):
    assert list(nx.simple_cycles(import_graph)) == []


def test_data_flows_one_way_through_the_rooms(import_graph):
    unknown = {room(m) for m in import_graph} - set(RANK)
    assert unknown == set(), "a new room: give it its place in LAYERS and in the README"
    upward = [(a, b) for a, b in import_graph.edges if RANK[room(a)] < RANK[room(b)]]
    assert upward == []


def test_only_the_store_touches_oxigraph():
    stray = [str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
             if "store" not in path.relative_to(SRC).parts
             and re.search(r"^\s*(import pyoxigraph|from pyoxigraph)", path.read_text(),
                           re.M)]
    assert stray == []


# a SPARQL query or update: a form keyword, and a group pattern or a graph operation
_SPARQL = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b.*\{|\b(INSERT|DELETE) DATA\b|"
                     r"\bDROP (SILENT )?GRAPH\b", re.S)


def test_sparql_text_lives_in_the_queries_folder():
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # docstrings show queries to their readers (examples, --help): they are not run
        documentation = {id(ast.get_docstring(node, clean=False) and node.body[0].value)
                         for node in ast.walk(tree) if isinstance(
                             node, ast.Module | ast.ClassDef | ast.FunctionDef)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and _SPARQL.search(node.value) and id(node) not in documentation):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert found == [], "put the query in src/nutrigraph/queries/internal/"


def test_every_internal_query_is_used_and_described():
    folder = SRC / "queries" / "internal"
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))
    for query in folder.iterdir():
        assert f'"{query.stem}"' in source, f"{query.name} is never run"
        first = query.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 30, query.name


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_a_module_does_one_job(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 520, f"{lines} lines: a room doing several jobs?"
