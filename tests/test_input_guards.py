"""Input guards (issue 10): XML bombs and deep XML, files that cannot be read, fetching
nothing over the network, ``load()`` of one path, and typed errors of the Python API.

Every bad input ends in a :class:`~nutrigraph.NutrigraphError` naming the file: through
the Python API (``parse_file``, ``load``, ``validate``) and the command line (one line on
stderr, exit code 2), for ``query``, ``resolve`` and ``explain`` with ``--data`` and for
``nutrigraph validate FILE``.
"""

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

import nutrigraph
from nutrigraph.analysis import NotANode
from nutrigraph.cli.main import main
from nutrigraph.errors import DataFileError, EntityNotFound
from nutrigraph.store import json_guard, parse_file, xml_guard
from nutrigraph.store.xml_guard import MAX_XML_DEPTH, check_xml
from nutrigraph.validate import validate

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good.ttl"
NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'
ONE_TRIPLE = "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
DESCRIPTION = '<rdf:Description rdf:about="http://example.org/s">'

# every way a file given by a user is read: the Python API and the commands
COMMANDS = [
    ("query", lambda path: ["query", "--data", path, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"]),
    ("resolve", lambda path: ["resolve", "--data", path, "magnesium"]),
    ("explain", lambda path: ["explain", "--data", path, "magnesium", "adenosylcobalamin"]),
    ("validate", lambda path: ["validate", path]),
]
API = [
    ("parse_file", parse_file),
    ("load", lambda path: nutrigraph.load([path])),
    ("load validate=True", lambda path: nutrigraph.load([path], validate=True)),
    ("validate", lambda path: validate([path])),
]


def rdfxml(body: str, doctype: str = "") -> str:
    """An RDF/XML document: the XML declaration, ``doctype`` (if any) and ``body`` in rdf:RDF."""
    return f'<?xml version="1.0"?>\n{doctype}<rdf:RDF {NS}>\n{body}\n</rdf:RDF>\n'


def one_line_error(capsys, argv: list[str]) -> str:
    """Run a command that must fail on bad input: exit code 2, one line on stderr."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error: ") and err.count("\n") == 1, err
    return err


def refused_everywhere(capsys, path: Path | str, message: str) -> None:
    """``path`` is refused by every reader, in Python and on the command line, with a
    message that ``message`` (a regular expression) finds."""
    for _, read in API:
        with pytest.raises(DataFileError, match=message):
            read(path)
    for name, argv in COMMANDS:
        assert re.search(message, one_line_error(capsys, argv(str(path)))), name


# -- XML bombs and deep XML -----------------------------------------------------------


@pytest.fixture
def billion_laughs(tmp_path) -> Path:
    """Seven entities of ten references each: 30 MB of "lol" from a file of 800 bytes
    (the issue's has ten levels and grows to gigabytes)."""
    levels = "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 8))
    doctype = f'<!DOCTYPE rdf:RDF [\n <!ENTITY lol0 "lol">\n{levels}]>\n'
    path = tmp_path / "lol.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/s">'
                           "<ex:p>&lol7;</ex:p></rdf:Description>", doctype))
    assert path.stat().st_size < 1000
    return path


def test_billion_laughs_is_refused_before_it_grows(billion_laughs, capsys):
    with pytest.raises(DataFileError) as caught:
        parse_file(billion_laughs)
    error = caught.value
    # the first entity that refers to another, on line 4, at its text
    assert (error.path, error.line, error.column) == (str(billion_laughs), 4, 16)
    assert "entity 'lol1' refers to other entities" in error.message
    refused_everywhere(capsys, billion_laughs, "entity 'lol1' refers to other entities")


def quadratic(tmp_path: Path, length: int, uses: int) -> Path:
    """One entity of ``length`` characters, used ``uses`` times in one literal."""
    path = tmp_path / f"quadratic-{length}-{uses}.rdf"
    path.write_text(rdfxml('<rdf:Description rdf:about="http://example.org/s"><ex:p>'
                           + "&a;" * uses + "</ex:p></rdf:Description>",
                           f'<!DOCTYPE rdf:RDF [<!ENTITY a "{"x" * length}">]>\n'))
    return path


def test_one_large_entity_used_many_times_is_refused(tmp_path, capsys):
    bomb = quadratic(tmp_path, 10_000, 3_000)  # 30 MB of text from 19 KB
    assert bomb.stat().st_size < 20_000
    with pytest.raises(DataFileError) as caught:
        parse_file(bomb)
    # expat's own guard (2.4 and later) or this module's bound, whichever sees it first
    assert caught.value.message.startswith((
        "refused XML: limit on input amplification factor", "entities make the text longer"))
    refused_everywhere(capsys, bomb, "refused XML: limit on input amplification|MAX_XML_EXPANSION")


def test_the_expansion_bound_counts_what_entities_add(tmp_path, monkeypatch):
    three_mb = quadratic(tmp_path, 1_000, 3_000)
    (only,) = parse_file(three_mb)  # within 10 times the file or 1 MiB: loads
    assert only.object.value == "x" * 3_000_000
    monkeypatch.setattr(xml_guard, "MAX_XML_EXPANSION", 2)  # 2 MiB
    with pytest.raises(DataFileError) as caught:
        parse_file(three_mb)
    assert caught.value.message == (
        "entities make the text longer than 2,097,152 characters, 2 times the file or 1 MiB "
        "(nutrigraph.store.xml_guard.MAX_XML_EXPANSION)")
    # among the references, on line 4 (expat hands text over in runs: near, not at, the one)
    assert caught.value.line == 4 and caught.value.column > len(DESCRIPTION + "<ex:p>")


def test_entities_of_plain_text_still_load(tmp_path):
    """OWL tools write namespaces as entities; Oxigraph reads them, and so does the guard."""
    path = tmp_path / "protege.rdf"
    path.write_text(rdfxml(
        '<rdf:Description rdf:about="http://example.org/s"><rdf:type rdf:resource="&owl;Class"/>'
        '<ex:n rdf:datatype="&xsd;integer">5</ex:n></rdf:Description>',
        '<!DOCTYPE rdf:RDF [\n <!ENTITY owl "http://www.w3.org/2002/07/owl#" >\n'
        ' <!ENTITY xsd "http://www.w3.org/2001/XMLSchema#" >\n]>\n'))
    assert {(q.predicate.value, str(q.object)) for q in parse_file(path)} == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
         "<http://www.w3.org/2002/07/owl#Class>"),
        ("http://example.org/n", '"5"^^<http://www.w3.org/2001/XMLSchema#integer>')}


