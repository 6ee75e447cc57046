"""Paths told in plain words, with their sources, evidence and disputes.

Each step of a :class:`~nutrigraph.paths.Path` becomes a sentence that cites
the sources stating it and their evidence level, and marks the step when
another source disputes it. A reaction on the way is named with the enzymes
that catalyze it. Every explanation carries the SPARQL query that finds the
same steps in the graph, and a reminder that nutrigraph informs and does not
diagnose.

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

from .advice import NOT_ADVICE
from .paths import NoPath, Path, Step, _candidates, evidence_weight, rank_paths

if TYPE_CHECKING:
    import networkx as nx

    from .graph import KnowledgeGraph

__all__ = ["Explanation", "Route", "explain", "explain_path", "path_sparql",
           "sentence"]


GROUPS = (
    (False, 0, "Routes through primary and curated sources"),
    (False, 1, "Routes that rest on an article claim"),
    (False, 2, "Routes with an unverified or unrated step"),
    (True, None, "Routes with a disputed step"),
)
"""How :func:`explain` groups routes: (disputed, tier, heading), best first."""

# Relation labels that read as a noun phrase ("cofactor of") take "is a"/"is an";
# those that read as a participle or adjective ("required for") take "is".
_NOUN_HEADS = ("cofactor", "input", "output", "active form", "symptom", "ingredient",
               "supplement form", "deficiency", "food group member")


def sentence(step: Step, labels: dict[str, str]) -> str:
    """One step as a sentence, in walking order, without its citation.

    Examples
    --------
    >>> from nutrigraph.paths import Step
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
    """A path with its sentences, grouped under a heading by :func:`explain`."""

    path: Path
    sentences: list[str]
    sparql: str
    rank: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"rank": self.rank, "route": self.path.text(), "sentences": self.sentences,
                "sparql": self.sparql, **self.path.to_dict()}

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
        from .display import notice

        return _route_html(self) + notice()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the sentences, not the dataclass's repr
        printer.text("\n".join([self.path.text(), *self.sentences]))


@dataclass
class Explanation:
    """The routes between two entities, ranked and grouped, or why there are none."""

    source: str
    target: str
    routes: list[Route] = field(default_factory=list)
    no_path: NoPath | None = None
    partial: list[Route] = field(default_factory=list)

    def text(self, *, sparql: bool = False) -> str:
        """A report for a terminal: headings, numbered routes, sentences, disclaimer."""
        lines = [f"How {self.source} links to {self.target}", ""]
        if self.no_path is not None:
            lines.append(f"There is no path: {self.no_path}.")
            if self.partial:
                lines += ["", "The nearest partial paths:"]
                for route in self.partial:
                    lines.append(f"  {route.path.text()}")
                    lines += [f"    {s}" for s in route.sentences]
        for disputed, tier, heading in GROUPS:
            group = [r for r in self.routes if r.path.disputed == disputed
                     and (disputed or r.path.tier == tier)]
            if not group:
                continue
            lines += [f"{heading}:", ""]
            for route in group:
                lines.append(f"{route.rank}. {route.path.text()}  "
                             f"({route.path.length} step{'s' if route.path.length > 1 else ''}; "
                             f"weakest evidence: {route.path.evidence or 'not rated'})")
                lines += [f"   {s}" for s in route.sentences]
                if sparql:
                    lines += ["   SPARQL:", *("     " + q for q in route.sparql.splitlines())]
                lines.append("")
        lines.append(NOT_ADVICE)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target,
            "routes": [r.to_dict() for r in self.routes],
            "no_path": None if self.no_path is None else str(self.no_path),
            "partial": [r.to_dict() for r in self.partial],
            "disclaimer": NOT_ADVICE,
        }

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The explanation in Jupyter: routes grouped by support, each step with its sources.

        A disputed step is marked in red with who disputes it; the notice that
        nutrigraph does not diagnose ends it.
        """
        from .display import escape, notice

        parts = [f"<h3>How {escape(self.source)} links to {escape(self.target)}</h3>"]
        if self.no_path is not None:
            parts.append(f"<p>There is no path: {escape(str(self.no_path))}.</p>")
            if self.partial:
                parts.append("<p>The nearest partial paths:</p>")
                parts += [_route_html(route) for route in self.partial]
        for disputed, tier, heading in GROUPS:
            group = [r for r in self.routes if r.path.disputed == disputed
                     and (disputed or r.path.tier == tier)]
            if group:
                parts.append(f"<h4>{escape(heading)}</h4>")
                parts += [_route_html(route) for route in group]
        parts.append(notice())
        return "\n".join(parts)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the report, not the dataclass's repr (a megabyte: each
        # path holds the label of every node of the projection)
        printer.text(self.text())


def _route_html(route: Route) -> str:
    """A route's heading and an ordered list of its steps, each with sources and sections."""
    from .display import Html, escape, join, link
    from .paths import _disputed_html, _step_sources_html

    path = route.path
    nodes = [link(n, path.labels.get(n, n)) for n in path.nodes]
    line = [nodes[0]]
    for step, node in zip(path.steps, nodes[1:], strict=True):
        line += [escape(f" -{step.label}-> "), node]
    number = f"{route.rank}. " if route.rank else ""
    plural = "s" if path.length != 1 else ""
    items = []
    for step, said in zip(path.steps, route.sentences, strict=True):
        claim = said.removesuffix(".")
        if step.disputed:  # shown as a red mark of its own below
            claim = claim.split(" DISPUTED by ", 1)[0]
        claim = claim.rsplit(" [", 1)[0]  # the citation: shown with its sections below
        mark = _disputed_html(step)
        items.append(f"<li>{escape(claim)}{' ' + mark if mark else ''}<br><small>"
                     f"{escape(step.evidence or 'not rated')}: {_step_sources_html(step)}"
                     "</small></li>")
    return Html(
        f"<p><strong>{escape(number)}{join(line)}</strong> ({path.length} step{plural}; "
        f"weakest evidence: {escape(path.evidence or 'not rated')})</p>\n"
        f"<ol>{''.join(items)}</ol>\n"
        f"<details><summary>SPARQL for this route</summary><pre>{escape(route.sparql)}</pre>"
        "</details>")


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
        text = sentence(step, labels)
        enzymes = sorted(G.nodes[u].get("label", u)
                         for u, _, key in G.in_edges(step.target, keys=True)
                         if key == "ng:catalyzes" and u not in on_path)
        if enzymes:
            text += f" (a reaction catalyzed by {', '.join(enzymes)})"
        text += f" [{_citation(step)}]"
        if step.disputed:
            text += f" DISPUTED by {', '.join(step.data.get('disputed_by', ()))}"
        sentences.append(text + ".")
    return Route(path, sentences, path_sparql(path))


