"""The knowledge graph in the KGX TSV format, for Biolink tools and KG merges.

KGX (https://github.com/biolink/kgx) writes a graph as two tab-separated files, one
of nodes and one of edges; a value of several parts is joined with ``"|"``. What is
written is the relation projection (:func:`~nutrigraph.analysis.to_networkx`): the
entities and the relations between them, each relation with its provenance.

Every Biolink term comes from the graph, never from a table in Python: a node's
``category`` is the Biolink class its nutrigraph classes are aligned to
(``rdfs:subClassOf``), and an edge's ``predicate`` the Biolink predicate its relation
specialises (``rdfs:subPropertyOf``); both are looked for up through nutrigraph's own
superclasses and super-properties, and the nearest found wins. A ``skos:closeMatch``
is only close, so it does not give a category or a predicate. What the schema aligns
to no Biolink term gets the broadest term Biolink gives for it: ``biolink:NamedThing``
for a node, ``biolink:related_to`` for an edge (and ``biolink:Association`` as the
edge's category, when ``ng:Statement`` is not aligned).

Nodes have the columns :data:`NODE_COLUMNS`: ``id`` (a CURIE), ``category``, ``name``
(the label), ``xref`` (the standard identifiers the entity is ``skos:exactMatch`` to),
``synonym`` (its ``skos:altLabel`` values) and ``iri``.

Edges have the columns :data:`EDGE_COLUMNS`, one edge for each relation and each
source that states it:

* ``primary_knowledge_source``: the source (the ``ng:Source`` that the statements'
  sections are part of, or the source the relation's named graph is derived from) as a
  CURIE, such as ``ngk:uniprot-Q99707``; for a relation of a graph that names no source
  (a file of your own), that graph's IRI. nutrigraph's sources have no infores
  identifiers, and none is made up;
* ``evidence_level``: the best nutrigraph evidence level of that source's statements, as
  a CURIE (``ng:Experimental``); a relation no statement rates gets the level that counts
  for unrated ones (``ng:countsForUnrated``), as everywhere in nutrigraph;
* ``knowledge_level`` and ``agent_type``: ``not_provided``. The schema says only that
  ``ng:evidenceLevel`` is close to ``biolink:knowledge_level``, and maps none of its
  levels to Biolink's values, so none is claimed here;
* ``publications``: the PubMed records (``PMID:``, ``PMC:``) the source is
  ``rdfs:seeAlso``;
* ``original_predicate``: nutrigraph's own relation (``ng:cofactorOf``);
* ``id``: a UUID made from the relation and the source, the same at every export.

Negated statements are not edges: the projection leaves them out (they assert nothing).

Examples
--------
>>> import io
>>> from nutrigraph import load
>>> nodes, edges = io.StringIO(), io.StringIO()
>>> write_kgx(load(), nodes, edges)[0] > 100
True
>>> [row.split("\\t")[:4] for row in edges.getvalue().splitlines()
...  if row.startswith("ngk:methylcobalamin\\t") and "\\tngk:methionine-synthase\\t" in row]
[['ngk:methylcobalamin', 'biolink:directly_physically_interacts_with', \
'ngk:methionine-synthase', 'biolink:Association']]
"""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from ..knowledge import Provenance, evidence_scale
from ..prefixes import NG, PREFIXES, compact, expand
from ..queries import internal_query
from ..vocab import ng

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "write_kgx"]

NODE_COLUMNS = ("id", "category", "name", "xref", "synonym", "iri")
"""The columns of the nodes file, in order."""

EDGE_COLUMNS = ("subject", "predicate", "object", "category", "primary_knowledge_source",
                "knowledge_level", "agent_type", "evidence_level", "publications",
                "original_predicate", "id")
"""The columns of the edges file, in order."""

_BIOLINK = PREFIXES["biolink"]
_RDFS, _SKOS = PREFIXES["rdfs"], PREFIXES["skos"]
# the broadest terms of Biolink, for what the schema aligns to nothing narrower
_ANY_THING, _ANY_RELATION, _ANY_ASSOCIATION = (
    "biolink:NamedThing", "biolink:related_to", "biolink:Association")
_NOT_PROVIDED = "not_provided"  # a value of Biolink's KnowledgeLevelEnum and AgentTypeEnum
_PUBLICATIONS = ("PMID:", "PMC:")


def write_kgx(kg: KnowledgeGraph, nodes: TextIO, edges: TextIO) -> tuple[int, int]:
    """Write the relation projection of ``kg`` as KGX TSV: its nodes to ``nodes`` and its
    edges to ``edges`` (text streams); return how many of each were written.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph: its projection, its schema's Biolink alignment and its sources are read
        from it.
    nodes, edges : text streams
        Where the two files go (opened with ``newline=""``).

    Returns
    -------
    tuple of int
        The numbers of nodes and of edges written.

    Examples
    --------
    >>> import io
    >>> from nutrigraph import load
    >>> nodes, edges = io.StringIO(), io.StringIO()
    >>> counts = write_kgx(load(), nodes, edges)
    >>> nodes.getvalue().splitlines()[0].split("\\t")
    ['id', 'category', 'name', 'xref', 'synonym', 'iri']
    >>> [row.split("\\t")[:3] for row in nodes.getvalue().splitlines()
    ...  if row.startswith("ngk:magnesium\\t")]
    [['ngk:magnesium', 'biolink:ChemicalEntity', 'magnesium']]
    """
    from . import to_networkx

    G = to_networkx(kg)
    alignment = _Alignment(kg)
    node_rows = _node_rows(kg, G, alignment)
    edge_rows = _edge_rows(kg, G, alignment)
    _write(nodes, NODE_COLUMNS, node_rows)
    _write(edges, EDGE_COLUMNS, edge_rows)
    return len(node_rows), len(edge_rows)


