"""Paths told in plain words, with their sources, evidence and disputes.

Each step of a :class:`~nutrigraph.analysis.routes.Path` becomes a sentence that
cites the sources stating it and their evidence level, and marks the step when
another source disputes it. A reaction on the way is named with the enzymes that
catalyze it. Every explanation carries the SPARQL query that finds the same steps
in the graph, and a reminder that nutrigraph informs and does not diagnose.

Examples
--------
>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> report = explain(kg, "magnesium", "S-adenosylmethionine", k=1)
>>> print(report.routes[0].sentences[0])  # doctest: +ELLIPSIS
Magnesium is a cofactor of methionine adenosyltransferase 1A [UniProtKB Q00266 ...; experimental].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import SameEntity
from ..knowledge import EvidenceGroup, read_schema
from ..queries import internal_query
from ..store import iri, sparql
from .paths import candidates, check_request, evidence_weight, rank_paths
from .projection import scale_of, to_networkx
from .routes import NoPath, Path, Step

if TYPE_CHECKING:
    import networkx as nx

    from ..graph import KnowledgeGraph
    from ..resolve import Entity

__all__ = ["Explanation", "Route", "explain", "explain_path", "path_sparql", "sentence"]

# Relation labels that read as a noun phrase ("cofactor of") take "is a"/"is an";
# those that read as a participle or adjective ("required for") take "is".
_NOUN_HEADS = ("cofactor", "input", "output", "active form", "symptom", "ingredient",
               "supplement form", "deficiency", "food group member")


def sentence(step: Step, labels: dict[str, str]) -> str:
    """One step as a sentence, in walking order, without its citation.

    Examples
    --------
    >>> from nutrigraph.analysis.routes import Step
    >>> labels = {"a": "magnesium", "b": "Mg-ATP"}
    >>> sentence(Step("a", "b", "ng:partOf", {"label": "part of", "predicate": "p"}), labels)
    'Magnesium is part of Mg-ATP'
    """
    subject, obj = labels.get(step.source, step.source), labels.get(step.target, step.target)
    label = step.label
    first = label.split()[0]
    if first in ("has", "is") or (first.endswith("s") and not first.endswith("ss")):
        verb = label  # "has output", "catalyzes", "lowers absorption of"
    elif label.startswith(_NOUN_HEADS):
        verb = f"is {'an' if label[0] in 'aeiou' else 'a'} {label}"
    else:
        verb = f"is {label}"  # "part of", "required for", "catalyzed by"
    return f"{subject[:1].upper()}{subject[1:]} {verb} {obj}"


def _citation(step: Step) -> str:
    cited = []
    for source in step.sources:
        where = source.get("source") or "source not stated"
        level = source.get("evidence") or "evidence not rated"
        if (where, level) not in cited:
            cited.append((where, level))
    return "; ".join(f"{where}; {level}" for where, level in cited)


@dataclass
class Route:
    """A path with its sentences, and the group of routes :func:`explain` shows it in."""

    path: Path
    sentences: list[str]
    sparql: str
    rank: int = 0
    group: EvidenceGroup | None = None
    """The evidence group of the route (disputed, or that of its weakest step)."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (see :func:`nutrigraph.render.document`)."""
        from ..render import document

        return document(self)

    def _repr_html_(self) -> str:
        """The route in Jupyter: a sentence per step with its sources, disputes marked.

        Examples
        --------
        >>> import nutrigraph
        >>> kg = nutrigraph.load()
        >>> route = explain(kg, "magnesium", "methionine synthase", k=1).routes[-1]
        >>> "DISPUTED by UniProtKB Q99707" in route._repr_html_()
        True
        """
        from ..render import html

        return html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        from ..render import text

        printer.text(text(self))


@dataclass
class Explanation:
    """The routes between two entities, ranked and grouped, or why there are none."""

    source: Entity
    target: Entity
    routes: list[Route] = field(default_factory=list)
    no_path: NoPath | None = None
    partial: list[Route] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[EvidenceGroup, list[Route]]]:
        """The routes under their groups, best supported first (empty groups left out)."""
        grouped: dict[str, tuple[EvidenceGroup, list[Route]]] = {}
        for route in self.routes:
            if route.group is not None:
                grouped.setdefault(route.group.iri, (route.group, []))[1].append(route)
        return sorted(grouped.values(), key=lambda item: item[0].tier)

    def text(self, *, sparql: bool = False) -> str:
        """A report for a terminal: headings, numbered routes, sentences, the notice."""
        from ..render import text

        return text(self, sparql=sparql)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (see :func:`nutrigraph.render.document`)."""
        from ..render import document

        return document(self)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The explanation in Jupyter: routes grouped by support, each step with its sources.

        A disputed step is marked in red with who disputes it; the notice that
        nutrigraph does not diagnose ends it.
        """
        from ..render import html

        return html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the report, not the dataclass's repr
        printer.text(self.text())


