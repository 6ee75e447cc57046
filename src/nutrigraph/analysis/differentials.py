"""The symptom differential: which deficiencies explain a set of symptoms, and how well.

:func:`differential` ranks the deficiency conditions of the graph by how well
they explain the symptoms a user names; :func:`symptom_overlap` compares the
symptoms of two deficiencies. Both read the ``ng:hasSymptom`` triples and the
``ng:Statement`` nodes that describe them (:class:`~.symptoms.SymptomTable`), so
every answer carries its evidence levels and sources.

nutrigraph informs; it does not diagnose.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import NotASymptom, QueryError
from ..knowledge import EvidenceScale
from ..queries import internal_query
from ..resolve import Entity
from .symptoms import (
    Candidate,
    Differential,
    InheritedCandidate,
    InheritedTable,
    OverlapSymptom,
    SymptomMatch,
    SymptomOverlap,
    SymptomTable,
    by_label,
)

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["HIERARCHY_FACTOR", "differential", "inherited_score_definition", "score_definition",
           "symptom_overlap"]

HIERARCHY_FACTOR = 0.5
"""What a match through the HPO is_a hierarchy counts, relative to a match of the symptom itself."""


def score_definition(scale: EvidenceScale) -> str:
    """How :attr:`Candidate.score` is computed, in one line (shown in reports).

    Examples
    --------
    >>> from nutrigraph import load
    >>> from nutrigraph.knowledge import evidence_scale
    >>> print(score_definition(evidence_scale(load())))  # doctest: +NORMALIZE_WHITESPACE
    score = sum, over the symptoms asked that a deficiency explains, of 1/rank of the best
    evidence level stating the symptom (experimental 1, authoritative review and reference
    data 1/2, by similarity and electronic annotation 1/3, article claim 1/4, unverified
    1/5) x 1/(number of deficiencies in the graph that list the symptom), x 0.5 when the
    symptom asked is only a more specific HPO term under the symptom listed
    """
    weights = _weights(scale)
    return ("score = sum, over the symptoms asked that a deficiency explains, of "
            f"1/rank of the best evidence level stating the symptom ({weights}) "
            "x 1/(number of deficiencies in the graph that list the symptom), "
            f"x {HIERARCHY_FACTOR:g} when the symptom asked is only a more specific HPO term "
            "under the symptom listed")


def inherited_score_definition(scale: EvidenceScale) -> str:
    """How :attr:`InheritedCandidate.score` is computed, in one line (shown in reports).

    Examples
    --------
    >>> from nutrigraph import load
    >>> from nutrigraph.knowledge import evidence_scale
    >>> print(inherited_score_definition(evidence_scale(load())))
    ... # doctest: +NORMALIZE_WHITESPACE
    score = sum, over the symptoms asked that an inherited disorder has, of 1/rank of the
    best evidence level of its annotations (experimental 1, authoritative review and
    reference data 1/2, by similarity and electronic annotation 1/3, article claim 1/4,
    unverified 1/5) x 1/(number of inherited disorders in the graph annotated with the
    phenotype), x 0.5 when the symptom asked is only a more specific HPO term under the
    phenotype; NOT annotations never count
    """
    return ("score = sum, over the symptoms asked that an inherited disorder has, of "
            f"1/rank of the best evidence level of its annotations ({_weights(scale)}) "
            "x 1/(number of inherited disorders in the graph annotated with the phenotype), "
            f"x {HIERARCHY_FACTOR:g} when the symptom asked is only a more specific HPO term "
            "under the phenotype; NOT annotations never count")


def _weights(scale: EvidenceScale) -> str:
    ranks: dict[int, list[str]] = {}
    for level in scale.levels:
        ranks.setdefault(level.rank, []).append(level.label)
    return ", ".join(f"{' and '.join(labels)} {'1' if rank == 1 else f'1/{rank}'}"
                     for rank, labels in sorted(ranks.items()))


def differential(kg: KnowledgeGraph, symptoms: str | Iterable[str], *,
                 hierarchy: bool = True, inherited: bool = False) -> Differential:
    """Rank the deficiency conditions that explain the given symptoms.

    Each name is resolved with :meth:`KnowledgeGraph.resolve` (labels, synonyms
    such as "tingling" or "pins and needles", CURIEs). A deficiency condition
    (``ng:DeficiencyCondition``) explains a symptom asked about when it lists
    it (``ng:hasSymptom``), or, with ``hierarchy``, when it lists a symptom
    that the one asked about is a kind of in the Human Phenotype Ontology (the
    symptom asked maps to an HPO term whose ``rdfs:subClassOf`` ancestors
    include the HPO term of the symptom listed). Deficiencies that explain none
    of the symptoms are left out.

    The score of a deficiency is the sum, over the symptoms asked that it
    explains, of ``weight x specificity x factor``:

    * ``weight`` is ``1 / rank`` of the strongest evidence level (``ng:rank``,
      1 is the strongest) among the statements that the deficiency has the
      symptom: experimental 1, authoritative review and reference data 1/2,
      by similarity 1/3, article claim 1/4, unverified 1/5 (the ranks of the
      graph's evidence scale; electronic annotation, HPO's IEA, also 1/3). A triple
      that no statement describes, or whose
      level has no rank, counts as the level the scale names for unrated
      statements (unverified). Negated statements do not count;
    * ``specificity`` is ``1 / n``, where ``n`` is the number of deficiency
      conditions in the graph that list the symptom (a symptom many
      deficiencies share tells less);
    * ``factor`` is 1 when the deficiency lists the symptom itself and
      :data:`HIERARCHY_FACTOR` (0.5) when the symptom asked is only a more
      specific HPO term under the symptom it lists.

    Each symptom asked counts once per deficiency, by its best match.
    Candidates are ranked by score, then by the number of symptoms they
    explain, then by the number they list themselves (not through the
    hierarchy), then by label.

    With ``inherited``, the rare genetic conditions of the graph
    (``ng:InheritedDisorder``, from HPO's disease annotations) are ranked too,
    in a list of their own (``.inherited``), never mixed with the deficiencies:
    a dietary deficiency is what most people asking mean. A disorder has a
    symptom asked about when one of its phenotypes (``ng:hasSymptom``, an HPO
    term) is the symptom itself or the HPO term the symptom maps to with
    ``skos:exactMatch`` (``skos:closeMatch`` does not count), or, with
    ``hierarchy``, an HPO term that the symptom is a kind of. The score is
    computed as above, with the weight from the evidence levels of the
    disorder's annotation statements (HPO's PCS is experimental, TAS
    authoritative review, IEA electronic annotation) and the specificity
    counted among inherited disorders only. A NOT annotation (``ng:negated``)
    never counts: a disorder annotated as *not* having a phenotype does not
    have it. Each match carries its annotations, with their frequency
    (``"2/5"``, ``"40%"`` or a frequency term's label) and sources.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    symptoms : str or iterable of str
        Names of symptoms; a name that resolves to a symptom already given is
        counted once.
    hierarchy : bool
        Also match through the HPO is_a hierarchy.
    inherited : bool
        Also rank the inherited disorders, apart from the deficiencies (off by default).

    Returns
    -------
    Differential
        With ``.candidates`` (best first), ``.symptoms``, ``.to_dict()`` and ``.text()``;
        with ``inherited``, ``.inherited`` too (else ``None``).

    Raises
    ------
    EntityNotFound
        If a name resolves to nothing (with the nearest names); nothing is ranked.
    AmbiguousName
        If a name is left with several candidates.
    NotASymptom
        If a name resolves to something that is no symptom or phenotype.
    QueryError
        If no symptom is given.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> result = differential(kg, ["tingling", "fatigue", "constipation"])
    >>> [(c.deficiency.label, c.score) for c in result.candidates]
    [('vitamin B12 deficiency', 0.75), ('magnesium deficiency', 0.625)]
    >>> [(m.name, m.symptom.label, m.weight) for m in result.candidates[1].matched]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('tingling', 'paresthesia', 0.5), ('fatigue', 'fatigue', 0.25),
     ('constipation', 'constipation', 0.5)]

    "Skipped heart beat" is a synonym of palpitations, which only vitamin B12
    deficiency lists; in HPO, Palpitations (HP:0001962) is a kind of
    Arrhythmia (HP:0011675), which magnesium deficiency lists:

    >>> for c in differential(kg, ["skipped heart beat"]).candidates:
    ...     m = c.matched[0]
    ...     print(c.deficiency.label, m.how, m.symptom.label, m.contribution)
    vitamin B12 deficiency same palpitations 0.25
    magnesium deficiency hierarchy arrhythmia 0.25

    Inherited disorders come only when asked for, in their own list; the bundled
    graph holds those of the genes of its enzymes and transport proteins, from
    HPO's annotation release 2025-01-16:

    >>> result = differential(kg, ["seizures", "muscle cramps"], inherited=True)
    >>> [(c.deficiency.label, c.score) for c in result.candidates]
    [('magnesium deficiency', 1.0)]
    >>> for c in result.inherited[:2]:
    ...     print(c.disorder.label, [g.label for g in c.genes], round(c.score, 3))
    Hypomagnesemia 1, intestinal ['TRPM6'] 0.433
    Imerslund-Gräsbeck syndrome ['AMN', 'CUBN'] 0.125
    >>> for m in result.inherited[0].matched:
    ...     a = m.evidence[0]
    ...     print(m.symptom.label, m.weight, m.specificity, a.code, a.frequency)
    Seizure 1.0 0.1 PCS 2/5
    Muscle spasm 0.3333333333333333 1.0 IEA None
    >>> differential(kg, ["seizures"]).inherited is None
    True
    """
    names = [symptoms] if isinstance(symptoms, str) else list(symptoms)
    if not names:
        raise QueryError("give at least one symptom")
    # every name is resolved before anything is ranked: a bad name gives no partial answer
    entities = [kg.resolve(name) for name in names]
    asked: dict[str, tuple[str, Entity]] = {}
    for name, entity in zip(names, entities, strict=True):
        asked.setdefault(entity.iri, (name, entity))
    kind_of: dict[str, set[str]] = {}
    for name, entity in asked.values():
        is_symptom, above = _asked_symptom(kg, entity)
        if not is_symptom:
            raise NotASymptom(name, str(entity))
        kind_of[entity.iri] = above - {entity.iri} if hierarchy else set()

    table = SymptomTable(kg)
    listing = table.listing()
    candidates = []
    itself = {iri: {iri} for iri in asked}
    for deficiency in table.deficiencies.values():
        listed = table.symptoms.get(deficiency.iri, {})
        matched, unmatched = _best_matches(table, asked, listed, listing, itself, kind_of)
        if not matched:
            continue
        explained = {m.symptom.iri for m in matched}
        candidates.append(Candidate(
            deficiency=deficiency,
            nutrients=table.nutrients_of(deficiency.iri),
            # rounded so that equal sums reached in another order rank as equal
            score=round(sum(m.contribution for m in matched), 10),
            matched=tuple(matched),
            unmatched=tuple(unmatched),
            other_symptoms=by_label({i: table.entity(i) for i in listed if i not in explained}),
        ))
    candidates.sort(key=lambda c: (-c.score, -len(c.matched),
                                   -sum(m.how == "same" for m in c.matched),
                                   c.deficiency.label.casefold(), c.deficiency.iri))
    found = None
    if inherited:
        same = {iri: {iri} | _exact_matches(kg, entity) for iri, (_, entity) in asked.items()}
        found = _inherited(InheritedTable(kg), asked, same, kind_of)
    return Differential(names=tuple(name for name, _ in asked.values()),
                        symptoms=tuple(entity for _, entity in asked.values()),
                        candidates=tuple(candidates), score=score_definition(table.scale),
                        inherited=found,
                        inherited_score=(inherited_score_definition(table.scale)
                                         if inherited else ""))


def _inherited(table: InheritedTable, asked: dict[str, tuple[str, Entity]],
               same: dict[str, set[str]], kind_of: dict[str, set[str]]
               ) -> tuple[InheritedCandidate, ...]:
    """The inherited disorders that have a symptom asked, scored as :func:`differential` says."""
    listing = table.listing()
    candidates = []
    for disorder in table.disorders.values():
        had = table.phenotypes.get(disorder.iri, {})
        matched, unmatched = _best_matches(table, asked, had, listing, same, kind_of)
        if not matched:
            continue
        explained = {m.symptom.iri for m in matched}
        candidates.append(InheritedCandidate(
            disorder=disorder, genes=table.genes.get(disorder.iri, ()),
            score=round(sum(m.contribution for m in matched), 10),
            matched=tuple(matched), unmatched=tuple(unmatched),
            other_phenotypes=by_label({i: table.entity(i) for i in had if i not in explained})))
    candidates.sort(key=lambda c: (-c.score, -len(c.matched),
                                   -sum(m.how == "same" for m in c.matched),
                                   c.disorder.label.casefold(), c.disorder.iri))
    return tuple(candidates)


def _exact_matches(kg: KnowledgeGraph, entity: Entity) -> set[str]:
    """The IRIs the entity is the same as (``skos:exactMatch``, either way round)."""
    result = kg.query(internal_query("exact-matches").text,
                      where="differential: the symptom's HPO term", asked=entity)
    return {row["match"] for row in result.rows() if row["match"] is not None}


def symptom_overlap(kg: KnowledgeGraph, first: str, second: str) -> SymptomOverlap:
    """The symptoms that two deficiencies share, and those of only one of them.

    ``first`` and ``second`` name nutrients (whose deficiency conditions,
    ``ng:deficiencyOf``, are taken together) or deficiency conditions. A symptom
    is shared when both sides list the very same entity (``ng:hasSymptom``).
    Each symptom comes with the statements of each side: evidence level,
    sources, sections and the body systems (``ng:bodySystem``) they file it
    under. Each group is sorted by symptom label.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    first, second : str
        A nutrient or a deficiency condition, by name, synonym or CURIE.

    Returns
    -------
    SymptomOverlap
        With ``.shared``, ``.only_first``, ``.only_second``, ``.to_dict()`` and ``.text()``.

    Raises
    ------
    EntityNotFound, AmbiguousName
        If a name does not resolve to one entity.
    NotANutrient
        If a name resolves to neither a deficiency condition nor a nutrient that has one.

    Examples
    --------
    >>> import nutrigraph
    >>> overlap = symptom_overlap(nutrigraph.load(), "magnesium", "B12")
    >>> [s.symptom.label for s in overlap.shared][:4]
    ['constipation', 'depression', 'fatigue', 'irritability']
    >>> tingling = next(s for s in overlap.shared if s.symptom.label == "paresthesia")
    >>> tingling.body_systems
    ('nervous system',)
    >>> [s.label for s in tingling.sources]  # doctest: +NORMALIZE_WHITESPACE
    ['article on magnesium and vitamin B12', 'Gröber, Schmidt & Kisters, Nutrients 2015',
     'NIH Office of Dietary Supplements, Vitamin B12 fact sheet']
    """
    one, other = kg.resolve(first), kg.resolve(second)
    table = SymptomTable(kg)
    first_deficiencies = table.deficiencies_of(first, one)
    second_deficiencies = table.deficiencies_of(second, other)
    first_symptoms = table.symptoms_of(first_deficiencies)
    second_symptoms = table.symptoms_of(second_deficiencies)

    def group(iris: Iterable[str]) -> tuple[OverlapSymptom, ...]:
        items = [OverlapSymptom(table.entity(iri), first_symptoms.get(iri, ()),
                                second_symptoms.get(iri, ())) for iri in iris]
        return tuple(sorted(items, key=lambda s: (s.symptom.label.casefold(), s.symptom.iri)))

    return SymptomOverlap(
        first=one, second=other,
        first_deficiencies=first_deficiencies, second_deficiencies=second_deficiencies,
        shared=group(first_symptoms.keys() & second_symptoms.keys()),
        only_first=group(first_symptoms.keys() - second_symptoms.keys()),
        only_second=group(second_symptoms.keys() - first_symptoms.keys()),
    )


def _best_matches(table: SymptomTable | InheritedTable, asked: dict[str, tuple[str, Entity]],
                  listed, listing: dict[str, int], same: dict[str, set[str]],
                  kind_of: dict[str, set[str]]) -> tuple[list[SymptomMatch], list[Entity]]:
    """Each symptom asked, matched by its best match among what a condition lists (the
    symptom itself or what it is the same as, else what it is a kind of), or unmatched."""
    matched: list[SymptomMatch] = []
    unmatched: list[Entity] = []
    for iri, (name, entity) in asked.items():
        options = [(p, "same") for p in sorted(same[iri]) if p in listed]
        options += [(p, "hierarchy") for p in sorted(kind_of[iri] - same[iri]) if p in listed]
        if not options:
            unmatched.append(entity)
            continue
        matches = [_match(table, name, entity, listed, p, how, listing[p]) for p, how in options]
        # the best match; ties go to the symptom itself, then to the first by label
        matched.append(min(matches, key=lambda m: (-m.contribution, m.how != "same",
                                                   m.symptom.label.casefold())))
    return matched, unmatched


def _match(table: SymptomTable | InheritedTable, name: str, asked: Entity, listed,
           symptom: str, how: str,
           listing: int) -> SymptomMatch:
    evidence = listed[symptom]
    best = min((table.rank(e) for e in evidence), default=table.scale.rank(None))
    weight, specificity = 1 / best, 1 / listing
    factor = 1.0 if how == "same" else HIERARCHY_FACTOR
    return SymptomMatch(name=name, asked=asked, symptom=table.entity(symptom), how=how,
                        weight=weight, specificity=specificity, factor=factor,
                        contribution=weight * specificity * factor, evidence=evidence)


def _asked_symptom(kg: KnowledgeGraph, entity: Entity) -> tuple[bool, set[str]]:
    """Whether the entity is a symptom, and the IRIs of what it is a kind of."""
    result = kg.query(internal_query("asked-symptom").text, where="differential: symptom asked",
                      asked=entity)
    is_symptom, above = False, set()
    for row in result.rows():
        is_symptom = is_symptom or row["kind"] is not None
        if row["kindOf"] is not None:
            above.add(row["kindOf"])
    return is_symptom, above
