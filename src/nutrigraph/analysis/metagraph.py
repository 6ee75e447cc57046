"""Metapaths: what kinds of route join two things, and how specific each kind is.

A path walks from entity to entity (magnesium, Mg-ATP, an adenosylation
reaction, adenosylcobalamin). Its *metapath* forgets the entities and keeps
what they are and how they are joined: the categories of the nodes and the
relations of the steps, here
``Nutrient -ng:partOf-> Metabolite -ng:inputOf-> Reaction -ng:hasOutput-> ActiveForm``.
Grouping the paths between two things by metapath shows at a glance which
kinds of connection the knowledge holds and how many instances of each.

The idea comes from Hetionet (Himmelstein et al. 2017, see References): a
graph whose nodes and edges have types has a *metagraph* of those types, and a
metapath is a walk through the metagraph. Counting paths per metapath rewards
routes through hubs: a vitamin that many foods provide and many processes need
lies on a great many paths, most of them saying little. The *degree-weighted
path count* (DWPC) corrects for that. Each
path counts for less the more edges of the same kind leave and enter the nodes
it passes through, so a route through specific links outweighs one through
busy ones.

Category of a node
------------------
A node may carry several nutrigraph classes (methylcobalamin is both an
``ng:ActiveForm`` and an ``ng:SupplementForm``). Its metapath category is the
most specific of them: a class that is a superclass of another of its classes
is dropped; of the rest, the one with the most superclasses in nutrigraph's
schema wins, and among equally deep ones the first in alphabetical order (so
methylcobalamin counts as an ``ng:ActiveForm``). A node with no nutrigraph
class (such as an SR28 nutrient record, a ``skos:Concept``) is an
``owl:Thing``.

References
----------
Himmelstein DS, Lizee A, Hessler C, Brueggeman L, Chen SL, Hadley D, Green A,
Khankhanian P, Baranzini SE. Systematic integration of biomedical knowledge
prioritizes drugs for repurposing. *eLife* 2017;6:e26726.
https://doi.org/10.7554/eLife.26726

Examples
--------
>>> import nutrigraph
>>> kg = nutrigraph.load()
>>> G = nutrigraph.to_networkx(kg)
>>> found = metapaths_between(G, kg.resolve("magnesium").iri,
...                           kg.resolve("S-adenosylmethionine").iri)
>>> print(found[0].text)
Nutrient -ng:cofactorOf-> Enzyme -ng:catalyzes-> Reaction -ng:hasOutput-> Metabolite
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..knowledge.schema import THING
from .paths import all_paths
from .projection import schema_of

if TYPE_CHECKING:
    import networkx as nx

    from .routes import Path

__all__ = ["THING", "Metapath", "category_of", "metapaths", "metapaths_between"]


@dataclass(frozen=True)
class Metapath:
    """Paths of one kind: the same node categories joined by the same relations.

    Attributes
    ----------
    pattern : tuple of str
        Category, edge key, category, ... as CURIEs, for example
        ``("ng:Nutrient", "ng:cofactorOf", "ng:Enzyme")``. A step walked against
        the relation's direction has the key ``"^ng:cofactorOf"``.
    paths : tuple of Path
        The paths of this kind, in the order they were given.
    dwpc : float
        Degree-weighted path count (see :func:`metapaths`).
    """

    pattern: tuple[str, ...]
    paths: tuple[Path, ...] = field(repr=False)
    dwpc: float = 0.0

    @property
    def path_count(self) -> int:
        """How many paths follow this metapath."""
        return len(self.paths)

    @property
    def length(self) -> int:
        """Number of steps."""
        return len(self.pattern) // 2

    @property
    def text(self) -> str:
        """The pattern as one line: ``Nutrient -ng:partOf-> Metabolite <-ng:hasInput- Reaction``.

        Forward steps are written ``-key->``; steps walked backwards ``<-key-``,
        so that the arrow always points from the relation's subject to its object.
        """
        parts = [_short(self.pattern[0])]
        for key, category in zip(self.pattern[1::2], self.pattern[2::2], strict=True):
            arrow = f"<-{key[1:]}-" if key.startswith("^") else f"-{key}->"
            parts += [arrow, _short(category)]
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the metapath, its counts, and each path with its sources."""
        from ..render import document

        return document(self)


def category_of(G: nx.MultiDiGraph, node: str) -> str:
    """The most specific nutrigraph category of a node, as a CURIE.

    See the module's notes for how one of several classes is chosen.

    Examples
    --------
    >>> import nutrigraph
    >>> G = nutrigraph.to_networkx(nutrigraph.load())
    >>> G.nodes["https://w3id.org/nutrigraph/kb/methylcobalamin"]["categories"]
    ('ng:ActiveForm', 'ng:SupplementForm')
    >>> category_of(G, "https://w3id.org/nutrigraph/kb/methylcobalamin")
    'ng:ActiveForm'
    """
    return schema_of(G).most_specific(G.nodes[node].get("categories", ()))