def explain_path(G: nx.MultiDiGraph, path: Path) -> Route:
    """Tell one path: a sentence per step with its citation, and the SPARQL for it.

    A step that another source disputes ends with ``DISPUTED by ...``. A
    reaction or process reached on the way is named with the enzymes the graph
    says catalyze it, when the path does not already pass through them.
    """
    labels = dict(path.labels)
    on_path = set(path.nodes)
    sentences = []
    for step in path.steps:
        said = sentence(step, labels)
        enzymes = sorted(G.nodes[u].get("label", u)
                         for u, _, key in G.in_edges(step.target, keys=True)
                         if key == "ng:catalyzes" and u not in on_path)
        if enzymes:
            said += f" (a reaction catalyzed by {', '.join(enzymes)})"
        said += f" [{_citation(step)}]"
        if step.disputed:
            said += f" DISPUTED by {', '.join(step.data.get('disputed_by', ()))}"
        sentences.append(said + ".")
    scale = scale_of(G)
    group = scale.disputed if path.disputed else scale.groups[path.tier]
    return Route(path, sentences, path_sparql(path), group=group)


def path_sparql(path: Path) -> str:
    """A SPARQL query that finds the path's triples and the statements behind them.

    The IRIs are written as SPARQL terms by the store's writer, one row per step
    and source; run it with ``kg.query`` or any SPARQL 1.1 store holding the graph.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> route = explain(kg, "vitamin B12", "methylcobalamin", k=1).routes[0]
    >>> sorted({str(r.source).split(",")[0] for r in kg.query(route.sparql)})
    ['NIH Office of Dietary Supplements', 'article on magnesium and vitamin B12']
    """
    rows = "\n    ".join(
        f"({i} {sparql(iri(s.subject))} {sparql(iri(s.predicate))} {sparql(iri(s.object))})"
        for i, s in enumerate(path.steps, 1))
    return internal_query("route").body.replace("$STEPS", rows)


def explain(kg: KnowledgeGraph, source: str, target: str, *, k: int = 3,
            max_length: int | None = 6, through: Iterable[str] | None = None,
            avoid: Iterable[str] | None = None, inverse: bool = True) -> Explanation:
    """Explain how ``source`` links to ``target``: the best routes of each kind.

    Names are resolved with :meth:`KnowledgeGraph.resolve` and categories by the
    graph's schema (:meth:`~nutrigraph.knowledge.Schema.find_class`). Routes come
    from :func:`~nutrigraph.analysis.paths.find_paths` on the projection with
    inverse edges (unless ``inverse=False``) and are grouped by the evidence
    groups of the graph's evidence scale: up to ``k`` routes through primary and
    curated sources, then up to ``k`` resting on an article claim, on an
    unverified step, and with a disputed step, each group ranked as
    :mod:`nutrigraph.analysis.paths` describes. Without a path the explanation
    says so and shows the nearest partial paths from each side (an entity in no
    relation has none).

    Raises
    ------
    SameEntity
        If both names resolve to one entity (``"B12"`` and ``"vitamin B12"``): no
        route is needed.
    OverLimit
        If ``k`` (routes per group) or ``max_length`` is out of its range
        (:data:`~nutrigraph.analysis.paths.MAX_ROUTES`,
        :data:`~nutrigraph.analysis.paths.MAX_PATH_LENGTH`).

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> report = explain(kg, "magnesium", "vitamin B12")
    >>> [r.path.disputed for r in report.routes][-1]
    True
    >>> [group.heading for group, _ in report.groups][0]
    'Routes through primary and curated sources'
    """
    start, goal = kg.resolve(source), kg.resolve(target)
    if start.iri == goal.iri:  # before the projection is made: nothing is to be searched
        names = (source, target) if isinstance(source, str) and isinstance(target, str) else None
        raise SameEntity(start.label, names)
    check_request(None, start.iri, goal.iri, k=k, max_length=max_length)
    schema = read_schema(kg)
    through = None if through is None else [schema.find_class(c) for c in through]
    avoid = None if avoid is None else [schema.find_class(c) for c in avoid]
    G = to_networkx(kg, inverse=inverse)
    report = Explanation(start, goal)
    alone = [e.label for e in (start, goal) if e.iri not in G]
    if alone:  # an entity in no relation is not in the projection: no path reaches it
        report.no_path = NoPath(start.label, goal.label,
                                why=f"; {alone[0]} is in no relation")
        return report
    try:
        # the candidates of find_paths, all ranked, so that each group gets its best k
        paths = rank_paths(candidates(
            G, start.iri, goal.iri, max(10 * k, 40), max_length, evidence_weight,
            dict(through=through, avoid=avoid, predicates=None, avoid_predicates=None)))
    except NoPath as missing:
        report.no_path = missing
        report.partial = [explain_path(G, p) for p in missing.partial]
        return report
    scale = scale_of(G)
    rank = 0
    for group in scale.groups:
        members = [p for p in paths if (p.disputed if group is scale.disputed
                                        else not p.disputed and p.tier == group.tier)]
        for path in members[:k]:
            rank += 1
            route = explain_path(G, path)
            route.rank = rank
            report.routes.append(route)
    return report
