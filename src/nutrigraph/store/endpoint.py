"""Talking to a SPARQL 1.1 server: the Protocol (query, update), the Graph Store HTTP
Protocol, credentials, retries, and every failure as one line.

Nothing here is engine-specific: queries and updates are POSTed form-encoded (no URL
grows too long), the dataset goes in ``default-graph-uri`` and ``named-graph-uri``,
graphs are read and written as N-Triples. Credentials come from the environment
(``NUTRIGRAPH_STORE_USER`` and ``NUTRIGRAPH_STORE_PASSWORD``, or
``NUTRIGRAPH_STORE_TOKEN`` for a bearer token) or from ``~/.netrc`` (``$NETRC``) by
host; never from a command line, where other users' ``ps`` would show them.

A request that fails for a reason that may pass (no connection, the connection cut,
429, 502, 503, 504) is sent again, after 0.5, 1 and 2 s; a query that outlasts the
timeout is not (it would only be slow again).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from ..errors import QueryError, StoreError

__all__ = ["Endpoints", "SparqlClient", "authorization", "credentials"]

_RESULTS = "application/sparql-results+json"
_GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                "text/plain": ox.RdfFormat.N_TRIPLES,  # N-Triples' media type before 2014
                "text/turtle": ox.RdfFormat.TURTLE,
                "application/rdf+xml": ox.RdfFormat.RDF_XML}
_ACCEPT = f"{_RESULTS}, application/sparql-results+xml;q=0.9, application/n-triples, " \
          "text/turtle;q=0.9"
_TRANSIENT = {429, 502, 503, 504}
_WAITS = (0.5, 1.0, 2.0)


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL server takes queries, updates (``None``: it takes none from us) and
    Graph Store Protocol requests (``None``: graphs are written by SPARQL Update)."""

    query: str
    update: str | None = None
    graph_store: str | None = None


class SparqlClient:
    """One HTTP client (its connections kept open) for one server's endpoints."""

    def __init__(self, endpoints: Endpoints, *, timeout: float = 60.0,
                 waits: Sequence[float] | None = None):
        self.endpoints = endpoints
        self._waits = _WAITS if waits is None else tuple(waits)
        self._http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                  auth=credentials(), follow_redirects=True,
                                  headers={"User-Agent": "nutrigraph"})
        self._timeout = timeout

    def close(self) -> None:
        self._http.close()

    # -- the SPARQL 1.1 Protocol ---------------------------------------------------------

    def query(self, text: str, *, dataset: Mapping[str, Sequence[str]] | None = None,
              where: str = "<inline query>") -> ox.QuerySolutions | ox.QueryBoolean | list:
        """Send a query; the answer as Oxigraph's own results (solutions, a boolean),
        or a list of triples for ``CONSTRUCT`` and ``DESCRIBE``."""
        form: dict[str, Any] = {"query": text, **(dataset or {})}
        response = self._send("POST", self.endpoints.query, what="query", where=where,
                              data=form, headers={"Accept": _ACCEPT})
        media = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media in (_RESULTS, "application/sparql-results+xml"):
            fmt = ox.QueryResultsFormat.from_media_type(media)
            return ox.parse_query_results(response.content, fmt)
        if media in _GRAPH_TYPES:
            return [q.triple for q in ox.parse(response.content, _GRAPH_TYPES[media])]
        raise StoreError(f"{self.endpoints.query} answered a query with {media or 'no type'}"
                         ", which is neither SPARQL results nor RDF: is it a SPARQL endpoint?")

    def update(self, text: str) -> None:
        """Send an update: one request, which the server runs as one transaction if it
        follows SPARQL 1.1 Update's advice (Oxigraph does)."""
        self._send("POST", self._writable("update"), what="update",
                   data={"update": text})

    # -- the Graph Store HTTP Protocol -----------------------------------------------------

    def post_graph(self, graph: str, ntriples: bytes) -> None:
        """Add N-Triples to a graph (Graph Store Protocol POST): the same triples sent
        twice are one set of triples, so a retry cannot add anything twice."""
        self._send("POST", self._writable("graph_store"), what="graph store",
                   params={"graph": graph}, content=ntriples,
                   headers={"Content-Type": "application/n-triples"})

    @contextmanager
    def read_graph(self, graph: str) -> Iterator[Iterator[ox.Quad]]:
        """The triples of a graph, streamed (Graph Store Protocol GET), as quads of the
        default graph."""
        url = self.endpoints.graph_store
        assert url is not None
        request = self._http.build_request("GET", url, params={"graph": graph},
                                           headers={"Accept": "application/n-triples"})
        response = self._attempt(lambda: self._http.send(request, stream=True),
                                 what="graph store", where=url)
        try:
            self._check(response, what="graph store", where=url)
            media = response.headers.get("content-type", "").partition(";")[0].strip()
            yield ox.parse(_Stream(response.iter_bytes()),
                           _GRAPH_TYPES.get(media.lower(), ox.RdfFormat.N_TRIPLES))
        finally:
            response.close()

    # -- sending, again if it may pass, and what a failure says ---------------------------

    def _writable(self, which: str) -> str:
        url = getattr(self.endpoints, which)
        if url is None:  # the store checks first; this is the last line of defence
            raise StoreError(f"no {which.replace('_', ' ')} endpoint given")
        return url

    def _send(self, method: str, url: str, *, what: str, where: str = "",
              **options: Any) -> httpx.Response:
        response = self._attempt(lambda: self._http.request(method, url, **options),
                                 what=what, where=where or url)
        self._check(response, what=what, where=where)
        return response

    def _attempt(self, send: Any, *, what: str, where: str) -> httpx.Response:
        for wait in (*self._waits, None):
            try:
                response = send()
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ConnectTimeout,
                    httpx.ReadError, httpx.WriteError) as error:
                if wait is None:
                    raise StoreError(f"cannot reach the SPARQL {what} endpoint "
                                     f"{error.request.url.copy_with(query=None)}: "
                                     f"{_reason(error)}") from None
            except httpx.TimeoutException as error:
                raise StoreError(f"the SPARQL {what} endpoint "
                                 f"{error.request.url.copy_with(query=None)} did not answer "
                                 f"within {self._timeout:g} s") from None
            else:
                if response.status_code not in _TRANSIENT or wait is None:
                    return response
                response.close()
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _check(self, response: httpx.Response, *, what: str, where: str) -> None:
        status = response.status_code
        if status < 300:
            return
        if not response.is_closed:
            response.read()
        url = response.request.url.copy_with(query=None)
        said = _first_line(response.text)
        reason = f"{status} {response.reason_phrase}".strip()
        if status in (401, 403):
            raise StoreError(f"the SPARQL {what} endpoint {url} refused the credentials "
                             f"({reason}): set NUTRIGRAPH_STORE_USER and "
                             "NUTRIGRAPH_STORE_PASSWORD, or give the host in ~/.netrc")
        if status == 400 and what == "query":
            raise QueryError(f"{where}: {url} rejected the query: {said or reason}")
        if status in (404, 405, 501) and what == "graph store":
            raise StoreError(f"{url} does not take Graph Store Protocol requests here "
                             f"({reason}); is it the server's graph store endpoint?")
        raise StoreError(f"the SPARQL {what} endpoint {url} answered {reason}"
                         + (f": {said}" if said else ""))


