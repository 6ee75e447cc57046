"""What a query must pass before Oxigraph sees it: size, nesting, SERVICE; and its dataset.

Oxigraph parses and evaluates a query by recursion, so a query nested a few thousand
brackets deep, or chaining a few thousand operators (``1+1+...``, ``{} UNION {}...``,
``BIND`` after ``BIND``), overflows the thread's stack and kills the process (a
segmentation fault, no exception to catch). ``SERVICE <http://...>`` makes Oxigraph
send the query to that server. So every query is first read by a small lexer that
knows SPARQL's comments, strings, IRIs, prefixed names and variables (none of them can
hide a bracket or a keyword, nor fake one), and refused over a bound:

- :data:`MAX_LENGTH` (1,000,000): characters of the query.
- :data:`MAX_DEPTH` (100): brackets ``{``, ``(`` and ``[`` open at one point.
- :data:`MAX_OPERATORS` (500): operators and patterns that chain: ``||`` ``&&``
  ``+`` ``-`` ``*`` ``/`` ``!`` ``|`` ``^`` ``?``, ``{``, and the keywords ``UNION``
  ``OPTIONAL`` ``MINUS`` ``FILTER`` ``BIND`` ``VALUES`` ``GRAPH`` ``SERVICE``.

With Linux's 8 MiB stack, Oxigraph 0.5 crashes at about 830 levels of
``FILTER NOT EXISTS {``, 2,150 of ``{``, 4,600 of ``(``, and at 2,500 ``BIND`` or
``MINUS`` in a row (6,000 to 10,000 of the other operators). Measured at both bounds
at once (98 levels of ``FILTER NOT EXISTS`` around 300 ``BIND``), a query runs on a
stack of 2 MiB as well; on 1 MiB (a thread made after ``threading.stack_size``, say)
the worst cases need lower bounds. The bundled queries nest at most 7 deep and chain
at most 60 operators. A query of 1,000,000 characters (a large ``VALUES``
block, say) is lexed in well under a second. Each bound is a module constant, read
at every call, and each call may set its own (``max_depth=`` and so on, to
:meth:`~nutrigraph.KnowledgeGraph.query`).

``SERVICE`` is refused unless the caller allows it. Oxigraph reads a keyword wherever
its letters begin, even glued to the next token (``SERVICESILENT<...>``,
``SERVICE:x {``, ``?s ?p trueSERVICE <...>``), so the lexer takes any bare word that
contains ``service`` in any case for the keyword, and a prefixed name with
``service`` before its colon followed by ``{`` too; ``ex:service``, ``?service``,
strings, comments and IRIs are left alone.

The default graph is the union of all graphs unless the query names its own dataset
with ``FROM`` or ``FROM NAMED``: the lexer finds those too (a bare word with ``from``
outside every ``{``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QuerySyntaxError, QueryTooComplex, ServiceNotAllowed

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_OPERATORS", "Shape", "check", "read"]

MAX_LENGTH = 1_000_000
"""The most characters a query may have."""

MAX_DEPTH = 100
"""The most brackets (``{``, ``(``, ``[``) a query may have open at one point."""

MAX_OPERATORS = 500
"""The most operators and patterns that chain (see the module's table) a query may have."""

# Character classes of the SPARQL 1.1 grammar (§19.8), as Oxigraph reads them.
_BASE = (r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
         r"\u200c\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
         r"\U00010000-\U000effff")
_U = _BASE + "_"
_NAME = _U + r"0-9\u00b7\u0300-\u036f\u203f\u2040"
_CHARS = _NAME + r"\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL = rf"(?:[{_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"

# One token after blanks; the group that matched names its kind. Every alternative
# consumes at least one character and takes time linear in what it reads, and the
# frequent ones come first (the order matters only where one kind's text starts
# another's: variables before "?", IRIs before "<", strings before a lone quote). A
# prefixed name is found from its first word (see read): a regex looking for the colon
# from every word of "a-a-a-..." would read the same text again and again.
_TOKEN = re.compile(rf"""[ \t\r\n]*(?:
  (?P<var>[?$][{_U}0-9][{_NAME}]*)
| (?P<word>[{_NAME}]+)
| (?P<open>[{{(\[])
| (?P<close>[}})\]])
| (?P<pname>:(?:{_LOCAL})?)
| (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
| (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*(?:--[A-Za-z]+)?)
| (?P<other>!=|<=|>=|\^\^|[.,;=<>$@])
| (?P<op>\|\||&&|[+\-*/!|^?])
| (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    |(?!'''|\"\"\")(?:'(?:[^'\\\r\n]|\\[^\r\n])*'|"(?:[^"\\\r\n]|\\[^\r\n])*"))
| (?P<unclosed>['"])
| (?P<comment>\#[^\r\n]*)
| (?P<stray>[^ \t\r\n])
)""", re.VERBOSE | re.DOTALL)
_PNAME = re.compile(rf"""(?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)?:(?:{_LOCAL})?
                        |_:[{_U}0-9](?:[{_CHARS}.]*[{_CHARS}])?""", re.VERBOSE)
_RUN = re.compile(rf"[{_CHARS}.]*")  # as far as a prefix could reach
_PREFIX_START = re.compile(rf"[{_BASE}]")

_PATTERNS = frozenset({"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "VALUES", "GRAPH",
                       "SERVICE"})
_OPERANDS = frozenset({"string", "var", "iri", "pname", "lang", "word", "close"})
_OPERATOR_CHARS = "|&+-*/!^?{"


@dataclass(frozen=True)
class Shape:
    """What the lexer read in a query: its size, its nesting and the keywords guarded.

    Offsets count characters from 0; :func:`position` turns them into a line and column.
    ``depth`` is the most brackets open at one point (first reached at ``depth_at``),
    ``operators`` the operators and patterns that chain, ``service_at`` where a
    ``SERVICE`` keyword begins (``None`` if none), ``dataset`` whether the query names
    its own dataset (``FROM``), ``group_at`` where its WHERE group opens, and
    ``unclosed_at`` where a string that never ends begins (the lexer stops there).
    """

    length: int
    depth: int
    depth_at: int
    operators: int
    service_at: int | None
    dataset: bool
    unclosed_at: int | None = None
    group_at: int | None = None
    """Where the ``{`` that opens the query's WHERE group is (``None``: it has none)."""


def read(text: str) -> Shape:
    """Read a query with the lexer (always; :func:`check` reads only when it must).

    Examples
    --------
    >>> shape = read('SELECT * # SERVICE <x>\\nWHERE { ?s ex:service "SERVICE" . FILTER(?s) }')
    >>> shape.depth, shape.operators, shape.service_at, shape.dataset
    (2, 3, None, False)
    >>> read("SELECT * FROM <urn:g> WHERE { SeRvIcE <urn:x> {} }").service_at
    30
    """
    match = _TOKEN.match
    # the open brackets: "{", "[", "(" around terms (a list, a path), "e" around an
    # expression, where "<" after an operand is less-than and not an IRI
    stack: list[str] = []
    modes: list[bool] = []  # per "{": whether its clause takes expressions in "(" ...
    expressions = False  # ... as SELECT's, GROUP BY's, ORDER BY's and HAVING's do
    braces = deepest = deepest_at = operators = 0
    service_at: int | None = None
    glued_service = -1  # a prefixed name like "SERVICE:x": a keyword if "{" follows
    dataset = False
    first_group = after_where = None  # a CONSTRUCT's template comes before its WHERE
    where_seen = False
    prev = word = prev_word = prev2_word = ""
    pos = run_end = 0
    while (m := match(text, pos)) is not None:
        kind = m.lastgroup
        start = m.start(kind)
        pos = m.end()
        if kind == "comment":
            continue
        if glued_service >= 0:
            if kind == "open" and text[start] == "{" and service_at is None:
                service_at = glued_service
            glued_service = -1
        prev2_word, prev_word, word = prev_word, word, ""
        if kind == "word":
            if start >= run_end:  # else in a run read before: the "b" of "a-b:c"
                after = text[pos:pos + 1]
                run_end = pos if after != "-" and after != "." else _RUN.match(text, pos).end()
            if (text.startswith(":", run_end) and text[run_end - 1] != "."
                    and (_PREFIX_START.match(text, start)
                         or (text[start] == "_" and run_end == start + 1))
                    and (name := _PNAME.match(text, start))):  # "ex:a", "_:b", "SERVICE:x"
                m, pos, kind = name, name.end(), "pname"
        if kind == "word":
            word = m.group(kind).upper()  # Oxigraph reads keywords in ASCII case-insensitively
            if "SERVICE" in word and service_at is None:
                service_at = start
            if braces == 0 and "FROM" in word:
                dataset = True
            if word in _PATTERNS:
                operators += 1
            elif word in ("SELECT", "BY", "HAVING"):
                expressions = True
            elif word == "WHERE":
                expressions = False
                where_seen = where_seen or not stack
        elif kind == "open":
            bracket = text[start]
            if bracket == "{":
                if not stack:
                    first_group = start if first_group is None else first_group
                    if where_seen and after_where is None:
                        after_where = start
                operators += 1
                braces += 1
                modes.append(expressions)
                expressions = False
            elif bracket == "(":
                bracket = "e" if _expression(stack, prev, prev_word, prev2_word,
                                             expressions) else "("
            stack.append(bracket)
            if len(stack) > deepest:
                deepest, deepest_at = len(stack), start
        elif kind == "close":
            if stack and stack.pop() == "{":
                braces -= 1
                expressions = modes.pop()
        elif kind == "iri":
            if stack and stack[-1] == "e" and prev in _OPERANDS:
                pos = start + 1  # "?a<?b&&?c>?d": Oxigraph reads less-than, so read on
                kind = "other"
        elif kind == "pname":
            prefix = text[start:pos].partition(":")[0].upper()
            if "SERVICE" in prefix and prev_word not in ("GRAPH", "FROM", "NAMED"):
                glued_service = start
        elif kind == "op":
            operators += 1
        elif kind == "unclosed":
            return Shape(len(text), deepest, deepest_at, operators, service_at, dataset, start)
        prev = kind
    return Shape(len(text), deepest, deepest_at, operators, service_at, dataset,
                 group_at=first_group if after_where is None else after_where)


def _expression(stack: list[str], prev: str, prev_word: str, prev2_word: str,
                expressions: bool) -> bool:
    """Whether a "(" opens an expression (else a list of terms, a path, VALUES' names)."""
    if stack and stack[-1] == "e":
        return True
    if prev == "word":  # FILTER(, BIND(, STR(, IN(, SELECT (, BY (...; not "a (", "VALUES ("
        return prev_word not in ("A", "VALUES")
    if prev in ("pname", "iri"):  # FILTER ex:f(, ORDER BY ex:f(; not "?s ex:p (1 2)"
        return expressions or prev2_word == "FILTER"
    if prev in ("var", "close"):  # SELECT ?a (..., GROUP BY ?a (..., or a list after ?p
        return expressions
    return False


def position(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1) of an offset into a text."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def check(text: str, *, where: str = "<inline query>", allow_service: bool = False,
          max_length: int | None = None, max_depth: int | None = None,
          max_operators: int | None = None) -> Shape | None:
    """Refuse a query over a bound, or with ``SERVICE`` unless ``allow_service``.

    A bound left ``None`` is the module's constant. Returns what the lexer read, or
    ``None`` when a quick look at the characters proves the query within every
    bound, without ``SERVICE`` and without ``FROM`` (the lexer is then not run).

    Raises
    ------
    QueryTooComplex
        Over :data:`MAX_LENGTH`, :data:`MAX_DEPTH` or :data:`MAX_OPERATORS`.
    ServiceNotAllowed
        A ``SERVICE`` keyword, unless ``allow_service``.
    QuerySyntaxError
        A string that never ends (the lexer cannot tell where the query goes on).
    """
    max_length = MAX_LENGTH if max_length is None else max_length
    max_depth = MAX_DEPTH if max_depth is None else max_depth
    max_operators = MAX_OPERATORS if max_operators is None else max_operators
    if len(text) > max_length:
        raise QueryTooComplex(f"{where}: query is {len(text):,} characters long; the limit "
                              f"is {max_length:,} (nutrigraph.store.guards.MAX_LENGTH)")
    # Every bracket the lexer counts is a bracket character, every operator it counts an
    # operator character or a keyword, every SERVICE or FROM it finds is in the text:
    # under the bounds by these counts, the lexer would find nothing.
    upper = text.upper()
    if ("SERVICE" not in upper and "FROM" not in upper
            and text.count("{") + text.count("(") + text.count("[") <= max_depth
            and sum(map(text.count, _OPERATOR_CHARS))
            + sum(map(upper.count, _PATTERNS)) <= max_operators):
        return None
    shape = read(text)
    if shape.unclosed_at is not None:
        line, column = position(text, shape.unclosed_at)
        raise QuerySyntaxError("a string begins here and never ends", where, line, column)
    if shape.depth > max_depth:
        line, column = position(text, shape.depth_at)
        raise QueryTooComplex(f"{where}: query nested {shape.depth} deep at line {line}, "
                              f"column {column}; the limit is {max_depth} "
                              "(nutrigraph.store.guards.MAX_DEPTH)")
    if shape.operators > max_operators:
        raise QueryTooComplex(f"{where}: query chains {shape.operators:,} operators and "
                              "patterns (UNION, OPTIONAL, FILTER, BIND, ||, +, / and the "
                              f"like); the limit is {max_operators:,} "
                              "(nutrigraph.store.guards.MAX_OPERATORS)")
    if shape.service_at is not None and not allow_service:
        line, column = position(text, shape.service_at)
        raise ServiceNotAllowed(f"{where}: SERVICE at line {line}, column {column} would "
                                "send the query to another server; refused unless allowed "
                                "(allow_service=True in Python, --allow-service on the "
                                "command line)")
    return shape
