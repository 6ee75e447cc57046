"""Intake reference values, drug-nutrient interactions, groups at risk and deficiency signs.

Each expectation is read off /work/shared/reference/identifiers-and-facts.md, sections
"Intakes", "Drug-nutrient interactions" and "Deficiency signs beyond the article".
"""

import re
from decimal import Decimal

import pytest
from click.testing import CliRunner

from nutrigraph.cli import cli, main

GRAPH = "https://w3id.org/nutrigraph/graph/"
PMID_30032223 = "https://identifiers.org/pubmed:30032223"

# graph slug -> (source class, how every claim in it starts)
SOURCES = {
    "iom-dri-tables": ("ReferenceWork", "The IOM DRI tables "),
    "ods-vitamin-b12": ("ReferenceWork", "The ODS vitamin B12 fact sheet "),
    "ods-magnesium": ("ReferenceWork", "The ODS magnesium fact sheet "),
    "grober-2015": ("JournalArticle", "Gröber et al. "),
    "miller-2018": ("JournalArticle", "Miller's review "),
    "force-nahata-1992": ("JournalArticle", "Force and Nahata "),
    "emc-smpc-12118": ("ReferenceWork", "The SmPC of magnesium product 12118 "),
}


@pytest.fixture(scope="module")
def intakes(kg):
    frame = kg.named_query("intake-references").to_dataframe()
    frame["amount"] = frame["amount"].map(Decimal)
    return frame


def en(label):
    """The label as the graph writes it: age bands with an en dash ("men 19\u201330 years")."""
    return re.sub(r"(?<=\d)-(?=\d)", "\u2013", label)


def one(frame, **where):
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, where
    return frame.iloc[0]


# -- intake reference values -----------------------------------------------------------

@pytest.mark.parametrize(("group", "amount"), [
    ("women 31 years and older", 320), (en("men 19-30 years"), 400),
    ("men 31 years and older", 420), (en("women 19-30 years"), 310),
    (en("boys 14-18 years"), 410), (en("girls 14-18 years"), 360),
    (en("pregnant women 19-30 years"), 350), (en("pregnant women 31-50 years"), 360),
    (en("breastfeeding women 19-30 years"), 310), (en("breastfeeding women 31-50 years"), 320),
])
def test_magnesium_rda(intakes, group, amount):
    row = one(intakes, nutrientLabel="magnesium", type="RDA", group=group)
    assert (row["amount"], row["unit"]) == (amount, "mg/d")
    assert row["source"] == "Institute of Medicine Dietary Reference Intakes tables"
    assert row["evidence"] == "authoritative review"


def test_magnesium_upper_limit_is_for_supplements_and_names_diarrhea(intakes):
    uls = intakes[(intakes["nutrientLabel"] == "magnesium") & (intakes["type"] == "UL")]
    assert dict(zip(uls["group"], uls["amount"], strict=True)) == {
        en("children 1-3 years"): 65, en("children 4-8 years"): 110,
        "people 9 years and older": 350}
    adult = one(uls, group="people 9 years and older")
    assert adult["unit"] == "mg/d"
    assert "supplements and medicines, not from food" in adult["claim"]
    assert "diarrhea" in adult["claim"]


def test_vitamin_b12_rda_and_no_upper_limit(intakes):
    b12 = intakes[intakes["nutrientLabel"] == "vitamin B12"]
    rda = b12[b12["type"] == "RDA"]
    assert dict(zip(rda["group"], rda["amount"], strict=True)) == {
        "people 14 years and older": Decimal("2.4"), "pregnant women": Decimal("2.6"),
        "breastfeeding women": Decimal("2.8")}
    assert set(rda["unit"]) == {"ug/d"}
    assert "UL" not in set(b12["type"])
    assert all("no upper limit" in claim for claim in rda["claim"])


def test_daily_values_and_the_unverified_magnesium_one(intakes):
    dv = intakes[intakes["type"] == "DV"]
    by_nutrient = {r.nutrientLabel: r for r in dv.itertuples()}
    assert (by_nutrient["vitamin B12"].amount, by_nutrient["vitamin B12"].unit) == (
        Decimal("2.4"), "ug/d")
    assert by_nutrient["vitamin B12"].evidence == "authoritative review"
    magnesium = by_nutrient["magnesium"]
    assert (magnesium.amount, magnesium.unit, magnesium.evidence) == (420, "mg/d", "unverified")
    assert "400 mg" in magnesium.claim


