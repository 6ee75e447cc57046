"""``nutrigraph export``: RDF that other tools read back whole, and the projection as GraphML."""

from __future__ import annotations

import json

import networkx as nx
import pytest
import rdflib

from nutrigraph import load, to_networkx
from nutrigraph.cli import main
from nutrigraph.store import parse_file

UNIPROT = "https://w3id.org/nutrigraph/graph/uniprot"


@pytest.fixture(scope="module")
def kg():
    return load()


def quads_of(kg, graph=None) -> set[tuple[str, ...]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in kg.store.quads(graph=graph)}


def test_trig_holds_every_quad_of_the_graph(kg, tmp_path, capsys):
    target = tmp_path / "all.trig"
    assert main(["export", "--format", "trig", "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}: {len(kg):,} quads\n"
    read = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in parse_file(target)}
    assert read == quads_of(kg)


def test_nquads_of_one_graph(kg, tmp_path):
    target = tmp_path / "uniprot.nq"
    assert main(["export", "--format", "nquads", "--graph", UNIPROT, "-o", str(target)]) == 0
    read = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in parse_file(target)}
    assert read == quads_of(kg, UNIPROT) and len(read) > 20


def test_jsonld_keeps_the_named_graphs(tmp_path):
    target = tmp_path / "uniprot.jsonld"
    assert main(["export", "--format", "jsonld", "--graph", UNIPROT, "-o", str(target)]) == 0
    document = json.loads(target.read_text())
    assert [g["@id"] for g in document] == [UNIPROT]
    dataset = rdflib.Dataset().parse(target, format="json-ld")
    assert len(dataset.graph(rdflib.URIRef(UNIPROT))) > 20


def test_turtle_holds_the_triples_without_graph_names(kg, tmp_path):
    target = tmp_path / "uniprot.ttl"
    assert main(["export", "--format", "turtle", "--graph", UNIPROT, "-o", str(target)]) == 0
    graph = rdflib.Graph().parse(target, format="turtle")
    assert len(graph) == len({q[:3] for q in quads_of(kg, UNIPROT)})


def test_to_stdout(capsys):
    assert main(["export", "--format", "nquads", "--graph", UNIPROT]) == 0
    captured = capsys.readouterr()
    assert captured.out.count(f"<{UNIPROT}> .\n") > 20
    assert captured.err.startswith("nutrigraph: wrote ")


def test_graphml_is_the_projection_with_its_evidence(kg, tmp_path):
    target = tmp_path / "nutrigraph.graphml"
    assert main(["export", "--format", "graphml", "-o", str(target)]) == 0
    G, read = to_networkx(kg), nx.read_graphml(target)
    assert (read.number_of_nodes(), read.number_of_edges()) == (G.number_of_nodes(),
                                                               G.number_of_edges())
    magnesium = "https://w3id.org/nutrigraph/kb/magnesium"
    assert read.nodes[magnesium]["label"] == "magnesium"
    edges = [d for _, _, d in read.out_edges(magnesium, data=True)
             if d["label"] == "cofactor of" and d["disputed"]]
    assert edges and json.loads(edges[0]["sources"])[0]["evidence"] == "article claim"


def test_a_graph_not_there_fails_in_one_line_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "kept.trig"
    target.write_text("what was there before\n")
    assert main(["export", "--format", "trig", "--graph", "urn:none", "-o", str(target)]) == 2
    assert "no graph urn:none" in capsys.readouterr().err
    assert target.read_text() == "what was there before\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.trig"]


@pytest.mark.parametrize(("argv", "message"), [
    (["--format", "graphml", "--graph", UNIPROT], "--graph chooses named graphs"),
    (["--format", "trig", "-o", "no/such/folder/x.trig"], "cannot write the export"),
    (["--format", "yaml"], "'yaml' is not one of"),
])
def test_bad_options_fail_in_one_line(argv, message, capsys):
    assert main(["export", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
