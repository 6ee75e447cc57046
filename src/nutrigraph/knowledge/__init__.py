"""Reading nutrigraph's model once: evidence levels, provenance, and the schema.

Each is read from the graph itself (so that what is loaded is what counts) and kept
for the graph's state (:meth:`~nutrigraph.KnowledgeGraph.derived`).
"""

from typing import TYPE_CHECKING

from ..lazy import lazy_names

if TYPE_CHECKING:  # what __getattr__ below gives, for readers and type checkers
    from .evidence import EvidenceGroup, EvidenceLevel, EvidenceScale, evidence_scale
    from .provenance import Named, Provenance, Section, StatementRecord
    from .schema import THING, Relation, Schema, read_schema

# each reading is imported when first used: a command reads only what it needs
__getattr__ = lazy_names(__name__, {name: module for module, names in (
    (".evidence", ("EvidenceGroup", "EvidenceLevel", "EvidenceScale", "evidence_scale")),
    (".provenance", ("Named", "Provenance", "Section", "StatementRecord")),
    (".schema", ("THING", "Relation", "Schema", "read_schema")),
) for name in names})


__all__ = [
    "THING",
    "EvidenceGroup",
    "EvidenceLevel",
    "EvidenceScale",
    "Named",
    "Provenance",
    "Relation",
    "Schema",
    "Section",
    "StatementRecord",
    "evidence_scale",
    "read_schema",
]
