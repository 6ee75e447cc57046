"""The symptom differential: which deficiencies explain a set of symptoms, and how well.

:func:`differential` ranks the deficiency conditions of the graph by how well
they explain the symptoms a user names; :func:`symptom_overlap` compares the
symptoms of two deficiencies. Both read the ``ng:hasSymptom`` triples and the
``ng:Statement`` nodes that describe them, so every answer carries its
evidence levels and sources.

nutrigraph informs; it does not diagnose.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .advice import NOT_ADVICE
from .errors import NotANutrient, NotASymptom, QueryError
from .resolve import Entity

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .results import QueryResult

__all__ = [
    "HIERARCHY_FACTOR",
    "SCORE",
    "Candidate",
    "Differential",
    "Evidence",
    "OverlapSymptom",
    "SymptomMatch",
    "SymptomOverlap",
    "differential",
    "symptom_overlap",
]

HIERARCHY_FACTOR = 0.5
"""What a match through the HPO is_a hierarchy counts, relative to a match of the symptom itself."""

SCORE = ("score = sum, over the symptoms asked that a deficiency explains, of "
         "1/rank of the best evidence level stating the symptom (experimental 1, authoritative "
         "review and reference data 1/2, by similarity 1/3, article claim 1/4, unverified 1/5) "
         "x 1/(number of deficiencies in the graph that list the symptom), "
         f"x {HIERARCHY_FACTOR:g} when the symptom asked is only a more specific HPO term "
         "under the symptom listed")
"""How :attr:`Candidate.score` is computed, in one line (shown in reports)."""


# Every deficiency condition with its nutrients and its symptoms, each symptom with the
# statements that say so, and the ranks of the evidence levels: one query, whose four
# kinds of rows (?row) are told apart in Python. Each branch starts from the deficiency
# condition, so Oxigraph reads only the statements about deficiencies, even in a store
# that holds all of SR28 or HPO.
_SYMPTOM_TABLE = """
SELECT DISTINCT ?row ?deficiency ?deficiencyLabel ?nutrient ?nutrientLabel ?symptom ?symptomLabel
       ?statement ?comment ?level ?levelLabel ?rank ?section ?sectionLabel ?source ?sourceLabel
       ?systemLabel