LEVEL = '<ex:p rdf:parseType="Resource">'


def nested(tmp_path: Path, levels: int, suffix: str = ".rdf") -> Path:
    """``levels`` nested property elements inside rdf:RDF and rdf:Description, on line 1."""
    path = tmp_path / f"deep-{levels}{suffix}"
    path.write_text(f"<rdf:RDF {NS}>{DESCRIPTION}" + LEVEL * levels + "</ex:p>" * levels
                    + "</rdf:Description></rdf:RDF>")
    return path


def test_deep_xml_is_refused_where_it_passes_the_bound(tmp_path, capsys):
    assert MAX_XML_DEPTH == 1_000
    # rdf:RDF and rdf:Description are two levels: 998 more make 1,000, which passes
    assert len(parse_file(nested(tmp_path, MAX_XML_DEPTH - 2))) == MAX_XML_DEPTH - 2
    deep = nested(tmp_path, MAX_XML_DEPTH - 1, suffix=".xml")  # .xml is RDF/XML too
    with pytest.raises(DataFileError) as caught:
        parse_file(deep)
    error = caught.value
    assert error.message == ("elements nested deeper than 1000 "
                             "(nutrigraph.store.xml_guard.MAX_XML_DEPTH)")
    # at the opening of the 1,001st element
    start = len(f"<rdf:RDF {NS}>{DESCRIPTION}") + (MAX_XML_DEPTH - 2) * len(LEVEL)
    assert (error.line, error.column) == (1, start + 1)
    refused_everywhere(capsys, deep, "elements nested deeper than 1000")


