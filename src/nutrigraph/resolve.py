"""Find entities by what people call them: labels, synonyms, CURIEs or IRIs."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousName, EntityNotFound
from .prefixes import NGK, compact, expand
from .queries import internal_query
from .store import iri as iri_term
from .store import is_iri

if TYPE_CHECKING:
    import rdflib

    from .graph import KnowledgeGraph

__all__ = ["Entity", "Resolver", "normalize"]


@dataclass(frozen=True)
class Entity:
    """A thing in the graph, as found by :meth:`KnowledgeGraph.resolve`."""

    iri: str
    label: str
    exact_matches: tuple[str, ...] = ()
    """IRIs of the things the graph says are the same as this one (``skos:exactMatch``)."""

    @property
    def xrefs(self) -> tuple[str, ...]:
        """The exact matches as CURIEs, sorted: ``("HP:0003401",)`` for ``ngk:paresthesia``."""
        return tuple(sorted(compact(iri) for iri in self.exact_matches))

    @property
    def curie(self) -> str:
        """The IRI shortened with nutrigraph's prefixes (``ngk:magnesium``)."""
        return compact(self.iri)

    @property
    def term(self) -> Any:
        """The entity as a store term (a :class:`pyoxigraph.NamedNode`)."""
        return iri_term(self.iri)

    @property
    def uri(self) -> rdflib.URIRef:
        """The entity as an rdflib term."""
        from rdflib import URIRef

        return URIRef(self.iri)

    def __str__(self) -> str:
        return f"{self.label} ({self.curie})"


def normalize(name: str) -> str:
    """Fold case, hyphens, underscores and spacing so that names compare as people mean them.

    Examples
    --------
    >>> normalize("  Vitamin-B12 ")
    'vitamin b12'
    >>> normalize("Pins_and  needles")
    'pins and needles'
    """
    return " ".join(name.replace("-", " ").replace("_", " ").casefold().split())


