"""``/``: the web page, server-rendered HTML that works without JavaScript.

A SPARQL editor with the named queries as examples (``/``, ``/query``), a page per
entity (``/entity?iri=``), explain (``/explain``) and the differential
(``/differential``). Every page reads the graph through a worker (:mod:`.page_tasks`),
within the time limit; what the worker refuses, or a question that ran out of time,
is a one-line message on the page, which still renders (with the status that says
why). Jinja2 escapes every value read from the graph; the route diagram, drawn by
matplotlib, is the one fragment put in as it is. Every page ends with the
not-medical-advice notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from ..advice import NOT_ADVICE
from ..prefixes import expand
from .tasks import Refused
from .workers import Busy, TimedOut

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))

MAX_MESSAGE = 400
"""Characters of a refusal shown (a parser's list of expected tokens runs long)."""

MAX_SYMPTOM_FIELDS = 4
"""Symptom fields the differential's form shows (more may be given in the URL)."""


def entity_url(iri_or_curie: str | None) -> str:
    """The entity page of an IRI, or of a CURIE nutrigraph's prefixes expand."""
    iri = expand(iri_or_curie or "") or iri_or_curie or ""
    return "/entity?" + urlencode({"iri": iri})


def inline_svg(svg: str | None, label: str) -> Markup:
    """matplotlib's SVG as an element of the page: its XML prologue and DOCTYPE removed,
    named for screen readers (``role="img"`` and ``aria-label``)."""
    if not svg:
        return Markup("")
    start = svg.find("<svg")
    return Markup(svg[start:].replace(
        "<svg", Markup('<svg role="img" aria-label="{}" class="diagram"').format(label), 1))


templates.env.filters["entity_url"] = entity_url
templates.env.globals["not_advice"] = NOT_ADVICE
templates.env.globals["zip"] = zip


class Problem(Exception):
    """A page's question without an answer: the status and one line why."""

    def __init__(self, status: int, message: str):
        message = " ".join(message.split())
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE].rsplit(" ", 1)[0] + " …"
        super().__init__(message)
        self.status = status


async def consult(request: Request, task: str, *args: Any, **kwargs: Any) -> Any:
    """A page task's answer from a worker, or the :class:`Problem` that says why none."""
    try:
        found = await request.app.state.workers.ask(task, *args, **kwargs)
    except TimedOut as stopped:
        raise Problem(503, f"The question {stopped}.") from None
    except Busy as busy:
        raise Problem(503, f"The server is busy: {busy}.") from None
    if isinstance(found, Refused):
        raise Problem(found.status, found.message)
    return found


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A template drawn with the context every page has (the page's name for the nav)."""
    return templates.TemplateResponse(request, template, {"page": template.removesuffix(
        ".html"), **context}, status_code=status)


def _examples() -> list[Any]:
    from ..queries import list_queries

    return list_queries()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    """The SPARQL editor with the named queries as examples."""
    return page(request, "query.html", text="", examples=_examples(), result=None,
                problem=None, named=None, bindings={})


@router.get("/query", response_class=HTMLResponse)
async def query(request: Request, query: str | None = None,
                name: str | None = None) -> HTMLResponse:
    """A query's results as a table: ``query`` (SPARQL), or ``name`` (a named query, its
    parameters as further parameters)."""
    from ..errors import UnknownQueryName
    from ..queries import get_query

    settings = request.app.state.settings
    named, bindings, text = None, {}, query or ""
    try:
        if name:
            try:
                named = get_query(name)
            except UnknownQueryName as unknown:
                raise Problem(404, str(unknown)) from None
            bindings = {key: value for key, value in request.query_params.items()
                        if key in named.parameters and value.strip()}
            text = named.body
        if not text.strip() and named is None:
            raise Problem(400, "Write a SPARQL query first, or pick one of the examples.")
        if len(text) > settings.max_body:
            raise Problem(413, f"The query is over the limit of {settings.max_body:,} bytes.")
        result = await consult(request, "query_page", None if named else text,
                               name=named.name if named else None, bindings=bindings,
                               max_rows=settings.max_rows)
    except Problem as problem:
        return page(request, "query.html", status=problem.status, text=text,
                    examples=_examples(), result=None, problem=str(problem), named=named,
                    bindings=bindings)
    return page(request, "query.html", text=text, examples=_examples(), result=result,
                problem=None, named=named, bindings=bindings, max_rows=settings.max_rows)


@router.get("/entity", response_class=HTMLResponse)
async def entity(request: Request, iri: str = "") -> HTMLResponse:
    """Everything the graph says of one thing, with sources and evidence."""
    if not iri.strip():
        return page(request, "entity.html", card=None, iri="", problem=None)
    try:
        card = await consult(request, "entity_page", iri.strip())
    except Problem as problem:
        return page(request, "entity.html", status=problem.status, card=None, iri=iri,
                    problem=str(problem))
    return page(request, "entity.html", card=card, iri=iri, problem=None)


@router.get("/explain", response_class=HTMLResponse)
async def explain(request: Request, source: str = "", target: str = "",
                  k: int = 3) -> HTMLResponse:
    """How ``source`` links to ``target``: routes told in sentences, and their diagram."""
    from ..analysis.paths import MAX_ROUTES

    report, problem, status = None, None, 200
    if source.strip() or target.strip():
        try:
            if not (source.strip() and target.strip()):
                raise Problem(400, "Give both names: where the route starts, and where it "
                                   "ends.")
            if not 1 <= k <= MAX_ROUTES:
                raise Problem(400, f"Ask for 1 to {MAX_ROUTES} routes.")
            report = await consult(request, "explain_page", source.strip(), target.strip(),
                                   k=k)
        except Problem as refused:
            problem, status = str(refused), refused.status
    diagram = inline_svg(report and report.get("svg"), _diagram_label(report))
    return page(request, "explain.html", status=status, source=source, target=target, k=k,
                report=report, diagram=diagram, problem=problem, max_routes=MAX_ROUTES)


def _diagram_label(report: dict[str, Any] | None) -> str:
    if not report or not report.get("routes"):
        return ""
    routes = "; ".join(r["route"] for r in report["routes"])
    return (f"Route diagram from {report['source']['label']} to {report['target']['label']}, "
            f"one lane per route: {routes}")


@router.get("/differential", response_class=HTMLResponse)
async def differential(request: Request) -> HTMLResponse:
    """Deficiencies ranked by how well they explain the symptoms given."""
    from ..questions import MAX_SYMPTOMS

    symptoms = [s.strip() for s in request.query_params.getlist("symptom") if s.strip()]
    # the rare inherited disorders only when asked for, as on the command line
    inherited = request.query_params.get("inherited", "").lower() in ("1", "true", "on", "yes")
    report, problem, status = None, None, 200
    if symptoms:
        try:
            if len(symptoms) > MAX_SYMPTOMS:
                raise Problem(400, f"Give at most {MAX_SYMPTOMS} symptoms.")
            report = await consult(request, "differential_page", symptoms, inherited)
        except Problem as refused:
            problem, status = str(refused), refused.status
    fields = symptoms + [""] * max(1, MAX_SYMPTOM_FIELDS - len(symptoms))
    return page(request, "differential.html", status=status, symptoms=symptoms,
                fields=fields, report=report, problem=problem, inherited=inherited)
