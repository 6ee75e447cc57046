"""The words of a diagram: relations read backwards, the sources line, lists of names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..knowledge import read_schema
from ..prefixes import compact

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["and_list", "capital", "inverse_labels", "inverses", "sources_text"]


def inverses(kg: KnowledgeGraph) -> dict[str, str]:
    """Relation CURIE → the CURIE of its inverse (``ng:cofactorOf`` → ``ng:hasCofactor``)."""
    return {compact(iri): compact(r.inverse) for iri, r in read_schema(kg).relations.items()
            if r.inverse}


def inverse_labels(kg: KnowledgeGraph) -> dict[str, str]:
    """Relation CURIE → its inverse's label, the relation as read from its object
    (``ng:cofactorOf`` → ``has cofactor``).

    Examples
    --------
    >>> from nutrigraph import load
    >>> inverse_labels(load())["ng:cofactorOf"]
    'has cofactor'
    """
    return {compact(iri): r.inverse_label for iri, r in read_schema(kg).relations.items()
            if r.inverse_label}


def sources_text(edge_data: Iterable[dict[str, Any]], limit: int = 8) -> str:
    """The sources of the drawn edges, short: ``UniProtKB Q99707, P22033; Rhea ...``.

    Examples
    --------
    >>> sources_text([{"sources": [{"source": "UniProtKB Q99707 (human MTR)"},
    ...                             {"source": "UniProtKB P22033 (human MMUT)"},
    ...                             {"source": "article on magnesium and vitamin B12"}]}])
    'UniProtKB Q99707, P22033; article on magnesium and vitamin B12'
    """
    groups: dict[str, list[str]] = {}
    for data in edge_data:
        for source in data.get("sources", ()):
            name = (source.get("source") or "").split(" (")[0].strip()
            if not name:
                continue
            record = re.fullmatch(r"(\S+) (\S*\d\S*)", name)  # a database and an accession
            if record:
                groups.setdefault(record[1], [])
                if record[2] not in groups[record[1]]:
                    groups[record[1]].append(record[2])
            else:
                groups.setdefault(name, [])
    parts = [f"{name} {', '.join(ids)}" if ids else name for name, ids in groups.items()]
    parts.sort(key=lambda p: (p.startswith("article"), p.lower()))  # primary sources first
    if len(parts) > limit:
        parts = [*parts[:limit], f"{len(parts) - limit} more"]
    return "; ".join(parts) if parts else "the nutrigraph knowledge graph"


def and_list(names: Sequence[str]) -> str:
    """Names as a sentence lists them.

    Examples
    --------
    >>> and_list(["magnesium"]), and_list(["magnesium", "folate", "vitamin B12"])
    ('magnesium', 'magnesium, folate and vitamin B12')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def capital(text: str) -> str:
    """The text with its first letter a capital (the rest as it is: ``Mg-ATP`` stays)."""
    return text[:1].upper() + text[1:]
