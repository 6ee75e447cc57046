"""The curated mechanism layer: primary sources beside the article, with their disagreements.

Expectations are read off ../shared/reference/identifiers-and-facts.md ("Enzymes" and the
notes under it).
"""

import pytest
from click.testing import CliRunner

from nutrigraph.cli import cli

G = "https://w3id.org/nutrigraph/graph/"
ARTICLE_CLAIM = "ngk:stmt-magnesium-cofactor-of-methionine-synthase"


def local(iri):
    return str(iri).rsplit("/", 1)[1]


def cofactors(kg, enzyme, graph=None):
    """{cofactor: evidence level} of an enzyme, from one graph or from all but the article's."""
    scope = f"GRAPH <{G}{graph}>" if graph else "GRAPH ?g"
    rows = kg.query(f"""
        SELECT ?cofactor ?level WHERE {{
          {scope} {{
            ?cofactor ng:cofactorOf ?enzyme .
            ?st rdf:subject ?cofactor ; rdf:predicate ng:cofactorOf ; rdf:object ?enzyme ;
                ng:evidenceLevel ?level .
          }}
          FILTER(!BOUND(?g) || ?g != <{G}article-magnesium-b12>)
        }}""".replace("?enzyme", enzyme))
    return {local(r.cofactor): local(r.level) for r in rows}


def test_methionine_synthase_cofactors_per_uniprot_are_methylcobalamin_and_zinc(kg):
    assert cofactors(kg, "ngk:methionine-synthase", "uniprot") == {
        "methylcobalamin": "Experimental", "zinc-ion": "BySimilarity"}


def test_no_curated_source_makes_magnesium_a_cofactor_of_methionine_synthase(kg):
    curated = cofactors(kg, "ngk:methionine-synthase")
    assert "magnesium" not in curated
    assert set(curated) == {"methylcobalamin", "zinc-ion", "vitamin-b12"}
    # the article's claim is kept, as the article's
    assert cofactors(kg, "ngk:methionine-synthase", "article-magnesium-b12") == {
        "magnesium": "ArticleClaim"}


def test_mat1a_needs_magnesium_and_potassium(kg):
    assert cofactors(kg, "ngk:methionine-adenosyltransferase-1a", "uniprot") == {
        "magnesium": "Experimental", "potassium-ion": "Experimental"}


def test_mat2a_cofactors_are_left_out_but_its_reaction_is_kept(kg):
    assert cofactors(kg, "ngk:methionine-adenosyltransferase-2a") == {}
    assert kg.query("""ASK { ngk:methionine-adenosyltransferase-2a ng:catalyzes
                             ngk:methionine-adenosylation }""")


def reaction_of(kg, enzyme):
    rows = kg.query(f"""
        SELECT ?reaction ?role ?x WHERE {{
          {enzyme} ng:catalyzes ?reaction . ?reaction a ng:Reaction .
          {{ ?reaction ng:hasInput ?x BIND("in" AS ?role) }}
          UNION {{ ?reaction ng:hasOutput ?x BIND("out" AS ?role) }}
        }}""")
    sides = {"in": set(), "out": set()}
    for r in rows:
        sides[str(r.role)].add(local(r.x))
    return sides


def test_mmab_makes_adenosylcobalamin_from_cob_i_alamin_and_atp(kg):
    assert reaction_of(kg, "ngk:corrinoid-adenosyltransferase") == {
        "in": {"cob-i-alamin", "atp"}, "out": {"adenosylcobalamin", "triphosphate"}}


@pytest.mark.parametrize(("enzyme", "inputs", "outputs"), [
    ("ngk:methionine-synthase", {"5-methyltetrahydrofolate", "homocysteine"},
     {"tetrahydrofolate", "methionine"}),
    ("ngk:methylmalonyl-coa-mutase", {"methylmalonyl-coa"}, {"succinyl-coa"}),
    ("ngk:methionine-adenosyltransferase-1a", {"methionine", "atp", "water"},
     {"s-adenosylmethionine", "phosphate", "diphosphate"}),
])
def test_reactions_as_rhea_writes_them(kg, enzyme, inputs, outputs):
    assert reaction_of(kg, enzyme) == {"in": inputs, "out": outputs}


