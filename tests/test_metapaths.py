"""Metapaths over the bundled graph: grouping, categories, DWPC, and the CLI command."""

import json

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.analysis.metagraph import category_of, metapaths, metapaths_between
from nutrigraph.analysis.paths import all_paths
from nutrigraph.cli import cli, main
from nutrigraph.knowledge import read_schema

K = "https://w3id.org/nutrigraph/kb/"
MG, SAM, ADO, B12 = (K + "magnesium", K + "s-adenosylmethionine", K + "adenosylcobalamin",
                     K + "vitamin-b12")


@pytest.fixture(scope="module")
def G(kg):
    return nutrigraph.to_networkx(kg)


@pytest.fixture(scope="module")
def both_ways(kg):
    return nutrigraph.to_networkx(kg, inverse=True)


def test_the_mat_route_to_sam_is_one_metapath(G):
    [found] = metapaths_between(G, MG, SAM)
    assert found.pattern == ("ng:Nutrient", "ng:cofactorOf", "ng:Enzyme", "ng:catalyzes",
                             "ng:Reaction", "ng:hasOutput", "ng:Metabolite")
    assert found.text == ("Nutrient -ng:cofactorOf-> Enzyme -ng:catalyzes-> Reaction "
                          "-ng:hasOutput-> Metabolite")
    assert found.path_count == 1 and found.length == 3
    assert found.paths[0].nodes == (MG, K + "methionine-adenosyltransferase-1a",
                                    K + "methionine-adenosylation", SAM)


def test_dwpc_of_the_mat_route_counts_degrees_per_metaedge(G):
    # Degrees on each metaedge, read from the bundled data:
    #   magnesium is a cofactor of 2 enzymes (MAT1A, methionine synthase); MAT1A has 1
    #   nutrient cofactor (its potassium ion is a ChemicalSubstance: another metaedge);
    #   MAT1A catalyzes 1 reaction; methionine adenosylation is catalysed by 2 enzymes
    #   (MAT1A, MAT2A); it has 3 metabolite outputs; SAM is the output of 1 reaction.
    product = (2 * 1) * (1 * 2) * (3 * 1)
    [found] = metapaths_between(G, MG, SAM)
    assert found.dwpc == pytest.approx(product ** -0.4)
    assert metapaths_between(G, MG, SAM, damping=1)[0].dwpc == pytest.approx(1 / 12)
    assert metapaths_between(G, MG, SAM, damping=0)[0].dwpc == pytest.approx(1.0)


def test_degrees_are_the_same_whether_or_not_reversed_edges_are_in_the_graph(G, both_ways):
    forward = metapaths_between(G, MG, SAM)[0]
    mixed = {m.text: m for m in metapaths_between(both_ways, MG, SAM)}
    assert mixed[forward.text].dwpc == pytest.approx(forward.dwpc)


def test_steps_walked_backwards_are_drawn_against_the_arrow(both_ways):
    found = {m.text: m for m in metapaths_between(both_ways, MG, B12, max_length=2)}
    shared = found["Nutrient -ng:requiredFor-> BiologicalProcess <-ng:requiredFor- Nutrient"]
    assert shared.pattern[3] == "^ng:requiredFor"
    # both nutrients are required for energy production and for nervous system function
    assert shared.path_count == 2
    assert {p.nodes[1].rsplit("/", 1)[1] for p in shared.paths} == {
        "energy-production", "nervous-system-function"}
    # out: 2 nutrients are required for each process; in: B12 is required for 6 processes,
    # magnesium for 4
    assert shared.dwpc == pytest.approx(2 * ((4 * 2) * (2 * 6)) ** -0.4)


