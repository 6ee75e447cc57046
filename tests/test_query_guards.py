"""The guards every query passes before Oxigraph sees it (issue 10).

Bounds on length, nesting and chained operators (past them Oxigraph's recursion
overflows the stack and the process dies), SERVICE refused unless allowed (it sends the
query to another server), FROM and FROM NAMED honoured, binding names checked; and the
lexer behind them fooled by neither case, comments, strings, IRIs, prefixed names nor
line breaks. Queries big enough to crash Oxigraph run only in child processes, so that
a regression fails a test instead of killing pytest.
"""

from __future__ import annotations

import http.server
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from nutrigraph.bundled import SCHEMA_GRAPH
from nutrigraph.cli import main
from nutrigraph.errors import QueryError, QuerySyntaxError, QueryTooComplex, ServiceNotAllowed
from nutrigraph.store import Store, guards, iri, literal, quad

QUERIES = Path(__file__).resolve().parents[1] / "src" / "nutrigraph" / "queries"


def nested(depth: int, bracket: str = "{") -> str:
    """A query ``depth`` brackets deep at its deepest (the WHERE braces included)."""
    if bracket == "{":
        return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth + " LIMIT 1"
    if bracket == "(":
        return ("SELECT ?x WHERE { BIND(" + "(" * (depth - 2) + "41 + 1" + ")" * (depth - 2)
                + " AS ?x) }")
    return ("SELECT * WHERE { ?s ?p " + "[ rdfs:label " * (depth - 1) + '"x"'
            + " ]" * (depth - 1) + " }")


def error_of(call, *args, **kwargs) -> Exception:
    with pytest.raises(Exception) as caught:
        call(*args, **kwargs)
    return caught.value


# -- size and depth ---------------------------------------------------------------------


@pytest.mark.parametrize("bracket", ["{", "(", "["])
def test_a_query_one_bracket_past_the_bound_is_refused_and_says_where(kg, bracket):
    text = nested(101, bracket)
    error = error_of(kg.query, text)
    assert type(error) is QueryTooComplex
    deepest = [i for i, c in enumerate(text) if c in "{(["][100]  # the 101st bracket
    assert str(error) == (f"<inline query>: query nested 101 deep at line 1, column "
                          f"{deepest + 1}; the limit is 100 (nutrigraph.store.guards.MAX_DEPTH)")


@pytest.mark.parametrize("bracket", ["{", "(", "["])
def test_a_query_at_the_bound_runs(kg, bracket):
    answer = kg.query(nested(100, bracket))
    if bracket == "(":
        assert answer.values("x") == ["42"]
    elif bracket == "{":
        assert len(answer) == 1
    else:
        assert len(answer) == 0  # no chain of 99 labels: a real answer, none found


def test_the_position_of_the_deepest_bracket_counts_lines(kg):
    text = "SELECT *\nWHERE {\n  ?s ?p ?o " + "{" * 100 + "}" * 100 + "\n}"
    message = str(error_of(kg.query, text, where="deep.rq"))
    assert message.startswith("deep.rq: query nested 101 deep at line 3, column 111;")


def test_brackets_in_comments_strings_and_iris_do_not_count(kg):
    many = 500
    text = ("SELECT ?label ?odd WHERE {  # " + "{" * many + "\n"
            "  ngk:magnesium rdfs:label ?label\n"
            '  FILTER(?label != "' + "(" * many + '" && ?label != \'\'\'' + "[" * many + "''')\n"
            "  BIND(<http://example.org/" + "(" * many + "> AS ?odd)\n}")
    assert guards.read(text).depth == 2
    assert kg.query(text).rows() == [
        {"label": "magnesium", "odd": "http://example.org/" + "(" * many}]


