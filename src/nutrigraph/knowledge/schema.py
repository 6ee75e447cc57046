"""The schema of a graph, read once per state of the graph: its classes and its relations.

The classes (``ng:`` classes with their labels and superclasses) and the relations
between entities (with their labels and inverses) come from the graph itself, so
that what is loaded is what counts. Names of classes and relations are found here
for every room: CURIEs, IRIs, labels or local names, in any case.

Examples
--------
>>> from nutrigraph import load
>>> schema = read_schema(load())
>>> schema.find_class("active form"), schema.find_relation("cofactor of")
('https://w3id.org/nutrigraph/vocab/ActiveForm', 'https://w3id.org/nutrigraph/vocab/cofactorOf')
>>> schema.most_specific(["ng:Food", "ng:FoodGroup"])
'ng:FoodGroup'
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import UnknownTerm
from ..prefixes import NG, compact, expand
from ..queries import internal_query
from ..store import iri, sparql

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["THING", "Relation", "Schema", "read_schema", "relations_query", "shipped_schema"]

THING = "owl:Thing"
"""The category of a node that has no nutrigraph class."""


@dataclass(frozen=True)
class Relation:
    """A relation between entities: its label, and its inverse's IRI and label if any.

    ``record`` is true for a relation that ties a row of a data table to what it is
    about (an ``ng:RecordRelation``, such as ``ng:measuredFood``).
    """

    iri: str
    label: str
    inverse: str | None
    inverse_label: str | None
    record: bool = False


@dataclass(frozen=True, eq=False)
class Schema:
    """Classes (IRI → label), each class's superclasses, and the relations between entities."""

    classes: Mapping[str, str]
    ancestors: Mapping[str, frozenset[str]]
    relations: Mapping[str, Relation]
    _most_specific: dict[tuple[str, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def find_class(self, name: str) -> str:
        """The IRI of a class by CURIE, IRI, label or local name, in any case.

        Raises
        ------
        UnknownTerm
            With the nearest names, when no class has that name.
        """
        return _find(name, self.classes, "category")

    def find_relation(self, name: str) -> str:
        """The IRI of a relation by CURIE, IRI, label or local name; an IRI or CURIE of
        another vocabulary (``skos:exactMatch``) is taken as it is.

        Raises
        ------
        UnknownTerm
            With the nearest names, when no relation has that name.
        """
        iri = _expand(name)
        if iri is not None and not iri.startswith(NG):
            return iri
        return _find(name, {p: r.label for p, r in self.relations.items()}, "relation")

    def with_subclasses(self, classes: Iterable[str]) -> set[str]:
        """The IRIs of the given classes (by any name :meth:`find_class` takes) and of all
        their subclasses."""
        chosen = {self.find_class(c) for c in classes}
        return {c for c, above in self.ancestors.items() if c in chosen or above & chosen}

    def most_specific(self, categories: Iterable[str]) -> str:
        """The most specific of some classes (CURIEs or IRIs), as a CURIE.

        A class that is a superclass of another of them is dropped; of the rest, the
        one with the most superclasses wins, and among equally deep ones the first in
        alphabetical order. With no class of the schema, :data:`THING`.
        """
        # asked once per node and step by the metapath questions: remember each answer
        chosen = tuple(categories)
        found = self._most_specific.get(chosen)
        if found is None:
            found = self._most_specific[chosen] = self._choose(chosen)
        return found

    def _choose(self, categories: tuple[str, ...]) -> str:
        known = [c for c in sorted({_expand(c) or c for c in categories}) if c in self.ancestors]
        if not known:
            return THING
        leaves = [c for c in known if not any(c in self.ancestors[o] for o in known)]
        return compact(min(leaves, key=lambda c: (-len(self.ancestors[c]), c)))


def read_schema(kg: KnowledgeGraph) -> Schema:
    """The schema of ``kg``, read once per state of the graph."""
    return kg.derived("schema", _read)


@functools.cache
def shipped_schema() -> Schema:
    """The schema that ships with nutrigraph: for graphs built without one."""
    from ..bundled import bundled_files
    from ..graph import KnowledgeGraph

    kg = KnowledgeGraph()
    kg.add_data(bundled_files()[0])
    return read_schema(kg)


def _read(kg: KnowledgeGraph) -> Schema:
    labels: dict[str, str] = {}
    parents: dict[str, set[str]] = {}
    for row in kg.query(internal_query("schema-classes").text, where="the schema").rows():
        parents.setdefault(row["class"], set())
        if row["label"] is not None:
            labels.setdefault(row["class"], row["label"])
        if row["parent"] is not None:
            parents[row["class"]].add(row["parent"])

    def up(cls: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        found: set[str] = set()
        for parent in parents.get(cls, ()):
            if parent not in seen:
                found |= {parent, *up(parent, seen | {cls})}
        return frozenset(found)

    relations = {}
    for row in kg.query(internal_query("schema-relations").text, where="the schema").rows():
        relations[row["p"]] = Relation(row["p"], row["label"], row["inverse"],
                                       row["inverseLabel"], row["record"] == "true")
    return Schema({c: labels.get(c, c[len(NG):]) for c in parents},
                  {c: up(c) for c in parents}, relations)


def _expand(name: str) -> str | None:
    if name.startswith(("http://", "https://")):
        return name
    return expand(name)


def _key(text: str) -> str:
    return "".join(text.lower().split()).replace("-", "").replace("_", "")


def _find(name: str, known: Mapping[str, str], kind: str) -> str:
    iri = _expand(name)
    if iri in known:
        return iri
    names: dict[str, str] = {}
    for term, label in known.items():
        names[_key(label)] = term
        names[_key(term[len(NG):])] = term
    if _key(name) in names:
        return names[_key(name)]
    near = difflib.get_close_matches(_key(name), list(names), n=3, cutoff=0.6)
    raise UnknownTerm(kind, name, [compact(names[n]) for n in near])


def relations_query(name: str, relations: Iterable[str]) -> str:
    """The internal query ``name`` with its ``$PREDICATES`` set to ``relations`` (IRIs),
    written by the store's writer: how the projection's queries are scoped.

    Examples
    --------
    >>> "VALUES ?p { <https://w3id.org/nutrigraph/vocab/cofactorOf> }" in relations_query(
    ...     "projection-edges", ["https://w3id.org/nutrigraph/vocab/cofactorOf"])
    True
    """
    return internal_query(name).text.replace(
        "$PREDICATES", " ".join(sparql(iri(p)) for p in relations))
