"""Random and mutated input at the CLI and the Python API: only documented errors, ever.

Hypothesis throws queries (bundled ones, mutated), RDF bytes in every format nutrigraph
reads (valid documents, mutated), names and option values. What may come back: an
answer, or a :class:`~nutrigraph.errors.NutrigraphError` (a ``TypeError`` for a value of
the wrong type); from the CLI an exit code of 0, 1 (validation found violations) or 2 with
``nutrigraph: error: ...`` as the last line of stderr, and never a traceback. A run past
its time bound fails too (hypothesis's ``deadline``). The few examples run with the
quick tests; ``NUTRIGRAPH_FUZZ=N`` runs N of each.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import nutrigraph  # noqa: E402
from nutrigraph.cli.main import main  # noqa: E402
from nutrigraph.errors import NutrigraphError  # noqa: E402
from nutrigraph.queries import list_queries  # noqa: E402

EXAMPLES = int(os.environ.get("NUTRIGRAPH_FUZZ", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=10_000, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

QUERIES = [query.text for query in list_queries()]
SPARQL_WORDS = ["SELECT", "WHERE", "{", "}", "(", ")", "[", "]", "?x", "<urn:a>", "ng:x",
                "OPTIONAL", "UNION", "FILTER", "SERVICE", "FROM", "GRAPH", "\"", "'", "#",
                "\n", ".", ";", ",", "*", "COUNT", "LIMIT", "-1", "1e999", "\\", "\x00", "é"]


@st.composite
def mutated(draw, seeds: list[bytes] | list[str]):
    """A seed with a few characters (or bytes) inserted, deleted or replaced."""
    text = draw(st.sampled_from(seeds))
    alphabet = (st.binary(min_size=1, max_size=3) if isinstance(text, bytes)
                else st.sampled_from(SPARQL_WORDS) | st.text(min_size=1, max_size=3))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 8))
        text = text[:at] + draw(alphabet) + text[at + cut:]
    if draw(st.booleans()):
        text = text[:draw(st.integers(0, len(text)))]
    return text


def answered_or_documented(call, *args, **kwargs) -> None:
    with contextlib.suppress(NutrigraphError, TypeError):  # anything else fails the test
        call(*args, **kwargs)


def cli_behaves(argv: list[str], capsys) -> None:
    code = main(argv)
    err = capsys.readouterr().err
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    if code == 2:
        assert err.rstrip("\n").splitlines()[-1].startswith("nutrigraph: error: "), (argv, err)


@FUZZ
@given(text=mutated(QUERIES) | st.text(max_size=300))
def test_queries_give_answers_or_documented_errors(kg, text):
    answered_or_documented(kg.query, text)


@FUZZ
@given(text=mutated(QUERIES), fmt=st.sampled_from(["table", "csv", "tsv", "json", "turtle",
                                                    "html", ""]))
def test_the_query_command_gives_one_line_or_an_answer(capsys, text, fmt):
    cli_behaves(["query", text, "--format", fmt], capsys)


NAMES = ["magnesium", "B12", "vitamin B12", "ngk:folate", "HP:0001250", "pins and needles",
         "https://w3id.org/nutrigraph/kb/magnesium", "sr28food:11458"]


@FUZZ
@given(name=mutated(NAMES) | st.text(max_size=40) | st.none() | st.integers())
def test_names_resolve_or_say_why_not(kg, name):
    answered_or_documented(kg.resolve, name)


@FUZZ
@given(a=st.sampled_from(NAMES) | st.text(max_size=20),
       b=st.sampled_from(NAMES) | st.text(max_size=20),
       k=st.sampled_from(["1", "3", "0", "-1", "x", "99999999999", "1e3", ""]),
       length=st.sampled_from(["1", "4", "0", "-2", "y", "100000", ""]))
def test_path_options_give_routes_or_one_line(capsys, a, b, k, length):
    cli_behaves(["path", a, b, "-k", k, "--max-length", length], capsys)


@FUZZ
@given(command=st.sampled_from([["neighbors"], ["explain", "magnesium"], ["metapaths", "B12"],
                                ["overlap", "magnesium"], ["differential", "fatigue"],
                                ["resolve"]]),
       value=st.sampled_from(NAMES) | st.text(max_size=20),
       option=st.sampled_from([[], ["--depth", "0"], ["--depth", "x"], ["--format", "xml"],
                               ["-k", "0"], ["--max-length", "99999"], ["--category", "zzz"],
                               ["--through", "enzyme"], ["--avoid", ""]]))
def test_every_command_takes_odd_values_calmly(capsys, command, value, option):
    cli_behaves([*command, value, *option], capsys)


def _seeds() -> dict[str, list[bytes]]:
    """One small valid document in each format nutrigraph reads."""
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data="""
        @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:a rdfs:label "a \\"quoted\\" label"@en ; ex:p ex:b , [ ex:q 1.5 ] .
        ex:b rdfs:label "b" .""", format="turtle")
    dataset = rdflib.Dataset()
    for triple in graph:
        dataset.graph(rdflib.URIRef("http://example.org/g")).add(triple)
    return {
        "ttl": [graph.serialize(format="turtle").encode()],
        "nt": [graph.serialize(format="nt").encode()],
        "rdf": [graph.serialize(format="xml").encode()],
        "jsonld": [graph.serialize(format="json-ld").encode()],
        "trig": [dataset.serialize(format="trig").encode()],
        "nq": [dataset.serialize(format="nquads").encode()],
    }


SEEDS = _seeds()


@FUZZ
@given(data=st.data(), suffix=st.sampled_from(sorted(SEEDS)))
def test_rdf_files_load_whole_or_say_where_they_break(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("rdf")
    path = folder / f"data.{suffix}"
    path.write_bytes(data.draw(mutated(SEEDS[suffix]) | st.binary(max_size=200)))
    try:
        kg = nutrigraph.load([path], bundled=False)
    except NutrigraphError:
        return
    assert len(kg) > 0 or path.stat().st_size < 200  # loaded whole


@pytest.mark.slow
@FUZZ
@given(data=st.data(), suffix=st.sampled_from(sorted(SEEDS)))
def test_the_commands_read_odd_files_calmly(tmp_path_factory, capsys, data, suffix):
    folder = tmp_path_factory.mktemp("rdf")
    path = folder / f"data.{suffix}"
    path.write_bytes(data.draw(mutated(SEEDS[suffix])))
    cli_behaves(["query", "--data", str(path), "ASK { ?s ?p ?o }"], capsys)
    cli_behaves(["validate", str(path)], capsys)


@pytest.mark.slow
def test_a_crash_would_be_seen(tmp_path):
    """The properties above run in this process: a segmentation fault would end pytest.
    This runs the worst known inputs in a child process and checks how it ended."""
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    script = ("import sys; from nutrigraph.cli.main import main; "
              "sys.exit(main(['query', sys.argv[1]]))")
    done = subprocess.run([sys.executable, "-c", script, deep], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2, (done.returncode, -signal.SIGSEGV, done.stderr[-300:])
    assert done.stderr.count("\n") == 1


def test_the_seeds_are_valid(tmp_path):
    for suffix, (seed,) in SEEDS.items():
        path = Path(tmp_path) / f"seed.{suffix}"
        path.write_bytes(seed)
        assert len(nutrigraph.load([path], bundled=False)) >= 4, suffix
