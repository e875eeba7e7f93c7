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
    assert (out / "graph.ttl").is_file()
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


# --- spacekg show -------------------------------------------------------------------------
# A one-document graph with relations, assembled by kg.graph.build_graph from hand-made records
# (the seed build may have no relations yet) and published into a temporary out folder.

SHOW_TEXT = "JAXAはNASAと協力する。文部科学省はJAXAを所管する。ESAとESAは別物である。"


@pytest.fixture(scope="module")
def show_out(tmp_path_factory):
    from extract.models import Document, Entity, Evidence, Mention, OffsetMap, Relation
    from kg.export import oxigraph_triples
    from kg.graph import build_graph
    from kg.store import new_store_dir, publish, write_store

    def mention(exact, cls, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = SHOW_TEXT.index(exact, start + 1)
        return Mention(doc_id="d1", start=start, end=start + len(exact), exact=exact, name=exact,
                       cls=cls, source="test")

    def relation(subject, predicate, obj, sentence):
        start = SHOW_TEXT.index(sentence)
        return Relation(subject=subject, predicate=predicate, object=obj, source="test",
                        evidence=Evidence(doc_id="d1", start=start, end=start + len(sentence),
                                          sentence=sentence))

    jaxa, jaxa2, nasa, mext = (mention("JAXA", "SpaceAgency"), mention("JAXA", "SpaceAgency", 1),
                               mention("NASA", "SpaceAgency"), mention("文部科学省", "Ministry"))
    document = Document(id="d1", name="001_show.txt", path="001_show.txt", title="show", original=SHOW_TEXT,
                        text=SHOW_TEXT, offsets=OffsetMap(starts=list(range(len(SHOW_TEXT))),
                                                          ends=list(range(1, len(SHOW_TEXT) + 1))),
                        sha256="0" * 64, encoding="utf-8")
    entities = [
        Entity(id="jaxa", cls="SpaceAgency", labels={"ja": "宇宙航空研究開発機構", "en": "Japan Aerospace "
               "Exploration Agency"}, alt_labels={"JAXA"}, mentions=[jaxa, jaxa2]),
        Entity(id="nasa", cls="SpaceAgency", labels={"en": "NASA"}, mentions=[nasa]),
        Entity(id="mext", cls="Ministry", labels={"ja": "文部科学省"}, mentions=[mext]),
        Entity(id="esa", cls="InternationalBody", labels={"en": "ESA"}, mentions=[mention("ESA", "Agency")]),
        Entity(id="esa_co", cls="Company", labels={"en": "ESA"}, mentions=[mention("ESA", "Company", 1)]),
    ]
    relations = [relation(jaxa, "cooperatesWith", nasa, "JAXAはNASAと協力する。"),
                 relation(mext, "oversees", jaxa2, "文部科学省はJAXAを所管する。")]
    out = tmp_path_factory.mktemp("show-out")
    store_dir = new_store_dir(out)
    write_store(oxigraph_triples(build_graph([document], entities, relations)), store_dir)
    publish(out, store_dir)
    return out


def test_show_prints_the_card_with_both_directions_and_evidence(show_out):
    result = runner.invoke(app, ["show", "ＪＡＸＡ", "--out", str(show_out)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "https://w3id.org/spacekg/id/e/jaxa" in out and "SpaceAgency, Agency" in out
    assert out.count("cooperatesWith") == 1 and "NASA" in out
    assert "oversees ← 文部科学省 (Ministry)" in out
    assert "JAXAはNASAと協力する。" in out and "文部科学省はJAXAを所管する。" in out
    assert "001_show.txt" in out


def test_show_json_parses(show_out):
    result = runner.invoke(app, ["show", "jaxa", "--json", "--out", str(show_out)])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert [(r["direction"], r["property"]) for r in card["relations"]] == [
        ("out", "cooperatesWith"), ("in", "oversees")]
    assert card["relations"][1]["evidence"][0]["document"] == "001_show.txt"


def test_show_lists_the_candidates_of_a_shared_name(show_out):
    result = runner.invoke(app, ["show", "esa", "--out", str(show_out)])
    assert result.exit_code == 1
    assert "names 2 entities" in result.stderr and "--pick" in result.stderr
    lines = result.stderr.splitlines()
    assert lines[1].startswith("  1. InternationalBody") and lines[1].endswith("/id/e/esa")
    assert lines[2].startswith("  2. Company") and lines[2].endswith("/id/e/esa_co")
    picked = runner.invoke(app, ["show", "esa", "--pick", "2", "--out", str(show_out), "--json"])
    assert picked.exit_code == 0, picked.output
    assert json.loads(picked.stdout)["iri"] == "https://w3id.org/spacekg/id/e/esa_co"


def test_show_an_unknown_name_suggests_names_that_contain_it(show_out):
    result = runner.invoke(app, ["show", "文部", "--out", str(show_out)])
    assert result.exit_code == 1
    assert "no entity is named '文部'" in result.stderr
    assert "文部科学省" in result.stderr
    assert result.stdout == ""


def test_show_without_a_build(tmp_path):
    result = runner.invoke(app, ["show", "JAXA", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "no graph has been built" in result.stderr


def test_show_finds_jaxa_in_the_seed_build_by_its_japanese_name(seed_build):
    result = runner.invoke(app, ["show", "宇宙航空研究開発機構", "--out", str(seed_build[0])])
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/spacekg/id/e/jaxa" in result.stdout