WHERE {
  {
    ?deficiency a ng:DeficiencyCondition .
    OPTIONAL { ?deficiency rdfs:label ?deficiencyLabel }
    BIND("deficiency" AS ?row)
  } UNION {
    ?deficiency a ng:DeficiencyCondition ; ng:deficiencyOf ?nutrient .
    OPTIONAL { ?nutrient rdfs:label ?nutrientLabel }
    BIND("nutrient" AS ?row)
  } UNION {
    ?deficiency a ng:DeficiencyCondition ; ng:hasSymptom ?symptom .
    OPTIONAL { ?symptom rdfs:label ?symptomLabel }
    OPTIONAL {
      ?statement rdf:subject ?deficiency ; rdf:predicate ng:hasSymptom ; rdf:object ?symptom .
      # a source saying that the symptom does NOT occur is no evidence that it does
      FILTER NOT EXISTS { ?statement ng:negated true }
      OPTIONAL { ?statement rdfs:comment ?comment }
      OPTIONAL { ?statement ng:evidenceLevel ?level }
      OPTIONAL {
        ?statement prov:wasDerivedFrom ?section .
        OPTIONAL { ?section rdfs:label ?sectionLabel }
        OPTIONAL { ?section dcterms:isPartOf ?source .
                   OPTIONAL { ?source rdfs:label ?sourceLabel } }
      }
      OPTIONAL { ?statement ng:bodySystem/skos:prefLabel ?systemLabel }
    }
    BIND("symptom" AS ?row)
  } UNION {
    ?level ng:rank ?rank .
    OPTIONAL { ?level skos:prefLabel ?levelLabel }
    BIND("level" AS ?row)
  }
}
"""

# Is the entity asked about a symptom (?kind), and which things is it a kind of (?kindOf):
# the HPO terms above it (rdfs:subClassOf+, from the entity or the HPO terms it maps to)
# and the entities that map to those terms, such as ngk:arrhythmia above palpitations.
_ASKED_SYMPTOM = """
SELECT ?asked ?kind ?kindOf WHERE {
  {
    VALUES ?kind { ng:Symptom biolink:PhenotypicFeature }
    ?asked a ?class . ?class rdfs:subClassOf* ?kind .
  } UNION {
    [] ng:hasSymptom ?asked . BIND(ng:Symptom AS ?kind)
  } UNION {
    ?asked (skos:exactMatch|^skos:exactMatch)? ?own .
    ?own rdfs:subClassOf+ ?above .
    ?above (skos:exactMatch|^skos:exactMatch)? ?kindOf .
  }
}
"""


# -- results ----------------------------------------------------------------------------


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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"statement": self.statement, "level": self.level,
                "level_label": self.level_label, "rank": self.rank, "comment": self.comment,
                "sources": [_named(s) for s in self.sources],
                "sections": [_named(s) for s in self.sections],
                "body_systems": list(self.body_systems)}

    def line(self) -> str:
        """``level: source (section; section)`` on one line."""
        sources = ", ".join(s.label for s in self.sources) or "no source given"
        sections = "; ".join(s.label for s in self.sections)
        return f"{self.level_label}: {sources}" + (f" ({sections})" if sections else "")


@dataclass(frozen=True)
class SymptomMatch:
    """A symptom asked about that a deficiency explains, and what it adds to the score.

    ``how`` is ``"same"`` when the deficiency lists the symptom itself, and
    ``"hierarchy"`` when the symptom asked is a more specific HPO term under
    ``symptom``, the one it lists. ``contribution`` is ``weight`` (of the best
    evidence level) x ``specificity`` x ``factor`` (1, or
    :data:`HIERARCHY_FACTOR` for a hierarchy match).
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"name": self.name, "asked": _named(self.asked), "symptom": _named(self.symptom),
                "how": self.how, "weight": self.weight, "specificity": self.specificity,
                "factor": self.factor, "contribution": self.contribution,
                "evidence": [e.to_dict() for e in self.evidence]}


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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"deficiency": _named(self.deficiency),
                "nutrients": [_named(n) for n in self.nutrients], "score": self.score,
                "matched": [m.to_dict() for m in self.matched],
                "unmatched": [_named(s) for s in self.unmatched],
                "other_symptoms": [_named(s) for s in self.other_symptoms]}


