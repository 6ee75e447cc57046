"""nutrigraph's vocabulary as rdflib namespaces.

:class:`NG` is a :class:`~rdflib.namespace.DefinedNamespace`: every class,
relation and controlled value of ``ontology/nutrigraph.ttl`` is an attribute,
and a misspelt one raises ``AttributeError`` instead of quietly making a new IRI.
A test keeps this list and the ontology in step.

>>> from nutrigraph.vocab import NG, NGK
>>> NG.hasActiveForm
rdflib.term.URIRef('https://w3id.org/nutrigraph/vocab/hasActiveForm')
>>> NGK["magnesium"]
rdflib.term.URIRef('https://w3id.org/nutrigraph/kb/magnesium')
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from .prefixes import NG as _NG
from .prefixes import NG_GRAPH
from .prefixes import NGK as _NGK

__all__ = ["NG", "NGK", "NG_GRAPH_NS"]


class NG(DefinedNamespace):
    """Classes, relations and controlled values of the nutrigraph vocabulary."""

    _NS = Namespace(_NG)
    _fail = True

    # classes and controlled values
    ActiveForm: URIRef
    AdministrationRoute: URIRef
    Article: URIRef
    ArticleClaim: URIRef
    Asserted: URIRef
    AuthoritativeReview: URIRef
    BiologicalProcess: URIRef
    BodySystem: URIRef
    BySimilarity: URIRef
    CardiovascularSystem: URIRef
    ChemicalSubstance: URIRef
    Common: URIRef
    Condition: URIRef
    DailyValue: URIRef
    DatabaseRecord: URIRef
    Dataset: URIRef
    DeficiencyCondition: URIRef
    DiagnosticTest: URIRef
    DigestiveSystem: URIRef
    EnergyAndMuscle: URIRef
    Enzyme: URIRef
    EvidenceLevel: URIRef
    Experimental: URIRef
    Female: URIRef
    Food: URIRef
    FoodGroup: URIRef
    Frequency: URIRef
    Injection: URIRef
    IntakeReference: URIRef
    IntakeReferenceType: URIRef
    JournalArticle: URIRef
    Lactation: URIRef
    LifeStage: URIRef
    Male: URIRef
    Medication: URIRef
    MentalHealth: URIRef
    Metabolite: URIRef
    Modality: URIRef
    NervousSystem: URIRef
    Nutrient: URIRef
    NutrientMeasurement: URIRef
    Occasional: URIRef
    Oral: URIRef
    PopulationGroup: URIRef
    Portion: URIRef
    Possible: URIRef
    Pregnancy: URIRef
    Reaction: URIRef
    RecommendedDietaryAllowance: URIRef
    ReferenceData: URIRef
    ReferenceWork: URIRef
    Sex: URIRef
    Source: URIRef
    SourceSection: URIRef
    Statement: URIRef
    Supplement: URIRef
    SupplementForm: URIRef
    Symptom: URIRef
    TolerableUpperIntakeLevel: URIRef
    Transdermal: URIRef
    Unverified: URIRef
    VeryCommon: URIRef

    # relations and statement annotations
    absorptionLoweredBy: URIRef
    activeFormOf: URIRef
    amount: URIRef
    appliesTo: URIRef
    associatedWith: URIRef
    atRiskOf: URIRef
    bodySystem: URIRef
    catalyzedBy: URIRef
    catalyzes: URIRef
    causedBy: URIRef
    causes: URIRef
    cofactorOf: URIRef
    competesForAbsorptionWith: URIRef
    containsIngredient: URIRef
    contributedToBy: URIRef
    contributesTo: URIRef
    convertedFrom: URIRef
    convertedInto: URIRef
    deficiencyOf: URIRef
    diagnosedBy: URIRef
    diagnoses: URIRef
    disputedBy: URIRef
    disputes: URIRef
    evidenceLevel: URIRef
    explainedBy: URIRef
    foodGroupMember: URIRef
    foundInFood: URIRef
    frequency: URIRef
    gramWeight: URIRef
    hasActiveForm: URIRef
    hasCofactor: URIRef
    hasDeficiencyCondition: URIRef
    hasInput: URIRef
    hasOutput: URIRef
    hasPart: URIRef
    hasPortion: URIRef
    hasRecommendation: URIRef
    hasRiskGroup: URIRef
    hasRoute: URIRef
    hasSupplementForm: URIRef
    hasSymptom: URIRef
    impairedBy: URIRef
    impairs: URIRef
    inFoodGroup: URIRef
    increasesLossOf: URIRef
    ingredientOf: URIRef
    inputOf: URIRef
    lessBioavailableThan: URIRef
    lifeStage: URIRef
    lossIncreasedBy: URIRef
    lowersAbsorptionOf: URIRef
    maxAgeYears: URIRef
    measuredFood: URIRef
    measuredNutrient: URIRef
    minAgeYears: URIRef
    modality: URIRef
    moreBioavailableThan: URIRef
    negated: URIRef
    outputOf: URIRef
    partOf: URIRef
    providesNutrient: URIRef
    rank: URIRef
    reactionCountLowerBound: URIRef
    reactivatedBy: URIRef
    reactivates: URIRef
    recommendedFor: URIRef
    reducedBy: URIRef
    reduces: URIRef
    referenceFor: URIRef
    referenceType: URIRef
    regulatedBy: URIRef
    regulates: URIRef
    reportedPrevalence: URIRef
    requiredFor: URIRef
    requires: URIRef
    safelyCombinedWith: URIRef
    section: URIRef
    sex: URIRef
    supplementFormOf: URIRef
    supportedBy: URIRef
    supports: URIRef
    symptomOf: URIRef
    synergisticWith: URIRef
    treatedBy: URIRef
    treats: URIRef
    unit: URIRef
    worsenedBy: URIRef
    worsens: URIRef


NGK = Namespace(_NGK)
"""Entities, sources, sections and statements of the knowledge base (open-ended)."""

NG_GRAPH_NS = Namespace(NG_GRAPH)
"""Named graphs, one per source."""
