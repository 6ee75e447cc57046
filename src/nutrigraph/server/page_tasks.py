"""What the web page asks a worker: each page's content as plain values, read in one visit.

The pages of :mod:`.web` are drawn in the server process, but everything they show that
touches the graph is read here, in a worker (:mod:`.workers`), so that the time limit
applies to a page as to any question. Each function takes the worker's graph first and
returns dicts, lists and strings; what it refuses it raises as a :mod:`nutrigraph.errors`
error, which :func:`.tasks.run` turns into a :class:`~.tasks.Refused` with its status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import EntityNotFound, QueryError, QuerySyntaxError
from ..prefixes import PREFIXES, compact, expand

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..results import QueryResult

__all__ = ["TASKS", "differential_page", "entity_page", "explain_page", "query_page"]

MAX_FACTS = 500
"""Triples an entity page reads (either way); a class has one for each of its members."""

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_LABELS = (_RDFS + "label", _SKOS + "prefLabel")
_SYNONYMS = (_SKOS + "altLabel", PREFIXES["oboInOwl"] + "hasExactSynonym")
_DEFINITIONS = (_SKOS + "definition", _RDFS + "comment")
# the mappings to standard identifiers, in the order the page lists them
_MATCHES = {_SKOS + "exactMatch": "exact match", _SKOS + "closeMatch": "close match",
            _SKOS + "narrowMatch": "narrower match", _SKOS + "broadMatch": "broader match",
            _SKOS + "relatedMatch": "related match", _RDFS + "seeAlso": "see also"}
# a statement's links to its triple: the page shows the statements themselves instead
_REIFICATION = (_RDF + "subject", _RDF + "object")


def _table(result: QueryResult) -> dict[str, Any]:
    """A query result as the page's table: cells as ``[kind, value, CURIE]``."""
    if result.type == "ASK":
        return {"type": "ASK", "boolean": bool(result.answer.boolean), "variables": [],
                "rows": [], "count": 1, "truncated": False}
    header = (["subject", "predicate", "object"] if result.type == "CONSTRUCT"
              else list(result.variables))
    rows = [[[c.kind, c.value, compact(c.value) if c.kind == "iri" else c.value]
             for c in row] for row in result.cells()]
    return {"type": result.type, "boolean": None, "variables": header, "rows": rows,
            "count": len(result), "truncated": result.truncated}


def query_page(kg: KnowledgeGraph, text: str | None, *, name: str | None = None,
               bindings: dict[str, str] | None = None, max_rows: int) -> dict[str, Any]:
    """A SPARQL query's table (``text``), or a named query's run with ``bindings``.

    Raises what :meth:`KnowledgeGraph.query` raises (a syntax error as a
    :class:`~nutrigraph.errors.QueryError` that starts with its line and column,
    ``SERVICE`` refused, a name found nowhere).
    """
    if name is not None:
        return _table(kg.named_query(name, max_rows=max_rows, **(bindings or {})))
    try:
        return _table(kg.query(text or "", where="the query", max_rows=max_rows))
    except QuerySyntaxError as error:
        if error.line is None:
            raise
        # where it is, in words: the page shows the query right below
        raise QueryError(f"syntax error at line {error.line}, column {error.column}: "
                         f"{error.message}") from None


