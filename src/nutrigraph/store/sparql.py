"""The one door every SPARQL query goes through: guards, prefixes, bound terms, errors, answers.

The guards (size and depth bounds, SERVICE, the dataset a query names) are in
:mod:`.guards`; other guards (time limits) and other engines (a remote SPARQL
endpoint) belong here too, once, for every caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import pyoxigraph as ox

from ..errors import NutrigraphError, QueryError, QuerySyntaxError
from . import guards
from .terms import to_term

__all__ = ["GRAPH_MEDIA_TYPES", "RESULTS_MEDIA_TYPES", "RESULT_FORMATS", "Answer", "run_query"]

RESULT_FORMATS = ("json", "csv", "tsv")
"""The W3C SPARQL 1.1 query results formats :meth:`Answer.serialize` writes."""

_W3C = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON}

RESULTS_MEDIA_TYPES = {f.media_type.partition(";")[0]: f for f in (
    ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
    ox.QueryResultsFormat.TSV)}
"""The W3C SPARQL 1.1 results formats :meth:`Answer.write` writes, by media type (the
first is the default)."""

GRAPH_MEDIA_TYPES = {f.media_type: f for f in (
    ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD)}
"""The RDF formats :meth:`Answer.write` writes a graph in, by media type."""


@dataclass
class Answer:
    """What a query returned, read in full: rows of terms, a boolean, or triples.

    ``kind`` is ``"SELECT"``, ``"ASK"`` or ``"CONSTRUCT"`` (``DESCRIBE`` too);
    ``rows`` hold one term (or ``None``, unbound) per variable, in the order of
    ``variables``: each row can be indexed and unpacked like a tuple.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[Sequence[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[Any] = field(default_factory=list)
    truncated: bool = False
    """Whether rows or triples were left out: the query had more than ``max_rows``."""

    def serialize(self, fmt: str) -> str:
        """The answer in a W3C results format (``json``, ``csv``, ``tsv``), written by
        Oxigraph; a ``CONSTRUCT`` answer as Turtle whatever the format."""
        if self.kind == "CONSTRUCT":
            return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE).decode()
        if fmt not in _W3C:
            raise ValueError(f"unknown results format {fmt!r}; choose one of "
                             f"{', '.join(RESULT_FORMATS)}")
        if self.kind == "ASK" and fmt in ("csv", "tsv"):
            return "true\n" if self.boolean else "false\n"
        return self.write(_W3C[fmt].media_type.partition(";")[0]).decode()

    def write(self, media_type: str) -> bytes:
        """The answer in a format Oxigraph writes, by its media type: a W3C results
        format (:data:`RESULTS_MEDIA_TYPES`) for ``SELECT`` and ``ASK``, an RDF format
        (:data:`GRAPH_MEDIA_TYPES`) for ``CONSTRUCT`` and ``DESCRIBE``."""
        formats = GRAPH_MEDIA_TYPES if self.kind == "CONSTRUCT" else RESULTS_MEDIA_TYPES
        if media_type not in formats:
            raise ValueError(f"a {self.kind} answer cannot be written as {media_type}; "
                             f"choose one of {', '.join(formats)}")
        format = formats[media_type]
        if self.kind == "CONSTRUCT":
            return ox.serialize(self.triples, format=format)
        if self.kind == "ASK":
            source = b'{"head":{},"boolean":' + (b"true" if self.boolean else b"false") + b"}"
            return ox.parse_query_results(source, ox.QueryResultsFormat.JSON).serialize(
                format=format)
        # Oxigraph's writers work on a live result, so the rows are replayed through its
        # own reader: the W3C formats are written by Oxigraph, not by nutrigraph.
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
        replay = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
        return replay.serialize(format=format)


def run_query(store: Any, text: str, *, prefixes: Mapping[str, str],
              bindings: Mapping[str, Any] | None = None, where: str = "<inline query>",
              allow_service: bool = False, max_length: int | None = None,
              max_depth: int | None = None, max_operators: int | None = None,
              default_graphs: Sequence[str] | None = None,
              named_graphs: Sequence[str] | None = None,
              max_rows: int | None = None) -> Answer:
    """Run a SPARQL 1.1 query, after the guards of :mod:`.guards`, on a
    :class:`pyoxigraph.Store` (or on what takes its arguments and gives its answers: a
    remote server, :mod:`.remote`).

    The default graph is the union of the store's graphs, unless the query names its
    dataset (``FROM``, ``FROM NAMED``): then Oxigraph takes that dataset. A dataset
    given by ``default_graphs`` and ``named_graphs`` (graph IRIs; the SPARQL 1.1
    Protocol's ``default-graph-uri`` and ``named-graph-uri``) takes the place of both;
    either left ``None`` keeps its default (the union; every named graph).
    ``max_rows`` reads at most that many rows (or triples) and marks the answer
    :attr:`~Answer.truncated` when there were more.
    ``bindings`` map variable names to values (see :func:`~.terms.to_term`),
    substituted as terms (SPARQL SEP-0007), never pasted into the text.
    ``where`` names the query in error messages. ``allow_service`` lets a
    ``SERVICE`` clause query another server; ``max_length``, ``max_depth`` and
    ``max_operators`` replace the bounds :data:`.guards.MAX_LENGTH`,
    :data:`.guards.MAX_DEPTH` and :data:`.guards.MAX_OPERATORS` for this query.

    Raises
    ------
    QueryTooComplex
        Over a bound, before Oxigraph sees the query.
    ServiceNotAllowed
        ``SERVICE`` without ``allow_service``.
    QuerySyntaxError
        With the line and column where Oxigraph's parser gave up.
    QueryError
        When the query cannot be run as asked (a value that cannot be bound, a
        bound variable the query does not select, a SERVICE request that failed).
    """
    shape = guards.check(text, where=where, allow_service=allow_service,
                         max_length=max_length, max_depth=max_depth,
                         max_operators=max_operators)
    substitutions = _substitutions(bindings or {}, where)
    dataset = _dataset(default_graphs, named_graphs, where)
    if not dataset:
        dataset["use_default_graph_as_union"] = not (shape and shape.dataset)
    try:
        result = store.query(text, prefixes=dict(prefixes), substitutions=substitutions,
                             **dataset)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        # the solutions themselves: each makes its terms only when they are read
        read = list(result if max_rows is None else islice(result, max_rows + 1))
        truncated = max_rows is not None and len(read) > max_rows
        if truncated:
            del read[max_rows:]
        if isinstance(result, ox.QuerySolutions):
            return Answer("SELECT", [v.value for v in result.variables], read,
                          truncated=truncated)
        return Answer("CONSTRUCT", triples=read, truncated=truncated)
    except NutrigraphError:  # a remote server's answer, already said in one line
        raise
    except SyntaxError as error:
        raise _syntax_error(error, where) from None
    except (RuntimeError, ValueError) as error:
        message = str(error)
        missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if missing:
            message = (f"?{missing[1]} is bound but not selected; add it to the SELECT clause "
                       "(Oxigraph binds only variables that the query returns)")
        raise QueryError(f"{where}: {message}") from None
    except OSError as error:
        if shape is None or shape.service_at is None:
            raise  # the store itself could not be read: not the query's fault
        # Oxigraph's HTTP client: refused connection, unknown host, forbidden port...
        raise QueryError(f"{where}: a SERVICE request failed: {error}") from None


def _dataset(default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None,
             where: str) -> dict[str, Any]:
    """Oxigraph's dataset arguments for the graphs given (none when none are)."""
    def graphs(iris: Sequence[str]) -> list[ox.NamedNode]:
        try:
            return [ox.NamedNode(iri) for iri in iris]
        except ValueError as error:
            raise QueryError(f"{where}: not a graph IRI: {error}") from None

    dataset: dict[str, Any] = {}
    if default_graphs is not None:
        dataset["default_graph"] = graphs(default_graphs)
    if named_graphs is not None:
        dataset["named_graphs"] = graphs(named_graphs)
    return dataset


def _substitutions(bindings: Mapping[str, Any], where: str) -> dict[ox.Variable, Any]:
    """The terms to substitute, by variable; a name or value that cannot be is a QueryError."""
    substitutions = {}
    for name, value in bindings.items():
        try:
            variable = ox.Variable(name)
        except (TypeError, ValueError):
            raise QueryError(f"{where}: cannot bind {name!r}: not a SPARQL variable name "
                             "(letters, digits and _, without the leading ?)") from None
        try:
            substitutions[variable] = to_term(value, name)
        except TypeError as error:
            raise QueryError(str(error)) from None
    return substitutions


def _syntax_error(error: SyntaxError, where: str) -> QuerySyntaxError:
    # Oxigraph reports "error at LINE:COLUMN: message"
    text = str(error)
    line = column = None
    if text.startswith("error at "):
        position, _, text = text[len("error at "):].partition(": ")
        parts = position.split(":")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            line, column = int(parts[0]), int(parts[1])
    text = " ".join(text.split())  # one line, whatever the parser printed
    if len(text) > 160:  # Oxigraph lists every token it expected, character classes included
        text = text[:157].rstrip() + "..."
    return QuerySyntaxError(text, where, line, column)