@dataclass(frozen=True)
class Differential:
    """The deficiencies that explain a set of symptoms, best first.

    ``symptoms`` are the entities the names asked about resolved to (each
    once), in the order asked; ``names`` are the names as given, one per symptom.
    """

    names: tuple[str, ...]
    symptoms: tuple[Entity, ...]
    candidates: tuple[Candidate, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the symptoms asked, the candidates, the score's definition."""
        return {"symptoms": [{"name": name, **_named(entity)}
                             for name, entity in zip(self.names, self.symptoms, strict=True)],
                "candidates": [c.to_dict() for c in self.candidates],
                "score": SCORE, "notice": NOT_ADVICE}

    def text(self) -> str:
        """A report for a terminal, ending with the notice that nutrigraph does not diagnose."""
        names = dict(zip((s.iri for s in self.symptoms), self.names, strict=True))
        lines = ["Symptoms: " + ", ".join(_as_asked(n, s) for n, s in
                                          zip(self.names, self.symptoms, strict=True)), ""]
        if not self.candidates:
            lines += ["No deficiency condition in the graph lists these symptoms.", ""]
        for number, candidate in enumerate(self.candidates, 1):
            nutrients = ", ".join(n.label for n in candidate.nutrients) or "no nutrient given"
            lines.append(f"{number}. {candidate.deficiency.label} (nutrient: {nutrients})  "
                         f"score {candidate.score:.3f}")
            for match in candidate.matched:
                # the evidence is sorted strongest first
                best = match.evidence[0].level_label if match.evidence else "no statement"
                lines.append(f"   explains {_as_asked(match.name, match.asked)}"
                             + ("" if match.how == "same"
                                else f", a kind of {match.symptom.label} in HPO")
                             + f": {match.contribution:.3f} = {match.weight:g} ({best})"
                             f" x 1/{round(1 / match.specificity)} (deficiencies listing "
                             f"{match.symptom.label})"
                             + ("" if match.how == "same" else f" x {match.factor:g} (hierarchy)"))
                lines += [f"      {evidence.line()}" for evidence in match.evidence]
            if candidate.unmatched:
                lines.append("   does not explain: " + ", ".join(
                    _as_asked(names[s.iri], s) for s in candidate.unmatched))
            if candidate.other_symptoms:
                lines.append("   its other symptoms: "
                             + ", ".join(s.label for s in candidate.other_symptoms))
            lines.append("")
        lines += [f"Ranked by score, then by symptoms explained. {SCORE[0].upper()}{SCORE[1:]}.",
                  NOT_ADVICE]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The differential in Jupyter: a table of the candidates, the score, the notice.

        Examples
        --------
        >>> import nutrigraph
        >>> html = differential(nutrigraph.load(), ["tingling"])._repr_html_()
        >>> '>vitamin B12 deficiency</a>' in html
        True
        """
        from .display import Html, escape, join, link, notice, table

        asked = join((_as_asked(n, s) for n, s in zip(self.names, self.symptoms, strict=True)),
                     ", ")
        names = dict(zip((s.iri for s in self.symptoms), self.names, strict=True))
        rows = []
        for number, candidate in enumerate(self.candidates, 1):
            explains = []
            for match in candidate.matched:
                how = "" if match.how == "same" else f", a kind of {match.symptom.label} in HPO"
                sources = join((_evidence_html(e) for e in match.evidence), Html("<br>"))
                explains.append(Html(
                    f"<strong>{escape(_as_asked(match.name, match.asked) + how)}</strong>: "
                    f"{match.contribution:.3f}<br><small>{sources}</small>"))
            rows.append([number, link(candidate.deficiency.iri, candidate.deficiency.label),
                         join((link(n.iri, n.label) for n in candidate.nutrients), ", "),
                         f"{candidate.score:.3f}", join(explains, Html("<br>")),
                         ", ".join(_as_asked(names[s.iri], s) for s in candidate.unmatched),
                         ", ".join(s.label for s in candidate.other_symptoms)])
        body = (table(["#", "deficiency", "nutrient", "score", "explains", "does not explain",
                       "its other symptoms"], rows) if rows else
                "<p>No deficiency condition in the graph lists these symptoms.</p>")
        return (f"<p><strong>Symptoms:</strong> {asked}</p>\n{body}\n"
                f"<p><small>Ranked by score, then by symptoms explained. "
                f"{escape(SCORE[0].upper() + SCORE[1:])}.</small></p>\n{notice()}")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the report, not the dataclass's repr
        printer.text(self.text())


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
        return _by_label({s.iri: s for e in self.first + self.second for s in e.sources})

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"symptom": _named(self.symptom), "body_systems": list(self.body_systems),
                "sources": [_named(s) for s in self.sources],
                "first": [e.to_dict() for e in self.first],
                "second": [e.to_dict() for e in self.second]}


@dataclass(frozen=True)
class SymptomOverlap:
    """The symptoms two deficiencies share, and those of only one of them, by label."""

    first: Entity
    second: Entity
    first_deficiencies: tuple[Entity, ...]
    second_deficiencies: tuple[Entity, ...]
    shared: tuple[OverlapSymptom, ...]
    only_first: tuple[OverlapSymptom, ...]
    only_second: tuple[OverlapSymptom, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"first": _named(self.first), "second": _named(self.second),
                "first_deficiencies": [_named(d) for d in self.first_deficiencies],
                "second_deficiencies": [_named(d) for d in self.second_deficiencies],
                "shared": [s.to_dict() for s in self.shared],
                "only_first": [s.to_dict() for s in self.only_first],
                "only_second": [s.to_dict() for s in self.only_second],
                "notice": NOT_ADVICE}

    def text(self) -> str:
        """A report for a terminal, ending with the notice that nutrigraph does not diagnose."""
        sides = [entity.label if deficiencies == (entity,)
                 else f"{entity.label} ({', '.join(d.label for d in deficiencies)})"
                 for entity, deficiencies in ((self.first, self.first_deficiencies),
                                              (self.second, self.second_deficiencies))]
        lines = [f"Deficiency symptoms of {sides[0]} and of {sides[1]}", ""]
        for title, symptoms in ((f"Shared by {self.first.label} and {self.second.label}",
                                 self.shared),
                                (f"Only {self.first.label}", self.only_first),
                                (f"Only {self.second.label}", self.only_second)):
            lines.append(f"{title} ({len(symptoms)}):")
            width = max((len(s.symptom.label) for s in symptoms), default=0)
            for item in symptoms:
                systems = ", ".join(item.body_systems) or "-"
                sides = [f"{entity.label}: {_levels(evidence)}"
                         for entity, evidence in ((self.first, item.first),
                                                  (self.second, item.second)) if evidence]
                lines.append(f"  {item.symptom.label.ljust(width)}  [{systems}]  "
                             + " | ".join(sides))
            lines.append("")
        lines.append(NOT_ADVICE)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """The overlap in Jupyter: a table per group (shared, only one side), the notice.

        Examples
        --------
        >>> import nutrigraph
        >>> html = symptom_overlap(nutrigraph.load(), "magnesium", "B12")._repr_html_()
        >>> '>paresthesia</a>' in html
        True
        """
        from .display import escape, join, link, notice, table

        parts = [f"<p><strong>Deficiency symptoms of {escape(self.first.label)} and of "
                 f"{escape(self.second.label)}</strong></p>"]
        for title, symptoms in ((f"Shared by {self.first.label} and {self.second.label}",
                                 self.shared),
                                (f"Only {self.first.label}", self.only_first),
                                (f"Only {self.second.label}", self.only_second)):
            parts.append(f"<h4>{escape(title)} ({len(symptoms)})</h4>")
            rows = [[link(item.symptom.iri, item.symptom.label),
                     ", ".join(item.body_systems) or "-",
                     _levels(item.first), _levels(item.second),
                     join((link(s.iri, s.label) for s in item.sources), ", ")]
                    for item in symptoms]
            if rows:
                parts.append(table(["symptom", "body system", self.first.label,
                                    self.second.label, "sources"], rows))
        parts.append(notice())
        return "\n".join(parts)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the report, not the dataclass's repr
        printer.text(self.text())


# -- the questions ----------------------------------------------------------------------------


def differential(kg: KnowledgeGraph, symptoms: str | Iterable[str], *,
                 hierarchy: bool = True) -> Differential:
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
      by similarity 1/3, article claim 1/4, unverified 1/5. A triple that no
      statement describes, or whose level has no rank, counts as the weakest
      rank in the graph. Negated statements do not count;
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

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph, such as :func:`nutrigraph.load`'s.
    symptoms : str or iterable of str
        Names of symptoms; a name that resolves to a symptom already given is
        counted once.
    hierarchy : bool
        Also match through the HPO is_a hierarchy.

    Returns
    -------
    Differential
        With ``.candidates`` (best first), ``.symptoms``, ``.to_dict()`` and ``.text()``.

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

    table = _SymptomTable(kg)
    listing = table.listing()
    candidates = []
    for deficiency in table.deficiencies.values():
        listed = table.symptoms.get(deficiency.iri, {})
        matched: list[SymptomMatch] = []
        unmatched: list[Entity] = []
        for name, entity in asked.values():
            options = [(iri, "same") for iri in [entity.iri] if iri in listed]
            options += [(iri, "hierarchy") for iri in sorted(kind_of[entity.iri]) if iri in listed]
            if not options:
                unmatched.append(entity)
                continue
            matches = [table.match(name, entity, listed, iri, how, listing[iri])
                       for iri, how in options]
            # the best match; ties go to the symptom itself, then to the first by label
            matched.append(min(matches, key=lambda m: (-m.contribution, m.how != "same",
                                                       m.symptom.label.casefold())))
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
            other_symptoms=_by_label({i: table.entity(i) for i in listed if i not in explained}),
        ))
    candidates.sort(key=lambda c: (-c.score, -len(c.matched),
                                   -sum(m.how == "same" for m in c.matched),
                                   c.deficiency.label.casefold(), c.deficiency.iri))
    return Differential(names=tuple(name for name, _ in asked.values()),
                        symptoms=tuple(entity for _, entity in asked.values()),
                        candidates=tuple(candidates))


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
    table = _SymptomTable(kg)
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


# -- reading the graph -------------------------------------------------------------------------


class _SymptomTable:
    """The deficiency conditions of a graph, their nutrients and their sourced symptoms."""

    def __init__(self, kg: KnowledgeGraph):
        self.labels: dict[str, str] = {}
        found: dict[str, None] = {}  # deficiency conditions, in the order read
        self._nutrients: dict[str, dict[str, None]] = {}  # deficiency -> nutrients, in order
        # deficiency -> symptom -> statement -> its parts, gathered over the rows
        rows: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        ranks: dict[str, tuple[int, str]] = {}
        for row in _rows(kg.query(_SYMPTOM_TABLE, where="differential: symptom table")):
            kind, deficiency = row["row"], row["deficiency"]
            for iri, label in ((deficiency, row["deficiencyLabel"]),
                               (row["nutrient"], row["nutrientLabel"]),
                               (row["symptom"], row["symptomLabel"]),
                               (row["section"], row["sectionLabel"]),
                               (row["source"], row["sourceLabel"])):
                if iri is not None and label is not None:
                    self.labels.setdefault(iri, label)
            if kind == "level":
                ranks.setdefault(row["level"], (int(row["rank"]), row["levelLabel"] or ""))
                continue
            found.setdefault(deficiency, None)
            if kind == "nutrient":
                self._nutrients.setdefault(deficiency, {})[row["nutrient"]] = None
            elif kind == "symptom":
                statements = rows.setdefault(deficiency, {}).setdefault(row["symptom"], {})
                if row["statement"] is not None:
                    parts = statements.setdefault(row["statement"], {
                        "level": row["level"], "comment": row["comment"] or "",
                        "sections": {}, "sources": {}, "systems": set()})
                    if row["section"] is not None:
                        parts["sections"][row["section"]] = None
                    if row["source"] is not None:
                        parts["sources"][row["source"]] = None
                    if row["systemLabel"] is not None:
                        parts["systems"].add(row["systemLabel"])
        self.deficiencies: dict[str, Entity] = {iri: self.entity(iri) for iri in found}
        # unranked evidence counts as the weakest level of the graph (1 if it ranks none)
        self.weakest = max((rank for rank, _ in ranks.values()), default=1)
        self.symptoms: dict[str, dict[str, tuple[Evidence, ...]]] = {
            deficiency: {symptom: self._evidence(statements, ranks)
                         for symptom, statements in listed.items()}
            for deficiency, listed in rows.items()}

    def entity(self, iri: str) -> Entity:
        # the local name stands in for a missing label
        return Entity(iri, self.labels.get(iri) or iri.rstrip("/#").rsplit("/", 1)[-1])

    def _evidence(self, statements: dict[str, dict[str, Any]],
                  ranks: dict[str, tuple[int, str]]) -> tuple[Evidence, ...]:
        evidence = []
        for statement, parts in statements.items():
            rank, level_label = ranks.get(parts["level"], (None, ""))
            evidence.append(Evidence(
                statement=statement, level=parts["level"],
                level_label=level_label or _local(parts["level"]) or "no evidence level",
                rank=rank, comment=parts["comment"],
                sections=_by_label({s: self.entity(s) for s in parts["sections"]}),
                sources=_by_label({s: self.entity(s) for s in parts["sources"]}),
                body_systems=tuple(sorted(parts["systems"]))))
        return tuple(sorted(evidence, key=lambda e: (self.weakest if e.rank is None else e.rank,
                                                     [s.label for s in e.sources], e.statement)))

    def nutrients_of(self, deficiency: str) -> tuple[Entity, ...]:
        return tuple(self.entity(n) for n in self._nutrients.get(deficiency, {}))

    def listing(self) -> dict[str, int]:
        """How many deficiency conditions list each symptom."""
        count: dict[str, int] = {}
        for listed in self.symptoms.values():
            for symptom in listed:
                count[symptom] = count.get(symptom, 0) + 1
        return count

    def match(self, name: str, asked: Entity, listed: dict[str, tuple[Evidence, ...]],
              symptom: str, how: str, listing: int) -> SymptomMatch:
        evidence = listed[symptom]
        best = min((self.weakest if e.rank is None else e.rank for e in evidence),
                   default=self.weakest)
        weight, specificity = 1 / best, 1 / listing
        factor = 1.0 if how == "same" else HIERARCHY_FACTOR
        return SymptomMatch(name=name, asked=asked, symptom=self.entity(symptom), how=how,
                            weight=weight, specificity=specificity, factor=factor,
                            contribution=weight * specificity * factor, evidence=evidence)

    def deficiencies_of(self, name: str, entity: Entity) -> tuple[Entity, ...]:
        """The entity if it is a deficiency condition, else the conditions of the nutrient."""
        if entity.iri in self.deficiencies:
            return (self.deficiencies[entity.iri],)
        found = [self.deficiencies[d] for d, nutrients in self._nutrients.items()
                 if entity.iri in nutrients]
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


def _asked_symptom(kg: KnowledgeGraph, entity: Entity) -> tuple[bool, set[str]]:
    """Whether the entity is a symptom, and the IRIs of what it is a kind of."""
    result = kg.query(_ASKED_SYMPTOM, where="differential: symptom asked", asked=entity)
    is_symptom, above = False, set()
    for row in _rows(result):
        is_symptom = is_symptom or row["kind"] is not None
        if row["kindOf"] is not None:
            above.add(row["kindOf"])
    return is_symptom, above


def _rows(result: QueryResult) -> Iterator[dict[str, str | None]]:
    # column by column through values(): iterating the result would build rdflib terms,
    # and the command line does not import rdflib
    columns = [result.values(v) for v in result.variables]
    for values in zip(*columns, strict=True):
        yield dict(zip(result.variables, values, strict=True))


def _by_label(entities: dict[str, Entity]) -> tuple[Entity, ...]:
    return tuple(sorted(entities.values(), key=lambda e: (e.label.casefold(), e.iri)))


def _local(iri: str | None) -> str:
    return "" if iri is None else iri.rstrip("/#").rsplit("/", 1)[-1]


def _levels(evidence: Iterable[Evidence]) -> str:
    """``article claim (article on ...); authoritative review (...)``, each pair once."""
    said = {f"{e.level_label} ({', '.join(s.label for s in e.sources) or 'no source given'})": None
            for e in evidence}
    return "; ".join(said)


def _evidence_html(evidence: Evidence) -> str:
    """``level: source (section; section)``, with the sources and sections linked."""
    from .display import Html, escape, join, link

    sources = join((link(s.iri, s.label) for s in evidence.sources), ", ") or "no source given"
    sections = join((link(s.iri, s.label) for s in evidence.sections), "; ")
    return Html(f"{escape(evidence.level_label)}: {escape(sources)}"
                + (f" ({sections})" if sections else ""))


def _named(entity: Entity) -> dict[str, str]:
    return {"iri": entity.iri, "label": entity.label}


def _as_asked(name: str, entity: Entity) -> str:
    """``tingling (paresthesia)``, or just the name when it is the label."""
    same = name.casefold().strip() == entity.label.casefold()
    return name if same else f"{name} ({entity.label})"
