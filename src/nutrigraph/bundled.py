"""Where the knowledge that ships with nutrigraph lives inside the package.

``ontology/`` at the top of the repository is the source of truth; the package
reaches it through ``nutrigraph/ontology`` (a link in the source tree, a real
folder in the wheel).
"""

from pathlib import Path

__all__ = ["ONTOLOGY_DIR", "SCHEMA_GRAPH", "bundled_files", "bundled_graphs"]

ONTOLOGY_DIR = Path(__file__).resolve().parent / "ontology"

SCHEMA_GRAPH = "https://w3id.org/nutrigraph/vocab"
"""The schema is loaded into a named graph called by the ontology's own IRI."""


def bundled_files() -> list[Path]:
    """The schema first, then every knowledge file, in a stable order.

    Examples
    --------
    >>> [p.name for p in bundled_files()][:1]
    ['nutrigraph.ttl']
    """
    knowledge = sorted((ONTOLOGY_DIR / "knowledge").glob("*.trig"))
    return [ONTOLOGY_DIR / "nutrigraph.ttl", *knowledge]


def bundled_graphs() -> dict[Path, str | None]:
    """Each bundled file with the graph its triples go into: the schema, a plain Turtle
    file, into :data:`SCHEMA_GRAPH`; the knowledge files name their own (``None``)."""
    return {path: SCHEMA_GRAPH if path.suffix == ".ttl" else None for path in bundled_files()}