def test_brackets_behind_a_less_than_count(kg):
    # "?n<((2))&&?n>0" looks like an IRI, <((2))&&?n>, to a lexer that knows no context;
    # Oxigraph reads a less-than there, and so must the guard
    def query(depth: int) -> str:
        return ("SELECT ?n WHERE { BIND(1 AS ?n) FILTER(?n<" + "(" * depth + "2"
                + ")" * depth + "&&?n>0) }")

    assert "nested 152 deep" in str(error_of(kg.query, query(150)))
    assert kg.query(query(150), max_depth=200).values("n") == ["1"]  # a less-than indeed


def test_operators_chained_past_the_bound_are_refused(kg):
    def query(ones: int) -> str:
        return "SELECT ?sum WHERE { BIND(" + "+".join(["1"] * ones) + " AS ?sum) }"

    assert kg.query(query(490)).values("sum") == ["490"]
    error = error_of(kg.query, query(1200))
    assert type(error) is QueryTooComplex
    assert str(error).endswith("the limit is 500 (nutrigraph.store.guards.MAX_OPERATORS)")
    assert "chains 1,201 operators" in str(error)  # 1,199 "+", a "{" and BIND
    assert kg.query(query(1200), max_operators=2000).values("sum") == ["1200"]


def test_a_query_past_the_length_bound_is_refused_before_it_is_read(kg):
    text = "ASK { ?s ?p ?o } #" + "x" * (guards.MAX_LENGTH - 17)
    assert len(text) == 1_000_001
    message = str(error_of(kg.query, text))
    assert message == ("<inline query>: query is 1,000,001 characters long; the limit is "
                       "1,000,000 (nutrigraph.store.guards.MAX_LENGTH)")
    assert bool(kg.query(text, max_length=2_000_000)) is True
    assert bool(kg.query(text[:-1])) is True


def test_each_bound_is_a_module_constant_read_at_every_call(kg, monkeypatch):
    monkeypatch.setattr(guards, "MAX_DEPTH", 5)
    assert "the limit is 5 " in str(error_of(kg.query, nested(6)))
    assert len(kg.query(nested(6), max_depth=6)) == 1  # a call's own bound comes first
    monkeypatch.setattr(guards, "MAX_OPERATORS", 3)
    assert "the limit is 3 " in str(error_of(kg.query, "SELECT ?x { BIND(1+2+3 AS ?x) }"))
    monkeypatch.setattr(guards, "MAX_LENGTH", 10)
    assert "the limit is 10 " in str(error_of(kg.query, "ASK { ?s ?p ?o }"))


def test_every_bundled_query_is_far_under_the_bounds():
    paths = sorted(QUERIES.glob("*.rq")) + sorted((QUERIES / "internal").glob("*.rq"))
    assert len(paths) > 30
    for path in paths:
        text = path.read_text(encoding="utf-8")
        shape = guards.read(text)
        assert shape.depth <= 10 <= guards.MAX_DEPTH // 10, path.name
        assert shape.operators <= 100 <= guards.MAX_OPERATORS // 5, path.name
        assert len(text) <= guards.MAX_LENGTH // 100, path.name
        assert (shape.service_at, shape.dataset, shape.unclosed_at) == (None, False, None)
        assert guards.check(text) in (None, shape)


def test_a_string_that_never_ends_is_a_syntax_error_with_its_place(kg):
    # the lexer cannot tell where the query goes on, so it stops there; a query it need
    # not read (no FROM, no SERVICE, few brackets) gets Oxigraph's own message
    error = error_of(kg.query, 'SELECT * FROM <urn:g> WHERE {\n  ?s ?p "abc }', where="q.rq")
    assert type(error) is QuerySyntaxError
    assert str(error) == "q.rq:2:9: SPARQL syntax error: a string begins here and never ends"
    error = error_of(kg.query, "SELECT * WHERE {\n  ?s ?p 'abc }", where="q.rq")
    assert type(error) is QuerySyntaxError
    assert str(error).startswith("q.rq:2:")


