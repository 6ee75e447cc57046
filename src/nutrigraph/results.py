"""Query results: rows of RDF terms, W3C result formats, tables and DataFrames."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import pyoxigraph as ox

from .prefixes import compact

if TYPE_CHECKING:
    import pandas

__all__ = ["FORMATS", "QueryResult"]

FORMATS = ("table", "csv", "tsv", "json")
"""Output formats of :meth:`QueryResult.serialize`."""

_W3C = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
        "json": ox.QueryResultsFormat.JSON}


class QueryResult:
    """The answer to a SPARQL query.

    For ``SELECT`` it iterates as rows (named tuples of rdflib terms, ``None``
    where unbound); for ``ASK`` it is truthy or falsy; for ``CONSTRUCT`` and
    ``DESCRIBE`` it iterates as triples. :meth:`serialize` writes the W3C
    SPARQL 1.1 results formats (JSON, CSV, TSV) or an aligned text table, and
    :meth:`to_dataframe` gives a pandas DataFrame.
    """

    def __init__(self, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples):
        self.type: str
        self.variables: list[str] = []
        self._solutions: list[ox.QuerySolution] = []
        self._boolean: bool | None = None
        self._triples: list[ox.Triple] = []
        if isinstance(result, ox.QuerySolutions):
            self.type = "SELECT"
            self.variables = [v.value for v in result.variables]
            self._solutions = list(result)
        elif isinstance(result, ox.QueryBoolean):
            self.type, self._boolean = "ASK", bool(result)
        else:
            self.type, self._triples = "CONSTRUCT", list(result)

    # -- Python access -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._solutions) if self.type == "SELECT" else len(self._triples)

    def __bool__(self) -> bool:
        return bool(self._boolean) if self.type == "ASK" else len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        from .terms import to_rdflib

        if self.type == "SELECT":
            row_type = NamedTuple("Row", [(v, Any) for v in self.variables])
            for solution in self._solutions:
                yield row_type(*(to_rdflib(solution[v]) for v in self.variables))
        elif self.type == "CONSTRUCT":
            for t in self._triples:
                yield (to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
        else:
            raise TypeError("an ASK result is a boolean: use bool(result)")

    def values(self, variable: str) -> list[str | None]:
        """Plain strings of one column: IRIs as IRIs, literals by their lexical form.

        Examples
        --------
        >>> from nutrigraph import load
        >>> load().query("SELECT ?l WHERE { ngk:magnesium rdfs:label ?l }").values("l")
        ['magnesium']
        """
        if variable not in self.variables:
            raise KeyError(f"no variable ?{variable} in the result: {self.variables}")
        return [_value(solution[variable]) for solution in self._solutions]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a :class:`pandas.DataFrame` (IRIs as strings, literals as Python values)."""
        import pandas as pd

        if self.type != "SELECT":
            raise TypeError(f"only SELECT results are tables, this is {self.type}")
        from .terms import to_python

        return pd.DataFrame(
            [[to_python(solution[v]) for v in self.variables] for solution in self._solutions],
            columns=self.variables,
        )

    # -- text --------------------------------------------------------------------------

    def serialize(self, format: str = "table") -> str:
        """Write the result as ``table``, ``csv``, ``tsv`` or ``json``.

        ``json``, ``csv`` and ``tsv`` are the W3C SPARQL 1.1 Query Results
        formats, written by Oxigraph. ``table`` aligns columns for a terminal
        and shortens IRIs to CURIEs. ``CONSTRUCT`` results are written as Turtle
        whatever the format.
        """
        if self.type == "CONSTRUCT":
            return ox.serialize(self._triples, format=ox.RdfFormat.TURTLE).decode()
        if format == "table":
            return self._table()
        if format not in _W3C:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        if self.type == "ASK":
            return _serialize_boolean(bool(self._boolean), _W3C[format])
        return _serialize_solutions(self.variables, self._solutions, _W3C[format])

    def _table(self) -> str:
        if self.type == "ASK":
            return "yes" if self._boolean else "no"
        header = self.variables
        body = [[_shown(solution[v]) for v in header] for solution in self._solutions]
        widths = [max([len(h), *(len(row[i]) for row in body)]) for i, h in enumerate(header)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
                 "  ".join("-" * w for w in widths)]
        lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
                  for row in body]
        lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
        return "\n".join(lines)

    def __repr__(self) -> str:
        if self.type == "ASK":
            return f"<QueryResult ASK: {self._boolean}>"
        return f"<QueryResult {self.type}: {len(self)} rows, variables {self.variables}>"

    def _repr_html_(self) -> str:
        """The result in Jupyter: a table with IRIs as linked CURIEs, yes or no for ASK.

        Only the first :data:`nutrigraph.display.MAX_ROWS` rows are shown, and a
        line says how many more there are; every value is escaped.

        Examples
        --------
        >>> from nutrigraph import load
        >>> html = load().query("SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }"
        ...                     )._repr_html_()
        >>> '>ngk:methylcobalamin</a>' in html
        True
        """
        from .display import MAX_ROWS, table, term

        if self.type == "ASK":
            return f"<p>ASK: <strong>{'yes' if self._boolean else 'no'}</strong></p>"
        if self.type == "CONSTRUCT":
            header = ["subject", "predicate", "object"]
            rows = [[term(t.subject), term(t.predicate), term(t.object)]
                    for t in self._triples[:MAX_ROWS]]
        else:
            header = self.variables
            rows = [[term(s[v]) for v in header] for s in self._solutions[:MAX_ROWS]]
        count = f"{len(self)} {'triple' if self.type == 'CONSTRUCT' else 'row'}" + (
            "s" if len(self) != 1 else "")
        return f"<p>{count}</p>\n" + table(header, rows, total=len(self))


def _value(term: Any) -> str | None:
    return None if term is None else term.value


def _shown(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return " ".join(term.value.split())


def _serialize_solutions(variables: list[str], solutions: list[ox.QuerySolution],
                         fmt: ox.QueryResultsFormat) -> str:
    # Oxigraph's writers work on a live result, so replay the rows through its
    # own reader: the W3C formats are written by Oxigraph, not by us.
    header = "\t".join(f"?{v}" for v in variables)
    lines = [header]
    lines += ["\t".join("" if s[v] is None else str(s[v]) for v in variables) for s in solutions]
    replay = ox.parse_query_results("\n".join(lines) + "\n", ox.QueryResultsFormat.TSV)
    return replay.serialize(format=fmt).decode()


def _serialize_boolean(answer: bool, fmt: ox.QueryResultsFormat) -> str:
    if fmt == ox.QueryResultsFormat.JSON:
        source = b'{"head":{},"boolean":' + (b"true" if answer else b"false") + b"}"
        return ox.parse_query_results(source, ox.QueryResultsFormat.JSON).serialize(
            format=fmt).decode()
    return "true\n" if answer else "false\n"
