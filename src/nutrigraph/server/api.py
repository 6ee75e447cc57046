"""``/api/...``: the questions as JSON, the same documents as the CLI's ``--format json``.

Each route takes the command's arguments and options as query parameters, bounded as
the command line bounds them, and answers with :mod:`nutrigraph.questions`' document
(``application/json``), a named query's results (negotiated, SPARQL JSON by default),
or a figure (SVG or PNG). A name that is found nowhere is a 404, a bad value a 400,
each with ``{"detail": "one line"}``. FastAPI describes every route in ``/openapi.json``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from ..analysis.paths import MAX_ROUTES
from ..questions import (
    MAX_DEPTH,
    MAX_LANES,
    MAX_METAPATH_LENGTH,
    MAX_RADIUS,
    MAX_SYMPTOMS,
    MAX_TOP,
)
from .protocol import answer_query
from .tasks import Refused
from .workers import Busy, TimedOut

__all__ = ["ask", "router"]

router = APIRouter(prefix="/api")

Name = Annotated[str, Query(min_length=1, max_length=200, description="A name, synonym or CURIE")]
Categories = Annotated[list[str] | None, Query(
    max_length=20, description="Class names (enzyme, food, ng:BiologicalProcess...); repeatable")]
MaxLength = Annotated[int, Query(ge=1, le=20, description="The longest route, in steps")]


async def ask(request: Request, task: str, *args: Any, **kwargs: Any) -> Any:
    """A worker's answer, or the HTTPException that says why there is none."""
    try:
        found = await request.app.state.workers.ask(task, *args, **kwargs)
    except TimedOut as stopped:
        raise HTTPException(503, f"question {stopped}") from None
    except Busy as busy:
        raise HTTPException(503, str(busy), headers={"Retry-After": "1"}) from None
    if isinstance(found, Refused):
        raise HTTPException(found.status, found.message)
    return found


@router.get("/resolve", tags=["questions"], summary="The entity a name refers to")
async def resolve(request: Request, name: Name) -> dict[str, Any]:
    """The entity a name, synonym or CURIE refers to, with its standard identifiers."""
    return await ask(request, "question", "resolve", name=name)


@router.get("/explain", tags=["questions"], summary="How SOURCE links to TARGET, in sentences")
async def explain(request: Request, source: Name, target: Name,
                  k: Annotated[int, Query(ge=1, le=MAX_ROUTES)] = 3, max_length: MaxLength = 6,
                  through: Categories = None, avoid: Categories = None) -> dict[str, Any]:
    """Routes grouped by support and ranked, told in sentences with citations
    (``nutrigraph explain --format json``)."""
    return await ask(request, "question", "explain", source=source, target=target, k=k,
                     max_length=max_length, through=through, avoid=avoid)


@router.get("/path", tags=["questions"], summary="The best-supported routes, ranked")
async def path(request: Request, source: Name, target: Name,
               k: Annotated[int, Query(ge=1, le=MAX_ROUTES)] = 5, max_length: MaxLength = 6,
               through: Categories = None, avoid: Categories = None) -> dict[str, Any]:
    """``nutrigraph path --format json``; without a route, ``no_path`` says why."""
    return await ask(request, "question", "path", source=source, target=target, k=k,
                     max_length=max_length, through=through, avoid=avoid)


@router.get("/neighbors", tags=["questions"], summary="What an entity is related to")
async def neighbors(request: Request, entity: Name,
                    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
                    category: Categories = None) -> dict[str, Any]:
    """``nutrigraph neighbors --format json``: each relation with evidence and sources."""
    return await ask(request, "question", "neighbors", entity=entity, depth=depth,
                     categories=category)


@router.get("/metapaths", tags=["questions"], summary="The kinds of path between two entities")
async def metapaths(request: Request, source: Name, target: Name,
                    max_length: Annotated[int, Query(ge=1, le=MAX_METAPATH_LENGTH)] = 3,
                    directed: bool = False, through: Categories = None,
                    avoid: Categories = None) -> dict[str, Any]:
    """``nutrigraph metapaths --format json``: counts and degree-weighted path counts."""
    return await ask(request, "question", "metapaths", source=source, target=target,
                     max_length=max_length, directed=directed, through=through, avoid=avoid)


@router.get("/differential", tags=["questions"], summary="Deficiencies that explain symptoms")
async def differential(request: Request, symptom: Annotated[list[str], Query(
        min_length=1, max_length=30, description="A symptom's name; repeatable")],
        inherited: Annotated[bool, Query(description=(
            "Also rank the rare inherited disorders (HPO disease annotations), apart from "
            "the deficiencies, under the key 'inherited'"))] = False,
        ) -> dict[str, Any]:
    """``nutrigraph differential --format json`` (``inherited=true``: ``--inherited``).
    nutrigraph informs; it does not diagnose."""
    return await ask(request, "question", "differential", symptoms=symptom,
                     inherited=inherited)


@router.get("/overlap", tags=["questions"], summary="The symptoms two deficiencies share")
async def overlap(request: Request, first: Name, second: Name) -> dict[str, Any]:
    """``nutrigraph overlap --format json``."""
    return await ask(request, "question", "overlap", first=first, second=second)


