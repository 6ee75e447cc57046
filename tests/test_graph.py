"""The Python API: loading, binding values as terms, results, user data, the rdflib view."""

import json

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

import nutrigraph
from nutrigraph import DataFileError, QueryError, QuerySyntaxError

ACTIVE_FORMS = "SELECT ?form ?vitamin WHERE { ?vitamin ng:hasActiveForm ?form }"
B12_FORMS = {"https://w3id.org/nutrigraph/kb/methylcobalamin",
             "https://w3id.org/nutrigraph/kb/adenosylcobalamin"}


def test_load_gives_one_named_graph_per_source_and_the_schema(kg):
    graphs = kg.graphs()
    assert "https://w3id.org/nutrigraph/graph/article-magnesium-b12" in graphs
    assert "https://w3id.org/nutrigraph/vocab" in graphs
    sources = kg.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?s } }")
    assert sorted(sources.values("g")) == [g for g in graphs if "/graph/" in g]
    assert len(kg) > 2000


@pytest.mark.parametrize("value", [
    "entity", URIRef("https://w3id.org/nutrigraph/kb/vitamin-b12"),
    ox.NamedNode("https://w3id.org/nutrigraph/kb/vitamin-b12"),
])
def test_bindings_accept_entities_and_terms(kg, value):
    if value == "entity":
        value = kg.resolve("vitamin B12")
    rows = kg.query(ACTIVE_FORMS, vitamin=value)
    assert {str(r.form) for r in rows} == B12_FORMS


def test_binding_restricts_the_answer(kg):
    assert len(kg.query(ACTIVE_FORMS, vitamin=kg.resolve("magnesium"))) == 0


def test_strings_are_bound_as_literals_never_pasted_into_the_query(kg):
    hostile = '"} ?vitamin ng:hasActiveForm ?form . FILTER(true'
    rows = kg.query("SELECT ?x ?label WHERE { ?x rdfs:label ?label }", label=hostile)
    assert len(rows) == 0
    rows = kg.query("SELECT ?x ?label WHERE { ?x rdfs:label ?label }",
                    label=Literal("magnesium", lang="en"))
    assert [str(r.x) for r in rows] == ["https://w3id.org/nutrigraph/kb/magnesium"]


def test_numbers_bind_as_typed_literals(kg):
    rows = kg.query("SELECT ?x ?n WHERE { ?x ng:reactionCountLowerBound ?n }", n=300)
    assert [str(r.x) for r in rows] == ["https://w3id.org/nutrigraph/kb/magnesium"]


def test_binding_a_variable_that_is_not_selected_is_a_clear_error(kg):
    with pytest.raises(QueryError, match=r"\?vitamin is bound but not selected"):
        kg.query("SELECT ?form WHERE { ?vitamin ng:hasActiveForm ?form }",
                 vitamin=kg.resolve("b12"))


def test_unbindable_values_are_refused(kg):
    with pytest.raises(QueryError, match="cannot bind"):
        kg.query(ACTIVE_FORMS, vitamin=object())


def test_syntax_errors_say_where(kg):
    with pytest.raises(QuerySyntaxError) as caught:
        kg.query("SELECT ?x WHERE {\n  ?x ?p\n}")
    error = caught.value
    assert (error.where, error.line) == ("<inline query>", 3)
    assert str(error).startswith("<inline query>:3:")
    assert "\n" not in str(error)


def test_rows_are_rdflib_terms_and_frames_are_python_values(kg):
    rows = list(kg.query("SELECT ?x ?n WHERE { ?x ng:reactionCountLowerBound ?n }"))
    assert rows[0].x == URIRef("https://w3id.org/nutrigraph/kb/magnesium")
    assert rows[0].n == Literal(300)
    frame = kg.query("SELECT ?x ?n WHERE { ?x ng:reactionCountLowerBound ?n }").to_dataframe()
    assert frame.to_dict("records") == [
        {"x": "https://w3id.org/nutrigraph/kb/magnesium", "n": 300}]


