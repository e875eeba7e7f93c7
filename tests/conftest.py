"""Shared fixtures: the seeds' graph is built once per test session, for real."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """(output folder, BuildSummary) of a full build of seeds/."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-build")
    return out, build([SEEDS], out)


@pytest.fixture(scope="session")
def seed_graph(seed_build):
    from kg.store import open_graph

    return open_graph(seed_build[0])


class MarkupBuild(NamedTuple):
    """A build of one document with markup in two evidence sentences and in its file name."""

    out: Path
    document: str  # the file name, with <b> in it
    script: str  # an evidence sentence with <script>, as normalised
    img: str  # an evidence sentence with <img onerror>, as normalised


@pytest.fixture(scope="session")
def markup_build(tmp_path_factory) -> MarkupBuild:
    """A real build of a document whose text and name carry HTML, for the escaping tests of pages."""
    from kg.build import build

    corpus = tmp_path_factory.mktemp("markup-corpus")
    document = "010_<b>markup.txt"
    (corpus / document).write_text(
        '宇宙航空研究開発機構（JAXA）は<script>alert("x")</script>きぼうを運用している。\n'
        'JAXAはNASAと協力する<img src=x onerror="alert(2)">。\n', encoding="utf-8")
    out = tmp_path_factory.mktemp("markup-out")
    build([corpus], out)
    return MarkupBuild(out, document,
                       '宇宙航空研究開発機構(JAXA)は<script>alert("x")</script>きぼうを運用している。',
                       'JAXAはNASAと協力する<img src=x onerror="alert(2)">。')
