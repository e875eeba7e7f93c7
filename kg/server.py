"""A read-only SPARQL 1.1 Protocol endpoint over a built store, with a query page.

    /sparql        GET ?query=, POST application/x-www-form-urlencoded (query=) or
                   POST application/sparql-query; the answer's format follows Accept
    /              the query page (kg/server_page.py)
    /views/NAME    files of OUT/views/, the graph views, when they have been built

Queries run in worker processes (kg/server_worker.py) so that one past the time limit can be
stopped; the HTTP side is the standard library's threading server.
"""
from __future__ import annotations

import mimetypes
import re
import socket
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import QueryError, StoreError
from .query import SavedQuery, bind, saved_queries
from .server_page import CONTENT_SECURITY_POLICY, render
from .server_worker import Answer, Busy, QueryRequest, QueryTimeout, QueryWorkers, WorkerLost, text_answer
from .store import open_graph, store_path
from .vocab import PREFIXES as CONTRACT_PREFIXES

MAX_REQUEST_BYTES = 10 * 1024 * 1024
# the contract's prefixes, usable in queries without declaring them
PREFIXES = {prefix: str(namespace) for prefix, namespace in CONTRACT_PREFIXES.items()}
VIEWS_DIR = "views"

# An update starts, after its prologue, with one of these words; a query never does.
_UPDATE = re.compile(
    r"(?:\s|\#[^\n]*(?:\n|$)|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
READ_ONLY = "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is refused"

# Oxigraph would fetch a SERVICE clause's IRI over HTTP: the endpoint would then reach, for its
# client, places the client cannot (hosts behind this machine's firewall). The keyword is looked
# for outside strings, IRIs and comments, where a query may say "SERVICE" freely.
_NOT_KEYWORDS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*", re.DOTALL)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:-])", re.IGNORECASE)
NO_SERVICE = ("federated queries are refused: this endpoint answers from its own graph, "
              "and a SERVICE clause would reach elsewhere")


def calls_service(query: str) -> bool:
    """Whether `query` has a SERVICE clause (a false alarm is possible for a prefix named service)."""
    return _SERVICE.search(_NOT_KEYWORDS.sub(" ", query)) is not None


