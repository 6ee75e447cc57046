"""HTML views of nutrigraph's results: what Jupyter shows, and what a web page will.

Every value read from a graph is escaped on its way in (:mod:`nutrigraph.render.markup`);
views of answers about health end with the not-medical-advice notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markup import MAX_ROWS, Html, badge, cell, escape, join, link, notice, table
from .terminal import (
    INHERITED_HEADING,
    INHERITED_NOTE,
    annotation_line,
    as_asked,
    levels,
    overlap_groups,
    path_summary,
)

if TYPE_CHECKING:
    from ..analysis.explanations import Explanation, Route
    from ..analysis.routes import Path, Step
    from ..analysis.symptoms import Differential, Evidence, SymptomOverlap
    from ..graph import KnowledgeGraph
    from ..results import QueryResult

__all__ = ["differential", "explanation", "knowledge_graph", "overlap", "path", "query_result",
           "route"]


def knowledge_graph(kg: KnowledgeGraph) -> Html:
    """The graph: its size, its named graphs with their sources, how to ask."""
    from ..prefixes import NG_GRAPH

    sources = kg.graph_sources()
    graphs = sorted(sources)
    rows = [[link(g, g.removeprefix(NG_GRAPH)),
             join((link(iri, label) for iri, label in sources[g]), "; ")]
            for g in graphs[:MAX_ROWS]]
    return Html(f"<p><strong>nutrigraph knowledge graph</strong>: {len(kg):,} quads in "
                f"{len(graphs)} named graphs, one per source or loaded file.</p>\n"
                + table(["named graph", "derived from"], rows, total=len(graphs))
                + "\n<p>Ask with <code>kg.query(&quot;SELECT ...&quot;)</code> (SPARQL, with "
                "<code>ng:</code>, <code>ngk:</code>, <code>rdfs:</code>, <code>skos:</code>, "
                "<code>prov:</code> and other prefixes predeclared), "
                "<code>kg.named_query(name)</code> for the competency queries "
                "(<code>nutrigraph.list_queries()</code>), and <code>kg.resolve(name)</code> "
                "to find an entity by name.</p>")


def query_result(result: QueryResult) -> Html:
    """A table with IRIs as linked CURIEs (the first :data:`MAX_ROWS` rows), yes or no for
    ASK."""
    if result.type == "ASK":
        return Html(f"<p>ASK: <strong>{'yes' if result.answer.boolean else 'no'}</strong></p>")
    header = (["subject", "predicate", "object"] if result.type == "CONSTRUCT"
              else result.variables)
    rows = [[cell(*c) for c in row] for row in result.cells(MAX_ROWS)]
    count = f"{len(result)} {'triple' if result.type == 'CONSTRUCT' else 'row'}" + (
        "s" if len(result) != 1 else "")
    return Html(f"<p>{count}</p>\n" + table(header, rows, total=len(result)))


def step_sources(step: Step) -> Html:
    """Each source of a step with its section and evidence level, one a line."""
    cited: dict[str, None] = {}
    for source in step.sources:
        where = escape(source.get("source") or "source not stated")
        section, section_iri = source.get("section"), source.get("section_iri")
        if section:
            where += ", section " + (link(section_iri, section) if section_iri
                                     else escape(section))
        cited[f"{where} ({escape(source.get('evidence') or 'evidence not rated')})"] = None
    return join((Html(c) for c in cited), Html("<br>"))


def disputed_mark(step: Step) -> Html:
    """``DISPUTED by ...`` in red for a disputed step, else nothing."""
    if not step.disputed:
        return Html("")
    return badge("DISPUTED by " + (", ".join(step.data.get("disputed_by", ()))
                                   or "another source"))


def _path(found: Path) -> Html:
    """The route on one line with linked nodes, then a table of its steps."""
    line = [link(found.source, found.labels.get(found.source, found.source))]
    for step in found.steps:
        line += [escape(f" -{step.label}-> "), link(step.target,
                                                    found.labels.get(step.target, step.target))]
    head = Html(f"<p><strong>{join(line)}</strong> ({escape(path_summary(found))})</p>\n")
    rows = [[i, link(s.source, found.labels.get(s.source, s.source)), s.label,
             link(s.target, found.labels.get(s.target, s.target)),
             s.evidence or "not rated", step_sources(s), disputed_mark(s)]
            for i, s in enumerate(found.steps, 1)]
    return head + table(["step", "from", "relation", "to", "evidence", "sources", "disputed"],
                        rows)


def path(found: Path) -> Html:
    """A path: its steps with evidence, sources and sections, disputes marked; the notice."""
    return Html(_path(found) + notice())


def _route(told: Route) -> Html:
    """A route's heading and an ordered list of its steps, each with sources and sections."""
    found = told.path
    nodes = [link(n, found.labels.get(n, n)) for n in found.nodes]
    line = [nodes[0]]
    for step, node in zip(found.steps, nodes[1:], strict=True):
        line += [escape(f" -{step.label}-> "), node]
    number = f"{told.rank}. " if told.rank else ""
    items = []
    for step, said in zip(found.steps, told.sentences, strict=True):
        claim = said.removesuffix(".")
        if step.disputed:  # shown as a red mark of its own below
            claim = claim.split(" DISPUTED by ", 1)[0]
        claim = claim.rsplit(" [", 1)[0]  # the citation: shown with its sections below
        mark = disputed_mark(step)
        items.append(f"<li>{escape(claim)}{' ' + mark if mark else ''}<br><small>"
                     f"{escape(step.evidence or 'not rated')}: {step_sources(step)}"
                     "</small></li>")
    return Html(
        f"<p><strong>{escape(number)}{join(line)}</strong> ({escape(path_summary(found))})</p>\n"
        f"<ol>{''.join(items)}</ol>\n"
        f"<details><summary>SPARQL for this route</summary><pre>{escape(told.sparql)}</pre>"
        "</details>")


