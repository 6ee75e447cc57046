"""SHACL validation: the shapes, the grouped report, `nutrigraph validate` and `query --data`."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

import nutrigraph
from nutrigraph.bundled import ONTOLOGY_DIR, bundled_files
from nutrigraph.cli import cli, main
from nutrigraph.errors import DataFileError, DataValidationError
from nutrigraph.validate import SHAPES_FILE, validate

pytestmark = pytest.mark.slow  # pySHACL takes half a second to seconds a check

DATA = Path(__file__).parent / "data"
GOOD, BAD = DATA / "good.ttl", DATA / "bad.ttl"

PREFIXES = """
@prefix ng: <https://w3id.org/nutrigraph/vocab/> .
@prefix ngk: <https://w3id.org/nutrigraph/kb/> .
@prefix ex: <http://example.org/mine/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""

# What tests/data/bad.ttl breaks, on purpose: (severity, shape) -> number of results.
BAD_FILE_GROUPS = {
    ("Violation", "ngsh:Statement-source"): 1,          # 1. a statement with no source
    ("Violation", "ngsh:Entity-label"): 2,              # 2. two symptoms without a label
    ("Warning", "ngsh:Entity-definition"): 2,           #    ... nor a definition
    ("Violation", "ngsh:hasActiveForm-range"): 1,       # 3. spinach as B12's active form
    ("Violation", "ngsh:DeclaredTermShape"): 1,         # 4. ng:hasSymtom
    ("Violation", "ngsh:Entity-english-label"): 1,      # 5. two English labels
    ("Warning", "ngsh:SourcedRelationShape"): 1,        #    ... and a relation with no statement
    ("Violation", "ngsh:evidenceLevel-range"): 1,       # 6. an evidence level that is not one
    ("Violation", "ngsh:negated-range"): 1,             #    ... and ng:negated "no"
    ("Violation", "ngsh:StatedTripleShape"): 1,         # 7. a statement whose triple is missing
    ("Violation", "ngsh:amount-range"): 1,              # 8. ng:amount "plenty"
    ("Violation", "ngsh:IntakeReference-unit"): 1,      #    ... and no unit
    ("Violation", "ngsh:SourceSection-source"): 1,      # 9. a section of no source
}


@pytest.fixture(scope="module")
def bad_report():
    return validate(BAD)


def write(tmp_path, name, turtle):
    path = tmp_path / name
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    return path


# -- the shapes ----------------------------------------------------------------------


def test_the_bundled_graph_conforms(kg):
    report = validate(kg)
    assert report.conforms, report.text()
    assert report.violations == []
    assert report.checked == ["the knowledge graph"]


def test_shapes_ship_in_the_ontology_folder_but_are_not_loaded_as_knowledge():
    assert SHAPES_FILE == ONTOLOGY_DIR / "shapes.ttl"
    assert SHAPES_FILE.is_file()
    assert SHAPES_FILE not in bundled_files()


def test_every_range_in_the_schema_has_a_shape_that_checks_it():
    schema = rdflib.Graph().parse(ONTOLOGY_DIR / "nutrigraph.ttl")
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    xsd = rdflib.XSD
    missing = []
    for prop, range_ in schema.subject_objects(rdflib.RDFS.range):
        shape = next((s for s in shapes.subjects(sh.targetSubjectsOf, prop)
                      if (s, sh.path, prop) in shapes), None)
        if shape is None:
            missing.append((prop, "no shape"))
            continue
        checks = set(shapes.objects(shape, sh["class"])) | set(shapes.objects(shape, sh.datatype))
        for alternatives in shapes.objects(shape, sh["or"]):
            for option in rdflib.collection.Collection(shapes, alternatives):
                checks |= set(shapes.objects(option, sh.datatype))
        if range_ not in checks:
            missing.append((prop, range_))
        # a number may be written as an integer; text may carry a language tag
        assert checks <= {range_, xsd.integer, rdflib.RDF.langString}, (prop, checks)
    assert missing == []


