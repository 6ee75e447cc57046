"""Bad or boundless input (issue 10): one line on stderr and exit code 2, never a traceback;
the same entity at both ends of a route is an answer; every count option has a bound.

Each case fails before the work it would waste: output paths are checked before the graph
is loaded or a dataset read (the tests make loading and drawing fail to prove it), and
counts are checked by click before the command runs.
"""

from __future__ import annotations

import json
import os
import time

import pytest

import nutrigraph
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.analysis import explain, find_paths, k_shortest_paths, shortest_path, to_networkx
from nutrigraph.analysis.paths import MAX_PATH_LENGTH, MAX_ROUTES
from nutrigraph.cli import paths as cli_paths
from nutrigraph.cli import plot as cli_plot
from nutrigraph.cli.main import main
from nutrigraph.errors import CannotWrite, DataFileError, OverLimit, SameEntity
from nutrigraph.plot.style import MAX_FIGURE_PIXELS, MAX_FIGURE_SIDE, check_size, save

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


def test_save_refuses_a_figure_past_the_size_limit(tmp_path):
    from matplotlib.figure import Figure

    target = tmp_path / "huge.png"
    with pytest.raises(OverLimit, match=r"2400 x 120000 pixels at 200 dpi.*40 megapixels"):
        save(Figure(figsize=(12, 600)), target)
    assert not target.exists()
    # 40 megapixels at most, and no side of Agg's 2^16 pixels
    check_size(Figure(figsize=(31.6, 31.6)), 200)
    with pytest.raises(OverLimit, match="MAX_FIGURE_PIXELS"):
        check_size(Figure(figsize=(31.7, 31.7)), 200)
    with pytest.raises(OverLimit, match="MAX_FIGURE_SIDE"):
        check_size(Figure(figsize=(400, 1)), 100)
    assert (MAX_FIGURE_PIXELS, MAX_FIGURE_SIDE) == (40_000_000, 32_768)


def test_save_onto_a_folder_is_a_typed_error(tmp_path):
    from matplotlib.figure import Figure

    (tmp_path / "d.png").mkdir()
    with pytest.raises(CannotWrite, match="a folder is in its place"):
        save(Figure(figsize=(2, 2)), tmp_path / "d.png")


def test_a_figure_of_foods_is_as_tall_as_its_bars(kg):
    from nutrigraph.plot import foods

    # the bundled graph has far fewer than 1000 foods with magnesium and a portion
    asked = foods(kg, "magnesium", top=1000)
    bars = len(asked.axes[0].get_yticklabels())
    assert bars < 100
    assert asked.get_size_inches()[1] == pytest.approx(0.55 * bars + 2.4)


# -- 3. bounds on counts ----------------------------------------------------------------------

BOUNDS = [
    (["path", "magnesium", "B12", "-k"], "-k", 1, MAX_ROUTES),
    (["explain", "magnesium", "B12", "-k"], "-k", 1, MAX_ROUTES),
    (["neighbors", "magnesium", "--depth"], "--depth", 1, cli_paths.MAX_DEPTH),
    (["metapaths", "magnesium", "B12", "--max-length"], "--max-length", 1,
     cli_paths.MAX_METAPATH_LENGTH),
    (["metapaths", "magnesium", "B12", "--examples"], "--examples", 0, cli_paths.MAX_EXAMPLES),
    (["plot", "mechanism", "-o", "m.png", "--max-symptoms"], "--max-symptoms", 0,
     cli_plot.MAX_SYMPTOMS),
    (["plot", "path", "magnesium", "B12", "-o", "p.png", "-k"], "-k", 1, cli_plot.MAX_LANES),
    (["plot", "neighborhood", "magnesium", "-o", "n.png", "--radius"], "--radius", 1,
     cli_plot.MAX_RADIUS),
    (["plot", "foods", "-o", "f.png", "--top"], "--top", 1, cli_plot.MAX_TOP),
]


@pytest.mark.parametrize(("argv", "option", "low", "high"), BOUNDS,
                         ids=[" ".join(b[0][:2]) + " " + b[1] for b in BOUNDS])
def test_every_count_option_has_a_bound(capsys, argv, option, low, high):
    for value in (high + 1, 10**9, low - 1):
        assert one_error(capsys, *argv, str(value)) == (
            f"nutrigraph: error: Invalid value for '{option}': {value} is not in the range "
            f"{low}<=x<={high}.")


def test_the_bounds_are_these():
    # the README's guards section states them: change both together
    assert (MAX_ROUTES, MAX_PATH_LENGTH) == (100, 20)
    assert (cli_paths.MAX_DEPTH, cli_paths.MAX_METAPATH_LENGTH, cli_paths.MAX_EXAMPLES) == (
        4, 6, 20)
    assert (cli_plot.MAX_SYMPTOMS, cli_plot.MAX_LANES, cli_plot.MAX_RADIUS,
            cli_plot.MAX_TOP) == (30, 20, 3, 50)


def test_max_length_of_a_route_has_a_bound(capsys):
    assert one_error(capsys, "path", "magnesium", "B12", "--max-length", "21") == (
        "nutrigraph: error: max_length must be from 1 to 20 (MAX_PATH_LENGTH), not 21")


def test_the_api_bounds_k_at_once(kg):
    G = to_networkx(kg, inverse=True)
    mg, b12 = kg.resolve("magnesium").iri, kg.resolve("vitamin B12").iri
    started = time.perf_counter()
    for search in (find_paths, k_shortest_paths):
        with pytest.raises(OverLimit, match=r"^k must be from 1 to 100 \(MAX_ROUTES\), "
                                            r"not 1000000000$"):
            search(G, mg, b12, k=10**9)
        with pytest.raises(OverLimit, match="not 0"):
            search(G, mg, b12, k=0)
    with pytest.raises(OverLimit, match="MAX_PATH_LENGTH"):
        find_paths(G, mg, b12, max_length=MAX_PATH_LENGTH + 1)
    with pytest.raises(OverLimit, match="MAX_ROUTES"):
        explain(kg, "magnesium", "B12", k=MAX_ROUTES + 1)
    assert time.perf_counter() - started < 1.0  # refused, not searched
    assert len(find_paths(G, mg, b12, k=MAX_ROUTES)) == MAX_ROUTES


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
