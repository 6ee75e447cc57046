"""The article's knowledge, asked for through the named competency queries.

Each expectation is read off ../shared/sources/magnesium-and-b12-article.txt.
"""

import pytest

MG, B12 = "magnesium deficiency", "vitamin B12 deficiency"

# The article's "Comparison of Deficiency Symptoms" table, every cell, by row.
SYMPTOM_TABLE = {
    ("energy and muscle strength", MG): {"fatigue", "muscle weakness"},
    ("energy and muscle strength", B12): {"fatigue", "muscle weakness"},
    ("nervous system", MG): {"muscle twitches", "muscle cramps", "seizures"},
    ("nervous system", B12): {"numbness", "paresthesia", "memory problems", "confusion",
                              "nerve damage"},
    ("mental health", MG): {"apathy", "anxiety", "depression"},
    ("mental health", B12): {"mood changes", "irritability", "depression"},
    ("heart and circulation", MG): {"hypertension", "arrhythmia"},
    ("heart and circulation", B12): {"palpitations"},
    ("digestion", MG): {"constipation", "loss of appetite"},
    ("digestion", B12): {"constipation", "diarrhea", "loss of appetite"},
}


def test_every_cell_of_the_symptom_table(kg):
    rows = kg.named_query("deficiency-symptoms").to_dataframe()
    table = rows[rows["section"].str.contains("Comparison of Deficiency Symptoms")]
    found = {key: set(group["symptom"])
             for key, group in table.groupby(["bodySystem", "deficiency"])}
    assert found == SYMPTOM_TABLE


def test_symptom_frequencies_from_the_table(kg):
    rows = kg.named_query("deficiency-symptoms").to_dataframe()
    frequency = {(r.deficiency, r.symptom): r.frequency for r in rows.itertuples()}
    assert frequency[(MG, "fatigue")] == "common"
    assert frequency[(B12, "fatigue")] == "very common"
    assert frequency[(MG, "seizures")] == "occasional"


def test_table_reasons_are_linked_statements(kg):
    rows = kg.named_query("deficiency-symptoms", nutrient="vitamin B12").to_dataframe()
    palpitations = rows[rows["symptom"] == "palpitations"].iloc[0]
    assert "anemia" in palpitations["reasons"]
    mg_fatigue = kg.named_query("deficiency-symptoms", nutrient="magnesium").to_dataframe()
    assert "ATP" in mg_fatigue[mg_fatigue["symptom"] == "fatigue"].iloc[0]["reasons"]


def test_shared_and_distinct_symptoms(kg):
    rows = kg.named_query("shared-symptoms").to_dataframe()
    overlap = dict(zip(rows["symptom"], rows["overlap"], strict=True))
    assert {s for s, o in overlap.items() if o == "shared"} == {
        "fatigue", "muscle weakness", "depression", "constipation", "loss of appetite",
        "numbness", "paresthesia", "memory problems", "nerve damage",
        # the article gives irritability for B12 only; Gröber et al. 2015 add it for magnesium
        "irritability"}
    assert overlap["seizures"] == "only magnesium"
    assert overlap["palpitations"] == "only vitamin B12"
    assert overlap["diarrhea"] == "only vitamin B12"


# Every food the article names, with the nutrient it gives it for.
FOODS = {
    "magnesium": {"dark leafy greens", "spinach", "nuts", "almonds", "seeds", "pumpkin seeds",
                  "legumes", "black beans", "whole grains", "dark chocolate"},
    "vitamin B12": {"animal products", "meat", "fish", "salmon", "tuna", "eggs", "dairy",
                    "fortified foods", "fortified cereals", "fortified plant-based milks"},
}


@pytest.mark.parametrize("nutrient", sorted(FOODS))
def test_every_food_the_article_names(kg, nutrient):
    foods = set(kg.named_query("foods", nutrient=nutrient).values("foodLabel"))
    assert FOODS[nutrient] <= foods
    assert not foods & FOODS[({"magnesium", "vitamin B12"} - {nutrient}).pop()]


