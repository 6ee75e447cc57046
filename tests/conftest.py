import pytest

import nutrigraph


@pytest.fixture(scope="session")
def kg():
    """The bundled graph, loaded once; tests must not change it (use a fresh load() for that)."""
    return nutrigraph.load()