def examples(out: Path) -> list[SavedQuery]:
    """The saved queries as the page offers them: a query with parameters comes with its example
    values bound, so that loading it runs what its description says."""
    try:
        graph = open_graph(out)
    except StoreError:
        return saved_queries()
    out_queries = []
    for query in saved_queries():
        if query.params and query.example:
            try:
                text = bind(graph, query, query.example)
            except QueryError:
                text = query.text
            else:
                shown = ", ".join(f"{k}={v}" for k, v in query.example.items())
                query = replace(query, text=text, description=f"{query.description} (loads with {shown})")
        out_queries.append(query)
    return out_queries


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server; serve_forever() answers requests, server_close() also stops the workers."""

    daemon_threads = True
    request_queue_size = 128  # connections waiting to be accepted: many clients may come at once

    def __init__(self, out: Path, host: str, port: int, timeout: float, workers: int, quiet: bool) -> None:
        if timeout <= 0:
            raise ValueError(f"timeout={timeout}: the time limit must be more than 0 seconds")
        self.out = out
        self.query_timeout = timeout
        self.quiet = quiet
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), _Handler)
        try:
            self.workers = QueryWorkers(workers, PREFIXES)
        except BaseException:
            super().server_close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.workers.close()


def make_server(out: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = 10.0,
                workers: int = 2, quiet: bool = False) -> SparqlServer:
    """A server over the build in `out`, bound and ready; port 0 takes a free port (see .url)."""
    store_path(out)  # no build: fail now, not at the first query
    return SparqlServer(out, host, port, timeout, workers, quiet)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "spacekg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/sparql":
            params = self._params(url.query)
            if params is not None:
                self._query(params)
        elif url.path in ("/", "/index.html"):
            self._page()
        elif url.path.startswith(f"/{VIEWS_DIR}/"):
            self._view(unquote(url.path[len(VIEWS_DIR) + 2:]))
        else:
            self._send(text_answer(404, f"{url.path}: not found; SPARQL is answered at /sparql"))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(text_answer(404, f"{url.path}: not found; POST queries to /sparql"))
            return
        body = self._body()
        params = self._params(url.query)
        if body is None or params is None:
            return
        kind = self.headers.get_content_type()
        if kind == "application/x-www-form-urlencoded":
            form = self._params(body.decode("latin-1"))  # %-escaped ASCII; parse_qs decodes UTF-8
            if form is None:
                return
            for name, values in form.items():
                params.setdefault(name, []).extend(values)
        elif kind == "application/sparql-query":
            charset = self.headers.get_content_charset("utf-8")
            try:
                params.setdefault("query", []).append(body.decode(charset))
            except (LookupError, UnicodeDecodeError) as err:
                self._send(text_answer(400, f"the query is not readable as {charset}: {err}"))
                return
        elif kind == "application/sparql-update":
            self._send(text_answer(403, READ_ONLY))
            return
        else:
            self._send(text_answer(415, f"Content-Type {kind!r}: send application/x-www-form-urlencoded "
                                        "(query=...) or application/sparql-query"))
            return
        self._query(params)

    # ------------------------------------------------------------------ SPARQL

    def _query(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if "update" in params or any(_UPDATE.match(q) for q in queries):
            self._send(text_answer(403, READ_ONLY))
            return
        if any(calls_service(q) for q in queries):
            self._send(text_answer(403, NO_SERVICE))
            return
        if len(queries) != 1 or not queries[0].strip():
            self._send(text_answer(400, f"give exactly one non-empty query parameter (got {len(queries)})"))
            return
        try:
            request = QueryRequest(str(store_path(self.server.out)), queries[0], self.headers.get("Accept"),
                                   params.get("default-graph-uri", []), params.get("named-graph-uri", []))
            answer = self.server.workers.run(request, self.server.query_timeout)
        except StoreError as err:
            answer = text_answer(503, str(err))
        except QueryTimeout:
            answer = text_answer(503, f"the query ran longer than the time limit of "
                                      f"{self.server.query_timeout:g} s and was stopped")
        except Busy:
            answer = text_answer(503, f"every query worker stayed busy for {self.server.query_timeout:g} s; "
                                      "try again later")
        except WorkerLost as err:
            answer = text_answer(500, f"the query worker died ({err}); it has been restarted")
        self._send(answer, {"Vary": "Accept"})

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._send(text_answer(411, "a POST needs a Content-Length header"))
            return None
        try:
            size = int(length)
        except ValueError:
            size = -1
        if not 0 <= size <= MAX_REQUEST_BYTES:
            self._send(text_answer(413 if size > 0 else 400,
                                   f"Content-Length {length}: give a size from 0 to {MAX_REQUEST_BYTES} bytes"))
            return None
        return self.rfile.read(size)

    def _params(self, encoded: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(encoded, keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as err:
            self._send(text_answer(400, f"the parameters are not UTF-8: {err}"))
            return None

    # ------------------------------------------------------------------ page and views

    def _page(self) -> None:
        views = self.server.out / VIEWS_DIR
        names = sorted(p.name for p in views.glob("*.html")) if views.is_dir() else []
        page = render(str(self.server.out), self.server.query_timeout, examples(self.server.out), names)
        self._send(Answer(200, "text/html; charset=utf-8", page.encode("utf-8")),
                   {"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    def _view(self, name: str) -> None:
        root = (self.server.out / VIEWS_DIR).resolve()
        try:
            path = (root / name).resolve()
            found = path.is_relative_to(root) and path.is_file()
            data = path.read_bytes() if found else b""
        except (OSError, ValueError):  # unreadable, or a name with a NUL byte
            found = False
        if not found:
            self._send(text_answer(404, f"/{VIEWS_DIR}/{name}: no such view in {self.server.out / VIEWS_DIR}"))
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self._send(Answer(200, kind, data))

    # ------------------------------------------------------------------ plumbing

    def _send(self, answer: Answer, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(answer.status, HTTPStatus(answer.status).phrase)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away; nothing to tell it

    def log_message(self, format: str, *args) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)
