"""Inherited disorders in the differential, the named query and the symptom matrix (issue 14),
on the bundled graph, whose disorders come from HPO's annotation release 2025-01-16; and, for
HPO's NOT annotations, which none of those disorders has, on a small fixture copied from
another disorder's rows (tests/data/inherited-disorders-fixture.trig)."""

import json
from pathlib import Path

import pytest
import rdflib
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
def not_kg():
    """The bundled graph with the fixture's NOT annotations; tests must not change it."""
    return nutrigraph.load([FIXTURE])


def invoke(*argv):
    return CliRunner().invoke(cli, list(argv), catch_exceptions=False)


def disorders_with(kg, phenotype):
    """Inherited disorders with an asserted phenotype, counted straight from the triples."""
    return set(kg.query("""SELECT ?d ?p WHERE { ?d a ng:InheritedDisorder ; ng:hasSymptom ?p }""",
                        p=rdflib.URIRef(phenotype)).values("d"))


# -- the differential ---------------------------------------------------------------------

def test_the_trpm6_disorder_ranks_first_only_when_asked_for(kg):
    asked = differential(kg, ["seizures", "muscle cramps"], inherited=True)
    first = asked.inherited[0]
    # seizure: experimental (PCS) 1 x 1/n for the n disorders with it; muscle spasm: IEA 1/3,
    # and OMIM:602014 is the only disorder annotated with it
    n = len(disorders_with(kg, HP + "0001250"))
    assert n >= 5 and disorders_with(kg, HP + "0003394") == {OMIM + "602014"}
    assert (first.disorder.iri, round(first.score, 4)) == (OMIM + "602014",
                                                           round(1 / n + 1 / 3, 4))
    assert [g.label for g in first.genes] == ["TRPM6"]
    scores = [c.score for c in asked.inherited]
    assert scores == sorted(scores, reverse=True) and len(scores) >= n
    plain = differential(kg, ["seizures", "muscle cramps"])
    assert plain.inherited is None
    assert all("OMIM" not in c.deficiency.iri for c in plain.candidates)
    # the deficiencies are ranked as without the disorders
    assert [(c.deficiency.label, c.score) for c in asked.candidates] == [
        (c.deficiency.label, c.score) for c in plain.candidates]


def test_each_match_shows_frequency_evidence_code_and_reference(kg):
    first = differential(kg, ["seizures", "muscle cramps"], inherited=True).inherited[0]
    seizure, spasm = first.matched
    assert (seizure.symptom.iri, seizure.how, seizure.weight) == (HP + "0001250", "same", 1.0)
    (annotation,) = seizure.evidence
    assert (annotation.frequency, annotation.code, annotation.level_label) == (
        "2/5", "PCS", "experimental")
    assert "PMID:12032570" in {s.label for s in annotation.sources}
    assert (spasm.symptom.iri, spasm.evidence[0].code, spasm.evidence[0].frequency) == (
        HP + "0003394", "IEA", None)
    assert spasm.evidence[0].level_label == "electronic annotation"


def test_a_frequency_term_is_shown_by_its_label(kg):
    # phenotype.hpoa: OMIM:251000 HP:0011695 (Cerebellar hemorrhage) TAS, frequency HP:0040283
    (annotation,) = InheritedTable(kg).phenotypes[OMIM + "251000"][HP + "0011695"]
    assert (annotation.frequency, annotation.code) == ("Occasional", "TAS")


def test_a_not_annotation_never_counts(kg, not_kg):
    result = differential(not_kg, ["seizures"], inherited=True)
    assert ORPHA + "289176" not in {c.disorder.iri for c in result.inherited}
    # specificity among the disorders that have it, not among those that name it
    n = len(disorders_with(kg, HP + "0001250"))
    assert {c.matched[0].specificity for c in result.inherited
            if c.matched[0].how == "same"} == {1 / n}
    table = InheritedTable(not_kg)
    assert table.phenotypes[ORPHA + "289176"] == {}
    (negated,) = table.absent[ORPHA + "289176"][HP + "0001250"]
    assert negated.negated and negated.code == "TAS"
    assert table.listing()[HP + "0001250"] == n == InheritedTable(kg).listing()[HP + "0001250"]


def test_the_default_output_does_not_change(kg):
    symptoms = ["tingling", "fatigue", "constipation"]
    plain, asked = differential(kg, symptoms), differential(kg, symptoms, inherited=True)
    assert "inherited" not in plain.to_dict() and "Rare genetic" not in plain.text()
    assert asked.text().startswith(plain.text().rsplit("\n", 1)[0].rsplit("\n\n", 1)[0])
    assert plain.to_dict()["candidates"] == asked.to_dict()["candidates"]


