"""Bad input (issue 10): one line on stderr and exit code 2, never a traceback;
the same entity at both ends of a route is an answer.

Each case fails before the work it would waste: output paths are checked before the graph
is loaded or a dataset read (the tests make loading and drawing fail to prove it).
"""

from __future__ import annotations

import json
import os

import pytest

import nutrigraph
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.analysis import explain, find_paths, k_shortest_paths, shortest_path, to_networkx
from nutrigraph.cli import plot as cli_plot
from nutrigraph.cli.main import main
from nutrigraph.errors import CannotWrite, DataFileError, SameEntity
from nutrigraph.plot.style import save

# an entity of the bundled graph in no relation: not a node of the projection
UNRELATED = "https://w3id.org/nutrigraph/sr28/langual/Z0052"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def one_error(capsys, *argv: str) -> str:
    """The one line of stderr of a command that must fail with exit code 2 and no output."""
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, ""), err
    assert len(err.splitlines()) == 1 and err.startswith("nutrigraph: error: "), err
    return err.strip()


@pytest.fixture
def no_work(monkeypatch):
    """Loading the graph or drawing fails the test: a bad output path must fail first."""
    def forbidden(*args, **kwargs):
        raise AssertionError("the graph was loaded or a figure drawn before the check")

    monkeypatch.setattr(cli_plot, "open_graph", forbidden)
    for name in ("foods", "mechanism", "paths", "neighborhood", "intakes", "symptom_overlap"):
        monkeypatch.setattr(nutrigraph.plot, name, forbidden)


# -- 1. the same entity at both ends ---------------------------------------------------------


def test_path_from_an_entity_to_itself_is_an_answer(capsys):
    code, out, err = run(capsys, "path", "magnesium", "magnesium")
    assert (code, err) == (0, "")
    assert out == (f"both ends are magnesium: the same entity; no route needed.\n\n"
                   f"{NOT_ADVICE}\n")


def test_two_names_of_one_entity_are_the_same_entity(capsys):
    code, out, err = run(capsys, "path", "B12", "vitamin B12", "--format", "json")
    assert (code, err) == (0, "")
    answer = json.loads(out)
    assert answer["source"]["curie"] == answer["target"]["curie"] == "ngk:vitamin-b12"
    assert answer["paths"] == []
    assert answer["same_entity"] == ("'B12' and 'vitamin B12' both name vitamin B12: "
                                     "the same entity; no route needed")
    assert answer["notice"] == NOT_ADVICE


def test_explain_from_an_entity_to_itself_is_an_answer(capsys):
    code, out, err = run(capsys, "explain", "B12", "vitamin B12")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("'B12' and 'vitamin B12' both name vitamin B12: "
                                   "the same entity; no route needed.")
    assert out.rstrip().endswith(NOT_ADVICE)
    code, out, _ = run(capsys, "explain", "magnesium", "magnesium", "--format", "json")
    answer = json.loads(out)
    assert code == 0 and answer["routes"] == [] and "same entity" in answer["same_entity"]


def test_plot_path_from_an_entity_to_itself_draws_nothing(capsys, tmp_path):
    figure = tmp_path / "routes.png"
    err = one_error(capsys, "plot", "path", "B12", "vitamin B12", "-o", str(figure))
    assert err == ("nutrigraph: error: 'B12' and 'vitamin B12' both name vitamin B12: "
                   "the same entity; no route needed")
    assert not figure.exists()


def test_the_api_says_same_entity_not_zero_division(kg):
    G = to_networkx(kg, inverse=True)
    mg = kg.resolve("magnesium").iri
    for search in (find_paths, shortest_path, k_shortest_paths):
        with pytest.raises(SameEntity, match=r"^both ends are magnesium: the same entity"):
            search(G, mg, mg)
    with pytest.raises(SameEntity) as caught:
        explain(kg, "B12", "vitamin B12")
    assert caught.value.label == "vitamin B12"
    assert caught.value.names == ("B12", "vitamin B12")
    assert isinstance(caught.value, ValueError)


def test_an_entity_in_no_relation_has_no_path_not_a_traceback(capsys, kg):
    code, out, err = run(capsys, "path", "magnesium", UNRELATED)
    assert (code, err) == (1, "")
    assert out.startswith("no path from magnesium to RIPE OR MATURE (LanguaL Z0052); "
                          "RIPE OR MATURE (LanguaL Z0052) is in no relation.")
    report = explain(kg, UNRELATED, "magnesium")
    assert report.routes == [] and report.partial == []
    assert str(report.no_path).endswith("; RIPE OR MATURE (LanguaL Z0052) is in no relation")


