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
