"""The SPARQL endpoint as clients see it: a real server over the seed build, queried with SPARQLWrapper
and plain HTTP; `spacekg serve` run as a process."""
from __future__ import annotations

import json
import re
import select
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.query import bind, saved_queries
from kg.server import make_server
from kg.server_formats import GRAPH_OFFERS, SOLUTION_OFFERS, negotiate
from kg.store import store_path

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

AGENCIES = """PREFIX sk: <https://w3id.org/spacekg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?agency ?name WHERE { ?agency a sk:Agency ; skos:prefLabel ?name FILTER(LANG(?name) = "ja") }
ORDER BY ?name LIMIT 5"""
JAXA_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
CONSTRUCT { ?e skos:prefLabel ?name } WHERE { ?e skos:altLabel ?alt ; skos:prefLabel ?name FILTER(STR(?alt) = "JAXA") }"""
JAXA = "https://w3id.org/spacekg/id/e/jaxa"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start(out: Path, **options):
    server = make_server(out, port=0, quiet=True, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def stop(server, thread) -> None:
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def endpoint(seed_build):
    server, thread = start(seed_build[0])
    yield server.url
    stop(server, thread)


def client(url: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url + "sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None):
    """(status, headers, body) of one request, errors included."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


# ---------------------------------------------------------------------------- queries

def test_select_as_json(endpoint):
    result = client(endpoint, AGENCIES).queryAndConvert()
    assert result["head"]["vars"] == ["agency", "name"]
    rows = result["results"]["bindings"]
    assert len(rows) == 5
    assert all(row["name"]["xml:lang"] == "ja" for row in rows)


def test_select_as_xml(endpoint):
    document = client(endpoint, AGENCIES, XML).queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 5
    assert {v.getAttribute("name") for v in document.getElementsByTagName("variable")} == {"agency", "name"}


def test_select_as_csv_and_tsv(endpoint):
    csv = client(endpoint, AGENCIES, CSV).queryAndConvert().decode("utf-8").splitlines()
    assert csv[0] == "agency,name" and len(csv) == 6
    tsv = client(endpoint, AGENCIES, TSV).queryAndConvert().decode("utf-8").splitlines()
    assert tsv[0] == "?agency\t?name" and len(tsv) == 6


def test_ask(endpoint):
    assert client(endpoint, "ASK { ?s a sk:Country }").queryAndConvert() == {"head": {}, "boolean": True}
    assert client(endpoint, "ASK { ?s a sk:Nothing }").queryAndConvert()["boolean"] is False


def test_construct_as_turtle(endpoint):
    turtle = client(endpoint, JAXA_QUERY, TURTLE).queryAndConvert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert {str(s) for s in graph.subjects()} == {JAXA}
    assert "宇宙航空研究開発機構" in {str(o) for o in graph.objects()}