# Each would overflow Oxigraph's stack unguarded (a segmentation fault); in a child process.
CRASHERS = {
    "braces": "SELECT * WHERE " + "{" * 3000 + "}" * 3000,
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "not exists": "SELECT * WHERE " + "{ ?s ?p ?o FILTER NOT EXISTS " * 1000 + "{}" + "}" * 1000,
    "plus": "SELECT * WHERE { BIND(" + "+".join(["1"] * 10000) + " AS ?x) }",
    "binds": "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
    "unions": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10000) + " }",
    "behind a less-than": ("SELECT * WHERE { BIND(1 AS ?n) FILTER(?n<" + "(" * 5000 + "2"
                           + ")" * 5000 + "&&?n>0) }"),
}


def test_queries_that_crashed_oxigraph_are_refused_in_python():
    script = (
        "import json, sys, nutrigraph\n"
        "kg = nutrigraph.load()\n"
        "for name, text in json.load(sys.stdin).items():\n"
        "    try:\n"
        "        kg.query(text)\n"
        "        print(name, 'ran')\n"
        "    except Exception as error:\n"
        "        print(name, '|', type(error).__name__, '|', error)\n")
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(CRASHERS),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    lines = dict(line.split(" | ", 1) for line in done.stdout.splitlines())
    assert set(lines) == set(CRASHERS)
    for name, line in lines.items():
        assert line.startswith("QueryTooComplex | <inline query>: query "), (name, line)
    assert "nested 3000 deep at line 1, column 3015; the limit is 100" in lines["braces"]
    assert "nested 5002 deep" in lines["behind a less-than"]
    assert "chains 10,002 operators" in lines["plus"]


def test_the_query_command_refuses_a_deep_query_in_one_line():
    done = subprocess.run([sys.executable, "-m", "nutrigraph", "query", CRASHERS["braces"]],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, (done.returncode, done.stderr[-300:])
    assert done.stdout == ""
    assert done.stderr == (
        "nutrigraph: error: <inline query>: query nested 3000 deep at line 1, column 3015; "
        "the limit is 100 (nutrigraph.store.guards.MAX_DEPTH)\n")


def test_the_lexer_takes_linear_time_on_hostile_text():
    # each would take minutes if a token were read again from every position
    for text in ["a-" * 100_000, "a." * 100_000 + ":", "'''" + "\\'''" * 50_000,
                 "'" + "\\'" * 100_000, "<a" * 100_000, "(" * 200_000, ":a" + "." * 200_000,
                 "ex:" + "a-" * 100_000, '"""' + '\\"' * 100_000 + '"""']:
        started = time.perf_counter()
        guards.read(text)
        assert time.perf_counter() - started < 2, text[:12]


# -- SERVICE ----------------------------------------------------------------------------


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every query with one row and notes the request."""

    requests: list[tuple[str, str]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.requests.append((self.command, self.rfile.read(length).decode()))
        body = json.dumps({"head": {"vars": ["far"]}, "results": {"bindings": [
            {"far": {"type": "literal", "value": "from the listener"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def listener():
    """A SPARQL endpoint on 127.0.0.1, on a free port, for the test's duration only."""
    requests: list[tuple[str, str]] = []
    handler = type("Endpoint", (_Endpoint,), {"requests": requests})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}/sparql",
                              requests=requests)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def store():
    """One quad: <urn:a> <urn:p> true, in the graph <urn:g>."""
    store = Store()
    store.add([quad(iri("urn:a"), iri("urn:p"), literal(True), "urn:g")])
    return store


def closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_service_is_refused_by_default_and_nothing_is_sent(kg, listener):
    text = f"SELECT ?far WHERE {{\n  SERVICE <{listener.url}> {{ ?s ?p ?far }}\n}}"
    error = error_of(kg.query, text)
    assert type(error) is ServiceNotAllowed
    assert str(error) == ("<inline query>: SERVICE at line 2, column 3 would send the query "
                          "to another server; refused unless allowed (allow_service=True in "
                          "Python, --allow-service on the command line)")
    assert listener.requests == []


