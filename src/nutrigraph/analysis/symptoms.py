"""The deficiency conditions of a graph with their nutrients and sourced symptoms, and the
results of the symptom questions (:mod:`nutrigraph.analysis.differentials`), as data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import NotANutrient
from ..knowledge import Provenance
from ..prefixes import PREFIXES
from ..queries import internal_query
from ..resolve import Entity
from ..store import iri as iri_term
from ..store import sparql
from ..vocab import ng

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["Annotation", "Candidate", "Differential", "Evidence", "InheritedCandidate",
           "InheritedTable", "OverlapSymptom", "SymptomMatch", "SymptomOverlap", "SymptomTable"]


class _Shown:
    """Text, JSON and the Jupyter views of a result come from :mod:`nutrigraph.render`."""

    def text(self) -> str:
        """A report for a terminal, ending with the notice that nutrigraph does not diagnose."""
        from ..render import text

        return text(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (see :func:`nutrigraph.render.document`)."""
        from ..render import document

        return document(self)

    def _repr_html_(self) -> str:
        from ..render import html

        return html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the report, not the dataclass's repr
        printer.text(self.text())


@dataclass(frozen=True)
class Evidence:
    """One ``ng:Statement`` saying that a deficiency has a symptom.

    ``level`` is the IRI of its evidence level (``None`` if it gives none) and
    ``rank`` that level's ``ng:rank`` (1 is the strongest). ``sections`` are the
    source sections it cites and ``sources`` the sources they are part of.
    """

    statement: str
    level: str | None
    level_label: str
    rank: int | None
    comment: str
    sections: tuple[Entity, ...]
    sources: tuple[Entity, ...]
    body_systems: tuple[str, ...]


@dataclass(frozen=True)
class Annotation(Evidence):
    """One ``ng:Statement`` that an inherited disorder has a phenotype (an HPO annotation).

    Besides what :class:`Evidence` holds: ``code`` is the source's own evidence code
    (HPO: ``"PCS"``, ``"TAS"``, ``"IEA"``), ``frequency`` how often the phenotype was
    seen (``"2/5"``, ``"40%"``, or the label of an HPO frequency term such as "Very
    frequent"), ``onset`` the label of the onset term, and ``negated`` whether the
    statement says that the disorder does *not* have it (HPO's NOT annotations; such
    a statement never counts as evidence that it does).
    """

    code: str | None = None
    frequency: str | None = None
    onset: str | None = None
    negated: bool = False


@dataclass(frozen=True)
class SymptomMatch:
    """A symptom asked about that a deficiency explains, and what it adds to the score.

    ``how`` is ``"same"`` when the deficiency lists the symptom itself, and
    ``"hierarchy"`` when the symptom asked is a more specific HPO term under
    ``symptom``, the one it lists. ``contribution`` is ``weight`` (of the best
    evidence level) x ``specificity`` x ``factor`` (1, or the hierarchy factor
    for a hierarchy match).
    """

    name: str
    asked: Entity
    symptom: Entity
    how: str
    weight: float
    specificity: float
    factor: float
    contribution: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Candidate:
    """A deficiency condition that explains at least one of the symptoms asked about."""

    deficiency: Entity
    nutrients: tuple[Entity, ...]
    score: float
    matched: tuple[SymptomMatch, ...]
    unmatched: tuple[Entity, ...]
    """Symptoms asked about that this deficiency does not explain."""
    other_symptoms: tuple[Entity, ...]
    """Symptoms of this deficiency that were not asked about, by label."""


@dataclass(frozen=True)
class InheritedCandidate:
    """A rare inherited disorder (``ng:InheritedDisorder``) that has at least one of the
    symptoms asked about among its annotated phenotypes.

    ``matched`` are :class:`SymptomMatch` es whose ``symptom`` is the disorder's
    phenotype (an HPO term) and whose ``evidence`` are :class:`Annotation` s.
    """

    disorder: Entity
    genes: tuple[Entity, ...]
    score: float
    matched: tuple[SymptomMatch, ...]
    unmatched: tuple[Entity, ...]
    """Symptoms asked about that this disorder does not have (or has a NOT annotation for)."""
    other_phenotypes: tuple[Entity, ...]
    """Phenotypes of this disorder that were not asked about, by label."""


