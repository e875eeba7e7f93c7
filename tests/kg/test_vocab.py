"""kg/vocab.py's SK against ontology/spacekg.ttl, and both against extract/models.py."""
from __future__ import annotations

from typing import get_args

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from extract.models import SUBCLASS_OF, EntityClass, Predicate
from kg.vocab import ID, OA, SK, bind_prefixes, load_ontology, load_shapes

ONTO = load_ontology()

CLASSES = set(get_args(EntityClass)) | {"Document"}
OBJECT_PROPERTIES = set(get_args(Predicate)) | {"evidenceSpan"}
DATATYPE_PROPERTIES = {
    "amount", "currency", "fiscalYear", "year", "date",
    "evidence", "extractedBy", "countryCode", "contentHash", "mentionCount",
}
EXPECTED_TYPE = (
    {name: OWL.Class for name in CLASSES}
    | {name: OWL.ObjectProperty for name in OBJECT_PROPERTIES}
    | {name: OWL.DatatypeProperty for name in DATATYPE_PROPERTIES}
)
DECLARATION_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)

SK_TERMS = {str(term).removeprefix(str(SK)) for term in dir(SK)}


def _declared_in_ontology() -> set[URIRef]:
    return {
        s
        for t in DECLARATION_TYPES
        for s in ONTO.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s in SK
    }


def test_sk_has_exactly_the_expected_terms():
    assert SK_TERMS == set(EXPECTED_TYPE)


@pytest.mark.parametrize("name", sorted(EXPECTED_TYPE))
def test_every_sk_term_is_declared_with_its_type(name):
    assert (SK[name], RDF.type, EXPECTED_TYPE[name]) in ONTO


def test_every_term_declared_in_the_ontology_is_in_sk():
    assert {str(t).removeprefix(str(SK)) for t in _declared_in_ontology()} <= SK_TERMS


@pytest.mark.parametrize("graph_name", ["spacekg.ttl", "shapes.ttl"])
def test_every_sk_iri_used_is_a_term_of_sk(graph_name):
    # Catches a misspelt sk: term anywhere in the ontology or the shapes, not only declared ones.
    graph = ONTO if graph_name == "spacekg.ttl" else load_shapes()
    used = {n for triple in graph for n in triple if isinstance(n, URIRef) and str(n).startswith(str(SK))}
    assert {str(n).removeprefix(str(SK)) for n in used} <= SK_TERMS


def test_misspelt_term_raises():
    with pytest.raises(AttributeError):
        SK.Satelite  # noqa: B018


@pytest.mark.parametrize("name", get_args(EntityClass))
def test_entity_class_is_an_owl_class_with_the_models_superclass(name):
    assert (SK[name], RDF.type, OWL.Class) in ONTO
    sk_parents = {p for p in ONTO.objects(SK[name], RDFS.subClassOf) if p in SK}
    expected = {SK[SUBCLASS_OF[name]]} if name in SUBCLASS_OF else set()
    assert sk_parents == expected


def test_no_subclass_in_the_ontology_that_the_models_do_not_know():
    declared = {
        (str(c).removeprefix(str(SK)), str(p).removeprefix(str(SK)))
        for c, p in ONTO.subject_objects(RDFS.subClassOf)
        if c in SK and p in SK
    }
    assert declared == set(SUBCLASS_OF.items())


@pytest.mark.parametrize("term", sorted(_declared_in_ontology()), ids=lambda t: t.fragment)
def test_every_term_has_ja_and_en_labels_and_an_en_comment(term):
    label_langs = {lab.language for lab in ONTO.objects(term, RDFS.label) if isinstance(lab, Literal)}
    comment_langs = {c.language for c in ONTO.objects(term, RDFS.comment) if isinstance(c, Literal)}
    assert {"ja", "en"} <= label_langs
    assert "en" in comment_langs


def test_ontology_header():
    (onto,) = ONTO.subjects(RDF.type, OWL.Ontology)
    assert ONTO.value(onto, DCTERMS.title) is not None
    assert ONTO.value(onto, OWL.versionInfo) is not None


def test_cooperates_with_is_symmetric():
    assert (SK.cooperatesWith, RDF.type, OWL.SymmetricProperty) in ONTO


def test_bind_prefixes():
    graph = bind_prefixes(Graph())
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces()}
    assert bound["sk"] == str(SK)
    assert bound["id"] == str(ID)
    assert bound["oa"] == str(OA)
    assert bound["skos"] == str(SKOS)
    for prefix in ("prov", "dcterms", "rdf", "rdfs", "xsd", "owl"):
        assert prefix in bound