def test_construct_as_json_ld_and_n_triples(endpoint):
    url = endpoint + "sparql?" + urlencode({"query": JAXA_QUERY})
    status, headers, body = http(url, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert {str(s) for s in Graph().parse(data=body, format="json-ld").subjects()} == {JAXA}
    status, headers, body = http(url, headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert f"<{JAXA}>".encode() in body


def test_post_form_and_post_direct(endpoint):
    form = client(endpoint, AGENCIES)
    form.setMethod(POST)
    direct = client(endpoint, AGENCIES)
    direct.setMethod(POST)
    direct.setRequestMethod(POSTDIRECTLY)
    assert form.queryAndConvert() == direct.queryAndConvert() == client(endpoint, AGENCIES).queryAndConvert()


def test_defaults_without_accept(endpoint):
    status, headers, _ = http(endpoint + "sparql?" + urlencode({"query": AGENCIES}))
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    status, headers, _ = http(endpoint + "sparql?" + urlencode({"query": JAXA_QUERY}))
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"


def test_what_cannot_be_produced_is_406(endpoint):
    status, _, body = http(endpoint + "sparql?" + urlencode({"query": JAXA_QUERY}), headers={"Accept": "text/csv"})
    assert status == 406
    assert b"text/turtle" in body
    status, _, _ = http(endpoint + "sparql?" + urlencode({"query": AGENCIES}), headers={"Accept": "image/png"})
    assert status == 406


def test_negotiation_follows_weights_and_specificity():
    assert negotiate(None, SOLUTION_OFFERS).media_type == "application/sparql-results+json"
    assert negotiate("*/*", GRAPH_OFFERS).media_type == "text/turtle"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", SOLUTION_OFFERS).media_type \
        == "application/sparql-results+xml"
    assert negotiate("text/*;q=0.9, text/tab-separated-values", SOLUTION_OFFERS).media_type \
        == "text/tab-separated-values"
    assert negotiate("application/ld+json;q=0, */*;q=0.1", GRAPH_OFFERS).media_type == "text/turtle"
    assert negotiate("application/ld+json;q=0", GRAPH_OFFERS) is None


# ---------------------------------------------------------------------------- refusals

def test_update_is_refused(endpoint):
    update = client(endpoint, 'INSERT DATA { <urn:a> <urn:b> "c" }')
    update.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as form:
        update.query()
    assert form.value.code == 403
    assert b"read-only" in form.value.read()

    status, _, body = http(endpoint + "sparql", data=b'DELETE WHERE { ?s ?p ?o }',
                           headers={"Content-Type": "application/sparql-update"})
    assert status == 403 and b"read-only" in body
    # an update sent as a query
    status, _, body = http(endpoint + "sparql?" + urlencode({"query": "PREFIX a: <urn:a>\nCLEAR ALL"}))
    assert status == 403 and b"read-only" in body
    assert client(endpoint, "ASK { ?s a sk:Country }").queryAndConvert()["boolean"] is True


def test_malformed_query_is_400_with_the_parsers_message(endpoint):
    with pytest.raises(QueryBadFormed) as err:
        client(endpoint, "SELECT ?x WHERE { ?x ?y }").queryAndConvert()
    assert "malformed query: error at 1:" in str(err.value)


def test_other_requests_are_refused_plainly(endpoint):
    assert http(endpoint + "sparql")[0] == 400  # no query
    assert http(endpoint + "sparql", data=b"x", headers={"Content-Type": "text/plain"})[0] == 415
    assert http(endpoint + "nothing")[0] == 404


def test_a_slow_query_is_stopped_and_the_server_keeps_answering(seed_build):
    server, thread = start(seed_build[0], timeout=0.5, workers=1)
    try:
        started = time.monotonic()
        status, _, body = http(server.url + "sparql?" + urlencode({"query": CROSS_JOIN}))
        assert status == 503
        assert b"longer than the time limit of 0.5 s" in body
        assert time.monotonic() - started < 5
        # the one worker was replaced; the next query is answered by its successor
        assert client(server.url, "ASK { ?s a sk:Country }").queryAndConvert()["boolean"] is True
    finally:
        stop(server, thread)


# ---------------------------------------------------------------------------- page and views

def test_page_has_the_query_box_and_saved_queries_and_nothing_from_elsewhere(endpoint):
    status, headers, body = http(endpoint)
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "<textarea" in page and 'fetch("/sparql"' in page
    for saved in saved_queries():
        assert f'data-query="{saved.name}"' in page
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert "No graph views are built yet" in page


def test_a_saved_query_with_parameters_loads_with_its_example_bound(endpoint, seed_graph):
    """The page's copy of agreement_parties names its example agreement: run as loaded, it
    returns that agreement's parties only, fewer rows than with the parameter left open."""
    page = http(endpoint)[2].decode("utf-8")
    saved = json.loads(re.search(r'<script[^>]*id="saved-queries"[^>]*>(.*?)</script>', page, re.S).group(1))
    query = next(q for q in saved_queries() if q.name == "agreement_parties")
    assert saved[query.name] == bind(seed_graph, query, query.example) != query.text
    bound = client(endpoint, saved[query.name]).queryAndConvert()["results"]["bindings"]
    unbound = client(endpoint, query.text).queryAndConvert()["results"]["bindings"]
    assert 0 < len(bound) < len(unbound)


def test_views_are_listed_and_served(seed_build, tmp_path):
    (tmp_path / "store").symlink_to(store_path(seed_build[0]))
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "agencies.html").write_text("<html>機関</html>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not a view")
    server, thread = start(tmp_path)
    try:
        page = http(server.url)[2].decode("utf-8")
        assert '<a href="/views/agencies.html">agencies.html</a>' in page
        status, headers, body = http(server.url + "views/agencies.html")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.decode("utf-8") == "<html>機関</html>"
        assert http(server.url + "views/../secret.txt")[0] == 404
        assert http(server.url + "views/%2e%2e/secret.txt")[0] == 404
    finally:
        stop(server, thread)


# ---------------------------------------------------------------------------- the command

def test_spacekg_serve_binds_localhost_by_default(seed_build):
    process = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--out", str(seed_build[0]), "--port", "0"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "the server printed nothing in 60 s"
        line = process.stdout.readline()
        found = re.search(r"at (http://127\.0\.0\.1:(\d+)/) ", line)
        assert found, line
        url = found.group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                status = http(url)[0]
                break
            except OSError:
                assert time.monotonic() < deadline, "the server does not answer"
                time.sleep(0.2)
        assert status == 200
        answer = json.loads(http(url + "sparql?" + urlencode({"query": "ASK { ?s a sk:Agency }"}))[2])
        assert answer["boolean"] is True
    finally:
        process.terminate()
        assert process.wait(15) == 0


@pytest.mark.parametrize(("query", "service"), [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE {?s ?p ?o .SERVICE?where{?a ?b ?c}}", True),
    ('SELECT * WHERE { ?s ?p "a\\" SERVICE" . SERVICE <http://example.org/> {} }', True),
    ('SELECT * WHERE { ?s ?p "# not a comment" . SERVICE <http://example.org/> {} }', True),
    ("SELECT * WHERE { FILTER(?a<?b) SERVICE<http://example.org/>{} }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE <x>" }', False),
    ("SELECT ?service WHERE { ?service ?p ?o }", False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE in a comment", False),
    ("SELECT * WHERE { ?s ?p '''it's a SERVICE''' }", False),
    ("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:service ?o }", False),
])
def test_a_service_clause_is_told_from_the_word_elsewhere(query, service):
    from kg.server import calls_service

    assert calls_service(query) is service


def test_a_federated_query_is_refused_and_reaches_nothing(endpoint):
    """SERVICE would have the endpoint fetch any address for its client: refused, nothing contacted."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    contacted = []

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            contacted.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), Elsewhere)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        target = f"http://127.0.0.1:{elsewhere.server_address[1]}/sparql"
        status, _, body = http(endpoint + "sparql?" + urlencode(
            {"query": f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"}))
        assert status == 403 and b"SERVICE" in body
        assert contacted == []
        # the word in a literal is no clause
        status, _, _ = http(endpoint + "sparql?" + urlencode({"query": 'ASK { FILTER("SERVICE" != "") }'}))
        assert status == 200
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
