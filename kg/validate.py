"""Check a graph against the contract's SHACL shapes (ontology/shapes.ttl).

pySHACL gets the ontology as ont_graph with RDFS inference, so the shapes' sh:targetClass on the
eleven contract classes reaches instances of their subclasses, and advanced=True so the
SHACL-SPARQL constraint on rdf:Statement runs. The data graph itself is never changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

from kg.vocab import OA, load_ontology, load_shapes


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


# ---------------------------------------------------------------------------- the readable report

def report_lines(report: ValidationReport, graph: Graph) -> list[str]:
    """One block per result (severity, focus node and what it is, path, message, value)."""
    lines = []
    for v in report.violations:
        what = describe(graph, v.focus_node)
        lines.append(f"{v.severity}  {_term(graph, v.focus_node)}" + (f"  ({what})" if what else ""))
        if v.path is not None:
            lines.append(f"    path     {_term(graph, v.path)}")
        lines.append(f"    message  {v.message or '(the shape gives no message)'}")
        if v.value is not None and v.value != v.focus_node:
            lines.append(f"    value    {_term(graph, v.value)}")
    return lines


def summary(report: ValidationReport, triples: int) -> str:
    checked = f"{triples:,} triples checked against ontology/shapes.ttl"
    if report.conforms:
        return f"conforms: {checked}, no results"
    counts: dict[str, int] = {}
    for v in report.violations:
        counts[v.severity] = counts.get(v.severity, 0) + 1
    kinds = ", ".join(f"{n} {severity.lower()}{'' if n == 1 else 's'}" for severity, n in sorted(counts.items()))
    nodes = len({v.focus_node for v in report.violations})
    return f"does not conform: {checked}, {kinds} on {nodes} node{'' if nodes == 1 else 's'}"


def describe(graph: Graph, node: Node, depth: int = 3) -> str:
    """A few words that say what `node` is, for someone reading a report: an entity's name, a
    document's file name, a statement's triple, a mention's entity; for any other blank node,
    the property and node that point at it (up to `depth` steps up)."""
    name = _name(graph, node)
    if name:
        return name
    if isinstance(node, URIRef) or depth == 0:
        return ""
    for parent, prop in graph.subject_predicates(node):
        return f"{_term(graph, prop)} of {describe(graph, parent, depth - 1) or _term(graph, parent)}"
    return ""


def _name(graph: Graph, node: Node) -> str:
    for prop in (SKOS.prefLabel, SKOS.altLabel):  # an altLabel names an entity whose prefLabel is missing
        labels = {label.language: str(label) for label in sorted(graph.objects(node, prop))
                  if isinstance(label, Literal)}
        for lang in ("ja", "en", *sorted(labels, key=str)):
            if lang in labels:
                return labels[lang]
    identifier = graph.value(node, DCTERMS.identifier)
    if identifier is not None:
        return str(identifier)
    body = graph.value(node, OA.hasBody)
    if body is not None:
        return f"mention of {_name(graph, body) or _term(graph, body)}"
    s, p, o = (graph.value(node, prop) for prop in (RDF.subject, RDF.predicate, RDF.object))
    if s is not None and p is not None and o is not None:
        return " ".join(_name(graph, term) or _term(graph, term) for term in (s, p, o))
    return ""


def _term(graph: Graph, node: Node) -> str:
    """`node` in Turtle, with the graph's prefixes (id:…, sk:…) where they fit."""
    return node.n3(graph.namespace_manager) if hasattr(node, "n3") else str(node)
