"""Query results: rows of RDF terms, plain values, W3C result formats, tables and DataFrames."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from .store import RESULT_FORMATS, Answer, is_blank, is_iri, is_literal, to_python, to_rdflib

if TYPE_CHECKING:
    import pandas

__all__ = ["FORMATS", "Cell", "QueryResult"]

FORMATS = ("table", *RESULT_FORMATS)
"""Output formats of :meth:`QueryResult.serialize`."""


class Cell(NamedTuple):
    """One value of a result as shown: its ``kind`` (``"iri"``, ``"blank"``, ``"literal"``,
    ``"triple"``, or ``None`` when unbound) and its ``value`` (IRI, id or lexical form)."""

    kind: str | None
    value: str


class QueryResult:
    """The answer to a SPARQL query.

    For ``SELECT`` it iterates as rows (named tuples of rdflib terms, ``None``
    where unbound); for ``ASK`` it is truthy or falsy; for ``CONSTRUCT`` and
    ``DESCRIBE`` it iterates as triples. :meth:`rows` gives plain dicts,
    :meth:`serialize` writes the W3C SPARQL 1.1 results formats (JSON, CSV, TSV)
    or an aligned text table, and :meth:`to_dataframe` gives a pandas DataFrame.
    """

    def __init__(self, answer: Answer):
        self.answer = answer
        self.type: str = answer.kind
        self.variables: list[str] = list(answer.variables)
        self.truncated: bool = answer.truncated
        """Whether rows were left out (more than the query's ``max_rows``)."""

    # -- Python access -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.answer.rows) if self.type == "SELECT" else len(self.answer.triples)

    def __bool__(self) -> bool:
        return bool(self.answer.boolean) if self.type == "ASK" else len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        if self.type == "SELECT":
            row_type = NamedTuple("Row", [(v, Any) for v in self.variables])
            for row in self.answer.rows:
                yield row_type(*(to_rdflib(term) for term in row))
        elif self.type == "CONSTRUCT":
            for t in self.answer.triples:
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
        column = self.variables.index(variable)
        return [None if row[column] is None else row[column].value for row in self.answer.rows]

    def rows(self) -> list[dict[str, str | None]]:
        """The rows as dicts of plain strings (IRIs, lexical forms; ``None`` when unbound).

        Examples
        --------
        >>> from nutrigraph import load
        >>> load().query("SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(?l = 'magnesium'@en) }"
        ...              ).rows()
        [{'x': 'https://w3id.org/nutrigraph/kb/magnesium', 'l': 'magnesium'}]
        """
        names = self.variables
        return [{name: None if term is None else term.value
                 for name, term in zip(names, row, strict=True)}
                for row in self.answer.rows]

    def cells(self, limit: int | None = None) -> list[list[Cell]]:
        """The first ``limit`` rows (all by default) as :class:`Cell` values, for showing
        them; a ``CONSTRUCT`` result as (subject, predicate, object) rows."""
        rows = (self.answer.rows if self.type == "SELECT" else
                [(t.subject, t.predicate, t.object) for t in self.answer.triples])
        return [[_cell(term) for term in row] for row in rows[:limit]]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a :class:`pandas.DataFrame` (IRIs as strings, literals as Python values)."""
        import pandas as pd

        if self.type != "SELECT":
            raise TypeError(f"only SELECT results are tables, this is {self.type}")
        return pd.DataFrame([[to_python(term) for term in row] for row in self.answer.rows],
                            columns=self.variables)

    # -- text --------------------------------------------------------------------------

    def serialize(self, format: str = "table") -> str:
        """Write the result as ``table``, ``csv``, ``tsv`` or ``json``.

        ``json``, ``csv`` and ``tsv`` are the W3C SPARQL 1.1 Query Results
        formats, written by Oxigraph. ``table`` aligns columns for a terminal
        and shortens IRIs to CURIEs. ``CONSTRUCT`` results are written as Turtle
        whatever the format.
        """
        if format == "table" and self.type != "CONSTRUCT":
            from .render import text

            return text(self)
        if format not in FORMATS:
            raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
        return self.answer.serialize(format)

    def __repr__(self) -> str:
        if self.type == "ASK":
            return f"<QueryResult ASK: {self.answer.boolean}>"
        return f"<QueryResult {self.type}: {len(self)} rows, variables {self.variables}>"

    def _repr_html_(self) -> str:
        """The result in Jupyter: a table with IRIs as linked CURIEs, yes or no for ASK.

        Examples
        --------
        >>> from nutrigraph import load
        >>> html = load().query("SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }"
        ...                     )._repr_html_()
        >>> '>ngk:methylcobalamin</a>' in html
        True
        """
        from .render import html

        return html(self)


def _cell(term: Any) -> Cell:
    if term is None:
        return Cell(None, "")
    if is_iri(term):
        return Cell("iri", term.value)
    if is_blank(term):
        return Cell("blank", term.value)
    if is_literal(term):
        return Cell("literal", term.value)
    return Cell("triple", str(term))  # an RDF-star quoted triple, in N-Triples syntax
