"""HTML pieces: escaped text, IRIs as linked CURIEs, tables that stop after a few rows.

Every page nutrigraph makes (the Jupyter views, :mod:`nutrigraph.render.pages`) is
built from these pieces, so that every value read from a graph goes through
:func:`html.escape` on its way to the page. A fragment that is already safe is
an :class:`Html` string; anything else is escaped when it is put into one.

Examples
--------
>>> mg = link("https://w3id.org/nutrigraph/kb/magnesium")
>>> html = table(["food", "nutrient"], [["<b>almonds</b>", mg]], total=3)
>>> print(html)  # doctest: +NORMALIZE_WHITESPACE
<table class="nutrigraph"><thead><tr><th style="text-align:left">food</th><th
style="text-align:left">nutrient</th></tr></thead><tbody><tr><td
style="text-align:left">&lt;b&gt;almonds&lt;/b&gt;</td><td style="text-align:left"><a
href="https://w3id.org/nutrigraph/kb/magnesium"
title="https://w3id.org/nutrigraph/kb/magnesium">ngk:magnesium</a></td></tr></tbody></table>
<p>… 2 more rows</p>
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

from ..advice import NOT_ADVICE
from ..prefixes import compact

__all__ = ["MAX_ROWS", "Html", "badge", "cell", "escape", "join", "link", "notice", "table"]

MAX_ROWS = 50
"""How many rows a table shows in a notebook before it says how many more there are."""

_LINKED_SCHEMES = ("http", "https")  # a javascript: or data: IRI is shown, never linked


class Html(str):
    """A fragment of HTML that is safe as it is: the helpers insert it without escaping."""


def escape(value: Any) -> Html:
    """``value`` as text safe to put in HTML (``None`` is empty); an :class:`Html` stays as is.

    Examples
    --------
    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    if isinstance(value, Html):
        return value
    return Html(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[Any], separator: str = "") -> Html:
    """Escape each part that is not :class:`Html` yet, and join them."""
    return Html(escape(separator).join(escape(part) for part in parts))


def link(iri: str, text: str | None = None) -> Html:
    """An IRI shown as its CURIE (or as ``text``), linked to the IRI when it is a web address.

    The IRI itself is the tooltip. IRIs of other schemes (``file:``, ``urn:``,
    and above all ``javascript:``) are shown but not linked.

    Examples
    --------
    >>> link("https://w3id.org/nutrigraph/kb/vitamin-b12", "vitamin B12")
    '<a href="https://w3id.org/nutrigraph/kb/vitamin-b12" title="ngk:vitamin-b12">vitamin B12</a>'
    >>> link("javascript:alert(1)")
    '<span title="javascript:alert(1)">javascript:alert(1)</span>'
    """
    curie = compact(iri)
    shown = escape(curie if text is None else text)
    tip = escape(iri if text is None else curie)
    if iri.split(":", 1)[0].lower() in _LINKED_SCHEMES:
        return Html(f'<a href="{escape(iri)}" title="{tip}">{shown}</a>')
    return Html(f'<span title="{tip}">{shown}</span>')


def cell(kind: str | None, value: str) -> Html:
    """A value of a query result as HTML: IRIs as linked CURIEs, literals by their value.

    ``kind`` is that of a :class:`~nutrigraph.results.Cell`: ``"iri"``,
    ``"blank"``, ``"literal"``, ``"triple"`` or ``None`` (unbound).

    Examples
    --------
    >>> cell("literal", "2.4")
    '2.4'
    >>> cell(None, "")
    ''
    """
    if kind is None:
        return Html("")
    if kind == "iri":
        return link(value)
    if kind == "blank":
        return escape(f"_:{value}")
    if kind == "literal":
        return escape(" ".join(value.split()))  # one line, as in the text table
    return escape(value)  # an RDF-star quoted triple, in N-Triples syntax


def badge(text: str, *, color: str = "#b00020") -> Html:
    """Text that stands out (bold, coloured), such as a disputed step's mark."""
    return Html(f'<strong style="color:{escape(color)}">{escape(text)}</strong>')


def table(header: Sequence[str], rows: Iterable[Sequence[Any]], *,
          total: int | None = None) -> Html:
    """An HTML table; cells that are not :class:`Html` are escaped.

    ``rows`` are the rows to show; when ``total`` is larger than their number,
    a line ``… N more rows`` follows the table. Cells are left-aligned, as text
    reads best (Jupyter right-aligns table cells by default).
    """
    cell = 'style="text-align:left"'
    head = "".join(f"<th {cell}>{escape(h)}</th>" for h in header)
    body = []
    shown = 0
    for row in rows:
        shown += 1
        body.append("<tr>" + "".join(f"<td {cell}>{escape(c)}</td>" for c in row) + "</tr>")
    more = "" if total is None or total <= shown else (
        f"\n<p>… {total - shown} more row{'s' * (total - shown != 1)}</p>")
    return Html(f'<table class="nutrigraph"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>{more}")


def notice() -> Html:
    """The not-medical-advice notice (:data:`nutrigraph.advice.NOT_ADVICE`), as a paragraph."""
    return Html(f"<p><em>{escape(NOT_ADVICE)}</em></p>")