@dataclass(frozen=True)
class Differential(_Shown):
    """The deficiencies that explain a set of symptoms, best first.

    ``symptoms`` are the entities the names asked about resolved to (each
    once), in the order asked; ``names`` are the names as given, one per symptom;
    ``score`` says in one line how the score is computed. ``inherited`` is
    ``None`` unless inherited disorders were asked for; then it holds them,
    ranked apart from the deficiencies (best first), and ``inherited_score``
    says how their score is computed.
    """

    names: tuple[str, ...]
    symptoms: tuple[Entity, ...]
    candidates: tuple[Candidate, ...]
    score: str = ""
    inherited: tuple[InheritedCandidate, ...] | None = None
    inherited_score: str = ""

    # IPython takes a class's own __repr__ (the dataclass's) over an inherited view
    _repr_pretty_ = _Shown._repr_pretty_


@dataclass(frozen=True)
class OverlapSymptom:
    """A symptom of one or both deficiencies, with the statements on each side."""

    symptom: Entity
    first: tuple[Evidence, ...]
    second: tuple[Evidence, ...]

    @property
    def body_systems(self) -> tuple[str, ...]:
        """The body systems the sources file the symptom under, on either side, sorted."""
        return tuple(sorted({b for e in self.first + self.second for b in e.body_systems}))

    @property
    def sources(self) -> tuple[Entity, ...]:
        """The sources that state the symptom, on either side, by label."""
        return by_label({s.iri: s for e in self.first + self.second for s in e.sources})


@dataclass(frozen=True)
class SymptomOverlap(_Shown):
    """The symptoms two deficiencies share, and those of only one of them, by label."""

    first: Entity
    second: Entity
    first_deficiencies: tuple[Entity, ...]
    second_deficiencies: tuple[Entity, ...]
    shared: tuple[OverlapSymptom, ...]
    only_first: tuple[OverlapSymptom, ...]
    only_second: tuple[OverlapSymptom, ...]

    _repr_pretty_ = _Shown._repr_pretty_


class SymptomTable:
    """The deficiency conditions of a graph, their nutrients and their sourced symptoms."""

    def __init__(self, kg: KnowledgeGraph):
        self.labels: dict[str, str] = {}
        found: dict[str, None] = {}  # deficiency conditions, in the order read
        self._nutrients: dict[str, dict[str, None]] = {}  # deficiency -> nutrients, in order
        listed: dict[str, dict[str, None]] = {}  # deficiency -> its symptoms, in order
        for row in kg.query(internal_query("deficiency-symptoms").text,
                            where="the symptom table").rows():
            deficiency = row["deficiency"]
            for iri, label in ((deficiency, row["deficiencyLabel"]),
                               (row["nutrient"], row["nutrientLabel"]),
                               (row["symptom"], row["symptomLabel"])):
                if iri is not None and label is not None:
                    self.labels.setdefault(iri, label)
            found.setdefault(deficiency, None)
            if row["row"] == "nutrient":
                self._nutrients.setdefault(deficiency, {})[row["nutrient"]] = None
            elif row["row"] == "symptom":
                listed.setdefault(deficiency, {})[row["symptom"]] = None
        self.deficiencies: dict[str, Entity] = {iri: self.entity(iri) for iri in found}
        provenance = Provenance(kg)
        self.scale = provenance.scale
        self.symptoms: dict[str, dict[str, tuple[Evidence, ...]]] = {}
        for deficiency, symptoms in listed.items():
            said: dict[str, list[Evidence]] = {}
            # a source saying that the symptom does NOT occur is no evidence that it does
            for record in provenance.statements_of(deficiency, ng.hasSymptom):
                if not record.negated and record.object in symptoms:
                    said.setdefault(record.object, []).append(self._evidence(record))
            self.symptoms[deficiency] = {symptom: self._sorted(said.get(symptom, []))
                                         for symptom in symptoms}

    def entity(self, iri: str) -> Entity:
        # the local name stands in for a missing label
        return Entity(iri, self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1])

    def rank(self, evidence: Evidence) -> int:
        """The rank a statement counts as (an unrated one: as the scale says)."""
        return self.scale.rank(evidence.rank)

    def _evidence(self, record) -> Evidence:
        for section in record.sections:
            for named in (section, section.source):
                if named is not None and named.label is not None:
                    self.labels.setdefault(named.iri, named.label)
        level = self.scale.known(record.level)
        return Evidence(
            statement=record.statement, level=record.level,
            level_label=(level.label if level else _local(record.level)) or "no evidence level",
            rank=level.rank if level else None, comment=record.claim or "",
            sections=by_label({s.iri: self.entity(s.iri) for s in record.sections}),
            sources=by_label({s.iri: self.entity(s.iri) for s in record.sources}),
            body_systems=record.body_systems)

    def _sorted(self, evidence: list[Evidence]) -> tuple[Evidence, ...]:
        return tuple(sorted(evidence, key=lambda e: (self.rank(e), [s.label for s in e.sources],
                                                     e.statement)))

    def nutrients_of(self, deficiency: str) -> tuple[Entity, ...]:
        return tuple(self.entity(n) for n in self._nutrients.get(deficiency, {}))

    def listing(self) -> dict[str, int]:
        """How many deficiency conditions list each symptom."""
        count: dict[str, int] = {}
        for listed in self.symptoms.values():
            for symptom in listed:
                count[symptom] = count.get(symptom, 0) + 1
        return count

    def deficiencies_of(self, name: str, entity: Entity) -> tuple[Entity, ...]:
        """The entity if it is a deficiency condition, else the conditions of the nutrient."""
        if entity.iri in self.deficiencies:
            return (self.deficiencies[entity.iri],)
        found = sorted((self.deficiencies[d] for d, nutrients in self._nutrients.items()
                        if entity.iri in nutrients), key=lambda e: (e.label.casefold(), e.iri))
        if not found:
            raise NotANutrient(name, str(entity))
        return tuple(found)

    def symptoms_of(self, deficiencies: Iterable[Entity]) -> dict[str, tuple[Evidence, ...]]:
        """Every symptom the deficiencies list, with the statements of all of them."""
        merged: dict[str, tuple[Evidence, ...]] = {}
        for deficiency in deficiencies:
            for symptom, evidence in self.symptoms.get(deficiency.iri, {}).items():
                merged[symptom] = merged.get(symptom, ()) + evidence
        return merged


