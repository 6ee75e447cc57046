"""Routes between two entities through the projected graph, best supported first.

The functions take a projection (:func:`nutrigraph.to_networkx`) first, as
networkx's do, and node IRIs. A :class:`Path` is a sequence of :class:`Step`
objects, each one edge of the projection with its provenance.

**Ranking.** Paths are ordered by the support of their steps first and by
length second, as the graph's evidence scale
(:class:`~nutrigraph.knowledge.EvidenceScale`, read from ``ontology/``) says:

1. paths with no disputed step before paths with one;
2. by the evidence group of the weakest step: paths whose every step comes from
   a primary or curated source (experimental, authoritative review, reference
   data, by similarity) before paths with an article claim, and those before
   paths with an unverified or unrated step;
3. shorter paths first;
4. then by the mean evidence rank of the steps, and by the labels along the
   path, so that the order is stable.

**Search.** :func:`k_shortest_paths` runs Yen's algorithm
(:func:`networkx.shortest_simple_paths`) with an evidence-aware weight
(:func:`evidence_weight`): each step costs its evidence level's path weight (1
for a curated step, 3 for an article claim, 5 for an unverified or unrated
one), and a disputed step 20 more, so well-supported routes are found first.
:func:`find_paths` takes the first ``max(4 k, 40)`` paths it yields, and as
many from a search by number of steps (so that short routes through article
claims and disputed steps are seen too), and ranks them all as above. Each
search draws at most 500 paths, and stops after 50 in a row longer than
``max_length``.

**Limits.** ``k`` is at most :data:`MAX_ROUTES` and ``max_length`` at most
:data:`MAX_PATH_LENGTH`; past them the functions raise
:class:`~nutrigraph.errors.OverLimit` at once. A route needs two different
entities: from an entity to itself they raise
:class:`~nutrigraph.errors.SameEntity` (no route is needed).

Examples
--------
>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> G = nutrigraph.to_networkx(kg, inverse=True)
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
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import OverLimit, SameEntity
from ..knowledge.evidence import EvidenceScale, shipped_scale
from . import search
from .projection import scale_of
from .routes import NoPath, Path, Step

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "MAX_PATH_LENGTH",
    "MAX_ROUTES",
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

MAX_ROUTES = 100
"""The most routes ``k`` may ask for: each route Yen's algorithm finds costs a
shortest-path search, so :func:`k_shortest_paths` with no bound runs for minutes."""

MAX_PATH_LENGTH = 20
"""The longest route, in steps, that ``max_length`` may ask for."""


def check_request(G: nx.MultiDiGraph, source: str, target: str, *, k: int | None = None,
                  max_length: int | None = None) -> None:
    """Raise before searching: :class:`~nutrigraph.errors.SameEntity` when ``source``
    is ``target``, :class:`~nutrigraph.errors.OverLimit` when ``k`` or ``max_length``
    is out of its range (1 to :data:`MAX_ROUTES`, 1 to :data:`MAX_PATH_LENGTH`).

    Examples
    --------
    >>> check_request(None, "a", "b", k=10**9)
    Traceback (most recent call last):
    ...
    nutrigraph.errors.OverLimit: k must be from 1 to 100 (MAX_ROUTES), not 1000000000
    """
    for name, value, limit, constant in (("k", k, MAX_ROUTES, "MAX_ROUTES"),
                                         ("max_length", max_length, MAX_PATH_LENGTH,
                                          "MAX_PATH_LENGTH")):
        if value is not None and not 1 <= value <= limit:
            raise OverLimit(f"{name} must be from 1 to {limit} ({constant}), not {value}")
    if source == target:
        raise SameEntity(search.label(G, source))


def evidence_weight(u: str, v: str, data: Mapping[str, Any], *,
                    scale: EvidenceScale | None = None) -> float:
    """The default step cost: the path weight of the step's evidence level, plus the
    disputed group's when another source disputes it (see the module's notes).

    ``data`` is the edge's attributes, as networkx passes them to a weight
    function; a predicate-aware weight has the same signature and may look at
    ``data["predicate"]``. ``scale`` is the evidence scale to weigh by (the one
    that ships with nutrigraph when not given; the search functions pass the
    projection's).

    Examples
    --------
    >>> evidence_weight("a", "b", {"evidence_rank": 1})
    1.0
    >>> evidence_weight("a", "b", {"evidence_rank": 4, "disputed": True})
    23.0
    """
    scale = scale or shipped_scale()
    return scale.weight(data.get("evidence_rank"), disputed=bool(data.get("disputed")))


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
    >>> G = nutrigraph.to_networkx(kg, inverse=True)
    >>> shortest_path(G, kg.resolve("B12").iri, kg.resolve("methylcobalamin").iri).text()
    'vitamin B12 -has active form-> methylcobalamin'
    """
    check_request(G, source, target)
    fewest: list[Path] = []
    for path in search.simple_paths(G, source, target, None, **constraints):
        if fewest and path.length > fewest[0].length:
            break  # by steps, Yen yields the shortest paths first
        fewest.append(path)
        if len(fewest) >= search.SCAN:
            break
    if not fewest:
        options = search.view_options(constraints)
        raise search.no_path(G, search.constrained(G, source, target, **options), source,
                             target, constrained=any(v is not None for v in options.values()))
    return rank_paths(fewest)[0]


def k_shortest_paths(G: nx.MultiDiGraph, source: str, target: str, k: int = 10, *,
                     weight: Callable[[str, str, Mapping[str, Any]], float] | str | None
                     = evidence_weight, **constraints: Any) -> list[Path]:
    """The ``k`` lightest simple paths, by Yen's algorithm, lightest first.

    ``weight`` is a function of ``(u, v, edge_attributes)`` (see
    :func:`evidence_weight`), an edge attribute name, or ``None`` to count
    steps. Takes the constraints of :func:`find_paths`; ``k`` is at most
    :data:`MAX_ROUTES`.
    """
    check_request(G, source, target, k=k)
    return list(itertools.islice(
        search.simple_paths(G, source, target, _weight(G, weight), **constraints), k))


def all_paths(G: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 4,
              **constraints: Any) -> list[Path]:
    """Every simple path of at most ``max_length`` steps, ranked.

    Between two nodes joined by several relations, each relation makes its own
    path. Takes the constraints of :func:`find_paths`.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> mg, ado = kg.resolve("magnesium").iri, kg.resolve("adenosylcobalamin").iri
    >>> print(all_paths(G, mg, ado, max_length=3)[0])  # doctest: +NORMALIZE_WHITESPACE
    magnesium -part of-> Mg-ATP -input of-> cob(I)alamin adenosylation
    -has output-> adenosylcobalamin
    """
    import networkx as nx

    options = search.view_options(constraints)
    view = search.constrained(G, source, target, **options)
    if source == target:
        return []  # a path of no steps says nothing
    paths = []
    for edges in nx.all_simple_edge_paths(view, source, target, cutoff=max_length):
        path = search.path_of(G, edges)
        if search.passes_through(G, path, options["through"]):
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
        A projection (:func:`nutrigraph.to_networkx`); with ``inverse=True``
        paths may walk relations backwards.
    source, target : str
        Node IRIs (``kg.resolve(name).iri``).
    k : int
        How many paths to return, from 1 to :data:`MAX_ROUTES`.
    max_length : int, optional
        Longest path, in steps, from 1 to :data:`MAX_PATH_LENGTH`.
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
    SameEntity
        If ``source`` is ``target``: no route is needed.
    OverLimit
        If ``k`` or ``max_length`` is out of its range.
    networkx.NodeNotFound
        If ``source`` or ``target`` is not a node of ``G``.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg, inverse=True)
    >>> mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
    >>> paths = find_paths(G, mg, ms, max_length=2)
    >>> paths[-1].text(), paths[-1].disputed  # the article's claim, which UniProt disputes
    ('magnesium -cofactor of-> methionine synthase', True)
    """
    check_request(G, source, target, k=k, max_length=max_length)
    options = dict(through=through, avoid=avoid, predicates=predicates,
                   avoid_predicates=avoid_predicates)
    return rank_paths(candidates(G, source, target, max(4 * k, 40), max_length, weight,
                                 options))[:k]


def candidates(G: nx.MultiDiGraph, source: str, target: str, wanted: int,
               max_length: int | None, weight: Any, constraints: dict[str, Any]) -> list[Path]:
    """Up to ``wanted`` paths from each of the two searches of :func:`find_paths`, unranked.

    Raises :class:`NoPath` when there is none.
    """
    scale = scale_of(G)
    weigh = _weight(G, weight)
    bound = None
    if max_length is not None and weight is evidence_weight:
        # past the heaviest a path of max_length steps can weigh, no path is short enough
        bound = max_length * max(scale.weight(level.rank, disputed=True)
                                 for level in scale.levels)
    return search.candidates(G, source, target, wanted, max_length, weigh, bound, constraints)


def _weight(G: nx.MultiDiGraph, weight: Any) -> Any:
    """The weight a search runs with: the projection's scale for :func:`evidence_weight`."""
    return scale_of(G).step_weight() if weight is evidence_weight else weight
