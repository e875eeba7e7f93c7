"""Shared fixtures: the seeds' graph is built once per test session, for real."""
from __future__ import annotations

from pathlib import Path

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
