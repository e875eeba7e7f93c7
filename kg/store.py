"""The persistent store: an Oxigraph database in the output folder, replaced whole by each build.

Layout of an output folder:

    out/stores/<build>/   one Oxigraph database per build
    out/store             symlink to the current build's database
    out/graph.ttl, out/build.json

A build writes a new database beside the current one and then swaps the `store` symlink with
one atomic rename, so readers see the old graph or the new one, never half of either, and a
build that fails or is killed leaves the previous graph in place.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import StoreError
from .vocab import bind_prefixes

STORE_LINK = "store"
STORES_DIR = "stores"


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's lock: one build at a time per folder."""
    out.mkdir(parents=True, exist_ok=True)
    with open(out / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            raise StoreError(f"{out}: another build is writing to this folder") from err
        yield


def new_store_dir(out: Path) -> Path:
    """A new, empty folder for a build's database (never the current one, however soon the next
    build comes)."""
    stores = out / STORES_DIR
    stores.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{time.strftime('%Y%m%dT%H%M%S')}-", dir=stores))


def write_store(triples: list[ox.Triple], path: Path) -> None:
    """Load `triples` (kg.export.oxigraph_triples of a graph) into a new Oxigraph database at `path`."""
    store = ox.Store(str(path))
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    store.flush()
    del store  # closes the database and releases its lock


def publish(out: Path, store_dir: Path) -> None:
    """Point `out/store` at `store_dir` atomically, then remove databases no longer pointed at."""
    link = out / STORE_LINK
    tmp = out / f".{STORE_LINK}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(store_dir.relative_to(out))
    os.replace(tmp, link)
    for old in (out / STORES_DIR).iterdir():
        if old.resolve() != store_dir.resolve():
            shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(out: Path, files: list[str], *folders: Path) -> None:
    """Remove what builds killed midway left in `out`: the temporary copies of `files`, files
    being written in `folders`, the new `store` link not yet swapped in. Hold the build lock:
    only a running build makes these."""
    leftovers = [*out.glob(f".{STORE_LINK}.*"), *(p for name in files for p in out.glob(f".{name}.*.tmp")),
                 *(p for folder in folders for p in folder.glob(".*.tmp"))]
    for path in leftovers:
        path.unlink(missing_ok=True)


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all: a failed write leaves no temporary file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def store_path(out: Path) -> Path:
    link = out / STORE_LINK
    if not link.exists():
        raise StoreError(f"{out}: no graph has been built here (run `spacekg build --out {out}`)")
    return link.resolve()


def open_graph(out: Path) -> Graph:
    """The current build's graph, read-only, with SPARQL answered by Oxigraph itself."""
    try:
        store = ox.Store.read_only(str(store_path(out)))
    except OSError as err:
        raise StoreError(f"{out}: cannot open the store: {err}") from err
    # the data lives in the store's default graph; an unnamed rdflib Graph would look elsewhere
    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    bind_prefixes(graph)
    return graph
