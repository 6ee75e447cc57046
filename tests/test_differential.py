"""The symptom differential and the overlap of two deficiencies, on the bundled graph."""

import json

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph import differential, symptom_overlap
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.cli import cli, main
from nutrigraph.errors import EntityNotFound, NotANutrient, NotASymptom, QueryError

NGK = "https://w3id.org/nutrigraph/kb/"
HP = "http://purl.obolibrary.org/obo/HP_"

# What each deficiency lists (ng:hasSymptom) in the bundled graph: the article's symptom
# table plus Gröber et al. 2015 Table 2 (magnesium) and the NIH ODS B12 fact sheet.
MAGNESIUM_SYMPTOMS = {
    "anxiety", "apathy", "arrhythmia", "constipation", "depression", "fatigue", "hypertension",
    "hypocalcemia", "hypokalemia", "irritability", "lethargy", "loss-of-appetite",
    "memory-problems", "muscle-cramps", "muscle-twitches", "muscle-weakness", "nausea",
    "nerve-damage", "numbness", "paresthesia", "seizures", "tetany", "tremor"}
B12_SYMPTOMS = {
    "confusion", "constipation", "depression", "diarrhea", "fatigue", "irritability",
    "loss-of-appetite", "megaloblastic-anemia", "memory-problems", "mood-changes",
    "muscle-weakness", "nerve-damage", "numbness", "palpitations", "paresthesia",
    "poor-balance", "sore-mouth-or-tongue"}


def local(entities):
    return {e.iri.removeprefix(NGK) for e in entities}


def by_deficiency(result):
    return {c.deficiency.iri.removeprefix(NGK): c for c in result.candidates}


def test_tingling_fatigue_constipation_ranks_b12_before_magnesium(kg):
    result = differential(kg, ["tingling", "fatigue", "constipation"])
    # Each of the three symptoms is listed by both deficiencies: specificity 1/2.
    # B12:       paresthesia, fatigue, constipation all by NIH ODS (authoritative review,
    #            rank 2, weight 1/2): 3 x 1/2 x 1/2 = 0.75
    # magnesium: paresthesia and constipation by Gröber 2015 (rank 2): 2 x 1/2 x 1/2 = 0.5,
    #            fatigue only by the article (article claim, rank 4): 1/4 x 1/2 = 0.125
    #            -> 0.625
    assert [(c.deficiency.iri, c.score) for c in result.candidates] == [
        (NGK + "vitamin-b12-deficiency", 0.75), (NGK + "magnesium-deficiency", 0.625)]
    b12, magnesium = result.candidates
    assert local(result.symptoms) == {"paresthesia", "fatigue", "constipation"}
    for candidate in (b12, magnesium):
        assert [(m.name, m.symptom.iri.removeprefix(NGK), m.how) for m in candidate.matched] == [
            ("tingling", "paresthesia", "same"), ("fatigue", "fatigue", "same"),
            ("constipation", "constipation", "same")]
        assert candidate.unmatched == ()
    assert [m.contribution for m in magnesium.matched] == [0.25, 0.125, 0.25]
    assert local(b12.other_symptoms) == B12_SYMPTOMS - {"paresthesia", "fatigue", "constipation"}
    assert local(magnesium.other_symptoms) == MAGNESIUM_SYMPTOMS - {
        "paresthesia", "fatigue", "constipation"}
    assert [n.iri for n in b12.nutrients] == [NGK + "vitamin-b12"]
    assert [n.iri for n in magnesium.nutrients] == [NGK + "magnesium"]


def test_each_match_carries_the_statements_with_levels_and_sources(kg):
    magnesium = by_deficiency(differential(kg, ["fatigue", "tingling"]))["magnesium-deficiency"]
    fatigue, tingling = magnesium.matched
    # only the article says that magnesium deficiency causes fatigue
    assert {(e.level_label, tuple(s.label for s in e.sources)) for e in fatigue.evidence} == {
        ("article claim", ("article on magnesium and vitamin B12",))}
    assert fatigue.weight == 0.25
    # the strongest statement comes first: Gröber et al. Table 2, then the article
    assert [e.level_label for e in tingling.evidence] == ["authoritative review", "article claim"]
    assert tingling.evidence[0].sources[0].iri == NGK + "grober-2015"
    assert [s.label for s in tingling.evidence[0].sections] == ["Table 2"]
    assert tingling.evidence[0].statement.startswith(NGK + "stmt-")


def test_symptoms_asked_that_a_deficiency_does_not_explain(kg):
    result = differential(kg, ["cramps", "confusion"])
    # muscle cramps: only magnesium (Gröber, rank 2) -> 1/2 x 1/1 = 0.5
    # confusion: only B12 (NIH ODS, rank 2) -> 0.5; equal scores and counts: by label
    assert [(c.deficiency.label, c.score) for c in result.candidates] == [
        ("magnesium deficiency", 0.5), ("vitamin B12 deficiency", 0.5)]
    magnesium, b12 = result.candidates
    assert local(m.symptom for m in magnesium.matched) == {"muscle-cramps"}
    assert local(magnesium.unmatched) == {"confusion"}
    assert local(m.symptom for m in b12.matched) == {"confusion"}
    assert local(b12.unmatched) == {"muscle-cramps"}