def test_the_report_labels_them_as_rare_genetic_conditions(kg):
    result = differential(kg, ["seizures", "muscle cramps"], inherited=True)
    text = result.text()
    assert text.splitlines()[-1] == NOT_ADVICE
    assert "Rare genetic conditions" in text and "not dietary deficiencies" in text
    assert "1. Hypomagnesemia 1, intestinal (OMIM:602014; gene: TRPM6)  score 0.433" in text
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
    ranked = [c["disorder"]["curie"] for c in document["inherited"]["candidates"]]
    assert ranked[0] == "OMIM:602014" and "OMIM:251000" in ranked
    text = invoke("differential", "seizures", "--inherited")
    assert text.exit_code == 0 and "Rare genetic conditions" in text.stdout
    plain = invoke("differential", "seizures")
    assert plain.exit_code == 0 and "Rare genetic" not in plain.stdout


def test_a_bad_symptom_with_inherited_is_exit_code_2(capsys):
    assert main(["differential", "seizures", "fatige", "--inherited"]) == 2
    assert "no entity named 'fatige'" in capsys.readouterr().err


# -- the named query ----------------------------------------------------------------------

def test_the_query_finds_the_trpm6_disorder_for_magnesium_deficiencys_seizures(kg):
    rows = kg.named_query("inherited-disorders-sharing-symptoms", nutrient="magnesium").rows()
    seizures = {r["disorder"]: r for r in rows if r["symptom"] == "seizures"}
    trpm6 = seizures[OMIM + "602014"]
    assert (trpm6["genes"], trpm6["frequency"], trpm6["evidenceLevel"], trpm6["evidenceCode"]
            ) == ("TRPM6", "2/5", "experimental", "PCS")
    assert "PMID:12032570" in trpm6["source"]
    # in magnesium's pathways through its phenotype Hypomagnesemia (closeMatch of the deficiency)
    assert "Hypomagnesemia" in trpm6["pathway"]
    # MTR's disorder is there through the article's (disputed) claim that magnesium is a
    # cofactor of methionine synthase; the MMUT disorder has seizures too, but no link to
    # magnesium
    assert "MTR encodes methionine synthase, whose cofactor is magnesium" in seizures[
        OMIM + "250940"]["pathway"]
    assert OMIM + "251000" not in {r["disorder"] for r in rows}
    # nerve damage is only a closeMatch of HP:0009830, so it is no row
    assert {"seizures", "muscle cramps", "tetany"} <= {r["symptom"] for r in rows}
    assert "nerve damage" not in {r["symptom"] for r in rows}


def test_the_query_finds_b12_disorders_through_enzymes_and_through_the_blood_level(kg):
    rows = kg.named_query("inherited-disorders-sharing-symptoms",
                          nutrient="vitamin B12").rows()
    mmut = {(r["symptom"], r["frequency"]) for r in rows if r["disorder"] == OMIM + "251000"}
    assert mmut == {("diarrhea", "47/266"), ("muscle weakness", "63/266")}
    assert all("MMUT encodes methylmalonyl-CoA mutase, whose cofactor is adenosylcobalamin"
               in r["pathway"] for r in rows if r["disorder"] == OMIM + "251000")
    # intrinsic factor deficiency (CBLIF) has no enzyme in the mechanism: it is there because
    # it has low blood B12, which vitamin B12 deficiency maps to
    cblif = [r for r in rows if r["disorder"] == OMIM + "261000"]
    assert cblif and all(r["genes"] == "CBLIF" and "Decreased circulating vitamin B12"
                         in r["pathway"] for r in cblif)


def test_the_query_leaves_out_not_annotations(tmp_path):
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
    assert rows and ORPHA + "289176" not in {r["disorder"] for r in rows}


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


def test_the_matrix_cell_of_seizures_and_the_trpm6_disorder_says_2_of_5(kg):
    from nutrigraph.plot import symptom_matrix_data

    matrix = symptom_matrix_data(kg)
    labels = [c.label for c in matrix.conditions]
    assert labels[:2] == ["magnesium deficiency", "vitamin B12 deficiency"]
    found = {r["disorder"] for r in kg.named_query("inherited-disorders-sharing-symptoms").rows()}
    assert matrix.inherited == found and {OMIM + "602014", OMIM + "251000"} <= found
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
    assert "HPO annotations release 2025-01-16" in matrix.sources


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
