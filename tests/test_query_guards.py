"""The guards every query passes before Oxigraph sees it (issue 10).

Bounds on length, nesting and chained operators (past them Oxigraph's recursion
overflows the stack and the process dies), SERVICE refused unless allowed (it sends the
query to another server), FROM and FROM NAMED honoured, binding names checked; and the
lexer behind them fooled by neither case, comments, strings, IRIs, prefixed names nor
line breaks. Queries big enough to crash Oxigraph run only in child processes, so that
a regression fails a test instead of killing pytest.
"""

from __future__ import annotations

import time
from pathlib import Path

from nutrigraph.store import guards

QUERIES = Path(__file__).resolve().parents[1] / "src" / "nutrigraph" / "queries"


def test_every_bundled_query_is_far_under_the_bounds():
    paths = sorted(QUERIES.glob("*.rq")) + sorted((QUERIES / "internal").glob("*.rq"))
    assert len(paths) > 30
    for path in paths:
        text = path.read_text(encoding="utf-8")
        shape = guards.read(text)
        assert shape.depth <= guards.MAX_DEPTH // 10, path.name
        assert shape.operators <= guards.MAX_OPERATORS // 10, path.name
        assert len(text) <= guards.MAX_LENGTH // 100, path.name
        assert (shape.service_at, shape.dataset, shape.unclosed_at) == (None, False, None)
        assert guards.check(text) in (None, shape)


def test_the_lexer_takes_linear_time_on_hostile_text():
    # each would take minutes if a token were read again from every position
    for text in ["a-" * 100_000, "a." * 100_000 + ":", "'''" + "\\'''" * 50_000,
                 "'" + "\\'" * 100_000, "<a" * 100_000, "(" * 200_000, ":a" + "." * 200_000,
                 "ex:" + "a-" * 100_000, '"""' + '\\"' * 100_000 + '"""']:
        started = time.perf_counter()
        guards.read(text)
        assert time.perf_counter() - started < 2, text[:12]
