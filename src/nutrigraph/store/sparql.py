"""The one door every SPARQL query goes through: prefixes, bound terms, errors, answers.

Guards (size and depth bounds, time limits, SERVICE) and other engines (a remote
SPARQL endpoint) belong here, once, for every caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ..errors import QueryError, QuerySyntaxError
from .terms import to_term

__all__ = ["RESULT_FORMATS", "Answer", "run_query"]

RESULT_FORMATS = ("json", "csv", "tsv")
"""The W3C SPARQL 1.1 query results formats :meth:`Answer.serialize` writes."""

_W3C = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON}


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

    def serialize(self, fmt: str) -> str:
        """The answer in a W3C results format (``json``, ``csv``, ``tsv``), written by
        Oxigraph; a ``CONSTRUCT`` answer as Turtle whatever the format."""
        if self.kind == "CONSTRUCT":
            return ox.serialize(self.triples, format=ox.RdfFormat.TURTLE).decode()
        if fmt not in _W3C:
            raise ValueError(f"unknown results format {fmt!r}; choose one of "
                             f"{', '.join(RESULT_FORMATS)}")
        if self.kind == "ASK":
            if fmt == "json":
                source = b'{"head":{},"boolean":' + (b"true" if self.boolean else b"false") + b"}"
                return ox.parse_query_results(source, ox.QueryResultsFormat.JSON).serialize(
                    format=_W3C[fmt]).decode()
            return "true\n" if self.boolean else "false\n"
        # Oxigraph's writers work on a live result, so the rows are replayed through its
        # own reader: the W3C formats are written by Oxigraph, not by nutrigraph.
        lines = ["\t".join(f"?{v}" for v in self.variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in self.rows]
        replay = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
        return replay.serialize(format=_W3C[fmt]).decode()


def run_query(store: ox.Store, text: str, *, prefixes: Mapping[str, str],
              bindings: Mapping[str, Any] | None = None, where: str = "<inline query>"
              ) -> Answer:
    """Run a SPARQL 1.1 query over the union of the store's graphs.

    ``bindings`` map variable names to values (see :func:`~.terms.to_term`),
    substituted as terms (SPARQL SEP-0007), never pasted into the text.
    ``where`` names the query in error messages.

    Raises
    ------
    QuerySyntaxError
        With the line and column where Oxigraph's parser gave up.
    QueryError
        When the query cannot be run as asked (a value that cannot be bound, a
        bound variable the query does not select).
    """
    try:
        substitutions = {ox.Variable(var): to_term(value, var)
                         for var, value in (bindings or {}).items()}
    except TypeError as error:
        raise QueryError(str(error)) from None
    try:
        result = store.query(text, prefixes=dict(prefixes), use_default_graph_as_union=True,
                             substitutions=substitutions)
        if isinstance(result, ox.QuerySolutions):
            # the solutions themselves: each makes its terms only when they are read
            return Answer("SELECT", [v.value for v in result.variables], list(result))
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        return Answer("CONSTRUCT", triples=list(result))
    except SyntaxError as error:
        raise _syntax_error(error, where) from None
    except (RuntimeError, ValueError) as error:
        message = str(error)
        missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if missing:
            message = (f"?{missing[1]} is bound but not selected; add it to the SELECT clause "
                       "(Oxigraph binds only variables that the query returns)")
        raise QueryError(f"{where}: {message}") from None


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
