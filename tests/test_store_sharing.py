"""Stores on disk shared by many readers and one writer, and writers killed half-way.

Each writer or reader runs in a process of its own (as two commands in two terminals
would), and a writer is killed with SIGKILL at chosen points of its work: the store
must then be exactly as it was, or exactly as the writer meant to leave it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nutrigraph.cli.main import main
from nutrigraph.errors import StoreBusy, StoreNotFound
from nutrigraph.store import Store, iri, literal, quad

EX = "http://example.org/"
GRAPH = EX + "graph"
SIZE = 2_000

pytestmark = pytest.mark.skipif(os.name != "posix", reason="locks and SIGKILL are POSIX")


def fill(value: str) -> list:
    return [quad(iri(f"{EX}s{i}"), iri(EX + "p"), literal(value), GRAPH) for i in range(SIZE)]


def values(store: Store) -> list[str]:
    return sorted({q.object.value for q in store.quads(graph=GRAPH)})


def count(store: Store) -> int:
    return sum(1 for _ in store.quads(graph=GRAPH))


def run(script: str, *args: str) -> subprocess.Popen:
    constants = f"EX, GRAPH, SIZE = {EX!r}, {GRAPH!r}, {SIZE}\n"
    return subprocess.Popen([sys.executable, "-c", constants + textwrap.dedent(script), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


WRITER = """
    import sys, time
    from nutrigraph.store import Store, iri, literal, quad, oxigraph, folders
    folder, mode, stop_at = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "swap":
        oxigraph._IN_PLACE = 1  # as a graph of millions of quads is replaced
    armed = []  # pauses only in the import itself, not while the store is opened
    def pause(name, real):
        def wrapper(*args, **kwargs):
            if armed and name == stop_at:
                print(name, flush=True)
                time.sleep(60)  # killed here
            return real(*args, **kwargs)
        return wrapper
    for name in ("activate", "collect", "publish"):
        setattr(folders, name, pause(name, getattr(folders, name)))
    def chunks():
        for i in range(SIZE):
            if i == SIZE // 2 and stop_at == "loading":
                print("loading", flush=True)
                time.sleep(60)
            yield f'<{EX}s{i}> <{EX}p> "new" .\\n'
    with Store.creating(folder) as store:
        armed.append(True)
        store.load_graph(GRAPH, chunks(), where=folder)
    print("done", flush=True)
"""


def kill_at(folder: Path, mode: str, point: str) -> None:
    writer = run(WRITER, str(folder), mode, point)
    try:
        line = writer.stdout.readline().strip()
        assert line == point, writer.stderr.read()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)


@pytest.mark.parametrize("point", ["loading", "activate", "collect"])
def test_a_killed_import_into_a_store_leaves_it_as_it_was_or_as_meant(tmp_path, point):
    folder = tmp_path / "store"
    with Store.creating(folder) as store:
        store.add(fill("old"))
        store.add([quad(iri(EX + "mine"), iri(EX + "p"), literal("kept"), EX + "mine")])
    kill_at(folder, "swap", point)
    with Store(folder, read_only=True) as reader:
        # killed before the new generation was put in use: as it was; after: as meant
        assert values(reader) == (["new"] if point == "collect" else ["old"])
        assert count(reader) == SIZE
        assert reader.has_graph(EX + "mine")  # the other graphs are never lost
    # the next writer removes what the killed one left; nothing but the store remains
    with Store(folder) as writer:
        writer.add([quad(iri(EX + "a"), iri(EX + "p"), literal("b"), EX + "later")])
    generations = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    assert len(generations) == 1
    assert not list(folder.parent.glob(".store.new-*"))


@pytest.mark.parametrize("point", ["loading", "publish"])
def test_a_killed_import_into_a_new_store_leaves_no_store(tmp_path, point, capsys):
    folder = tmp_path / "store"
    kill_at(folder, "swap", point)
    assert not folder.exists()
    left = list(tmp_path.glob(".store.new-*"))
    assert len(left) == 1
    # a reader says so, and points at what was left
    with pytest.raises(StoreNotFound, match=r"no store at .*left \.store\.new-\d+ beside it"):
        Store(folder, read_only=True)
    assert main(["query", "--store", str(folder), "ASK {}"]) == 2
    assert "an import that did not finish left" in capsys.readouterr().err
    # a writer that makes the store clears it away
    with Store.creating(folder) as store:
        store.add(fill("again"))
    assert not list(tmp_path.glob(".store.new-*"))
    with Store(folder, read_only=True) as reader:
        assert values(reader) == ["again"]


def test_an_import_runs_to_the_end_when_not_killed(tmp_path):
    folder = tmp_path / "store"
    writer = run(WRITER, str(folder), "swap", "nowhere")
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    with Store(folder, read_only=True) as reader:
        assert values(reader) == ["new"] and count(reader) == SIZE


READER = """
    import os, sys, time
    from nutrigraph.store import Store
    folder, done, until = sys.argv[1], sys.argv[2], time.time() + 60
    reads = 0
    # read until the writer is done (and at least three times), within a minute
    while (reads < 3 or not os.path.exists(done)) and time.time() < until:
        with Store(folder, read_only=True) as store:
            row = store.query(
                "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?v) AS ?k) (SAMPLE(?v) AS ?value) "
                f"WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?v }} }}").rows[0]
            n, k = int(row[0].value), int(row[1].value)
            if n != SIZE or k != 1:
                print(f"MIXED {n} {k}", flush=True)
                sys.exit(1)
            reads += 1
    print(f"reads {reads}", flush=True)
