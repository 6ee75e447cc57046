"""Routes as data: a :class:`Path` is a sequence of :class:`Step` objects, each one edge of a
projection with its provenance; :class:`NoPath` says that there is none."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import NutrigraphError
from ..knowledge.evidence import EvidenceScale, shipped_scale

__all__ = ["NoPath", "Path", "Step"]


@dataclass(frozen=True)
class Step:
    """One edge of the projection, walked from ``source`` to ``target``.

    ``key`` is the edge's key (``"ng:cofactorOf"``, or ``"^ng:hasActiveForm"``
    when the relation is walked backwards) and ``data`` its attributes;
    ``scale`` is the evidence scale of the projection it was found in.
    """

    source: str
    target: str
    key: str
    data: Mapping[str, Any]
    scale: EvidenceScale | None = field(default=None, repr=False, compare=False)

    @property
    def predicate(self) -> str:
        """IRI of the relation (the same whichever way it is walked)."""
        return self.data["predicate"]

    @property
    def label(self) -> str:
        """The relation as read in walking order ("cofactor of", "has cofactor")."""
        return self.data["label"]

    @property
    def inverse(self) -> bool:
        """Whether the relation is walked against its direction."""
        return bool(self.data.get("inverse"))

    @property
    def subject(self) -> str:
        """The subject of the RDF triple behind the step."""
        return self.target if self.inverse else self.source

    @property
    def object(self) -> str:
        """The object of the RDF triple behind the step."""
        return self.source if self.inverse else self.target

    @property
    def evidence(self) -> str | None:
        return self.data.get("evidence")

    @property
    def evidence_rank(self) -> int:
        """The best evidence rank of the step; an unrated step counts as the scale says."""
        return self._scale.rank(self.data.get("evidence_rank"))

    @property
    def tier(self) -> int:
        """The evidence group of the step (0: primary or curated sources)."""
        return self._scale.tier(self.data.get("evidence_rank"))

    @property
    def disputed(self) -> bool:
        return bool(self.data.get("disputed"))

    @property
    def sources(self) -> list[dict[str, Any]]:
        return list(self.data.get("sources", ()))

    @property
    def _scale(self) -> EvidenceScale:
        return self.scale or shipped_scale()


@dataclass(frozen=True)
class Path:
    """A route: steps from :attr:`source` to :attr:`target`, with node labels."""

    steps: tuple[Step, ...]
    labels: Mapping[str, str]

    @property
    def nodes(self) -> tuple[str, ...]:
        return (self.steps[0].source, *(s.target for s in self.steps)) if self.steps else ()

    @property
    def source(self) -> str:
        return self.nodes[0]

    @property
    def target(self) -> str:
        return self.nodes[-1]

    @property
    def length(self) -> int:
        return len(self.steps)

    @property
    def evidence_rank(self) -> int:
        """The weakest step's rank: a route is as strong as its weakest link."""
        return max(s.evidence_rank for s in self.steps)

    @property
    def evidence(self) -> str | None:
        """The weakest step's evidence level (``None`` if no source rates it)."""
        return max(self.steps, key=lambda s: s.evidence_rank).evidence

    @property
    def disputed(self) -> bool:
        return any(s.disputed for s in self.steps)

    @property
    def tier(self) -> int:
        """The evidence group of the weakest step: 0 when every step is from a primary
        or curated source, 1 with an article claim, 2 with an unverified or unrated step."""
        return max(s.tier for s in self.steps)

    def rank_key(self) -> tuple:
        """What :func:`rank_paths` sorts by (see the module's documentation)."""
        mean = sum(s.evidence_rank for s in self.steps) / len(self.steps)
        return (self.disputed, self.tier, self.length, mean,
                [self.labels.get(n, n) for n in self.nodes])

    def text(self) -> str:
        """The path on one line: ``a -relation-> b -relation-> c``."""
        from ..render import text

        return text(self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description: nodes, steps with their sources, evidence, disputes."""
        from ..render import document

        return document(self)

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        """The path in Jupyter: its steps with evidence, sources and sections, disputes marked.

        Examples
        --------
        >>> import nutrigraph
        >>> kg = nutrigraph.load()
        >>> G = nutrigraph.to_networkx(kg)
        >>> mg, ms = kg.resolve("magnesium").iri, kg.resolve("methionine synthase").iri
        >>> html = nutrigraph.shortest_path(G, mg, ms)._repr_html_()
        >>> "DISPUTED by UniProtKB Q99707" in html
        True
        """
        from ..render import html

        return html(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # IPython's plain-text view: the route, not the dataclass's repr
        printer.text(self.text())


class NoPath(NutrigraphError, LookupError):
    """No path joins the two entities under the constraints given.

    ``partial`` holds the nearest partial paths: from the source towards the
    target, and from the target back towards the source (see :func:`find_paths`).
    """

    def __init__(self, source: str, target: str, partial: list[Path] | None = None,
                 why: str = ""):
        self.source, self.target = source, target
        self.partial = partial or []
        self.why = why
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"no path from {self.source} to {self.target}{self.why}"
