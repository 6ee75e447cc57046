"""RDF files in and out: parsed whole before anything is added, written by the store's writers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import DataFileError
from .json_guard import check_json
from .xml_guard import check_xml

__all__ = ["DATASET_SUFFIXES", "EXPORT_FORMATS", "parse_file", "parse_text", "serialize",
           "write_quads"]

DATASET_SUFFIXES = (".trig", ".nq")
"""Files of these kinds carry their own named graphs."""

_DATASET_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS}
_OUTPUT = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
           "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
           "jsonld": ox.RdfFormat.JSON_LD}

EXPORT_FORMATS = ("trig", "nquads", "turtle", "jsonld")
"""The formats :func:`write_quads` writes: TriG, N-Quads and JSON-LD keep the named
graphs; Turtle holds the triples of them all (the graph names are left out)."""
# what Oxigraph says of a JSON-LD @context to be fetched: it fetches none, and says so
_REMOTE_CONTEXT = "No LoadDocumentCallback has been set"


def write_quads(quads: Iterable[ox.Quad], fmt: str, output: BinaryIO, *,
                prefixes: Mapping[str, str] | None = None) -> int:
    """Write quads to a binary file as Oxigraph streams them; return how many.

    Examples
    --------
    >>> import io
    >>> out = io.BytesIO()
    >>> quad = ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c"),
    ...                ox.NamedNode("urn:g"))
    >>> write_quads([quad], "nquads", out), out.getvalue()
    (1, b'<urn:a> <urn:b> "c" <urn:g> .\\n')
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"no export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    written = 0

    def counted() -> Iterable[ox.Quad | ox.Triple]:
        nonlocal written
        for quad in quads:
            written += 1
            yield quad if fmt != "turtle" else quad.triple
    ox.serialize(counted(), output, format=_OUTPUT[fmt],
                 **({} if fmt in ("nquads", "jsonld") else {"prefixes": dict(prefixes or {})}))
    return written


def parse_file(path: str | PathLike[str], *, graph: str | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file, by the format its suffix names.

    Triples of a file without graphs go into ``graph``, or by default into a
    named graph called by the file's ``file:`` IRI; quads keep their own graphs.
    RDF/XML (``.rdf``, ``.xml``) passes :func:`~nutrigraph.store.xml_guard.check_xml`
    first (no XML bomb, no external entity, a bounded nesting), and JSON-LD
    (``.jsonld``, ``.json``) :func:`~nutrigraph.store.json_guard.check_json` (a
    bounded nesting). A JSON-LD file whose ``@context`` is a URL is refused:
    reading a file fetches nothing.

    Raises
    ------
    DataFileError
        If the file is missing, unreadable (permissions, a symbolic link loop, a
        name too long...), of unknown format, malformed (with line and column
        where the parser gives them) or refused by the XML or JSON guard.
    """
    path = Path(path)
    fmt = ox.RdfFormat.from_extension(path.suffix[1:]) if path.suffix else None
    if fmt is None:
        raise DataFileError(
            f"unknown RDF format {path.suffix or '(no extension)'!r}; "
            "use .ttl, .trig, .nt, .nq, .rdf or .jsonld", _shown(path))
    into = None if graph is None else ox.NamedNode(graph)
    try:
        # a named pipe or a device would block or never end: only regular files are read
        if path.exists() and not path.is_file() and not path.is_dir():
            raise DataFileError("not a regular file (a pipe, socket or device)", _shown(path))
        with open(path, "rb") as handle:
            if fmt == ox.RdfFormat.RDF_XML:
                check_xml(handle, str(path))
                handle.seek(0)
            elif fmt == ox.RdfFormat.JSON_LD:
                check_json(handle, str(path))
                handle.seek(0)
            # resolved once open: Path.resolve() raises RuntimeError on a symlink loop
            base = path.resolve().as_uri()
            if into is None:
                into = ox.NamedNode(base)
            return [
                q if fmt in _DATASET_FORMATS or not isinstance(q.graph_name, ox.DefaultGraph)
                else ox.Quad(q.subject, q.predicate, q.object, into)
                for q in ox.parse(handle, format=fmt, base_iri=base)
            ]
    except FileNotFoundError:
        raise DataFileError("no such file", _shown(path)) from None
    except IsADirectoryError:
        raise DataFileError("is a directory, not an RDF file", _shown(path)) from None
    except OSError as error:  # permission denied, a symbolic link loop, a name too long...
        reason = (error.strerror or error.__class__.__name__).lower()
        raise DataFileError(f"cannot read the file: {reason}", _shown(path)) from None
    except SyntaxError as error:
        message = str(error.msg).split(": ", 1)[-1] if ": " in str(error.msg) else str(error.msg)
        if _REMOTE_CONTEXT in message:
            raise DataFileError("its JSON-LD @context is a URL, which nutrigraph does not fetch "
                                "(reading a file uses no network); put the context in the file",
                                str(path), error.lineno, error.offset) from None
        raise DataFileError(f"malformed {fmt.name}: {message}", str(path),
                            error.lineno, error.offset) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"not UTF-8 text ({error.reason})", str(path)) from None


def _shown(path: Path) -> str:
    """A path for a one-line message: a name of thousands of characters is cut in the middle."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:100]}...({len(text):,} characters)...{text[-60:]}"


def parse_text(text: str | bytes, suffix: str = "ttl") -> list[ox.Quad]:
    """The quads of RDF text in the format of a file suffix (``ttl``, ``trig``...)."""
    return list(ox.parse(text, format=ox.RdfFormat.from_extension(suffix)))


def serialize(quads: Iterable[ox.Quad], fmt: str, *,
              prefixes: Mapping[str, str] | None = None) -> str:
    """Quads as text: ``trig``, ``nquads``, ``turtle`` or ``ntriples``, in the order given."""
    return ox.serialize(quads, format=_OUTPUT[fmt], prefixes=dict(prefixes or {})).decode()