def test_each_reaction_cites_its_own_rhea_record(kg):
    rows = kg.query("""
        SELECT DISTINCT ?reaction ?record WHERE {
          VALUES ?p { ng:hasInput ng:hasOutput }
          ?st rdf:subject ?reaction ; rdf:predicate ?p ;
              prov:wasDerivedFrom/dcterms:isPartOf ?record ; ng:evidenceLevel ng:ReferenceData .
          ?record a ng:DatabaseRecord .
        }""")
    assert {(local(r.reaction), local(r.record)) for r in rows} == {
        ("methionine-synthase-reaction", "rhea-11172"),
        ("methylmalonyl-coa-mutase-reaction", "rhea-22888"),
        ("cob-i-alamin-adenosylation", "rhea-56796"),
        ("methionine-adenosylation", "rhea-21080"),
    }


def test_the_methionine_synthase_reaction_is_part_of_homocysteine_remethylation(kg):
    assert kg.query("""ASK { ngk:methionine-synthase ng:catalyzes ?r .
                             ?r ng:partOf ngk:homocysteine-remethylation ;
                                ng:hasInput ngk:homocysteine ; ng:hasOutput ngk:methionine }""")


def test_mtrr_reactivates_methionine_synthase_with_fad_and_fmn(kg):
    assert kg.query(
        "ASK { ngk:methionine-synthase-reductase ng:reactivates ngk:methionine-synthase }")
    assert cofactors(kg, "ngk:methionine-synthase-reductase") == {
        "fad": "Experimental", "fmn": "Experimental"}


# Every step of a route carries a statement from a curated (non-article) source.
_STEP = """
  ?st{n} rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
         ng:evidenceLevel ?level{n} .
  FILTER NOT EXISTS {{ ?st{n} ng:negated true }}
  FILTER NOT EXISTS {{ GRAPH <{G}article-magnesium-b12> {{ ?st{n} a ng:Statement }} }}
"""


def route(kg, *steps):
    body = "".join(_STEP.format(n=n, s=s, p=p, o=o, G=G) for n, (s, p, o) in enumerate(steps))
    select = " ".join(f"?level{n}" for n in range(len(steps)))
    return [[local(v) for v in row] for row in kg.query(f"SELECT {select} WHERE {{ {body} }}")]


def test_sourced_route_magnesium_mg_atp_mmab_adenosylcobalamin(kg):
    levels = route(kg,
                   ("ngk:magnesium", "ng:partOf", "ngk:mg-atp"),
                   ("ngk:mg-atp", "ng:inputOf", "?reaction"),
                   ("ngk:corrinoid-adenosyltransferase", "ng:catalyzes", "?reaction"),
                   ("?reaction", "ng:hasOutput", "ngk:adenosylcobalamin"))
    # Mg-ATP from the IOM report; MMAB taking its ATP as Mg-ATP only by similarity (Bauer 2001)
    assert levels == [["AuthoritativeReview", "BySimilarity", "Experimental", "ReferenceData"]]


def test_sourced_route_magnesium_mat1a_s_adenosylmethionine(kg):
    levels = route(kg,
                   ("ngk:magnesium", "ng:cofactorOf", "?mat"),
                   ("?mat", "ng:catalyzes", "?reaction"),
                   ("?reaction", "ng:hasOutput", "ngk:s-adenosylmethionine"))
    assert levels == [["Experimental", "Experimental", "ReferenceData"]]