def test_the_depth_bound_can_be_lifted(tmp_path, monkeypatch):
    deep = nested(tmp_path, 1_500)
    with pytest.raises(DataFileError, match="nested deeper than 1000"):
        parse_file(deep)
    monkeypatch.setattr(xml_guard, "MAX_XML_DEPTH", 2_000)
    assert len(parse_file(deep)) == 1_500


def test_the_issues_deep_file_is_refused_at_once(tmp_path):
    """20,000 levels (960 KB) took Oxigraph 3.6 s; the guard stops at level 1,001."""
    deep = nested(tmp_path, 20_000)
    started = time.perf_counter()
    with pytest.raises(DataFileError, match="nested deeper than 1000"):
        parse_file(deep)
    assert time.perf_counter() - started < 0.5


def test_external_entities_are_refused(tmp_path, capsys):
    path = tmp_path / "external.rdf"
    path.write_text(rdfxml(
        '<rdf:Description rdf:about="http://example.org/s"><ex:p>&x;</ex:p></rdf:Description>',
        '<!DOCTYPE rdf:RDF [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n'))
    with pytest.raises(DataFileError) as caught:
        parse_file(path)
    assert caught.value.line == 2
    assert caught.value.message == ("entity 'x' is external (file:///etc/passwd): "
                                    "nutrigraph reads no file or URL that a file names")
    refused_everywhere(capsys, path, "entity 'x' is external")
    # nor through a parameter entity
    path.write_text(rdfxml(
        "", '<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'))
    with pytest.raises(DataFileError, match="entity 'p' is external"):
        parse_file(path)


def test_an_external_dtd_is_not_read(tmp_path):
    dtd = tmp_path / "secret.dtd"
    dtd.write_text('<!ENTITY secret "leaked">')
    path = tmp_path / "with-dtd.rdf"
    path.write_text(rdfxml(
        '<rdf:Description rdf:about="http://example.org/s"><ex:p>&secret;</ex:p>'
        "</rdf:Description>", f'<!DOCTYPE rdf:RDF SYSTEM "{dtd.as_uri()}">\n'))
    check_xml(path)  # a DOCTYPE naming a DTD is fine: it is skipped, as Oxigraph skips it
    with pytest.raises(DataFileError) as caught:  # so the entity it would declare is unknown
        parse_file(path)
    assert "secret" in caught.value.message and "leaked" not in str(caught.value)