def test_every_check_says_what_is_wrong_in_words():
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    checks = (set(shapes.objects(None, sh.property))
              | set(shapes.subjects(rdflib.RDF.type, sh.PropertyShape))
              | set(shapes.objects(None, sh.sparql))
              | set(shapes.subjects(sh["or"], None)) - set(shapes.subjects(sh.path, None)))
    assert len(checks) > 80
    assert [c for c in checks if (c, sh.message, None) not in shapes] == []


# -- the user's files ----------------------------------------------------------------


def test_a_good_file_conforms_with_no_warning():
    report = validate(GOOD)
    assert report.conforms
    assert report.results == []
    assert report.checked == [str(GOOD)]


def test_a_bad_file_yields_the_expected_problems_grouped_by_shape(bad_report):
    groups = Counter((r.severity, r.shape) for r in bad_report.results)
    assert dict(groups) == BAD_FILE_GROUPS
    assert not bad_report.conforms
    assert len(bad_report.violations) == 12
    assert len(bad_report.warnings) == 3
    assert all(r.source == str(BAD) for r in bad_report.results)


def test_results_name_focus_path_and_value_as_curies(bad_report):
    [food_form] = [r for r in bad_report.results if r.shape == "ngsh:hasActiveForm-range"]
    assert (food_form.focus, food_form.path, food_form.value) == (
        "ngk:vitamin-b12", "ng:hasActiveForm", "ngk:spinach")
    assert food_form.constraint == "Class"
    assert "ng:ActiveForm" in food_form.message
    [typo] = [r for r in bad_report.results if r.shape == "ngsh:DeclaredTermShape"]
    assert (typo.focus, typo.value) == ("ngk:vitamin-b12-deficiency", "ng:hasSymtom")
    [amount] = [r for r in bad_report.results if r.shape == "ngsh:amount-range"]
    assert amount.value == '"plenty"'
    [unsourced] = [r for r in bad_report.results if r.shape == "ngsh:Statement-source"]
    assert unsourced.focus == "http://example.org/mine/stmt-unsourced"
    assert unsourced.path == "prov:wasDerivedFrom"


def test_problems_of_the_bundled_graph_are_not_blamed_on_the_file(bad_report):
    # bad.ttl adds to bundled nodes (ngk:vitamin-b12 ...); only what the file describes counts
    focus = {r.focus for r in bad_report.results}
    assert focus <= {"ngk:vitamin-b12", "ngk:vitamin-b12-deficiency", "ngk:magnesium"} | {
        f for f in focus if f.startswith("http://example.org/mine/")}


def test_the_text_report_groups_with_counts_and_a_few_examples(tmp_path):
    many = write(tmp_path, "many.ttl", "".join(
        f"ex:symptom-{i} a ng:Symptom ; skos:definition \"Symptom number {i}.\"@en .\n"
        for i in range(7)))
    text = validate(many).text()
    lines = text.splitlines()
    assert lines[0] == (f"{many}: does not conform to nutrigraph's shapes "
                        "(7 violations, 0 warnings in 1 group)")
    assert lines[2] == "Violation  ngsh:Entity-label  (MinCount on rdfs:label): 7 results"
    assert lines[3].strip().startswith("An entity needs an rdfs:label")
    examples = [line for line in lines if line.startswith("    http://example.org/mine/")]
    assert len(examples) == 3
    assert lines[-1] == "    ... and 4 more"


def test_violations_come_before_warnings_in_the_text(bad_report):
    headers = [line for line in bad_report.text().splitlines()
               if line.startswith(("Violation", "Warning"))]
    assert len(headers) == len(BAD_FILE_GROUPS)
    severities = [h.split()[0] for h in headers]
    assert severities == sorted(severities, key=["Violation", "Warning"].index)


def test_warnings_alone_conform(tmp_path):
    vague = write(tmp_path, "vague.ttl", 'ex:thing a ng:Food ; rdfs:label "thing"@en .\n')
    report = validate(vague)
    assert report.conforms
    assert [(r.shape, r.focus) for r in report.warnings] == [
        ("ngsh:Entity-definition", "http://example.org/mine/thing")]


