"""A build killed at any moment (SIGKILL) leaves the previous graph readable and whole, and the
next build works without anyone cleaning up."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import build
from kg.export import plain
from kg.store import STORES_DIR, open_graph

pytestmark = pytest.mark.slow

# thirty short documents: enough triples that writing the graph takes a while to be killed in
TEXTS = {f"report-{n:02d}.txt": f"文部科学省はJAXAを所管する。JAXAはNASAと第{n}回の会合で協力する。\n"
         f"{2000 + n}年3月24日に東京で日米対話の第{n}回会合が開催された。外務省及び防衛省が参加した。\n"
         for n in range(30)}
ADDED = ("c.txt", "内閣府は宇宙基本計画を策定する。日本と米国はアルテミス合意に署名した。\n")


def write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build_command(docs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "cli", "build", str(docs), "--out", str(out)]


def graphs_of(out: Path) -> tuple[Graph, Graph]:
    """(the store's graph, graph.ttl), each read whole; Oxigraph returns strings typed
    xsd:string, so kg.export.plain writes them as graph.ttl does."""
    return plain(open_graph(out)), Graph().parse(out / "graph.ttl")


def test_a_build_killed_at_any_moment_leaves_a_whole_graph(tmp_path):
    docs, out = write(tmp_path / "docs", TEXTS), tmp_path / "out"
    added = docs / ADDED[0]

    def to_state(state: int) -> None:
        """The corpus without (0) or with (1) the added document."""
        if state:
            added.write_text(ADDED[1], encoding="utf-8")
        else:
            added.unlink(missing_ok=True)

    graphs, seconds = {}, {}  # each state's graph, and how long a build into it from the other takes
    build([docs], out)
    for state in (1, 0):
        to_state(state)
        started = time.perf_counter()
        subprocess.run(build_command(docs, out), check=True, capture_output=True)
        seconds[state] = time.perf_counter() - started
        graphs[state] = graphs_of(out)
    assert not isomorphic(graphs[0][1], graphs[1][1])
    # kill points spread over a whole build, and dense over its end, where files are written
    fractions = [0.1, 0.3, 0.5, 0.7] + [0.85 + 0.01 * i for i in range(20)]
    published = 0
    for fraction in fractions:
        target = 1 - published  # so that the build has work to do
        to_state(target)
        moment = seconds[target] * fraction
        process = subprocess.Popen(build_command(docs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # the store and graph.ttl each hold one of the two graphs, whole
        now = graphs_of(out)
        for graph, first, second in zip(now, graphs[0], graphs[1]):
            assert isomorphic(graph, first) or isomorphic(graph, second), f"killed after {moment:.2f} s"
        published = 0 if isomorphic(now[0], graphs[0][0]) else 1

    to_state(1)
    result = subprocess.run(build_command(docs, out), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert all(isomorphic(now, new) for now, new in zip(graphs_of(out), graphs[1]))
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".lock"]
    assert leftovers == [] and len(list((out / STORES_DIR).iterdir())) == 1
    assert not [p for p in (out / "cache").iterdir() if p.name.startswith(".")]


def test_a_second_build_into_the_same_folder_waits_for_none_and_is_refused(tmp_path):
    """One build at a time per folder: the second is told so, and the first finishes untouched."""
    docs, out = write(tmp_path / "docs", TEXTS), tmp_path / "out"
    first = subprocess.Popen(build_command(docs, out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not (out / ".lock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        second = subprocess.run(build_command(docs, out), capture_output=True, text=True)
        assert second.returncode == 1 and "another build is writing to this folder" in second.stderr
    finally:
        assert first.wait(120) == 0, first.stderr.read()
    assert len(graphs_of(out)[0]) > 0
    assert os.path.isdir(out / STORES_DIR)


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # the parent follows the name's last ")"
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the workers through /proc")
def test_a_parse_worker_killed_stops_the_build_with_its_reason(tmp_path):
    """A worker that dies (say, at the hands of the kernel's out-of-memory killer) stops the build
    with a message that says so, instead of hanging or writing a graph without its documents."""
    docs = write(tmp_path / "docs", {name: text * 5 for name, text in TEXTS.items()})
    out = tmp_path / "out"
    process = subprocess.Popen([*build_command(docs, out), "--no-cache", "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(workers := children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(workers) == 2, "the parse workers did not start"
        os.kill(workers[0], signal.SIGKILL)
        assert process.wait(60) == 1
    finally:
        process.kill()
    assert "a parse worker ended without answering (killed by signal 9)" in process.stderr.read()
    assert not (out / "graph.ttl").exists()
    survivor = Path(f"/proc/{workers[1]}")
    deadline = time.monotonic() + 10
    while survivor.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not survivor.exists(), "the other worker outlived the build"
