"""RDF files in and out: parsed whole before anything is added, written by the store's writers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path

import pyoxigraph as ox

from ..errors import DataFileError

__all__ = ["DATASET_SUFFIXES", "parse_file", "parse_text", "serialize"]

DATASET_SUFFIXES = (".trig", ".nq")
"""Files of these kinds carry their own named graphs."""

_DATASET_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
_OUTPUT = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
           "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


def parse_file(path: str | PathLike[str], *, graph: str | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file, by the format its suffix names.

    Triples of a file without graphs go into ``graph``, or by default into a
    named graph called by the file's ``file:`` IRI; quads keep their own graphs.

    Raises
    ------
    DataFileError
        If the file is missing, of unknown format or malformed (with line and
        column where the parser gives them).
    """
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix[1:]) if path.suffix else None
    if fmt is None:
        raise DataFileError(
            f"unknown RDF format {path.suffix or '(no extension)'!r}; "
            "use .ttl, .trig, .nt, .nq, .rdf or .jsonld", str(path))
    base = path.resolve().as_uri()
    into = ox.NamedNode(graph if graph is not None else base)
    try:
        with open(path, "rb") as handle:
            return [
                q if fmt in _DATASET_FORMATS or not isinstance(q.graph_name, ox.DefaultGraph)
                else ox.Quad(q.subject, q.predicate, q.object, into)
                for q in ox.parse(handle, format=fmt, base_iri=base)
            ]
    except FileNotFoundError:
        raise DataFileError("no such file", str(path)) from None
    except IsADirectoryError:
        raise DataFileError("is a directory, not an RDF file", str(path)) from None
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1] if ": " in str(error.msg) else str(error.msg)
        raise DataFileError(f"malformed {fmt.name}: {message}", str(path),
                            error.lineno, error.offset) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"not UTF-8 text ({error.reason})", str(path)) from None


def parse_text(text: str | bytes, suffix: str = "ttl") -> list[ox.Quad]:
    """The quads of RDF text in the format of a file suffix (``ttl``, ``trig``...)."""
    return list(ox.parse(text, format=ox.RdfFormat.from_extension(suffix)))


def serialize(quads: Iterable[ox.Quad], fmt: str, *,
              prefixes: Mapping[str, str] | None = None) -> str:
    """Quads as text: ``trig``, ``nquads``, ``turtle`` or ``ntriples``, in the order given."""
    return ox.serialize(quads, format=_OUTPUT[fmt], prefixes=dict(prefixes or {})).decode()