def test_relations_need_statements_unless_a_dataset_or_the_node_itself_is_cited(tmp_path):
    body = """
        ex:food a ng:Food ; rdfs:label "a food"@en ; skos:definition "A food."@en ;
            ng:inFoodGroup ex:group .
        ex:group a ng:FoodGroup ; rdfs:label "a group"@en ; skos:definition "A group."@en .
    """
    unsourced = write(tmp_path, "unsourced.ttl", body)
    [warning] = validate(unsourced).results
    assert (warning.severity, warning.shape, warning.focus, warning.path, warning.value) == (
        "Warning", "ngsh:SourcedRelationShape", "http://example.org/mine/food",
        "ng:inFoodGroup", "http://example.org/mine/group")
    # the same triples in a graph that says it is a whole dataset: cited once, by the graph
    dataset = tmp_path / "dataset.trig"
    dataset.write_text(PREFIXES + """
        @prefix prov: <http://www.w3.org/ns/prov#> .
        ex:table a ng:Dataset ; rdfs:label "a food table"@en .
        ex:graph { ex:graph prov:wasDerivedFrom ex:table . """ + body + "}\n",
                       encoding="utf-8")
    assert validate(dataset).results == []


def test_a_second_english_label_on_a_bundled_entity_is_the_file_s_problem(tmp_path):
    extra = write(tmp_path, "extra.ttl", 'ngk:magnesium rdfs:label "Mg"@en .\n')
    [result] = validate(extra).results
    assert (result.shape, result.focus, result.source) == (
        "ngsh:Entity-english-label", "ngk:magnesium", str(extra))


def test_subclasses_count_for_sh_class(tmp_path):
    # a ng:JournalArticle is an ng:Article is an ng:Source, through the schema only
    ok = write(tmp_path, "paper.ttl", """
        ex:paper a ng:JournalArticle ; rdfs:label "a paper"@en .
        ex:paper.table-2 a ng:SourceSection ; rdfs:label "Table 2"@en ;
            <http://purl.org/dc/terms/isPartOf> ex:paper .
        """)
    assert validate(ok).results == []


def test_validating_a_graph_names_the_files_of_its_problems():
    kg = nutrigraph.load([BAD])
    report = validate(kg)
    from_file = [r for r in report.results if r.source == str(BAD.resolve())]
    assert dict(Counter((r.severity, r.shape) for r in from_file)) == BAD_FILE_GROUPS
    # the rest are the bundled graph's warnings, if any, each named by its file
    others = [r for r in report.results if r not in from_file]
    assert all(r.severity == "Warning" and r.source.endswith((".trig", ".ttl")) for r in others)


def test_a_missing_or_malformed_file_is_a_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="no such file"):
        validate(tmp_path / "nope.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("ex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"broken\.ttl:1:"):
        validate(broken)