def test_every_triple_of_an_intake_value_has_the_same_evidence(kg):
    # the amount's evidence (which the query shows) is that of the value's other triples
    mixed = kg.query("""
        SELECT DISTINCT ?reference WHERE {
          ?reference a ng:IntakeReference .
          ?a rdf:subject ?reference ; ng:evidenceLevel ?one .
          ?b rdf:subject ?reference ; ng:evidenceLevel ?other .
          FILTER(?one != ?other)
        }""")
    assert mixed.values("reference") == []
    counted = kg.query("""
        SELECT ?level (COUNT(DISTINCT ?reference) AS ?n) WHERE {
          ?reference a ng:IntakeReference .
          ?st rdf:subject ?reference ; rdf:predicate ng:amount ; ng:evidenceLevel ?level .
        } GROUP BY ?level""")
    assert {r.level.split("/")[-1]: int(r.n) for r in counted} == {
        "AuthoritativeReview": 17, "Unverified": 1}


def test_population_groups_are_described_by_age_sex_and_life_stage(kg):
    rows = kg.query("""
        SELECT ?group ?min ?max ?sex ?stage WHERE {
          VALUES ?g { ngk:women-31-years-and-older ngk:pregnant-women-19-30-years
                      ngk:breastfeeding-women ngk:children-1-3-years }
          ?g a ng:PopulationGroup ; rdfs:label ?group .
          OPTIONAL { ?g ng:minAgeYears ?min } OPTIONAL { ?g ng:maxAgeYears ?max }
          OPTIONAL { ?g ng:sex ?sex } OPTIONAL { ?g ng:lifeStage ?stage }
        }""")
    short = {str(r.group): (r.min and int(r.min), r.max and int(r.max),
                            r.sex and r.sex.split("/")[-1], r.stage and r.stage.split("/")[-1])
             for r in rows}
    assert short == {
        "women 31 years and older": (31, None, "Female", None),
        en("pregnant women 19-30 years"): (19, 30, "Female", "Pregnancy"),
        "breastfeeding women": (None, None, "Female", "Lactation"),
        en("children 1-3 years"): (1, 3, None, None),
    }


def test_nutrient_parameter_filters_intakes(kg, intakes):
    b12 = kg.named_query("intake-references", nutrient="B12").values("nutrientLabel")
    assert set(b12) == {"vitamin B12"}
    assert 0 < len(b12) < len(intakes)


# -- drug-nutrient interactions --------------------------------------------------------

@pytest.fixture(scope="module")
def interactions(kg):
    return kg.named_query("drug-nutrient-interactions").to_dataframe()


def said(frame):
    return set(zip(frame["medicationLabel"], frame["effect"], frame["target"], frame["source"],
                   strict=True))


def test_metformin_lowers_b12_absorption_sourced_to_pmid_30032223(kg, interactions):
    row = one(interactions, medicationLabel="metformin", effect="lowers absorption of")
    assert (row["target"], row["nutrientLabel"]) == ("vitamin B12", "vitamin B12")
    assert row["evidence"] == "authoritative review"
    pmids = kg.query("""
        SELECT ?pmid WHERE {
          ?st rdf:subject ngk:metformin ; rdf:predicate ng:lowersAbsorptionOf ;
              rdf:object ngk:vitamin-b12 ; prov:wasDerivedFrom/dcterms:isPartOf ?source .
          ?source a ng:JournalArticle ; rdfs:seeAlso ?pmid .
          FILTER(STRSTARTS(STR(?pmid), "https://identifiers.org/pubmed:"))
        }""").values("pmid")
    assert pmids == [PMID_30032223]


def test_long_term_metformin_users_may_be_at_risk_of_b12_deficiency(kg):
    rows = kg.query("""
        SELECT ?modality ?source WHERE {
          ngk:long-term-metformin-users ng:atRiskOf ngk:vitamin-b12-deficiency .
          ?st rdf:subject ngk:long-term-metformin-users ; rdf:predicate ng:atRiskOf ;
              rdf:object ngk:vitamin-b12-deficiency ; ng:modality ?modality ;
              prov:wasDerivedFrom/dcterms:isPartOf/rdfs:seeAlso ?source .
        }""")
    assert {(r.modality.split("/")[-1], str(r.source)) for r in rows} >= {
        ("Possible", PMID_30032223)}


