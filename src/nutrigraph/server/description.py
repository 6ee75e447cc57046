"""The SPARQL 1.1 Service Description of ``/sparql`` (W3C, 2013): what the endpoint is.

Written with rdflib, in the RDF format the request accepts (Turtle by default): the
endpoint's URL, the language it takes (SPARQL 1.1 Query, no Update), its results
formats, that its default graph is the union of the named graphs, and those graphs.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response

from .negotiation import choose, content_type

__all__ = ["describe"]

_RDFLIB_FORMATS = {"text/turtle": "turtle", "application/n-triples": "nt",
                   "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                   "SPARQL_Results_TSV", "Turtle", "N-Triples", "RDF_XML", "JSON-LD")


async def describe(request: Request, accept: str) -> Response:
    """The service description, in the RDF format ``accept`` prefers."""
    from rdflib import BNode, Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    media_type = choose(accept, graph=True)
    if media_type is None:
        return PlainTextResponse(f"the service description is RDF; the request accepts none "
                                 f"of its types ({accept})\n", status_code=406)
    state = request.app.state
    if getattr(state, "graph_names", None) is None:
        state.graph_names = await state.workers.ask("graph_names")
    SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
    FORMATS = Namespace("http://www.w3.org/ns/formats/")
    ENT = Namespace("http://www.w3.org/ns/entailment/")
    g = Graph(bind_namespaces="none")
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = URIRef(str(request.url_for("sparql")))
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, ENT.Simple))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    dataset, default = BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    for graph in state.graph_names:
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(graph)))
    body = g.serialize(format=_RDFLIB_FORMATS[media_type], encoding="utf-8")
    return Response(body, media_type=content_type(media_type), headers={"Vary": "Accept"})
