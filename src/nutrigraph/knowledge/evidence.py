"""Evidence levels and how each counts, read from the graph: ``ontology/nutrigraph.ttl`` says it.

Each ``ng:EvidenceLevel`` has a rank (1 is the strongest), a group it is shown under
(``ng:evidenceGroup``) and a path weight (``ng:pathWeight``), and one level says that
it is what an unrated statement counts as (``ng:countsForUnrated``). The group of
disputed statements (``ng:DisputedStatements``) says what a disputed step adds. Every
room that ranks, weighs, groups or draws by evidence asks the :class:`EvidenceScale`
of its graph, so a change in the Turtle changes all of them, and nothing else does.

Examples
--------
>>> from nutrigraph import load
>>> scale = evidence_scale(load())
>>> [(g.label, g.tier) for g in scale.groups]  # doctest: +NORMALIZE_WHITESPACE
[('primary or curated sources', 0), ('article claims', 1),
 ('unverified or unrated statements', 2), ('disputed statements', 3)]
>>> scale.unrated.label, scale.tier(None), scale.weight(4), scale.weight(4, disputed=True)
('unverified', 2, 3.0, 23.0)
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..queries import internal_query
from ..vocab import ng

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["EvidenceGroup", "EvidenceLevel", "EvidenceScale", "evidence_scale", "shipped_scale"]


@dataclass(frozen=True)
class EvidenceGroup:
    """Levels ranked, shown and drawn alike: ``tier`` 0 is the best supported."""

    iri: str
    label: str
    heading: str
    tier: int
    weight: float = 0.0
    """What a step adds to its level's weight (the disputed group's; 0 for the others)."""


@dataclass(frozen=True)
class EvidenceLevel:
    """One ``ng:EvidenceLevel``: its rank (1 strongest), group and path weight."""

    iri: str
    label: str
    rank: int
    group: EvidenceGroup
    weight: float


@dataclass(frozen=True)
class EvidenceScale:
    """The evidence levels of a graph and what follows from them (see the module)."""

    levels: tuple[EvidenceLevel, ...]
    """Strongest first."""
    groups: tuple[EvidenceGroup, ...]
    """Best supported first, the disputed group last."""
    unrated: EvidenceLevel
    """What a statement or relation without an evidence level counts as."""
    disputed: EvidenceGroup
    # a route search weighs tens of thousands of steps: tier and weight by rank, looked up
    _tiers: dict[int | None, int] = field(default_factory=dict, init=False, repr=False,
                                          compare=False)
    _weights: dict[int | None, float] = field(default_factory=dict, init=False, repr=False,
                                              compare=False)

    _by_iri: dict[str, EvidenceLevel] = field(default_factory=dict, init=False, repr=False,
                                              compare=False)

    def __post_init__(self) -> None:
        self._by_iri.update((level.iri, level) for level in self.levels)
        for rank in {None, *(level.rank for level in self.levels)}:
            self._tiers[rank] = self._group(rank).tier
            self._weights[rank] = self._weight(rank)

    def level(self, iri: str | None) -> EvidenceLevel:
        """The level of that IRI; the unrated level for ``None`` or an IRI that is none."""
        return self.known(iri) or self.unrated

    def known(self, iri: str | None) -> EvidenceLevel | None:
        """The level of that IRI, or None if it is no evidence level of the graph."""
        return self._by_iri.get(iri) if iri is not None else None

    def rank(self, rank: int | None) -> int:
        """A rank as it counts: ``None`` (unrated) counts as the unrated level's."""
        return self.unrated.rank if rank is None else rank

    def group(self, rank: int | None) -> EvidenceGroup:
        """The group of the levels of this rank (the weaker group if two levels share it)."""
        return self._group(rank)

    def _group(self, rank: int | None) -> EvidenceGroup:
        rank = self.rank(rank)
        found = [level.group for level in self.levels if level.rank == rank]
        if not found:  # a rank no level has: the group of the nearest weaker level, or last
            found = [level.group for level in self.levels if level.rank > rank] or [
                self.levels[-1].group]
            return found[0]
        return max(found, key=lambda g: g.tier)

    def tier(self, rank: int | None) -> int:
        """The tier (group order, 0 best) of a rank."""
        found = self._tiers.get(rank)
        return self._group(rank).tier if found is None else found

    def weight(self, rank: int | None, *, disputed: bool = False) -> float:
        """What a step of this rank costs a route search, more when disputed."""
        base = self._weights.get(rank)
        if base is None:
            base = self._weight(rank)
        return base + self.disputed.weight if disputed else base

    def step_weight(self) -> Callable[[Any, Any, Mapping[str, Any]], float]:
        """:meth:`weight` as a networkx weight function of ``(u, v, edge_attributes)``:
        Yen's algorithm calls it tens of thousands of times in one search."""
        weights, extra = dict(self._weights), self.disputed.weight
        weigh = self.weight

        def step(u: Any, v: Any, data: Mapping[str, Any]) -> float:
            base = weights.get(data.get("evidence_rank"))
            if base is None:
                return weigh(data.get("evidence_rank"), disputed=bool(data.get("disputed")))
            return base + extra if data.get("disputed") else base

        return step

    def _weight(self, rank: int | None) -> float:
        rank = self.rank(rank)
        weights = [level.weight for level in self.levels if level.rank == rank]
        return max(weights) if weights else self.unrated.weight


def evidence_scale(kg: KnowledgeGraph) -> EvidenceScale:
    """The evidence scale of ``kg``, read once per state of the graph."""
    return kg.derived("evidence-scale", _read)


@functools.cache
def shipped_scale() -> EvidenceScale:
    """The scale of the schema that ships with nutrigraph: for graphs built without one."""
    from ..bundled import bundled_files
    from ..graph import KnowledgeGraph

    kg = KnowledgeGraph()
    kg.add_data(bundled_files()[0])
    return evidence_scale(kg)


def _read(kg: KnowledgeGraph) -> EvidenceScale:
    rows = kg.query(internal_query("evidence-scale").text, where="the evidence scale").rows()
    groups = {r["group"]: r for r in rows if r["level"] is None}
    levels = sorted((r for r in rows if r["level"] is not None), key=lambda r: (
        int(r["rank"]), r["level"]))
    if not levels:
        raise LookupError("the graph has no evidence levels: load it with the bundled schema")
    # groups in the order of their strongest level; groups without levels (disputed) last
    order: list[str] = []
    for row in levels:
        if row["group"] and row["group"] not in order:
            order.append(row["group"])
    order += sorted(g for g in groups if g not in order and g != ng.DisputedStatements)
    order.append(ng.DisputedStatements)
    made = {iri: EvidenceGroup(
        iri, (groups.get(iri) or {}).get("groupLabel") or _local(iri),
        (groups.get(iri) or {}).get("heading") or _local(iri), tier,
        float((groups.get(iri) or {}).get("groupWeight") or 0)) for tier, iri in enumerate(order)}
    scale_levels = tuple(EvidenceLevel(
        r["level"], r["label"] or _local(r["level"]), int(r["rank"]),
        made[r["group"]] if r["group"] else made[order[-2]], float(r["weight"] or 1))
        for r in levels)
    unrated = [level for level, r in zip(scale_levels, levels, strict=True)
               if r["unrated"] == "true"]
    return EvidenceScale(scale_levels, tuple(made[iri] for iri in order),
                         unrated[0] if unrated else scale_levels[-1], made[ng.DisputedStatements])


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1]
