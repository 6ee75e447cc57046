"""JSON documents of nutrigraph's results: what ``--format json`` prints, and what the HTTP
API will answer.

One vocabulary for all of them: an entity is ``{"iri", "curie", "label"}``; a path
is ``{"nodes", "length", "evidence", "evidence_rank", "disputed", "steps"}``, each
step naming its relation, evidence, disputes and ``sources`` (``source``,
``section``, ``evidence``, ``statement``, ``claim``); evidence levels are given by
label (``evidence``) and rank (``evidence_rank``, 1 strongest); and every answer
about health carries the not-medical-advice ``notice``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..advice import NOT_ADVICE
from ..prefixes import compact

if TYPE_CHECKING:
    from ..analysis.explanations import Explanation, Route
    from ..analysis.metagraph import Metapath
    from ..analysis.neighborhoods import NeighborRow
    from ..analysis.routes import NoPath, Path
    from ..analysis.symptoms import (
        Candidate,
        Differential,
        Evidence,
        InheritedCandidate,
        OverlapSymptom,
        SymptomMatch,
        SymptomOverlap,
    )
    from ..resolve import Entity
    from ..validate import ValidationReport

__all__ = ["answer", "differential", "entity", "explanation", "metapath", "neighbor_row",
           "overlap", "path", "paths_answer", "route", "validation"]


def entity(found: Entity) -> dict[str, str]:
    """``{"iri", "curie", "label"}``."""
    return {"iri": found.iri, "curie": found.curie, "label": found.label}


def answer(document: dict[str, Any]) -> dict[str, Any]:
    """A document as an answer about health: with the ``notice`` last."""
    return {**document, "notice": NOT_ADVICE}


def path(found: Path) -> dict[str, Any]:
    """Nodes, steps with their sources, evidence and disputes."""
    return {
        "nodes": [{"iri": n, "curie": compact(n), "label": found.labels.get(n, n)}
                  for n in found.nodes],
        "length": found.length,
        "evidence": found.evidence,
        "evidence_rank": found.evidence_rank,
        "disputed": found.disputed,
        "steps": [{
            "from": compact(s.source), "to": compact(s.target),
            "relation": s.label, "predicate": compact(s.predicate),
            "inverse": s.inverse, "evidence": s.evidence,
            "evidence_rank": s.evidence_rank, "disputed": s.disputed,
            "disputed_by": list(s.data.get("disputed_by", ())),
            "sources": [{k: v for k, v in src.items() if k != "evidence_iri"}
                        for src in s.sources],
        } for s in found.steps],
    }


def paths_answer(source: Entity, target: Entity, found: list[Path] | None = None,
                 missing: NoPath | None = None) -> dict[str, Any]:
    """Ranked paths between two entities, or why there are none (with partial paths)."""
    if missing is not None:
        return answer({"source": entity(source), "target": entity(target), "paths": [],
                       "no_path": str(missing),
                       "partial": [path(p) for p in missing.partial]})
    return answer({"source": entity(source), "target": entity(target),
                   "paths": [path(p) for p in found or []]})


def route(told: Route) -> dict[str, Any]:
    """A route: its rank, text, sentences, SPARQL, and the path."""
    from .terminal import path as path_text

    return {"rank": told.rank, "route": path_text(told.path), "sentences": told.sentences,
            "sparql": told.sparql, **path(told.path)}


def explanation(report: Explanation) -> dict[str, Any]:
    """The routes of an explanation, or why there are none."""
    return answer({
        "source": entity(report.source), "target": entity(report.target),
        "routes": [route(r) for r in report.routes],
        "no_path": None if report.no_path is None else str(report.no_path),
        "partial": [route(r) for r in report.partial],
    })


def _evidence(found: Evidence) -> dict[str, Any]:
    document = {"statement": found.statement, "level": found.level,
                "level_label": found.level_label, "rank": found.rank, "comment": found.comment,
                "sources": [entity(s) for s in found.sources],
                "sections": [entity(s) for s in found.sections],
                "body_systems": list(found.body_systems)}
    if hasattr(found, "negated"):  # an Annotation: a statement of HPO's disease annotations
        document.update(evidence_code=found.code, frequency=found.frequency,
                        onset=found.onset, negated=found.negated)
    return document


def _match(match: SymptomMatch) -> dict[str, Any]:
    return {"name": match.name, "asked": entity(match.asked), "symptom": entity(match.symptom),
            "how": match.how, "weight": match.weight, "specificity": match.specificity,
            "factor": match.factor, "contribution": match.contribution,
            "evidence": [_evidence(e) for e in match.evidence]}


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {"deficiency": entity(candidate.deficiency),
            "nutrients": [entity(n) for n in candidate.nutrients], "score": candidate.score,
            "matched": [_match(m) for m in candidate.matched],
            "unmatched": [entity(s) for s in candidate.unmatched],
            "other_symptoms": [entity(s) for s in candidate.other_symptoms]}


def _inherited(candidate: InheritedCandidate) -> dict[str, Any]:
    return {"disorder": entity(candidate.disorder),
            "genes": [entity(g) for g in candidate.genes], "score": candidate.score,
            "matched": [_match(m) for m in candidate.matched],
            "unmatched": [entity(s) for s in candidate.unmatched],
            "other_phenotypes": [entity(s) for s in candidate.other_phenotypes]}


def differential(result: Differential) -> dict[str, Any]:
    """The symptoms asked, the candidates, the score's definition; when inherited
    disorders were asked for, ``inherited`` with them (ranked apart, labelled as rare
    genetic conditions) and ``inherited_score``."""
    from .terminal import INHERITED_HEADING, INHERITED_NOTE

    document = {"symptoms": [{"name": name, **entity(found)} for name, found
                             in zip(result.names, result.symptoms, strict=True)],
                "candidates": [_candidate(c) for c in result.candidates],
                "score": result.score}
    if result.inherited is not None:
        document["inherited"] = {"kind": INHERITED_HEADING, "note": INHERITED_NOTE,
                                 "candidates": [_inherited(c) for c in result.inherited],
                                 "score": result.inherited_score}
    return answer(document)


def _overlap_symptom(item: OverlapSymptom) -> dict[str, Any]:
    return {"symptom": entity(item.symptom), "body_systems": list(item.body_systems),
            "sources": [entity(s) for s in item.sources],
            "first": [_evidence(e) for e in item.first],
            "second": [_evidence(e) for e in item.second]}


def overlap(result: SymptomOverlap) -> dict[str, Any]:
    """The shared symptoms, and those of only one side, with their statements."""
    return answer({"first": entity(result.first), "second": entity(result.second),
                   "first_deficiencies": [entity(d) for d in result.first_deficiencies],
                   "second_deficiencies": [entity(d) for d in result.second_deficiencies],
                   "shared": [_overlap_symptom(s) for s in result.shared],
                   "only_first": [_overlap_symptom(s) for s in result.only_first],
                   "only_second": [_overlap_symptom(s) for s in result.only_second]})


def metapath(found: Metapath) -> dict[str, Any]:
    """A metapath, its counts, and each path with its sources."""
    from .terminal import path as path_text

    return {"metapath": found.text, "pattern": list(found.pattern), "length": found.length,
            "path_count": found.path_count, "dwpc": found.dwpc,
            "paths": [{"text": path_text(p), **path(p)} for p in found.paths]}


def neighbor_row(row: NeighborRow) -> dict[str, Any]:
    """A neighbour's relation, with IRIs shortened to CURIEs."""
    document = row._asdict()
    document["neighbor"], document["via"] = compact(row.neighbor), compact(row.via)
    document["predicate"] = compact(row.predicate)
    document["sources"] = list(row.sources)
    return document


def validation(report: ValidationReport, *, examples: int = 3) -> dict[str, Any]:
    """Verdict, counts, the groups (with examples) and every result."""
    return {
        "conforms": report.conforms,
        "checked": report.checked,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "groups": [
            {"severity": severity, "shape": shape, "constraint": constraint,
             "count": len(results), "message": results[0].message,
             "examples": [asdict(r) for r in results[:examples]]}
            for (severity, shape, constraint), results in report.groups()
        ],
        "results": [asdict(r) for r in report.results],
    }