def test_foods_keep_their_group(kg):
    rows = kg.named_query("foods").to_dataframe()
    group = dict(zip(rows["foodLabel"], rows["foodGroup"], strict=False))
    assert group["spinach"] == "dark leafy greens"
    assert group["salmon"] == "fish"
    assert group["fortified cereals"] == "fortified foods"


def test_active_forms_and_what_makes_them(kg):
    rows = kg.named_query("active-forms").to_dataframe()
    assert set(rows["activeForm"]) == {"methylcobalamin", "adenosylcobalamin"}
    made_by = set(rows[rows["role"] == "made by"]["other"])
    assert "B12 activation" in made_by


def test_the_chain_from_magnesium_to_b12_function(kg):
    rows = kg.named_query("how-magnesium-links-to-b12").to_dataframe()
    routes = set(rows["route"])
    assert "magnesium —required for→ B12 activation —has output→ methylcobalamin" in routes
    assert "magnesium —required for→ B12 activation —has output→ adenosylcobalamin" in routes
    assert ("magnesium —cofactor of→ methionine synthase —catalyzes→ homocysteine remethylation"
            in routes)
    assert "magnesium deficiency —causes→ functional B12 deficiency" in routes
    # every step names its source and section, and its evidence level; the article's own
    # routes are article claims, primary sources may add steps of their own
    assert rows["source"].str.contains(", section '").all()
    article = rows["source"].str.contains("article on magnesium and vitamin B12, section")
    assert set(rows[article]["evidence"]) == {"article claim"}
    # the article's claim that another source contradicts is marked on its step
    cofactor = rows[(rows["relation"] == "cofactor of") & (rows["object"] == "methionine synthase")]
    assert cofactor["disputed"].str.startswith("disputed by UniProtKB Q99707").all()
    assert (rows[rows["relation"] == "required for"]["disputed"] == "").all()
    # the article's negative claim is not a route
    assert not any("competes" in r for r in routes)
    # routes from magnesium itself come before those from its deficiency
    starts = [r.split(" —")[0] for r in rows["route"]]
    assert starts == sorted(starts, key=lambda s: s != "magnesium")


def test_route_steps_are_in_order(kg):
    rows = kg.named_query("how-magnesium-links-to-b12").to_dataframe()
    route = rows[rows["route"] == (
        "magnesium —cofactor of→ methionine synthase —catalyzes→ homocysteine remethylation")]
    assert list(route["step"]) == [1, 2]
    assert list(route["subject"]) == ["magnesium", "methionine synthase"]
    assert list(route["object"]) == ["methionine synthase", "homocysteine remethylation"]


def test_the_chain_can_start_from_another_nutrient(kg):
    rows = kg.named_query("how-magnesium-links-to-b12", nutrient="vitamin B12",
                          vitamin="magnesium").to_dataframe()
    # From B12 the article leads to magnesium's function only through the processes both
    # are required for; the negated causal claim (low B12 causes low magnesium) stays out.
    assert set(rows["route"]) == {"vitamin B12 —required for→ energy production",
                                  "vitamin B12 —required for→ nervous system function"}


def test_negative_statements(kg):
    rows = kg.named_query("negated-statements").to_dataframe()
    said = set(zip(rows["subject"], rows["relation"], rows["object"], strict=True))
    assert said == {
        ("magnesium", "competes for absorption with", "vitamin B12"),
        ("vitamin B12 deficiency", "causes", "magnesium deficiency"),
    }


def test_negated_claims_are_not_asserted_as_triples(kg):
    assert not kg.query("ASK { ngk:magnesium ng:competesForAbsorptionWith ngk:vitamin-b12 }")
    assert not kg.query("ASK { ngk:vitamin-b12-deficiency ng:causes ngk:magnesium-deficiency }")


