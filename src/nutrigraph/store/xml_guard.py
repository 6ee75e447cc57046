"""RDF/XML read safely: no XML bomb, no file or URL fetched, no nesting past a bound.

Oxigraph's RDF/XML parser expands internal entities without a limit and slows with
the square of the nesting depth: a 1 KB file of nested entities ("billion laughs")
grows to gigabytes, and 960 KB nested 20,000 elements deep takes seconds. So every
XML input is first streamed through expat (by way of defusedxml), which refuses

* external entities, and entities declared in a parameter entity or unparsed;
* an entity whose text refers to another entity (the nesting that makes a bomb
  exponential). Entities of plain text, such as the namespace abbreviations OWL
  tools write (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``), are kept;
* text and attribute values that entities make longer than
  :data:`MAX_XML_EXPANSION` times the file (one large entity used many times);
* elements nested deeper than :data:`MAX_XML_DEPTH`.

The bounds are module constants; set them before loading to lift them
(``nutrigraph.store.xml_guard.MAX_XML_DEPTH = 10_000``). The check reads the file
once more, in about the time Oxigraph takes to parse it (22 ms for the bundled
graph as 2.4 MB of RDF/XML, which ``parse_file`` turns into quads in 90 ms).
An external DTD that a DOCTYPE names is skipped unread, as Oxigraph skips it.
"""

from __future__ import annotations

import functools
import os
from os import PathLike
from typing import IO, Any

from ..errors import DataFileError

__all__ = ["MAX_XML_DEPTH", "MAX_XML_EXPANSION", "check_xml"]

MAX_XML_DEPTH = 1_000
"""The deepest nesting of elements an XML input may have (RDF/XML rarely passes 20)."""

MAX_XML_EXPANSION = 10
"""How many times its own size the text and attribute values of an XML input may grow
by entities (counted from 1 MiB for smaller files); without entities they do not grow."""

_FLOOR = 1 << 20
_CHUNK = 1 << 16


def check_xml(source: str | PathLike[str] | IO[bytes], name: str | None = None) -> None:
    """Raise :class:`~nutrigraph.errors.DataFileError` if an XML file breaks a guard above.

    Parameters
    ----------
    source : path or binary file
        The file; an open file is read from where it is to its end (rewind it after).
    name : str, optional
        The file's name in messages (by default the path, or the file's ``name``).

    Raises
    ------
    DataFileError
        Naming the file, line and column, and the bound; also if the XML is
        malformed. An ``OSError`` from reading the file is left to the caller.

    Examples
    --------
    >>> import io
    >>> bomb = b'''<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;">]><r>&b;</r>'''
    >>> check_xml(io.BytesIO(bomb), "bomb.rdf")
    Traceback (most recent call last):
    ...
    nutrigraph.errors.DataFileError: bomb.rdf:1:41: entity 'b' refers to other entities, ...
    """
    if isinstance(source, str | PathLike):
        with open(source, "rb") as handle:
            return check_xml(handle, os.fspath(source) if name is None else name)
    from xml.sax import SAXParseException

    from defusedxml import DefusedXmlException

    name = name if name is not None else str(getattr(source, "name", "<xml>"))
    try:
        size = os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, ValueError):  # not a file on disk (a BytesIO)
        size = 0
    reader = _reader_class()(name, MAX_XML_EXPANSION * max(size, _FLOOR), MAX_XML_DEPTH)
    try:
        # fed by hand, not reader.parse(source): that would close the caller's file
        while chunk := source.read(_CHUNK):
            reader.feed(chunk)
        reader.close()
    except SAXParseException as error:
        message = error.getMessage()
        # expat's own guard (2.4 and later) may see a bomb before this module's bound does
        what = "refused XML" if "amplification" in message else "malformed RDF/XML"
        raise DataFileError(f"{what}: {message}", name,
                            error.getLineNumber(), _column(error.getColumnNumber())) from None
    except DefusedXmlException as error:  # what defusedxml refuses on its own
        raise DataFileError(f"refused XML: {error}", name,
                            reader.getLineNumber(), _column(reader.getColumnNumber())) from None


def _column(column: int | None) -> int | None:
    """Expat counts columns from 0; compilers, and nutrigraph's messages, from 1."""
    return None if column is None or column < 0 else column + 1


@functools.cache
def _reader_class() -> type:
    """defusedxml's SAX reader, made when the first XML file is read (not on import)."""
    from defusedxml.expatreader import DefusedExpatParser

    class Reader(DefusedExpatParser):
        """Refuses what defusedxml refuses, but keeps entities of plain text (see the module);
        counts the depth of elements and, once an entity is declared, the length of text."""

        def __init__(self, name: str, limit: int, max_depth: int):
            # forbid_entities routes entity declarations to defused_entity_decl below
            super().__init__(forbid_dtd=False, forbid_entities=True, forbid_external=True)
            self.file_name, self.limit, self.max_depth = name, limit, max_depth
            self.depth = self.length = 0
            self.counting = False

        def reset(self) -> None:
            super().reset()
            # without entities, text only shrinks (&amp; is one character): nothing to count,
            # and no Python call per run of text (the check then costs half as much)
            self._parser.CharacterDataHandler = None
            self._parser.buffer_text = True
            # attributes as written: Oxigraph applies no <!ATTLIST> defaults, so neither do we
            self._parser.specified_attributes = True

        # expatreader's own handlers, replaced: no SAX ContentHandler, no AttributesImpl
        def start_element(self, name: str, attrs: dict[str, str]) -> None:
            self.depth += 1
            if self.depth > self.max_depth:
                self._fail(f"elements nested deeper than {self.max_depth} "
                           "(nutrigraph.store.xml_guard.MAX_XML_DEPTH)")
            if self.counting and attrs:
                self._grow(sum(map(len, attrs.values())))

        def end_element(self, name: str) -> None:
            self.depth -= 1

        def _grow(self, length: int) -> None:
            self.length += length
            if self.length > self.limit:
                self._fail(f"entities make the text longer than {self.limit:,} characters, "
                           f"{MAX_XML_EXPANSION} times the file or 1 MiB "
                           "(nutrigraph.store.xml_guard.MAX_XML_EXPANSION)")

        def _text(self, text: str) -> None:
            self._grow(len(text))

        def _fail(self, why: str) -> None:
            raise DataFileError(why, self.file_name, self.getLineNumber(),
                                _column(self.getColumnNumber()))

        def defused_external_entity_ref_handler(self, context: str | None, base: Any,
                                                sysid: str | None, pubid: str | None) -> int:
            if context is None:  # the DOCTYPE's external DTD: skipped unread, as Oxigraph does
                return 1
            return super().defused_external_entity_ref_handler(context, base, sysid, pubid)

        def defused_entity_decl(self, entity: str, is_parameter_entity: bool,
                                value: str | None, base: Any, sysid: str | None,
                                pubid: str | None, notation_name: str | None) -> None:
            if value is None:
                self._fail(f"entity {entity!r} is external ({sysid or pubid}): nutrigraph "
                           "reads no file or URL that a file names")
            if is_parameter_entity:
                self._fail(f"parameter entity %{entity}; is refused")
            if "&" in value or "%" in value:
                self._fail(f"entity {entity!r} refers to other entities, which nutrigraph "
                           "refuses (that is how an XML bomb grows); write its text out")
            # an entity of plain text: from now on, count what entities make of the text
            self.counting = True
            self._parser.CharacterDataHandler = self._text

    return Reader