def test_paths_to_adenosylcobalamin_group_by_kind_most_paths_first(G):
    found = metapaths_between(G, MG, ADO, max_length=3)
    assert sum(m.path_count for m in found) == len(all_paths(G, MG, ADO, max_length=3))
    assert [(m.path_count, m.dwpc) for m in found] == sorted(
        ((m.path_count, m.dwpc) for m in found), key=lambda c: (-c[0], -c[1]))
    best = found[0]
    assert best.text == ("Nutrient -ng:partOf-> Metabolite -ng:inputOf-> Reaction "
                         "-ng:hasOutput-> ActiveForm")
    # Mg-ATP: magnesium is part of 1 metabolite, Mg-ATP has 1 nutrient part, is input of
    # 1 reaction, which has 1 input metabolite and 1 active form output
    assert best.dwpc == pytest.approx(1.0)
    for m in found:
        for path in m.paths:
            assert m.pattern[0::2] == tuple(category_of(G, n) for n in path.nodes)
            assert m.pattern[1::2] == tuple(step.key for step in path.steps)


def test_metapaths_of_given_paths_equal_metapaths_between(G):
    paths = all_paths(G, MG, ADO, max_length=3)
    assert [m.text for m in metapaths(G, paths)] == [
        m.text for m in metapaths_between(G, MG, ADO, max_length=3)]
    assert metapaths(G, []) == []


def test_a_node_with_several_classes_takes_the_most_specific(G, kg):
    assert G.nodes[K + "methylcobalamin"]["categories"] == ("ng:ActiveForm",
                                                            "ng:SupplementForm")
    assert category_of(G, K + "methylcobalamin") == "ng:ActiveForm"  # equally deep: by name
    schema = read_schema(kg)
    assert schema.most_specific(["ng:ChemicalSubstance", "ng:Nutrient"]) == "ng:Nutrient"
    assert (schema.most_specific(["ng:Condition", "ng:DeficiencyCondition"])
            == "ng:DeficiencyCondition")
    # an SR28 nutrient record is a skos:Concept, not of any nutrigraph class
    # (a record, reached only through its measurements: in the projection with records)
    with_records = nutrigraph.to_networkx(kg, records=True)
    assert category_of(with_records, "https://w3id.org/nutrigraph/sr28/nutrient/304") == (
        "owl:Thing")


def test_constraints_reach_all_paths(G):
    found = metapaths_between(G, MG, ADO, max_length=3, avoid=["ng:Metabolite"])
    assert found and all("Metabolite" not in m.text for m in found)


def test_a_node_to_itself_has_no_metapath(G):
    assert metapaths_between(G, MG, MG) == []


def test_to_dict_is_json_with_each_path_and_its_sources(G):
    document = json.loads(json.dumps([m.to_dict() for m in metapaths_between(G, MG, SAM)]))
    [entry] = document
    assert entry["pattern"][2] == "ng:Enzyme" and entry["path_count"] == 1
    [path] = entry["paths"]
    assert path["text"].startswith("magnesium -cofactor of-> methionine adenosyltransferase 1A")
    assert path["steps"][0]["evidence"] == "experimental"
    assert path["steps"][0]["sources"][0]["source"].startswith("UniProtKB Q00266")


# -- the command line -------------------------------------------------------------------------


def test_cli_metapaths_as_json():
    result = CliRunner().invoke(cli, ["metapaths", "magnesium", "S-adenosylmethionine",
                                      "--directed", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert (document["source"]["curie"], document["target"]["curie"]) == (
        "ngk:magnesium", "ngk:s-adenosylmethionine")
    assert [m["metapath"] for m in document["metapaths"]] == [
        "Nutrient -ng:cofactorOf-> Enzyme -ng:catalyzes-> Reaction -ng:hasOutput-> Metabolite"]
    assert document["notice"] == NOT_ADVICE


def test_cli_metapaths_walks_both_ways_by_default():
    result = CliRunner().invoke(cli, ["metapaths", "magnesium", "B12", "--max-length", "2",
                                      "--examples", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["paths", "DWPC", "metapath"]
    assert any(line.endswith("<-ng:requiredFor- Nutrient") for line in lines)
    # a table about health ends with the notice, on stdout
    assert lines[-3].startswith("(") and "metapaths" in lines[-3]
    assert lines[-1] == NOT_ADVICE and result.stderr == ""


def test_cli_metapaths_unknown_name_is_one_line_and_exit_2(capsys):
    assert main(["metapaths", "magnesum", "B12"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error: no entity named 'magnesum'; did you mean: ")
    assert err.count("\n") == 1
