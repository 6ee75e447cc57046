"""Inherited disorders in the differential, the named query and the symptom matrix (issue 14),
on the bundled graph plus the test fixture copied from HPO's annotation rows."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph import differential
from nutrigraph.advice import NOT_ADVICE
from nutrigraph.analysis.symptoms import InheritedTable
from nutrigraph.cli import cli, main

FIXTURE = Path(__file__).resolve().parent / "data" / "inherited-disorders-fixture.trig"
OMIM = "http://purl.obolibrary.org/obo/OMIM_"
ORPHA = "http://www.orpha.net/ORDO/Orphanet_"
HP = "http://purl.obolibrary.org/obo/HP_"
NGK = "https://w3id.org/nutrigraph/kb/"


@pytest.fixture(scope="module")
def fixture_kg():
    """The bundled graph with the fixture's disorders; tests must not change it."""
    return nutrigraph.load([FIXTURE])


def invoke(*argv):
    return CliRunner().invoke(cli, [*argv, "--data", str(FIXTURE)], catch_exceptions=False)


# -- the differential ---------------------------------------------------------------------

def test_the_trpm6_disorder_ranks_first_only_when_asked_for(fixture_kg):
    asked = differential(fixture_kg, ["seizures", "muscle cramps"], inherited=True)
    ranked = [(c.disorder.iri, round(c.score, 4)) for c in asked.inherited]
    # seizure: experimental (PCS) 1 x 1/2 (two disorders have it); muscle spasm: IEA 1/3 x 1/1
    assert ranked == [(OMIM + "602014", 0.8333), (OMIM + "251000", 0.5)]
    assert [g.label for g in asked.inherited[0].genes] == ["TRPM6"]
    plain = differential(fixture_kg, ["seizures", "muscle cramps"])
    assert plain.inherited is None
    assert all("OMIM" not in c.deficiency.iri for c in plain.candidates)
    # the deficiencies are ranked as without the disorders
    assert [(c.deficiency.label, c.score) for c in asked.candidates] == [
        (c.deficiency.label, c.score) for c in plain.candidates]


def test_each_match_shows_frequency_evidence_code_and_reference(fixture_kg):
    first = differential(fixture_kg, ["seizures", "muscle cramps"], inherited=True).inherited[0]
    seizure, spasm = first.matched
    assert (seizure.symptom.iri, seizure.how, seizure.weight) == (HP + "0001250", "same", 1.0)
    (annotation,) = seizure.evidence
    assert (annotation.frequency, annotation.code, annotation.level_label) == (
        "2/5", "PCS", "experimental")
    assert "PMID:12032570" in {s.label for s in annotation.sections}
    assert (spasm.symptom.iri, spasm.evidence[0].code, spasm.evidence[0].frequency) == (
        HP + "0003394", "IEA", None)
    assert spasm.evidence[0].level_label == "electronic annotation"


def test_a_frequency_term_is_shown_by_its_label(fixture_kg):
    table = InheritedTable(fixture_kg)
    (annotation,) = table.phenotypes[OMIM + "251000"][HP + "0011695"]
    assert (annotation.frequency, annotation.code) == ("Occasional", "TAS")


def test_a_not_annotation_never_counts(fixture_kg):
    result = differential(fixture_kg, ["seizures"], inherited=True)
    assert ORPHA + "289176" not in {c.disorder.iri for c in result.inherited}
    # specificity among the disorders that have it: 2, not the 3 that name it
    assert {c.matched[0].specificity for c in result.inherited} == {0.5}
    table = InheritedTable(fixture_kg)
    assert table.phenotypes[ORPHA + "289176"] == {}
    (negated,) = table.absent[ORPHA + "289176"][HP + "0001250"]
    assert negated.negated and negated.code == "TAS"
    assert table.listing()[HP + "0001250"] == 2


def test_the_default_output_does_not_change(kg, fixture_kg):
    symptoms = ["tingling", "fatigue", "constipation"]
    assert differential(fixture_kg, symptoms).text() == differential(kg, symptoms).text()
    assert differential(fixture_kg, symptoms).to_dict() == differential(kg, symptoms).to_dict()
    assert "inherited" not in differential(kg, symptoms).to_dict()