def test_diuretics_raise_magnesium_loss(interactions):
    magnesium = interactions[interactions["nutrientLabel"] == "magnesium"]
    loss = magnesium[magnesium["effect"] == "increases loss of"]
    assert set(loss["medicationLabel"]) == {"loop diuretics", "thiazide diuretics"}
    assert set(loss["source"]) == {"SmPC of a magnesium product (eMC product 12118)"}


def test_magnesium_lowers_absorption_of_three_drug_classes(interactions):
    rows = interactions[interactions["effect"] == "absorption lowered by"]
    assert set(rows["medicationLabel"]) == {
        "bisphosphonates", "tetracycline antibiotics", "quinolone antibiotics"}
    assert set(rows["target"]) == {"magnesium"}
    assert all("separate times" in comment for comment in rows["comment"])


def test_acid_lowering_drugs_and_b12_keep_each_source(interactions):
    sources = said(interactions)
    ods = "NIH Office of Dietary Supplements, Vitamin B12 fact sheet"
    assert ("proton pump inhibitors", "lowers absorption of", "vitamin B12", ods) in sources
    assert ("H2 blockers", "lowers absorption of", "vitamin B12", ods) in sources
    # Force & Nahata's review is about H2-receptor antagonists only
    force = {s for s in sources if s[3] == "Force & Nahata, Ann Pharmacother 1992"}
    assert force == {("H2 blockers", "lowers absorption of", "vitamin B12",
                      "Force & Nahata, Ann Pharmacother 1992")}


def test_long_term_ppis_may_cause_low_magnesium(interactions):
    row = one(interactions, medicationLabel="proton pump inhibitors", effect="causes")
    assert (row["target"], row["nutrientLabel"], row["modality"]) == (
        "magnesium deficiency", "magnesium", "possible")
    assert "hypomagnesaemia" in row["comment"]


def test_interaction_parameters_filter(kg, interactions):
    rows = kg.named_query("drug-nutrient-interactions", medication="PPIs", nutrient="magnesium")
    assert rows.values("effect") == ["causes"]
    assert 0 < len(kg.named_query("drug-nutrient-interactions", nutrient="magnesium")) < len(
        interactions)


# -- groups at risk ----------------------------------------------------------------------

RISK = {
    "magnesium-deficiency": {"gastrointestinal-disease", "crohn-disease", "celiac-disease",
                             "type-2-diabetes", "alcohol-dependence", "older-adults"},
    "vitamin-b12-deficiency": {"older-adults", "atrophic-gastritis", "pernicious-anemia",
                               "gastrointestinal-disease", "people-after-gastrointestinal-surgery",
                               "people-after-bariatric-surgery", "vegetarians", "vegans",
                               "infants-of-vegan-mothers"},
}


@pytest.mark.parametrize("deficiency", sorted(RISK))
def test_groups_at_risk_are_kept_as_unverified_claims(kg, deficiency):
    rows = kg.query(f"""
        SELECT ?who ?level ?deficiency WHERE {{
          VALUES ?g {{ <{GRAPH}grober-2015> <{GRAPH}ods-vitamin-b12> }}
          GRAPH ?g {{ ?st rdf:subject ?who ; rdf:predicate ng:atRiskOf ; rdf:object ?deficiency ;
                         ng:evidenceLevel ?level }}
        }}""", deficiency=kg.resolve(f"ngk:{deficiency}"))
    assert {r.who.split("/")[-1] for r in rows} == RISK[deficiency]
    assert {r.level.split("/")[-1] for r in rows} == {"Unverified"}


def test_older_adults_risk_of_b12_deficiency_is_explained_by_atrophic_gastritis(kg):
    reason = kg.query("""
        SELECT ?why WHERE {
          ?st rdf:subject ngk:older-adults ; rdf:predicate ng:atRiskOf ;
              rdf:object ngk:vitamin-b12-deficiency ; ng:explainedBy/rdf:subject ?why .
        }""").values("why")
    assert reason == ["https://w3id.org/nutrigraph/kb/atrophic-gastritis"]


