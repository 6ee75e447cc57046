"""nutrigraph over a real SPARQL 1.1 server (Oxigraph's own, started by the tests): the same
answers as a local store, writes that are all or nothing, and failures in one line."""

from __future__ import annotations

import http.server
import json
import re
import threading
from contextlib import contextmanager

import pytest
from click.testing import CliRunner
from servers import push, running_oxigraph

import nutrigraph
from nutrigraph import questions
from nutrigraph.cli.main import cli, main
from nutrigraph.errors import QueryError, StoreError
from nutrigraph.queries import list_queries
from nutrigraph.store import RemoteStore, Store, iri, literal, quad
from nutrigraph.store import remote as remote_module
from nutrigraph.store.inline import inline

ARTICLE = "https://w3id.org/nutrigraph/graph/article-magnesium-b12"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One Oxigraph server for the module, holding the bundled knowledge (pushed)."""
    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as endpoints:
        push(endpoints)
        yield endpoints


@pytest.fixture(scope="module")
def remote(server):
    return nutrigraph.load(store=server.query)


def writer(server, **options):
    return RemoteStore(server.query, update_endpoint=server.update,
                       graph_store=server.graph_store, **options)


def staging_graphs(server):
    with RemoteStore(server.query) as store:
        rows = store._select("store-graphs")
    return [g.value for (g,) in rows if g.value.startswith(remote_module.STAGING)]


# -- the same answers ----------------------------------------------------------------------

def test_the_pushed_store_holds_every_bundled_graph(remote, kg):
    assert set(kg.graphs()) <= set(remote.graphs())
    # the bundled graphs plus the one that says which version's files they are
    assert len(remote) == len(kg) + 1


def test_push_again_writes_nothing(server):
    result = CliRunner().invoke(cli, ["push", "--store", server.query, "--update-endpoint",
                                      server.update])
    assert result.exit_code == 0
    assert "already holds this version's bundled knowledge" in result.output


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_named_query_answers_the_same_remotely(query, remote, kg):
    def cell(term):
        # the order GROUP_CONCAT joins values in is not SPARQL's to say: each engine (each
        # store's layout, even) has its own; the values are the answer
        return tuple(sorted(re.split(r"; | \+ | \| |, ", str(term))))

    def rows(graph):
        return sorted(tuple(map(cell, row)) for row in graph.named_query(query.name))
    local_rows, remote_rows = rows(kg), rows(remote)
    assert remote_rows == local_rows
    assert local_rows, "a named query with no answer proves nothing"


@pytest.mark.parametrize("question, arguments", [
    ("explanation", ("magnesium", "methionine synthase")),
    ("explanation", ("magnesium", "vitamin B12")),
    ("paths", ("magnesium", "fatigue")),
    ("neighbors", ("vitamin B12",)),
    ("metapaths", ("magnesium", "vitamin B12")),
    ("differential", (["fatigue", "numbness"],)),
    ("overlap", ("magnesium", "vitamin B12")),
    ("resolution", ("pins and needles",)),
])
def test_every_question_answers_the_same_remotely(question, arguments, remote, kg):
    ask = getattr(questions, question)
    assert ask(remote, *arguments) == ask(kg, *arguments)


def test_bound_terms_reach_the_server_as_terms(remote):
    rows = remote.query("SELECT ?label WHERE { ?x rdfs:label ?label }",
                        x=remote.resolve("magnesium"))
    assert [str(r.label) for r in rows] == ["magnesium"]
    # a value that would break a query pasted as text is one literal that matches nothing
    assert len(remote.query("SELECT ?x WHERE { ?x rdfs:label ?label }",
                            label='x" } ?x ?p ?o . FILTER("')) == 0


def test_a_query_with_its_own_dataset_keeps_it(remote):
    text = f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}> WHERE {{ ?s ?p ?o }}"
    there, here = remote.query(text).values("n"), nutrigraph.load().query(text).values("n")
    assert there == here and int(here[0]) > 100


def test_the_cli_explains_from_a_server_as_from_the_embedded_graph(server):
    runner = CliRunner()
    here = runner.invoke(cli, ["explain", "magnesium", "methionine synthase"])
    there = runner.invoke(cli, ["explain", "magnesium", "methionine synthase", "--store",
                                server.query])
    assert there.exit_code == 0, there.output
    assert there.output == here.output
    assert "not medical advice" in there.output.lower()


def test_export_from_a_server_is_what_it_holds(server, tmp_path):
    out = tmp_path / "article.nq"
    result = CliRunner().invoke(cli, ["export", "--format", "nquads", "--store", server.query,
                                      "--graph", ARTICLE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = Store()
    exported.add_files([out])
    local = nutrigraph.load()
    assert exported.graphs() == [ARTICLE]
    assert len(exported) == sum(1 for _ in local.store.quads(graph=ARTICLE))


def test_validate_reads_a_server(server):
    result = CliRunner().invoke(cli, ["validate", "--store", server.query])
    assert result.exit_code == 0, result.output
    assert f"the store at {server.query}" in result.output


# -- writing: streamed, staged, all or nothing ----------------------------------------------

def test_import_usda_streams_into_a_server(server, monkeypatch):
    monkeypatch.setattr(remote_module, "CHUNK_BYTES", 20_000)  # many chunks, even for 2 foods
    posts = []
    real = remote_module.RemoteStore._upload

    def counted(self, stage, chunks):
        for chunk in chunks:
            posts.append(len(chunk))
            real(self, stage, [chunk])
    monkeypatch.setattr(remote_module.RemoteStore, "_upload", counted)
    result = CliRunner().invoke(cli, ["import", "usda", "--store", server.query, "--foods",
                                      "11458,12061", "--update-endpoint", server.update,
                                      "--graph-store", server.graph_store])
    assert result.exit_code == 0, result.output
    from nutrigraph.importers.usda import import_usda

    local = Store()
    import_usda(local, foods=["11458", "12061"])
    graph = "https://w3id.org/nutrigraph/graph/usda-sr28"
    with RemoteStore(server.query) as store:
        assert store.graph_size(graph) == sum(1 for _ in local.quads(graph=graph)) > 100
        assert store.values(nutrigraph.prefixes.PREFIXES["sr28food"] + "11458-304",
                            nutrigraph.vocab.ng.amount) == ["87"]
    assert len(posts) > 3 and max(posts) < 60_000
    assert staging_graphs(server) == []


def test_a_failure_half_way_leaves_the_graph_and_no_staging(server, monkeypatch):
    graph = "https://example.org/lab/cohort"
    before = [quad(iri("https://example.org/lab/a"), iri("https://example.org/lab/p"),
                   literal("old"), graph)]
    with writer(server) as store:
        store.replace_graphs([graph], lambda w: w.add(before))
        assert store.values("https://example.org/lab/a", "https://example.org/lab/p") == ["old"]
        monkeypatch.setattr(remote_module, "_ntriples",
                            lambda quads: iter(["<urn:x> <urn:y> <urn:z> .\n", "not rdf\n"]))
        with pytest.raises(StoreError, match="400"):
            store.replace_graphs([graph], lambda w: w.add(
                [quad(iri("urn:x"), iri("urn:y"), literal("new"), graph)]))
        assert store.values("https://example.org/lab/a", "https://example.org/lab/p") == ["old"]
        assert not store.has_graph("urn:x")
    assert staging_graphs(server) == []


def test_add_and_drop_through_the_cli(server, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text('@prefix ex: <https://example.org/> .\nex:x ex:says "hello" .\n')
    runner = CliRunner()
    write = ["--store", server.query, "--update-endpoint", server.update]
    added = runner.invoke(cli, ["add", *write, str(mine), "--no-validate"])
    assert added.exit_code == 0, added.output
    graph = mine.resolve().as_uri()
    assert f"{graph}\t1 quads" in added.output
    listed = runner.invoke(cli, ["graphs", "--store", server.query])
    assert graph in listed.output
    dropped = runner.invoke(cli, ["drop", *write, graph])
    assert dropped.exit_code == 0, dropped.output
    with RemoteStore(server.query) as store:
        assert not store.has_graph(graph)


def test_writing_needs_an_update_endpoint(server):
    result = CliRunner().invoke(cli, ["push", "--store", server.query])
    assert result.exit_code == 2
    assert "needs --update-endpoint URL" in result.output
    with pytest.raises(StoreError, match="read here only"):
        RemoteStore(server.query).remove_graph(ARTICLE)


# -- failures, each in one line --------------------------------------------------------------

@contextmanager
def fake_server(answer):
    """A small HTTP server on 127.0.0.1 whose every request ``answer(handler)`` answers:
    a server that fails in the ways a real one can, on demand."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            answer(self)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()