def test_mg_atp_for_mmab_rests_on_the_bacterial_enzyme_only(kg):
    rows = kg.query("""
        SELECT ?level ?source ?comment WHERE {
          ?st rdf:subject ngk:mg-atp ; rdf:predicate ng:inputOf ;
              rdf:object ngk:cob-i-alamin-adenosylation ; ng:evidenceLevel ?level ;
              prov:wasDerivedFrom/dcterms:isPartOf ?source ; rdfs:comment ?comment .
          ?source a ng:JournalArticle .
        }""")
    [row] = list(rows)
    assert (local(row.level), local(row.source)) == ("BySimilarity", "bauer-2001")
    assert "CobA" in str(row.comment) and "not been shown for MMAB" in str(row.comment)


def test_ods_names_the_b12_dependent_enzymes_and_active_forms(kg):
    rows = kg.query(f"""
        SELECT ?p ?o WHERE {{ GRAPH <{G}ods-vitamin-b12> {{
          ?st rdf:subject ngk:vitamin-b12 ; rdf:predicate ?p ; rdf:object ?o ;
              ng:evidenceLevel ng:AuthoritativeReview ;
              prov:wasDerivedFrom ngk:ods-vitamin-b12.introduction .
        }} }}""")
    said = {(local(r.p), local(r.o)) for r in rows}
    assert said == {("hasActiveForm", "methylcobalamin"), ("hasActiveForm", "adenosylcobalamin"),
                    ("cofactorOf", "methionine-synthase"),
                    ("cofactorOf", "methylmalonyl-coa-mutase")}


@pytest.mark.parametrize(("source", "kind"), [
    ("uniprot-Q99707", "DatabaseRecord"), ("uniprot-Q96EY8", "DatabaseRecord"),
    ("rhea-11172", "DatabaseRecord"), ("iom-dri-1997", "ReferenceWork"),
    ("ods-vitamin-b12", "ReferenceWork"), ("bauer-2001", "JournalArticle"),
])
def test_sources_are_typed(kg, source, kind):
    assert kg.query(f"ASK {{ ngk:{source} a ng:{kind} ; rdfs:label ?l }}")


def test_uniprot_records_point_to_their_entries(kg):
    rows = kg.query("""SELECT ?record ?entry WHERE {
                         ?record a ng:DatabaseRecord ; rdfs:seeAlso ?entry .
                         FILTER(STRSTARTS(STR(?entry), "http://purl.uniprot.org/uniprot/")) }""")
    assert {local(r.record): local(r.entry) for r in rows} == {
        f"uniprot-{acc}": acc
        for acc in ("Q99707", "P22033", "Q96EY8", "Q00266", "P31153", "Q9UBK8")}


def test_the_article_and_uniprot_disagreement_is_linked(kg):
    rows = kg.query(f"""SELECT ?by ?g WHERE {{
                          GRAPH ?g {{ ?by ng:disputes {ARTICLE_CLAIM} }} }}""")
    [row] = list(rows)
    assert local(row.by) == "stmt-uniprot-q99707-methylcobalamin-cofactor-of-methionine-synthase"
    assert local(row.g) == "uniprot"


def test_every_dispute_links_statements_from_different_sources(kg):
    rows = kg.query("""
        SELECT ?by ?claim WHERE {
          ?by ng:disputes ?claim .
          ?by a ng:Statement . ?claim a ng:Statement .
          FILTER NOT EXISTS {
            ?by prov:wasDerivedFrom/dcterms:isPartOf ?source .
            ?claim prov:wasDerivedFrom/dcterms:isPartOf ?source .
          }
        }""")
    all_links = kg.query("SELECT ?by WHERE { ?by ng:disputes ?claim }")
    assert len(rows) == len(all_links) > 0


def test_disputed_claims_query_shows_both_sides(kg):
    frame = kg.named_query("disputed-claims").to_dataframe()
    row = frame[(frame["subject"] == "magnesium") & (frame["object"] == "methionine synthase")]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["relation"], row["evidence"]) == ("cofactor of", "article claim")
    assert row["source"] == "article on magnesium and vitamin B12"
    assert row["section"] == "The Enzymatic Connection"
    assert (row["bySubject"], row["byRelation"], row["byObject"]) == (
        "methylcobalamin", "cofactor of", "methionine synthase")
    assert row["bySource"].startswith("UniProtKB Q99707")
    assert (row["bySection"], row["byEvidence"]) == ("Function: cofactor", "experimental")
    assert row["claim"].startswith("The article")
    assert "zinc" in row["byClaim"] and "magnesium is not among them" in row["byClaim"]