def path_sparql(path: Path) -> str:
    """A SPARQL query that finds the path's triples and the statements behind them.

    The IRIs are written as SPARQL terms by pyoxigraph, one row per step and
    source; run it with ``kg.query`` or any SPARQL 1.1 store holding the graph.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> route = explain(kg, "vitamin B12", "methylcobalamin", k=1).routes[0]
    >>> sorted({str(r.source).split(",")[0] for r in kg.query(route.sparql)})
    ['NIH Office of Dietary Supplements', 'article on magnesium and vitamin B12']
    """
    import pyoxigraph as ox

    rows = "\n    ".join(
        f"({i} {ox.NamedNode(s.subject)} {ox.NamedNode(s.predicate)} {ox.NamedNode(s.object)})"
        for i, s in enumerate(path.steps, 1))
    return f"""PREFIX ng: <https://w3id.org/nutrigraph/vocab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?step ?subject ?predicate ?object ?source ?evidence WHERE {{
  VALUES (?step ?subject ?predicate ?object) {{
    {rows}
  }}
  ?subject ?predicate ?object .
  OPTIONAL {{
    ?statement rdf:subject ?subject ; rdf:predicate ?predicate ; rdf:object ?object ;
               prov:wasDerivedFrom/dcterms:isPartOf/rdfs:label ?source ;
               ng:evidenceLevel/skos:prefLabel ?evidence .
  }}
}}
ORDER BY ?step ?source"""


def explain(kg: KnowledgeGraph, source: str, target: str, *, k: int = 3,
            max_length: int | None = 6, through: Iterable[str] | None = None,
            avoid: Iterable[str] | None = None, inverse: bool = True) -> Explanation:
    """Explain how ``source`` links to ``target``: the best routes of each kind.

    Names are resolved with :meth:`KnowledgeGraph.resolve` and categories with
    :func:`nutrigraph.projection.schema_term`. Routes come from
    :func:`nutrigraph.paths.find_paths` on the projection with inverse edges
    (unless ``inverse=False``) and are grouped as in :data:`GROUPS`: up to ``k``
    routes through primary and curated sources, then up to ``k`` resting on an
    article claim, on an unverified step, and with a disputed step, each group
    ranked as :mod:`nutrigraph.paths` describes. Without a path the explanation
    says so and shows the nearest partial paths from each side.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> report = explain(kg, "magnesium", "vitamin B12")
    >>> [r.path.disputed for r in report.routes][-1]
    True
    """
    from .projection import schema_term

    start, goal = kg.resolve(source), kg.resolve(target)
    through = None if through is None else [schema_term(kg, c) for c in through]
    avoid = None if avoid is None else [schema_term(kg, c) for c in avoid]
    G = kg.to_networkx(inverse=inverse)
    report = Explanation(start.label, goal.label)
    try:
        # the candidates of find_paths, all ranked, so that each group gets its best k
        paths = rank_paths(_candidates(
            G, start.iri, goal.iri, max(10 * k, 40), max_length, evidence_weight,
            dict(through=through, avoid=avoid, predicates=None, avoid_predicates=None)))
    except NoPath as missing:
        report.no_path = missing
        report.partial = [explain_path(G, p) for p in missing.partial]
        return report
    rank = 0
    for disputed, tier, _ in GROUPS:
        group = [p for p in paths if p.disputed == disputed and (disputed or p.tier == tier)]
        for path in group[:k]:
            rank += 1
            route = explain_path(G, path)
            route.rank = rank
            report.routes.append(route)
    return report
