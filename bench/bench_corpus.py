"""Build time per document and peak memory on synthetic corpora of 10, 100 and 1,000 documents.

    python bench/bench_corpus.py [--sizes 10 100 1000] [--chars 2000] [--workers 2] [--markdown docs/benchmarks.md]

A synthetic document is seed paragraphs (lines of 20 characters or more) drawn at random, with a
fixed seed, until it holds --chars characters; so the corpora read like the seeds, in the same
proportions of names, dates and relations. Each corpus is built cold (`spacekg build --no-cache`
into an empty folder) and measured from outside by bench/measured_run.py: the wall time of the
whole command and the peak memory of its processes (summed PSS). A build has a fixed start
(interpreter, imports, the model) measured on a one-line document, so the table gives the time per
document both whole and past that start. Goals: time per document flat within ±25% from 10 to
1,000 documents, peak memory under 2 GB at 1,000. The table goes under "## Corpus size".
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

from bench_env import machine_line
from markdown_sections import write_section  # bench/ is the script's own folder
from measured_run import Measured, run

SECTION = "## Corpus size"
MIN_PARAGRAPH = 20
STARTS = 3  # one-line builds timed for the fixed start (their median): it varies by a second
ONE_LINE = "宇宙航空研究開発機構（JAXA）は米国航空宇宙局（NASA）と協力する。\n"


def paragraphs(seeds: Path) -> list[str]:
    lines = (line.strip() for path in sorted(seeds.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if len(line) >= MIN_PARAGRAPH]


def write_corpus(folder: Path, pool: list[str], documents: int, chars: int) -> int:
    """`documents` files of about `chars` characters each into `folder`; returns the characters written."""
    rng = random.Random(documents)
    folder.mkdir(parents=True)
    total = 0
    for n in range(documents):
        picked: list[str] = []
        while sum(map(len, picked)) < chars:
            picked.append(rng.choice(pool))
        text = "\n".join(picked) + "\n"
        (folder / f"synthetic-{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def build(corpus: Path, out: Path, workers: int) -> Measured:
    return run([sys.executable, "-m", "cli", "build", str(corpus), "--out", str(out), "--no-cache",
                f"--workers={workers}"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--chars", type=int, default=2000, help="characters per document")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--markdown", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    pool = paragraphs(args.seeds)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        work = Path(tmp)
        (work / "one").mkdir()
        (work / "one" / "one.txt").write_text(ONE_LINE, encoding="utf-8")
        start = statistics.median(build(work / "one", work / "one-out", args.workers).seconds
                                  for _ in range(STARTS))
        for size in args.sizes:
            chars = write_corpus(work / f"corpus-{size}", pool, size, args.chars)
            print(f"{size} documents, {chars:,} characters", file=sys.stderr, flush=True)
            measured = build(work / f"corpus-{size}", work / f"out-{size}", args.workers)
            rows.append((size, chars, measured))
            print(f"  {measured.seconds:.1f} s, peak {measured.peak_mb:,.0f} MB", file=sys.stderr, flush=True)
    section = markdown(rows, start, args)
    write_section(args.markdown, SECTION, section)
    print(f"wrote {args.markdown}", file=sys.stderr)
    return 0


def markdown(rows: list[tuple[int, int, Measured]], start: float, args) -> str:
    whole = [m.seconds / size for size, _, m in rows]
    past_start = [(m.seconds - start) / size for size, _, m in rows]
    lines = [
        SECTION, "",
        f"Synthetic corpora of seed paragraphs drawn at random, about {args.chars:,} characters a "
        f"document, each built cold with `--workers={args.workers}`. The fixed start of a build "
        f"(interpreter, imports, model; a one-line document, median of {STARTS}) took {start:.1f} s. Goals: time "
        "per document flat within ±25% from the smallest corpus to the largest, and peak memory "
        "under 2 GB at 1,000 documents.", "",
        machine_line("bench/bench_corpus.py"), "",
        "| documents | characters | build s | s per document | s per document past the start | peak MB |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for (size, chars, m), per, marginal in zip(rows, whole, past_start):
        lines.append(f"| {size:,} | {chars:,} | {m.seconds:.1f} | {per:.3f} | {marginal:.3f} | {m.peak_mb:,.0f} |")
    lines += ["", f"Largest corpus against the smallest, time per document: {whole[-1] / whole[0]:.2f}× "
              f"whole, {past_start[-1] / past_start[0]:.2f}× past the start. The whole figure carries the "
              f"fixed start, shared by {rows[0][0]:,} documents and spread over {rows[-1][0]:,}; past the "
              "start is what each document adds."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
