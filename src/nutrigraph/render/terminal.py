"""Text for a terminal: query tables, routes, explanations, differentials, neighbours, metapaths.

Each function takes a result as nutrigraph's analyses return it and gives the text
the command line prints and ``str()`` shows. Reports about health end with the
not-medical-advice notice (see :mod:`nutrigraph.render`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..advice import NOT_ADVICE
from ..prefixes import compact

if TYPE_CHECKING:
    from ..analysis.explanations import Explanation, Route
    from ..analysis.metagraph import Metapath
    from ..analysis.neighborhoods import NeighborRow
    from ..analysis.routes import NoPath, Path
    from ..analysis.symptoms import Differential, Evidence, SymptomOverlap
    from ..resolve import Entity
    from ..results import QueryResult
    from ..validate import ValidationReport, ValidationResult

__all__ = ["INHERITED_HEADING", "INHERITED_NOTE", "annotation_line", "differential",
           "evidence_line", "explanation", "fraction", "inherited_lines", "metapaths",
           "neighbors", "no_path", "overlap", "path", "path_summary", "paths", "query_table",
           "route", "validation", "validation_summary", "with_notice"]


def with_notice(report: str) -> str:
    """A table or list, then a blank line and the notice: how a report about health ends."""
    return f"{report}\n\n{NOT_ADVICE}"


def query_table(result: QueryResult) -> str:
    """Columns aligned for a terminal, IRIs as CURIEs; ``yes`` or ``no`` for ASK."""
    if result.type == "ASK":
        return "yes" if result.answer.boolean else "no"
    header = result.variables
    body = [[compact(c.value) if c.kind == "iri" else " ".join(c.value.split()) for c in row]
            for row in result.cells()]
    widths = [max([len(h), *(len(row[i]) for row in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines)


def path(found: Path) -> str:
    """The path on one line: ``a -relation-> b -relation-> c``."""
    parts = [found.labels.get(found.source, found.source)]
    for step in found.steps:
        parts.append(f"-{step.label}-> {found.labels.get(step.target, step.target)}")
    return " ".join(parts)


def path_summary(found: Path, separator: str = "; ") -> str:
    """``4 steps; weakest evidence: by similarity``."""
    return (f"{found.length} step{'s' if found.length != 1 else ''}{separator}weakest evidence: "
            f"{found.evidence or 'not rated'}")


def paths(found: list[Path]) -> str:
    """Ranked routes, one a line, each with its length, weakest evidence and disputes."""
    lines = [f"{rank}. {path(p)}  ({path_summary(p, ', ')}{', DISPUTED' if p.disputed else ''})"
             for rank, p in enumerate(found, 1)]
    return "\n".join([*lines, "", NOT_ADVICE])


def no_path(missing: NoPath) -> str:
    """Why there is no route, and the nearest partial routes from each side."""
    lines = [f"{missing}.", *(["Nearest partial routes:"] if missing.partial else []),
             *(f"  {path(p)}" for p in missing.partial)]
    return "\n".join(lines)


def route(told: Route) -> str:
    """A route and its sentences (IPython's plain view of a route)."""
    return "\n".join([path(told.path), *told.sentences])


def explanation(report: Explanation, *, sparql: bool = False) -> str:
    """Headings, numbered routes with their sentences, and the notice."""
    lines = [f"How {report.source.label} links to {report.target.label}", ""]
    if report.no_path is not None:
        lines.append(f"There is no path: {report.no_path}.")
        if report.partial:
            lines += ["", "The nearest partial paths:"]
            for told in report.partial:
                lines.append(f"  {path(told.path)}")
                lines += [f"    {s}" for s in told.sentences]
    for group, routes in report.groups:
        lines += [f"{group.heading}:", ""]
        for told in routes:
            lines.append(f"{told.rank}. {path(told.path)}  ({path_summary(told.path)})")
            lines += [f"   {s}" for s in told.sentences]
            if sparql:
                lines += ["   SPARQL:", *("     " + q for q in told.sparql.splitlines())]
            lines.append("")
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


def as_asked(name: str, entity: Entity) -> str:
    """``tingling (paresthesia)``, or just the name when it is the label."""
    same = name.casefold().strip() == entity.label.casefold()
    return name if same else f"{name} ({entity.label})"


def evidence_line(evidence: Evidence) -> str:
    """``level: source (section; section)`` on one line."""
    sources = ", ".join(s.label for s in evidence.sources) or "no source given"
    sections = "; ".join(s.label for s in evidence.sections)
    return f"{evidence.level_label}: {sources}" + (f" ({sections})" if sections else "")


def differential(result: Differential) -> str:
    """The ranked deficiencies, each symptom's share of the score with its statements."""
    names = dict(zip((s.iri for s in result.symptoms), result.names, strict=True))
    lines = ["Symptoms: " + ", ".join(as_asked(n, s) for n, s in
                                      zip(result.names, result.symptoms, strict=True)), ""]
    if not result.candidates:
        lines += ["No deficiency condition in the graph lists these symptoms.", ""]
    for number, candidate in enumerate(result.candidates, 1):
        nutrients = ", ".join(n.label for n in candidate.nutrients) or "no nutrient given"
        lines.append(f"{number}. {candidate.deficiency.label} (nutrient: {nutrients})  "
                     f"score {candidate.score:.3f}")
        for match in candidate.matched:
            # the evidence is sorted strongest first
            best = match.evidence[0].level_label if match.evidence else "no statement"
            lines.append(f"   explains {as_asked(match.name, match.asked)}"
                         + ("" if match.how == "same"
                            else f", a kind of {match.symptom.label} in HPO")
                         + f": {match.contribution:.3f} = {match.weight:g} ({best})"
                         f" x 1/{round(1 / match.specificity)} (deficiencies listing "
                         f"{match.symptom.label})"
                         + ("" if match.how == "same" else f" x {match.factor:g} (hierarchy)"))
            lines += [f"      {evidence_line(evidence)}" for evidence in match.evidence]
        if candidate.unmatched:
            lines.append("   does not explain: " + ", ".join(
                as_asked(names[s.iri], s) for s in candidate.unmatched))
        if candidate.other_symptoms:
            lines.append("   its other symptoms: "
                         + ", ".join(s.label for s in candidate.other_symptoms))
        lines.append("")
    lines += [f"Ranked by score, then by symptoms explained. "
              f"{result.score[:1].upper()}{result.score[1:]}."]
    if result.inherited is not None:
        lines += ["", *inherited_lines(result, names)]
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


INHERITED_HEADING = "Rare genetic conditions (inherited disorders, ranked apart)"
"""The heading of a differential's inherited disorders, in every view of it."""

INHERITED_NOTE = ("These are rare inherited disorders from the Human Phenotype Ontology's "
                  "disease annotations, not dietary deficiencies; they are ranked apart and "
                  "only a genetic evaluation can tell whether one is present.")


def annotation_line(evidence: Evidence) -> str:
    """``experimental (PCS), frequency 2/5: PMID:12032570, ... (phenotype.hpoa)``."""
    code = getattr(evidence, "code", None)
    frequency = getattr(evidence, "frequency", None)
    onset = getattr(evidence, "onset", None)
    level = evidence.level_label + (f" ({code})" if code else "")
    qualifiers = "".join([f", frequency {frequency}" if frequency else ", frequency not given",
                          f", onset {onset}" if onset else ""])
    sources = ", ".join(s.label for s in evidence.sources) or "no source given"
    sections = "; ".join(s.label for s in evidence.sections)
    return f"{level}{qualifiers}: {sources}" + (f" ({sections})" if sections else "")


def fraction(weight: float) -> str:
    """A weight 1/rank as written: ``1``, ``1/3``."""
    return "1" if weight == 1 else f"1/{round(1 / weight)}"


def inherited_lines(result: Differential, names: dict[str, str]) -> list[str]:
    """The inherited disorders of a differential, as :func:`differential` shows them."""
    lines = [f"{INHERITED_HEADING}:", INHERITED_NOTE, ""]
    if not result.inherited:
        lines += ["No inherited disorder in the graph has these symptoms.", ""]
    for number, candidate in enumerate(result.inherited or (), 1):
        genes = ", ".join(g.label for g in candidate.genes) or "no gene given"
        lines.append(f"{number}. {candidate.disorder.label} ({candidate.disorder.curie}; "
                     f"gene: {genes})  score {candidate.score:.3f}")
        for match in candidate.matched:
            best = match.evidence[0].level_label if match.evidence else "no statement"
            lines.append(f"   has {as_asked(match.name, match.asked)}"
                         + (f" as {match.symptom.label} ({match.symptom.curie})"
                            if match.how == "same"
                            else f", a kind of {match.symptom.label} ({match.symptom.curie}) "
                                 "in HPO")
                         + f": {match.contribution:.3f} = {fraction(match.weight)} ({best})"
                         f" x 1/{round(1 / match.specificity)} (inherited disorders with "
                         f"{match.symptom.label})"
                         + ("" if match.how == "same" else f" x {match.factor:g} (hierarchy)"))
            lines += [f"      {annotation_line(a)}" for a in match.evidence]
        if candidate.unmatched:
            lines.append("   not annotated with: " + ", ".join(
                as_asked(names[s.iri], s) for s in candidate.unmatched))
        if candidate.other_phenotypes:
            shown = [s.label for s in candidate.other_phenotypes[:8]]
            more = len(candidate.other_phenotypes) - len(shown)
            lines.append(f"   its other phenotypes ({len(candidate.other_phenotypes)}): "
                         + ", ".join(shown) + (f", and {more} more" if more else ""))
        lines.append("")
    lines.append(f"Ranked by score, then by symptoms had. "
                 f"{result.inherited_score[:1].upper()}{result.inherited_score[1:]}.")
    return lines


def levels(evidence: tuple[Evidence, ...]) -> str:
    """``article claim (article on ...); authoritative review (...)``, each pair once."""
    said = {f"{e.level_label} ({', '.join(s.label for s in e.sources) or 'no source given'})": None
            for e in evidence}
    return "; ".join(said)


def overlap_groups(result: SymptomOverlap) -> list[tuple[str, Any]]:
    """The three groups of an overlap with their titles: shared, only the first, only the
    second."""
    return [(f"Shared by {result.first.label} and {result.second.label}", result.shared),
            (f"Only {result.first.label}", result.only_first),
            (f"Only {result.second.label}", result.only_second)]


def overlap(result: SymptomOverlap) -> str:
    """The shared and distinct symptoms, each with its body systems and statements."""
    sides = [entity.label if deficiencies == (entity,)
             else f"{entity.label} ({', '.join(d.label for d in deficiencies)})"
             for entity, deficiencies in ((result.first, result.first_deficiencies),
                                          (result.second, result.second_deficiencies))]
    lines = [f"Deficiency symptoms of {sides[0]} and of {sides[1]}", ""]
    for title, symptoms in overlap_groups(result):
        lines.append(f"{title} ({len(symptoms)}):")
        width = max((len(s.symptom.label) for s in symptoms), default=0)
        for item in symptoms:
            systems = ", ".join(item.body_systems) or "-"
            cited = [f"{entity.label}: {levels(evidence)}"
                     for entity, evidence in ((result.first, item.first),
                                              (result.second, item.second)) if evidence]
            lines.append(f"  {item.symptom.label.ljust(width)}  [{systems}]  "
                         + " | ".join(cited))
        lines.append("")
    lines.append(NOT_ADVICE)
    return "\n".join(lines)


def neighbors(rows: list[NeighborRow], *, width: int = 48) -> str:
    """Rows of :func:`~nutrigraph.analysis.neighborhoods.neighbor_table` as a table.

    A relation is drawn ``—cofactor of→`` when the neighbour is its object and
    ``←contains ingredient—`` when the neighbour is its subject. A ``via``
    column appears when some neighbour is more than one step away. Cells longer
    than ``width`` are cut.

    Examples
    --------
    >>> import nutrigraph
    >>> from nutrigraph.analysis.neighborhoods import neighbor_table
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> rows = neighbor_table(G, kg.resolve("adenosylcobalamin").iri, categories=["enzyme"])
    >>> print(neighbors(rows, width=30))
    relation       neighbour                 category  evidence      source
    -------------  ------------------------  --------  ------------  ------------------------------
    —cofactor of→  methylmalonyl-CoA mutase  Enzyme    experimental  UniProtKB P22033 (human MMU...
    (1 relation)
    """
    deep = any(row.distance > 1 for row in rows)
    header = ["distance", "via"] * deep + ["relation", "neighbour", "category", "evidence",
                                            "source"]
    body = []
    for row in rows:
        arrow = (f"—{row.relation}→" if row.direction == "out" else f"←{row.relation}—")
        evidence = (row.evidence or "unrated") + (" (disputed)" if row.disputed else "")
        source = (row.sources[0] if row.sources else "")
        if len(row.sources) > 1:
            source += f" (+{len(row.sources) - 1} more)"
        cells = [str(row.distance), row.via_label] * deep + [
            arrow, row.neighbor_label, row.category.split(":", 1)[-1], evidence, source]
        body.append([c if len(c) <= width else c[:width - 3] + "..." for c in cells])
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
             for cells in [header, ["-" * w for w in widths], *body]]
    lines.append(f"({len(rows)} relation{'s' * (len(rows) != 1)})")
    return "\n".join(lines)


