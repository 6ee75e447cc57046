"""Optional inference: entailed triples in their own graph, queried like the rest."""

from pathlib import Path

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph.bundled import ONTOLOGY_DIR
from nutrigraph.cli import cli, main
from nutrigraph.errors import UnknownProfile
from nutrigraph.inference import INFERRED_GRAPH, infer
from nutrigraph.validate import validate

pytestmark = pytest.mark.slow  # the reasoner takes seconds on the bundled graph

HAS_PHENOTYPE_FATIGUE = "SELECT ?condition WHERE { ?condition biolink:has_phenotype ngk:fatigue }"


GOOD = Path(__file__).parent / "data" / "good.ttl"


@pytest.fixture(scope="module")
def plain():
    """The bundled graph and a user's file."""
    return nutrigraph.load([GOOD])


@pytest.fixture(scope="module")
def inferred():
    """The same with its RDFS closure (loaded once: owlrl takes a second or more)."""
    return nutrigraph.load([GOOD], infer="rdfs")


def small_graph(tmp_path, turtle):
    """The schema plus a few triples: small enough for OWL RL in well under a second."""
    path = tmp_path / "mine.ttl"
    path.write_text("@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
                    "@prefix ex: <http://example.org/mine/> .\n" + turtle, encoding="utf-8")
    return nutrigraph.load([ONTOLOGY_DIR / "nutrigraph.ttl", path], bundled=False)


def test_inference_is_off_by_default(kg):
    assert INFERRED_GRAPH not in kg.graphs()
    assert kg.query(HAS_PHENOTYPE_FATIGUE).values("condition") == []
    assert not kg.query("ASK { ngk:magnesium a biolink:ChemicalEntity }")


def test_rdfs_finds_subproperty_triples(plain, inferred):
    stated = set(plain.query("SELECT ?c WHERE { ?c ng:hasSymptom ngk:fatigue }").values("c"))
    assert "https://w3id.org/nutrigraph/kb/vitamin-b12-deficiency" in stated
    assert set(inferred.query(HAS_PHENOTYPE_FATIGUE).values("condition")) == stated


def test_rdfs_types_through_the_subclass_chain(inferred):
    # ng:Nutrient -> ng:ChemicalSubstance -> biolink:ChemicalEntity
    assert inferred.query("ASK { ngk:magnesium a ng:ChemicalSubstance }")
    assert inferred.query("ASK { ngk:magnesium a biolink:ChemicalEntity }")
    assert inferred.query("ASK { ngk:fatigue a biolink:PhenotypicFeature }")
    chemicals = inferred.query("SELECT ?x WHERE { ?x a biolink:ChemicalEntity }").values("x")
    nutrients = inferred.query("SELECT ?x WHERE { ?x a ng:Nutrient }").values("x")
    assert set(nutrients) < set(chemicals)


def test_rdfs_leaves_inverses_to_owl_rl(inferred):
    assert not inferred.query(
        f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?symptom ng:symptomOf ?condition }} }}")


def test_inferred_triples_stay_in_their_own_graph(plain, inferred):
    for graph in plain.graphs():
        assert (len(list(inferred.store.quads(graph=graph)))
                == len(list(plain.store.quads(graph=graph)))), graph
    assert inferred.graphs() == sorted([*plain.graphs(), INFERRED_GRAPH])
    # nothing in it is stated by a source: no statement node was made there
    assert not inferred.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?st rdf:subject ?s }} }}")


def test_the_inferred_graph_says_how_it_was_made(plain, inferred):
    rows = inferred.query(f"""
        SELECT ?activity ?comment WHERE {{ GRAPH <{INFERRED_GRAPH}> {{
          <{INFERRED_GRAPH}> prov:wasGeneratedBy ?activity .
          ?activity a prov:Activity ; rdfs:comment ?comment }} }}""")
    [comment] = rows.values("comment")
    assert "RDFS rules" in comment and "owlrl" in comment
    used = inferred.query(f"""
        SELECT ?g WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?activity prov:used ?g }} }}""")
    assert sorted(used.values("g")) == plain.graphs()


