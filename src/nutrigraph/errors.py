"""Typed exceptions. Each renders as one line that says what went wrong and where."""

import os
from os import PathLike
from pathlib import Path

__all__ = [
    "AmbiguousName",
    "CannotWrite",
    "DataFileError",
    "DataValidationError",
    "EntityNotFound",
    "MissingDependency",
    "NotANutrient",
    "NotASymptom",
    "NutrigraphError",
    "OverLimit",
    "QueryError",
    "QuerySyntaxError",
    "QueryTooComplex",
    "SameEntity",
    "ServiceNotAllowed",
    "StoreBusy",
    "StoreError",
    "StoreNotFound",
    "UnknownFood",
    "UnknownProfile",
    "UnknownQueryName",
    "UnknownTerm",
]


class NutrigraphError(Exception):
    """Base class of every error nutrigraph raises on bad input."""


def _at(line: int | None, column: int | None) -> str:
    """``:LINE:COLUMN`` as far as known, in the style compilers use."""
    return "".join(f":{n}" for n in (line, column) if n is not None)


class _NameNotFound(NutrigraphError, LookupError):
    kind = "thing"
    hint = ""

    def __init__(self, name: str, suggestions: list[str]):
        self.name, self.suggestions = name, suggestions
        super().__init__(str(self))

    def __str__(self) -> str:
        near = f"; did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"no {self.kind} named {self.name!r}{near}{self.hint}"


class QuerySyntaxError(NutrigraphError, SyntaxError):
    """A SPARQL query does not parse.

    ``where`` names the query (a file path, ``<inline>`` or a named query) and
    ``line``/``column`` point into it (1-based) when the parser says so.
    """

    def __init__(self, message: str, where: str, line: int | None = None,
                 column: int | None = None):
        self.message, self.where, self.line, self.column = message, where, line, column
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.where}{_at(self.line, self.column)}: SPARQL syntax error: {self.message}"


class QueryError(NutrigraphError, ValueError):
    """A query parses but cannot be run as asked (for example a bad binding)."""


class QueryTooComplex(QueryError):
    """A query is longer, nests deeper or chains more operators than the bounds of
    :mod:`nutrigraph.store.guards` let Oxigraph parse; the message names the bound."""


class ServiceNotAllowed(QueryError):
    """A query has ``SERVICE``, which would send it to another server: refused unless
    the caller allows it (``allow_service=True``, ``--allow-service``)."""


class DataFileError(NutrigraphError, ValueError):
    """An RDF file cannot be read: missing, of unknown format, or malformed."""

    def __init__(self, message: str, path: str, line: int | None = None,
                 column: int | None = None):
        self.message, self.path, self.line, self.column = message, path, line, column
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}{_at(self.line, self.column)}: {self.message}"


class DataValidationError(NutrigraphError, ValueError):
    """RDF data breaks nutrigraph's SHACL shapes, so it was not loaded.

    ``report`` is the :class:`~nutrigraph.validate.ValidationReport`; its
    ``text()`` lists the problems grouped by shape.
    """

    def __init__(self, report):
        self.report = report
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ", ".join(self.report.checked)
        n = len(self.report.violations)
        return (f"{where}: {n} violation{'s' * (n != 1)} of nutrigraph's shapes; "
                f"nothing was loaded (nutrigraph validate shows them)")


class EntityNotFound(_NameNotFound):
    """No entity has the given name, synonym, CURIE or IRI; ``suggestions`` are the nearest."""

    kind = "entity"


class AmbiguousName(NutrigraphError, LookupError):
    """A name matches several entities equally well."""

    def __init__(self, name: str, candidates: list[str]):
        self.name, self.candidates = name, candidates
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.name!r} names several entities: {', '.join(self.candidates)}; use a CURIE"


class _WrongKind(NutrigraphError, ValueError):
    kind = "the kind of entity asked for"

    def __init__(self, name: str, found: str):
        self.name, self.found = name, found
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.name!r} is {self.found}, not {self.kind}"


class NotASymptom(_WrongKind):
    """A name resolves, but to something that is no symptom or phenotype; ``found`` says what."""

    kind = "a symptom or phenotype"


class NotANutrient(_WrongKind):
    """A name resolves, but to neither a deficiency condition nor a nutrient that has one."""

    kind = "a nutrient with a deficiency condition, or a deficiency condition"


class MissingDependency(NutrigraphError, ImportError):
    """An optional feature needs a package that is not installed; the message says what to get."""


class UnknownFood(_NameNotFound):
    """USDA SR28 has no food with this NDB number."""

    kind = "USDA SR28 food"
    hint = " (NDB numbers are the 5-digit codes of SR28's FOOD_DES, such as 11458)"


class UnknownProfile(_NameNotFound):
    """No inference profile has this name; ``suggestions`` are the nearest."""

    kind = "inference profile"
    hint = " (profiles: rdfs, owl-rl)"


class UnknownQueryName(_NameNotFound):
    """No named competency query has this name; ``suggestions`` are the nearest."""

    kind = "query"
    hint = " (nutrigraph query --list shows them)"


class UnknownTerm(_NameNotFound):
    """No class or relation of the schema has this name; ``suggestions`` are the nearest."""

    def __init__(self, kind: str, name: str, suggestions: list[str] | None = None):
        self.kind = kind
        super().__init__(name, suggestions or [])


class StoreError(NutrigraphError, RuntimeError):
    """A store folder cannot be used as asked."""


class StoreNotFound(StoreError, LookupError):
    """No store at the folder given: only commands that write make one."""


class StoreBusy(StoreError):
    """Another process is writing to the store (one writer at a time; readers are many)."""


class SameEntity(NutrigraphError, ValueError):
    """Both ends of a route are one entity, so no route is needed.

    Two names count as the same when they resolve to one entity (``"B12"`` and
    ``"vitamin B12"``); ``names`` are the two as given, when known.
    """

    def __init__(self, label: str, names: tuple[str, str] | None = None):
        self.label, self.names = label, names
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.names is not None and self.names[0] != self.names[1]:
            first, second = self.names
            return (f"{first!r} and {second!r} both name {self.label}: "
                    "the same entity; no route needed")
        return f"both ends are {self.label}: the same entity; no route needed"


class OverLimit(NutrigraphError, ValueError):
    """A count or size is past one of nutrigraph's documented limits (the message names it),
    which keep a question from running for minutes or a figure from filling a disk."""


class CannotWrite(DataFileError):
    """An output file cannot be written where asked: its folder is missing or not
    writable, or a folder is in its place. :meth:`check` says so before any work is done.
    """

    @classmethod
    def check(cls, path: str | PathLike[str], what: str) -> Path:
        """``path`` as a :class:`~pathlib.Path` if ``what`` (such as ``"the figure"``) can be
        written there, as far as can be told without writing; else raise this error.

        Examples
        --------
        >>> CannotWrite.check("/no/such/folder/x.png", "the figure")
        Traceback (most recent call last):
        ...
        nutrigraph.errors.CannotWrite: /no/such/folder/x.png: cannot write the figure \
(no such folder: /no/such/folder)
        """
        target = Path(path)
        folder = target.parent
        if target.is_dir():
            why = "a folder is in its place"
        elif not folder.exists():
            why = f"no such folder: {folder}"
        elif not folder.is_dir():
            why = f"{folder} is not a folder"
        elif not os.access(folder, os.W_OK | os.X_OK):
            why = f"the folder {folder} is not writable"
        elif target.exists() and not os.access(target, os.W_OK):
            why = "the file is not writable"
        else:
            return target
        raise cls(f"cannot write {what} ({why})", str(path))
