"""Cached, parallel and serial builds give the same graph; a rebuild parses only what changed."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.extraction_cache import CACHE_DIR, ExtractionCache

pytestmark = pytest.mark.slow

TEXTS = {
    "a.txt": "文部科学省はJAXAを所管する。JAXAはNASAと協力する。\n",
    "b.txt": "2023年3月24日に東京で日米対話の第8回会合が開催された。外務省及び防衛省が参加した。\n",
}


def corpus(folder, texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def graph_of(out):
    return Graph().parse(out / "graph.ttl")


def test_a_rebuild_of_an_unchanged_corpus_takes_every_extraction_from_the_cache(tmp_path):
    docs, out, fresh = corpus(tmp_path / "docs", TEXTS), tmp_path / "out", tmp_path / "fresh"
    first = build([docs], out)
    second = build([docs], out)
    uncached = build([docs], fresh, use_cache=False)
    assert (first.cached, second.cached, uncached.cached) == (0, 2, 0)
    assert isomorphic(graph_of(out), graph_of(fresh))
    assert build([docs], fresh, use_cache=False).cached == 0  # entries are written, not read
    assert build([docs], fresh).cached == 2


def test_a_changed_document_alone_is_extracted_again(tmp_path):
    docs, out = corpus(tmp_path / "docs", TEXTS), tmp_path / "out"
    build([docs], out)
    (docs / "a.txt").write_text("経済産業省はJAXAを所管する。\n", encoding="utf-8")
    summary = build([docs], out)
    assert summary.cached == 1
    labels = {str(o) for o in graph_of(out).objects()}
    assert "経済産業省" in labels and "文部科学省" not in labels
    assert len(list((out / CACHE_DIR).iterdir())) == 2  # the old entry of a.txt is gone


def test_a_damaged_entry_is_extracted_again_and_rewritten(tmp_path):
    docs, out = corpus(tmp_path / "docs", TEXTS), tmp_path / "out"
    build([docs], out)
    entry = sorted((out / CACHE_DIR).iterdir())[0]
    entry.write_text('{"doc_id": ', encoding="utf-8")
    (out / "build.json").unlink()  # else the unchanged corpus' graph stands and the cache is not read
    assert build([docs], out).cached == 1
    (out / "build.json").unlink()
    assert build([docs], out).cached == 2


def test_the_key_changes_with_the_extractor_and_the_text(tmp_path):
    from extract.loader import load_path

    document = load_path(corpus(tmp_path / "docs", TEXTS) / "a.txt")
    edited = document.model_copy(update={"original": document.original + "。"})
    one, other = ExtractionCache(tmp_path, "v1"), ExtractionCache(tmp_path, "v2")
    assert len({one.key(document), other.key(document), one.key(edited)}) == 3


def test_a_parallel_build_writes_the_serial_build_s_graph(seed_build, seeds_dir, tmp_path):
    """Two worker processes over the seeds: graph.ttl byte for byte as the one-process build."""
    serial_out, _ = seed_build
    summary = build([seeds_dir], tmp_path / "out", workers=2)
    assert summary.cached == 0
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (serial_out / "graph.ttl").read_bytes()


def test_when_nothing_changed_the_graph_stands_and_is_not_written_again(tmp_path):
    docs, out = corpus(tmp_path / "docs", TEXTS), tmp_path / "out"
    first = build([docs], out)
    store, written = (out / "store").resolve(), (out / "graph.ttl").stat().st_mtime_ns
    again = build([docs], out)
    assert again.cached == 2 and again.inputs == first.inputs
    assert (out / "store").resolve() == store and (out / "graph.ttl").stat().st_mtime_ns == written
    # a build stopped before its record was written is not taken as up to date
    (out / "build.json").unlink()
    assert build([docs], out).cached == 2 and (out / "store").resolve() != store
    # nor is a corpus with one more document
    (docs / "c.txt").write_text("内閣府は宇宙基本計画を策定する。\n", encoding="utf-8")
    grown = build([docs], out)
    assert (grown.documents, grown.cached) == (3, 2) and grown.inputs != first.inputs
