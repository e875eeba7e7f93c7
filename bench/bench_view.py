"""Time graph views of synthetic networks: precomputed layout against physics in the browser.

    python bench/bench_view.py [--sizes 200 500 2000] [--runs 3] [--markdown docs/benchmarks.md]

For each size a synthetic network shaped like kg.network.project's (classes in the seeds'
proportions, hubs by preferential attachment, a fifth of the entities unrelated, one or two
evidence sentences per relation) is drawn both ways by kg.view.render:

- build: seconds to make the HTML (node sizes, the layout when precomputed, the page);
- browser: seconds from opening the file in headless Chromium (/usr/bin/chromium) until the
  view is ready: drawn with precomputed positions, or stabilised and drawn with physics. The
  page records that moment (window.spacekgView.readyAt, ms since navigation started); the
  browser is fresh for each run, and a run past --limit seconds is reported as stopped.

The table goes under "## Graph views" in the markdown file; the file's other sections are kept.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import networkx as nx
from markdown_sections import write_section  # bench/ is the script's own folder

from kg.entities import ENTITY_CLASSES
from kg.view import PRECOMPUTE_ABOVE, render
from kg.view_page import VIS_VERSION

SECTION = "## Graph views"
# the share of each class among the seeds' entities (spacekg stats on the seed build)
CLASS_SHARES = {"Agency": 110, "Organization": 55, "Person": 54, "SpaceSystem": 35, "Event": 25,
                "Budget": 17, "Country": 16, "Agreement": 16, "Policy": 16, "Program": 10, "Law": 5}
PREDICATES = ("memberOf", "partOf", "oversees", "operates", "develops", "funds", "allocatedTo", "partyTo",
              "participatedIn", "organizedBy", "establishedBy", "cooperatesWith", "launchedBy",
              "successorOf", "locatedIn", "conductedBy", "targets")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM = "/usr/bin/chromium"
assert set(CLASS_SHARES) == set(ENTITY_CLASSES)


def synthetic(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """n entities and about 1.2 n relations, with the attributes kg.network.project gives."""
    rng = random.Random(seed)
    documents = [f"{i:03d}_synthetic.txt" for i in range(max(5, n // 50))]
    net = nx.MultiDiGraph()
    classes = rng.choices(list(CLASS_SHARES), weights=list(CLASS_SHARES.values()), k=n)
    for i, cls in enumerate(classes):
        docs = sorted(rng.sample(documents, rng.randint(1, 3)))
        net.add_node(f"https://w3id.org/spacekg/id/e/syn{i}", cls=cls, top=cls, label_ja=f"合成機関{i}",
                     label_en=f"Synthetic {i}", label=f"合成機関{i}", alt_labels=[f"S{i}"],
                     mentions=rng.randint(1, 40), documents=docs)
    nodes = list(net)
    related = nodes[: int(n * 0.8)]  # the rest stay unrelated, as many entities of a corpus do
    ends = [related[0]]  # one entry per edge end: choosing from it prefers well-connected nodes
    pairs = []
    for node in related[1:]:
        target = rng.choice(ends)
        pairs.append((node, target))
        ends += [node, target]
    pairs += [(rng.choice(related), rng.choice(ends)) for _ in range(int(n * 0.4))]
    for s, o in pairs:
        if s == o:
            continue
        predicate = rng.choice(PREDICATES)
        docs = rng.sample(documents, rng.randint(1, 2))
        a, b = net.nodes[s]["label"], net.nodes[o]["label"]
        evidence = [{"document": d, "sentence": f"{a}は{b}と{predicate}の関係にあると、文書の{k + 1}番目の文が述べる。",
                     "start": 100 * k, "end": 100 * k + 40} for k, d in enumerate(sorted(docs))]
        net.add_edge(s, o, key=predicate, predicate=predicate, weight=len(docs), evidence=evidence)
    return net


def build_seconds(net: nx.MultiDiGraph, layout: str, runs: int) -> tuple[float, str]:
    """(median seconds, html) of rendering the view."""
    times, html = [], ""
    for _ in range(runs):
        start = time.perf_counter()
        html = render(net, layout=layout).html
        times.append(time.perf_counter() - start)
    return statistics.median(times), html


def browser_seconds(path: Path, limit: float) -> tuple[float | None, int, list[str]]:
    """(seconds until ready or None when stopped, nodes in the page, requests other than the file)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                       args=BROWSER_ARGS, viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            requests = []
            page.on("request", lambda r: requests.append(r.url) if r.url != path.as_uri() else None)
            page.goto(path.as_uri())
            try:
                page.wait_for_function("() => window.spacekgView && window.spacekgView.readyAt !== null",
                                       timeout=limit * 1000, polling=100)
            except PlaywrightTimeout:
                return None, page.evaluate("() => window.spacekgView ? window.spacekgView.nodes.length : 0"), requests
            ready_ms, nodes = page.evaluate("() => [window.spacekgView.readyAt, window.spacekgView.nodes.length]")
            return ready_ms / 1000, nodes, requests
        finally:
            context.close()


