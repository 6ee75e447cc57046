"""``nutrigraph export``: RDF that other tools read back whole, and the projection as GraphML."""

from __future__ import annotations

import csv
import io
import json
import os

import networkx as nx
import pytest
import rdflib

from nutrigraph import load, to_networkx
from nutrigraph.analysis.kgx import write_kgx
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


# -- KGX ---------------------------------------------------------------------------------

def read_tsv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def kgx(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("kgx") / "ng"
    assert main(["export", "--format", "kgx", "-o", str(prefix)]) == 0
    return (read_tsv(f"{prefix}_nodes.tsv"), read_tsv(f"{prefix}_edges.tsv"))


def edges_between(edges, subject, obj):
    return sorted((e for e in edges if e["subject"] == subject and e["object"] == obj),
                  key=lambda e: e["primary_knowledge_source"])


def test_kgx_writes_both_files_and_says_so(kg, tmp_path, capsys):
    prefix = tmp_path / "ng"
    assert main(["export", "--format", "kgx", "-o", str(prefix)]) == 0
    G = to_networkx(kg)
    nodes, edges = read_tsv(f"{prefix}_nodes.tsv"), read_tsv(f"{prefix}_edges.tsv")
    assert capsys.readouterr().out == (
        f"wrote {prefix}_nodes.tsv and {prefix}_edges.tsv: "
        f"{len(nodes):,} nodes and {len(edges):,} edges\n")
    assert len(nodes) == G.number_of_nodes()
    # one edge per relation and source: at least one per relation, more where sources agree
    assert len({(e["subject"], e["original_predicate"], e["object"]) for e in edges}) == (
        G.number_of_edges())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ng_edges.tsv", "ng_nodes.tsv"]


def test_kgx_categories_come_from_the_schemas_biolink_alignment(kgx):
    nodes = {n["id"]: n for n in kgx[0]}
    # ng:Nutrient -> ng:ChemicalSubstance -> biolink:ChemicalEntity
    assert nodes["ngk:magnesium"]["category"] == "biolink:ChemicalEntity"
    assert nodes["ngk:magnesium"]["name"] == "magnesium"
    assert nodes["ngk:magnesium"]["iri"] == "https://w3id.org/nutrigraph/kb/magnesium"
    assert nodes["ngk:methionine-synthase"]["category"] == "biolink:Protein"   # ng:Enzyme
    assert nodes["ngk:paresthesia"]["category"] == "biolink:PhenotypicFeature"  # ng:Symptom
    assert "HP:0003401" in nodes["ngk:paresthesia"]["xref"].split("|")
    # an active form (biolink:SmallMolecule) that is also a supplement form: both
    assert nodes["ngk:methylcobalamin"]["category"].split("|") == [
        "biolink:ChemicalEntity", "biolink:SmallMolecule"]
    assert all(n["category"].startswith("biolink:") and ":" in n["id"] for n in kgx[0])


def test_kgx_edges_have_biolink_predicates_sources_and_evidence(kgx):
    nodes, edges = kgx
    [edge] = edges_between(edges, "ngk:methylcobalamin", "ngk:methionine-synthase")
    assert edge["predicate"] == "biolink:directly_physically_interacts_with"  # ng:cofactorOf
    assert edge["original_predicate"] == "ng:cofactorOf"
    assert edge["category"] == "biolink:Association"                     # ng:Statement
    assert edge["primary_knowledge_source"] == "ngk:uniprot-Q99707"
    assert edge["evidence_level"] == "ng:Experimental"
    [claim] = edges_between(edges, "ngk:magnesium", "ngk:methionine-synthase")
    assert (claim["primary_knowledge_source"], claim["evidence_level"]) == (
        "ngk:article-magnesium-b12", "ng:ArticleClaim")
    [metformin] = edges_between(edges, "ngk:metformin", "ngk:vitamin-b12")
    assert metformin["predicate"] == "biolink:affects"                # ng:lowersAbsorptionOf
    assert metformin["publications"] == "PMID:30032223"
    # a relation no statement rates: its graph's source, and the level for unrated ones
    food_groups = [e for e in edges if e["original_predicate"] == "ng:inFoodGroup"
                   and e["subject"].startswith("sr28food:")]
    assert food_groups and {(e["primary_knowledge_source"], e["evidence_level"])
                            for e in food_groups} == {("ngk:usda-sr28", "ng:Unverified")}
    assert all(e["primary_knowledge_source"] and e["evidence_level"].startswith("ng:")
               and e["predicate"].startswith("biolink:") for e in edges)
    assert {e["knowledge_level"] for e in edges} == {e["agent_type"] for e in edges} == {
        "not_provided"}
    ids = {n["id"] for n in nodes}
    assert {e["subject"] for e in edges} | {e["object"] for e in edges} <= ids
    assert len({e["id"] for e in edges}) == len(edges)


def test_kgx_gives_an_unaligned_relation_the_broadest_biolink_terms(tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'ng:pairsWith a owl:ObjectProperty ; rdfs:label "pairs with"@en .\n'
        "ngk:magnesium ng:pairsWith ngk:thing-of-no-class .\n")
    nodes, edges = io.StringIO(), io.StringIO()
    write_kgx(load(data=[extra]), nodes, edges)
    [edge] = [row.split("\t") for row in edges.getvalue().splitlines()
              if "\tng:pairsWith\t" in row]
    assert edge[:3] == ["ngk:magnesium", "biolink:related_to", "ngk:thing-of-no-class"]
    # a file that names no source: the graph it was loaded into is cited, unrated
    assert edge[4:8] == [extra.as_uri(), "not_provided", "not_provided", "ng:Unverified"]
    assert [row.split("\t")[1] for row in nodes.getvalue().splitlines()
            if row.startswith("ngk:thing-of-no-class\t")] == ["biolink:NamedThing"]


def test_kgx_needs_a_prefix(capsys):
    assert main(["export", "--format", "kgx"]) == 2
    err = capsys.readouterr().err
    assert "give -o PREFIX" in err and err.count("\n") == 1


def _old_pair(tmp_path):
    prefix = tmp_path / "ng"
    for part in ("nodes", "edges"):
        (tmp_path / f"ng_{part}.tsv").write_text(f"old {part}\n")
    return prefix


def _unchanged(tmp_path):
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ng_edges.tsv", "ng_nodes.tsv"]
    return [(tmp_path / f"ng_{part}.tsv").read_text() for part in ("nodes", "edges")]


def test_kgx_failing_while_writing_leaves_the_old_files(tmp_path, monkeypatch, capsys):
    prefix = _old_pair(tmp_path)

    def half(kg, nodes, edges):
        nodes.write("id\tcategory\n")
        raise OSError("disk full")

    monkeypatch.setattr("nutrigraph.analysis.kgx.write_kgx", half)
    assert main(["export", "--format", "kgx", "-o", str(prefix)]) == 2
    assert capsys.readouterr().err.endswith("cannot write the export: disk full\n")
    assert _unchanged(tmp_path) == ["old nodes\n", "old edges\n"]


def test_kgx_failing_to_place_the_edges_file_puts_the_old_nodes_back(tmp_path, monkeypatch):
    prefix = _old_pair(tmp_path)
    replace = os.replace

    def fails_for_edges(source, target):
        if str(target).endswith("_edges.tsv"):
            raise OSError("cannot rename")
        replace(source, target)

    monkeypatch.setattr(os, "replace", fails_for_edges)
    with pytest.raises(OSError, match="cannot rename"):
        main(["export", "--format", "kgx", "-o", str(prefix)])
    assert _unchanged(tmp_path) == ["old nodes\n", "old edges\n"]


def test_an_export_is_readable_by_others_as_any_new_file(tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["export", "--format", "nquads", "--graph", UNIPROT,
                     "-o", str(tmp_path / "u.nq")]) == 0
    finally:
        os.umask(old)
    assert oct((tmp_path / "u.nq").stat().st_mode & 0o777) == "0o644"


def test_a_full_disk_is_one_line_and_leaves_the_old_file(tmp_path, monkeypatch, capsys):
    import errno

    from nutrigraph.store import Store

    target = tmp_path / "kept.nq"
    target.write_text("before\n")

    def full(self, output, fmt, graphs=None):
        output.write(b"<urn:a> <urn:b> <urn:c> <urn:g> .\n")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(Store, "export", full)
    assert main(["export", "--format", "nquads", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == (f"nutrigraph: error: {target}: cannot write the export: No space left on "
                   "device\n")
    assert target.read_text() == "before\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.nq"]