def reply(handler, status, body, media="text/plain", headers=(), *, read=True):
    if read:  # the request's body, unless the answer read it already
        handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
    handler.send_response(status)
    handler.send_header("Content-Type", media)
    for name, value in headers:
        handler.send_header(name, value)
    data = body.encode()
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


ASK_TRUE = json.dumps({"head": {}, "boolean": True})
NO_GRAPHS = json.dumps({"head": {"vars": ["g"]}, "results": {"bindings": []}})


def one_line_failure(capsys, store_url, *args):
    """The one line of stderr of a command that fails with exit code 2 and no output."""
    code = main([*args, "--store", store_url])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    assert len(err.splitlines()) == 1 and err.startswith("nutrigraph: error: "), err
    return err.strip()


def test_a_server_that_is_down(tmp_path, capsys):
    with running_oxigraph(tmp_path) as endpoints:
        url = endpoints.query
    line = one_line_failure(capsys, url, "query", "--name", "foods")
    assert "cannot reach the SPARQL query endpoint" in line and url in line


def test_a_server_that_answers_500(capsys):
    with fake_server(lambda h: reply(h, 500, "Internal error: disk full\nat line 3")) as url:
        line = one_line_failure(capsys, url, "graphs")
    assert "answered 500 Internal Server Error: Internal error: disk full" in line


