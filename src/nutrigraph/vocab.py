"""nutrigraph's vocabulary: every class, relation and controlled value of the schema, by name.

One list of names (:data:`TERMS`, kept in step with ``ontology/nutrigraph.ttl`` by a
test) gives two closed namespaces, where a misspelt term raises ``AttributeError``
instead of quietly making a new IRI:

* :data:`ng`: IRIs as plain strings, for nutrigraph's own code, which must not
  import rdflib on the command line's path;
* :class:`NG`: an rdflib :class:`~rdflib.namespace.DefinedNamespace` of
  ``URIRef`` terms, for rdflib users (built when first used).

>>> ng.hasActiveForm
'https://w3id.org/nutrigraph/vocab/hasActiveForm'
>>> ng.hasActivForm  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
AttributeError: ng:hasActivForm is not a term of nutrigraph's vocabulary; did you mean ...
>>> from nutrigraph.vocab import NG, NGK
>>> NG.hasActiveForm
rdflib.term.URIRef('https://w3id.org/nutrigraph/vocab/hasActiveForm')
>>> NGK["magnesium"]
rdflib.term.URIRef('https://w3id.org/nutrigraph/kb/magnesium')
"""

from __future__ import annotations

import difflib
from typing import Any

from .prefixes import NG as NG_IRI
from .prefixes import NG_GRAPH
from .prefixes import NGK as NGK_IRI

__all__ = ["NG", "NGK", "NG_GRAPH_NS", "TERMS", "ClosedNamespace", "ng"]

TERMS = (
    # classes and controlled values
    "ActiveForm", "AdministrationRoute", "Article", "ArticleClaim", "ArticleClaims", "Asserted",
    "AuthoritativeReview", "BiologicalProcess", "BodySystem", "BySimilarity",
    "CardiovascularSystem", "ChemicalSubstance", "Common", "Condition", "CuratedSources",
    "DailyValue", "DatabaseRecord", "Dataset", "DeficiencyCondition", "DiagnosticTest",
    "DigestiveSystem", "DisputedStatements", "ElectronicAnnotation", "EnergyAndMuscle",
    "Enzyme", "EvidenceGroup", "EvidenceLevel", "Experimental", "Female", "Food", "FoodGroup",
    "Frequency", "Gene", "HpoEvidenceCode", "InferredFromElectronicAnnotation",
    "InheritedDisorder", "Injection", "IntakeReference", "IntakeReferenceType",
    "JournalArticle", "Lactation", "LifeStage", "Male", "Medication", "MentalHealth",
    "Metabolite", "Modality", "ModeOfInheritance", "NervousSystem", "Nutrient",
    "NutrientMeasurement", "NutrientPerPortionProperty", "Occasional", "Oral",
    "PopulationGroup", "Portion", "Possible", "Pregnancy", "PublishedClinicalStudy", "Reaction",
    "RecommendedDietaryAllowance", "RecordRelation", "ReferenceData", "ReferenceWork", "Sex",
    "Source", "SourceSection", "Statement", "Supplement", "SupplementForm", "Symptom",
    "TolerableUpperIntakeLevel", "TraceableAuthorStatement", "Transdermal", "Transporter",
    "Unverified", "UnverifiedOrUnrated", "VeryCommon",
    # relations, statement annotations and properties of values
    "absorptionImprovedBy", "absorptionLoweredBy", "activeFormOf", "amount", "appliesTo",
    "associatedWith", "atRiskOf", "bodySystem", "catalyzedBy", "catalyzes", "causedBy",
    "causes", "cofactorOf", "competesForAbsorptionWith", "containsIngredient",
    "contributedToBy", "contributesTo", "convertedFrom", "convertedInto", "countsForUnrated",
    "deficiencyOf", "diagnosedBy", "diagnoses", "disputedBy", "disputes", "encodedBy",
    "encodes", "evidenceCode", "evidenceGroup", "evidenceLevel", "explainedBy",
    "foodGroupMember", "foundInFood", "frequency", "frequencyTerm", "frequencyValue",
    "geneAssociatedWith", "gramWeight", "hasActiveForm", "hasAssociatedGene", "hasCofactor",
    "hasDeficiencyCondition", "hasInput", "hasOutput", "hasPart", "hasPortion",
    "hasRecommendation", "hasRiskGroup", "hasRoute", "hasSupplementForm", "hasSymptom",
    "impairedBy", "impairs", "improvesAbsorptionOf", "increasesLossOf", "inFoodGroup",
    "ingredientOf", "inheritance", "inputOf", "lessBioavailableThan", "lifeStage",
    "lossIncreasedBy", "lowersAbsorptionOf", "maxAgeYears", "measuredFood", "measuredNutrient",
    "minAgeYears", "modality", "moreBioavailableThan", "negated", "onset", "outputOf", "partOf",
    "pathWeight", "perPortionOf", "providesNutrient", "rank", "reactionCountLowerBound",
    "reactivatedBy", "reactivates", "recommendedFor", "reducedBy", "reduces", "referenceFor",
    "referenceType", "regulatedBy", "regulates", "reportedPrevalence", "requiredFor",
    "requires", "routeHeading", "safelyCombinedWith", "section", "sex", "supplementFormOf",
    "supportedBy", "supports", "symptomOf", "synergisticWith", "treatedBy", "treats", "unit",
    "worsenedBy", "worsens",
)
"""The local names of every term ``ontology/nutrigraph.ttl`` declares."""


class ClosedNamespace(str):
    """A namespace IRI (it is the string) whose attributes are its terms' IRIs, as strings;
    a name that is not one of its terms raises ``AttributeError``."""

    def __new__(cls, iri: str, terms: tuple[str, ...], prefix: str):
        self = super().__new__(cls, iri)
        self._terms, self._prefix = frozenset(terms), prefix
        return self

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in self._terms:
            near = difflib.get_close_matches(name, self._terms, n=1)
            hint = f"; did you mean {self._prefix}:{near[0]}?" if near else ""
            raise AttributeError(f"{self._prefix}:{name} is not a term of nutrigraph's "
                                 f"vocabulary{hint}")
        return str(self) + name

    def __dir__(self) -> list[str]:
        return sorted(self._terms)


# made by __getattr__ when first asked for (see below)
NG: Any
NGK: Any
NG_GRAPH_NS: Any

ng = ClosedNamespace(NG_IRI, TERMS, "ng")
"""nutrigraph's terms as IRI strings: ``ng.Unverified``, ``ng.hasSymptom``."""


def __getattr__(name: str) -> Any:
    # the rdflib namespaces, made when first asked for: rdflib takes ~0.1 s to import
    if name not in ("NG", "NGK", "NG_GRAPH_NS"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib.namespace import DefinedNamespace, Namespace
    from rdflib.term import URIRef

    globals()["NGK"] = Namespace(NGK_IRI)
    globals()["NG_GRAPH_NS"] = Namespace(NG_GRAPH)
    globals()["NG"] = type("NG", (DefinedNamespace,), {
        "__doc__": "Classes, relations and controlled values of the nutrigraph vocabulary.",
        "__module__": __name__, "__annotations__": dict.fromkeys(TERMS, URIRef),
        "_NS": Namespace(NG_IRI), "_fail": True})
    return globals()[name]