class _Alignment:
    """The Biolink terms the schema aligns nutrigraph's classes and relations to."""

    def __init__(self, kg: KnowledgeGraph):
        self.parents: dict[str, set[str]] = defaultdict(set)  # ng: term -> ng: parents
        self.biolink: dict[str, set[str]] = defaultdict(set)  # ng: term -> Biolink terms
        for row in kg.query(internal_query("kgx-alignments").text,
                            where="the Biolink alignment").rows():
            term, how, target = row["term"], row["how"], row["target"]
            if how == _SKOS + "closeMatch":
                continue  # only close: neither a category nor a predicate
            if target.startswith(_BIOLINK):
                self.biolink[term].add(compact(target))
            elif target.startswith(NG):
                self.parents[term].add(target)
        self._found: dict[str, tuple[str, ...]] = {}

    def nearest(self, term: str) -> tuple[str, ...]:
        """The Biolink terms (CURIEs, sorted) nearest above an ``ng:`` term: its own
        alignment, else that of its parents, and so on up; empty if none is found."""
        if term not in self._found:
            level, seen = {term}, {term}
            found: set[str] = set()
            while level and not found:
                found = {b for t in level for b in self.biolink.get(t, ())}
                level = {p for t in level for p in self.parents.get(t, ())} - seen
                seen |= level
            self._found[term] = tuple(sorted(found))
        return self._found[term]

    def categories(self, classes: Iterable[str]) -> str:
        """A node's categories from its classes (CURIEs)."""
        found = sorted({b for c in classes for b in self.nearest(expand(c) or c)})
        return "|".join(found) or _ANY_THING

    def predicate(self, relation: str) -> str:
        """The one Biolink predicate of a relation (IRI): the first in order if the schema
        gives several at the same distance."""
        found = self.nearest(relation)
        return found[0] if found else _ANY_RELATION


def _node_rows(kg: KnowledgeGraph, G: Any, alignment: _Alignment) -> list[list[str]]:
    xrefs: dict[str, set[str]] = defaultdict(set)
    synonyms: dict[str, set[str]] = defaultdict(set)
    for row in kg.query(internal_query("kgx-node-details").text,
                        where="identifiers and names of the entities").rows():
        if row["node"] in G:
            if row["p"] == _SKOS + "exactMatch":
                xrefs[row["node"]].add(compact(row["value"]))
            else:
                synonyms[row["node"]].add(row["value"])
    return sorted(
        [data["curie"], alignment.categories(data["categories"]), data["label"],
         "|".join(sorted(xrefs.get(node, ()))), "|".join(sorted(synonyms.get(node, ()))),
         node]
        for node, data in G.nodes(data=True))


def _edge_rows(kg: KnowledgeGraph, G: Any, alignment: _Alignment) -> list[list[str]]:
    provenance = Provenance(kg)
    scale = evidence_scale(kg)
    origins, publications = _sources(kg)
    category = "|".join(alignment.nearest(ng.Statement)) or _ANY_ASSOCIATION
    rows = []
    for s, o, data in G.edges(data=True):
        if data.get("inverse"):
            continue
        p = data["predicate"]
        for source, level in sorted(_by_source(data, provenance, origins).items()):
            rows.append([
                G.nodes[s]["curie"], alignment.predicate(p), G.nodes[o]["curie"], category,
                compact(source), _NOT_PROVIDED, _NOT_PROVIDED,
                compact(level or scale.unrated.iri),
                "|".join(publications.get(source, ())), compact(p),
                f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{s} {p} {o} {source}')}",
            ])
    return rows


def _by_source(data: Mapping[str, Any], provenance: Provenance,
               origins: Mapping[str, str]) -> dict[str, str | None]:
    """The sources of an edge (IRIs), each with the best evidence level (IRI) of its
    statements, ``None`` when none rates it."""
    found: dict[str, tuple[int, str] | None] = {}
    for record in data["sources"]:
        section = provenance.sections.get(record["section_iri"] or "")
        if section is not None and section.source is not None:
            sources = [section.source.iri]
        else:  # stated by no section: the source of the graphs that hold the relation
            sources = [origins.get(g, g) for g in data["graphs"]]
        rank, level = record["evidence_rank"], record["evidence_iri"]
        rated = None if rank is None or level is None else (rank, level)
        for source in sources:
            known = found.get(source)
            if source not in found or (rated is not None and (known is None or rated < known)):
                found[source] = rated
    if not found:  # no source is known: the graphs that hold it are all there is to cite
        found = {origins.get(g, g): None for g in data["graphs"]}
    return {source: rated and rated[1] for source, rated in found.items()}


def _sources(kg: KnowledgeGraph) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Each named graph's source, and each source's publications (PubMed CURIEs)."""
    origins: dict[str, str] = {}
    publications: dict[str, set[str]] = defaultdict(set)
    for row in kg.query(internal_query("kgx-sources").text, where="the sources").rows():
        if row["graph"] is not None:
            origins[row["graph"]] = row["source"]
        elif row["seeAlso"] is not None:
            curie = compact(row["seeAlso"])
            if curie.startswith(_PUBLICATIONS):
                publications[row["source"]].add(curie)
    return origins, {s: tuple(sorted(p)) for s, p in publications.items()}


def _clean(value: str) -> str:
    """A value on one line of a TSV file: tabs and line breaks become spaces."""
    return " ".join(value.replace("\t", " ").splitlines())


def _write(stream: TextIO, columns: tuple[str, ...], rows: list[list[str]]) -> None:
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n",
                        quoting=csv.QUOTE_NONE, quotechar=None)
    writer.writerow(columns)
    writer.writerows([_clean(v) for v in row] for row in rows)
