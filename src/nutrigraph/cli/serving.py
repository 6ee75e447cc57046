"""``nutrigraph serve``: the SPARQL endpoint, the JSON API and the web page over HTTP."""

from __future__ import annotations

import click

from ..errors import MissingDependency
from .common import open_graph, store_option

__all__ = ["serve_command"]



@click.command(name="serve")
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 127.0.0.1 (this machine only) unless told "
                   "otherwise.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The TCP port to listen on.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Worker processes that answer questions [default: the CPU count, 1 to 4].")
@click.option("--time-limit", type=click.FloatRange(0.1, 3600), default=10.0,
              show_default=True, metavar="SECONDS",
              help="The longest a question may take; its worker is then ended.")
@click.option("--max-rows", type=click.IntRange(1, 10_000_000), default=10_000,
              show_default=True, metavar="N",
              help="The most rows (or triples) an answer holds; more are left out, and "
                   "the answer says so.")
def serve_command(store: str | None, host: str, port: int, workers: int | None,
                  time_limit: float, max_rows: int) -> None:
    """Serve the graph over HTTP: SPARQL at /sparql, JSON at /api, a web page at /.

    The endpoint is read-only (SPARQL 1.1 Query; Update is refused) and refuses
    SERVICE; each question runs in a worker process that is ended past the time
    limit. The API's interactive documentation is at /docs.

    \b
    Examples:
      nutrigraph serve
      nutrigraph serve --store sr28.db --port 8080 --time-limit 30
    """
    try:
        import uvicorn

        from ..server import Settings, create_app
    except ImportError as missing:
        raise MissingDependency(f"`nutrigraph serve` needs {missing.name}: "
                                "pip install 'nutrigraph[serve]'") from None
    if store is not None:
        len(open_graph((), store=store))  # a store that cannot be opened fails here, once
    settings = Settings(store=store, time_limit=time_limit, max_rows=max_rows,
                        **({"workers": workers} if workers else {}))
    click.echo(f"nutrigraph: serving {store or 'the embedded graph'} at http://{host}:{port}/ "
               f"({settings.workers} workers; Ctrl+C stops)", err=True)
    # h11 refuses request lines and headers over 64 KB: a longer query is POSTed
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning",
                h11_max_incomplete_event_size=65_536, timeout_graceful_shutdown=5)
