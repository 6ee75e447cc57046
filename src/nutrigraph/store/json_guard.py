"""JSON-LD read safely: no nesting deep enough to crash Oxigraph.

Oxigraph's JSON-LD parser recurses once per level of nesting, at a cost that grows
faster than the depth: 1,000 nested objects take 0.1 s, 2,000 take 0.6 s, and
4,000 (a file of 130 KB) overflow its stack, which kills the Python process with a
segmentation fault: no error, no message. So every JSON-LD input is first read by
Python's :mod:`json` (which raises, rather than crashes, past its recursion limit),
and refused if its objects and arrays nest deeper than :data:`MAX_JSON_DEPTH`.

The bound is a module constant; set it before loading to lift it
(``nutrigraph.store.json_guard.MAX_JSON_DEPTH = 400``), as far as Python's
recursion limit allows. The check reads the file once more, into memory, in less
time than Oxigraph takes to parse it (17 ms for the bundled graph as 2.2 MB of
JSON-LD, which Oxigraph parses in 41 ms).
"""

from __future__ import annotations

import json
from typing import IO, Any

from ..errors import DataFileError

__all__ = ["MAX_JSON_DEPTH", "check_json"]

MAX_JSON_DEPTH = 200
"""The deepest nesting of objects and arrays a JSON-LD input may have (JSON-LD data
rarely passes 20; Oxigraph takes 5 ms a tree of this depth)."""


def check_json(source: IO[bytes], name: str) -> None:
    """Raise :class:`~nutrigraph.errors.DataFileError` if a JSON file nests too deep.

    ``source`` is read from where it is to its end (rewind it after); ``name``
    names the file in messages. Malformed JSON is refused here too, with its line
    and column, since Oxigraph would recurse into it before it found the fault.
    Text that is not UTF-8 raises :class:`UnicodeDecodeError`, left to the caller.

    Examples
    --------
    >>> import io
    >>> check_json(io.BytesIO(b'{"@id": "http://example.org/a"}'), "a.jsonld")
    >>> check_json(io.BytesIO(b"[" * 201 + b"]" * 201), "deep.jsonld")
    Traceback (most recent call last):
    ...
    nutrigraph.errors.DataFileError: deep.jsonld: JSON nested deeper than 200 ...
    """
    text = source.read().decode("utf-8-sig")  # Oxigraph reads UTF-8, with or without a BOM
    try:
        # numbers stay text: no conversion to pay for, and no limit on an integer's digits;
        # not strict, as control characters in strings are for Oxigraph to judge
        document = json.loads(text, parse_int=str, parse_float=str, strict=False)
    except RecursionError:  # Python's own bound on nesting, past this module's
        _too_deep(name)
    except json.JSONDecodeError as error:
        raise DataFileError(f"malformed JSON-LD: {error.msg}", name, error.lineno,
                            error.colno) from None
    if _depth(document) > MAX_JSON_DEPTH:
        _too_deep(name)


def _too_deep(name: str) -> None:
    raise DataFileError(f"JSON nested deeper than {MAX_JSON_DEPTH} "
                        "(nutrigraph.store.json_guard.MAX_JSON_DEPTH)", name) from None


def _depth(document: Any) -> int:
    """How deep objects and arrays nest (a scalar is 0), walked without recursion.

    Examples
    --------
    >>> _depth("x"), _depth([]), _depth({"a": [1, {"b": 2}]})
    (0, 1, 3)
    """
    deepest, stack = 0, [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest
