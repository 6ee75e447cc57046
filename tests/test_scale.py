"""Questions over a store with SR28 in it: the same answers as on the embedded graph,
from a projection of the knowledge (no measurement records), kept on disk per state."""

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import nutrigraph
from nutrigraph.cli import cli, main
from nutrigraph.prefixes import NGK
from nutrigraph.store.cache import MISSING, DiskCache

DATA = Path(__file__).parent / "data"
# the foods of the bundled SR28 subset, and two more
SR28_FOODS = "01123,11458,12063,15157,13327,12014,16015,20033,05150,11090"
MEASURED_FOOD = "https://w3id.org/nutrigraph/vocab/measuredFood"

QUESTIONS = [
    ["explain", "magnesium", "vitamin B12"],
    ["explain", "magnesium", "fatigue", "--through", "Enzyme"],
    ["path", "magnesium", "adenosylcobalamin", "-k", "4"],
    ["neighbors", "vitamin B12", "--depth", "2"],
    ["neighbors", "spinach"],
    ["metapaths", "magnesium", "vitamin B12"],
    ["differential", "fatigue", "numbness"],
    ["overlap", "magnesium deficiency", "vitamin B12 deficiency"],
]


@pytest.fixture(scope="module")
def sr28_store(tmp_path_factory):
    """A store with a small SR28 import beside the bundled graph (which holds the subset)."""
    folder = tmp_path_factory.mktemp("scale") / "sr28.db"
    assert main(["import", "usda", "--store", str(folder), "--foods", SR28_FOODS]) == 0
    return folder


def answer(argv: list[str], store: Path | None = None) -> dict:
    options = ["--store", str(store)] if store else []
    result = CliRunner().invoke(cli, [*argv, *options, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("argv", QUESTIONS, ids=" ".join)
def test_a_store_with_sr28_gives_the_embedded_graphs_answers(sr28_store, argv):
    assert answer(argv, sr28_store) == answer(argv)


def test_the_projection_leaves_measurements_out_unless_asked(sr28_store):
    kg = nutrigraph.load(store=sr28_store, read_only=True)
    G = nutrigraph.to_networkx(kg)
    assert not any(data["predicate"] == MEASURED_FOOD for *_, data in G.edges(data=True))
    spinach = "https://w3id.org/nutrigraph/sr28/food/11458"
    assert spinach in G  # SR28 foods stay, in their food groups
    assert [G.nodes[o]["label"] for o in G.successors(spinach)] == ["Vegetables and Vegetable "
                                                                    "Products"]
    with_records = nutrigraph.to_networkx(kg, records=True)
    measured = {s for s, o, data in with_records.in_edges(spinach, data=True)
                if data["predicate"] == MEASURED_FOOD}
    # the subset's and the import's measurements of boiled spinach are the same records
    assert len(measured) == 92


def test_what_a_store_derives_is_read_from_disk_by_the_next_reader(sr28_store):
    first = nutrigraph.load(store=sr28_store, read_only=True)
    G = nutrigraph.to_networkx(first, inverse=True)
    kept = DiskCache(str(sr28_store), first.store.state)
    key = ("projection", None, None, True, False)
    cached = kept.get(key)
    assert cached is not MISSING and cached is not G
    assert sorted(cached.edges(keys=True)) == sorted(G.edges(keys=True))
    # what the next reader gets is that file: a changed copy shows through
    cached.graph["marker"] = "from disk"
    kept.put(key, cached)
    second = nutrigraph.load(store=sr28_store, read_only=True)
    assert nutrigraph.to_networkx(second, inverse=True).graph["marker"] == "from disk"
    first.resolve("magnesium")
    assert kept.get("names") is not MISSING  # the name index too


def test_a_change_to_the_store_is_seen_at_once(tmp_path):
    folder = tmp_path / "lab.db"
    shutil.copytree(DATA, tmp_path / "data")
    assert main(["add", "--store", str(folder), str(tmp_path / "data" / "good.ttl")]) == 0
    before = nutrigraph.load(store=folder, read_only=True)
    G = nutrigraph.to_networkx(before)
    assert "Magnesium L-threonate" not in {d["label"] for _, d in G.nodes(data=True)}
    with pytest.raises(nutrigraph.EntityNotFound):
        before.resolve("magnesium L-threonate")
    extra = tmp_path / "threonate.ttl"
    extra.write_text(
        "@prefix ng: <https://w3id.org/nutrigraph/vocab/> .\n"
        "@prefix ngk: <https://w3id.org/nutrigraph/kb/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ngk:magnesium-l-threonate a ng:SupplementForm ;\n"
        "    rdfs:label \"Magnesium L-threonate\"@en ; ng:supplementFormOf ngk:magnesium .\n",
        encoding="utf-8")
    assert main(["add", "--store", str(folder), str(extra)]) == 0
    after = nutrigraph.load(store=folder, read_only=True)
    assert after.store.state != before.store.state
    threonate = after.resolve("magnesium L-threonate").iri
    assert threonate == NGK + "magnesium-l-threonate"
    assert nutrigraph.to_networkx(after).has_edge(threonate, NGK + "magnesium")
    # and the earlier state's files are gone from the cache
    store_folder = Path(os.environ["NUTRIGRAPH_CACHE_DIR"])
    states = [p for p in store_folder.glob("*/*") if any(p.glob("*.pickle"))]
    assert len({p.parent for p in states}) == len(states)


def test_a_cache_others_may_write_to_is_not_read(tmp_path):
    cache = DiskCache("/a/store", "generation-1", folder=tmp_path / "cache")
    cache.put("key", [1, 2])
    assert cache.get("key") == [1, 2]
    os.chmod(tmp_path / "cache", 0o777)
    assert cache.get("key") is MISSING
    os.chmod(tmp_path / "cache", 0o700)
    (pickle,) = (tmp_path / "cache").glob("*/*/*.pickle")
    pickle.write_bytes(b"\x80\x05cut short")
    assert cache.get("key") is MISSING


def test_an_empty_cache_dir_setting_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("NUTRIGRAPH_CACHE_DIR", "")
    cache = DiskCache("/a/store", "generation-1")
    cache.put("key", 1)
    assert cache.get("key") is MISSING
