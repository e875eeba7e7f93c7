"""Many clients at once against `spacekg serve`: does every request get its answer, and how fast?

    python bench/endpoint_load.py --out OUT [--clients 50] [--seconds 30] [--markdown docs/reliability.md]

Each client is a thread that sends saved queries (their `# example` parameters bound), one after
another, over loopback for the whole time, through urllib as any HTTP client would. A request
fails when its status is not 200 or it raises. The suite runs the same load
(tests/kg/test_server_load.py) and asserts that none fails; this script also writes the latency
under "## Endpoint under load" in the markdown file, the file's other sections kept.
"""
from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench_env import machine_line
from markdown_sections import write_section  # bench/ is the script's own folder

SECTION = "## Endpoint under load"


@dataclass
class Load:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, of the requests answered 200
    failures: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.failures)

    def percentile(self, p: int) -> float:
        return statistics.quantiles(self.latencies, n=100)[p - 1]


def run_load(url: str, queries: list[str], clients: int, seconds: float) -> Load:
    """`clients` threads sending `queries` in turn to the endpoint at `url` for `seconds`."""
    load = Load(seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        for query in itertools.islice(itertools.cycle(queries), offset, None):
            if time.monotonic() >= deadline:
                return
            request = urllib.request.Request(url + "sparql?" + urlencode({"query": query}),
                                             headers={"Accept": "application/sparql-results+json"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    response.read()
                    failure = "" if response.status == 200 else f"status {response.status}"
            except (urllib.error.URLError, OSError) as err:
                failure = f"{type(err).__name__}: {err}"
            with lock:
                if failure:
                    load.failures.append(failure)
                else:
                    load.latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load


def saved_query_texts(out: Path) -> list[str]:
    """The saved queries with their example parameters bound, as the endpoint's page offers them."""
    from kg.server import examples

    return [query.text for query in examples(out)]


def main() -> int:
    from kg.server import make_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="the build to serve")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--markdown", type=Path, default=Path("docs/reliability.md"))
    args = parser.parse_args()
    server = make_server(args.out, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        queries = saved_query_texts(args.out)
        load = run_load(server.url, queries, args.clients, args.seconds)
    finally:
        server.shutdown()
        server.server_close()
    lines = [
        SECTION, "",
        f"{args.clients} clients on loopback for {args.seconds:.0f} s against `spacekg serve` (its defaults: "
        f"2 query workers, 10 s time limit), each sending the {len(queries)} saved queries in turn "
        "(`bench/endpoint_load.py`; the suite runs the same load in `tests/kg/test_server_load.py`).", "",
        machine_line("bench/endpoint_load.py"), "",
        "| requests | failed | per second | median ms | p95 ms | p99 ms | slowest ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {load.requests:,} | {len(load.failures)} | {len(load.latencies) / args.seconds:.1f} | "
        f"{statistics.median(load.latencies) * 1000:.0f} | {load.percentile(95) * 1000:.0f} | "
        f"{load.percentile(99) * 1000:.0f} | {max(load.latencies) * 1000:.0f} |",
    ]
    if load.failures:
        lines += ["", "Failures: " + "; ".join(sorted(set(load.failures))[:5])]
    write_section(args.markdown, SECTION, "\n".join(lines) + "\n")
    print(f"{load.requests} requests, {len(load.failures)} failed, p95 {load.percentile(95) * 1000:.0f} ms; "
          f"wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
