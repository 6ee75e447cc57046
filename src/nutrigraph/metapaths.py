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
>>> G = kg.to_networkx()
>>> found = metapaths_between(G, kg.resolve("magnesium").iri,
...                           kg.resolve("S-adenosylmethionine").iri)
>>> print(found[0].text)
Nutrient -ng:cofactorOf-> Enzyme -ng:catalyzes-> Reaction -ng:hasOutput-> Metabolite
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .prefixes import NG, compact

if TYPE_CHECKING:
    import networkx as nx

    from .paths import Path

__all__ = [
    "THING",
    "Metapath",
    "category_of",
    "metapaths",
    "metapaths_between",
    "metapaths_text",
    "most_specific",
    "ng_class_ancestors",
]

THING = "owl:Thing"
"""The category of a node that has no nutrigraph class."""


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
        return {
            "metapath": self.text,
            "pattern": list(self.pattern),
            "length": self.length,
            "path_count": self.path_count,
            "dwpc": self.dwpc,
            "paths": [{"text": path.text(), **path.to_dict()} for path in self.paths],
        }


def category_of(G: nx.MultiDiGraph, node: str) -> str:
    """The most specific nutrigraph category of a node, as a CURIE.

    See the module's notes for how one of several classes is chosen.

    Examples
    --------
    >>> import nutrigraph
    >>> G = nutrigraph.load().to_networkx()
    >>> G.nodes["https://w3id.org/nutrigraph/kb/methylcobalamin"]["categories"]
    ('ng:ActiveForm', 'ng:SupplementForm')
    >>> category_of(G, "https://w3id.org/nutrigraph/kb/methylcobalamin")
    'ng:ActiveForm'
    """
    return most_specific(G.nodes[node].get("categories", ()))


def most_specific(categories: Iterable[str]) -> str:
    """The most specific of some nutrigraph classes (CURIEs or IRIs), as a CURIE.

    Examples
    --------
    >>> most_specific(["ng:Food", "ng:FoodGroup"])
    'ng:FoodGroup'
    >>> most_specific([])
    'owl:Thing'
    """
    return _most_specific(tuple(sorted(_iri(c) for c in categories)))


@functools.lru_cache(maxsize=1024)
def _most_specific(iris: tuple[str, ...]) -> str:
    ancestors = ng_class_ancestors()
    known = [c for c in iris if c in ancestors]
    if not known:
        return THING
    leaves = [c for c in known if not any(c in ancestors[other] for other in known)]
    best = min(leaves, key=lambda c: (-len(ancestors[c]), c))
    return compact(best)


def metapaths(G: nx.MultiDiGraph, paths: Iterable[Path], *,
              damping: float = 0.4) -> list[Metapath]:
    """Group paths by metapath, with their path count and degree-weighted path count.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection the paths were found in (:meth:`KnowledgeGraph.to_networkx`).
    paths : iterable of Path
        Paths such as :func:`nutrigraph.paths.all_paths` returns.
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
    >>> from nutrigraph.paths import all_paths
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx()
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
    go to :func:`nutrigraph.paths.all_paths`.

    Raises
    ------
    networkx.NodeNotFound
        If ``source`` or ``target`` is not a node of ``G`` (an entity that is in
        no relation is not).

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx()
    >>> found = metapaths_between(G, kg.resolve("magnesium").iri,
    ...                           kg.resolve("adenosylcobalamin").iri)
    >>> len(found), found[0].path_count, round(found[0].dwpc, 3)
    (8, 1, 1.0)
    >>> print(found[0].text)
    Nutrient -ng:partOf-> Metabolite -ng:inputOf-> Reaction -ng:hasOutput-> ActiveForm
    """
    from .paths import all_paths

    if source == target:
        return []  # no simple path leaves a node and comes back to it
    return metapaths(G, all_paths(G, source, target, max_length=max_length, **constraints),
                     damping=damping)


def metapaths_text(found: list[Metapath], *, examples: int = 3) -> str:
    """Metapaths as a table for the terminal, each with up to ``examples`` of its paths.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> G = kg.to_networkx()
    >>> mg, b12 = kg.resolve("magnesium").iri, kg.resolve("B12").iri
    >>> print(metapaths_text(metapaths_between(G, mg, b12, max_length=2), examples=1))
    paths  DWPC   metapath
    -----  -----  --------
    1      1.000  Nutrient -ng:safelyCombinedWith-> Nutrient
                    magnesium -safely combined with-> vitamin B12
    1      1.000  Nutrient -ng:synergisticWith-> Nutrient
                    magnesium -synergistic with-> vitamin B12
    1      0.574  Nutrient -ng:requiredFor-> BiologicalProcess -ng:hasInput-> Nutrient
                    magnesium -required for-> B12 activation -has input-> vitamin B12
    (3 metapaths, 3 paths)
    """
    lines = ["paths  DWPC   metapath", "-----  -----  --------"]
    for m in found:
        lines.append(f"{m.path_count:<5}  {m.dwpc:.3f}  {m.text}")
        lines += [f"{'':16}{path.text()}" for path in m.paths[:examples]]
        if m.path_count > examples:
            lines.append(f"{'':16}... and {m.path_count - examples} more")
    paths = sum(m.path_count for m in found)
    lines.append(f"({len(found)} metapath{'s' * (len(found) != 1)}, "
                 f"{paths} path{'s' * (paths != 1)})")
    return "\n".join(lines)


# -- the schema's classes --------------------------------------------------------------


@functools.cache
def ng_class_ancestors() -> dict[str, frozenset[str]]:
    """Each nutrigraph class (IRI) with its nutrigraph superclasses, read from the schema.

    The schema that ships with nutrigraph declares every ``ng:`` class (data may
    only use those), so it is read once from the package and not from a graph.

    Examples
    --------
    >>> sorted(compact(c) for c in ng_class_ancestors()[NG + "FoodGroup"])
    ['ng:Food']
    """
    import pyoxigraph as ox

    from .bundled import bundled_files

    subclass = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    declared = {"http://www.w3.org/2002/07/owl#Class"}
    parents: dict[str, set[str]] = {}
    for triple in ox.parse(path=bundled_files()[0]):
        s, p, o = triple.subject, triple.predicate, triple.object
        if not (isinstance(s, ox.NamedNode) and s.value.startswith(NG)):
            continue
        if p.value.endswith("#type") and o.value in declared:
            parents.setdefault(s.value, set())
        elif p.value == subclass and isinstance(o, ox.NamedNode) and o.value.startswith(NG):
            parents.setdefault(s.value, set()).add(o.value)

    def up(cls: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        found: set[str] = set()
        for parent in parents.get(cls, ()):
            if parent not in seen:
                found |= {parent, *up(parent, seen | {cls})}
        return frozenset(found)

    return {cls: up(cls) for cls in parents}


def _iri(category: str) -> str:
    return NG + category[3:] if category.startswith("ng:") else category


def _short(category: str) -> str:
    """``Nutrient`` for ``ng:Nutrient``, ``Thing`` for ``owl:Thing``."""
    return category.split(":", 1)[1] if category.startswith(("ng:", "owl:")) else category