def metapaths(G: nx.MultiDiGraph, paths: Iterable[Path], *,
              damping: float = 0.4) -> list[Metapath]:
    """Group paths by metapath, with their path count and degree-weighted path count.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection the paths were found in (:func:`nutrigraph.to_networkx`).
    paths : iterable of Path
        Paths such as :func:`nutrigraph.all_paths` returns.
    damping : float
        The exponent *w* of the DWPC; 0 makes the DWPC the path count. 0.4 is
        the value Hetionet's tools use.

    Returns
    -------
    list of Metapath
        Most paths first, then highest DWPC, then by text.

    Notes
    -----
    The DWPC follows Himmelstein et al. 2017 (eLife 6:e26726). A *metaedge* is
    an edge key with the categories of its two ends (``Nutrient -ng:cofactorOf->
    Enzyme``). For a step from ``u`` to ``v`` on a metaedge, ``out(u)`` counts the
    edges of that metaedge leaving ``u`` and ``in(v)`` those entering ``v``. The
    path degree product is the product, over the steps, of
    ``(out(u) * in(v)) ** -damping``, and the DWPC of a metapath is the sum of its
    paths' products. A step walked backwards (key ``^ng:cofactorOf``) is the
    relation read from object to subject, and its degrees are counted that way,
    whether or not ``G`` holds the reversed edges.

    Examples
    --------
    >>> import nutrigraph
    >>> from nutrigraph.analysis.paths import all_paths
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> mg, b12 = kg.resolve("magnesium").iri, kg.resolve("vitamin B12").iri
    >>> for m in metapaths(G, all_paths(G, mg, b12, max_length=2)):
    ...     print(m.path_count, m.text)
    1 Nutrient -ng:safelyCombinedWith-> Nutrient
    1 Nutrient -ng:synergisticWith-> Nutrient
    1 Nutrient -ng:requiredFor-> BiologicalProcess -ng:hasInput-> Nutrient
    """
    categories: dict[str, str] = {}

    def category(node: str) -> str:
        if node not in categories:
            categories[node] = category_of(G, node)
        return categories[node]

    degrees: dict[tuple[str, str, str, bool], int] = {}

    def degree(node: str, key: str, other: str, leaving: bool) -> int:
        """Edges of ``key`` that leave (or enter) ``node`` from nodes of category ``other``."""
        memo = (node, key, other, leaving)
        if memo not in degrees:
            # ^key leaving a node is key entering it: count on the forward edges only
            backwards = key.startswith("^")
            forward = key[1:] if backwards else key
            out = leaving != backwards
            adjacent = G.succ[node] if out else G.pred[node]
            degrees[memo] = sum(1 for neighbour, keys in adjacent.items()
                                if forward in keys and category(neighbour) == other)
        return degrees[memo]

    groups: dict[tuple[str, ...], list[Path]] = {}
    weights: dict[tuple[str, ...], float] = {}
    for path in paths:
        if not path.steps:
            continue  # a node's path to itself has no kind
        pattern: list[str] = [category(path.source)]
        product = 1.0
        for step in path.steps:
            start, end = category(step.source), category(step.target)
            pattern += [step.key, end]
            product *= (degree(step.source, step.key, end, True)
                        * degree(step.target, step.key, start, False)) ** -damping
        key = tuple(pattern)
        groups.setdefault(key, []).append(path)
        weights[key] = weights.get(key, 0.0) + product

    found = [Metapath(pattern, tuple(members), weights[pattern])
             for pattern, members in groups.items()]
    found.sort(key=lambda m: (-m.path_count, -m.dwpc, m.text))
    return found


def metapaths_between(G: nx.MultiDiGraph, source: str, target: str, *, max_length: int = 3,
                      damping: float = 0.4, **constraints: Any) -> list[Metapath]:
    """The metapaths of every path from ``source`` to ``target``.

    ``metapaths(G, all_paths(G, source, target, max_length=max_length, ...))``;
    ``constraints`` (``through``, ``avoid``, ``predicates``, ``avoid_predicates``)
    go to :func:`nutrigraph.all_paths`.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not a node of ``G`` (an entity that is in
        no relation is not).

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> found = metapaths_between(G, kg.resolve("magnesium").iri,
    ...                           kg.resolve("adenosylcobalamin").iri)
    >>> len(found), found[0].path_count, round(found[0].dwpc, 3)
    (8, 1, 1.0)
    >>> print(found[0].text)
    Nutrient -ng:partOf-> Metabolite -ng:inputOf-> Reaction -ng:hasOutput-> ActiveForm
    """
    if source == target:
        return []  # no simple path leaves a node and comes back to it
    return metapaths(G, all_paths(G, source, target, max_length=max_length, **constraints),
                     damping=damping)


def _short(category: str) -> str:
    """``Nutrient`` for ``ng:Nutrient``, ``Thing`` for ``owl:Thing``."""
    return category.split(":", 1)[1] if category.startswith(("ng:", "owl:")) else category

