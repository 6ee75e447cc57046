"""``nutrigraph serve``: the graph over HTTP, for everyone who is not in Python.

- :mod:`.protocol`: ``/sparql``, the SPARQL 1.1 Protocol (query only), with
  :mod:`.negotiation` for the formats and :mod:`.description` for the Service
  Description;
- :mod:`.api`: ``/api/...``, the questions as the CLI's JSON, and the figures;
- :mod:`.web`: ``/``, the web page (server-rendered HTML that needs no JavaScript);
- :mod:`.workers` and :mod:`.tasks`: the worker processes that answer, each question
  within a time limit that ends its worker when passed;
- :mod:`.settings`: the limits; :mod:`.app`: the application that joins them.

FastAPI, uvicorn, pebble and the rest are the ``serve`` extra
(``pip install 'nutrigraph[serve]'``); this package is imported only by ``serve``.
"""

from __future__ import annotations

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
