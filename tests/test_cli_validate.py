"""`spacekg validate` on real stores: the seed build conforms; a store with a broken graph does not."""
from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from typer.testing import CliRunner

from cli import app
from kg.export import oxigraph_triples
from kg.store import new_store_dir, publish, write_store
from kg.vocab import ID, SK, bind_prefixes

runner = CliRunner()

BUDGET = ID["budget/jaxa-2024"]
AGENCY = ID["mext"]


def write_build(graph: Graph, out) -> None:
    """Put `graph` in `out` the way a build does: a new database, then the `store` link."""
    store_dir = new_store_dir(out)
    write_store(oxigraph_triples(graph), store_dir)
    publish(out, store_dir)


def small_graph(amount: str) -> Graph:
    g = bind_prefixes(Graph())
    g.add((ID["doc/a"], RDF.type, SK.Document))
    g.add((ID["doc/a"], DCTERMS.identifier, Literal("a.txt")))
    g.add((AGENCY, RDF.type, SK.Ministry))
    g.add((AGENCY, SKOS.prefLabel, Literal("文部科学省", lang="ja")))
    g.add((BUDGET, RDF.type, SK.Budget))
    g.add((BUDGET, SKOS.prefLabel, Literal("JAXA運営費交付金", lang="ja")))
    g.add((BUDGET, SK.amount, Literal(Decimal(amount), datatype=XSD.decimal)))
    g.add((BUDGET, SK.currency, Literal("JPY")))
    return g


@pytest.mark.slow
def test_the_seed_build_conforms(seed_build):
    result = runner.invoke(app, ["validate", "--out", str(seed_build[0])])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout
    assert "does not conform" not in result.stdout


def test_a_small_valid_store_conforms(tmp_path):
    write_build(small_graph("154000000000"), tmp_path)
    result = runner.invoke(app, ["validate", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "conforms: 8 triples checked" in result.stdout


def test_a_violation_names_the_node_its_label_and_the_shapes_message(tmp_path):
    broken = small_graph("-5")
    broken.remove((AGENCY, SKOS.prefLabel, None))
    write_build(broken, tmp_path)

    result = runner.invoke(app, ["validate", "--out", str(tmp_path)])

    assert result.exit_code == 1, result.output
    out = result.stdout
    assert f"Violation  <{BUDGET}>  (JAXA運営費交付金)" in out
    assert "    path     sk:amount" in out
    assert "A Budget's sk:amount must be an xsd:decimal of 0 or more" in out
    assert '    value    "-5"^^xsd:decimal' in out
    assert "Violation  id:mext" in out
    assert "An entity needs at least one skos:prefLabel." in out
    assert "does not conform: 7 triples checked against ontology/shapes.ttl, 2 violations on 2 nodes" in out


def test_no_build_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["validate", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}: no graph has been built here" in result.stderr
