"""Real third-party SPARQL 1.1 servers for the tests of a remote store.

Each server runs on 127.0.0.1 on a free port, on a new empty database in a directory of
the test, and is ended by its process id (SIGTERM, then SIGKILL after 15 s) whatever the
test did. The fixtures, registered by ``pytest_plugins`` in ``tests/conftest.py``:

- ``oxigraph_server``: ``oxigraph serve`` (the ``oxigraph`` package of the test extras).
  Oxigraph's server has no option for credentials, so there is no authenticated variant.
- ``virtuoso_server``: Debian's ``virtuoso-opensource-7-bin`` (``virtuoso-t``), its
  anonymous user granted SPARQL_UPDATE; ``virtuoso_server_auth``: the same server's
  endpoints that require HTTP Digest credentials (``credentials``, ``auth_scheme``).
  Both skip when Virtuoso is not installed, unless ``CI_REQUIRE_VIRTUOSO=1`` (set by
  ``.ci/run``) makes its absence a failure. ``tests/servers-notes.md`` lists where
  Virtuoso departs from the standard protocols.

The context managers ``running_oxigraph`` and ``running_virtuoso`` give the same
``Endpoints`` to a fixture of a wider scope.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

START_TIMEOUT = 60  # seconds; Oxigraph answers in well under 1 s, Virtuoso in about 4 s
STOP_TIMEOUT = 15  # seconds between SIGTERM and SIGKILL


@dataclass(frozen=True)
class Endpoints:
    """Where a running server answers, and its process (to check that it ended)."""

    query: str  # SPARQL 1.1 Protocol, query operation
    update: str  # SPARQL 1.1 Protocol, update operation
    graph_store: str  # SPARQL 1.1 Graph Store HTTP Protocol (indirect: ?graph=IRI)
    process: subprocess.Popen
    credentials: tuple[str, str] | None = None  # (user, password) the endpoints require
    auth_scheme: str | None = None  # "digest" or "basic", with credentials


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """End the server by its process id: SIGTERM, then SIGKILL if it is still there."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def _wait_until_answers(process: subprocess.Popen, url: str, log: Path) -> None:
    """Until a GET of ``url`` answers 200; fail if the process ends or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server ended ({process.returncode}): {_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the server did not answer in {START_TIMEOUT} s: {_tail(log)}")
        time.sleep(0.1)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


@contextmanager
def _process(command: list[str], directory: Path, log: Path) -> Iterator[subprocess.Popen]:
    """``command`` started in ``directory``, its output in ``log``; stopped on leaving."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=directory, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        yield process
    finally:
        stop(process)


# --- Oxigraph -------------------------------------------------------------------------

@contextmanager
def running_oxigraph(directory: Path) -> Iterator[Endpoints]:
    """``oxigraph serve`` on a new database in ``directory``, until the block ends."""
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph command is not installed (pip install '.[test]')")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    database = directory / "oxigraph"
    database.mkdir()
    command = [binary, "serve", "--location", str(database), "--bind", f"127.0.0.1:{port}"]
    with _process(command, directory, directory / "oxigraph.log") as process:
        _wait_until_answers(process, f"{base}/query?query=ASK%7B%7D",
                            directory / "oxigraph.log")
        yield Endpoints(query=f"{base}/query", update=f"{base}/update",
                        graph_store=f"{base}/store", process=process)


@pytest.fixture
def oxigraph_server(tmp_path) -> Iterator[Endpoints]:
    """A new, empty ``oxigraph serve`` on 127.0.0.1, ended after the test."""
    with running_oxigraph(tmp_path) as endpoints:
        yield endpoints


# --- Virtuoso -------------------------------------------------------------------------

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
CaseMode = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
"""
# The anonymous web user SPARQL may update (/sparql and /sparql-graph-crud); dba is the
# user of the -auth endpoints (Digest). Both on 127.0.0.1 only, on a database of the test.
VIRTUOSO_SETUP = 'GRANT SPARQL_UPDATE TO "SPARQL";'
VIRTUOSO_CREDENTIALS = ("dba", "dba")


def virtuoso_binaries() -> tuple[str, str] | None:
    """The paths of ``virtuoso-t`` and its ISQL client (Debian names it ``isql-vt``)."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


def _virtuoso_unavailable(reason: str) -> None:
    """Skip, or fail when the run requires Virtuoso (CI must not skip silently)."""
    if os.environ.get("CI_REQUIRE_VIRTUOSO") == "1":
        pytest.fail(f"{reason}, and CI_REQUIRE_VIRTUOSO=1 requires the Virtuoso tests")
    pytest.skip(reason)


def _isql(isql: str, sql_port: int, statement: str, log: Path) -> None:
    """Run one SQL statement as dba; the SQL port may open a moment after the HTTP one."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        done = subprocess.run([isql, f"127.0.0.1:{sql_port}", *VIRTUOSO_CREDENTIALS,
                               f"exec={statement}"], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=30)
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}{_tail(log)}")
        time.sleep(0.2)


@contextmanager
def running_virtuoso(directory: Path) -> Iterator[Endpoints]:
    """``virtuoso-t +foreground`` on a new database in ``directory``; anonymous
    endpoints that may update. Skips (or fails, see above) without Virtuoso."""
    binaries = virtuoso_binaries()
    if binaries is None:
        _virtuoso_unavailable("Virtuoso is not installed (apt-get install "
                              "virtuoso-opensource-7-bin: virtuoso-t, isql-vt)")
    server, isql = binaries
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    database = directory / "virtuoso"
    database.mkdir()
    ini = database / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=database, sql_port=sql_port, http_port=http_port))
    base = f"http://127.0.0.1:{http_port}"
    log = database / "virtuoso-t.log"
    command = [server, "+foreground", "+configfile", str(ini)]
    with _process(command, database, log) as process:
        _wait_until_answers(process, f"{base}/sparql?query=ASK%7B%7D&format="
                            + urllib.parse.quote("application/sparql-results+json"), log)
        _isql(isql, sql_port, VIRTUOSO_SETUP, log)
        yield Endpoints(query=f"{base}/sparql", update=f"{base}/sparql",
                        graph_store=f"{base}/sparql-graph-crud", process=process)


@pytest.fixture
def virtuoso_server(tmp_path) -> Iterator[Endpoints]:
    """A new, empty Virtuoso on 127.0.0.1 whose anonymous endpoints may update."""
    with running_virtuoso(tmp_path) as endpoints:
        yield endpoints


@pytest.fixture
def virtuoso_server_auth(tmp_path) -> Iterator[Endpoints]:
    """A new, empty Virtuoso's endpoints that require HTTP Digest credentials
    (``/sparql-auth``, ``/sparql-graph-crud-auth``; Basic is refused with 401)."""
    with running_virtuoso(tmp_path) as anonymous:
        base = anonymous.query.removesuffix("/sparql")
        yield Endpoints(query=f"{base}/sparql-auth", update=f"{base}/sparql-auth",
                        graph_store=f"{base}/sparql-graph-crud-auth",
                        process=anonymous.process, credentials=VIRTUOSO_CREDENTIALS,
                        auth_scheme="digest")


def push(endpoints: Endpoints) -> None:
    """Write the bundled knowledge into a running server, as a user would
    (``nutrigraph push``)."""
    from click.testing import CliRunner

    from nutrigraph.cli.main import cli

    result = CliRunner().invoke(cli, ["push", "--store", endpoints.query, "--update-endpoint",
                                      endpoints.update, "--graph-store", endpoints.graph_store])
    assert result.exit_code == 0, result.output