def test_supplement_forms_and_routes(kg):
    rows = kg.named_query("supplements").to_dataframe()
    routes = {(r.supplement, r.value) for r in rows.itertuples() if r.relation == "has route"}
    assert ("B12 injection", "by injection") in routes
    assert ("Epsom salt bath", "through the skin") in routes
    assert ("topical magnesium spray", "through the skin") in routes
    assert ("oral magnesium supplement", "by mouth") in routes
    relations = set(zip(rows["supplement"], rows["relation"], rows["value"], strict=True))
    assert ("methylcobalamin", "more bioavailable than", "cyanocobalamin") in relations
    assert ("magnesium glycinate", "improves absorption of", "magnesium") in relations
    assert ("magnesium citrate", "improves absorption of", "magnesium") in relations
    assert ("magnesium glycinate", "supplement form of", "magnesium") in relations
    assert ("magnesium citrate", "supplement form of", "magnesium") in relations
    assert ("B12 injection", "recommended for", "pernicious anemia") in relations


@pytest.mark.parametrize("form", ["magnesium-glycinate", "magnesium-citrate"])
def test_better_absorbed_magnesium_forms_are_the_articles_claim_alone(kg, form):
    # "Magnesium glycinate and citrate are often recommended for better absorption", in the
    # supplementation section and again in the FAQ; no other source nutrigraph has says so
    rows = kg.query(f"""
        SELECT ?level ?section WHERE {{
          ngk:{form} ng:improvesAbsorptionOf ngk:magnesium .
          ?st rdf:subject ngk:{form} ; rdf:predicate ng:improvesAbsorptionOf ;
              rdf:object ngk:magnesium ; ng:evidenceLevel ?level ; prov:wasDerivedFrom ?section .
        }}""")
    assert {str(r.level).rsplit("/", 1)[1] for r in rows} == {"ArticleClaim"}
    assert {str(r.section).rsplit("/", 1)[1] for r in rows} == {
        "article-magnesium-b12.supplementation", "article-magnesium-b12.faq"}
    assert not kg.query(f"""ASK {{
        ?st rdf:subject ngk:{form} ; rdf:predicate ng:improvesAbsorptionOf .
        {{ ?st ng:disputes|ng:disputedBy ?other }} UNION {{ ?other ng:disputes ?st }} }}""")


def test_conditions_and_populations(kg):
    rows = kg.named_query("risk-groups").to_dataframe()
    said = set(zip(rows["subject"], rows["relation"], rows["object"], strict=True))
    assert ("type 2 diabetes", "associated with", "magnesium deficiency") in said
    assert ("type 2 diabetes", "associated with", "vitamin B12 deficiency") in said
    assert ("type 2 diabetes medication", "contributes to", "vitamin B12 deficiency") in said
    assert ("pernicious anemia", "causes", "malabsorption") in said
    assert ("oral B12 supplement", "recommended for", "older adults") in said
    assert ("fortified foods", "recommended for", "vegans") in said
    assert ("fortified foods", "recommended for", "vegetarians") in said
    article = rows[rows["source"] == "article on magnesium and vitamin B12"]
    assert len(article) > 10
    assert all(article["why"].str.startswith("The article"))


def test_sources_behind_a_relation(kg):
    rows = kg.named_query("sources", subject="magnesium", object="methionine synthase")
    frame = rows.to_dataframe()
    assert list(frame["relation"]) == ["cofactor of"]
    assert list(frame["section"]) == ["The Enzymatic Connection"]
    assert list(frame["evidence"]) == ["article claim"]


def test_the_articles_numbers_are_kept_as_sourced_claims(kg):
    rows = kg.query("""
        SELECT ?value ?section WHERE {
          ngk:magnesium ng:reactionCountLowerBound ?value .
          ?st rdf:subject ngk:magnesium ; rdf:predicate ng:reactionCountLowerBound ;
              rdf:object ?value ; prov:wasDerivedFrom/rdfs:label ?section ;
              ng:evidenceLevel ng:ArticleClaim .
        }""")
    assert [(int(r.value), str(r.section)) for r in rows] == [
        (300, "How Magnesium Impacts B12 Metabolism and Function")]
    prevalence = kg.query("SELECT ?p WHERE { ngk:magnesium-deficiency ng:reportedPrevalence ?p }")
    assert "40%" in prevalence.values("p")[0]
