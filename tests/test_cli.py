"""The CLI through typer's runner, checked through the API (a small corpus built for real)."""
from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Graph
from typer.testing import CliRunner

from cli import app
from kg.store import open_graph, store_path

pytestmark = pytest.mark.slow
runner = CliRunner()
SMALL_SEED = "003_e130fa5e48a9706e.txt"


@pytest.fixture(scope="module")
def small_build(tmp_path_factory, seeds_dir):
    """seed 003 plus two bad files, built through the CLI."""
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copy(seeds_dir / SMALL_SEED, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "image.txt").write_bytes(bytes(range(256)) * 4)
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out)])
    return corpus, out, result


def test_build_skips_bad_files_and_builds_the_rest(small_build):
    _, out, result = small_build
    assert result.exit_code == 0, result.output
    assert "empty.txt" in result.stderr and "image.txt" in result.stderr
    assert "documents" in result.stdout
    assert (out / "graph.ttl").is_file() and (out / "graph.jsonld").is_file()
    assert len(open_graph(out)) > 100


def test_strict_build_fails_on_a_skipped_file(small_build, tmp_path):
    corpus, _, _ = small_build
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path), "--strict"])
    assert result.exit_code == 1


def test_a_failed_build_leaves_the_previous_graph(small_build, tmp_path):
    _, out, _ = small_build
    before = store_path(out)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert store_path(out) == before
    assert len(open_graph(out)) > 100


def test_query_reads_the_store_without_rebuilding(small_build):
    _, out, _ = small_build
    before = store_path(out)
    q = ("PREFIX sk: <https://w3id.org/spacekg/ontology#> "
         "SELECT (COUNT(?d) AS ?n) WHERE { ?d a sk:Document }")
    result = runner.invoke(app, ["query", q, "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["results"]["bindings"][0]["n"]["value"] == "1"
    assert store_path(out) == before


def test_query_from_a_file_as_csv(small_build, tmp_path):
    _, out, _ = small_build
    rq = tmp_path / "countries.rq"
    rq.write_text("PREFIX sk: <https://w3id.org/spacekg/ontology#>\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  "SELECT ?label WHERE { ?c a sk:Country ; skos:prefLabel ?label } ORDER BY ?label",
                  encoding="utf-8")
    result = runner.invoke(app, ["query", "--file", str(rq), "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "label"
    assert "日本" in lines


def test_bad_query_is_a_clear_error(small_build):
    _, out, _ = small_build
    result = runner.invoke(app, ["query", "SELEC ?x", "--out", str(out)])
    assert result.exit_code == 1
    assert "query failed" in result.stderr


def test_reading_a_folder_with_no_build(tmp_path):
    result = runner.invoke(app, ["stats", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no graph has been built" in result.stderr


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt"])
def test_export_parses_back_to_the_same_size(small_build, tmp_path, fmt):
    _, out, _ = small_build
    target = tmp_path / f"graph.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(target), "--out", str(out)])
    assert result.exit_code == 0, result.output
    parsed = Graph().parse(target, format=fmt)
    assert len(parsed) == len(open_graph(out))


def test_stats_counts_documents(small_build):
    _, out, _ = small_build
    result = runner.invoke(app, ["stats", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents" in result.stdout
