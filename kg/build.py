"""`build`: documents in, a published graph out (load, extract, resolve, assemble, store)."""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel
from rdflib import RDF

from extract.catalog import load_catalog
from extract.loader import load_corpus
from extract.models import Document, Extraction, top_class
from extract.pipeline import extract
from extract.resolve import resolve

from .errors import BuildError
from .extraction_cache import CACHE_DIR, ExtractionCache, fingerprint
from .export import serialize
from .graph import build_graph
from .store import build_lock, new_store_dir, publish, write_file_atomically, write_store


class BuildSummary(BaseModel):
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
    into `out` is not parsed again (kg/extraction_cache.py); without, every document is. The
    parsing runs in `workers` processes (extract/parallel.py). Raises BuildError when no
    document could be read; the previous graph in `out` stays then.
    """
    started = time.perf_counter()
    documents, errors = load_corpus(paths)
    skipped = [str(e) for e in errors]
    if not documents:
        raise BuildError("no document could be read" + "".join(f"\n  {s}" for s in skipped))
    if on_loaded:
        on_loaded(documents)
    extractions, cached = _extractions(documents, out, on_document, use_cache, workers)
    entities = resolve(extractions, load_catalog())
    relations = [r for x in extractions for r in x.relations]
    graph = build_graph(documents, entities, relations)
    with build_lock(out):
        store_dir = new_store_dir(out)
        write_store(graph, store_dir)
        write_file_atomically(out / "graph.ttl", serialize(graph, "turtle"))
        summary = BuildSummary(
            documents=len(documents), cached=cached, skipped=skipped,
            entities=dict(sorted(Counter(top_class(e.cls) for e in entities).items())),
            mentions=sum(len(e.mentions) for e in entities),
            relations=len(set(graph.subjects(RDF.type, RDF.Statement))),
            triples=len(graph), seconds=round(time.perf_counter() - started, 2))
        write_file_atomically(out / "build.json", json.dumps(
            summary.model_dump(), ensure_ascii=False, indent=1).encode("utf-8"))
        publish(out, store_dir)
    return summary


def _extractions(documents: list[Document], out: Path, on_document: Callable[[Document], None] | None,
                 use_cache: bool, workers: int) -> tuple[list[Extraction], int]:
    """Each document's extraction, in order, from the cache where it holds one (unless not
    `use_cache`: then every document is extracted and its entry rewritten); the number cached."""
    cache = ExtractionCache(out / CACHE_DIR, fingerprint())
    found = {d.id: cache.get(d) if use_cache else None for d in documents}
    for document in documents:
        if found[document.id] is not None and on_document:
            on_document(document)
    todo = [d for d in documents if found[d.id] is None]
    by_id = {d.id: d for d in todo}
    for extraction in (extract(todo, on_document=on_document, workers=workers) if todo else []):
        cache.put(by_id[extraction.doc_id], extraction)
        found[extraction.doc_id] = extraction
    cache.keep_only(documents)
    return [found[d.id] for d in documents], len(documents) - len(todo)