def credentials() -> httpx.Auth | None:
    """The credentials the environment gives, else those of ``~/.netrc`` (``$NETRC``) for
    the host asked; ``None`` if neither has any."""
    token = os.environ.get("NUTRIGRAPH_STORE_TOKEN")
    if token:
        return _Bearer(token)
    user = os.environ.get("NUTRIGRAPH_STORE_USER")
    if user:
        return _Password(lambda host: (user, os.environ.get("NUTRIGRAPH_STORE_PASSWORD", "")))
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc")
    if not path.is_file():
        return None
    import netrc

    try:
        hosts = netrc.netrc(str(path))
    except (OSError, netrc.NetrcParseError) as error:
        raise StoreError(f"{path}: cannot read the credentials: {error}") from None

    def lookup(host: str) -> tuple[str, str] | None:
        found = hosts.authenticators(host)
        return None if found is None else (found[0], found[2] or "")
    return _Password(lookup)


def authorization(url: str) -> str | None:
    """The ``Authorization`` header :func:`credentials` give for a URL at first (for
    clients that are not httpx: rdflib's SPARQLStore)."""
    auth = credentials()
    if auth is None:
        return None
    request = next(auth.auth_flow(httpx.Request("GET", url)))
    return request.headers.get("Authorization")


class _Password(httpx.Auth):
    """A user and password, sent as HTTP Basic; a server that refuses them so (Virtuoso's
    ``-auth`` endpoints take Digest only) gets Digest from then on."""

    def __init__(self, lookup: Any):
        self._lookup = lookup
        self._digest: dict[str, httpx.DigestAuth] = {}

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        host = request.url.host
        found = self._lookup(host)
        if found is None:
            yield request
            return
        if host not in self._digest:
            response = yield next(httpx.BasicAuth(*found).auth_flow(request))
            if response.status_code != 401:  # refused Basic: try Digest (Virtuoso refuses
                return  # Basic without a challenge; Digest's own first request gets one)
            self._digest[host] = httpx.DigestAuth(*found)
            del request.headers["Authorization"]
        yield from self._digest[host].auth_flow(request)


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request


class _Stream:
    """A response's bytes as the binary file Oxigraph's parser reads."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._rest = chunks, b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._rest) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._rest += chunk
        if size < 0:
            size = len(self._rest)
        out, self._rest = self._rest[:size], self._rest[size:]
        return out


def _first_line(text: str) -> str:
    """The first line of what a server said, without markup, at most 200 characters."""
    text = re.sub(r"<[^>]+>", " ", text)
    line = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= 200 else line[:197] + "..."


def _reason(error: httpx.HTTPError) -> str:
    reason = str(error) or type(error).__name__
    return " ".join(reason.split())[:200]
