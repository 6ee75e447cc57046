"""Evidence levels say everything about themselves in the ontology, and every room obeys.

Each test loads a copy of the bundled knowledge whose schema says something else about
one evidence level (its path weight, its group, which level unrated statements count as)
and checks that routes, explanations and differentials change accordingly.
"""

from pathlib import Path

import nutrigraph
from nutrigraph.analysis.paths import evidence_weight, k_shortest_paths
from nutrigraph.bundled import bundled_files
from nutrigraph.knowledge import evidence_scale
from nutrigraph.vocab import ng

ARTICLE_CLAIM = '''ng:ArticleClaim a ng:EvidenceLevel ; ng:rank 4 ;'''
SAFELY_COMBINED = "magnesium -safely combined with-> vitamin B12"


def graph_with_schema(folder: Path, *changes: tuple[str, str]) -> nutrigraph.KnowledgeGraph:
    """The bundled knowledge, with each (old, new) of ``changes`` made in a copy of the schema."""
    schema, *knowledge = bundled_files()
    text = schema.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    changed = folder / "nutrigraph.ttl"
    changed.write_text(text, encoding="utf-8")
    return nutrigraph.load([changed, *knowledge], bundled=False)


def lightest(kg: nutrigraph.KnowledgeGraph) -> str:
    G = nutrigraph.to_networkx(kg, inverse=True)
    magnesium, b12 = kg.resolve("magnesium").iri, kg.resolve("vitamin B12").iri
    return k_shortest_paths(G, magnesium, b12, k=1)[0].text()


def test_the_shipped_scale():
    scale = evidence_scale(nutrigraph.load())
    assert [(lv.label, lv.rank, lv.group.tier, lv.weight) for lv in scale.levels] == [
        ("experimental", 1, 0, 1.0), ("authoritative review", 2, 0, 1.0),
        ("reference data", 2, 0, 1.0), ("by similarity", 3, 0, 1.0),
        ("electronic annotation", 3, 0, 1.0), ("article claim", 4, 1, 3.0),
        ("unverified", 5, 2, 5.0)]
    assert scale.unrated.iri == ng.Unverified
    assert (scale.disputed.iri, scale.disputed.weight) == (ng.DisputedStatements, 20.0)
    assert evidence_weight("a", "b", {"evidence_rank": None}) == 5.0  # unrated: unverified


def test_a_heavier_article_claim_changes_which_route_is_lightest(tmp_path):
    assert lightest(nutrigraph.load()) == SAFELY_COMBINED  # one article claim weighs 3
    heavy = graph_with_schema(
        tmp_path, ("ng:evidenceGroup ng:ArticleClaims ; ng:pathWeight 3.0 .",
                   "ng:evidenceGroup ng:ArticleClaims ; ng:pathWeight 30.0 ."))
    # now the four curated steps (1 each) are lighter than the one claim
    assert lightest(heavy) == ("magnesium -part of-> Mg-ATP -input of-> cob(I)alamin "
                               "adenosylation -has output-> adenosylcobalamin "
                               "-active form of-> vitamin B12")


def test_the_group_of_a_level_decides_where_its_routes_are_ranked_and_shown(tmp_path):
    kg = graph_with_schema(
        tmp_path, ("ng:evidenceGroup ng:ArticleClaims ; ng:pathWeight 3.0 .",
                   "ng:evidenceGroup ng:CuratedSources ; ng:pathWeight 3.0 ."))
    report = nutrigraph.explain(kg, "magnesium", "vitamin B12", k=5)
    curated, *_ = report.groups
    assert curated[0].heading == "Routes through primary and curated sources"
    # an article claim now counts as curated: the shortest route, one claim, ranks first
    assert curated[1][0].path.text() == SAFELY_COMBINED
    assert "Routes that rest on an article claim" not in [g.heading for g, _ in report.groups]


def test_which_level_unrated_statements_count_as_is_said_once(tmp_path):
    kg = graph_with_schema(
        tmp_path, ("ng:pathWeight 5.0 ;\n    ng:countsForUnrated true .", "ng:pathWeight 5.0 ."),
        (ARTICLE_CLAIM, ARTICLE_CLAIM + " ng:countsForUnrated true ;"))
    scale = evidence_scale(kg)
    assert scale.unrated.iri == ng.ArticleClaim
    assert (scale.rank(None), scale.tier(None), scale.weight(None)) == (4, 1, 3.0)
    # SR28's portions are unrated relations: a step to one now rests on a claim
    G = nutrigraph.to_networkx(kg, records=True)
    portion = next(data for _, _, key, data in G.edges(keys=True, data=True)
                   if key == "ng:hasPortion")
    assert portion["evidence_rank"] is None
    assert nutrigraph.Step("a", "b", "ng:hasPortion", portion, scale).tier == 1


def test_every_level_has_one_group_and_one_weight(kg):
    rows = kg.query("""
        SELECT ?level (COUNT(DISTINCT ?group) AS ?groups) (COUNT(DISTINCT ?weight) AS ?weights)
        WHERE { ?level a ng:EvidenceLevel . OPTIONAL { ?level ng:evidenceGroup ?group }
                OPTIONAL { ?level ng:pathWeight ?weight } }
        GROUP BY ?level""").rows()
    assert len(rows) == 7
    assert {(row["groups"], row["weights"]) for row in rows} == {("1", "1")}
