"""``/sparql``: the SPARQL 1.1 Protocol's query operation, read-only.

Queries come by GET (``?query=``), by POST form-encoded (``query=``) and by POST direct
(``Content-Type: application/sparql-query``), with the dataset in ``default-graph-uri``
and ``named-graph-uri`` (W3C SPARQL 1.1 Protocol, §2.1). The answer's format is
negotiated (:mod:`.negotiation`). Without a query, ``/sparql`` answers with a SPARQL 1.1
Service Description (:mod:`.description`). An update (``application/sparql-update``,
``update=``) is refused with 403: the store changes only through ``nutrigraph import``
and ``nutrigraph add``.

Every answer that could hold more rows than :attr:`Settings.max_rows` says how many it
holds in ``Nutrigraph-Rows`` and, when rows were left out, ``Nutrigraph-Truncated: true``.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from .negotiation import FORMAT_NAMES, content_type
from .tasks import Refused
from .workers import Busy, TimedOut

__all__ = ["answer_query", "failure", "read_body", "router"]

router = APIRouter()

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"


class BadRequest(Exception):
    """A request the protocol does not allow: its status and one line why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def failure(status: int, message: str, **headers: str) -> PlainTextResponse:
    """An error as one line of plain text (what a SPARQL client shows its user)."""
    return PlainTextResponse(message.replace("\n", " ") + "\n", status_code=status,
                             headers=headers)


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, refused (413) past ``limit`` bytes, before it is all read."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BadRequest(413, f"the request body is {int(declared):,} bytes; the limit is "
                              f"{limit:,}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BadRequest(413, f"the request body is over the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise BadRequest(400, f"{len(values)} {name} parameters; give one")
    return values[0] if values else None


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


async def _operation(request: Request) -> tuple[str | None, dict[str, list[str]]]:
    """The query text (``None`` when none is given) and the protocol's parameters."""
    limit = request.app.state.settings.max_body
    if len(request.url.query) > limit:
        raise BadRequest(414, f"the URL's query string is over {limit:,} bytes; POST the query")
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        if "update" in params:
            raise _read_only()
        return _one(params, "query"), params
    kind = _media_type(request)
    body = await read_body(request, limit)
    if kind == _UPDATE:
        raise _read_only()
    if kind == _FORM:
        if "query" in params:
            raise BadRequest(400, "a query in both the URL and the form; give it once")
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise BadRequest(400, "the form is not UTF-8") from None
        if "update" in form:
            raise _read_only()
        for name, values in form.items():
            params.setdefault(name, []).extend(values)
        return _one(params, "query"), params
    if kind == _DIRECT:
        try:
            return body.decode("utf-8"), params
        except UnicodeDecodeError as error:
            raise BadRequest(400, f"the query is not UTF-8 (byte {error.start})") from None
    raise BadRequest(415, f"POST a query as {_DIRECT} or {_FORM}, not "
                          f"{kind or 'a body without a Content-Type'}")


def _read_only() -> BadRequest:
    return BadRequest(403, "this endpoint is read-only: SPARQL Update is refused; the store "
                           "changes only through `nutrigraph import` and `nutrigraph add`")


def _accept(request: Request, params: dict[str, list[str]]) -> str:
    name = _one(params, "format")
    if name is None:
        return request.headers.get("accept", "*/*")
    if name not in FORMAT_NAMES:
        raise BadRequest(400, f"format={name!r}: choose one of {', '.join(FORMAT_NAMES)}")
    return FORMAT_NAMES[name]


async def answer_query(request: Request, task: str, *args: object, accept: str,
                       **kwargs: object) -> Response:
    """Ask a worker a query task and write its answer, or the error, as HTTP."""
    settings = request.app.state.settings
    try:
        found = await request.app.state.workers.ask(task, *args, accept=accept,
                                                    max_rows=settings.max_rows, **kwargs)
    except TimedOut as stopped:
        return failure(503, f"query {stopped}")
    except Busy as busy:
        return failure(503, str(busy), **{"Retry-After": "1"})
    if isinstance(found, Refused):
        return failure(found.status, found.message)
    body, media_type, truncated, size = found
    headers = {"Nutrigraph-Rows": str(size), "Vary": "Accept"}
    if truncated:
        headers["Nutrigraph-Truncated"] = "true"
        headers["Nutrigraph-Row-Limit"] = str(settings.max_rows)
    return Response(body, media_type=content_type(media_type), headers=headers)


@router.get("/sparql", summary="SPARQL 1.1 query by GET", response_class=Response,
            tags=["SPARQL"], operation_id="sparql_get")
@router.post("/sparql", summary="SPARQL 1.1 query by POST (form or direct)",
             response_class=Response, tags=["SPARQL"], operation_id="sparql_post")
async def sparql(request: Request) -> Response:
    """Run a SPARQL 1.1 query (GET ``?query=``, POST form or POST direct), read-only.

    Without a query: the SPARQL 1.1 Service Description (Turtle by default), or the
    web page's editor for a browser.
    """
    try:
        text, params = await _operation(request)
        if text is None:
            from .description import describe

            accept = request.headers.get("accept", "*/*")
            if "text/html" in accept.split(",")[0]:
                return RedirectResponse("/", status_code=303)
            return await describe(request, accept)
        accept = _accept(request, params)
        return await answer_query(request, "sparql", text, accept=accept,
                                  default_graphs=params.get("default-graph-uri") or None,
                                  named_graphs=params.get("named-graph-uri") or None)
    except BadRequest as bad:
        return failure(bad.status, str(bad))