"""

REWRITER = """
    import sys
    from nutrigraph.store import Store, iri, literal, quad, oxigraph
    folder, rounds = sys.argv[1], int(sys.argv[2])
    with Store(folder) as store:
        for i in range(rounds):
            oxigraph._IN_PLACE = 1 if i % 2 else 1_000_000  # new generations and transactions
            new = [quad(iri(f"{EX}s{j}"), iri(f"{EX}p"), literal(str(i)), GRAPH)
                   for j in range(SIZE)]
            store.replace_graphs([GRAPH], lambda writer: writer.add(new))
    print("written", flush=True)
"""


def test_many_readers_share_a_store_while_it_is_written(tmp_path):
    folder = tmp_path / "store"
    with Store.creating(folder) as store:
        store.add(fill("start"))
    done = tmp_path / "done"
    readers = [run(READER, str(folder), str(done)) for _ in range(3)]
    writer = run(REWRITER, str(folder), "8")
    out, err = writer.communicate(timeout=120)
    done.touch()
    assert writer.returncode == 0, err
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        # every read saw one state whole: never a store it could not open, never a mix
        assert reader.returncode == 0, out + err
        assert int(out.split()[1]) > 0
    with Store(folder, read_only=True) as reader:
        assert values(reader) == ["7"]
    # old generations no reader holds any more go with the next writer
    Store(folder).close()
    assert len([p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()]) == 1


def test_several_query_commands_share_a_store_at_once(tmp_path):
    folder = tmp_path / "store"
    assert main(["add", "--store", str(folder)]) == 0
    commands = [subprocess.Popen(
        [sys.executable, "-m", "nutrigraph", "query", "--store", str(folder), "--name", "foods",
         "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(6)]
    for command in commands:
        out, err = command.communicate(timeout=120)
        assert command.returncode == 0, err
        assert "almonds" in out.lower()


def test_one_writer_at_a_time(tmp_path, capsys):
    folder = tmp_path / "store"
    with Store(folder) as store:
        store.add(fill("one"))
        with pytest.raises(StoreBusy, match=r"writer \(pid \d+\) has the store"):
            Store(folder)
        with Store(folder, read_only=True) as reader:  # readers are welcome meanwhile
            assert values(reader) == ["one"]
        assert main(["add", "--store", str(folder)]) == 2
        assert "has the store" in capsys.readouterr().err


def test_readers_never_make_a_store(tmp_path, capsys):
    typo = tmp_path / "typo.bd"
    for argv in (["query", "--store", str(typo), "ASK {}"], ["resolve", "--store", str(typo),
                                                             "magnesium"],
                 ["graphs", "--store", str(typo)], ["drop", "--store", str(typo), EX]):
        assert main(argv) == 2
        assert capsys.readouterr().err == f"nutrigraph: error: no store at {typo}\n"
    assert not typo.exists()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    assert main(["add", "--store", str(tmp_path / "notes")]) == 2
    assert "is a folder, but not a nutrigraph store" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["todo.txt"]


def test_a_store_made_by_nutrigraph_0_1_is_read_and_then_moved_into_a_generation(tmp_path):
    import pyoxigraph as ox

    folder = tmp_path / "old.db"
    legacy = ox.Store(str(folder))  # 0.1 wrote the Oxigraph store straight into the folder
    legacy.extend(fill("legacy"))
    legacy.flush()
    del legacy
    with Store(folder, read_only=True) as reader:
        assert values(reader) == ["legacy"]
    with Store(folder) as writer:
        assert values(writer) == ["legacy"]
    assert os.readlink(folder / "active") == "generation-1"
    assert not (folder / "CURRENT").exists()  # its own files moved into the generation
    with Store(folder, read_only=True) as reader:
        assert count(reader) == SIZE


def test_a_damaged_store_is_one_line(tmp_path, capsys):
    folder = tmp_path / "store"
    with Store.creating(folder) as store:
        store.add(fill("x"))
        store.flush()
    generation = folder / os.readlink(folder / "active")
    for sst in generation.glob("*.sst"):
        sst.write_bytes(sst.read_bytes()[:100])  # truncated
    current = generation / "CURRENT"
    current.write_text("MANIFEST-999999\n", encoding="utf-8")  # names a missing manifest
    assert main(["query", "--store", str(folder), "ASK {}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nutrigraph: error: {folder}: ") and err.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize("after", [1.0, 5.0, 12.0, 19.0])
def test_the_real_import_killed_at_any_moment_leaves_the_store_as_it_was(tmp_path, after):
    pytest.importorskip("usda_nutrition", reason="needs nutrigraph[usda]")
    folder = tmp_path / "sr28.db"
    sr28 = "https://w3id.org/nutrigraph/graph/usda-sr28"
    assert main(["import", "usda", "--store", str(folder), "--foods", "11458,12061"]) == 0
    assert main(["add", "--store", str(folder), str(Path(__file__).parent / "data" /
                                                   "good.ttl")]) == 0
    with Store(folder, read_only=True) as reader:
        before = {g: sum(1 for _ in reader.quads(graph=g)) for g in reader.graphs()}
    # all of SR28 again, killed part of the way through (it takes about 25 s)
    importer = subprocess.Popen([sys.executable, "-m", "nutrigraph", "import", "usda", "--store",
                                 str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(after)
    importer.send_signal(signal.SIGKILL)
    importer.wait(timeout=30)
    with Store(folder, read_only=True) as reader:
        now = {g: sum(1 for _ in reader.quads(graph=g)) for g in reader.graphs()}
    assert now == before or (now[sr28] == 4_972_943 and
                             {g: n for g, n in now.items() if g != sr28} ==
                             {g: n for g, n in before.items() if g != sr28})
    Store(folder).close()  # the next writer clears what the killed one left
    assert [p.name for p in folder.iterdir() if p.is_dir() and not p.is_symlink()] == [
        os.readlink(folder / "active")]