def entity_page(kg: KnowledgeGraph, iri: str) -> dict[str, Any]:
    """What the graph says of one thing: names, definition, standard identifiers,
    neighbours with evidence, the statements about it with their sources, other facts.

    ``iri`` may be an IRI, a CURIE, or a name or synonym (found as
    :meth:`KnowledgeGraph.resolve` finds it).

    Raises
    ------
    EntityNotFound
        When no triple of the graph has the IRI (or CURIE) at either end, or no
        entity has the name.
    AmbiguousName
        When the name is that of several entities.
    """
    from ..analysis import neighbor_table, to_networkx
    from ..queries import internal_query

    iri = expand(iri) or iri
    if "://" not in iri and not iri.startswith("urn:"):  # a name or synonym
        iri = kg.resolve(iri).iri
    entity = _term(iri)
    facts = kg.query(internal_query("entity-description").text, where="the entity page",
                     entity=entity, max_rows=MAX_FACTS)
    if not len(facts):
        raise EntityNotFound(iri, [])
    card: dict[str, Any] = {"iri": iri, "curie": compact(iri), "label": None, "synonyms": [],
                            "definitions": [], "types": [], "identifiers": [], "facts": [],
                            "mentions": [], "truncated": facts.truncated}
    for row in facts.rows():
        prop, value, label = row["property"], row["value"], row["valueLabel"]
        if row["direction"] == "in":
            if prop not in _REIFICATION:
                card["mentions"].append(_fact(row))
        elif prop in _LABELS:
            card["label"] = card["label"] or value
        elif prop in _SYNONYMS:
            card["synonyms"].append(value)
        elif prop in _DEFINITIONS:
            card["definitions"].append(value)
        elif prop == _RDF + "type":
            card["types"].append({"iri": value, "curie": compact(value), "label": label})
        elif prop in _MATCHES:
            card["identifiers"].append({"iri": value, "curie": compact(value), "label": label,
                                        "match": _MATCHES[prop], "order": list(_MATCHES)
                                        .index(prop)})
        else:
            card["facts"].append(_fact(row))
    card["synonyms"] = sorted(set(card["synonyms"]), key=str.casefold)
    card["definitions"] = list(dict.fromkeys(card["definitions"]))
    card["types"] = list({t["iri"]: t for t in card["types"]}.values())
    card["identifiers"] = sorted({i["iri"]: i for i in card["identifiers"]}.values(),
                                 key=lambda i: (i["order"], i["curie"]))
    card["facts"], card["mentions"] = _once(card["facts"]), _once(card["mentions"])
    card["label"] = card["label"] or card["curie"]
    G = to_networkx(kg)
    card["neighbors"] = [{**row._asdict(), "sources": list(row.sources)}
                         for row in (neighbor_table(G, iri) if iri in G else [])]
    card["statements"] = _statements(kg.query(
        internal_query("entity-statements").text, where="the entity page", entity=entity,
        max_rows=MAX_FACTS).rows())
    return card


def _term(iri: str) -> Any:
    from ..store import iri as iri_term

    return iri_term(iri)


def _fact(row: dict[str, Any]) -> dict[str, Any]:
    prop, value = row["property"], row["value"]
    linked = "://" in value or value.startswith("urn:")  # an IRI (literals are plain text)
    return {"property": prop, "property_label": row["propertyLabel"] or compact(prop),
            "value": value, "value_label": row["valueLabel"] or (compact(value) if linked
                                                                 else value),
            "linked": linked}


def _once(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each (property, value) once: a thing with two labels comes back twice."""
    return list({(f["property"], f["value"]): f for f in facts}.values())


def _statements(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statement rows (one per section and disputing source) joined per statement."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        statement = found.setdefault(row["statement"], {
            "statement": row["statement"],
            "subject": row["subject"], "subject_label": row["subjectLabel"] or compact(
                row["subject"]),
            "predicate": row["predicate"], "relation": row["predicateLabel"] or compact(
                row["predicate"]),
            "object": row["object"], "object_label": row["objectLabel"] or compact(row["object"]),
            "claim": row["claim"], "evidence": row["evidence"] or "not rated",
            "negated": row["negated"] == "true", "sources": {}, "disputed_by": set()})
        if row["section"]:
            statement["sources"][row["section"]] = {
                "section": row["section"], "section_label": row["sectionLabel"],
                "source": row["source"], "source_label": row["sourceLabel"]}
        if row["disputedBy"]:
            statement["disputed_by"].add(row["disputedBy"])
    return [{**s, "sources": list(s["sources"].values()),
             "disputed_by": sorted(s["disputed_by"])} for s in found.values()]


def explain_page(kg: KnowledgeGraph, source: str, target: str, *, k: int = 3) -> dict[str, Any]:
    """The explanation's document (:func:`nutrigraph.questions.explanation`) and, when
    there are routes, the route diagram as SVG text (``"svg"``, else ``None``)."""
    import matplotlib.pyplot as plt

    from .. import questions
    from ..plot import to_bytes

    report = questions.explanation(kg, source, target, k=k)
    svg = None
    if report.get("routes"):
        fig = questions.figure(kg, "path", source=source, target=target, k=k)
        try:
            svg = to_bytes(fig, "svg").decode("utf-8")
        finally:
            plt.close(fig)
    return {**report, "svg": svg}


def differential_page(kg: KnowledgeGraph, symptoms: list[str],
                      inherited: bool = False) -> dict[str, Any]:
    """The differential's document (:func:`nutrigraph.questions.differential`), with the
    inherited disorders when asked for."""
    from .. import questions

    return questions.differential(kg, symptoms, inherited=inherited)


TASKS = {"query_page": query_page, "entity_page": entity_page, "explain_page": explain_page,
         "differential_page": differential_page}
"""The page tasks by name, as :func:`.tasks.run` finds them."""
