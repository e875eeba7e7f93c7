"""Build speed on the seeds: the cold build beside a bare GiNZA pass over the same text, the warm
rebuild, and the rebuild after one document changed.

    python bench/bench_build.py [--seeds seeds] [--workers 2] [--runs 3] [--markdown docs/benchmarks.md]

Every figure is the wall time of a whole command (interpreter, imports and model load included),
measured from outside by bench/measured_run.py, with the peak memory of its processes:
- baseline: bench/bare_ginza.py, `spacy.load("ja_ginza")` + `nlp.pipe` over the build's text,
  and the same pass with the build's model settings (numpy's BLAS on one thread, a chunk at a
  time), beside the rate of blis and of numpy's BLAS on this machine (bench/matrix_products.py);
- cold: `spacekg build --no-cache` into an empty folder, in one process and with --workers;
- the extraction scores of both cold builds (`spacekg eval`), which must not differ;
- warm: `spacekg build` again with nothing changed (median of --runs);
- one document changed: a sentence appended to the smallest and then to the largest seed and
  the folder rebuilt, beside a cold build of that document alone.
The table goes under "## Build" in the markdown file; the file's other sections are kept.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_env import machine_line
from markdown_sections import write_section  # bench/ is the script's own folder
from measured_run import Measured, run

SECTION = "## Build"
BENCH = Path(__file__).resolve().parent
ADDED = "\n（追記）本報告の内容は改訂された。\n"  # the change made to one document


def spacekg(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def build(paths: list[Path], out: Path, *options: str) -> Measured:
    return run(spacekg("build", *map(str, paths), "--out", str(out), *options))


def score(out: Path) -> str:
    """The SUMMARY line of `spacekg eval` for the build in `out`."""
    return run(spacekg("eval", "--out", str(out))).stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--workers", type=int, default=2, help="parse processes of the parallel build")
    parser.add_argument("--runs", type=int, default=3, help="warm rebuilds timed")
    parser.add_argument("--markdown", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    workers = f"--workers={args.workers}"
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        corpus = Path(shutil.copytree(args.seeds, work / "corpus"))
        log("matrix products")
        rates = matrix_products()
        log("bare GiNZA pass")
        bare = run([sys.executable, str(BENCH / "bare_ginza.py"), str(corpus)])
        chars = int(bare.stdout.strip())
        log("bare GiNZA pass, the build's model settings")
        tuned = run([sys.executable, str(BENCH / "bare_ginza.py"), "--build-settings", str(corpus)])
        log("cold build, one process")
        serial = build([corpus], work / "serial", "--no-cache", "--workers=1")
        log(f"cold build, {workers}")
        parallel = build([corpus], work / "out", "--no-cache", workers)
        scores = {"one process": score(work / "serial"), workers: score(work / "out")}
        log("warm rebuilds")
        warm = [build([corpus], work / "out", workers) for _ in range(args.runs)]
        changed = []
        by_size = sorted(corpus.iterdir(), key=lambda p: p.stat().st_size)
        for document in (by_size[0], by_size[-1]):
            log(f"one document changed: {document.name}")
            with document.open("a", encoding="utf-8") as f:
                f.write(ADDED)
            rebuilt = build([corpus], work / "out", workers)
            alone = build([document], work / f"alone-{document.stem}", "--no-cache", workers)
            changed.append((document.name, len(document.read_text(encoding="utf-8")), rebuilt, alone))
    section = markdown(args.seeds, chars, rates, bare, tuned, serial, parallel, workers, scores, warm, changed)
    write_section(args.markdown, SECTION, section)
    log(f"wrote {args.markdown}")
    return 0


def matrix_products() -> tuple[str, float, float]:
    """The kernels blis chose here, and the GFLOP/s of blis and of numpy's BLAS, one thread each."""
    done = subprocess.run([sys.executable, str(BENCH / "matrix_products.py")], capture_output=True, text=True,
                          check=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "BLIS_ARCH_DEBUG": "1"})
    chosen = re.search(r"sub-configuration '([^']+)'", done.stderr)
    blis, numpy = map(float, done.stdout.split())
    return chosen.group(1) if chosen else "unknown", blis, numpy


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def markdown(seeds: Path, chars: int, rates: tuple[str, float, float], bare: Measured, tuned: Measured,
             serial: Measured, parallel: Measured, workers: str, scores: dict[str, str], warm: list[Measured],
             changed: list) -> str:
    warm_s = statistics.median(m.seconds for m in warm)
    same = len(set(scores.values())) == 1
    lines = [
        SECTION, "",
        f"The documents of `{seeds}` ({chars:,} characters after normalisation). Each figure is the wall "
        "time of a whole command, interpreter, imports and model load included, and the peak memory "
        "of its processes (summed PSS). The baseline is `spacy.load(\"ja_ginza\")` and `nlp.pipe` "
        "over the same text and nothing else (`bench/bare_ginza.py`). Goals: a cold build at most "
        "0.6× the baseline at unchanged scores, a warm rebuild under 2 s, and a one-document change "
        "costing about that document.", "",
        machine_line("bench/bench_build.py"), "",
        "| run | seconds | × baseline | peak MB |", "|---|---:|---:|---:|",
        f"| bare GiNZA pass (baseline) | {bare.seconds:.1f} | 1.00 | {bare.peak_mb:,.0f} |",
        f"| bare GiNZA pass, the build's model settings | {tuned.seconds:.1f} | "
        f"{tuned.seconds / bare.seconds:.2f} | {tuned.peak_mb:,.0f} |",
        f"| cold build, one process (`--workers=1`) | {serial.seconds:.1f} | "
        f"{serial.seconds / bare.seconds:.2f} | {serial.peak_mb:,.0f} |",
        f"| cold build, `{workers}` | {parallel.seconds:.1f} | {parallel.seconds / bare.seconds:.2f} | {parallel.peak_mb:,.0f} |",
        f"| warm rebuild, nothing changed (median of {len(warm)}) | {warm_s:.2f} | "
        f"{warm_s / bare.seconds:.2f} | {max(m.peak_mb for m in warm):,.0f} |",
    ]
    for name, size, rebuilt, _ in changed:
        lines.append(f"| rebuild after {name} ({size:,} characters) changed | {rebuilt.seconds:.1f} | "
                     f"{rebuilt.seconds / bare.seconds:.2f} | {rebuilt.peak_mb:,.0f} |")
    kernels, blis, numpy = rates
    lines += ["", "The build's model settings (`extract/pipeline.load_ginza`): thinc's matrix products go to "
              "numpy's BLAS instead of blis, on one thread, and chunks are parsed one at a time. Here blis "
              f"chose its `{kernels}` kernels and multiplied float32 matrices the size of the tok2vec layers "
              f"at {blis:.1f} GFLOP/s, numpy's BLAS at {numpy:.1f} (`bench/matrix_products.py`, one thread "
              "each). The baseline's settings are spaCy's defaults."]
    lines += ["", "A changed document costs about its own cold build: the rebuild beside a cold "
              f"build of that document alone (both `{workers}`).", "",
              "| changed document | characters | rebuild of the five | that document alone |",
              "|---|---:|---:|---:|"]
    for name, size, rebuilt, alone in changed:
        lines.append(f"| {name} | {size:,} | {rebuilt.seconds:.1f} s | {alone.seconds:.1f} s |")
    lines += ["", "Extraction scores of the two cold builds (`spacekg eval`, development gold): "
              + ("identical." if same else "they differ."), ""]
    lines += [f"- {name}: `{line}`" for name, line in scores.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
