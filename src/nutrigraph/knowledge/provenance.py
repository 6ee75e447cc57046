"""Who states what: statements, their sections and sources, evidence levels and disputes.

nutrigraph's provenance has one shape (README, "Provenance"): a triple is described
by ``ng:Statement`` nodes (``rdf:subject``, ``rdf:predicate``, ``rdf:object``), each
``prov:wasDerivedFrom`` source sections that are ``dcterms:isPartOf`` a source, with
an ``ng:evidenceLevel``, a claim (``rdfs:comment``) and sometimes ``ng:negated``,
``ng:bodySystem``; another statement may ``ng:disputes`` it. A node that describes
itself (an SR28 measurement, an intake value) carries its own section and level; and
a named graph says which source it is derived from. :class:`Provenance` reads that
shape, for every room that needs it, by index lookups that cost what the question
needs, not what the store holds.

Examples
--------
>>> from nutrigraph import load
>>> from nutrigraph.vocab import ng
>>> provenance = Provenance(load())
>>> [(s.level_label, s.sources[0].label) for s in provenance.statements_of(
...     "https://w3id.org/nutrigraph/kb/magnesium", ng.cofactorOf,
...     "https://w3id.org/nutrigraph/kb/methionine-synthase")]
[('article claim', 'article on magnesium and vitamin B12')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..prefixes import PREFIXES
from ..queries import internal_query
from ..vocab import ng
from .evidence import evidence_scale
from .schema import relations_query

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from .evidence import EvidenceScale

__all__ = ["Named", "Provenance", "Section", "StatementRecord"]

_RDF, _RDFS, _PROV = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["prov"]
_SKOS = PREFIXES["skos"]
Triple = tuple[str, str, str]
# read once: each is looked up for every one of thousands of statements
_SPO = tuple(_RDF + t for t in ("subject", "predicate", "object"))
_LEVEL, _BODY_SYSTEM, _NEGATED = ng.evidenceLevel, ng.bodySystem, ng.negated
_COMMENT, _DERIVED, _PREF_LABEL = _RDFS + "comment", _PROV + "wasDerivedFrom", _SKOS + "prefLabel"


@dataclass(frozen=True)
class Named:
    """A thing cited: its IRI and label (``None`` when the graph gives none)."""

    iri: str
    label: str | None


@dataclass(frozen=True)
class Section:
    """A source section: its label and comment, and the source it is part of."""

    iri: str
    label: str | None
    comment: str | None
    source: Named | None


@dataclass(frozen=True)
class StatementRecord:
    """One ``ng:Statement``, or a node that states its own values, as read.

    ``statement`` is ``None`` for a self-describing node; ``level`` is the IRI of
    its evidence level (``None`` if it gives none), with its label and rank.
    """

    statement: str | None
    subject: str | None
    predicate: str | None
    object: str | None
    level: str | None
    level_label: str | None
    rank: int | None
    claim: str | None
    negated: bool
    sections: tuple[Section, ...]
    body_systems: tuple[str, ...]

    @property
    def sources(self) -> tuple[Named, ...]:
        """The sources of its sections, each once, in the order of the sections."""
        return tuple(dict.fromkeys(s.source for s in self.sections if s.source is not None))


class Provenance:
    """The provenance of a graph's triples, read on demand (see the module)."""

    def __init__(self, kg: KnowledgeGraph):
        self.kg = kg
        self.store = kg.store
        self.scale: EvidenceScale = evidence_scale(kg)

    # -- what sources and sections are ------------------------------------------------

    @cached_property
    def sections(self) -> dict[str, Section]:
        """Every source section by IRI."""
        found: dict[str, Section] = {}
        for row in self.kg.query(internal_query("source-sections").text,
                                 where="source sections").rows():
            if row["section"] not in found:
                found[row["section"]] = Section(
                    row["section"], row["label"], row["comment"],
                    Named(row["source"], row["sourceLabel"]))
        return found

    @cached_property
    def graph_sources(self) -> dict[str, str]:
        """Each named graph's source, by label, where the graph names one."""
        rows = self.kg.query(internal_query("graph-sources").text, where="graph sources")
        return {row["g"]: row["label"] for row in rows.rows()}

    def section(self, iri: str | None) -> Section | None:
        """The section of that IRI (a bare one, without source, if the graph does not
        say what it is part of)."""
        if iri is None:
            return None
        return self.sections.get(iri) or Section(iri, None, None, None)

    # -- statements -------------------------------------------------------------------

    def statements_of(self, subject: str, predicate: str | None = None,
                      obj: str | None = None) -> list[StatementRecord]:
        """The statements about triples of this subject (and predicate, and object),
        found through the subject: as many lookups as there are such statements."""
        found = []
        for q in self.store.quads(None, _RDF + "subject", subject):
            record = self._record(q.subject)
            if (record is not None and (predicate is None or record.predicate == predicate)
                    and (obj is None or record.object == obj)):
                found.append(record)
        return sorted(found, key=lambda r: r.statement or "")

    def statements_about(self, relations: Iterable[str], triples: set[Triple]
                         ) -> dict[Triple, list[StatementRecord]]:
        """The statements about each of many triples of the given relations, read by one
        query over the statements of those relations (a projection asks about every
        relation of the graph); their ``body_systems`` are left empty."""
        said: dict[str, dict[str, set[str]]] = defaultdict(dict)
        answer = self.store.query(relations_query("projection-statements", relations),
                                  where="statements of the projection")
        for statement, prop, value in answer.rows:
            said[statement.value].setdefault(prop.value, set()).add(value.value)
        found: dict[Triple, list[StatementRecord]] = defaultdict(list)
        for statement in sorted(said):
            # (body systems are a symptom statement's: a projection does not show them)
            record = self._read_record(statement, said[statement], only=triples,
                                       body_systems=False)
            if record is not None:
                found[record.subject, record.predicate, record.object].append(record)
        return found

    def self_described(self, relations: Iterable[str], subjects: set[str]
                       ) -> dict[str, StatementRecord]:
        """The nodes among ``subjects`` (of triples of ``relations``) that carry their own
        evidence level and section (an SR28 portion, an intake value), each with the
        record of its own values.

        Nodes with the same level and section share one record (a full SR28 import has
        700,000 measurements in a few tables), whose ``statement``, ``subject``,
        ``predicate`` and ``object`` are ``None``.
        """
        if not subjects:
            return {}
        found: dict[str, StatementRecord] = {}
        shared: dict[tuple[str, str], StatementRecord] = {}
        answer = self.store.query(relations_query("projection-self-described", relations),
                                  where="self-described nodes of the projection")
        # (one level and one section each, in the data nutrigraph knows: the first wins)
        for subject, level_iri, section in sorted(
                (s.value, level.value, section.value) for s, level, section in answer.rows
                if level is not None):
            if subject not in subjects or subject in found:
                continue
            record = shared.get((level_iri, section))
            if record is None:
                level = self.scale.known(level_iri)
                record = shared[level_iri, section] = StatementRecord(
                    None, None, None, None, level_iri, level and level.label,
                    level and level.rank, None, False, (self.section(section),), ())
            found[subject] = record
        return found

    def disputed_by(self, statement: str) -> tuple[str, ...]:
        """Labels of the sources of the statements that dispute this one, sorted."""
        return tuple(sorted(self._disputes.get(statement, ())))

    @cached_property
    def _disputes(self) -> dict[str, set[str]]:
        disputes: dict[str, set[str]] = defaultdict(set)
        pairs = [(q.object, q.subject) for q in self.store.quads(None, ng.disputes)]
        pairs += [(q.subject, q.object) for q in self.store.quads(None, ng.disputedBy)]
        for claim, counter in pairs:
            for section in self.store.values(counter, _PROV + "wasDerivedFrom"):
                source = self.section(section).source
                if source is not None and source.label:
                    disputes[claim.value].add(source.label)
        return disputes

    def _record(self, statement, *, body_systems: bool = True) -> StatementRecord | None:
        """A statement as read; None if it does not describe exactly one triple."""
        # everything said of the statement, in one index lookup, by property
        said: dict[str, set[str]] = {}
        for q in self.store.quads(statement):
            said.setdefault(q.predicate.value, set()).add(q.object.value)
        return self._read_record(statement.value, said, body_systems=body_systems)

    def _read_record(self, statement: str, said: dict[str, set[str]], *,
                     only: set[Triple] | None = None,
                     body_systems: bool = True) -> StatementRecord | None:
        """A statement from what is said of it (property IRI → values); None if it does
        not describe exactly one triple, or one of ``only``."""
        spo = [sorted(said.get(t, ())) for t in _SPO]
        if not all(len(v) == 1 for v in spo) or (
                only is not None and (spo[0][0], spo[1][0], spo[2][0]) not in only):
            return None
        levels = sorted(said.get(_LEVEL, ()))
        level = self.scale.known(levels[0]) if levels else None
        claims = sorted(said.get(_COMMENT, ()))
        systems = [label for system in sorted(said.get(_BODY_SYSTEM, ()))
                   for label in self.store.values(system, _PREF_LABEL)] if body_systems else []
        return StatementRecord(
            statement, spo[0][0],
            spo[1][0], spo[2][0], levels[0] if levels else None,
            level.label if level else None, level.rank if level else None,
            claims[0] if claims else None, said.get(_NEGATED) == {"true"},
            tuple(self.section(s) for s in sorted(said.get(_DERIVED, ()))),
            tuple(sorted(set(systems))))

