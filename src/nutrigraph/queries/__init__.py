"""Every SPARQL text nutrigraph runs: the named competency queries, and its own.

The named (public) queries are the ``.rq`` files here; the queries nutrigraph's
code runs to read its model (names, schema, evidence, provenance, the symptom
table, the charts' data...) are in ``internal/``, written the same way. Each
file starts with comment lines: the first says in one line what the query
answers; ``# @param NAME = DEFAULT  what it is`` declares a variable that
callers may bind (``DEFAULT`` is an entity name or CURIE, or ``-`` for none,
which leaves the variable free).
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QueryError, UnknownQueryName

__all__ = ["NamedQuery", "Parameter", "get_query", "internal_query", "list_queries"]

_HERE = Path(__file__).resolve().parent
_INTERNAL = _HERE / "internal"


@dataclass(frozen=True)
class Parameter:
    """A variable of a named query that callers may bind."""

    name: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A competency query shipped with nutrigraph."""

    name: str
    description: str
    text: str
    path: Path
    parameters: dict[str, Parameter] = field(default_factory=dict)

    def limited(self, rows: int) -> str:
        """The query with its ``$LIMIT`` set: the one value nutrigraph writes into a query's
        text, as SPARQL's LIMIT takes no variable; only a positive ``int`` is taken.

        Examples
        --------
        >>> "LIMIT 20" in internal_query("foods-per-portion").limited(20)
        True
        """
        if type(rows) is not int or rows < 1:
            raise QueryError(f"a query's LIMIT must be a whole number of rows, not {rows!r}")
        return self.text.replace("$LIMIT", str(rows))

    @property
    def body(self) -> str:
        """The query without its leading comment lines (as shown to a user)."""
        lines = self.text.splitlines()
        while lines and lines[0].startswith("#"):
            lines.pop(0)
        return "\n".join(lines).strip("\n")


@functools.cache
def _read(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    description, parameters = "", {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        content = line.lstrip("#").strip()
        if content.startswith("@param "):
            spec, _, doc = content[len("@param "):].partition("  ")
            name, _, default = (part.strip() for part in spec.partition("="))
            parameters[name] = Parameter(name, None if default in ("", "-") else default,
                                         doc.strip())
        elif content and not description:
            description = content
    return NamedQuery(path.stem, description, text, path, parameters)


def list_queries() -> list[NamedQuery]:
    """All named queries, sorted by name.

    Examples
    --------
    >>> "how-magnesium-links-to-b12" in [q.name for q in list_queries()]
    True
    """
    return [_read(p) for p in sorted(_HERE.glob("*.rq"))]


def get_query(name: str) -> NamedQuery:
    """The named query called ``name``.

    Raises
    ------
    UnknownQueryName
        With the nearest names as suggestions.
    """
    path = _HERE / f"{name}.rq"
    if "/" not in name and path.is_file():
        return _read(path)
    names = [p.stem for p in _HERE.glob("*.rq")]
    raise UnknownQueryName(name, difflib.get_close_matches(name, names, n=3, cutoff=0.5))


def internal_query(name: str) -> NamedQuery:
    """One of the queries (``queries/internal/NAME.rq``) or updates (``NAME.ru``) that
    nutrigraph's own code runs.

    Examples
    --------
    >>> internal_query("entity-names").parameters
    {}
    """
    for path in (_INTERNAL / f"{name}.rq", _INTERNAL / f"{name}.ru"):
        if "/" not in name and path.is_file():
            return _read(path)
    raise LookupError(f"no internal query {name!r}")  # a bug in nutrigraph, not bad input