# -- deficiency signs ----------------------------------------------------------------------

GROBER_TABLE_2 = {"anxiety", "lethargy", "muscle weakness", "depression", "irritability",
                  "loss of appetite", "nausea", "muscle cramps", "tetany", "paresthesia",
                  "memory problems", "seizures", "tremor", "constipation", "arrhythmia",
                  "hypertension", "hypokalemia", "hypocalcemia"}
ODS_B12_SIGNS = {"megaloblastic anemia", "fatigue", "muscle weakness", "constipation",
                 "loss of appetite", "numbness", "paresthesia", "poor balance",
                 "memory problems", "depression", "confusion", "sore mouth or tongue"}


@pytest.mark.parametrize(("nutrient", "section", "expected"), [
    ("magnesium", "Table 2", GROBER_TABLE_2),
    ("vitamin B12", "Vitamin B12 deficiency: signs (summary)", ODS_B12_SIGNS),
])
def test_deficiency_signs_from_primary_sources(kg, nutrient, section, expected):
    rows = kg.named_query("deficiency-symptoms", nutrient=nutrient).to_dataframe()
    found = set(rows[rows["section"] == section]["symptom"])
    assert found == expected


def test_a_triple_the_article_also_states_has_one_statement_per_source(kg):
    rows = kg.query("""
        SELECT ?g ?level WHERE {
          GRAPH ?g { ngk:magnesium-deficiency ng:hasSymptom ngk:paresthesia .
                     ?st rdf:subject ngk:magnesium-deficiency ; rdf:predicate ng:hasSymptom ;
                         rdf:object ngk:paresthesia ; ng:evidenceLevel ?level }
        }""")
    assert {(r.g.split("/")[-1], r.level.split("/")[-1]) for r in rows} == {
        ("article-magnesium-b12", "ArticleClaim"), ("grober-2015", "AuthoritativeReview")}


# -- sources and the provenance pattern -------------------------------------------------

@pytest.mark.parametrize("slug", sorted(SOURCES))
def test_each_source_has_its_graph_and_every_claim_names_it(kg, slug):
    kind, opening = SOURCES[slug]
    source = kg.query(f"""
        SELECT ?source ?kind WHERE {{
          GRAPH <{GRAPH}{slug}> {{ <{GRAPH}{slug}> prov:wasDerivedFrom ?source .
                                  ?source a ?kind ; rdfs:label ?name }}
        }}""")
    assert [(r.source.split("/")[-1], r.kind.split("/")[-1]) for r in source] == [(slug, kind)]
    claims = kg.query(f"""
        SELECT ?claim WHERE {{
          GRAPH <{GRAPH}{slug}> {{ ?st a ng:Statement ; rdfs:comment ?claim }}
        }}""").values("claim")
    assert claims
    assert [c for c in claims if not c.startswith(opening)] == []


def test_every_statement_here_cites_a_section_of_its_own_graphs_source(kg):
    graphs = " ".join(f"<{GRAPH}{slug}>" for slug in SOURCES)
    stray = kg.query(f"""
        SELECT ?st WHERE {{
          VALUES ?g {{ {graphs} }}
          GRAPH ?g {{ ?g prov:wasDerivedFrom ?source . ?st a ng:Statement ;
                     prov:wasDerivedFrom ?section . }}
          FILTER NOT EXISTS {{ ?section dcterms:isPartOf ?source }}
        }}""")
    assert stray.values("st") == []


# -- command line -------------------------------------------------------------------------

def test_cli_lists_the_intakes_of_a_nutrient_as_csv():
    result = CliRunner().invoke(cli, ["query", "--name", "intake-references", "-p",
                                      "nutrient=magnesium", "--format", "csv"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.startswith("nutrient,nutrientLabel,type,group,amount,unit")
    assert any(",RDA,women 31 years and older,320,mg/d," in row for row in rows)
    assert not any("vitamin B12" in row for row in rows)


def test_cli_refuses_an_unknown_parameter(capsys):
    assert main(["query", "--name", "drug-nutrient-interactions", "-p", "drug=metformin"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nutrigraph: error:")
    assert "no parameter 'drug'" in err