def test_allow_service_sends_the_query_to_the_server(kg, listener):
    text = f"SELECT ?far WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?far }} }}"
    assert kg.query(text, allow_service=True).values("far") == ["from the listener"]
    assert len(listener.requests) == 1
    method, sent = listener.requests[0]
    assert method == "POST" and "?far" in sent


GLUED = [  # each a SERVICE to Oxigraph, as the requests made when allowed show
    "SELECT ?far WHERE {{ SeRvIcE <{url}> {{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ service\n<{url}>\n{{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ SERVICE # a comment\n <{url}> {{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ SERVICE<{url}>{{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ SERVICE SILENT <{url}> {{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ SERVICESILENT<{url}>{{ ?x ?y ?far }} }}",
    "PREFIX : <{url}#> SELECT ?far WHERE {{ SERVICE:x {{ ?x ?y ?far }} }}",
    "PREFIX : <{url}#> SELECT ?far WHERE {{ ?s ?p ?o SERVICE:x\n{{ ?x ?y ?far }} }}",
    "SELECT ?far WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?x ?y ?far }} }}",
]


@pytest.mark.parametrize("template", GLUED, ids=range(len(GLUED)))
def test_service_in_any_case_or_spacing_is_refused(store, listener, template):
    text = template.format(url=listener.url)
    assert type(error_of(store.query, text)) is ServiceNotAllowed
    assert listener.requests == []
    assert [row[0].value for row in store.query(text, allow_service=True).rows] == [
        "from the listener"]
    assert len(listener.requests) == 1


HARMLESS = [  # (query, rows) with "service" where it is no keyword
    ("SELECT ?s WHERE {{ ?s ?p ?o }} # SERVICE <{url}> {{ ?s ?p ?o }}", 1),
    ('SELECT ?s WHERE {{ ?s ?p ?o FILTER(?o != "SERVICE <{url}> {{ }}") }}', 1),
    ("SELECT ?s WHERE {{ ?s ?p ?o FILTER(?o != '''\nSERVICE <{url}> {{ }}\n''') }}", 1),
    ("SELECT ?s WHERE {{ ?s ?p ?o FILTER(?p != <{url}/SERVICE>) }}", 1),
    ("PREFIX ex: <{url}#> SELECT ?s WHERE {{ ?s ex:service ?o }}", 0),
    ("PREFIX ex: <{url}#> SELECT ?s WHERE {{ ?s ?p ?o FILTER(?p != ex:SERVICE) }}", 1),
    ("SELECT ?service WHERE {{ ?service ?p ?o }}", 1),
    ("PREFIX service: <urn:> SELECT ?o WHERE {{ service:a ?p ?o }}", 1),
    ("PREFIX service: <urn:> SELECT ?s WHERE {{ GRAPH service:g {{ ?s ?p ?o }} }}", 1),
    ("SELECT ?a WHERE {{ VALUES (?a ?b) {{ (<urn:a> <{url}/service>) }} }}", 1),
]


@pytest.mark.parametrize(("template", "rows"), HARMLESS, ids=range(len(HARMLESS)))
def test_service_in_comments_strings_iris_and_names_passes(store, listener, template, rows):
    assert len(store.query(template.format(url=listener.url)).rows) == rows
    assert listener.requests == []


def test_an_unreachable_server_is_a_query_error(store):
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/> {{ ?s ?p ?o }} }}"
    error = error_of(store.query, text, allow_service=True)
    assert type(error) is QueryError
    assert str(error).startswith("<inline query>: a SERVICE request failed: ")
    error = error_of(store.query, "SELECT * { SERVICE <urn:x> {} }", allow_service=True)
    assert type(error) is QueryError


def test_named_queries_take_allow_service(kg):
    assert (kg.named_query("foods", nutrient="magnesium", allow_service=True).rows()
            == kg.named_query("foods", nutrient="magnesium").rows())