class Resolver:
    """An index of entity names, built once per state of the graph.

    A name is looked up, ignoring case, hyphens and spacing, among labels
    (``rdfs:label``, ``skos:prefLabel``) and synonyms (``skos:altLabel``); a
    CURIE or IRI finds its entity directly. When a name finds several things,
    these rules decide, in this order:

    1. Entities linked by ``skos:exactMatch`` form one cluster, and a name of
       any member finds the cluster's nutrigraph (``ngk:``) entity. So
       "tingling", a synonym of both ``ngk:paresthesia`` and the HPO term it
       maps to, finds ``ngk:paresthesia``, whose ``xrefs`` name the HPO term.
       A term that no nutrigraph entity maps to stands for itself.
    2. An ``ngk:`` entity that the name finds wins over a record from elsewhere
       (an SR28 food or nutrient, an HPO term) that the name also finds, when
       the two are linked by ``skos:closeMatch``, ``skos:narrowMatch`` or
       ``skos:broadMatch`` (either way round): the link says that they are the
       same thing, or nearly. "pepitas", a synonym of ``ngk:pumpkin-seeds`` and
       of the SR28 food ``sr28food:12016`` linked to it, finds
       ``ngk:pumpkin-seeds``; "methionine" finds ``ngk:methionine``, not the
       SR28 nutrient 506. A gene (an NCBI Gene IRI) is linked in the same way to
       the protein it encodes (``ng:encodes``): "MTR", the gene's symbol and a
       synonym of ``ngk:methionine-synthase``, finds the enzyme, and the gene is
       found by its CURIE (``NCBIGene:4548``). A record linked to two of the entities found does
       not give way to either. The record stays reachable by its CURIE, or by
       a name of its own (SR28's "Seeds, pumpkin and squash seed kernels, ...").
    3. Labels win over synonyms: a name that is the label of one candidate and
       only a synonym of the others finds that one. A record that gave way in
       rule 2 lends its label to the entity it gave way to.
    4. Whatever is left is ambiguous: :class:`~nutrigraph.errors.AmbiguousName`
       lists every candidate (as a CURIE where it can). Unrelated things that share a name
       ("weakness": ``ngk:muscle-weakness`` and the HPO term Asthenia, which
       nothing links) are never picked between.
    """

    def __init__(self, kg: KnowledgeGraph):
        self._labels: dict[str, str] = {}
        # name -> its entities, packed as "IRI<TAB>1" (a preferred label) lines: kept on disk
        # (nutrigraph.store.cache), 60,000 strings load four times faster than as many dicts
        self._by_name: dict[str, str] = {}
        self._shown: dict[str, str] = {}  # normalized -> as written
        links: list[tuple[str, str]] = []
        close: list[tuple[str, str]] = []
        names: list[tuple[str, str, bool]] = []
        schema: set[str] = set()
        answer = kg.store.query(internal_query("entity-names").text, where="the name index")
        # unpacked in SELECT order: ten times faster than row["name"] on 40,000 rows
        for entity, name, preferred, match, schema_type, near in answer.rows:
            if not is_iri(entity):
                continue
            if schema_type is not None:
                schema.add(entity.value)
            elif is_iri(match):
                links.append((entity.value, match.value))
            elif is_iri(near):
                close.append((entity.value, near.value))
            elif name is not None:
                names.append((entity.value, name.value, preferred.value == "true"))
        by_name: dict[str, dict[str, bool]] = {}  # name -> {iri: is preferred label}
        for iri, name, preferred in names:
            if iri in schema:
                continue
            if preferred:
                self._labels.setdefault(iri, name)
            key = normalize(name)
            self._shown.setdefault(key, name)
            seen = by_name.setdefault(key, {})
            seen[iri] = seen.get(iri, False) or preferred
        self._by_name = {key: _pack(found) for key, found in by_name.items()}
        self._canonical, self._matches = _clusters(links)
        # close links between clusters, by canonical entity, both ways round
        self._linked: dict[str, set[str]] = {}
        for one, other in close:
            one, other = self._canonical.get(one, one), self._canonical.get(other, other)
            if one != other:
                self._linked.setdefault(one, set()).add(other)
                self._linked.setdefault(other, set()).add(one)

    def resolve(self, name: str | Entity) -> Entity:
        """The entity a name, synonym, CURIE or IRI stands for (rules in the class docstring).

        Raises
        ------
        EntityNotFound
            If nothing has the name; ``suggestions`` are the nearest names.
        AmbiguousName
            If the name is left with several candidates, listed as CURIEs.
        TypeError
            If ``name`` is neither a string nor an :class:`Entity` (found by its IRI).

        Examples
        --------
        >>> from nutrigraph import load
        >>> resolver = Resolver(load())
        >>> resolver.resolve("pepitas").curie  # not SR28's pumpkin seed kernels, linked to it
        'ngk:pumpkin-seeds'
        """
        if isinstance(name, Entity):  # as the questions of nutrigraph.analysis take them
            name = name.iri
        if not isinstance(name, str):  # or None.strip() would be an AttributeError
            raise TypeError(f"a name must be a string, got {type(name).__name__}")
        text = name.strip()
        iri = expand(text) or (text[1:-1] if text.startswith("<") and text.endswith(">")
                               else text if "://" in text else None)
        if iri is not None:
            canonical = self._canonical.get(iri, iri)
            # an unlabelled IRI is known only if it maps to an entity
            if canonical in self._labels or canonical != iri:
                return self._entity(canonical)
        matches: dict[str, bool] = {}  # canonical entity -> matched by a preferred label
        for found, is_label in _unpack(self._by_name.get(normalize(text), "")):
            canonical = self._canonical.get(found, found)
            matches[canonical] = matches.get(canonical, False) or is_label
        if len(matches) > 1:
            _give_way(matches, self._linked)
        preferred = [i for i, is_label in matches.items() if is_label]
        candidates = preferred or list(matches)
        if len(candidates) == 1:
            return self._entity(candidates[0])
        if candidates:
            raise AmbiguousName(name, sorted(self._entity(i).curie for i in candidates))
        close = difflib.get_close_matches(normalize(text), list(self._by_name), n=5, cutoff=0.6)
        raise EntityNotFound(name, [self._shown[c] for c in close])

    def __getstate__(self) -> dict[str, Any]:
        # each mapping of strings as two joined strings: unpickled in a fraction of the time
        state = dict(vars(self))
        for name in ("_labels", "_by_name", "_shown"):
            mapping = state[name]
            if not any(_SEP in text for text in (*mapping, *mapping.values())):
                state[name] = (len(mapping), _SEP.join(mapping), _SEP.join(mapping.values()))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name in ("_labels", "_by_name", "_shown"):
            if isinstance(state[name], tuple):
                count, keys, values = state[name]
                state[name] = dict(zip(keys.split(_SEP), values.split(_SEP), strict=True)
                                   ) if count else {}
        vars(self).update(state)

    def _entity(self, iri: str) -> Entity:
        # compact() only when there is no label: it loads curies, which costs ~0.15 s
        label = self._labels.get(iri) or compact(iri)
        return Entity(iri, label, self._matches.get(iri, ()))


