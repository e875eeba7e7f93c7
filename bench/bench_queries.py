"""Time every saved query on a built graph: the warm Oxigraph store against rdflib in memory.

    spacekg build --out /tmp/q-out
    python bench/bench_queries.py --out /tmp/q-out [--runs 9] [--markdown docs/benchmarks.md]

Each query runs with its `# example` parameters, bound once through kg.query.bind (name lookup is
not timed). The store (kg.store.open_graph) runs it once untimed to warm up, then --runs times;
a run is the query and reading every row. The baseline is a plain rdflib Graph parsed from
OUT/graph.ttl running the same text, as many runs as fit in --baseline-seconds. The table goes
under "## Saved queries" in the markdown file; the file's other sections are kept.
"""
from __future__ import annotations

import argparse
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from markdown_sections import write_section  # bench/ is the script's own folder
from rdflib import Graph

from kg.query import SavedQuery, bind, saved_queries
from kg.store import open_graph

SECTION = "## Saved queries"
TARGET_MS = 50.0


class Stopped(BaseException):
    """An rdflib run past its time limit; a BaseException because rdflib's evaluator swallows
    Exceptions raised inside FILTERs."""


@dataclass
class Timing:
    query: SavedQuery
    rows: int
    store_ms: float
    baseline_rows: int | None  # None: rdflib could not run the query (see baseline_error)
    baseline_ms: float | None
    baseline_runs: int
    baseline_error: str = ""


def timed(graph: Graph, text: str, limit: float = 0) -> tuple[int, float]:
    """(rows, milliseconds); Stopped after `limit` seconds when it is not 0."""
    def give_up(signum, frame):
        raise Stopped(f"stopped after {limit:.0f} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, limit)  # rdflib is pure Python, so the alarm interrupts it
    try:
        start = time.perf_counter()
        rows = len(list(graph.query(text)))
        return rows, (time.perf_counter() - start) * 1000
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bench(store: Graph, baseline: Graph, query: SavedQuery, runs: int, baseline_seconds: float,
          baseline_limit: float) -> Timing:
    text = bind(store, query, query.example)
    timed(store, text)  # warm-up
    store_times = [timed(store, text) for _ in range(runs)]
    store_ms = statistics.median(ms for _, ms in store_times)
    try:
        baseline_times = [timed(baseline, text, baseline_limit)]
    except Stopped as err:
        return Timing(query, store_times[0][0], store_ms, None, None, 0, str(err))
    except Exception as err:  # rdflib's engine has its own gaps; the table says which
        return Timing(query, store_times[0][0], store_ms, None, None, 0, f"fails: {type(err).__name__}: {err}")
    while len(baseline_times) < runs and sum(ms for _, ms in baseline_times) < baseline_seconds * 1000:
        baseline_times.append(timed(baseline, text))
    return Timing(query, store_times[0][0], store_ms, baseline_times[0][0],
                  statistics.median(ms for _, ms in baseline_times), len(baseline_times))


def markdown(timings: list[Timing], runs: int, triples: int, parse_seconds: float) -> str:
    over = [t.query.name for t in timings if t.store_ms >= TARGET_MS]
    lines = [
        SECTION,
        "",
        f"Every saved query (`kg/queries/*.rq`, run with its `# example` parameters) on the graph of "
        f"the five seed documents ({triples:,} triples): the median of {runs} warm runs from the "
        "Oxigraph store (`kg.store.open_graph`) beside an in-memory rdflib `Graph` parsed from "
        f"`graph.ttl` ({parse_seconds:.1f} s to parse) running the same text; a run is the query and "
        "reading every row. rdflib gets as many runs as fit in a few seconds (runs column). "
        f"Target: under {TARGET_MS:.0f} ms per query on the store"
        + (f"; over it: {', '.join(over)}." if over else "; every query meets it."),
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with `python bench/bench_queries.py` on {os.cpu_count()} "
        f"shared cores, Python {platform.python_version()}, pyoxigraph {version('pyoxigraph')}, "
        f"oxrdflib {version('oxrdflib')}, rdflib {version('rdflib')}.",
        "",
        "| query | parameters | rows | store ms | rdflib ms | rdflib runs | rdflib / store |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for t in timings:
        params = " ".join(f"{k}={v}" for k, v in t.query.example.items())
        if t.baseline_ms is None:
            lines.append(f"| {t.query.name} | {params} | {t.rows} | {t.store_ms:.1f} | "
                         f"{t.baseline_error[:80]} | 0 | |")
            continue
        rows = str(t.rows) if t.rows == t.baseline_rows else f"{t.rows} (rdflib {t.baseline_rows})"
        lines.append(f"| {t.query.name} | {params} | {rows} | {t.store_ms:.1f} | {t.baseline_ms:,.1f} | "
                     f"{t.baseline_runs} | {t.baseline_ms / t.store_ms:,.0f}× |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("out"), help="the build to read")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per query on the store")
    parser.add_argument("--baseline-seconds", type=float, default=5.0,
                        help="time budget for the rdflib runs of one query")
    parser.add_argument("--baseline-limit", type=float, default=60.0,
                        help="seconds after which an rdflib run is stopped and reported as such")
    parser.add_argument("--markdown", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()

    store = open_graph(args.out)
    start = time.perf_counter()
    baseline = Graph().parse(args.out / "graph.ttl", format="turtle")
    parse_seconds = time.perf_counter() - start
    timings = []
    for query in saved_queries():
        timing = bench(store, baseline, query, args.runs, args.baseline_seconds, args.baseline_limit)
        timings.append(timing)
        flag = "  OVER TARGET" if timing.store_ms >= TARGET_MS else ""
        rdflib_ms = "fails" if timing.baseline_ms is None else f"{timing.baseline_ms:9.1f} ms"
        print(f"{query.name:22} {timing.rows:5} rows  store {timing.store_ms:7.1f} ms  "
              f"rdflib {rdflib_ms}{flag}", file=sys.stderr)
    section = markdown(timings, args.runs, len(baseline), parse_seconds)
    write_section(args.markdown, SECTION, section)
    print(f"wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