def metapaths(found: list[Metapath], *, examples: int = 3) -> str:
    """Metapaths as a table, each with up to ``examples`` of its paths.

    Examples
    --------
    >>> import nutrigraph
    >>> from nutrigraph.analysis.metagraph import metapaths_between
    >>> kg = nutrigraph.load()
    >>> G = nutrigraph.to_networkx(kg)
    >>> mg, b12 = kg.resolve("magnesium").iri, kg.resolve("B12").iri
    >>> print(metapaths(metapaths_between(G, mg, b12, max_length=2), examples=1))
    paths  DWPC   metapath
    -----  -----  --------
    1      1.000  Nutrient -ng:safelyCombinedWith-> Nutrient
                    magnesium -safely combined with-> vitamin B12
    1      1.000  Nutrient -ng:synergisticWith-> Nutrient
                    magnesium -synergistic with-> vitamin B12
    1      0.574  Nutrient -ng:requiredFor-> BiologicalProcess -ng:hasInput-> Nutrient
                    magnesium -required for-> B12 activation -has input-> vitamin B12
    (3 metapaths, 3 paths)
    """
    lines = ["paths  DWPC   metapath", "-----  -----  --------"]
    for m in found:
        lines.append(f"{m.path_count:<5}  {m.dwpc:.3f}  {m.text}")
        lines += [f"{'':16}{path(p)}" for p in m.paths[:examples]]
        if m.path_count > examples:
            lines.append(f"{'':16}... and {m.path_count - examples} more")
    count = sum(m.path_count for m in found)
    lines.append(f"({len(found)} metapath{'s' * (len(found) != 1)}, "
                 f"{count} path{'s' * (count != 1)})")
    return "\n".join(lines)