def test_the_report_labels_them_as_rare_genetic_conditions(fixture_kg):
    result = differential(fixture_kg, ["seizures", "muscle cramps"], inherited=True)
    text = result.text()
    assert text.splitlines()[-1] == NOT_ADVICE
    assert "Rare genetic conditions" in text and "not dietary deficiencies" in text
    assert "1. Hypomagnesemia 1, intestinal (OMIM:602014; gene: TRPM6)  score 0.833" in text
    assert "experimental (PCS), frequency 2/5:" in text and "PMID:12032570" in text
    assert "0.333 = 1/3 (electronic annotation) x 1/1" in text
    html = result._repr_html_()
    assert "Rare genetic conditions" in html and "2/5" in html and "does not diagnose" in html
    document = result.to_dict()
    assert document["inherited"]["kind"].startswith("Rare genetic conditions")
    first = document["inherited"]["candidates"][0]
    assert first["disorder"]["curie"] == "OMIM:602014"
    evidence = first["matched"][0]["evidence"][0]
    assert (evidence["frequency"], evidence["evidence_code"], evidence["negated"]) == (
        "2/5", "PCS", False)
    assert "does not diagnose" in document["notice"]


def test_differential_inherited_through_the_command_line():
    result = invoke("differential", "seizures", "muscle cramps", "--inherited",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [c["disorder"]["curie"] for c in document["inherited"]["candidates"]] == [
        "OMIM:602014", "OMIM:251000"]
    text = invoke("differential", "seizures", "--inherited")
    assert text.exit_code == 0 and "Rare genetic conditions" in text.stdout
    plain = invoke("differential", "seizures")
    assert plain.exit_code == 0 and "Rare genetic" not in plain.stdout


def test_a_bad_symptom_with_inherited_is_exit_code_2(capsys):
    assert main(["differential", "seizures", "fatige", "--inherited",
                 "--data", str(FIXTURE)]) == 2
    assert "no entity named 'fatige'" in capsys.readouterr().err


# -- the named query ----------------------------------------------------------------------

def test_the_query_finds_the_trpm6_disorder_for_magnesium_deficiencys_seizures(fixture_kg):
    rows = fixture_kg.named_query("inherited-disorders-sharing-symptoms",
                                  nutrient="magnesium").rows()
    seizures = [r for r in rows if r["symptom"] == "seizures"]
    assert [(r["disorder"], r["genes"], r["frequency"], r["evidenceLevel"], r["evidenceCode"])
            for r in seizures] == [
        (OMIM + "602014", "TRPM6", "2/5", "experimental", "PCS")]
    assert "PMID:12032570" in seizures[0]["source"]
    # in magnesium's pathways through its phenotype Hypomagnesemia (closeMatch of the deficiency)
    assert "Hypomagnesemia" in seizures[0]["pathway"]
    # the MMUT disorder has seizures too, but it is not of magnesium's pathways
    assert OMIM + "251000" not in {r["disorder"] for r in rows}
    # muscle cramps is HP:0003394 by skos:exactMatch; nerve damage is only a closeMatch
    assert {r["symptom"] for r in rows} == {"hypocalcemia", "muscle cramps", "seizures",
                                            "tetany"}


def test_the_query_finds_the_mmut_disorder_through_its_enzymes_cofactor(fixture_kg):
    rows = fixture_kg.named_query("inherited-disorders-sharing-symptoms",
                                  nutrient="vitamin B12").rows()
    found = {(r["symptom"], r["disorder"], r["frequency"]) for r in rows}
    assert found == {("diarrhea", OMIM + "251000", "47/266"),
                     ("muscle weakness", OMIM + "251000", "63/266")}
    assert all("MMUT encodes methylmalonyl-CoA mutase, whose cofactor is adenosylcobalamin"
               in r["pathway"] for r in rows)


def test_the_query_leaves_out_not_annotations(fixture_kg, tmp_path):
    # a made-up gene that encodes MAT1A (magnesium is its cofactor) and is associated with
    # the fixture's ORPHA:289176, whose only seizure and muscle weakness rows are NOT rows
    mine = tmp_path / "link.ttl"
    mine.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/gene> a ng:Gene ; rdfs:label \"EXAMPLE\"@en ;\n"
        "  ng:encodes ngk:methionine-adenosyltransferase-1a ;\n"
        f"  ng:geneAssociatedWith <{ORPHA}289176> .\n", encoding="utf-8")
    kg = nutrigraph.load([FIXTURE, mine])
    rows = kg.named_query("inherited-disorders-sharing-symptoms", nutrient="magnesium").rows()
    assert ORPHA + "289176" not in {r["disorder"] for r in rows}