def test_a_normal_rdfxml_file_passes_unchanged(kg, tmp_path):
    """The bundled graph as RDF/XML (2.4 MB): the guard lets it through, and costs little."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in kg.store}
    path = tmp_path / "bundled.rdf"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.RDF_XML))
    check_xml(path)  # the first call imports defusedxml
    started = time.perf_counter()
    check_xml(path)
    took = time.perf_counter() - started
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in parse_file(path)} == triples
    assert took < 1.0  # 22 ms on the machine where it was written


# -- deep JSON-LD ---------------------------------------------------------------------


def nested_jsonld(tmp_path: Path, levels: int) -> Path:
    """``levels`` objects, each the value of the one around it."""
    path = tmp_path / f"deep-{levels}.jsonld"
    path.write_text('{"@id": "http://example.org/s", "http://example.org/p": ' * levels
                    + '"x"' + "}" * levels)
    return path


def test_deep_jsonld_is_refused_where_it_passes_the_bound(tmp_path, capsys):
    assert json_guard.MAX_JSON_DEPTH == 200
    assert len(parse_file(nested_jsonld(tmp_path, 200))) == 200
    deep = nested_jsonld(tmp_path, 201)
    with pytest.raises(DataFileError) as caught:
        parse_file(deep)
    assert str(caught.value) == (f"{deep}: JSON nested deeper than 200 "
                                 "(nutrigraph.store.json_guard.MAX_JSON_DEPTH)")
    refused_everywhere(capsys, deep, "JSON nested deeper than 200")


def test_the_json_depth_bound_can_be_lifted(tmp_path, monkeypatch):
    deep = nested_jsonld(tmp_path, 250)
    with pytest.raises(DataFileError, match="nested deeper than 200"):
        parse_file(deep)
    monkeypatch.setattr(json_guard, "MAX_JSON_DEPTH", 300)
    assert len(parse_file(deep)) == 250


def test_jsonld_deep_enough_to_crash_oxigraph_is_refused(tmp_path):
    """4,000 levels (130 KB) overflow Oxigraph's stack: a segmentation fault, which would
    end pytest itself, so the command runs in a child process."""
    deep = nested_jsonld(tmp_path, 4_000)
    script = ("import sys; from nutrigraph.cli.main import main; "
              "sys.exit(main(['query', '--data', sys.argv[1], 'ASK { ?s ?p ?o }']))")
    done = subprocess.run([sys.executable, "-c", script, str(deep)], capture_output=True,
                          text=True, timeout=120)
    assert (done.returncode, done.stderr) == (
        2, f"nutrigraph: error: {deep}: JSON nested deeper than 200 "
           "(nutrigraph.store.json_guard.MAX_JSON_DEPTH)\n")


def test_malformed_json_is_refused_where_it_breaks(tmp_path):
    path = tmp_path / "broken.jsonld"
    path.write_text('{"@id": "http://example.org/a",\n "http://example.org/p": }')
    with pytest.raises(DataFileError) as caught:
        parse_file(path)
    assert (caught.value.message, caught.value.line, caught.value.column) == (
        "malformed JSON-LD: Expecting value", 2, 26)


def test_normal_jsonld_passes_unchanged(kg, tmp_path):
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in kg.store}
    path = tmp_path / "bundled.jsonld"
    path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in parse_file(path)} == triples
    # as Oxigraph reads them: with a byte order mark, and with a number of 5,000 digits
    odd = tmp_path / "odd.jsonld"
    odd.write_bytes(b"\xef\xbb\xbf" + json.dumps(
        {"@id": "http://example.org/a", "http://example.org/n": 0}).replace(
        "0", "9" * 5000).encode())
    (only,) = parse_file(odd)  # (which Oxigraph writes as a double: 9.99...E4999)
    assert (only.subject.value, only.predicate.value) == ("http://example.org/a",
                                                          "http://example.org/n")


# -- no network from reading a file ----------------------------------------------------


@pytest.fixture
def context_server():
    """An HTTP server of a JSON-LD context; ``requests`` lists the paths asked of it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/context.jsonld", requests
    server.shutdown()
    server.server_close()


def test_a_remote_jsonld_context_is_not_fetched(context_server, tmp_path, capsys):
    url, requests = context_server
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": url, "@id": "http://example.org/a", "name": "A"}))
    with pytest.raises(DataFileError) as caught:
        parse_file(path)
    assert caught.value.message == (
        "its JSON-LD @context is a URL, which nutrigraph does not fetch (reading a file uses "
        "no network); put the context in the file")
    assert "@context is a URL" in one_line_error(capsys, ["validate", str(path)])
    # the shapes too are read by the store's parser, not by rdflib's, which would fetch it
    with pytest.raises(DataFileError, match="cannot read the shapes: its JSON-LD @context"):
        validate([GOOD], shapes=path)
    assert requests == []


def test_shapes_pass_the_xml_guard_too(billion_laughs):
    with pytest.raises(DataFileError, match=r"lol\.rdf:4:16: cannot read the shapes: entity "):
        validate([GOOD], shapes=billion_laughs)


