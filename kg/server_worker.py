"""Query workers: processes that run SPARQL against the store, so an overrunning query can be stopped.

Oxigraph cannot cancel a query from another thread, so each query runs in a worker process;
when it overruns the time limit the server kills that process and starts a fresh one. The
worker also serializes the answer, because pyoxigraph evaluates lazily while it writes.

A worker opens the store read-only and reopens it when the `store` link of the output folder
points at a new build, so a rebuild while the server runs is picked up at the next query.
"""
from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from .server_formats import GRAPH_OFFERS, SOLUTION_OFFERS, content_type, negotiate, offered

MAX_ANSWER_BYTES = 256 * 1024 * 1024  # a bigger answer is refused before it exhausts memory


@dataclass(frozen=True)
class QueryRequest:
    store: str  # the build's database folder, resolved by the server for each query
    query: str
    accept: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was replaced."""


class WorkerLost(Exception):
    """The worker died (crashed or was killed from outside); it was replaced."""


class Busy(Exception):
    """Every worker stayed busy for the whole time limit."""


# ---------------------------------------------------------------------------- in the worker

class _LimitedBuffer:
    """A write target that refuses to grow past MAX_ANSWER_BYTES."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > MAX_ANSWER_BYTES:
            raise OverflowError(f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MiB; add a LIMIT")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def answer(store: ox.Store, request: QueryRequest, prefixes: dict[str, str]) -> Answer:
    """Run one query and serialize its result as the client's Accept header asks."""
    try:
        result = store.query(
            request.query, prefixes=prefixes,
            default_graph=[ox.NamedNode(g) for g in request.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in request.named_graphs] or None)
    except SyntaxError as err:
        return text_answer(400, f"malformed query: {err}")
    except ValueError as err:  # e.g. a graph IRI in default-graph-uri that is not an IRI
        return text_answer(400, f"bad request: {err}")
    offers = GRAPH_OFFERS if isinstance(result, ox.QueryTriples) else SOLUTION_OFFERS
    offer = negotiate(request.accept, offers)
    if offer is None:
        return text_answer(406, f"cannot answer this query as {request.accept!r}; "
                                f"it can be answered as: {offered(offers)}")
    buffer = _LimitedBuffer()
    try:
        if isinstance(result, ox.QueryTriples):
            # IRIs under id: hold a '/' (id:e/jaxa) that Turtle must escape (id:e\/jaxa); whole IRIs read better
            ox.serialize(result, buffer, offer.format, prefixes={p: ns for p, ns in prefixes.items() if p != "id"})
        else:
            result.serialize(buffer, offer.format)
    except OverflowError as err:
        return text_answer(500, str(err))
    except (OSError, RuntimeError, ValueError) as err:  # evaluation errors surface while writing
        return text_answer(500, f"query failed: {err}")
    return Answer(200, content_type(offer), b"".join(buffer.parts))


def _serve(conn: Connection) -> None:
    """The worker's loop: the prefixes, then one request in and one Answer out, until the server
    closes the connection."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    try:
        prefixes: dict[str, str] = conn.recv()
    except EOFError:
        return
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            request: QueryRequest = conn.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != request.store:
                opened = None  # release the old build's database before opening the new one
                opened = (request.store, ox.Store.read_only(request.store))
            reply = answer(opened[1], request, prefixes)
        except OSError as err:
            reply = text_answer(503, f"cannot open the store {request.store}: {err}")
        conn.send(reply)


# ---------------------------------------------------------------------------- in the server

_PROJECT_ROOT = str(Path(__file__).resolve().parent.parent)  # where the server imported `kg` from
_CHILD = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from multiprocessing.connection import Connection; from kg.server_worker import _serve; "
          "_serve(Connection(int(sys.argv[2])))")


class _Worker:
    """One worker process talking to the server over a socket pair.

    A plain subprocess rather than multiprocessing's spawn, which re-imports the caller's
    __main__ in the child and so breaks any script that starts a server without a main guard.
    """

    def __init__(self, prefixes: dict[str, str]) -> None:
        self._prefixes = prefixes
        self._lock = threading.Lock()  # a restart and the server's close must not interleave
        self._closed = False
        self._start()

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self._process = subprocess.Popen(
                [sys.executable, "-c", _CHILD, _PROJECT_ROOT, str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        self._conn = Connection(ours.detach())
        self._conn.send(self._prefixes)

    def run(self, request: QueryRequest, timeout: float) -> Answer:
        try:
            self._conn.send(request)
            if self._conn.poll(timeout):
                return self._conn.recv()
        except (EOFError, OSError) as err:
            self._restart()
            raise WorkerLost(str(err) or type(err).__name__) from err
        self._restart()
        raise QueryTimeout

    def _restart(self) -> None:
        with self._lock:
            self._kill()
            if not self._closed:
                self._start()

    def stop(self) -> None:
        with self._lock:
            self._closed = True
            self._kill()

    def _kill(self) -> None:
        self._process.kill()
        self._process.wait()
        self._conn.close()


class QueryWorkers:
    """A fixed set of workers; a request waits for a free one, at most `timeout` seconds."""

    def __init__(self, size: int, prefixes: dict[str, str]) -> None:
        if size < 1:
            raise ValueError(f"workers={size}: at least one worker is needed")
        self._all = [_Worker(prefixes) for _ in range(size)]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for worker in self._all:
            self._idle.put(worker)

    def run(self, request: QueryRequest, timeout: float) -> Answer:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise Busy from None
        try:
            return worker.run(request, timeout)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        for worker in self._all:
            worker.stop()