_SEP = "\x1e"  # the ASCII record separator: a name that holds one is pickled as it is


def _pack(found: dict[str, bool]) -> str:
    return "\n".join(f"{iri}\t{int(preferred)}" for iri, preferred in found.items())


def _unpack(packed: str) -> list[tuple[str, bool]]:
    """The entities a name finds, each with whether the name is its preferred label."""
    return [(line[:-2], line.endswith("1")) for line in packed.split("\n")] if packed else []


def _give_way(matches: dict[str, bool], linked: dict[str, set[str]]) -> None:
    """Fold each record the name found into the one ``ngk:`` entity found that it is linked to.

    ``matches`` maps each candidate to whether the name is its label; a record
    that gives way passes that on to the entity.

    Examples
    --------
    >>> pepitas = {NGK + "pumpkin-seeds": False, "sr28:12016": False, "other": False}
    >>> _give_way(pepitas, {"sr28:12016": {NGK + "pumpkin-seeds"}})
    >>> sorted(pepitas)
    ['https://w3id.org/nutrigraph/kb/pumpkin-seeds', 'other']
    """
    own = {iri for iri in matches if iri.startswith(NGK)}
    for found in [iri for iri in matches if iri not in own]:
        targets = linked.get(found, set()) & own
        if len(targets) == 1:
            (entity,) = targets
            is_label = matches.pop(found)
            matches[entity] = matches[entity] or is_label


def _clusters(links: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Group IRIs linked by exact matches; each member's canonical entity and its matches.

    The canonical entity of a cluster is its one ``ngk:`` member. A cluster with
    none, or with several (two nutrigraph entities said to be the same), has no
    canonical entity and each member stands for itself.

    Examples
    --------
    >>> hp = "http://purl.obolibrary.org/obo/HP_0003401"
    >>> canonical, matches = _clusters([(NGK + "paresthesia", hp)])
    >>> canonical[hp], matches[NGK + "paresthesia"]  # doctest: +NORMALIZE_WHITESPACE
    ('https://w3id.org/nutrigraph/kb/paresthesia',
     ('http://purl.obolibrary.org/obo/HP_0003401',))
    """
    # A union-find of its own: networkx.utils.UnionFind would import networkx (146 ms) on
    # every command that resolves a name, and the command line must start fast.
    root: dict[str, str] = {}

    def find(iri: str) -> str:
        while root.setdefault(iri, iri) != iri:
            root[iri] = root[root[iri]]  # path halving keeps the trees flat
            iri = root[iri]
        return iri

    for one, other in links:
        root[find(one)] = find(other)
    members: dict[str, list[str]] = {}
    for iri in root:
        members.setdefault(find(iri), []).append(iri)
    canonical: dict[str, str] = {}
    matches: dict[str, tuple[str, ...]] = {}
    for cluster in members.values():
        own = [iri for iri in cluster if iri.startswith(NGK)]
        for iri in cluster:
            canonical[iri] = own[0] if len(own) == 1 else iri
            matches[iri] = tuple(sorted(other for other in cluster if other != iri))
    return canonical, matches