# -- files that cannot be read ----------------------------------------------------------


def test_a_symbolic_link_loop(tmp_path, capsys):
    (tmp_path / "a.ttl").symlink_to(tmp_path / "b.ttl")
    (tmp_path / "b.ttl").symlink_to(tmp_path / "a.ttl")
    loop = tmp_path / "a.ttl"
    with pytest.raises(DataFileError) as caught:
        parse_file(loop)
    assert str(caught.value) == f"{loop}: cannot read the file: too many levels of symbolic links"
    refused_everywhere(capsys, loop, "too many levels of symbolic links")


def test_a_name_too_long(capsys):
    name = "a" * 5000 + ".ttl"
    with pytest.raises(DataFileError) as caught:
        parse_file(name)
    assert caught.value.message == "cannot read the file: file name too long"
    assert caught.value.path == "a" * 100 + "...(5,004 characters)..." + "a" * 56 + ".ttl"
    refused_everywhere(capsys, name, "file name too long")


def test_a_path_through_a_file(tmp_path):
    (tmp_path / "file.ttl").write_text(ONE_TRIPLE)
    with pytest.raises(DataFileError, match="cannot read the file: not a directory"):
        parse_file(tmp_path / "file.ttl" / "x.ttl")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files of mode 000; "
                    "test_a_file_without_read_permission_as_root drops that power instead")
def test_a_file_without_read_permission(tmp_path, capsys):
    path = tmp_path / "locked.ttl"
    path.write_text(ONE_TRIPLE)
    path.chmod(0)
    try:
        with pytest.raises(DataFileError) as caught:
            parse_file(path)
        assert str(caught.value) == f"{path}: cannot read the file: permission denied"
        refused_everywhere(capsys, path, "cannot read the file: permission denied")
    finally:
        path.chmod(0o600)


