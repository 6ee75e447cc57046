"""Reading nutrigraph's model once: evidence levels, provenance, and the schema.

Each is read from the graph itself (so that what is loaded is what counts) and kept
for the graph's state (:meth:`~nutrigraph.KnowledgeGraph.derived`).
"""

from .evidence import EvidenceGroup, EvidenceLevel, EvidenceScale, evidence_scale
from .provenance import Named, Provenance, Section, StatementRecord
from .schema import THING, Relation, Schema, read_schema

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