@router.get("/queries", tags=["named queries"], summary="The named competency queries")
async def queries() -> list[dict[str, Any]]:
    """Each named query: its name, description, parameters (with defaults) and text."""
    from ..queries import list_queries

    return [{"name": q.name, "description": q.description,
             "parameters": [{"name": p.name, "default": p.default,
                             "description": p.description} for p in q.parameters.values()],
             "sparql": q.text} for q in list_queries()]


@router.get("/queries/{name}", tags=["named queries"], summary="Run a named query",
            response_class=Response)
async def named_query(request: Request, name: str) -> Response:
    """Run a named query; its parameters are query parameters (entity names), and the
    results are negotiated as at ``/sparql`` (SPARQL JSON by default)."""
    from ..errors import UnknownQueryName
    from ..queries import get_query
    from .negotiation import FORMAT_NAMES

    try:
        query = get_query(name)
    except UnknownQueryName as unknown:
        raise HTTPException(404, str(unknown)) from None
    bindings = dict(request.query_params)
    fmt = bindings.pop("format", None)
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise HTTPException(400, f"format={fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    unknown = sorted(set(bindings) - set(query.parameters))
    if unknown:
        raise HTTPException(400, f"named query {name!r} has no parameter {unknown[0]!r} "
                                 f"(parameters: {', '.join(query.parameters) or 'none'})")
    accept = FORMAT_NAMES[fmt] if fmt else request.headers.get("accept", "*/*")
    response = await answer_query(request, "named_query", name, bindings, accept=accept)
    if response.status_code >= 400:
        raise HTTPException(response.status_code, response.body.decode().strip())
    return response


_MEDIA = {"svg": "image/svg+xml", "png": "image/png"}


async def _figure(request: Request, kind: str, fmt: str, **options: Any) -> Response:
    body = await ask(request, "figure", kind, fmt, **options)
    return Response(body, media_type=_MEDIA[fmt])


Format = Annotated[Literal["svg", "png"], Query(description="svg or png")]


@router.get("/plots/mechanism", tags=["figures"], response_class=Response,
            summary="The mechanism diagram")
async def plot_mechanism(request: Request, nutrient: Categories = None,
                         max_symptoms: Annotated[int, Query(ge=0, le=MAX_SYMPTOMS)] = 6,
                         format: Format = "svg") -> Response:
    """``nutrigraph plot mechanism``: nutrient to enzyme to reaction to symptoms."""
    return await _figure(request, "mechanism", format, nutrients=nutrient,
                         max_symptoms=max_symptoms)


@router.get("/plots/path", tags=["figures"], response_class=Response,
            summary="The best routes, one lane each")
async def plot_path(request: Request, source: Name, target: Name,
                    k: Annotated[int, Query(ge=1, le=MAX_LANES)] = 5, max_length: MaxLength = 6,
                    through: Categories = None, avoid: Categories = None,
                    format: Format = "svg") -> Response:
    """``nutrigraph plot path``: the routes of ``/api/path``."""
    return await _figure(request, "path", format, source=source, target=target, k=k,
                         max_length=max_length, through=through, avoid=avoid)


@router.get("/plots/neighborhood", tags=["figures"], response_class=Response,
            summary="An entity's neighbourhood in rings")
async def plot_neighborhood(request: Request, entity: Name,
                            radius: Annotated[int, Query(ge=1, le=MAX_RADIUS)] = 1,
                            category: Categories = None, format: Format = "svg") -> Response:
    """``nutrigraph plot neighborhood``."""
    return await _figure(request, "neighborhood", format, entity=entity, radius=radius,
                         categories=category)


@router.get("/plots/symptoms", tags=["figures"], response_class=Response,
            summary="Shared and distinct deficiency symptoms")
async def plot_symptoms(request: Request, first: str | None = None, second: str | None = None,
                        format: Format = "svg") -> Response:
    """``nutrigraph plot symptoms``: magnesium and vitamin B12 unless both are given."""
    if (first is None) != (second is None):
        raise HTTPException(400, "give both first and second, or neither")
    return await _figure(request, "symptoms", format, first=first, second=second)


@router.get("/plots/symptom-matrix", tags=["figures"], response_class=Response,
            summary="Deficiency symptoms against deficiencies and inherited disorders")
async def plot_symptom_matrix(request: Request, nutrient: Categories = None,
                              format: Format = "svg") -> Response:
    """``nutrigraph plot symptom-matrix``: magnesium and vitamin B12 unless nutrients are
    given."""
    return await _figure(request, "symptom-matrix", format, nutrients=nutrient)


@router.get("/plots/foods", tags=["figures"], response_class=Response,
            summary="The foods richest in each nutrient")
async def plot_foods(request: Request, nutrient: Categories = None,
                     top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 10, both: bool = False,
                     format: Format = "svg") -> Response:
    """``nutrigraph plot foods``: per household portion (USDA SR28), with % Daily Value."""
    if both and nutrient:
        raise HTTPException(400, "both ranks magnesium and vitamin B12 together; give no "
                                 "nutrient with it")
    return await _figure(request, "foods", format, nutrients=nutrient, top=top, both=both)


@router.get("/plots/intakes", tags=["figures"], response_class=Response,
            summary="Recommended intakes by population group")
async def plot_intakes(request: Request, nutrient: str = "magnesium",
                       format: Format = "svg") -> Response:
    """``nutrigraph plot intakes``: RDA by group, with upper limits."""
    return await _figure(request, "intakes", format, nutrient=nutrient)