def test_the_query_command_refuses_service_in_one_line(capsys, listener):
    text = f"SELECT ?far WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?far }} }}"
    assert main(["query", text]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("nutrigraph: error: <inline query>: SERVICE at line 1, column 21 "
                            "would send the query to another server; refused unless allowed "
                            "(allow_service=True in Python, --allow-service on the command "
                            "line)\n")
    assert listener.requests == []


def test_the_query_command_sends_with_allow_service(capsys, listener):
    text = f"SELECT ?far WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?far }} }}"
    assert main(["query", "--allow-service", "--format", "csv", text]) == 0
    assert capsys.readouterr().out.splitlines() == ["far", "from the listener"]
    assert len(listener.requests) == 1


def test_the_query_command_says_in_one_line_when_the_server_is_unreachable(capsys):
    text = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port()}/> {{ ?s ?p ?o }} }}"
    assert main(["query", "--allow-service", text]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error: <inline query>: a SERVICE request failed: ")
    assert err.count("\n") == 1 and "Traceback" not in err


# -- the dataset a query names ----------------------------------------------------------


def count(kg, text: str) -> int:
    return int(kg.query(text).values("n")[0])


def test_from_a_graph_that_does_not_exist_counts_nothing(kg):
    assert count(kg, "SELECT (COUNT(*) AS ?n) FROM <urn:nonexistent> WHERE { ?s ?p ?o }") == 0
    assert count(kg, "select (count(*) as ?n) from <urn:nonexistent> where { ?s ?p ?o }") == 0
    assert count(kg, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == len(kg)


def test_from_the_schema_graph_counts_what_graph_counts(kg):
    in_graph = count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SCHEMA_GRAPH}> "
                         "{ ?s ?p ?o } }")
    assert 0 < in_graph < len(kg)
    assert count(kg, f"SELECT (COUNT(*) AS ?n) FROM <{SCHEMA_GRAPH}> "
                     "WHERE { ?s ?p ?o }") == in_graph
    named = kg.query(f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{SCHEMA_GRAPH}> "
                     "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert named.rows() == [{"g": SCHEMA_GRAPH, "n": str(in_graph)}]


def test_ask_construct_and_describe_honour_from(kg):
    assert bool(kg.query("ASK FROM <urn:nonexistent> { ?s ?p ?o }")) is False
    assert bool(kg.query("ASK { ?s ?p ?o }")) is True
    assert len(kg.query("CONSTRUCT { ?s ?p ?o } FROM <urn:nonexistent> "
                        "WHERE { ?s ?p ?o }")) == 0
    schema = count(kg, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{SCHEMA_GRAPH}> "
                       "{ ?s ?p ?o } }")
    assert len(kg.query(f"CONSTRUCT {{ ?s ?p ?o }} FROM <{SCHEMA_GRAPH}> "
                        "WHERE { ?s ?p ?o }")) == schema
    assert len(kg.query("DESCRIBE ngk:magnesium FROM <urn:nonexistent>")) == 0
    assert len(kg.query("DESCRIBE ngk:magnesium")) > 0


def test_from_in_comments_strings_iris_and_names_keeps_the_union(kg):
    text = ("SELECT (COUNT(*) AS ?n) # FROM <urn:nonexistent>\n"
            'WHERE { ?s ?p ?o FILTER(?o != "FROM <urn:x>" && ?p != <urn:FROM>) '
            "BIND(1 AS ?from) }")
    assert count(kg, text) == len(kg)


# -- bindings ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["1 2", "?x", "", "a-b"])
def test_a_binding_that_is_no_variable_name_is_a_query_error(kg, name):
    error = error_of(kg.query, "SELECT ?x WHERE {}", **{name: "x"})
    assert type(error) is QueryError
    assert str(error) == (f"<inline query>: cannot bind {name!r}: not a SPARQL variable "
                          "name (letters, digits and _, without the leading ?)")
    assert kg.query("SELECT ?x WHERE {}", x="x").values("x") == ["x"]
