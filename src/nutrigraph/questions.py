"""The questions every front end asks, answered as JSON documents and figures.

The command line's ``--format json`` and the HTTP API (:mod:`nutrigraph.server`) both
answer through these functions, so that a question asked either way gets the same
document. Each takes the graph first, then the question's names and options as the
command line takes them; the work is done by :mod:`nutrigraph.analysis` and
:mod:`nutrigraph.plot`, the document by :mod:`nutrigraph.render.documents`.

Examples
--------
>>> from nutrigraph import load
>>> kg = load()
>>> document = explanation(kg, "magnesium", "methionine synthase", k=1)
>>> document["source"]["curie"], document["routes"][0]["route"].split(" ")[0]
('ngk:magnesium', 'magnesium')
>>> "not medical advice" in document["notice"]
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .errors import SameEntity

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from .analysis.routes import Path
    from .graph import KnowledgeGraph
    from .resolve import Entity

__all__ = [
    "FIGURES",
    "MAX_DEPTH",
    "MAX_EXAMPLES",
    "MAX_LANES",
    "MAX_METAPATH_LENGTH",
    "MAX_RADIUS",
    "MAX_SYMPTOMS",
    "MAX_TOP",
    "differential",
    "explanation",
    "figure",
    "metapaths",
    "neighbors",
    "overlap",
    "paths",
    "resolution",
    "routes",
]


# The bounds of the questions' counts (with analysis.paths.MAX_ROUTES, routes per
# question): past them an answer takes minutes or fills pages. The command line's options
# and the HTTP API's parameters refuse a value past them, in one line, before any work.
MAX_DEPTH = 4
"""``neighbors``' depth: the table grows with each relation further (in the bundled
graph, 4 relations from magnesium reach everything it is connected to)."""
MAX_METAPATH_LENGTH = 6
"""``metapaths``' longest path: every path is walked, and their number grows two to three
times with each step."""
MAX_EXAMPLES = 20
"""``metapaths --examples``: paths shown under each metapath."""
MAX_SYMPTOMS = 30
"""The mechanism figure's symptoms."""
MAX_LANES = 20
"""The route figure's routes: one lane each."""
MAX_RADIUS = 3
"""The neighbourhood figure's rings, one per relation."""
MAX_TOP = 50
"""The food figure's bars per nutrient."""


def _categories(kg: KnowledgeGraph, names: Sequence[str] | None) -> list[str] | None:
    """Category names (``enzyme``, ``ng:Food``...) as class IRIs; ``None`` for none."""
    from .knowledge import read_schema

    if not names:
        return None
    schema = read_schema(kg)
    return [schema.find_class(name) for name in names]


def _same_entity(kg: KnowledgeGraph, source: str, target: str, found: str) -> dict[str, Any]:
    from .render import documents

    start, goal = kg.resolve(source), kg.resolve(target)
    return documents.answer({"source": documents.entity(start), "target": documents.entity(goal),
                             found: [], "same_entity": str(SameEntity(start.label,
                                                                      (source, target)))})


def resolution(kg: KnowledgeGraph, name: str) -> dict[str, Any]:
    """The entity a name, synonym or CURIE refers to, with its standard identifiers."""
    from .render import documents

    entity = kg.resolve(name)
    return {**documents.entity(entity), "xrefs": list(entity.xrefs)}


def explanation(kg: KnowledgeGraph, source: str, target: str, *, k: int = 3,
                max_length: int = 6, through: Sequence[str] | None = None,
                avoid: Sequence[str] | None = None) -> dict[str, Any]:
    """``nutrigraph explain --format json``: ranked routes told in sentences."""
    from .analysis import explain
    from .render import documents

    try:
        report = explain(kg, source, target, k=k, max_length=max_length,
                         through=list(through or ()) or None, avoid=list(avoid or ()) or None)
    except SameEntity:
        return _same_entity(kg, source, target, "routes")
    return documents.explanation(report)


def routes(kg: KnowledgeGraph, source: str, target: str, *, k: int = 5, max_length: int = 6,
           through: Sequence[str] | None = None, avoid: Sequence[str] | None = None,
           ) -> tuple[Entity, Entity, nx.MultiDiGraph, list[Path]]:
    """The ends, the projection walked either way, and the best-supported routes.

    Raises
    ------
    SameEntity
        Both names are one entity: no route is needed.
    NoPath
        No route within the bounds; an end in no relation is not in the projection.
    """
    from .analysis import NoPath, find_paths, to_networkx

    start, goal = kg.resolve(source), kg.resolve(target)
    if start.iri == goal.iri:
        raise SameEntity(start.label, (source, target))
    G = to_networkx(kg, inverse=True)
    alone = [e.label for e in (start, goal) if e.iri not in G]
    if alone:
        raise NoPath(start.label, goal.label, why=f"; {alone[0]} is in no relation")
    return start, goal, G, find_paths(G, start.iri, goal.iri, k=k, max_length=max_length,
                                      through=_categories(kg, through),
                                      avoid=_categories(kg, avoid))


