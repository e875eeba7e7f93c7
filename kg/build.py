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
from extract.models import Document, top_class
from extract.pipeline import extract
from extract.resolve import resolve

from .errors import BuildError
from .export import serialize
from .graph import build_graph
from .store import build_lock, new_store_dir, publish, write_file_atomically, write_store


class BuildSummary(BaseModel):
    documents: int
    skipped: list[str]
    entities: dict[str, int]
    mentions: int
    relations: int
    triples: int
    seconds: float


def build(paths: list[Path], out: Path,
          on_loaded: Callable[[list[Document]], None] | None = None,
          on_document: Callable[[Document], None] | None = None) -> BuildSummary:
    """Build the graph of `paths` into `out`; files that cannot be read are listed as skipped.

    Raises BuildError when no document could be read; the previous graph in `out` stays then.
    """
    started = time.perf_counter()
    documents, errors = load_corpus(paths)
    skipped = [str(e) for e in errors]
    if not documents:
        raise BuildError("no document could be read" + "".join(f"\n  {s}" for s in skipped))
    if on_loaded:
        on_loaded(documents)
    extractions = list(extract(documents, on_document=on_document))
    entities = resolve(extractions, load_catalog())
    relations = [r for x in extractions for r in x.relations]
    graph = build_graph(documents, entities, relations)
    with build_lock(out):
        store_dir = new_store_dir(out)
        write_store(graph, store_dir)
        write_file_atomically(out / "graph.ttl", serialize(graph, "turtle"))
        write_file_atomically(out / "graph.jsonld", serialize(graph, "json-ld"))
        summary = BuildSummary(
            documents=len(documents), skipped=skipped,
            entities=dict(sorted(Counter(top_class(e.cls) for e in entities).items())),
            mentions=sum(len(e.mentions) for e in entities),
            relations=len(set(graph.subjects(RDF.type, RDF.Statement))),
            triples=len(graph), seconds=round(time.perf_counter() - started, 2))
        write_file_atomically(out / "build.json", json.dumps(
            summary.model_dump(), ensure_ascii=False, indent=1).encode("utf-8"))
        publish(out, store_dir)
    return summary
