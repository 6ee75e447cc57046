"""Text, HTML and JSON for every result nutrigraph gives: one place for how answers look.

:func:`text`, :func:`html` and :func:`document` take a result (a query result, a
path, a route, an explanation, a differential, a symptom overlap, a metapath, a
neighbour row, the graph itself) and give what a terminal, a notebook or page, and
a JSON reader see. The results' ``__str__``, ``text()``, ``to_dict()`` and Jupyter
views call them. This package reads the results it is given and imports none of
the rooms that make them, so that it can be called from all of them.

**The notice.** nutrigraph informs; it does not diagnose. Every answer about health
ends with :data:`nutrigraph.advice.NOT_ADVICE`: the last line of a text report, the
last paragraph of an HTML view, the ``"notice"`` field of a JSON document. Where an
answer is written in a standard format that has no room for it (SPARQL results as
CSV, TSV or W3C JSON; RDF), the command line writes it on stderr.

**JSON.** One vocabulary for every document (:mod:`nutrigraph.render.documents`): an
entity is ``{"iri", "curie", "label"}``, evidence is a level's label and rank.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["document", "html", "text"]

# Each result type (by class name: this package imports none of the rooms that make them)
# and the function of each view that shows it, imported when first used.
_TEXT = {
    "QueryResult": "query_table", "Path": "path", "Route": "route",
    "Explanation": "explanation", "Differential": "differential",
    "SymptomOverlap": "overlap", "NoPath": "no_path",
}
_HTML = {
    "QueryResult": "query_result", "KnowledgeGraph": "knowledge_graph", "Path": "path",
    "Route": "route", "Explanation": "explanation", "Differential": "differential",
    "SymptomOverlap": "overlap",
}
_JSON = {
    "Path": "path", "Route": "route", "Explanation": "explanation",
    "Differential": "differential", "SymptomOverlap": "overlap", "Metapath": "metapath",
    "NeighborRow": "neighbor_row",
}


def _renderer(view: str, table: dict[str, str], result: Any) -> Any:
    for cls in type(result).__mro__:
        if cls.__name__ in table:
            return getattr(importlib.import_module(f".{view}", __name__), table[cls.__name__])
    raise TypeError(f"nutrigraph has no {view} view of a {type(result).__name__}")


def text(result: Any, **options: Any) -> str:
    """The result as text for a terminal (``options`` go to its renderer, such as
    ``sparql=True`` for an explanation)."""
    return _renderer("terminal", _TEXT, result)(result, **options)


def html(result: Any) -> str:
    """The result as an HTML fragment, every value escaped."""
    return _renderer("pages", _HTML, result)(result)


def document(result: Any) -> dict[str, Any]:
    """The result as a JSON-ready dict, in nutrigraph's one JSON vocabulary."""
    return _renderer("documents", _JSON, result)(result)