def markdown(rows: list[dict], runs: int) -> str:
    about = (
        "`spacekg view` on synthetic networks shaped like the projection of a build (classes in the seeds' "
        "proportions, hubs by preferential attachment, a fifth of the entities unrelated, one or two evidence "
        "sentences per relation; `bench/bench_view.py`), drawn with positions computed in Python "
        "(`kg/view_layout.py`, physics off) beside vis-network's physics running in the page until the layout "
        f"is stable. Build: seconds to make the HTML (median of {runs}). Browser: seconds from opening the file "
        "in headless Chromium to the view drawn, or stabilised and drawn (median of "
        f"{runs}, a fresh browser each run). `--layout auto` precomputes above {PRECOMPUTE_ABOVE} entities.")
    measured = (
        f"Measured {time.strftime('%Y-%m-%d')} with `python bench/bench_view.py` on {os.cpu_count()} shared "
        f"cores, Python {platform.python_version()}, networkx {version('networkx')}, numpy {version('numpy')}, "
        f"pyvis {version('pyvis')} (vis-network {VIS_VERSION}), {_chromium_version()}.")
    lines = [
        SECTION, "", about, "", measured, "",
        ("| entities | relations | HTML MB | build s precomputed | build s physics | browser s precomputed "
         "| browser s physics | physics / precomputed |"),
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        pre, phy = r["browser"]["precomputed"], r["browser"]["physics"]
        ratio = f"{phy / pre:,.0f}×" if pre and phy else ""
        lines.append(f"| {r['nodes']:,} | {r['edges']:,} | {r['mb']:.1f} | {r['build']['precomputed']:.2f} | "
                     f"{r['build']['physics']:.2f} | {_seconds(pre, r['limit'])} | {_seconds(phy, r['limit'])} | "
                     f"{ratio} |")
    return "\n".join(lines) + "\n"


def _seconds(value: float | None, limit: float) -> str:
    return f"{value:.2f}" if value is not None else f"stopped after {limit:.0f}"


def _chromium_version() -> str:
    import subprocess

    try:
        found = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout
    except OSError:
        return "Chromium"
    match = re.search(r"Chromium [\d.]+", found)
    return match.group(0) if match else "Chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 500, 2000], help="entities per network")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build and each page load")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds before a page load is stopped")
    parser.add_argument("--markdown", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: install Debian's chromium package", file=sys.stderr)
        return 1

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            net = synthetic(n)
            row = {"nodes": len(net), "edges": net.number_of_edges(), "limit": args.limit, "build": {}, "browser": {}}
            for layout in ("precomputed", "physics"):
                seconds, html = build_seconds(net, layout, args.runs)
                path = Path(folder) / f"view-{n}-{layout}.html"
                path.write_text(html, encoding="utf-8")
                row["build"][layout] = seconds
                row["mb"] = len(html.encode("utf-8")) / 1e6
                loads = []
                for _ in range(args.runs):
                    ready, nodes, requests = browser_seconds(path, args.limit)
                    if nodes != len(net) or requests:
                        print(f"{path.name}: {nodes} nodes in the page (expected {len(net)}); "
                              f"requests: {requests}", file=sys.stderr)
                        return 1
                    loads.append(ready)
                    if ready is None:
                        break  # one stopped run says enough
                row["browser"][layout] = None if None in loads else statistics.median(loads)
                print(f"{n:6} entities  {layout:11}  build {seconds:6.2f} s  browser "
                      f"{_seconds(row['browser'][layout], args.limit)} s", file=sys.stderr)
            rows.append(row)
    section = markdown(rows, args.runs)
    write_section(args.markdown, SECTION, section)
    print(f"wrote {args.markdown}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
