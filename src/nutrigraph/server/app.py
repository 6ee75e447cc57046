"""The ASGI application: the SPARQL endpoint, the JSON API, the web page and their docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .settings import Settings
from .workers import Workers

__all__ = ["create_app"]

_DESCRIPTION = """A sourced nutrition knowledge graph over HTTP: a read-only SPARQL 1.1
endpoint at `/sparql`, its questions as JSON under `/api`, and a web page at `/`.
Every statement says where it comes from and how strong its evidence is.
**nutrigraph informs; it does not diagnose: not medical advice.**"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving ``settings.store`` (the embedded graph when ``None``).

    Its worker processes start with the application's lifespan (uvicorn starts it;
    so does ``with TestClient(app)``) and stop with it.
    """
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html

    from .. import __version__
    from . import api, protocol, web

    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        workers = Workers(settings)
        workers.start()
        app.state.workers = workers
        try:
            yield
        finally:
            workers.stop()

    app = FastAPI(title="nutrigraph", version=__version__, description=_DESCRIPTION,
                  lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.graph_names = None
    # any site's page may ask (a SPARQL editor elsewhere, say): nothing here is private,
    # and no request changes anything
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                       allow_headers=["Accept", "Content-Type"],
                       expose_headers=["Nutrigraph-Rows", "Nutrigraph-Truncated",
                                       "Nutrigraph-Row-Limit"])

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, error: RequestValidationError) -> JSONResponse:
        # one line: the first parameter that is wrong, where, and why
        first = error.errors()[0]
        where = " ".join(str(part) for part in first.get("loc", ()))
        return JSONResponse({"detail": f"{where}: {first.get('msg', 'invalid')}"},
                            status_code=400)

    # the interactive docs page, with Swagger UI's files from the swagger-ui-bundle
    # package: no CDN, nothing copied into this repository
    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
              name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="nutrigraph API",
                                   swagger_js_url="/docs/assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs/assets/swagger-ui.css",
                                   swagger_favicon_url="/docs/assets/favicon-32x32.png")

    app.include_router(protocol.router)
    app.include_router(api.router)
    app.include_router(web.router)
    # the web page's own style sheet and script (package data: they ship in the wheel)
    app.mount("/static", StaticFiles(packages=[("nutrigraph.server", "static")]), name="static")
    return app
