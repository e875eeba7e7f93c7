"""The spacekg vocabulary: the `sk:` terms, the other namespaces a graph uses, and the ontology.

`ontology/spacekg.ttl` is the source of truth; `SK` mirrors it term for term (checked by
tests/kg/test_vocab.py), and `_fail = True` makes a misspelt term an error instead of a new IRI.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


class SK(DefinedNamespace):
    """spacekg ontology: https://w3id.org/spacekg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/spacekg/ontology#")

    # owl:Class -- the eleven contract classes
    Country: URIRef  # a state
    Agency: URIRef  # a government or inter-governmental body
    Organization: URIRef  # a non-governmental body
    Person: URIRef  # a named person
    SpaceSystem: URIRef  # satellite, constellation, spacecraft, rocket, space station or module
    Program: URIRef  # program, mission, project, initiative or fund
    Agreement: URIRef  # treaty, accord, guideline, UN resolution, joint statement, MOU
    Law: URIRef  # a national law or regulation
    Policy: URIRef  # a national strategy, plan or policy document
    Budget: URIRef  # a monetary amount tied to a purpose
    Event: URIRef  # a dated happening

    # owl:Class -- subclasses (extract.models.SUBCLASS_OF)
    SpaceAgency: URIRef  # under Agency
    Ministry: URIRef  # under Agency
    MilitaryUnit: URIRef  # under Agency
    Council: URIRef  # under Agency
    InternationalBody: URIRef  # under Agency
    Company: URIRef  # under Organization
    ThinkTank: URIRef  # under Organization
    University: URIRef  # under Organization
    Satellite: URIRef  # under SpaceSystem
    Constellation: URIRef  # under SpaceSystem
    LaunchVehicle: URIRef  # under SpaceSystem
    SpaceStation: URIRef  # under SpaceSystem
    Spacecraft: URIRef  # under SpaceSystem
    Treaty: URIRef  # under Agreement
    Guideline: URIRef  # under Agreement
    Resolution: URIRef  # under Agreement
    Meeting: URIRef  # under Event
    Conference: URIRef  # under Event
    Launch: URIRef  # under Event
    WeaponsTest: URIRef  # under Event
    Signing: URIRef  # under Event
    Establishment: URIRef  # under Event

    # owl:Class -- documents
    Document: URIRef  # a source file; dcterms:identifier is its file name

    # owl:ObjectProperty -- the seventeen contract relations (subject -> object)
    memberOf: URIRef  # member -> body or alliance
    partOf: URIRef  # part -> whole
    oversees: URIRef  # authority -> what it oversees
    operates: URIRef  # operator -> what it runs
    develops: URIRef  # developer -> what it develops
    funds: URIRef  # funder -> what it pays for
    allocatedTo: URIRef  # Budget -> what it pays for
    partyTo: URIRef  # signer or party -> Agreement
    participatedIn: URIRef  # actor -> Event
    organizedBy: URIRef  # Event -> host
    establishedBy: URIRef  # thing -> what created it
    cooperatesWith: URIRef  # symmetric
    launchedBy: URIRef  # SpaceSystem -> launch vehicle or launching body
    successorOf: URIRef  # newer -> older
    locatedIn: URIRef  # thing -> place
    conductedBy: URIRef  # Event -> actor
    targets: URIRef  # Event (test, attack) -> what it hit

    # owl:ObjectProperty -- provenance
    evidenceSpan: URIRef  # rdf:Statement -> oa:SpecificResource of the evidence sentence

    # owl:DatatypeProperty -- values
    amount: URIRef  # xsd:decimal, in units of the currency
    currency: URIRef  # ISO 4217 code
    fiscalYear: URIRef  # xsd:gYear
    year: URIRef  # xsd:gYear
    date: URIRef  # xsd:date, xsd:gYearMonth or xsd:gYear

    # owl:DatatypeProperty -- provenance and metadata
    evidence: URIRef  # rdf:Statement -> the sentence that states it (rdf:langString)
    extractedBy: URIRef  # which extractor found it, e.g. "ginza"
    countryCode: URIRef  # ISO 3166-1 alpha-2 code of an entity's country
    contentHash: URIRef  # sha256 of a Document's bytes
    mentionCount: URIRef  # number of mentions of an entity


ID = Namespace("https://w3id.org/spacekg/id/")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "sk": SK._NS,
    "id": ID,
    "skos": SKOS._NS,
    "oa": OA,
    "prov": PROV._NS,
    "dcterms": DCTERMS._NS,
    "rdf": RDF._NS,
    "rdfs": RDFS._NS,
    "xsd": XSD._NS,
    "owl": OWL._NS,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the contract's prefixes on `graph` (replacing any other use of them); returns it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def load_ontology() -> Graph:
    """A fresh graph of ontology/spacekg.ttl."""
    return Graph().parse(ONTOLOGY_DIR / "spacekg.ttl", format="turtle")


def load_shapes() -> Graph:
    """A fresh graph of ontology/shapes.ttl."""
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")
