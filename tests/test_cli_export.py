"""`spacekg export` through typer's runner, on the seeds' build (built once for the session)."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from pyld import jsonld
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from cli import app
from kg.export import CONTEXT_IRI, FORMATS, document_loader

# rdflib's own parsers warn once per triple that they use its deprecated ConjunctiveGraph
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
runner = CliRunner()


def export(*args: str):
    return runner.invoke(app, ["export", *args])


def size(fmt: str, data: bytes) -> int:
    """Triples, nodes or rows in `data`, read back with a parser of that format."""
    if fmt in ("trig", "nquads"):
        return len(list(Dataset().parse(data=data, format=fmt).quads()))
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data)).number_of_nodes()
    if fmt.endswith("-csv"):
        return len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))))
    return len(Graph().parse(data=data, format=fmt))


@pytest.fixture(scope="module")
def expected(seed_build, seed_graph):
    summary = seed_build[1]
    tables = {"graphml": sum(summary.entities.values()), "entities-csv": sum(summary.entities.values())}
    evidence = seed_graph.query("PREFIX sk: <https://w3id.org/spacekg/ontology#> "
                                "SELECT (COUNT(*) AS ?n) WHERE { ?st sk:evidence ?e }")
    tables["relations-csv"] = int(next(iter(evidence))[0])
    return {fmt: tables.get(fmt, len(seed_graph)) for fmt in FORMATS}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_to_a_file(seed_build, expected, tmp_path, fmt):
    target = tmp_path / f"graph{FORMATS[fmt].suffix}"
    result = export("--format", fmt, "-o", str(target), "--out", str(seed_build[0]))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    assert size(fmt, target.read_bytes()) == expected[fmt]
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


@pytest.mark.parametrize("fmt", ["nt", "relations-csv"])
def test_stdout_by_default(seed_build, expected, fmt):
    result = export("--format", fmt, "--out", str(seed_build[0]))
    assert result.exit_code == 0, result.output
    assert size(fmt, result.stdout_bytes) == expected[fmt]


def test_turtle_is_the_default(seed_build, seed_graph):
    result = export("--out", str(seed_build[0]))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("@prefix")
    assert len(Graph().parse(data=result.stdout_bytes, format="turtle")) == len(seed_graph)


def test_linked_context_reads_with_pyld_and_the_document_loader(seed_build, seed_graph, tmp_path):
    target = tmp_path / "graph.jsonld"
    result = export("--format", "json-ld", "--link-context", "-o", str(target), "--out", str(seed_build[0]))
    assert result.exit_code == 0, result.output
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["@context"] == CONTEXT_IRI
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader})
    assert len(Graph().parse(data=nquads, format="nt")) == len(seed_graph)


def test_an_unknown_format_lists_the_formats(seed_build):
    result = export("--format", "xml", "--out", str(seed_build[0]))
    assert result.exit_code == 2
    assert "'xml'" in result.stderr
    assert all(fmt in result.stderr for fmt in FORMATS)
    assert result.stdout == ""


def test_link_context_is_for_json_ld_only(seed_build):
    result = export("--format", "turtle", "--link-context", "--out", str(seed_build[0]))
    assert result.exit_code == 2
    assert "--link-context" in result.stderr and "json-ld" in result.stderr


def test_a_folder_as_output_is_a_usage_error(seed_build, tmp_path):
    result = export("--format", "nt", "-o", str(tmp_path), "--out", str(seed_build[0]))
    assert result.exit_code == 2
    assert str(tmp_path) in result.stderr and "folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_output_in_a_missing_folder_names_the_file(seed_build, tmp_path):
    target = tmp_path / "missing" / "graph.nt"
    result = export("--format", "nt", "-o", str(target), "--out", str(seed_build[0]))
    assert result.exit_code == 1
    assert str(target) in result.stderr and "cannot write" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_the_previous_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")
    result = export("--format", "turtle", "-o", str(target), "--out", str(tmp_path / "no-build"))
    assert result.exit_code == 1
    assert "no graph has been built" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
