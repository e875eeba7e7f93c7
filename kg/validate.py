"""Check a graph against the contract's SHACL shapes (ontology/shapes.ttl).

pySHACL gets the ontology as ont_graph with RDFS inference, so the shapes' sh:targetClass on the
eleven contract classes reaches instances of their subclasses, and advanced=True so the
SHACL-SPARQL constraint on rdf:Statement runs. The data graph itself is never changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Node
from rdflib.namespace import RDF, SH

from kg.vocab import load_ontology, load_shapes


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result."""

    focus_node: Node
    path: Node | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"
    value: Node | None = None
    source_shape: Node | None = None


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


@cache
def _ontology() -> Graph:
    return load_ontology()


@cache
def _shapes() -> Graph:
    return load_shapes()


def validate(data_graph: Graph) -> ValidationReport:
    """Validate `data_graph` against the shapes, with the ontology for RDFS inference."""
    conforms, results, text = shacl_validate(
        data_graph,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="rdfs",
        advanced=True,
    )
    return ValidationReport(conforms=bool(conforms), violations=_violations(results), text=text)


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus_node=results.value(result, SH.focusNode),
                path=results.value(result, SH.resultPath),
                message="; ".join(str(m) for m in results.objects(result, SH.resultMessage)),
                severity=str(severity).removeprefix(str(SH)) if severity else "Violation",
                value=results.value(result, SH.value),
                source_shape=results.value(result, SH.sourceShape),
            )
        )
    # Results come out of a set; sort so reports are the same from run to run.
    return sorted(found, key=lambda v: (str(v.focus_node), str(v.path), v.message))