def test_the_query_through_the_command_line():
    result = invoke("query", "--name", "inherited-disorders-sharing-symptoms",
                    "-p", "nutrient=magnesium", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Hypomagnesemia 1, intestinal" in result.stdout and "2/5" in result.stdout
    listed = CliRunner().invoke(cli, ["query", "--list"])
    assert "inherited-disorders-sharing-symptoms" in listed.stdout


# -- the symptom matrix -------------------------------------------------------------------

def matrix_cell(matrix, symptom_label, condition):
    symptom = next(s for s in matrix.symptoms if s.label == symptom_label)
    return matrix.cell(symptom.iri, condition)


def test_the_matrix_cell_of_seizures_and_the_trpm6_disorder_says_2_of_5(fixture_kg):
    from nutrigraph.plot import symptom_matrix_data

    matrix = symptom_matrix_data(fixture_kg)
    labels = [c.label for c in matrix.conditions]
    assert labels == ["magnesium deficiency", "vitamin B12 deficiency",
                      "Hypomagnesemia 1, intestinal", "Methylmalonic aciduria, mut type"]
    assert matrix.inherited == {OMIM + "602014", OMIM + "251000"}
    seizure = matrix_cell(matrix, "seizures", OMIM + "602014")
    assert (seizure.present, seizure.frequency, seizure.text, seizure.level, seizure.code) == (
        True, "2/5", "2/5", "experimental", "PCS")
    spasm = matrix_cell(matrix, "muscle cramps", OMIM + "602014")
    assert (spasm.text, spasm.level, spasm.code) == ("✓", "electronic annotation", "IEA")
    assert matrix_cell(matrix, "seizures", NGK + "magnesium-deficiency").present
    assert not matrix_cell(matrix, "seizures", NGK + "vitamin-b12-deficiency").present
    assert matrix_cell(matrix, "diarrhea", OMIM + "251000").frequency == "47/266"
    # rows are the deficiencies' symptoms with their HPO terms (exactMatch)
    paresthesia = matrix.symptoms.index(next(s for s in matrix.symptoms
                                             if s.label == "paresthesia"))
    assert matrix.phenotypes[paresthesia] == (HP + "0003401",)
    assert "HPO disease annotations release 2025-01-16 (test fixture)" in matrix.sources


def test_a_not_annotation_is_a_cell_of_explicit_absence(tmp_path):
    from nutrigraph.plot import symptom_matrix_data

    # made up for the test: ORPHA:289176 joins magnesium's pathways through a gene that
    # encodes MAT1A, and has tetany (asserted, no statement); its seizure row is a NOT row
    mine = tmp_path / "link.ttl"
    mine.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<http://example.org/gene> a ng:Gene ; rdfs:label \"EXAMPLE\"@en ;\n"
        "  ng:encodes ngk:methionine-adenosyltransferase-1a ;\n"
        f"  ng:geneAssociatedWith <{ORPHA}289176> .\n"
        f"<{ORPHA}289176> ng:hasSymptom <{HP}0001281> .\n", encoding="utf-8")
    matrix = symptom_matrix_data(nutrigraph.load([FIXTURE, mine]))
    assert ORPHA + "289176" in matrix.inherited
    seizure = matrix_cell(matrix, "seizures", ORPHA + "289176")
    assert (seizure.present, seizure.negated, seizure.text) == (False, True, "NOT")
    assert matrix_cell(matrix, "tetany", ORPHA + "289176").present
    assert matrix_cell(matrix, "fatigue", ORPHA + "289176").text == ""


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_plot_symptom_matrix_writes_the_file(tmp_path, suffix):
    target = tmp_path / f"matrix.{suffix}"
    result = invoke("plot", "symptom-matrix", "-o", str(target))
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if suffix == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        import xml.etree.ElementTree as ET

        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert b"2/5" in data and b"not medical advice" in data


def test_plot_symptom_matrix_bad_input_is_exit_code_2(tmp_path, capsys):
    assert main(["plot", "symptom-matrix", "--nutrient", "spinach",
                 "-o", str(tmp_path / "m.png")]) == 2
    assert "not a nutrient" in capsys.readouterr().err
    assert main(["plot", "symptom-matrix", "-o", str(tmp_path / "m.bmp")]) == 2
    assert not (tmp_path / "m.png").exists()
