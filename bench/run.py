"""Every benchmark, one after another, each writing its section of docs/benchmarks.md.

    python bench/run.py [--markdown docs/benchmarks.md] [--quick]

Run it from the project's root on an otherwise idle machine: the benchmarks time whole commands
against their baselines in the same run, so anything else running skews both sides. It takes
about half an hour on 2 cores; --quick runs every benchmark at small sizes (minutes) to check
that they work, and its figures are not for the docs.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# (script, arguments, arguments with --quick); "{out}" is a build of the seeds
STEPS = [
    ("bench_build.py", [], ["--runs", "1"]),
    ("bench_queries.py", ["--out", "{out}"], ["--out", "{out}", "--runs", "3"]),
    ("bench_big_graph.py", ["--out", "{out}"], ["--out", "{out}", "--triples", "100000"]),
    ("bench_corpus.py", [], ["--sizes", "5", "20"]),
    ("bench_view.py", [], ["--sizes", "200", "--runs", "1"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markdown", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        out = Path(tmp) / "out"
        print("building the seeds for the query benchmarks", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "cli", "build", "--out", str(out), "--workers=2"],
                       check=True, stdout=subprocess.DEVNULL)
        for script, arguments, quick in STEPS:
            print(f"== {script}", file=sys.stderr, flush=True)
            chosen = [a.format(out=out) for a in (quick if args.quick else arguments)]
            subprocess.run([sys.executable, str(BENCH / script), *chosen, "--markdown", str(args.markdown)],
                           check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
