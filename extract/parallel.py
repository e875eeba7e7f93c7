"""Parsing in worker processes (`spacekg build --workers N`).

Each worker is a fork of this process made after the pipeline is loaded, so it starts at once
and shares the model's memory. A worker is given two chunks at a time, the second waiting in its
pipe, so it goes on while the caller works on a finished document; the next chunk goes to
whichever worker answers first, so one long document keeps every worker busy. The chunks come
back in order as Doc bytes.

Workers and caller talk over plain pipes so that no worker ever starts a second thread: once a
process has had one, glibc's malloc takes its locks on every call, and ten chunks of the seeds
took 13.1 s to parse instead of 10.2 s (28% more). That rules out concurrent.futures, whose
queues start a feeder thread in each worker, and spaCy's `nlp.pipe(n_process=…)`, which also
hangs when a doc fails to come back. An error in a worker is raised here; a worker that dies
is reported by its exit code or signal.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait

from spacy.language import Language
from spacy.tokens import Doc

from .errors import WorkerDied

IN_FLIGHT = 2  # chunks given to a worker at once: the next waits in its pipe while the caller is busy


def available_cores() -> int:
    """The CPU cores this process may run on (fewer than the machine's under a CPU affinity mask)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse(nlp: Language, texts: Iterable[str], workers: int = 1) -> Iterator[Doc]:
    """`nlp` over `texts`, in order; in `workers` processes when more than one."""
    if workers <= 1:
        # a chunk at a time, as in a worker: batches of chunks cost memory and page faults, not less time
        yield from nlp.pipe(texts, batch_size=1)
        return
    pool = _Workers(nlp, workers)
    try:
        yield from pool.parse(texts)
    finally:
        pool.close()


class _Workers:
    def __init__(self, nlp: Language, count: int):
        self.nlp = nlp
        context = multiprocessing.get_context("fork")
        self.links: list[Connection] = []
        self.processes: list[multiprocessing.Process] = []
        for _ in range(count):
            ours, theirs = context.Pipe()
            # the fork passes nlp without pickling it; the worker drops its copies of the other links
            process = context.Process(target=_serve, args=(nlp, theirs, [*self.links, ours]), daemon=True)
            process.start()
            theirs.close()
            self.links.append(ours)
            self.processes.append(process)
        # link -> numbers of the chunks given to its worker and not yet answered, in order
        self.busy: dict[Connection, deque[int]] = {link: deque() for link in self.links}

    def parse(self, texts: Iterable[str]) -> Iterator[Doc]:
        numbered = enumerate(texts)
        ready: dict[int, bytes] = {}  # chunks parsed before their turn
        turn = 0
        for _ in range(IN_FLIGHT):
            for link in self.links:
                self._give(link, numbered)
        while any(self.busy.values()):
            for link in wait([link for link, given in self.busy.items() if given]):
                ready[self.busy[link].popleft()] = self._answer(link)
                self._give(link, numbered)
            while turn in ready:
                yield Doc(self.nlp.vocab).from_bytes(ready.pop(turn))
                turn += 1

    def _give(self, link: Connection, numbered: Iterator[tuple[int, str]]) -> None:
        """Send the worker on `link` the next chunk, if there is one."""
        item = next(numbered, None)
        if item is not None:
            try:
                link.send(item[1])
            except OSError:
                raise self._died(link) from None
            self.busy[link].append(item[0])

    def _answer(self, link: Connection) -> bytes:
        try:
            ok, answer = link.recv()
        except (EOFError, OSError):  # OSError: it died with a chunk still unread in its pipe
            raise self._died(link) from None
        if not ok:
            raise answer
        return answer

    def _died(self, link: Connection) -> WorkerDied:
        process = self.processes[self.links.index(link)]
        process.join()
        code = process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return WorkerDied(f"a parse worker ended without answering ({how})")

    def close(self) -> None:
        """Stop every worker: idle ones are told to end, busy ones (the caller stopped early) killed."""
        for link, process in zip(self.links, self.processes):
            if self.busy[link]:
                process.terminate()
            else:
                try:
                    link.send(None)
                except OSError:
                    pass  # already gone
            link.close()
        for process in self.processes:
            process.join()


def _serve(nlp: Language, link: Connection, others: list[Connection]) -> None:
    """A worker: parse each text that comes in and send back its Doc bytes, until told to end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle: it ends us
    for other in others:
        other.close()
    while True:
        try:
            text = link.recv()
            if text is None:
                return
            link.send(_parsed(nlp, text))
        except (EOFError, OSError):
            return  # the caller is gone


def _parsed(nlp: Language, text: str) -> tuple[bool, bytes | Exception]:
    """(True, the Doc's bytes), or (False, the error) when the pipeline fails on `text`."""
    try:
        # the tensor is the model's internal state, which nothing after the pipeline reads
        return True, nlp(text).to_bytes(exclude=["tensor"])
    except Exception as error:  # noqa: BLE001 (any error of the pipeline goes to the caller)
        return False, _sendable(error)


def _sendable(error: Exception) -> Exception:
    """`error` itself when it survives pickling, else a RuntimeError with its message."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(error).__name__}: {error}")
