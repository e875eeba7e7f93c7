"""Parsing in worker processes (`spacekg build --workers N`).

Each worker is a fork of this process made after the pipeline is loaded, so it starts at once
and shares the model's memory. Chunks go to whichever worker is free, so one long document
keeps every worker busy, and come back in order as Doc bytes. A failure in a worker is raised
here, and the pool is shut down however the caller stops reading.

spaCy's own `nlp.pipe(n_process=…)` was the first choice, but when a document fails to come
back it waits for its workers while they wait to send, and the build hangs.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from spacy.language import Language
from spacy.tokens import Doc

BATCH_SIZE = 16  # chunks per batch in one process: a batch is parsed whole before any of it comes back

_nlp: Language | None = None  # the pipeline of a worker process


def parse(nlp: Language, texts: Iterable[str], workers: int = 1) -> Iterator[Doc]:
    """`nlp` over `texts`, in order; in `workers` processes when more than one."""
    if workers <= 1:
        yield from nlp.pipe(texts, batch_size=BATCH_SIZE)
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start, initargs=(nlp,))
    try:
        for data in pool.map(_parse, texts):
            yield Doc(nlp.vocab).from_bytes(data)
    finally:
        pool.shutdown(cancel_futures=True)


def _start(nlp: Language) -> None:
    global _nlp
    _nlp = nlp  # inherited through the fork, not pickled


def _parse(text: str) -> bytes:
    assert _nlp is not None
    # the tensor is the model's internal state, which nothing after the pipeline reads
    return _nlp(text).to_bytes(exclude=["tensor"])