def test_disputed_claims_filtered_by_entity(kg):
    assert len(kg.named_query("disputed-claims", entity="methylcobalamin")) == 1
    assert len(kg.named_query("disputed-claims", entity="spinach")) == 0


def test_cli_shows_the_methionine_synthase_disagreement_with_both_sources():
    result = CliRunner().invoke(cli, ["query", "--name", "disputed-claims", "--format", "csv"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "magnesium,cofactor of,methionine synthase,article on magnesium and vitamin B12" in out
    assert "methylcobalamin,cofactor of,methionine synthase" in out
    assert "UniProtKB Q99707 (human MTR, methionine synthase)" in out


def test_mechanism_query_flags_the_disputed_cofactor(kg):
    frame = kg.named_query("mechanism", enzyme="methionine synthase").to_dataframe()
    cof = frame[frame["relation"] == "has cofactor"]
    found = dict(zip(cof["partner"] + " / " + cof["evidence"], cof["disputed"], strict=True))
    assert found == {"magnesium / article claim": True,
                     "methylcobalamin / experimental": False,
                     "zinc ion / by similarity": False,
                     "vitamin B12 / authoritative review": False}
    catalysis = frame[frame["partner"] == "methionine synthase reaction"].iloc[0]
    assert set(catalysis["inputs"].split(" + ")) == {"5-methyltetrahydrofolate", "homocysteine"}
    assert set(catalysis["outputs"].split(" + ")) == {"tetrahydrofolate", "methionine"}


@pytest.mark.parametrize(("subject", "predicate", "obj", "graph", "level"), [
    ("ngk:methylcobalamin", "ng:cofactorOf", "ngk:methionine-synthase", "uniprot", "Experimental"),
    ("ngk:zinc-ion", "ng:cofactorOf", "ngk:methionine-synthase", "uniprot", "BySimilarity"),
    ("ngk:adenosylcobalamin", "ng:cofactorOf", "ngk:methylmalonyl-coa-mutase", "uniprot",
     "Experimental"),
    ("ngk:magnesium", "ng:cofactorOf", "ngk:methionine-adenosyltransferase-1a", "uniprot",
     "Experimental"),
    ("ngk:methionine-adenosyltransferase-2a", "ng:catalyzes", "ngk:methionine-adenosylation",
     "uniprot", "ReferenceData"),
    ("ngk:magnesium", "ng:partOf", "ngk:mg-atp", "iom-dri-1997", "AuthoritativeReview"),
    ("ngk:atp", "ng:partOf", "ngk:mg-atp", "iom-dri-1997", "AuthoritativeReview"),
    ("ngk:vitamin-b12", "ng:hasActiveForm", "ngk:adenosylcobalamin", "ods-vitamin-b12",
     "AuthoritativeReview"),
    ("ngk:mg-atp", "ng:inputOf", "ngk:cob-i-alamin-adenosylation", "bauer-2001",
     "BySimilarity"),
    ("ngk:cob-i-alamin-adenosylation", "ng:hasInput", "ngk:atp", "rhea", "ReferenceData"),
])
def test_evidence_levels(kg, subject, predicate, obj, graph, level):
    rows = kg.query(f"""SELECT ?level WHERE {{ GRAPH <{G}{graph}> {{
                          {subject} {predicate} {obj} .
                          ?st rdf:subject {subject} ; rdf:predicate {predicate} ;
                              rdf:object {obj} ; ng:evidenceLevel ?level }} }}""")
    assert [local(v) for v in rows.values("level")] == [level]
