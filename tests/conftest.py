import os
import sys
from pathlib import Path

import pytest

import nutrigraph

# The helper modules beside the tests (servers.py) import by name; its fixtures of real
# SPARQL servers (oxigraph_server, virtuoso_server...) are registered as a plugin.
sys.path.insert(0, str(Path(__file__).resolve().parent))
pytest_plugins = ["servers"]


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """What stores derive is kept in a cache of the test run (children inherit it), not in
    the user's ~/.cache."""
    os.environ["NUTRIGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def kg():
    """The bundled graph, loaded once; tests must not change it (use a fresh load() for that)."""
    return nutrigraph.load()


def pytest_collection_modifyitems(items):
    """The examples of the importers and the figures read datasets or draw: slow tests too."""
    for item in items:
        if isinstance(item, pytest.DoctestItem) and item.name.startswith(
                ("nutrigraph.importers.", "nutrigraph.plot.")):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on its test (``item.rep_setup``, ``rep_call``...), so that a
    fixture can tell in its teardown whether the test failed (the browser tests then
    keep a screenshot)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
