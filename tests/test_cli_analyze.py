"""`spacekg analyze` through typer's runner on the seed build: rankings, communities, paths, ego networks."""
from __future__ import annotations

import csv
import io
import itertools
import json

import pytest
from typer.testing import CliRunner

from cli import app
from kg.network import project

pytestmark = pytest.mark.slow
runner = CliRunner()
JAXA, US, JP = (f"https://w3id.org/spacekg/id/e/{name}" for name in ("jaxa", "us", "jp"))
DOC = "003_e130fa5e48a9706e.txt"


@pytest.fixture(scope="module")
def analyze(seed_build):
    out = str(seed_build[0])
    return lambda *args: runner.invoke(app, ["analyze", *args, "--out", out])


@pytest.fixture(scope="module")
def net(seed_graph):
    return project(seed_graph)


def table(result) -> list[dict[str, str]]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_centrality_ranks_by_pagerank_in_a_table(analyze):
    result = analyze("centrality", "--top", "3")
    assert result.exit_code == 0, result.output
    assert "pagerank" in result.stdout and "3 rows" in result.stdout


def test_centrality_as_csv_is_ranked_by_the_measure_asked_for(analyze, net):
    rows = table(analyze("centrality", "--format", "csv", "--top", "15"))
    assert list(rows[0]) == ["rank", "entity", "class", "degree", "strength", "betweenness", "pagerank", "iri"]
    assert len(rows) == 15 and [r["rank"] for r in rows] == [str(n) for n in range(1, 16)]
    ranks = [float(r["pagerank"]) for r in rows]
    assert ranks == sorted(ranks, reverse=True)
    by_degree = table(analyze("centrality", "--format", "csv", "--by", "degree"))
    degrees = [int(r["degree"]) for r in by_degree]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] == max(
        len(set(net.predecessors(n)) | set(net.successors(n))) for n in net)


def test_a_class_filter_keeps_only_that_class_and_measures_within_it(analyze, net):
    rows = table(analyze("centrality", "--format", "csv", "--class", "Country", "--top", "100"))
    assert rows and {r["class"] for r in rows} == {"Country"}
    japan = next(r for r in rows if r["iri"] == JP)
    countries = {n for n in set(net.predecessors(JP)) | set(net.successors(JP)) if net.nodes[n]["top"] == "Country"}
    assert int(japan["degree"]) == len(countries) < net.degree(JP)


def test_a_document_filter_keeps_the_entities_it_mentions(analyze, net):
    rows = table(analyze("centrality", "--format", "csv", "--doc", DOC, "--top", "1000"))
    assert 0 < len(rows) < net.number_of_nodes()
    assert all(DOC in net.nodes[r["iri"]]["documents"] for r in rows)


def test_communities_are_disjoint_and_repeat(analyze):
    first = analyze("communities", "--format", "json", "--top", "5")
    rows = json.loads(first.stdout)
    assert {r["community"] for r in rows} == {1, 2, 3, 4, 5}
    assert len({r["iri"] for r in rows}) == len(rows)  # an entity is in one community
    sizes = [sum(1 for r in rows if r["community"] == c) for c in range(1, 6)]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] >= 2
    assert analyze("communities", "--format", "json", "--top", "5").stdout == first.stdout
    summary = analyze("communities", "--top", "2")
    assert summary.exit_code == 0 and "2 rows" in summary.stdout and "size" in summary.stdout


def test_path_gives_each_hop_with_its_evidence(analyze):
    result = analyze("path", "JAXA", "米国")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1. 宇宙航空研究開発機構 —") and "chars " in result.stdout
    rows = json.loads(analyze("path", "jaxa", "United States", "--format", "json").stdout)
    assert rows[0]["from_iri"] == JAXA and rows[-1]["to_iri"] == US
    hops = sorted({(r["hop"], r["from_iri"], r["to_iri"]) for r in rows})
    assert all(a[2] == b[1] for a, b in itertools.pairwise(hops))
    assert all(r["sentence"] and r["direction"] in ("forward", "backward") for r in rows)


def test_no_path_is_a_clear_failure(analyze):
    result = analyze("path", "JAXA", "中国")
    assert result.exit_code == 1
    assert "no chain of relations joins '宇宙航空研究開発機構' and '中国'" in result.stderr


def test_an_ambiguous_name_lists_the_candidates(analyze):
    result = analyze("path", "国際宇宙探査会合", "JAXA")
    assert result.exit_code == 1
    assert "'国際宇宙探査会合' names 2 entities" in result.stderr
    assert result.stderr.count("https://w3id.org/spacekg/id/e/event-") == 2


def test_an_unknown_name_suggests_names_that_contain_it(analyze):
    result = analyze("ego", "三菱総合")
    assert result.exit_code == 1
    assert "no entity is named '三菱総合'" in result.stderr and "三菱総合研究所" in result.stderr


def test_ego_depth_two_reaches_beyond_depth_one(analyze):
    one = table(analyze("ego", "JAXA", "--format", "csv", "--top", "1000"))
    two = table(analyze("ego", "JAXA", "--depth", "2", "--format", "csv", "--top", "1000"))
    assert one[0]["iri"] == JAXA and one[0]["distance"] == "0"
    assert {r["iri"] for r in one} < {r["iri"] for r in two}
    assert {r["distance"] for r in one} == {"0", "1"} and {r["distance"] for r in two} == {"0", "1", "2"}
    assert all(r["via"] for r in two[1:])


def test_a_name_the_filters_leave_out_is_an_error(analyze):
    result = analyze("ego", "JAXA", "--class", "Country")
    assert result.exit_code == 1 and "is not among the entities the filters keep" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["rank"], "action 'rank': choose one of centrality, communities, path A B, ego NAME"),
    (["path", "JAXA"], "path takes 2 names, not 1"),
    (["ego"], "ego takes 1 name, not 0"),
    (["centrality", "--format", "xml"], "--format 'xml': choose one of table, csv, json"),
    (["centrality", "--by", "fame"], "--by 'fame': choose one of pagerank"),
    (["centrality", "--class", "Agencies"], "class 'Agencies': not a class of the ontology"),
])
def test_usage_errors_name_the_value_and_exit_2(analyze, args, message):
    result = analyze(*args)
    assert result.exit_code == 2 and message in result.stderr