def test_own_shapes_can_replace_the_bundled_ones(tmp_path):
    shapes = tmp_path / "mine.shacl.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ng: <https://w3id.org/nutrigraph/vocab/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://example.org/shapes/FoodSynonym> a sh:NodeShape ;
            sh:targetClass ng:Food ;
            sh:property [ sh:path skos:altLabel ; sh:minCount 1 ;
                          sh:message "Give every food a synonym." ] .
        """, encoding="utf-8")
    report = validate(GOOD, shapes=shapes)
    assert [(r.shape, r.focus, r.message) for r in report.results] == [
        ("http://example.org/shapes/FoodSynonym", "http://example.org/mine/spinach-boiled",
         "Give every food a synonym.")]
    broken = tmp_path / "broken.shacl.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot read the shapes"):
        validate(GOOD, shapes=broken)


def test_json_report_has_groups_and_every_result(bad_report):
    document = json.loads(bad_report.to_json())
    assert document["conforms"] is False
    assert (document["violations"], document["warnings"]) == (12, 3)
    assert len(document["results"]) == 15
    groups = {(g["severity"], g["shape"]): g["count"] for g in document["groups"]}
    assert groups == BAD_FILE_GROUPS


# -- load(validate=True) -----------------------------------------------------------------


def test_load_refuses_a_file_that_breaks_the_shapes():
    with pytest.raises(DataValidationError) as caught:
        nutrigraph.load([BAD], validate=True)
    assert caught.value.report.violations
    assert str(caught.value).startswith(f"{BAD}: 12 violations of nutrigraph's shapes")


def test_load_takes_a_good_file_and_by_default_does_not_check():
    kg = nutrigraph.load([GOOD], validate=True)
    assert kg.query("ASK { <http://example.org/mine/spinach-boiled> ng:providesNutrient "
                    "ngk:magnesium }")
    unchecked = nutrigraph.load([BAD])
    assert unchecked.query("ASK { ngk:vitamin-b12 ng:hasActiveForm ngk:spinach }")


# -- the command line ----------------------------------------------------------------


def test_validate_command_on_the_bundled_graph_exits_0():
    result = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("the bundled graph: conforms to nutrigraph's shapes")


def test_validate_command_on_a_bad_file_exits_1_with_the_grouped_report():
    result = CliRunner().invoke(cli, ["validate", str(BAD)], catch_exceptions=False)
    assert result.exit_code == 1
    out = result.stdout
    assert out.startswith(f"{BAD}: does not conform to nutrigraph's shapes "
                          "(12 violations, 3 warnings in 13 groups)")
    assert "Violation  ngsh:Entity-label  (MinCount on rdfs:label): 2 results" in out
    assert "ngk:vitamin-b12  → ngk:spinach" in out


def test_validate_command_exit_codes_through_main(capsys, tmp_path):
    assert main(["validate", str(GOOD)]) == 0
    assert main(["validate", str(BAD)]) == 1
    vague = write(tmp_path, "vague.ttl", 'ex:thing a ng:Food ; rdfs:label "thing"@en .\n')
    assert main(["validate", str(vague)]) == 0  # warnings alone
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"nutrigraph: error: {tmp_path / 'missing.ttl'}: no such file"]


def test_validate_command_json():
    result = CliRunner().invoke(cli, ["validate", str(BAD), "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["checked"] == [str(BAD)]
    assert sum(g["count"] for g in document["groups"]) == 15


def test_adding_a_bad_file_to_a_store_reports_it_and_writes_nothing(capsys, tmp_path):
    store = tmp_path / "store"
    assert main(["add", "--store", str(store), str(BAD)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "ngsh:hasActiveForm-range" in captured.err
    assert "Violation  ngsh:Entity-label  (MinCount on rdfs:label): 2 results" in captured.err
    last = captured.err.splitlines()[-1]
    assert last == (f"nutrigraph: error: {BAD}: 12 violations of nutrigraph's shapes; "
                    "nothing was loaded (nutrigraph validate shows them)")
    # checked before the store was even made
    assert not store.exists()


def test_a_good_file_added_to_a_store_is_there_for_good(capsys, tmp_path):
    store = tmp_path / "store"
    assert main(["add", "--store", str(store), str(GOOD)]) == 0
    assert main(["query", "--store", str(store), "--format", "csv",
                 "SELECT ?food WHERE { ?food ng:providesNutrient ngk:magnesium }"]) == 0
    assert "http://example.org/mine/spinach-boiled" in capsys.readouterr().out
    # a reader's --data is for that command only, and never written into a store
    assert main(["query", "--store", str(store), "--data", str(GOOD), "ASK {}"]) == 2
    assert capsys.readouterr().err.startswith("nutrigraph: error: --data cannot be used with "
                                              "--store")


def test_query_with_a_good_data_file_answers_from_it(capsys):
    assert main(["query", "--data", str(GOOD), "--format", "csv",
                 "SELECT ?food WHERE { ?food ng:providesNutrient ngk:magnesium }"]) == 0
    captured = capsys.readouterr()
    assert "http://example.org/mine/spinach-boiled" in captured.out
    assert "https://w3id.org/nutrigraph/kb/almonds" in captured.out


def test_query_no_validate_loads_the_file_as_it_is(capsys):
    assert main(["query", "--data", str(BAD), "--no-validate", "--format", "csv",
                 "SELECT ?form WHERE { ngk:vitamin-b12 ng:hasActiveForm ?form }"]) == 0
    assert "https://w3id.org/nutrigraph/kb/spinach" in capsys.readouterr().out


def test_the_query_path_without_data_imports_neither_pyshacl_nor_owlrl():
    code = ("import sys; from nutrigraph.cli import main; "
            "main(['query', '--name', 'foods', '--format', 'csv']); "
            "print(sorted(m for m in ('pyshacl', 'owlrl', 'rdflib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[-1] == "[]"


