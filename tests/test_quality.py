"""Extraction quality on the development gold must not drop below the floors in quality_floors.json.

The floors sit just under what the extractors achieve; raise them when extraction improves.
"""
import json
from pathlib import Path

import pytest

from kg.evaluate import check_floors, evaluate, summary_line
from kg.vocab import load_ontology

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent


def test_scores_stay_above_the_floors(seed_graph, seeds_dir):
    graph = load_ontology()
    graph += seed_graph
    report = evaluate(graph, HERE / "gold", seeds_dir)
    floors = json.loads((HERE / "quality_floors.json").read_text(encoding="utf-8"))
    assert check_floors(report, floors) == [], summary_line(report)
