"""`build`: documents in, a published graph out (load, extract, resolve, assemble, store)."""
from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from pydantic import BaseModel, ValidationError
from rdflib import RDF

from extract.catalog import load_catalog
from extract.loader import load_corpus
from extract.models import Document, Extraction, top_class
from extract.resolve import resolve

from .errors import BuildError
from .export import oxigraph_triples, turtle
from .extraction_cache import CACHE_DIR, ExtractionCache, files_digest, fingerprint
from .graph import build_graph
from .store import (STORE_LINK, build_lock, new_store_dir, publish, remove_leftovers, write_file_atomically,
                    write_store)

BUILD_FILE = "build.json"
GRAPH_FILE = "graph.ttl"
GRAPH_PACKAGES = ("rdflib", "pyoxigraph")  # besides the extractor's: they write the graph


class BuildSummary(BaseModel):
    inputs: str = ""  # digest of what the graph was made from (_inputs)
    documents: int
    cached: int = 0  # documents whose extraction came from the cache
    skipped: list[str]
    entities: dict[str, int]
    mentions: int
    relations: int
    triples: int
    seconds: float


def build(paths: list[Path], out: Path,
          on_loaded: Callable[[list[Document]], None] | None = None,
          on_document: Callable[[Document], None] | None = None,
          use_cache: bool = True, workers: int = 1) -> BuildSummary:
    """Build the graph of `paths` into `out`; files that cannot be read are listed as skipped.

    With `use_cache`, a document whose text and extractor are unchanged since an earlier build
    into `out` is not parsed again (kg/extraction_cache.py), and when nothing at all changed,
    not the documents, the extractor nor this package, the graph in `out` stands as it is;
    without, every document is parsed and the graph written. The parsing runs in `workers`
    processes, one per CPU core for 0 (extract/parallel.py). Raises BuildError when no document
    could be read; the previous graph in `out` stays then.
    """
    started = time.perf_counter()
    with build_lock(out):
        remove_leftovers(out, [GRAPH_FILE, BUILD_FILE], out / CACHE_DIR)
        return _build(paths, out, on_loaded, on_document, use_cache, workers, started)


def _build(paths: list[Path], out: Path, on_loaded: Callable[[list[Document]], None] | None,
           on_document: Callable[[Document], None] | None, use_cache: bool, workers: int,
           started: float) -> BuildSummary:
    documents, errors = load_corpus(paths)
    skipped = [str(e) for e in errors]
    if not documents:
        raise BuildError("no document could be read" + "".join(f"\n  {s}" for s in skipped))
    if on_loaded:
        on_loaded(documents)
    extractor = fingerprint()
    inputs = _inputs(documents, extractor)
    previous = _previous_summary(out)
    if (use_cache and previous is not None and previous.inputs == inputs
            and (out / STORE_LINK).exists() and (out / GRAPH_FILE).is_file()):
        for document in documents:
            if on_document:
                on_document(document)
        return previous.model_copy(update={"cached": len(documents), "skipped": skipped,
                                           "seconds": round(time.perf_counter() - started, 2)})
    extractions, cached = _extractions(documents, out, on_document, use_cache, workers, extractor)
    entities = resolve(extractions, load_catalog())
    relations = [r for x in extractions for r in x.relations]
    graph = build_graph(documents, entities, relations)
    store_dir = new_store_dir(out)
    triples = oxigraph_triples(graph)
    write_store(triples, store_dir)
    write_file_atomically(out / GRAPH_FILE, turtle(triples))
    summary = BuildSummary(
        inputs=inputs, documents=len(documents), cached=cached, skipped=skipped,
        entities=dict(sorted(Counter(top_class(e.cls) for e in entities).items())),
        mentions=sum(len(e.mentions) for e in entities),
        relations=len(set(graph.subjects(RDF.type, RDF.Statement))),
        triples=len(graph), seconds=round(time.perf_counter() - started, 2))
    publish(out, store_dir)
    # last: a build stopped before this line leaves no record that its graph is up to date
    write_file_atomically(out / BUILD_FILE, json.dumps(
        summary.model_dump(), ensure_ascii=False, indent=1).encode("utf-8"))
    return summary


def _inputs(documents: list[Document], extractor: str) -> str:
    """A digest of everything the graph is made from: the documents, the extractor (its
    fingerprint), this package's code and queries, and the libraries that write the graph."""
    digest = hashlib.sha256(f"{extractor}\0{files_digest(Path(__file__).parent)}\0".encode())
    for package in GRAPH_PACKAGES:
        digest.update(f"{package}={version(package)}\0".encode())
    for document in documents:
        digest.update(f"{document.id}\0{document.name}\0{document.sha256}\0".encode())
    return digest.hexdigest()


def _previous_summary(out: Path) -> BuildSummary | None:
    """The summary of the last build into `out`; None when there is none or it cannot be read."""
    try:
        return BuildSummary.model_validate_json((out / BUILD_FILE).read_bytes())
    except (OSError, ValidationError):
        return None


def _extractions(documents: list[Document], out: Path, on_document: Callable[[Document], None] | None,
                 use_cache: bool, workers: int, extractor: str) -> tuple[list[Extraction], int]:
    """Each document's extraction, in order, from the cache where it holds one (unless not
    `use_cache`: then every document is extracted and its entry rewritten); the number cached."""
    cache = ExtractionCache(out / CACHE_DIR, extractor)
    found = {d.id: cache.get(d) if use_cache else None for d in documents}
    for document in documents:
        if found[document.id] is not None and on_document:
            on_document(document)
    todo = [d for d in documents if found[d.id] is None]
    if todo:
        from extract.pipeline import extract  # spaCy and the model: only when something is parsed

        by_id = {d.id: d for d in todo}
        for extraction in extract(todo, on_document=on_document, workers=workers):
            cache.put(by_id[extraction.doc_id], extraction)
            found[extraction.doc_id] = extraction
    cache.keep_only(documents)
    return [found[d.id] for d in documents], len(documents) - len(todo)
