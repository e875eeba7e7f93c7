"""The saved-query library (kg/queries/*.rq) and parameter binding, on the seed graph built for real."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef

from kg.query import (
    NameNotResolved,
    QueryUsageError,
    bind,
    check_params,
    load_saved,
    parse_assignments,
    parse_query,
    rows,
    run,
    saved_queries,
    to_csv,
    to_json,
    to_tsv,
    with_values,
)

pytestmark = pytest.mark.slow

# The columns of every saved query: scripts read them by name, so a change here is a change of interface.
COLUMNS = {
    "network_entities": ["entity", "property", "value"],
    "network_evidence": ["statement", "sentence", "start", "end", "exact"],
    "network_mentions": ["entity", "document", "mentions"],
    "network_relations": ["subject", "property", "object", "statement", "document"],
    "actor_events": ["date", "event_name", "role", "places", "documents"],
    "agreement_parties": ["party_name", "class", "documents"],
    "agreements": ["agreement_name", "class", "date", "parties", "established_by", "mentions", "documents"],
    "budgets": ["budget_name", "amount", "currency_code", "fiscal_year", "allocated_to", "funded_by", "documents"],
    "co_mentioned": ["other_name", "class", "shared_documents", "mentions"],
    "cooperation_partners": ["partner_name", "class", "statements", "documents"],
    "documents": ["document", "title", "mentions", "entities", "statements"],
    "entities": ["entity", "class", "ja", "en", "mentions", "documents"],
    "entity_names": ["label", "kind", "language", "classes"],
    "established_by": ["established_name", "class", "founder_name", "documents"],
    "event_organisers": ["date", "event_name", "organiser_name", "class", "documents"],
    "event_participants": ["role", "actor_name", "class", "documents"],
    "events_between": ["date", "event_name", "class", "places", "organisers", "participants", "documents"],
    "evidence": ["subject_name", "relation", "object_name", "document", "sentence"],
    "members": ["member_name", "class", "relation", "documents"],
    "most_mentioned": ["entity_name", "top_class", "documents", "mentions", "entity"],
    "operators": ["operator_name", "operated_name", "operated_class", "documents"],
    "oversight": ["overseer_name", "overseen_name", "overseen_class", "documents"],
    "people": ["person_name", "organisation_name", "class", "documents"],
    "relation_summary": ["relation", "facts", "statements", "documents"],
    "relations_between": ["subject_name", "relation", "object_name", "statements", "documents"],
    "show_mentions": ["entity", "annotation", "document", "start", "end"],
    "show_names": ["entity", "label"],
    "show_relations": ["entity", "statement", "direction", "property", "other", "document"],
    "space_systems": ["system_name", "class", "developed_by", "operated_by", "launched_by", "mentions"],
    "stats": ["what", "count"],
    "timeline": ["date", "relation", "direction", "other_name", "class", "document"],
}
SAVED = {q.name: q for q in saved_queries()}
JAXA = "https://w3id.org/spacekg/id/e/jaxa"


def answer(graph: Graph, name: str, **values: str) -> list[dict[str, str]]:
    """The rows of a saved query as dicts of plain strings."""
    names, body = rows(run(graph, bind(graph, load_saved(name), values)))
    return [dict(zip(names, row)) for row in body]


# --- the library ----------------------------------------------------------------------------

def test_the_library_has_every_query_and_at_least_fifteen_for_analysts():
    assert set(SAVED) == set(COLUMNS)
    internal = {"entities", "stats", "show_mentions", "show_names", "show_relations",
                "network_entities", "network_evidence", "network_mentions", "network_relations"}
    assert len(set(SAVED) - internal) >= 15


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_each_query_declares_itself(name):
    query = SAVED[name]
    assert query.description and not query.description.startswith(("param", "example"))
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for param in query.params:
        assert re.search(rf"\?{param.name}\b", body), f"{name}: ?{param.name} is declared but not used"
        assert param.description
    required = {p.name for p in query.params if not p.optional}
    assert required <= set(query.example), f"{name}: the example must set {required}"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_each_query_runs_on_the_seeds_with_its_columns_and_rows(seed_graph, name):
    query = SAVED[name]
    result = run(seed_graph, bind(seed_graph, query, query.example))
    names, body = rows(result)
    assert names == COLUMNS[name]
    assert body, f"{name} with {query.example} returns no rows on the seed graph"
    if names[0] != "date":  # only a date may be missing (undated events and relations)
        assert all(row[0] for row in body)


def test_description_stops_at_the_declarations():
    query = parse_query("q", "# What it does,\n# on two lines.\n# param who Agency: the body\n"
                             "# example who=JAXA\nSELECT ?x WHERE { ?x ?p ?who }")
    assert query.description == "What it does, on two lines."
    assert [(p.name, p.kind, p.optional) for p in query.params] == [("who", "Agency", False)]
    assert query.example == {"who": "JAXA"}


@pytest.mark.parametrize("line", ["# param : nameless", "# param x strange: no such kind",
                                  "# param x year date: two kinds"])
def test_a_malformed_declaration_names_its_line(line):
    with pytest.raises(Exception, match="q.rq, line 2"):
        parse_query("q", f"# A query.\n{line}\nSELECT * WHERE {{}}", source="q.rq")


def test_an_unknown_saved_query_suggests_close_names():
    with pytest.raises(QueryUsageError, match="did you mean agreement_parties"):
        load_saved("agreement_partys")
    with pytest.raises(QueryUsageError, match="no saved query named '../stats'"):
        load_saved("../stats")


# --- parameters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name, param, names", [
    ("actor_events", "actor", ["宇宙航空研究開発機構", "JAXA", "ｊａｘａ", "Japan Aerospace Exploration Agency", JAXA]),
    ("agreement_parties", "agreement", ["アルテミス合意", "Artemis Accords", "アルテミス協定", "the artemis accords"]),
    ("cooperation_partners", "actor", ["米国", "アメリカ", "US"]),
])
def test_any_name_of_an_entity_gives_the_same_rows(seed_graph, name, param, names):
    answers = [answer(seed_graph, name, **{param: n}) for n in names]
    assert answers[0]
    assert all(a == answers[0] for a in answers)


def test_parties_to_the_artemis_accords(seed_graph):
    parties = {row["party_name"] for row in answer(seed_graph, "agreement_parties", agreement="Artemis Accords")}
    assert {"宇宙航空研究開発機構", "航空宇宙局", "日本"} <= parties


def test_cooperation_is_read_either_way_round(seed_graph):
    assert "米国" in {r["partner_name"] for r in answer(seed_graph, "cooperation_partners", actor="日本")}
    assert "日本" in {r["partner_name"] for r in answer(seed_graph, "cooperation_partners", actor="米国")}


def test_events_between_keep_to_the_range(seed_graph):
    found = answer(seed_graph, "events_between", **{"from": "2020-06", "to": "2021"})
    dates = [r["date"] for r in found]
    assert dates == sorted(dates) and "2020-06-10" in dates and "2021-03-16" in dates
    assert all("2020-06" <= d[:7] or d == "2020" for d in dates) and all(d[:4] <= "2021" for d in dates)
    assert "2020-05-27" not in dates  # before the month the range starts in


def test_optional_parameters_filter_only_when_given(seed_graph):
    every = answer(seed_graph, "budgets")
    dollars = answer(seed_graph, "budgets", currency="usd")
    assert dollars and len(dollars) < len(every)
    assert {r["currency_code"] for r in dollars} == {"USD"}
    agencies = answer(seed_graph, "most_mentioned", **{"class": "Agency"})
    assert {r["top_class"] for r in agencies} == {"Agency"}
    assert [int(r["documents"]) for r in agencies] == sorted((int(r["documents"]) for r in agencies), reverse=True)


def test_evidence_gives_the_sentence_and_document_of_each_fact(seed_graph):
    found = answer(seed_graph, "evidence", subject="JAXA", property="partyTo")
    assert {r["object_name"] for r in found} >= {"アルテミス合意"}
    assert all(r["relation"] == "partyTo" and r["document"].endswith(".txt") and "JAXA" in r["sentence"]
               for r in found)


def test_timeline_is_in_date_order_with_undated_rows_last(seed_graph):
    dates = [r["date"] for r in answer(seed_graph, "timeline", actor="日本")]
    dated = [d for d in dates if d]
    assert dated and dates[:len(dated)] == sorted(dated)
    assert all(not d for d in dates[len(dated):])


def test_an_ambiguous_name_lists_the_candidates(seed_graph):
    with pytest.raises(NameNotResolved, match="names 2 entities") as caught:
        answer(seed_graph, "event_participants", event="国際宇宙探査会合")
    assert caught.value.heading == "candidates:"
    assert len(caught.value.refs) == 2
    # and one of them can be given by its IRI
    assert answer(seed_graph, "event_organisers", event=caught.value.refs[0].iri)


def test_an_unknown_name_suggests_names_that_contain_it(seed_graph):
    with pytest.raises(NameNotResolved, match="no Agreement entity is named '合意'") as caught:
        answer(seed_graph, "agreement_parties", agreement="合意")
    assert "https://w3id.org/spacekg/id/e/artemis_accords" in {r.iri for r in caught.value.refs}


def test_a_name_of_the_wrong_class_says_what_it_names(seed_graph):
    with pytest.raises(NameNotResolved, match="'JAXA' names no Agreement entity") as caught:
        answer(seed_graph, "agreement_parties", agreement="JAXA")
    assert [r.iri for r in caught.value.refs] == [JAXA]


@pytest.mark.parametrize("values, message", [
    ({}, "needs parameter 'agreement'"),
    ({"agreement": "x", "year": "2023"}, "unknown parameter 'year' for query 'agreement_parties': it takes agreement"),
])
def test_missing_and_unknown_parameters(values, message):
    with pytest.raises(QueryUsageError, match=re.escape(message)):
        check_params(load_saved("agreement_parties"), values)


@pytest.mark.parametrize("query, values, message", [
    ("budgets", {"year": "R5"}, "year='R5': expected a year"),
    ("events_between", {"from": "2023-13"}, "from='2023-13': expected a real date"),
    ("events_between", {"to": "March"}, "to='March': expected a date"),
    ("most_mentioned", {"class": "Spaceship"}, "class='Spaceship': expected one of Country"),
    ("evidence", {"property": "likes"}, "property='likes': expected one of memberOf"),
])
def test_literal_parameters_are_checked(query, values, message):
    with pytest.raises(QueryUsageError, match=re.escape(message)):
        check_params(load_saved(query), values)


def test_literal_parameters_bind_typed_literals(seed_graph):
    query = parse_query("q", "# Values.\n# param y year: a year\n# param d date: a date\n# param n integer: a number\n"
                             "# param c class: a class\nSELECT ?y ?d ?n ?c WHERE {}")
    result = list(run(seed_graph, bind(seed_graph, query, {"y": "2023", "d": "2023-03", "n": "7", "c": "agency"})))
    assert [str(t.datatype).rsplit("#")[-1] for t in result[0][:3]] == ["gYear", "gYearMonth", "integer"]
    assert result[0][3] == URIRef("https://w3id.org/spacekg/ontology#Agency")


@pytest.mark.parametrize("text", ['plain', 'a "quoted" word', "} } DROP ALL ; SELECT * { #", "line\nbreak\ttab \\ end"])
def test_text_is_bound_as_a_literal_never_as_sparql(seed_graph, text):
    query = parse_query("q", "# Echo.\n# param t text: any text\nSELECT ?echo WHERE { BIND(?t AS ?echo) }")
    result = list(run(seed_graph, bind(seed_graph, query, {"t": text})))
    echo = result[0][0]
    assert isinstance(echo, Literal) and str(echo) == text and echo.language is None


def test_values_go_in_the_first_where_group_not_in_comments_iris_or_strings():
    text = ('# a { in a comment\nPREFIX ex: <http://example.org/{x}#>\n'
            'CONSTRUCT { ?s ex:p "{" } WHERE { ?s ex:p ?who }')
    bound = with_values(text, {"who": Literal("x")})
    assert bound.index("VALUES (?who)") > bound.index("WHERE {")
    assert bound.startswith(text[:text.index("WHERE {")])


def test_assignments_are_name_equals_value():
    assert parse_assignments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    with pytest.raises(QueryUsageError, match="'a' is given twice"):
        parse_assignments(["a=1", "a=2"])
    with pytest.raises(QueryUsageError, match="'jaxa': write it as NAME=VALUE"):
        parse_assignments(["jaxa"])


# --- result formats ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def parties(seed_graph):
    return lambda: run(seed_graph, bind(seed_graph, load_saved("agreement_parties"), {"agreement": "Artemis Accords"}))


def test_csv_parses_back(parties):
    table = list(csv.reader(io.StringIO(to_csv(parties()))))
    assert table[0] == COLUMNS["agreement_parties"]
    assert len(table) == 1 + len(list(parties()))


def test_tsv_is_sparql_tsv_one_line_per_row(parties, seed_graph):
    text = to_tsv(parties())
    table = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert table[0] == [f"?{c}" for c in COLUMNS["agreement_parties"]]
    assert len(table) == 1 + len(list(parties()))
    assert any(row[0] == '"日本"@ja' for row in table[1:])
    # a sentence with line breaks stays on one line
    evidence = run(seed_graph, bind(seed_graph, load_saved("evidence"), {"property": "memberOf"}))
    sentences = [r.sentence for r in evidence if r.sentence is not None and "\n" in r.sentence]
    assert sentences
    assert len(to_tsv(evidence).splitlines()) == 1 + len(list(evidence))


def test_json_is_sparql_results_json(parties):
    data = json.loads(to_json(parties()))
    assert data["head"]["vars"] == COLUMNS["agreement_parties"]
    bindings = data["results"]["bindings"]
    assert len(bindings) == len(list(parties()))
    assert {"type": "literal", "value": "日本", "xml:lang": "ja"} in [b["party_name"] for b in bindings]