def test_a_deficiency_that_explains_nothing_is_left_out(kg):
    result = differential(kg, ["tremor"])
    assert [c.deficiency.iri for c in result.candidates] == [NGK + "magnesium-deficiency"]


def test_a_more_specific_hpo_term_matches_through_the_hierarchy(kg):
    # hpo-subset.trig: HP:0001962 Palpitations rdfs:subClassOf HP:0011675 Arrhythmia;
    # identifiers.trig maps ngk:palpitations to the first and ngk:arrhythmia to the second.
    # "Skipped heart beat" is an HPO synonym of Palpitations.
    result = differential(kg, ["skipped heart beat"])
    # B12 lists palpitations (article claim, 1/4) and is the only one: 1/4 x 1 = 0.25
    # magnesium lists arrhythmia (Gröber, 1/2), only one: 1/2 x 1 x 0.5 (hierarchy) = 0.25
    # equal scores and counts; B12 explains it as such, so it comes first
    assert [(c.deficiency.label, c.score) for c in result.candidates] == [
        ("vitamin B12 deficiency", 0.25), ("magnesium deficiency", 0.25)]
    b12, magnesium = (c.matched[0] for c in result.candidates)
    assert (b12.how, b12.symptom.iri, b12.factor) == ("same", NGK + "palpitations", 1.0)
    assert (magnesium.how, magnesium.symptom.iri) == ("hierarchy", NGK + "arrhythmia")
    assert (magnesium.weight, magnesium.specificity, magnesium.factor) == (0.5, 1.0, 0.5)
    assert local(by_deficiency(result)["magnesium-deficiency"].other_symptoms) == (
        MAGNESIUM_SYMPTOMS - {"arrhythmia"})
    without = differential(kg, ["skipped heart beat"], hierarchy=False)
    assert [c.deficiency.label for c in without.candidates] == ["vitamin B12 deficiency"]


def test_a_term_nothing_maps_to_matches_through_its_hpo_parent(tmp_path):
    mine = tmp_path / "mine.ttl"
    mine.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/fizzy-toes> a ng:Symptom ; rdfs:label \"fizzy toes\"@en ;\n"
        f"  rdfs:subClassOf <{HP}0003401> .\n", encoding="utf-8")
    result = differential(nutrigraph.load([mine]), ["fizzy toes"])
    # HP:0003401 is paresthesia's term, listed by both (authoritative review):
    # 1/2 x 1/2 x 0.5 = 0.125 each
    assert sorted((c.deficiency.label, c.score) for c in result.candidates) == [
        ("magnesium deficiency", 0.125), ("vitamin B12 deficiency", 0.125)]
    assert {(m.how, m.symptom.iri) for c in result.candidates for m in c.matched} == {
        ("hierarchy", NGK + "paresthesia")}


def test_a_negated_statement_is_no_evidence(tmp_path):
    # a (made-up) source that denies, with experimental evidence, what the article claims
    mine = tmp_path / "denial.ttl"
    mine.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "<http://example.org/denial> a ng:Statement ; rdf:subject ngk:magnesium-deficiency ;\n"
        "  rdf:predicate ng:hasSymptom ; rdf:object ngk:fatigue ; ng:negated true ;\n"
        "  ng:evidenceLevel ng:Experimental .\n", encoding="utf-8")
    result = differential(nutrigraph.load([mine]), ["fatigue"])
    fatigue = by_deficiency(result)["magnesium-deficiency"].matched[0]
    assert fatigue.weight == 0.25  # still the article's claim, not experimental
    assert "http://example.org/denial" not in {e.statement for e in fatigue.evidence}


def test_a_symptom_named_twice_counts_once(kg):
    twice = differential(kg, ["tingling", "pins and needles", "HP:0003401"])
    assert local(twice.symptoms) == {"paresthesia"}
    assert twice.names == ("tingling",)
    assert [c.score for c in twice.candidates] == [0.25, 0.25]


def test_unknown_name_raises_with_suggestions_and_nothing_is_ranked(kg):
    with pytest.raises(EntityNotFound) as caught:
        differential(kg, ["tingling", "fatige"])
    assert caught.value.name == "fatige"
    assert "fatigue" in [s.casefold() for s in caught.value.suggestions]


def test_a_name_that_is_no_symptom_raises(kg):
    with pytest.raises(NotASymptom, match=r"'spinach' is spinach \(ngk:spinach\), not a symptom"):
        differential(kg, ["fatigue", "spinach"])
    with pytest.raises(QueryError, match="at least one symptom"):
        differential(kg, [])


