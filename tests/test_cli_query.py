"""`spacekg query` with saved queries, parameters and formats, through typer's runner on the seed build."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from cli import app
from kg.query import saved_queries

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(scope="module")
def query(seed_build):
    """Run `spacekg query ARGS --out <seed build>`."""
    out = str(seed_build[0])
    return lambda *args: runner.invoke(app, ["query", *args, "--out", out])


def test_list_shows_every_saved_query_with_description_and_parameters(query):
    result = query("--list")
    assert result.exit_code == 0, result.output
    for saved in saved_queries():
        assert f"\n{saved.name}\n    {saved.description}\n" in f"\n{result.stdout}\n"
        for param in saved.params:
            assert f"--param {param.name}=" in result.stdout
    assert "--param agreement=NAME  (Agreement, required) the agreement, by any of its names" in result.stdout
    assert "e.g. spacekg query --name agreement_parties --param 'agreement=アルテミス合意'" in result.stdout


def test_a_saved_query_by_name_with_a_parameter(query):
    result = query("--name", "agreement_parties", "--param", "agreement=Artemis Accords")
    assert result.exit_code == 0, result.output
    assert "宇宙航空研究開発機構" in result.stdout and "3 rows" in result.stdout


def test_another_name_of_the_entity_gives_the_same_output(query):
    by_label = query("-n", "actor_events", "-p", "actor=宇宙航空研究開発機構", "--format", "csv")
    by_abbreviation = query("-n", "actor_events", "-p", "actor=JAXA", "--format", "csv")
    assert by_label.exit_code == by_abbreviation.exit_code == 0
    assert by_label.stdout == by_abbreviation.stdout
    assert "ISECG会合" in by_label.stdout


def test_csv_parses_back(query):
    result = query("-n", "events_between", "-p", "from=2020", "-p", "to=2020-12", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert table and all(row["date"].startswith("2020") for row in table)


def test_tsv_parses_back(query):
    result = query("-n", "evidence", "-p", "subject=JAXA", "-p", "property=partyTo", "--format", "tsv")
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.stdout), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert table[0] == ["?subject_name", "?relation", "?object_name", "?document", "?sentence"]
    assert len(table) > 1 and all(len(row) == 5 for row in table)
    assert all(row[1] == '"partyTo"' for row in table[1:])


def test_json_parses_back(query):
    result = query("-n", "cooperation_partners", "-p", "actor=Japan", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["partner_name", "class", "statements", "documents"]
    assert "米国" in {b["partner_name"]["value"] for b in data["results"]["bindings"]}


def test_an_ambiguous_name_fails_and_lists_the_candidates(query):
    result = query("-n", "event_participants", "-p", "event=国際宇宙探査会合")
    assert result.exit_code == 1
    assert "parameter event: '国際宇宙探査会合' names 2 entities" in result.stderr
    assert "candidates:" in result.stderr
    assert result.stderr.count("https://w3id.org/spacekg/id/e/event-") == 2


def test_an_unknown_name_fails_with_suggestions(query):
    result = query("-n", "members", "-p", "body=三菱総合")
    assert result.exit_code == 1
    assert "no entity is named '三菱総合'" in result.stderr
    assert "names that contain it:" in result.stderr and "三菱総合研究所" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["-n", "agreement_partys"], "no saved query named 'agreement_partys'; did you mean agreement_parties"),
    (["-n", "agreement_parties"], "needs parameter 'agreement'"),
    (["-n", "members", "-p", "body=JAXA", "-p", "year=2023"], "unknown parameter 'year' for query 'members'"),
    (["-n", "members", "-p", "JAXA"], "--param 'JAXA': write it as NAME=VALUE"),
    (["-n", "budgets", "-p", "year=令和5"], "year='令和5': expected a year (YYYY)"),
    (["-n", "stats", "--format", "xml"], "--format 'xml': choose one of table, csv, tsv, json"),
    (["-n", "stats", "SELECT * WHERE {}"], "give one of a query, --file or --name"),
    ([], "give one of a query, --file or --name"),
    (["--list", "-n", "stats"], "--list takes no query"),
    (["SELECT * WHERE { ?s ?p ?o } LIMIT 1", "-p", "x=1"], "unknown parameter 'x' for query 'query': it declares none"),
])
def test_usage_errors_name_the_value_and_exit_2(query, args, message):
    result = query(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_a_query_file_may_declare_parameters(query, tmp_path):
    rq = tmp_path / "names.rq"
    rq.write_text("# The ja name of an entity.\n# param who: the entity\n"
                  "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                  'SELECT ?name WHERE { ?who skos:prefLabel ?name FILTER(LANG(?name) = "ja") }',
                  encoding="utf-8")
    result = query("--file", str(rq), "-p", "who=NASA", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "航空宇宙局"]


def test_inline_sparql_still_works_as_tsv(query):
    result = query("PREFIX sk: <https://w3id.org/spacekg/ontology#> "
                   "SELECT (COUNT(?d) AS ?n) WHERE { ?d a sk:Document }", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["?n", '"5"^^<http://www.w3.org/2001/XMLSchema#integer>']