def test_json_is_the_w3c_results_format(kg):
    result = kg.query(ACTIVE_FORMS, vitamin=kg.resolve("b12"))
    document = json.loads(result.serialize("json"))
    assert document["head"]["vars"] == ["form", "vitamin"]
    bindings = document["results"]["bindings"]
    assert {b["form"]["value"] for b in bindings} == B12_FORMS
    assert all(b["form"]["type"] == "uri" for b in bindings)


def test_json_keeps_literal_datatypes_and_languages(kg):
    result = kg.query("SELECT ?n ?l WHERE { ngk:magnesium ng:reactionCountLowerBound ?n ;"
                      " rdfs:label ?l }")
    binding = json.loads(result.serialize("json"))["results"]["bindings"][0]
    assert binding["n"] == {"type": "literal", "value": "300",
                            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert binding["l"] == {"type": "literal", "value": "magnesium", "xml:lang": "en"}


def test_csv_and_table(kg):
    result = kg.query("SELECT ?l WHERE { ngk:magnesium rdfs:label ?l }")
    assert result.serialize("csv").splitlines() == ["l", "magnesium"]
    assert result.serialize("tsv").splitlines() == ["?l", '"magnesium"@en']
    assert result.serialize("table").splitlines() == ["l", "---------", "magnesium", "(1 row)"]


def test_ask_and_construct(kg):
    assert kg.query("ASK { ngk:magnesium ng:cofactorOf ngk:methionine-synthase }")
    assert json.loads(kg.query("ASK { ngk:magnesium a ng:Food }").serialize("json")) == {
        "head": {}, "boolean": False}
    built = kg.query("CONSTRUCT { ?f ng:activeFormOf ngk:vitamin-b12 }"
                     " WHERE { ngk:vitamin-b12 ng:hasActiveForm ?f }")
    assert len(built) == 2
    assert "activeFormOf" in built.serialize()


def test_user_turtle_loads_alongside_into_its_own_graph(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text("@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
                    "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
                    "@prefix ex: <http://example.org/> .\n"
                    "ex:kale ng:providesNutrient ngk:magnesium .\n", encoding="utf-8")
    kg = nutrigraph.load([mine])
    assert mine.resolve().as_uri() in kg.graphs()
    rows = kg.query("SELECT ?food ?n WHERE { ?food ng:providesNutrient ?n }",
                    n=kg.resolve("magnesium"))
    assert "http://example.org/kale" in {str(r.food) for r in rows}


def test_a_bad_file_leaves_the_graph_as_it_was(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> \"x .\n",
                   encoding="utf-8")
    kg = nutrigraph.load()
    before = len(kg)
    with pytest.raises(DataFileError) as caught:
        kg.add_data(good, bad)
    assert (caught.value.path, caught.value.line) == (str(bad), 2)
    assert len(kg) == before


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.ttl", None, "no such file"),
    ("data.xyz", "whatever", "unknown RDF format"),
    ("latin1.ttl", b"<http://e/a> <http://e/b> \"caf\xe9\" .\n", "malformed"),
])
def test_unreadable_files_are_named(tmp_path, name, content, message):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(DataFileError, match=message) as caught:
        nutrigraph.load([path])
    assert str(path) in str(caught.value)


def test_the_rdflib_dataset_is_a_view_of_the_same_store():
    kg = nutrigraph.load()
    ds = kg.dataset
    b12 = URIRef("https://w3id.org/nutrigraph/kb/vitamin-b12")
    has_active_form = URIRef("https://w3id.org/nutrigraph/vocab/hasActiveForm")
    assert {str(o) for o in ds.objects(b12, has_active_form)} == B12_FORMS
    # writing through rdflib is seen by nutrigraph's queries, and by the resolver
    kale = URIRef("http://example.org/kale")
    ds.graph(URIRef("http://example.org/mine")).add(
        (kale, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("kale")))
    assert kg.resolve("Kale").iri == "http://example.org/kale"