def route(told: Route) -> Html:
    """A route: a sentence per step with its sources, disputes marked; the notice."""
    return Html(_route(told) + notice())


def explanation(report: Explanation) -> Html:
    """Routes grouped by support, each step with its sources; disputed steps in red; the
    notice."""
    parts = [f"<h3>How {escape(report.source.label)} links to "
             f"{escape(report.target.label)}</h3>"]
    if report.no_path is not None:
        parts.append(f"<p>There is no path: {escape(str(report.no_path))}.</p>")
        if report.partial:
            parts.append("<p>The nearest partial paths:</p>")
            parts += [_route(told) for told in report.partial]
    for group, routes in report.groups:
        parts.append(f"<h4>{escape(group.heading)}</h4>")
        parts += [_route(told) for told in routes]
    parts.append(notice())
    return Html("\n".join(parts))


def _evidence(evidence: Evidence) -> Html:
    """``level: source (section; section)``, with the sources and sections linked."""
    sources = join((link(s.iri, s.label) for s in evidence.sources), ", ") or "no source given"
    sections = join((link(s.iri, s.label) for s in evidence.sections), "; ")
    return Html(f"{escape(evidence.level_label)}: {escape(sources)}"
                + (f" ({sections})" if sections else ""))


def differential(result: Differential) -> Html:
    """A table of the candidates, the score's definition, the notice."""
    asked = join((as_asked(n, s) for n, s in zip(result.names, result.symptoms, strict=True)),
                 ", ")
    names = dict(zip((s.iri for s in result.symptoms), result.names, strict=True))
    rows = []
    for number, candidate in enumerate(result.candidates, 1):
        explains = []
        for match in candidate.matched:
            how = "" if match.how == "same" else f", a kind of {match.symptom.label} in HPO"
            sources = join((_evidence(e) for e in match.evidence), Html("<br>"))
            explains.append(Html(
                f"<strong>{escape(as_asked(match.name, match.asked) + how)}</strong>: "
                f"{match.contribution:.3f}<br><small>{sources}</small>"))
        rows.append([number, link(candidate.deficiency.iri, candidate.deficiency.label),
                     join((link(n.iri, n.label) for n in candidate.nutrients), ", "),
                     f"{candidate.score:.3f}", join(explains, Html("<br>")),
                     ", ".join(as_asked(names[s.iri], s) for s in candidate.unmatched),
                     ", ".join(s.label for s in candidate.other_symptoms)])
    body = (table(["#", "deficiency", "nutrient", "score", "explains", "does not explain",
                   "its other symptoms"], rows) if rows else
            "<p>No deficiency condition in the graph lists these symptoms.</p>")
    inherited = "" if result.inherited is None else _inherited(result, names) + "\n"
    return Html(f"<p><strong>Symptoms:</strong> {asked}</p>\n{body}\n"
                f"<p><small>Ranked by score, then by symptoms explained. "
                f"{escape(result.score[:1].upper() + result.score[1:])}.</small></p>\n"
                f"{inherited}{notice()}")


def _inherited(result: Differential, names: dict[str, str]) -> Html:
    """The inherited disorders of a differential: a table of their own, labelled."""
    rows = []
    for number, candidate in enumerate(result.inherited or (), 1):
        has = []
        for match in candidate.matched:
            how = (f" as {match.symptom.label}" if match.how == "same"
                   else f", a kind of {match.symptom.label} in HPO")
            said = join((escape(annotation_line(a)) for a in match.evidence), Html("<br>"))
            has.append(Html(
                f"<strong>{escape(as_asked(match.name, match.asked) + how)}</strong> "
                f"({link(match.symptom.iri, match.symptom.curie)}): "
                f"{match.contribution:.3f}<br><small>{said}</small>"))
        rows.append([number, link(candidate.disorder.iri, candidate.disorder.label),
                     join((link(g.iri, g.label) for g in candidate.genes), ", "),
                     f"{candidate.score:.3f}", join(has, Html("<br>")),
                     ", ".join(as_asked(names[s.iri], s) for s in candidate.unmatched)])
    body = (table(["#", "inherited disorder", "gene", "score", "has (frequency, evidence)",
                   "not annotated with"], rows) if rows else
            "<p>No inherited disorder in the graph has these symptoms.</p>")
    return Html(f"<h4>{escape(INHERITED_HEADING)}</h4>\n<p>{escape(INHERITED_NOTE)}</p>\n"
                f"{body}\n<p><small>Ranked by score, then by symptoms had. "
                f"{escape(result.inherited_score[:1].upper() + result.inherited_score[1:])}."
                "</small></p>")


def overlap(result: SymptomOverlap) -> Html:
    """A table per group (shared, only one side), the notice."""
    parts = [f"<p><strong>Deficiency symptoms of {escape(result.first.label)} and of "
             f"{escape(result.second.label)}</strong></p>"]
    for title, symptoms in overlap_groups(result):
        parts.append(f"<h4>{escape(title)} ({len(symptoms)})</h4>")
        rows = [[link(item.symptom.iri, item.symptom.label),
                 ", ".join(item.body_systems) or "-",
                 levels(item.first), levels(item.second),
                 join((link(s.iri, s.label) for s in item.sources), ", ")]
                for item in symptoms]
        if rows:
            parts.append(table(["symptom", "body system", result.first.label,
                                result.second.label, "sources"], rows))
    parts.append(notice())
    return Html("\n".join(parts))