def validation_summary(report: ValidationReport) -> str:
    """One line: what was checked, and how many violations and warnings it has."""
    v, w = len(report.violations), len(report.warnings)
    verdict = "conforms" if report.conforms else "does not conform"
    counts = f"{v} violation{'s' * (v != 1)}, {w} warning{'s' * (w != 1)}"
    groups = len(report.groups())
    where = ", ".join(report.checked) or "the knowledge graph"
    return (f"{where}: {verdict} to nutrigraph's shapes ({counts}"
            + (f" in {groups} group{'s' * (groups != 1)})" if groups else ")"))


def validation(report: ValidationReport, *, examples: int = 3) -> str:
    """The summary, then one block per (severity, shape, check) with a count and examples."""
    lines = [validation_summary(report)]
    for (severity, shape, constraint), results in report.groups():
        paths = {r.path for r in results}
        messages = {r.message for r in results}
        on = f" on {next(iter(paths))}" if len(paths) == 1 and None not in paths else ""
        count, nodes = len(results), len({r.focus for r in results})
        lines += ["", f"{severity}  {shape}  ({constraint}{on}): {count} result"
                      f"{'s' * (count != 1)}"
                      + (f" on {nodes} node{'s' * (nodes != 1)}" if nodes != count else "")]
        if len(messages) == 1:
            lines.append(f"  {next(iter(messages))}")
        for result in results[:examples]:
            lines.append("    " + _validation_example(result, with_path=not on,
                                                      with_message=len(messages) > 1))
        if len(results) > examples:
            lines.append(f"    ... and {len(results) - examples} more")
    return "\n".join(lines)


def _validation_example(result: ValidationResult, *, with_path: bool, with_message: bool
                        ) -> str:
    parts = [result.focus]
    if with_path and result.path:
        parts.append(result.path)
    if result.value is not None and result.value != result.path:
        value = result.value
        parts.append("→ " + (value if len(value) <= 60 else value[:57] + "..."))
    line = "  ".join(parts)
    if result.source:
        line += f"  [{result.source}]"
    if with_message:
        line += f": {result.message}"
    return line