# -- 2. where a figure is written ------------------------------------------------------------


def test_a_missing_folder_fails_before_loading(capsys, tmp_path, no_work):
    target = tmp_path / "missing" / "foods.png"
    assert one_error(capsys, "plot", "foods", "-o", str(target)) == (
        f"nutrigraph: error: {target}: cannot write the figure "
        f"(no such folder: {target.parent})")


def test_a_folder_in_the_place_of_the_figure_fails_before_loading(capsys, tmp_path, no_work):
    (tmp_path / "taken.svg").mkdir()
    err = one_error(capsys, "plot", "mechanism", "-o", str(tmp_path / "taken.svg"))
    assert err.endswith("taken.svg: cannot write the figure (a folder is in its place)")


def test_a_file_as_the_folder_fails_before_loading(capsys, tmp_path, no_work):
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    target = tmp_path / "plain" / "x.pdf"
    err = one_error(capsys, "plot", "neighborhood", "magnesium", "-o", str(target))
    assert err.endswith(f"cannot write the figure ({target.parent} is not a folder)")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root writes into a folder whatever its permissions say")
def test_an_unwritable_folder_fails_before_loading(capsys, tmp_path, no_work):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        err = one_error(capsys, "plot", "intakes", "-o", str(locked / "x.png"))
    finally:
        locked.chmod(0o700)
    assert err.endswith(f"cannot write the figure (the folder {locked} is not writable)")


def test_save_onto_a_folder_is_a_typed_error(tmp_path):
    from matplotlib.figure import Figure

    (tmp_path / "d.png").mkdir()
    with pytest.raises(CannotWrite, match="a folder is in its place"):
        save(Figure(figsize=(2, 2)), tmp_path / "d.png")


# -- 4. -p VAR=ENTITY ----------------------------------------------------------------------


@pytest.mark.parametrize("var", ["1 2", "a-b", "a.b", "·a", "x y"])
def test_a_param_that_is_no_sparql_variable_is_refused(capsys, var):
    assert one_error(capsys, "query", "-p", f"{var}=b12", "SELECT * WHERE { ?s ?p ?o }") == (
        f"nutrigraph: error: Invalid value for '-p/--param': {var!r} is not a SPARQL "
        "variable name (letters, digits and _; such as nutrient=magnesium)")


def test_a_param_may_be_any_sparql_varname(capsys):
    # VARNAME may start with a digit, and go on with U+00B7 and combining marks
    query = "SELECT ?1 ?a·b WHERE {} LIMIT 1"
    code, out, err = run(capsys, "query", "-p", "1=B12", "-p", "?a·b=magnesium", query,
                         "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[:2] == [
        "1,a·b", "https://w3id.org/nutrigraph/kb/vitamin-b12,https://w3id.org/nutrigraph/kb/"
        "magnesium"]


# -- 5. import ... --output ------------------------------------------------------------------


@pytest.fixture
def no_reading(monkeypatch):
    """Reading SR28 or hp.obo, or loading the graph, fails the test."""
    from nutrigraph.cli import importing
    from nutrigraph.importers import hpo, usda

    def forbidden(*args, **kwargs):
        raise AssertionError("a dataset was read before the output was checked")

    monkeypatch.setattr(importing, "open_graph", forbidden)
    monkeypatch.setattr(usda, "_subset", forbidden)
    monkeypatch.setattr(hpo, "_release_of", forbidden)


@pytest.mark.parametrize("dataset", [["usda", "--foods", "11458"], ["hpo"]])
@pytest.mark.parametrize(("place", "why"), [
    ("missing/x.trig", "no such folder: {tmp}/missing"),
    ("folder.trig", "a folder is in its place"),
    ("plain/x.trig", "{tmp}/plain is not a folder"),
])
def test_import_output_that_cannot_be_written_is_one_line(capsys, tmp_path, no_reading,
                                                          dataset, place, why):
    (tmp_path / "folder.trig").mkdir()
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    target = tmp_path / place
    err = one_error(capsys, "import", *dataset, "--output", str(target))
    assert err == (f"nutrigraph: error: {target}: cannot write the TriG file "
                   f"({why.format(tmp=tmp_path)})")


def test_the_importers_check_the_output_before_reading(tmp_path, no_reading):
    from nutrigraph.importers.hpo import write_hpo
    from nutrigraph.importers.usda import write_usda_trig

    with pytest.raises(CannotWrite, match="a folder is in its place"):
        write_usda_trig(tmp_path, ["11458"])
    with pytest.raises(DataFileError, match="no such folder"):  # CannotWrite is one
        write_hpo(None, tmp_path / "missing" / "hpo.trig")