@pytest.mark.parametrize(("argv", "expected"), [
    (["differential", "tingling", "fatige"], "no entity named 'fatige'; did you mean: fatigue"),
    (["differential", "spinach"], "'spinach' is spinach (ngk:spinach), not a symptom"),
    (["differential"], "Missing argument 'SYMPTOM...'"),
    (["overlap", "magnesium", "spinach"], "not a nutrient with a deficiency condition"),
    (["overlap", "magnesum", "B12"], "no entity named 'magnesum'; did you mean: magnesium"),
])
def test_bad_input_is_one_line_and_exit_code_2(capsys, argv, expected):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("nutrigraph: error: ")
    assert expected.casefold() in lines[0].casefold()  # suggestions are shown as written


def test_text_report_shows_evidence_and_ends_with_the_notice(kg):
    text = differential(kg, ["tingling", "fatigue", "constipation"]).text()
    assert text.splitlines()[-1] == NOT_ADVICE
    assert "does not diagnose" in NOT_ADVICE and "not medical advice" in NOT_ADVICE
    assert "1. vitamin B12 deficiency (nutrient: vitamin B12)  score 0.750" in text
    assert "2. magnesium deficiency (nutrient: magnesium)  score 0.625" in text
    assert "explains tingling (paresthesia): 0.250" in text
    assert "authoritative review: Gröber, Schmidt & Kisters, Nutrients 2015 (Table 2)" in text


def test_differential_json_through_the_command_line():
    result = CliRunner().invoke(cli, ["differential", "tingling", "fatigue", "constipation",
                                      "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"symptoms", "candidates", "score", "notice"}
    assert document["symptoms"][0] == {"name": "tingling", "iri": NGK + "paresthesia",
                                       "curie": "ngk:paresthesia", "label": "paresthesia"}
    first, second = document["candidates"]
    assert (first["deficiency"]["label"], first["score"]) == ("vitamin B12 deficiency", 0.75)
    assert (second["deficiency"]["label"], second["score"]) == ("magnesium deficiency", 0.625)
    assert set(first) == {"deficiency", "nutrients", "score", "matched", "unmatched",
                          "other_symptoms"}
    match = first["matched"][0]
    assert (match["how"], match["symptom"]["iri"]) == ("same", NGK + "paresthesia")
    assert {e["level_label"] for e in match["evidence"]} == {"authoritative review",
                                                             "article claim"}
    assert all(e["sources"] and e["sections"] for e in match["evidence"])


def test_overlap_of_magnesium_and_b12(kg):
    overlap = symptom_overlap(kg, "magnesium", "B12")
    shared = MAGNESIUM_SYMPTOMS & B12_SYMPTOMS
    assert shared == {"constipation", "depression", "fatigue", "irritability",
                      "loss-of-appetite", "memory-problems", "muscle-weakness", "nerve-damage",
                      "numbness", "paresthesia"}
    assert [s.symptom.iri.removeprefix(NGK) for s in overlap.shared] == sorted(shared)
    assert local(s.symptom for s in overlap.only_first) == MAGNESIUM_SYMPTOMS - B12_SYMPTOMS
    assert local(s.symptom for s in overlap.only_second) == B12_SYMPTOMS - MAGNESIUM_SYMPTOMS
    # vitamin B12 has two deficiency conditions; only one lists symptoms
    assert local(overlap.second_deficiencies) == {"vitamin-b12-deficiency",
                                                  "functional-b12-deficiency"}
    numbness = next(s for s in overlap.shared if s.symptom.iri == NGK + "numbness")
    assert numbness.body_systems == ("nervous system",)
    assert {e.level_label for e in numbness.first} == {"article claim"}
    assert {e.level_label for e in numbness.second} == {"article claim", "authoritative review"}
    assert {s.iri for s in numbness.sources} == {NGK + "article-magnesium-b12",
                                                 NGK + "ods-vitamin-b12"}
    tremor = next(s for s in overlap.only_first if s.symptom.iri == NGK + "tremor")
    assert tremor.second == () and tremor.body_systems == ()  # Gröber gives no body system
    assert overlap.text().splitlines()[-1] == NOT_ADVICE


def test_overlap_takes_deficiency_conditions_too(kg):
    by_nutrient = symptom_overlap(kg, "magnesium", "B12").to_dict()
    by_condition = symptom_overlap(kg, "magnesium deficiency", "vitamin B12 deficiency").to_dict()
    assert by_condition["shared"] == by_nutrient["shared"]
    with pytest.raises(NotANutrient):
        symptom_overlap(kg, "magnesium", "methylcobalamin")


def test_overlap_json_through_the_command_line():
    result = CliRunner().invoke(cli, ["overlap", "magnesium", "B12", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [s["symptom"]["label"] for s in document["shared"]][:3] == [
        "constipation", "depression", "fatigue"]
    assert len(document["only_first"]) == 13 and len(document["only_second"]) == 7
