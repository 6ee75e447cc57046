"""Neighbourhoods of an entity in the bundled graph, as a subgraph, as rows and on the CLI."""

import json

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph import neighbor_table, neighbors
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.cli import cli, main
from nutrigraph.errors import EntityNotFound, UnknownTerm
from nutrigraph.render.terminal import neighbors as neighbors_text

K = "https://w3id.org/nutrigraph/kb/"
MG = K + "magnesium"


@pytest.fixture(scope="module")
def G(kg):
    return nutrigraph.to_networkx(kg)


def by_neighbor(rows):
    found = {}
    for row in rows:
        found.setdefault(row.neighbor.rsplit("/", 1)[1], []).append(row)
    return found


def test_magnesium_at_depth_1_is_part_of_mg_atp_and_a_cofactor_of_mat1a(G):
    rows = by_neighbor(neighbor_table(G, MG))
    [atp] = rows["mg-atp"]
    assert (atp.relation, atp.predicate, atp.direction, atp.distance) == (
        "part of", "https://w3id.org/nutrigraph/vocab/partOf", "out", 1)
    assert atp.category == "ng:Metabolite" and atp.via == MG
    [mat] = rows["methionine-adenosyltransferase-1a"]
    assert (mat.relation, mat.direction, mat.evidence, mat.disputed) == (
        "cofactor of", "out", "experimental", False)
    assert mat.sources[0].startswith("UniProtKB Q00266")
    # the article's claim that magnesium is a cofactor of methionine synthase is disputed
    [ms] = rows["methionine-synthase"]
    assert (ms.evidence, ms.disputed) == ("article claim", True)


def test_relations_pointing_at_the_centre_are_incoming(G):
    rows = by_neighbor(neighbor_table(G, MG))
    [deficiency] = rows["magnesium-deficiency"]
    assert (deficiency.relation, deficiency.direction) == ("deficiency of", "in")
    assert {r.direction for r in rows["spinach"]} == {"in"}
    # two relations between the same pair make two rows
    assert sorted(r.relation for r in rows["vitamin-b12"]) == ["safely combined with",
                                                               "synergistic with"]


def test_the_ego_graph_holds_the_centre_and_its_neighbours_with_distances(G):
    H = neighbors(G, MG)
    assert H.nodes[MG]["distance"] == 0
    assert {H.nodes[n]["distance"] for n in H if n != MG} == {1}
    assert H.has_edge(MG, K + "mg-atp", "ng:partOf")
    assert H.has_edge(K + "spinach", MG, "ng:providesNutrient")
    assert set(H) == {MG} | {row.neighbor for row in neighbor_table(G, MG)}
    assert "distance" not in G.nodes[MG]  # the cached projection is left alone


def test_a_category_filter_keeps_those_neighbours_and_the_centre(G):
    H = neighbors(G, MG, categories=["ng:Enzyme"])
    assert set(H) == {MG, K + "methionine-adenosyltransferase-1a", K + "methionine-synthase"}
    assert {r.neighbor for r in neighbor_table(G, MG, categories=["enzyme"])} == set(H) - {MG}


def test_a_category_keeps_its_subclasses(G):
    kinds = {r.neighbor.rsplit("/", 1)[1]: r.category
             for r in neighbor_table(G, MG, categories=["ng:Food"])}
    assert kinds["spinach"] == "ng:Food"
    assert kinds["nuts"] == "ng:FoodGroup"
    assert set(kinds.values()) == {"ng:Food", "ng:FoodGroup"}


def test_depth_2_names_the_node_one_step_nearer(G, kg):
    rows = neighbor_table(G, kg.resolve("adenosylcobalamin").iri, depth=2,
                          categories=["biological process"])
    myelin = [r for r in rows if r.neighbor == K + "myelin-formation"]
    assert [(r.distance, r.via_label, r.relation, r.direction) for r in myelin] == [
        (2, "vitamin B12", "required for", "out")]
    assert [r.distance for r in rows] == sorted(r.distance for r in rows)


def test_reversed_edges_in_the_projection_do_not_double_the_rows(G, kg):
    assert neighbor_table(nutrigraph.to_networkx(kg, inverse=True), MG) == neighbor_table(G, MG)


def test_bad_arguments_raise_typed_errors(G):
    with pytest.raises(EntityNotFound):
        neighbors(G, K + "no-such-thing")
    with pytest.raises(UnknownTerm, match="did you mean: ng:Enzyme"):
        neighbor_table(G, MG, categories=["enzym"])
    with pytest.raises(ValueError, match="depth"):
        neighbors(G, MG, depth=0)


def test_text_table_draws_the_direction(G):
    text = neighbors_text(neighbor_table(G, MG, categories=["food"]))
    assert "←provides nutrient—  spinach" in text
    assert text.splitlines()[-1] == f"({len(text.splitlines()) - 3} relations)"


# -- the command line -------------------------------------------------------------------------


def test_cli_neighbors_as_json():
    result = CliRunner().invoke(cli, ["neighbors", "magnesium", "--category", "enzyme",
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["entity"] == {"iri": MG, "curie": "ngk:magnesium", "label": "magnesium"}
    assert (document["depth"], document["categories"]) == (1, ["ng:Enzyme"])
    assert {(n["neighbor"], n["predicate"], n["direction"], n["distance"])
            for n in document["neighbors"]} == {
        ("ngk:methionine-adenosyltransferase-1a", "ng:cofactorOf", "out", 1),
        ("ngk:methionine-synthase", "ng:cofactorOf", "out", 1)}
    assert set(document["neighbors"][0]) >= {"neighbor_label", "relation", "evidence",
                                             "sources", "via", "disputed"}
    assert document["notice"] == NOT_ADVICE


def test_cli_neighbors_text_with_depth():
    result = CliRunner().invoke(cli, ["neighbors", "adenosylcobalamin", "--depth", "2",
                                      "--category", "enzyme"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert header[:3] == ["distance", "via", "relation"]
    assert "methylmalonyl-CoA mutase" in result.stdout
    assert result.stdout.rstrip().endswith(NOT_ADVICE) and result.stderr == ""


@pytest.mark.parametrize("args, message", [
    (["neighbors", "magnesum"], "no entity named 'magnesum'; did you mean: magnesium"),
    (["neighbors", "magnesium", "--category", "enzym"], "no category named 'enzym'"),
    (["neighbors", "magnesium", "--depth", "0"], "Invalid value for '--depth'"),
])
def test_cli_neighbors_bad_input_is_one_line_and_exit_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nutrigraph: error: {message}")
    assert err.count("\n") == 1
