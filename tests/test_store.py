"""The store: graphs replaced all or nothing, refreshed only when their files change, and the
one door that every query goes through."""

import pytest

from nutrigraph.errors import DataFileError, QueryError, QuerySyntaxError
from nutrigraph.store import Store, iri, literal, quad
from nutrigraph.store import oxigraph as oxigraph_store

EX = "http://example.org/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def labelled(name: str, graph: str):
    return quad(iri(EX + name), iri(LABEL), literal(name), EX + graph)


def labels(store: Store, graph: str) -> list[str]:
    return sorted(q.object.value for q in store.quads(graph=EX + graph))


@pytest.fixture(params=["memory", "folder", "folder, swapped"])
def store(request, tmp_path, monkeypatch):
    if request.param == "folder, swapped":  # as a store of millions of quads is replaced
        monkeypatch.setattr(oxigraph_store, "_IN_PLACE", 1)
    made = Store() if request.param == "memory" else Store(tmp_path / "store")
    made.add([labelled("a", "one"), labelled("b", "one"), labelled("c", "two")])
    return made


def test_replacing_a_graph_keeps_the_others(store):
    store.replace_graphs([EX + "one"], lambda writer: writer.add([labelled("z", "one")]))
    assert labels(store, "one") == ["z"]
    assert labels(store, "two") == ["c"]
    assert store.query("SELECT ?l WHERE { ?x rdfs:label ?l } ORDER BY ?l").rows[0][0].value == "c"


def test_a_failure_while_writing_leaves_the_store_as_it_was(store):
    def write(writer):
        writer.add([labelled("z", "one")])
        raise RuntimeError("the source broke half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        store.replace_graphs([EX + "one"], write)
    assert labels(store, "one") == ["a", "b"]


def test_a_writer_cannot_touch_other_graphs(store):
    with pytest.raises(ValueError, match="outside the graphs being replaced"):
        store.replace_graphs([EX + "one"], lambda w: w.add([labelled("z", "two")]))
    assert labels(store, "two") == ["c"]


def test_files_are_refreshed_only_when_they_change(tmp_path):
    source = tmp_path / "mine.trig"
    source.write_text(f"<{EX}g> {{ <{EX}x> <{LABEL}> \"first\" . }}\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    assert store.refresh({source: None}, state_graph=EX + "state") is True
    assert store.refresh({source: None}, state_graph=EX + "state") is False  # a read only
    source.write_text(f"<{EX}g> {{ <{EX}x> <{LABEL}> \"second\" . }}\n", encoding="utf-8")
    assert store.refresh({source: None}, state_graph=EX + "state") is True
    assert labels(store, "g") == ["second"]


def test_a_bad_file_adds_nothing(tmp_path):
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(f"<{EX}x> <{LABEL}> \"x\" .\n", encoding="utf-8")
    bad.write_text(f"<{EX}x> <{LABEL}> .\n", encoding="utf-8")
    store = Store()
    with pytest.raises(DataFileError, match=r"bad\.ttl:1:"):
        store.add_files([good, bad])
    assert len(store) == 0


def test_a_read_only_store_refuses_to_be_written(tmp_path):
    Store(tmp_path / "store").add([labelled("a", "one")])
    reader = Store(tmp_path / "store", read_only=True)
    assert labels(reader, "one") == ["a"]
    with pytest.raises(DataFileError, match="read-only"):
        reader.replace_graphs([EX + "one"], lambda writer: None)


def test_the_query_door_binds_terms_and_says_what_is_wrong():
    store = Store()
    store.add([labelled("a", "one")])
    rows = store.query("SELECT ?x ?l WHERE { ?x rdfs:label ?l }", l=literal("a")).rows
    assert [x.value for x, _ in rows] == [EX + "a"]
    with pytest.raises(QuerySyntaxError) as caught:
        store.query("SELECT ?x WHERE {\n ?x ?p }", where="mine.rq")
    assert (caught.value.where, caught.value.line) == ("mine.rq", 2)
    with pytest.raises(QueryError, match="bound but not selected"):
        store.query("SELECT ?x WHERE { ?x ?p ?l }", l=literal("a"))
    with pytest.raises(QueryError, match="cannot bind"):
        store.query("SELECT ?x ?l WHERE { ?x ?p ?l }", l=object())