_RDF, _PROV = PREFIXES["rdf"], PREFIXES["prov"]
# the values of a statement that the table shows by their labels
_NAMING = (_RDF + "object", ng.frequencyTerm, ng.onset, _PROV + "wasDerivedFrom")
# what an annotation keeps of its statement: key -> property
_ANNOTATION_VALUES = {"negated": ng.negated, "level": ng.evidenceLevel, "code": ng.evidenceCode,
                      "frequencyValue": ng.frequencyValue, "frequencyTerm": ng.frequencyTerm,
                      "onset": ng.onset}


class InheritedTable:
    """The inherited disorders of a graph, their genes, and their annotated phenotypes.

    ``phenotypes`` maps each disorder to the phenotypes it has, each with its
    :class:`Annotation` s (not negated, strongest first); ``absent`` maps it to the
    phenotypes that only NOT annotations name (explicitly absent), with those
    annotations. A phenotype is had when a statement that is not negated says so,
    or when the ``ng:hasSymptom`` triple is asserted and no statement describes it.
    """

    def __init__(self, kg: KnowledgeGraph):
        from ..knowledge import evidence_scale

        self.scale = evidence_scale(kg)
        found: dict[str, None] = {}
        asserted: dict[str, dict[str, None]] = {}
        for row in kg.query(internal_query("inherited-phenotypes").text,
                            where="the inherited disorders' phenotypes").rows():
            found.setdefault(row["disorder"], None)
            if row["phenotype"] is not None:
                asserted.setdefault(row["disorder"], {})[row["phenotype"]] = None
        # everything said of each statement, by property
        told: dict[tuple[str, str], dict[str, list[str]]] = {}
        for row in kg.query(internal_query("inherited-statements").text,
                            where="the inherited disorders' statements").rows():
            found.setdefault(row["disorder"], None)
            told.setdefault((row["disorder"], row["statement"]), {}).setdefault(
                row["property"], []).append(row["value"])
        named = {*found, *(p for had in asserted.values() for p in had)}
        named |= {value for values in told.values() for prop in _NAMING
                  for value in values.get(prop, ())}
        self.labels: dict[str, str] = {}
        part_of: dict[str, str] = {}  # a section -> the source it is part of
        for row in self._labels(kg, named):
            for thing, label in ((row["thing"], row["label"]),
                                 (row["source"], row["sourceLabel"])):
                if thing is not None and label is not None:
                    self.labels.setdefault(thing, label)
            if row["source"] is not None:
                part_of.setdefault(row["thing"], row["source"])
        said: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}  # disorder, phenotype, stmt
        for (disorder, statement), values in sorted(told.items()):
            objects = values.get(_RDF + "object", [])
            if len(objects) != 1:  # a statement must describe one triple
                continue
            record: dict[str, Any] = {"sections": {}, "sources": {}}
            for key, prop in _ANNOTATION_VALUES.items():
                if values.get(prop):
                    record[key] = min(values[prop])
            for derived in sorted(values.get(_PROV + "wasDerivedFrom", [])):
                if derived in part_of:  # a section of a source
                    record["sections"][derived] = None
                    record["sources"][part_of[derived]] = None
                else:  # a reference cited on its own (a PMID, an OMIM entry)
                    record["sources"][derived] = None
            said.setdefault(disorder, {}).setdefault(objects[0], {})[statement] = record
        self.disorders: dict[str, Entity] = {iri: self.entity(iri) for iri in found}
        self.phenotypes: dict[str, dict[str, tuple[Annotation, ...]]] = {}
        self.absent: dict[str, dict[str, tuple[Annotation, ...]]] = {}
        for disorder in found:
            statements = said.get(disorder, {})
            had: dict[str, tuple[Annotation, ...]] = {}
            absent: dict[str, tuple[Annotation, ...]] = {}
            for phenotype in dict.fromkeys([*asserted.get(disorder, {}), *statements]):
                annotations = [self._annotation(s, r)
                               for s, r in statements.get(phenotype, {}).items()]
                positive = [a for a in annotations if not a.negated]
                if positive or (not annotations and phenotype in asserted.get(disorder, {})):
                    had[phenotype] = self._sorted(positive)
                else:
                    absent[phenotype] = self._sorted(annotations)
            self.phenotypes[disorder], self.absent[disorder] = had, absent
        self.genes: dict[str, tuple[Entity, ...]] = {}
        genes: dict[str, dict[str, None]] = {}
        for row in kg.query(internal_query("inherited-genes").text,
                            where="the inherited disorders' genes").rows():
            if row["geneLabel"] is not None:
                self.labels.setdefault(row["gene"], row["geneLabel"])
            genes.setdefault(row["disorder"], {})[row["gene"]] = None
        self.genes = {d: by_label({g: self.entity(g) for g in found_genes})
                      for d, found_genes in genes.items()}

    def entity(self, iri: str) -> Entity:
        return Entity(iri, self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1])

    @staticmethod
    def _labels(kg: KnowledgeGraph, things: set[str]) -> list[dict[str, Any]]:
        if not things:
            return []
        text = internal_query("inherited-labels").text.replace(
            "$THINGS", " ".join(sparql(iri_term(t)) for t in sorted(things)))
        return kg.query(text, where="the inherited disorders' labels").rows()

    def rank(self, annotation: Annotation) -> int:
        """The rank an annotation counts as (an unrated one: as the scale says)."""
        return self.scale.rank(annotation.rank)

    def listing(self) -> dict[str, int]:
        """How many inherited disorders have each phenotype (NOT annotations do not count)."""
        count: dict[str, int] = {}
        for had in self.phenotypes.values():
            for phenotype in had:
                count[phenotype] = count.get(phenotype, 0) + 1
        return count

    def _annotation(self, statement: str, record: dict[str, Any]) -> Annotation:
        level = self.scale.known(record.get("level"))
        term = record.get("frequencyTerm")
        onset = record.get("onset")
        return Annotation(
            statement=statement, level=record.get("level"),
            level_label=(level.label if level else _local(record.get("level")))
            or "no evidence level",
            rank=level.rank if level else None, comment="",
            sections=by_label({s: self.entity(s) for s in record["sections"]}),
            sources=by_label({s: self.entity(s) for s in record["sources"]}),
            body_systems=(), code=record.get("code"),
            frequency=record.get("frequencyValue") or (self.entity(term).label if term else None),
            onset=self.entity(onset).label if onset else None,
            negated=str(record.get("negated", "")).lower() in ("true", "1"))

    def _sorted(self, annotations: list[Annotation]) -> tuple[Annotation, ...]:
        return tuple(sorted(annotations, key=lambda a: (self.rank(a), a.statement)))


def by_label(entities: dict[str, Entity]) -> tuple[Entity, ...]:
    return tuple(sorted(entities.values(), key=lambda e: (e.label.casefold(), e.iri)))


def _local(iri: str | None) -> str:
    return "" if iri is None else iri.rstrip("/#").rsplit("/", 1)[-1]