def test_a_server_that_refuses_the_credentials(capsys):
    with fake_server(lambda h: reply(h, 401, "no", headers=[
            ("WWW-Authenticate", 'Basic realm="lab"')])) as url:
        line = one_line_failure(capsys, url, "graphs")
    assert "refused the credentials (401 Unauthorized)" in line
    assert "NUTRIGRAPH_STORE_USER" in line


def test_a_server_that_rejects_a_query():
    def answer(handler):
        body = handler.rfile.read(int(handler.headers["Content-Length"])).decode()
        if "has_part" in body:  # the user's query, not the store's own lookups
            reply(handler, 400, "Virtuoso 37000 Error SP030: SPARQL compiler, line 4: bad",
                  read=False)
        else:  # the store's own question: which graphs it has (none)
            reply(handler, 200, NO_GRAPHS, "application/sparql-results+json", read=False)

    with fake_server(answer) as url, pytest.raises(QueryError) as raised:
        RemoteStore(url).query("SELECT * WHERE { ?s biolink:has_part ?o }")
    assert str(raised.value).splitlines() == [
        f"<inline query>: {url} rejected the query: Virtuoso 37000 Error SP030: SPARQL "
        "compiler, line 4: bad"]


def test_a_slow_server_is_given_up_after_the_timeout():
    import time

    def slow(handler):
        time.sleep(3)
        reply(handler, 200, ASK_TRUE, "application/sparql-results+json")

    with fake_server(slow) as url:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"did not answer within 0\.5 s"):
            RemoteStore(url, timeout=0.5).has_graph(ARTICLE)
        assert time.monotonic() - started < 2.5  # no retry of a slow query


def test_a_passing_failure_is_tried_again():
    calls = []

    def flaky(handler):
        calls.append(1)
        if len(calls) == 1:
            reply(handler, 503, "busy")
        else:
            reply(handler, 200, ASK_TRUE, "application/sparql-results+json")

    with fake_server(flaky) as url:
        assert RemoteStore(url, waits=(0.01,)).has_graph(ARTICLE) is True
    assert len(calls) == 2


@pytest.mark.parametrize("how", ["environment", "netrc"])
def test_credentials_come_from_the_environment_or_netrc(how, monkeypatch, tmp_path):
    import base64

    expected = "Basic " + base64.b64encode(b"lab:s3cret").decode()

    def guarded(handler):
        if handler.headers.get("Authorization") == expected:
            reply(handler, 200, ASK_TRUE, "application/sparql-results+json")
        else:
            reply(handler, 401, "no")

    monkeypatch.delenv("NUTRIGRAPH_STORE_USER", raising=False)
    monkeypatch.delenv("NUTRIGRAPH_STORE_TOKEN", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login lab password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc if how == "netrc" else tmp_path / "none"))
    if how == "environment":
        monkeypatch.setenv("NUTRIGRAPH_STORE_USER", "lab")
        monkeypatch.setenv("NUTRIGRAPH_STORE_PASSWORD", "s3cret")
    with fake_server(guarded) as url:
        assert RemoteStore(url).has_graph(ARTICLE) is True


def test_not_a_sparql_endpoint():
    with fake_server(lambda h: reply(h, 200, "<html>hello</html>", "text/html")) as url, \
            pytest.raises(StoreError, match="is it a SPARQL endpoint"):
        RemoteStore(url).graphs()


# -- the query as the server gets it -------------------------------------------------------

def test_bindings_go_to_the_head_of_the_where_group():
    import pyoxigraph as ox

    text = inline("PREFIX ex: <urn:ex:>\nCONSTRUCT { ?x ex:p ?y } WHERE { ?x ex:q ?y }",
                  {"ex": "urn:other:", "rdfs": "urn:rdfs:"},
                  {ox.Variable("x"): ox.Literal("a\"b")})
    assert text.startswith("PREFIX rdfs: <urn:rdfs:>\nPREFIX ex: <urn:ex:>\n")
    assert 'WHERE { VALUES (?x) { ("a\\"b") }\n ?x ex:q ?y }' in text
    assert "CONSTRUCT { ?x ex:p ?y }" in text  # the template is left alone
    with pytest.raises(QueryError, match="blank node"):
        inline("SELECT * WHERE { ?x ?p ?o }", {}, {ox.Variable("x"): ox.BlankNode()})


def test_nutrigraph_serve_in_front_of_a_server(server, kg):
    import urllib.parse
    import urllib.request

    from test_serve_command import start_server, stop_server

    process, url = start_server("--store", server.query, "--workers", "1")
    try:
        question = urllib.parse.urlencode({"source": "magnesium",
                                           "target": "methionine synthase"})
        with urllib.request.urlopen(f"{url}/api/explain?{question}", timeout=60) as answer:
            served = json.load(answer)
    finally:
        stop_server(process)
    assert served == json.loads(json.dumps(
        questions.explanation(kg, "magnesium", "methionine synthase")))
