"""spacekg view through typer's runner, on the seed build: where views go, what they hold, and
the errors and exit codes of its options."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from cli import app
from kg import network as kgnet
from kg.show import _names, normalise
from kg.store import store_path

pytestmark = pytest.mark.slow
runner = CliRunner()
SEED_DOC = "003_e130fa5e48a9706e.txt"


@pytest.fixture
def out(seed_build, tmp_path):
    """A build folder of its own that reads the seed store, so that views written here do not
    show up in the seed build's folder (the server tests expect none there)."""
    (tmp_path / "store").symlink_to(store_path(seed_build[0]))
    return tmp_path


def view(*args: str):
    return runner.invoke(app, ["view", *args])


def nodes(path) -> list[dict]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return json.loads(soup.find("script", id="view-data").string)["nodes"]


def test_a_view_goes_to_the_views_folder_by_default(out, seed_graph):
    result = view("--out", str(out))
    assert result.exit_code == 0, result.output
    path = out / "views" / "graph.html"
    entities = len(kgnet.project(seed_graph))
    assert result.stdout.startswith(f"wrote {path} ({entities} entities, ")
    assert "precomputed layout" in result.stdout and len(nodes(path)) == entities


def test_output_file_filters_and_focus_choose_what_is_drawn(out, tmp_path):
    target = tmp_path / "agencies.html"
    result = view("--out", str(out), "-o", str(target), "--class", "Agency", "--doc", SEED_DOC)
    assert result.exit_code == 0, result.output
    assert {n["top"] for n in nodes(target)} == {"Agency"}
    assert all(SEED_DOC in n["documents"] for n in nodes(target))

    result = view("--out", str(out), "--focus", "ＪＡＸＡ", "--depth", "2", "--layout", "precomputed",
                  "--size-by", "degree")
    assert result.exit_code == 0, result.output
    drawn = nodes(out / "views" / "ego-jaxa-2.html")
    assert "https://w3id.org/spacekg/id/e/jaxa" in {n["id"] for n in drawn}
    assert all("x" in n for n in drawn) and "precomputed layout" in result.stdout


def test_an_ambiguous_focus_lists_the_candidates(out, seed_graph):
    owners = defaultdict(set)
    for entity, label in _names(seed_graph):
        owners[normalise(label)].add(str(entity))
    shared = next(((label, iris) for label, iris in owners.items() if len(iris) > 1), None)
    if shared is None:
        pytest.skip("no two entities of the seed graph share a name")
    result = view("--out", str(out), "--focus", shared[0])
    assert result.exit_code == 1
    assert f"names {len(shared[1])} entities; give the IRI of one" in result.stderr
    assert all(iri in result.stderr for iri in shared[1])
    assert not (out / "views").exists()


def test_an_unknown_focus_suggests_names_that_contain_it(out):
    result = view("--out", str(out), "--focus", "宇宙航空研究開発機")
    assert result.exit_code == 1
    assert "no entity is named '宇宙航空研究開発機'" in result.stderr
    assert "names that contain it:" in result.stderr and "/e/jaxa" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--class", "Spaceship"], "class 'Spaceship': not a class of the ontology"),
    (["--doc", "missing.txt"], "document 'missing.txt': no entity is mentioned in it"),
    (["--depth", "2"], "--depth counts relations from --focus"),
    (["--layout", "circle"], "--layout 'circle': choose one of auto, physics, precomputed"),
    (["--size-by", "mentions"], "--size-by 'mentions': choose one of pagerank, betweenness, degree, strength"),
    (["--focus", "JAXA", "--depth", "-1"], "greater than or equal to 0"),
])
def test_bad_options_are_usage_errors(out, args, message):
    result = view("--out", str(out), *args)
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.stderr.split())


def test_a_folder_as_output_is_refused(out):
    result = view("--out", str(out), "-o", str(out))
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_nothing_to_draw_and_no_build_fail(out, seed_graph, tmp_path):
    result = view("--out", str(out), "--focus", "JAXA", "--class", "Person")
    assert result.exit_code == 1 and "is not among the entities of class Person" in result.stderr
    result = view("--out", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "no graph has been built here" in result.stderr