def test_literals_are_entailed_only_through_superproperties(plain, inferred):
    # owlrl conflates 1, 1.0 and true; infer() keeps only sound literal entailments:
    # here, biolink:negated (a superproperty of ng:negated) and biolink:frequency_qualifier
    # (of ng:frequencyValue, on HPO annotations) with the very same values
    stated = {(r.st, r.v) for r in plain.query(
        "SELECT ?st ?v WHERE { ?st ng:negated|ng:frequencyValue ?v }")}
    assert stated
    rows = inferred.query(f"""
        SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o FILTER(isLiteral(?o)) }}
                                FILTER NOT EXISTS {{ ?s a prov:Activity }} }}""")
    assert set(rows.values("p")) == {"https://w3id.org/biolink/vocab/negated",
                                     "https://w3id.org/biolink/vocab/frequency_qualifier"}
    assert {(r.s, r.o) for r in rows} == stated


def test_inferring_again_replaces_the_graph(tmp_path):
    kg = small_graph(tmp_path, "ex:d a ng:DeficiencyCondition ; ng:hasSymptom ex:s .\n")
    first = infer(kg, "rdfs")
    size = len(kg)
    assert infer(kg, "rdfs") == first
    assert len(kg) == size


def test_owl_rl_adds_inverse_relations(tmp_path):
    kg = small_graph(tmp_path, "ex:d ng:hasSymptom ex:s .\nex:s ng:symptomOf ex:e .\n")
    ex = "PREFIX ex: <http://example.org/mine/> "
    assert not kg.query(ex + "ASK { ex:s ng:symptomOf ex:d }")
    infer(kg, "rdfs")
    assert not kg.query(ex + "ASK { ex:s ng:symptomOf ex:d }")  # inverses are OWL, not RDFS
    assert infer(kg, "owl-rl") > 0
    assert kg.query(ex + "ASK { ex:s ng:symptomOf ex:d }")
    assert kg.query(ex + "ASK { ex:e ng:hasSymptom ex:s }")
    # and, from the relations' domain and range, the condition is typed up to Biolink
    assert kg.query(ex + "ASK { ex:d a ng:Condition, biolink:Disease }")


def test_owl_rl_gives_the_absorption_claims_their_inverse():
    kg = nutrigraph.load([ONTOLOGY_DIR / "nutrigraph.ttl",
                          ONTOLOGY_DIR / "knowledge" / "article-magnesium-b12.trig"], bundled=False)
    assert not kg.query("ASK { ngk:magnesium ng:absorptionImprovedBy ?form }")
    assert infer(kg, "owl-rl") > 0
    forms = kg.query("SELECT ?form WHERE { ngk:magnesium ng:absorptionImprovedBy ?form }")
    assert sorted(str(f).rsplit("/", 1)[1] for f in forms.values("form")) == [
        "magnesium-citrate", "magnesium-glycinate"]


def test_self_describing_values_are_not_turned_into_statements(inferred):
    # ng:evidenceLevel has no rdfs:domain, because intake reference values and measurements
    # carry their own evidence level; so RDFS does not type them as ng:Statement
    rda = "<http://example.org/mine/magnesium-rda-women-31-plus>"
    assert not inferred.query(f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ {rda} a ng:Statement }} }}")
    assert validate(inferred).conforms


def test_an_unknown_profile_is_refused_before_loading(tmp_path):
    with pytest.raises(UnknownProfile, match="did you mean: owl-rl"):
        nutrigraph.load(store=tmp_path / "store", infer="owl")
    assert not (tmp_path / "store").exists()


def test_query_infer_option():
    runner = CliRunner()
    plain = runner.invoke(cli, ["query", "--format", "csv", HAS_PHENOTYPE_FATIGUE])
    assert plain.exit_code == 0
    assert plain.stdout.splitlines() == ["condition"]
    result = runner.invoke(cli, ["query", "--infer", "rdfs", "--format", "csv",
                                 HAS_PHENOTYPE_FATIGUE])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/nutrigraph/kb/magnesium-deficiency" in result.stdout


def test_query_infer_rejects_an_unknown_profile(capsys):
    assert main(["query", "--infer", "owl", "--name", "foods"]) == 2
    assert "'owl' is not one of 'rdfs', 'owl-rl'" in capsys.readouterr().err


def test_a_store_keeps_inferred_triples_only_while_asked(tmp_path):
    store = tmp_path / "store"
    ask = f"ASK {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}"
    kg = nutrigraph.load([ONTOLOGY_DIR / "nutrigraph.ttl"], bundled=False, store=store,
                         infer="rdfs")
    assert kg.query(ask)
    del kg
    assert not nutrigraph.load(bundled=False, store=store).query(ask)