UNPRIVILEGED = """
import json, sys
from nutrigraph.cli.main import main
from nutrigraph.errors import DataFileError
from nutrigraph.store import parse_file
import nutrigraph
path, found = sys.argv[1], {}
for name, read in [("parse_file", parse_file), ("load", lambda p: nutrigraph.load([p]))]:
    try:
        read(path)
        found[name] = "read"
    except DataFileError as error:
        found[name] = str(error)
found["query"] = main(["query", "--data", path, "SELECT * WHERE { ?s ?p ?o } LIMIT 1"])
found["validate"] = main(["validate", path])
print(json.dumps(found))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="for root only (see the test above)")
def test_a_file_without_read_permission_as_root(tmp_path):
    """Root without the power to override file permissions, as setpriv(1) starts it."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is not installed")
    path = tmp_path / "locked.ttl"
    path.write_text(ONE_TRIPLE)
    path.chmod(0)
    drop = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    probe = subprocess.run([*drop, "cat", str(path)], capture_output=True, text=True)
    if "Permission denied" not in probe.stderr:
        pytest.skip(f"cannot drop the capabilities here: {probe.stderr.strip()}")
    done = subprocess.run([*drop, sys.executable, "-c", UNPRIVILEGED, str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    expected = f"{path}: cannot read the file: permission denied"
    assert found == {"parse_file": expected, "load": expected, "query": 2, "validate": 2}
    assert done.stderr.splitlines() == [f"nutrigraph: error: {expected}"] * 2


# -- load() of one path ----------------------------------------------------------------


def test_load_takes_one_path_or_many(tmp_path):
    path = tmp_path / "one.ttl"
    path.write_text(ONE_TRIPLE)
    graph = path.resolve().as_uri()
    for data in (str(path), path, [str(path)], (p for p in [path])):
        kg = nutrigraph.load(data)
        assert bool(kg.query(f"ASK {{ GRAPH <{graph}> {{ <http://example.org/a> ?p ?o }} }}"))


def test_load_of_something_else_is_a_type_error():
    for data, kind in ((5, "int"), (b"one.ttl", "bytes"), (None, "NoneType")):
        with pytest.raises(TypeError) as caught:
            nutrigraph.load(data)
        assert str(caught.value) == ("data must be a path (str or os.PathLike) or an iterable "
                                     f"of paths, not {kind}")


# -- typed errors of the Python API ----------------------------------------------------


def test_resolve_takes_a_string(kg):
    for name, kind in ((None, "NoneType"), (5, "int"), (["magnesium"], "list")):
        with pytest.raises(TypeError) as caught:
            kg.resolve(name)
        assert str(caught.value) == f"a name must be a string, got {kind}"
    magnesium = kg.resolve("magnesium")
    assert kg.resolve(magnesium) == magnesium  # an Entity is found again by its IRI


NOWHERE = "https://example.org/nowhere"


def test_an_iri_that_is_no_node_raises_a_nutrigraph_error_networkx_knows(kg):
    G = nutrigraph.to_networkx(kg, inverse=True)
    mg = kg.resolve("magnesium").iri
    message = f"{NOWHERE} is not a node of the graph (an entity in no relation is not one)"
    calls = {
        "find_paths": lambda a, b: nutrigraph.find_paths(G, a, b),
        "k_shortest_paths": lambda a, b: nutrigraph.k_shortest_paths(G, a, b),
        "shortest_path": lambda a, b: nutrigraph.shortest_path(G, a, b),
        "all_paths": lambda a, b: nutrigraph.all_paths(G, a, b),
        "metapaths_between": lambda a, b: nutrigraph.metapaths_between(G, a, b),
        "neighbors": lambda a, b: nutrigraph.neighbors(G, a),
        "neighbor_table": lambda a, b: nutrigraph.neighbor_table(G, a),
    }
    for name, call in calls.items():
        for ends in ((NOWHERE, mg), (mg, NOWHERE)):
            if name.startswith("neighbor") and ends[0] == mg:
                continue
            with pytest.raises(NotANode) as caught:
                call(*ends)
            error = caught.value
            assert str(error) == message, name
            # nutrigraph's (the CLI shows it in one line), networkx's, and what neighbors raised
            assert isinstance(error, nutrigraph.NutrigraphError)
            assert isinstance(error, nx.NodeNotFound)
            assert isinstance(error, EntityNotFound)
    assert NotANode is nutrigraph.NotANode


def test_an_entity_in_no_relation_is_no_node(tmp_path):
    path = tmp_path / "lonely.ttl"
    path.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                    '<https://example.org/lonely> rdfs:label "a lonely thing" .\n')
    kg = nutrigraph.load(path)
    lonely = kg.resolve("a lonely thing")
    G = nutrigraph.to_networkx(kg)
    with pytest.raises(nx.NodeNotFound, match=r"^https://example\.org/lonely is not a node"):
        nutrigraph.find_paths(G, kg.resolve("magnesium").iri, lonely.iri)


def test_a_named_pipe_is_not_read_as_data(tmp_path, capsys):
    pipe = tmp_path / "data.ttl"
    os.mkfifo(pipe)  # reading it would wait for a writer for ever
    assert main(["query", "--data", str(pipe), "ASK {}"]) == 2
    assert capsys.readouterr().err == (f"nutrigraph: error: {pipe}: not a regular file "
                                       "(a pipe, socket or device)\n")


def test_a_query_file_that_cannot_be_read_is_one_line(tmp_path, capsys):
    loop = tmp_path / "loop.rq"
    loop.symlink_to(loop)
    assert main(["query", "-f", str(loop)]) == 2
    assert capsys.readouterr().err == (f"nutrigraph: error: {loop}: cannot read the query "
                                       "(too many levels of symbolic links)\n")
    assert main(["query", "-f", "q" * 5000 + ".rq"]) == 2
    assert capsys.readouterr().err.endswith("cannot read the query (file name too long)\n")
