"""Routes between two entities through the projected graph, best supported first.

The functions take a projection (:meth:`KnowledgeGraph.to_networkx`) first, as
networkx's do, and node IRIs. A :class:`Path` is a sequence of :class:`Step`
objects, each one edge of the projection with its provenance.

**Ranking.** Paths are ordered by the support of their steps first and by
length second:

1. paths with no disputed step before paths with one;
2. paths whose every step comes from a primary or curated source (evidence
   rank 1 to 3: experimental, authoritative review, reference data, by
   similarity) before paths with an article claim (rank 4), and those before
   paths with an unverified or unrated step (rank 5);
3. shorter paths first;
4. then by the mean evidence rank of the steps, and by the labels along the
   path, so that the order is stable.

**Search.** :func:`k_shortest_paths` runs Yen's algorithm
(:func:`networkx.shortest_simple_paths`) with an evidence-aware weight
(:func:`evidence_weight`): a curated step costs 1, an article claim 3, an
unverified or unrated step 5, and a disputed step 20 more, so well-supported
routes are found first. :func:`find_paths` takes the first ``max(4 k, 40)``
paths it yields, and as many from a search by number of steps (so that short
routes through article claims and disputed steps are seen too), and ranks
them all as above. Each search draws at most 500 paths, and stops after 50 in
a row longer than ``max_length``.

Examples
--------
>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> G = kg.to_networkx(inverse=True)
>>> mg, sam = kg.resolve("magnesium").iri, kg.resolve("S-adenosylmethionine").iri
>>> best = find_paths(G, mg, sam, k=3)[0]
>>> print(best.text())  # doctest: +NORMALIZE_WHITESPACE
magnesium -cofactor of-> methionine adenosyltransferase 1A -catalyzes->
methionine adenosylation -has output-> S-adenosylmethionine
>>> best.evidence  # the weakest step's: Rhea's reaction record
'reference data'
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import NutrigraphError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "NoPath",
    "Path",
    "Step",
    "all_paths",
    "evidence_weight",
    "find_paths",
    "k_shortest_paths",
    "rank_paths",
    "shortest_path",
]

UNRATED = 5
"""The rank a step counts as when no source rates its evidence (that of "unverified")."""

_SCAN = 500  # at most this many paths are drawn from Yen's generator per search
_MISSES = 50  # and it stops after this many in a row that are too long


@dataclass(frozen=True)
class Step:
    """One edge of the projection, walked from ``source`` to ``target``.

    ``key`` is the edge's key (``"ng:cofactorOf"``, or ``"^ng:hasActiveForm"``
    when the relation is walked backwards) and ``data`` its attributes.
    """

    source: str
    target: str
    key: str
    data: Mapping[str, Any]

    @property
    def predicate(self) -> str:
        """IRI of the relation (the same whichever way it is walked)."""
        return self.data["predicate"]

    @property
    def label(self) -> str:
        """The relation as read in walking order ("cofactor of", "has cofactor")."""
        return self.data["label"]

    @property
    def inverse(self) -> bool:
        """Whether the relation is walked against its direction."""
        return bool(self.data.get("inverse"))

    @property
    def subject(self) -> str:
        """The subject of the RDF triple behind the step."""
        return self.target if self.inverse else self.source

    @property
    def object(self) -> str:
        """The object of the RDF triple behind the step."""
        return self.source if self.inverse else self.target

    @property
    def evidence(self) -> str | None:
        return self.data.get("evidence")

    @property
    def evidence_rank(self) -> int:
        rank = self.data.get("evidence_rank")
        return UNRATED if rank is None else rank

    @property
    def disputed(self) -> bool:
        return bool(self.data.get("disputed"))

    @property
    def sources(self) -> list[dict[str, Any]]:
        return list(self.data.get("sources", ()))


@dataclass(frozen=True)
class Path:
    """A route: steps from :attr:`source` to :attr:`target`, with node labels."""

    steps: tuple[Step, ...]
    labels: Mapping[str, str]

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def source(self) -> str:
        return self.nodes[0]

    @property
    def target(self) -> str:
        return self.nodes[-1]

    @property
    def length(self) -> int:
        return len(self.steps)

    @property
    def evidence_rank(self) -> int:
        """The weakest step's rank: a route is as strong as its weakest link."""
        return max(s.evidence_rank for s in self.steps)

    @property
    def evidence(self) -> str | None:
        """The weakest step's evidence level (``None`` if no source rates it)."""
        weakest = max(self.steps, key=lambda s: s.evidence_rank)
        return weakest.evidence

    @property
    def disputed(self) -> bool:
        return any(s.disputed for s in self.steps)

    @property
    def tier(self) -> int:
        """0 when every step is from a primary or curated source (rank 1-3), 1 with an
        article claim, 2 with an unverified or unrated step."""
        return max(_tier(s.evidence_rank) for s in self.steps)

    def rank_key(self) -> tuple:
        """What :func:`rank_paths` sorts by (see the module's documentation)."""
        mean = sum(s.evidence_rank for s in self.steps) / len(self.steps)
        return (self.disputed, self.tier, self.length, mean,
                [self.labels.get(n, n) for n in self.nodes])

    def text(self) -> str:
        """The path on one line: ``a -relation-> b -relation-> c``."""
        parts = [self.labels.get(self.source, self.source)]
        for step in self.steps:
            parts.append(f"-{step.label}-> {self.labels.get(step.target, step.target)}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: nodes, steps with their sources, evidence, disputes."""
        from .prefixes import compact

        return {
            "nodes": [{"iri": n, "curie": compact(n), "label": self.labels.get(n, n)}
                      for n in self.nodes],
            "length": self.length,
            "evidence": self.evidence,
            "evidence_rank": self.evidence_rank,
            "disputed": self.disputed,
            "steps": [{
                "from": compact(s.source), "to": compact(s.target),
                "relation": s.label, "predicate": compact(s.predicate),
                "inverse": s.inverse, "evidence": s.evidence,
                "evidence_rank": s.evidence_rank, "disputed": s.disputed,
                "disputed_by": list(s.data.get("disputed_by", ())),
                "sources": [{k: v for k, v in src.items() if k != "evidence_iri"}
                            for src in s.sources],
            } for s in self.steps],
        }

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The path in Jupyter: its steps with evidence, sources and sections, disputes marked.

        Examples
        --------
        >>> import nutrigraph
        >>> kg = nutrigraph.load()
        >>> G = kg.to_networkx()
        >>> mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
        >>> html = shortest_path(G, mg, ms)._repr_html_()
        >>> "DISPUTED by UniProtKB Q99707" in html
        True
        """
        from .display import notice

        return _path_html(self) + notice()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the route, not the dataclass's repr (which holds the
        # label of every node of the projection)
        printer.text(self.text())


def _path_html(path: Path) -> str:
    """The route on one line with linked nodes, then a table of its steps."""
    from .display import Html, escape, join, link, table

    route = [link(path.source, path.labels.get(path.source, path.source))]
    for step in path.steps:
        route += [escape(f" -{step.label}-> "), link(step.target,
                                                     path.labels.get(step.target, step.target))]
    plural = "s" if path.length != 1 else ""
    head = Html(f"<p><strong>{join(route)}</strong> ({path.length} step{plural}; weakest "
                f"evidence: {escape(path.evidence or 'not rated')})</p>\n")
    rows = [[i, link(s.source, path.labels.get(s.source, s.source)), s.label,
             link(s.target, path.labels.get(s.target, s.target)),
             s.evidence or "not rated", _step_sources_html(s), _disputed_html(s)]
            for i, s in enumerate(path.steps, 1)]
    return head + table(["step", "from", "relation", "to", "evidence", "sources", "disputed"],
                        rows)


def _step_sources_html(step: Step) -> str:
    """Each source of a step with its section and evidence level, one a line."""
    from .display import Html, escape, join, link

    cited: dict[str, None] = {}
    for source in step.sources:
        where = escape(source.get("source") or "source not stated")
        section, section_iri = source.get("section"), source.get("section_iri")
        if section:
            where += ", section " + (link(section_iri, section) if section_iri
                                     else escape(section))
        cited[f"{where} ({escape(source.get('evidence') or 'evidence not rated')})"] = None
    return join((Html(c) for c in cited), Html("<br>"))


def _disputed_html(step: Step) -> str:
    """``DISPUTED by ...`` in red for a disputed step, else nothing."""
    from .display import badge

    if not step.disputed:
        return ""
    return badge("DISPUTED by " + (", ".join(step.data.get("disputed_by", ()))
                                   or "another source"))


class NoPath(NutrigraphError, LookupError):
    """No path joins the two entities under the constraints given.

    ``partial`` holds the nearest partial paths: from the source towards the
    target, and from the target back towards the source (see :func:`find_paths`).
    """

    def __init__(self, source: str, target: str, partial: list[Path] | None = None,
                 why: str = ""):
        self.source, self.target = source, target
        self.partial = partial or []
        self.why = why
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"no path from {self.source} to {self.target}{self.why}"


def _tier(rank: int) -> int:
    return 0 if rank <= 3 else 1 if rank == 4 else 2


def evidence_weight(u: str, v: str, data: Mapping[str, Any]) -> float:
    """The default step cost: 1 curated, 3 article claim, 5 unverified; +20 disputed.

    ``data`` is the edge's attributes, as networkx passes them to a weight
    function; a predicate-aware weight has the same signature and may look at
    ``data["predicate"]``.

    Examples
    --------
    >>> evidence_weight("a", "b", {"evidence_rank": 1})
    1
    >>> evidence_weight("a", "b", {"evidence_rank": 4, "disputed": True})
    23
    """
    rank = data.get("evidence_rank")
    return (1, 3, 5)[_tier(UNRATED if rank is None else rank)] + (
        20 if data.get("disputed") else 0)


def rank_paths(paths: Iterable[Path]) -> list[Path]:
    """Order paths best first: undisputed, curated sources, then shortest (see above)."""
    return sorted(paths, key=Path.rank_key)


def shortest_path(G: nx.MultiDiGraph, source: str, target: str, **constraints: Any) -> Path:
    """The path with the fewest steps; among equally short ones, the best ranked.

    Takes the constraints of :func:`find_paths`. Raises :class:`NoPath`.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx(inverse=True)
    >>> shortest_path(G, kg.resolve("B12").iri, kg.resolve("methylcobalamin").iri).text()
    'vitamin B12 -has active form-> methylcobalamin'
    """
    fewest: list[Path] = []
    for path in _simple_paths(G, source, target, None, **constraints):
        if fewest and path.length > fewest[0].length:
            break  # by steps, Yen yields the shortest paths first
        fewest.append(path)
        if len(fewest) >= _SCAN:
            break
    if not fewest:
        options = _view_options(constraints)
        raise _no_path(G, _constrained(G, source, target, **options), source, target,
                       constrained=any(v is not None for v in options.values()))
    return rank_paths(fewest)[0]


def k_shortest_paths(G: nx.MultiDiGraph, source: str, target: str, k: int = 10, *,
                     weight: Callable[[str, str, Mapping[str, Any]], float] | str | None
                     = evidence_weight, **constraints: Any) -> list[Path]:
    """The ``k`` lightest simple paths, by Yen's algorithm, lightest first.

    ``weight`` is a function of ``(u, v, edge_attributes)`` (see
    :func:`evidence_weight`), an edge attribute name, or ``None`` to count
    steps. Takes the constraints of :func:`find_paths`.
    """
    return list(itertools.islice(_simple_paths(G, source, target, weight, **constraints), k))


def all_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 4,
              **constraints: Any) -> list[Path]:
    """Every simple path of at most ``max_length`` steps, ranked.

    Between two nodes joined by several relations, each relation makes its own
    path. Takes the constraints of :func:`find_paths`.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx()
    >>> mg, ado = kg.resolve("magnesium").iri, kg.resolve("adenosylcobalamin").iri
    >>> print(all_paths(G, mg, ado, max_length=3)[0])  # doctest: +NORMALIZE_WHITESPACE
    magnesium -part of-> Mg-ATP -input of-> cob(I)alamin adenosylation
    -has output-> adenosylcobalamin
    """
    import networkx as nx

    options = _view_options(constraints)
    view = _constrained(G, source, target, **options)
    if source == target:
        return []  # a path of no steps says nothing
    labels = _labels(G)
    paths = []
    for edges in nx.all_simple_edge_paths(view, source, target, cutoff=max_length):
        path = _path([Step(u, v, key, G.edges[u, v, key]) for u, v, key in edges], labels)
        if _passes_through(G, path, options["through"]):
            paths.append(path)
    return rank_paths(paths)


def find_paths(G: nx.MultiDiGraph, source: str, target: str, *, k: int = 10,
               max_length: int | None = None, through: Iterable[str] | None = None,
               avoid: Iterable[str] | None = None, predicates: Iterable[str] | None = None,
               avoid_predicates: Iterable[str] | None = None,
               weight: Callable[[str, str, Mapping[str, Any]], float] | str | None
               = evidence_weight) -> list[Path]:
    """The ``k`` best paths from ``source`` to ``target``, ranked.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A projection (:meth:`KnowledgeGraph.to_networkx`); with ``inverse=True``
        paths may walk relations backwards.
    source, target : str
        Node IRIs (``kg.resolve(name).iri``).
    k : int
        How many paths to return.
    max_length : int, optional
        Longest path, in steps.
    through : iterable of str, optional
        Category CURIEs or IRIs (``"ng:Enzyme"``): a path must pass through a
        node of one of them on the way.
    avoid : iterable of str, optional
        Category CURIEs or IRIs whose nodes a path must not pass through.
    predicates, avoid_predicates : iterable of str, optional
        Edge keys (``"ng:cofactorOf"``, ``"^ng:hasActiveForm"``) a path may use
        only / must not use. A plain key allows or forbids both directions.
    weight : callable, str or None
        The search's step cost (see :func:`k_shortest_paths`).

    Returns
    -------
    list of Path
        Best first, as the module documentation defines it.

    Raises
    ------
    NoPath
        When no path exists under the constraints; ``.partial`` holds the
        nearest partial paths from each side (see :class:`NoPath`).
    networkx.NodeNotFound
        If ``source`` or ``target`` is not a node of ``G``.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx(inverse=True)
    >>> mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
    >>> paths = find_paths(G, mg, ms, max_length=2)
    >>> paths[-1].text(), paths[-1].disputed  # the article's claim, which UniProt disputes
    ('magnesium -cofactor of-> methionine synthase', True)
    """
    options = dict(through=through, avoid=avoid, predicates=predicates,
                   avoid_predicates=avoid_predicates)
    return rank_paths(_candidates(G, source, target, max(4 * k, 40), max_length, weight,
                                  options))[:k]


def _candidates(G: nx.MultiDiGraph, source: str, target: str, wanted: int,
                max_length: int | None, weight: Any, constraints: dict[str, Any]) -> list[Path]:
    """Up to ``wanted`` paths from each of the two searches, unranked; NoPath if none."""
    options = _view_options(constraints)
    found: dict[tuple, Path] = {}
    # Two searches: by the weight, so that well-supported longer routes are found, and by
    # steps, so that short routes through article claims or disputed steps are found too
    # (they are ranked after, but a user asking "how" should see them).
    for by in (weight, None) if weight is not None else (None,):
        bound = None
        if max_length is not None:
            bound = (max_length if by is None else
                     max_length * evidence_weight("", "", {"disputed": True})
                     if by is evidence_weight else None)
        taken = misses = 0
        for scanned, path in enumerate(_simple_paths(G, source, target, by, **options)):
            # Yen yields paths lightest first: past the heaviest a path of max_length steps
            # can weigh, no later path is short enough. Each path costs a few shortest-path
            # searches, so a weighted search that keeps finding long paths is cut short.
            if (scanned >= _SCAN or misses >= _MISSES
                    or (bound is not None and _weight_of(path, by) > bound)):
                break
            if max_length is None or path.length <= max_length:
                found.setdefault(tuple((s.source, s.target, s.key) for s in path.steps), path)
                taken, misses = taken + 1, 0
                if taken >= wanted:
                    break
            else:
                misses += 1
    candidates = list(found.values())
    if not candidates:
        view = _constrained(G, source, target, **options)
        raise _no_path(G, view, source, target, max_length,
                       constrained=any(v is not None for v in options.values()))
    return candidates


# -- helpers --------------------------------------------------------------------------


def _view_options(constraints: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(constraints) - {"through", "avoid", "predicates", "avoid_predicates"}
    if unknown:
        raise TypeError(f"unknown constraint {sorted(unknown)[0]!r}")
    return {name: _iris(constraints.get(name)) if name in ("through", "avoid")
            else (None if constraints.get(name) is None else set(constraints[name]))
            for name in ("through", "avoid", "predicates", "avoid_predicates")}


def _iris(categories: Iterable[str] | None) -> set[str] | None:
    from .prefixes import compact

    return None if categories is None else {compact(c) for c in categories}


def _path(steps: list[Step], labels: Any) -> Path:
    """A Path that keeps the labels of its own nodes only (not the whole graph's)."""
    nodes = {steps[0].source, *(s.target for s in steps)} if steps else set()
    return Path(tuple(steps), {n: labels.get(n, n) for n in nodes})


class _Labels:
    """Node labels looked up in the graph when asked (a dict of all would cost seconds
    on a projection of a full SR28 import)."""

    def __init__(self, G: Any):
        self._nodes = G.nodes

    def get(self, node: str, default: str | None = None) -> str:
        data = self._nodes.get(node)
        return data.get("label", node) if data is not None else (default or node)


def _labels(G: Any) -> _Labels:
    return _Labels(G)


def _constrained(G: nx.MultiDiGraph, source: str, target: str, *, through=None, avoid=None,
                 predicates=None, avoid_predicates=None) -> nx.MultiDiGraph:
    """A read-only view of ``G`` without the nodes and edges the constraints forbid."""
    import networkx as nx

    for node in (source, target):
        if node not in G:
            raise nx.NodeNotFound(f"{node} is not in the graph")

    def node_ok(n: str) -> bool:
        return n in (source, target) or not avoid or not set(G.nodes[n]["categories"]) & avoid

    def edge_ok(u: str, v: str, key: str) -> bool:
        plain = key.lstrip("^")
        if predicates is not None and key not in predicates and plain not in predicates:
            return False
        return not avoid_predicates or (key not in avoid_predicates
                                        and plain not in avoid_predicates)

    if avoid is None and predicates is None and avoid_predicates is None:
        return G
    return nx.subgraph_view(G, filter_node=node_ok, filter_edge=edge_ok)


def _passes_through(G: nx.MultiDiGraph, path: Path, through: set[str] | None) -> bool:
    return not through or any(set(G.nodes[n]["categories"]) & through for n in path.nodes[1:-1])


def _best_edges(G: Any, nodes: Iterable[str]) -> Any:
    """A DiGraph over ``nodes`` with, between two of them, the one best-rated edge of
    ``G`` (Yen's algorithm takes no parallel edges): best by disputes, then evidence."""
    import networkx as nx

    simple = nx.DiGraph()
    # in sorted order: Yen's algorithm breaks ties between equally light paths by the order
    # of the edges, which must not depend on the order of a set (that is, on the process)
    simple.add_nodes_from(sorted(nodes))
    for u, v, key, data in G.edges(simple.nodes, keys=True, data=True):
        better = simple.get_edge_data(u, v)
        score = (bool(data.get("disputed")), data.get("evidence_rank") or UNRATED, key)
        if better is None or score < better["score"]:
            simple.add_edge(u, v, key=key, score=score, **data)
    return simple


# Simple graphs of the components of projections searched before, by projection: a
# projection is read-only and cached, and a full SR28 import has ~700,000 measurement
# nodes in components of their own that a search from magnesium never needs.
_SIMPLE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _simple_graph(G: Any, view: Any, source: str) -> Any:
    """The simple graph of the component of ``view`` (walked either way) holding ``source``."""
    import networkx as nx

    if view is G:
        for nodes, simple in _SIMPLE.get(G, ()):
            if source in nodes:
                return simple
    component = nx.node_connected_component(view.to_undirected(as_view=True), source)
    simple = _best_edges(view, component)
    if view is G:
        _SIMPLE.setdefault(G, []).append((frozenset(component), simple))
    return simple


def _simple_paths(G: nx.MultiDiGraph, source: str, target: str, weight, **constraints
                  ) -> Iterator[Path]:
    import networkx as nx

    options = _view_options(constraints)
    view = _constrained(G, source, target, **options)
    simple = _simple_graph(G, view, source)
    if target not in simple:
        return
    labels = _labels(G)
    try:
        for nodes in nx.shortest_simple_paths(simple, source, target, weight=weight):
            steps = []
            for u, v in itertools.pairwise(nodes):
                key = simple.edges[u, v]["key"]
                steps.append(Step(u, v, key, G.edges[u, v, key]))
            path = _path(steps, labels)
            if _passes_through(G, path, options["through"]):
                yield path
    except nx.NetworkXNoPath:
        return


def _weight_of(path: Path, weight) -> float:
    if weight is None:
        return float(path.length)
    if isinstance(weight, str):
        return float(sum(s.data.get(weight, 1) for s in path.steps))
    return float(sum(weight(s.source, s.target, s.data) for s in path.steps))


def _no_path(G: nx.MultiDiGraph, view: Any, source: str, target: str,
             max_length: int | None = None, constrained: bool = False) -> NoPath:
    """A :class:`NoPath` carrying the nearest partial paths from each side.

    From the source: the shortest paths (within the constraints) to the nodes it
    reaches that lie closest to the target in the whole graph, walking any
    direction; from the target likewise, walking back.
    """
    import networkx as nx

    labels = _labels(G)
    undirected = G.to_undirected(as_view=True)

    def nearest(start: str, goal: str, walk: Any, backwards: bool) -> list[Path]:
        reach = nx.single_source_shortest_path(walk, start, cutoff=max_length)
        distance = nx.single_source_shortest_path_length(undirected, goal)
        scored = [(distance[n], len(p), labels.get(n, n), n) for n, p in reach.items()
                  if n != start and n in distance]
        if not scored:
            return []
        best = min(s[0] for s in scored)
        paths = []
        for *_, n in sorted(s for s in scored if s[0] == best)[:3]:
            nodes = list(reversed(reach[n])) if backwards else reach[n]
            steps = []
            for u, v in itertools.pairwise(nodes):  # in walking order, as edges of the view
                key = min(view.get_edge_data(u, v))
                steps.append(Step(u, v, key, G.edges[u, v, key]))
            paths.append(_path(steps, labels))
        return paths

    partial = nearest(source, target, view, False)
    for path in nearest(target, source, view.reverse(copy=False), True):
        if all(path.steps != p.steps for p in partial):  # one path may be nearest both ways
            partial.append(path)
    where = (f" within {max_length} step{'s' if max_length != 1 else ''}"
             if max_length is not None else "")
    why = where + (" under the constraints given" if constrained else "")
    return NoPath(labels.get(source, source), labels.get(target, target), partial, why)