def paths(kg: KnowledgeGraph, source: str, target: str, *, k: int = 5, max_length: int = 6,
          through: Sequence[str] | None = None,
          avoid: Sequence[str] | None = None) -> dict[str, Any]:
    """``nutrigraph path --format json``: the best-supported routes, or the nearest
    partial ones and why there is none (``"no_path"``)."""
    from .analysis import NoPath
    from .render import documents

    try:
        start, goal, _, found = routes(kg, source, target, k=k, max_length=max_length,
                                       through=through, avoid=avoid)
    except SameEntity:
        return _same_entity(kg, source, target, "paths")
    except NoPath as missing:
        return documents.paths_answer(kg.resolve(source), kg.resolve(target), missing=missing)
    return documents.paths_answer(start, goal, found)


def neighbors(kg: KnowledgeGraph, entity: str, *, depth: int = 1,
              categories: Sequence[str] | None = None) -> dict[str, Any]:
    """``nutrigraph neighbors --format json``: every relation, either way, with sources."""
    from .analysis import neighbor_table, to_networkx
    from .prefixes import compact
    from .render import documents

    centre = kg.resolve(entity)
    wanted = _categories(kg, categories)
    G = to_networkx(kg)
    rows = neighbor_table(G, centre.iri, depth=depth, categories=wanted) if centre.iri in G else []
    return documents.answer({"entity": documents.entity(centre), "depth": depth,
                             "categories": [compact(c) for c in wanted or []] or None,
                             "neighbors": [documents.neighbor_row(row) for row in rows]})


def metapaths(kg: KnowledgeGraph, source: str, target: str, *, max_length: int = 3,
              directed: bool = False, through: Sequence[str] | None = None,
              avoid: Sequence[str] | None = None) -> dict[str, Any]:
    """``nutrigraph metapaths --format json``: the kinds of path, with counts and DWPC."""
    from .analysis import metapaths_between, to_networkx
    from .render import documents

    start, goal = kg.resolve(source), kg.resolve(target)
    constraints = {"through": _categories(kg, through), "avoid": _categories(kg, avoid)}
    G = to_networkx(kg, inverse=not directed)
    found = (metapaths_between(G, start.iri, goal.iri, max_length=max_length, **constraints)
             if start.iri in G and goal.iri in G else [])
    return documents.answer({
        "source": documents.entity(start), "target": documents.entity(goal),
        "max_length": max_length, "directed": directed,
        "metapaths": [documents.metapath(m) for m in found]})


def differential(kg: KnowledgeGraph, symptoms: Sequence[str], *,
                 inherited: bool = False) -> dict[str, Any]:
    """``nutrigraph differential --format json``: ranked deficiencies with evidence; with
    ``inherited`` (``--inherited``), the inherited disorders too, ranked apart."""
    from .analysis import differential as rank
    from .render import documents

    return documents.differential(rank(kg, symptoms, inherited=inherited))


def overlap(kg: KnowledgeGraph, first: str, second: str) -> dict[str, Any]:
    """``nutrigraph overlap --format json``: the symptoms two deficiencies share."""
    from .analysis import symptom_overlap
    from .render import documents

    return documents.overlap(symptom_overlap(kg, first, second))


FIGURES = ("mechanism", "path", "neighborhood", "symptoms", "symptom-matrix", "foods",
           "intakes")
"""The figures :func:`figure` draws, as ``nutrigraph plot`` names them."""


def figure(kg: KnowledgeGraph, kind: str, **options: Any) -> Figure:
    """One of ``nutrigraph plot``'s figures, with that command's options.

    ``mechanism(nutrients, max_symptoms)``, ``path(source, target, k, max_length,
    through, avoid)``, ``neighborhood(entity, radius, categories)``,
    ``symptoms(first, second)``, ``symptom-matrix(nutrients)``, ``foods(nutrients, top,
    both)``, ``intakes(nutrient)``.

    Raises
    ------
    NoPath
        ``path`` between entities no route joins.
    SameEntity
        ``path`` from an entity to itself.
    """
    from . import plot

    if kind == "mechanism":
        return plot.mechanism(kg, nutrients=options.get("nutrients") or ("magnesium",
                                                                         "vitamin B12"),
                              max_symptoms=options.get("max_symptoms", 6))
    if kind == "path":
        _, _, G, found = routes(kg, options["source"], options["target"], k=options.get("k", 5),
                                max_length=options.get("max_length", 6),
                                through=options.get("through"), avoid=options.get("avoid"))
        return plot.paths(G, found)
    if kind == "neighborhood":
        return plot.neighborhood(kg, options["entity"], radius=options.get("radius", 1),
                                 categories=list(options.get("categories") or ()) or None)
    if kind == "symptoms":
        pair = [options[side] for side in ("first", "second") if options.get(side)]
        return plot.symptom_overlap(kg, *pair)
    if kind == "symptom-matrix":
        return plot.symptom_matrix(kg, options.get("nutrients") or ("magnesium", "vitamin B12"))
    if kind == "foods":
        if options.get("both"):
            return plot.foods_rich_in_both(kg, top=options.get("top", 10))
        return plot.foods(kg, options.get("nutrients") or ("magnesium", "vitamin B12"),
                          top=options.get("top", 10))
    if kind == "intakes":
        return plot.intakes(kg, options.get("nutrient") or "magnesium")
    raise ValueError(f"no figure {kind!r}; choose one of {', '.join(FIGURES)}")
