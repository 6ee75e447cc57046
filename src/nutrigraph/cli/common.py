"""What every command shares: the options, opening the graph, and writing answers out.

The notice rule (:mod:`nutrigraph.render`): an answer about health printed as text ends
with the notice; as JSON it carries a ``"notice"`` field; in a standard format that has
no room for it (SPARQL results as CSV, TSV or W3C JSON; Turtle) the notice goes to stderr.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..advice import NOT_ADVICE
from ..errors import QueryError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..store import GraphStore

data_option = click.option(
    "--data", "data", multiple=True, metavar="FILE",
    help="An RDF file (Turtle, TriG, N-Triples, ...) to load alongside the bundled graph. "
         "Repeatable.")
store_option = click.option(
    "--store", metavar="DIR|URL",
    help="Use the persistent Oxigraph store in DIR (made by `nutrigraph import ... --store DIR`), "
         "or the SPARQL 1.1 query endpoint at URL, instead of an in-memory graph.")


def endpoint_options(command: Any) -> Any:
    """``--update-endpoint`` and ``--graph-store``: where a command writes to a ``--store
    URL`` (also from the environment; credentials come only from there, or ~/.netrc)."""
    command = click.option(
        "--graph-store", metavar="URL", envvar="NUTRIGRAPH_GRAPH_STORE",
        help="The server's SPARQL 1.1 Graph Store Protocol endpoint, for writing graphs in "
             "chunks (without it, in chunks of SPARQL Update).")(command)
    return click.option(
        "--update-endpoint", metavar="URL", envvar="NUTRIGRAPH_UPDATE_ENDPOINT",
        help="The server's SPARQL 1.1 Update endpoint: needed to write to --store URL. "
             "Credentials: NUTRIGRAPH_STORE_USER and NUTRIGRAPH_STORE_PASSWORD, or ~/.netrc."
    )(command)


@contextmanager
def writable_store(store: str | None, update_endpoint: str | None = None,
                   graph_store: str | None = None) -> Iterator[GraphStore | None]:
    """The store a command writes to: a folder (a new one appears only once the command
    is complete: killed before, there is none), or a server (each write all or nothing,
    :class:`~nutrigraph.store.RemoteStore`); ``None`` without ``--store``."""
    from ..store import RemoteStore, Store, is_url

    if store is None:
        if update_endpoint or graph_store:
            raise click.UsageError("--update-endpoint and --graph-store need --store URL")
        yield None
    elif is_url(store):
        if not update_endpoint:
            raise click.UsageError(f"writing to {store} needs --update-endpoint URL (the "
                                   "server's SPARQL 1.1 Update endpoint)")
        with RemoteStore(store, update_endpoint=update_endpoint,
                         graph_store=graph_store) as target:
            yield target
    else:
        if update_endpoint or graph_store:
            raise click.UsageError("--update-endpoint and --graph-store are for --store URL, "
                                   "not a folder")
        with Store.creating(store) as target:
            yield target
max_length_option = click.option(
    "--max-length", type=click.IntRange(1), default=6, show_default=True, metavar="L",
    help="The longest route, in steps.")
through_option = click.option(
    "--through", multiple=True, metavar="CATEGORY",
    help="Only routes that pass through an entity of this class (enzyme, active form, "
         "ng:BiologicalProcess...). Repeatable: any of them.")
avoid_option = click.option(
    "--avoid", multiple=True, metavar="CATEGORY",
    help="No route through an entity of this class. Repeatable.")


def report_format(what: str) -> Any:
    """``--format text|json``: a report for the terminal, or ``what`` as JSON."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help=f"A report for the terminal, or {what}.")


def open_graph(data: Sequence[str], *, store: str | None, validate: bool = True,
               infer: str | None = None, write: bool = False) -> KnowledgeGraph:
    """The graph every command works on: ``load()``, with ``--data`` files checked against
    the shapes first; a file that breaks them is reported in full on stderr.

    A command that only reads opens ``--store`` read-only, so that any number of them
    share a store, also while an import writes to it; only commands that ``write``
    make a store or change one.
    """
    import warnings

    from ..errors import DataValidationError
    from ..graph import StaleStoreWarning
    from ..loading import load

    if store is not None and not write and (data or infer):
        given = "--data" if data else "--infer"
        raise click.UsageError(
            f"{given} cannot be used with --store: commands that read open a store read-only, "
            "so that many can share it; add files to a store for good with "
            "`nutrigraph add --store DIR FILE...`")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", StaleStoreWarning)
            kg = load(data, store=store, read_only=store is not None and not write,
                      validate=validate, infer=infer)
        for warning in caught:
            click.echo(f"nutrigraph: warning: {warning.message}", err=True)
        return kg
    except DataValidationError as error:
        click.echo(error.report.text(), err=True)
        raise


def emit(text: str) -> None:
    """Write text to stdout, ending with one newline."""
    click.echo(text.rstrip("\n"))


def emit_json(document: object) -> None:
    """Write a JSON document (nutrigraph's vocabulary, :mod:`nutrigraph.render.documents`)."""
    import json

    emit(json.dumps(document, indent=2, ensure_ascii=False))


def notice_on_stderr() -> None:
    """The notice, for an answer written in a format that has no room for it."""
    click.echo(f"\n{NOT_ADVICE}", err=True)


# SPARQL 1.1's VARNAME (grammar rules 164-166): PN_CHARS_U or a digit first, then those,
# U+00B7, combining marks U+0300-036F and U+203F-2040
_PN_CHARS_U = ("A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
               "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF"
               "\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_VARNAME = re.compile(f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*")


def split_param(text: str) -> tuple[str, str]:
    """``VAR=ENTITY`` of ``-p``: VAR a SPARQL variable name (``?`` or ``$`` may lead).

    Raises
    ------
    click.BadParameter
        If there is no ``=``, no entity, or VAR is not a SPARQL 1.1 VARNAME.
    """
    var, sep, value = text.partition("=")
    var = var.strip().lstrip("?$")
    if not sep or not var or not value.strip():
        raise click.BadParameter(f"{text!r} is not VAR=ENTITY", param_hint="'-p/--param'")
    if not _VARNAME.fullmatch(var):
        raise click.BadParameter(
            f"{var!r} is not a SPARQL variable name (letters, digits and _; such as "
            "nutrient=magnesium)", param_hint="'-p/--param'")
    return var, value.strip()


def read_query_file(path: str | None) -> str:
    try:
        return Path(str(path)).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise QueryError(f"{path}: cannot read the query (not UTF-8: {error.reason})") from None
    except OSError as error:  # a folder, permissions, a symbolic link loop, a name too long
        reason = (error.strerror or error.__class__.__name__).lower()
        raise QueryError(f"{str(path)[:200]}: cannot read the query ({reason})") from None


def categories(kg: KnowledgeGraph, names: Sequence[str]) -> list[str] | None:
    """``--through``/``--avoid``/``--category`` names as class IRIs (None for none)."""
    from ..knowledge import read_schema

    schema = read_schema(kg)
    return [schema.find_class(name) for name in names] or None
