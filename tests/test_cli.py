"""The command line: answers through click's runner, bad input through main()."""

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from nutrigraph.advice import NOT_ADVICE
from nutrigraph.cli import cli, main


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def test_list_shows_every_named_query_with_a_description(run):
    lines = run("query", "--list").stdout.splitlines()
    names = [line.split()[0] for line in lines]
    assert "how-magnesium-links-to-b12" in names
    assert all(len(line.split(None, 1)[1]) > 20 for line in lines)


def test_the_main_job_prints_the_chain_with_sources(run):
    result = run("query", "--name", "how-magnesium-links-to-b12")
    out = result.stdout
    assert "magnesium —required for→ B12 activation —has output→ methylcobalamin" in out
    assert "section 'The Enzymatic Connection'" in out
    assert "article claim" in out
    # a table is a report: it ends with the notice, on stdout
    assert out.rstrip().endswith(NOT_ADVICE)
    assert result.stderr == ""


def test_named_query_with_a_parameter_as_csv(run):
    out = run("query", "--name", "foods", "-p", "nutrient=B12", "--format", "csv").stdout
    header, *rows = out.splitlines()
    assert header.split(",")[:4] == ["nutrient", "nutrientLabel", "food", "foodLabel"]
    assert any(",salmon," in row for row in rows)
    assert not any(",almonds," in row for row in rows)


def test_inline_query_as_w3c_json(run):
    result = run("query", "--format", "json",
                 "SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }")
    document = json.loads(result.stdout)
    # the W3C format has no room for the notice: it goes to stderr
    assert result.stderr.strip() == NOT_ADVICE
    assert document["head"] == {"vars": ["form"]}
    assert {b["form"]["value"].rsplit("/", 1)[1] for b in document["results"]["bindings"]} == {
        "methylcobalamin", "adenosylcobalamin"}


def test_query_from_a_file_with_a_bound_entity(run, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?symptom ?d WHERE { ?d ng:hasSymptom ?symptom }", encoding="utf-8")
    out = run("query", "-f", str(query), "-p", "d=magnesium deficiency", "--format", "tsv").stdout
    assert "<https://w3id.org/nutrigraph/kb/seizures>" in out
    assert "confusion" not in out


def test_user_data_is_queried_with_the_bundled_graph(run, tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text('<http://example.org/kale> <https://w3id.org/nutrigraph/vocab/providesNutrient>'
                    ' <https://w3id.org/nutrigraph/kb/magnesium> .\n'
                    '<http://example.org/kale> <http://www.w3.org/2000/01/rdf-schema#label>'
                    ' "kale" .\n', encoding="utf-8")
    out = run("query", "--data", str(mine), "--format", "csv",
              "SELECT ?f WHERE { ?f ng:providesNutrient ngk:magnesium }").stdout
    assert "http://example.org/kale" in out
    assert "https://w3id.org/nutrigraph/kb/almonds" in out


def test_resolve_command(run):
    assert run("resolve", "pins and needles").stdout.rstrip("\n").split("\t") == [
        "ngk:paresthesia", "paresthesia", "https://w3id.org/nutrigraph/kb/paresthesia",
        "HP:0003401"]


BAD_INPUT = [
    (["query", "SELECT ?x WHERE { ?x ?p }"], "<inline query>:1:"),
    (["query", "--name", "fods"], "no query named 'fods'; did you mean: foods?"),
    (["query", "--name", "foods", "-p", "nutrient=magnesum"],
     "no entity named 'magnesum'; did you mean: magnesium"),
    (["query", "--name", "foods", "-p", "nutrent=magnesium"], "has no parameter 'nutrent'"),
    (["query", "--name", "foods", "-p", "nutrient"], "is not VAR=ENTITY"),
    (["query", "--name", "foods", "--data", "/no/such/file.ttl"],
     "/no/such/file.ttl: no such file"),
    (["query", "-f", "/no/such/query.rq"], "/no/such/query.rq: no such file"),
    (["query", "--name", "foods", "--format", "xml"], "'xml' is not one of"),
    (["query", "--bogus"], "No such option"),
    (["query"], "give exactly one of SPARQL, -f FILE or --name NAME"),
    (["query", "--name", "foods", "SELECT * {}"], "(got SPARQL, --name)"),
    (["resolve", "unobtainium"], "no entity named 'unobtainium'"),
]


@pytest.mark.parametrize(("argv", "expected"), BAD_INPUT)
def test_bad_input_is_one_line_and_exit_code_2(capsys, argv, expected):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("nutrigraph: error: ")
    assert expected in lines[0]
    assert "Traceback" not in captured.err


def test_malformed_data_file_names_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d .\n",
                   encoding="utf-8")
    assert main(["query", "--name", "foods", "--data", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nutrigraph: error: {bad}:3:")
    assert "malformed Turtle" in err


def test_syntax_error_in_a_query_file_points_into_the_file(capsys, tmp_path):
    query = tmp_path / "broken.rq"
    query.write_text("SELECT *\nWHERE {\n  ?s ?p\n}\n", encoding="utf-8")
    assert main(["query", "-f", str(query)]) == 2
    # the position is Oxigraph's: where its parser gave up, as FILE:LINE:COLUMN
    assert re.match(rf"nutrigraph: error: {re.escape(str(query))}:\d+:\d+: SPARQL syntax error: ",
                    capsys.readouterr().err)


def test_help_exits_zero(capsys):
    assert main(["query", "--help"]) == 0
    assert "--name" in capsys.readouterr().out


def test_the_query_path_does_not_import_heavy_libraries():
    code = ("import sys; from nutrigraph.cli import main; "
            "main(['query', '--name', 'foods', '--format', 'csv']); "
            "print(sorted(m for m in ('rdflib', 'pandas', 'matplotlib', 'networkx') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[-1] == "[]"


def test_console_script_runs_as_a_module():
    done = subprocess.run([sys.executable, "-m", "nutrigraph", "query", "--name", "nope"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("nutrigraph: error: no query named 'nope'")
