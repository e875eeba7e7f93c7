"""The report page (kg/report.py) on the seeds' graph, checked against SPARQL and the seed files,
and on a small hand-built graph whose names and sentences hold markup."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from html.parser import HTMLParser

import pytest
from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS

from extract.models import Entity, Evidence, Mention, Relation, Values
from kg import query as q
from kg.export import oxigraph_triples
from kg.graph import add_entity, add_relations, doc_iri
from kg.report import render, write_report
from kg.report_chart import Bar, budget_chart
from kg.show import normalise
from kg.store import new_store_dir, open_graph, publish, write_store
from kg.vocab import SK, bind_prefixes

pytestmark = pytest.mark.slow
SECTIONS = ("corpus", "actors", "communities", "agreements", "budgets", "timeline", "relations")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
PREDICATES = ("memberOf", "partOf", "oversees", "operates", "develops", "funds", "allocatedTo", "partyTo",
              "participatedIn", "organizedBy", "establishedBy", "cooperatesWith", "launchedBy", "successorOf",
              "locatedIn", "conductedBy", "targets")
PREFIXES = """PREFIX sk: <https://w3id.org/spacekg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


# --- reading the page back ---------------------------------------------------------------------

@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)  # Elements and strings

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def find(self, tag: str) -> Element:
        return next(self.iter(tag))

    def by_id(self, id_: str) -> Element:
        found = [e for e in self.iter() if e.attrs.get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements have id {id_!r}"
        return found[0]


class Parser(HTMLParser):
    """The page as a tree of Elements (enough HTML for what the report writes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        assert tag in {e.tag for e in self.stack}, f"</{tag}> closes nothing"
        while self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    parser = Parser()
    parser.feed(page)
    parser.close()
    assert parser.stack == [parser.root], "an element is left open"
    return parser.root


def table_rows(section: Element) -> list[Element]:
    return list(section.find("table").find("tbody").iter("tr"))


def cells(row: Element) -> list[Element]:
    return list(row.iter("td"))


def entity_name(cell: Element) -> str:
    """The first name in a cell that reads "ja / en <span>class</span>"."""
    return cell.children[0].strip().split(" / ")[0]


def count(page: Element, key: str) -> int:
    return int(page.by_id(f"count-{key}").text().replace(",", ""))


def sparql(graph: Graph, text: str) -> list:
    return list(graph.query(PREFIXES + text))


# --- the seeds' report -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_text(seed_graph) -> str:
    return render(seed_graph)


@pytest.fixture(scope="module")
def page(page_text) -> Element:
    return parse(page_text)


def test_every_section_is_there_with_its_heading(page):
    for section in SECTIONS:
        element = page.by_id(section)
        assert element.tag == "section" and element.find("h2").text().strip()
    nav_targets = [a.attrs["href"] for a in page.find("nav").iter("a")]
    assert nav_targets == [f"#{s}" for s in SECTIONS]


def test_counts_are_the_graphs_counts_in_sparql(page, seed_graph):
    def one(text: str) -> int:
        return int(sparql(seed_graph, text)[0][0])

    assert count(page, "documents") == one("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a sk:Document }") == 5
    assert count(page, "mentions") == one("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a oa:Annotation }")
    assert count(page, "statements") == one("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a rdf:Statement }")
    # a relation is a distinct subject, property, object that a statement states
    assert count(page, "relations") == one(
        "SELECT (COUNT(DISTINCT CONCAT(STR(?s), ' ', STR(?p), ' ', STR(?o))) AS ?n) "
        "WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }")
    total = 0
    for cls in ("Country", "Agency", "Organization", "Person", "SpaceSystem", "Program",
                "Agreement", "Law", "Policy", "Budget", "Event"):
        n = one(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a sk:{cls} }}")
        assert count(page, f"class-{cls}") == n, cls
        total += n
    assert count(page, "entities") == total > 300


def test_the_documents_table_lists_every_document_with_its_title(page, seed_graph):
    rows = sparql(seed_graph, "PREFIX dcterms: <http://purl.org/dc/terms/> "
                              "SELECT ?file ?title WHERE { ?d a sk:Document ; dcterms:identifier ?file ; "
                              "dcterms:title ?title } ORDER BY ?file")
    shown = [[c.text() for c in cells(r)][:2] for r in table_rows(page.by_id("corpus"))]
    assert shown == [[str(file), str(title)] for file, title in rows]


def _agreement_row(page: Element, name: str) -> Element:
    found = [r for r in table_rows(page.by_id("agreements")) if cells(r)[0].text().startswith(f"{name} /")]
    assert len(found) == 1, f"{len(found)} rows of {name}"
    return found[0]


def test_the_central_actors_are_ranked_by_pagerank_with_their_degree_in_the_graph(page, seed_graph):
    rows = [cells(r) for r in table_rows(page.by_id("actors"))]
    assert 5 <= len(rows) <= 15
    assert [r[0].text() for r in rows] == [str(n) for n in range(1, len(rows) + 1)]
    pageranks = [float(r[2].text()) for r in rows]
    assert pageranks == sorted(pageranks, reverse=True)
    predicates = " ".join(f"sk:{p}" for p in PREDICATES)
    for row in rows:
        name = entity_name(row[1])
        # the degree is the number of entities related to the actor, either way round
        degree = sparql(seed_graph, f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?actor (COUNT(DISTINCT ?other) AS ?n) WHERE {{
              ?actor skos:prefLabel ?name FILTER(STR(?name) = {Literal(name).n3()})
              VALUES ?top {{ sk:Country sk:Agency sk:Organization sk:Person }} ?actor a ?top .
              VALUES ?p {{ {predicates} }}
              {{ ?actor ?p ?other }} UNION {{ ?other ?p ?actor }}
              FILTER(?other != ?actor)
            }} GROUP BY ?actor""")
        assert int(row[3].text()) in {int(n) for _, n in degree}, name


def test_communities_are_disjoint_largest_first_and_hold_every_related_entity(page, seed_graph):
    items = list(page.by_id("communities").find("ol").iter("li"))
    sizes = [int(li.find("strong").text().split()[0]) for li in items]
    assert len(items) >= 2 and sizes == sorted(sizes, reverse=True)
    assert [len(list(li.iter("span"))) for li in items] == sizes
    predicates = " ".join(f"sk:{p}" for p in PREDICATES)
    related = int(sparql(seed_graph, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
        VALUES ?p {{ {predicates} }} {{ ?e ?p ?x }} UNION {{ ?x ?p ?e }} FILTER(?e != ?x) }}""")[0][0])
    assert sum(sizes) == related
    note = page.by_id("communities").find("p").text()
    assert f"{count(page, 'entities') - related} of the {count(page, 'entities')} entities have no relation" in note


def test_the_agreements_table_holds_the_artemis_accords_with_their_parties(page, seed_graph):
    saved = q.load_saved("agreement_parties")
    result = q.run(seed_graph, q.bind(seed_graph, saved, {"agreement": "アルテミス合意"}))
    parties = {str(row.party_name) for row in result}
    assert {"航空宇宙局", "宇宙航空研究開発機構", "日本"} <= parties
    row = _agreement_row(page, "アルテミス合意")
    links = list(cells(row)[2].iter("a"))
    assert {a.text() for a in links} == parties
    # each party links to the row of its partyTo relation in the evidence table
    for a in links:
        target = page.by_id(a.attrs["href"].removeprefix("#"))
        subject, relation, obj = (c.text() for c in cells(target)[:3])
        assert (relation, obj.split(" / ")[0], subject.split(" / ")[0]) == ("partyTo", "アルテミス合意", a.text())


def test_every_agreement_is_in_the_table_once(page, seed_graph):
    result = q.run(seed_graph, q.saved_query("agreements"))
    names = sorted(str(row.agreement_name) for row in result)
    shown = sorted(entity_name(cells(r)[0]) for r in table_rows(page.by_id("agreements")))
    assert shown == names and len(names) > 10


def test_a_relation_row_quotes_its_sentence_where_the_document_has_it(page, seeds_dir):
    originals = {p.name: p.read_text(encoding="utf-8") for p in seeds_dir.glob("*.txt")}
    rows = table_rows(page.by_id("relations"))
    assert len(rows) == count(page, "relations")
    checked = exact = 0
    for row in rows:
        items = list(cells(row)[3].iter("li"))
        assert items, f"{row.attrs['id']} has no evidence"
        for item in items:
            sentence = item.find("q").text()
            where = re.fullmatch(r"(\S+), characters (\d+)–(\d+)", item.find("span").text())
            assert where, item.find("span").text()
            document, start, end = where[1], int(where[2]), int(where[3])
            # sk:evidence is the sentence as the extractors read it (a roster flattened from a PDF
            # may lose a line); the offsets are the original's
            quoted, read = normalise(originals[document][start:end]), normalise(sentence)
            assert quoted == read or SequenceMatcher(None, quoted, read).ratio() > 0.95, (quoted, read)
            exact += quoted == read
            checked += 1
    assert checked >= len(rows) and exact >= 0.95 * checked


def test_the_jaxa_artemis_row_holds_the_evidence_the_graph_gives(page, seed_graph):
    saved = q.load_saved("evidence")
    result = q.run(seed_graph, q.bind(seed_graph, saved, {"subject": "JAXA", "property": "partyTo",
                                                          "object": "アルテミス合意"}))
    expected = {(str(row.document), str(row.sentence)) for row in result}
    assert expected
    link = next(a for a in cells(_agreement_row(page, "アルテミス合意"))[2].iter("a")
                if a.text() == "宇宙航空研究開発機構")
    row = page.by_id(link.attrs["href"].removeprefix("#"))
    shown = {(li.find("span").text().split(",")[0], li.find("q").text()) for li in cells(row)[3].iter("li")}
    assert shown == expected


def test_budgets_are_charted_inline_and_tabled_as_the_saved_query_gives_them(page, seed_graph):
    section = page.by_id("budgets")
    svg = section.find("figure").find("svg")
    assert len(list(svg.iter("path"))) > 10  # drawn, not an empty frame
    labels = " ".join(t.text() for t in svg.iter("text"))
    assert "JPY" in labels and "USD" in labels
    result = q.run(seed_graph, q.saved_query("budgets"))
    expected = sorted((Decimal(str(row.amount)), str(row.currency_code), str(row.fiscal_year or ""),
                       str(row.allocated_to or "")) for row in result)
    shown = sorted((Decimal(c[1].text().replace(",", "")), c[2].text(), c[3].text(),
                    ", ".join(a.text() for a in c[4].iter("a")))
                   for c in map(cells, table_rows(section)))
    assert shown == expected
    assert any(purpose == "宇宙戦略基金" for *_, purpose in shown)


def test_events_are_on_the_timeline_in_date_order(page, seed_graph):
    items = list(page.by_id("timeline").find("ol").iter("li"))
    n = int(sparql(seed_graph, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sk:Event }")[0][0])
    assert len(items) == n
    dates = [li.find("time").text() for li in items]
    dated = [d for d in dates if d != "no date"]
    assert dated == sorted(dated) and dates[:len(dated)] == dated
    result = q.run(seed_graph, q.saved_query("events_between"))
    assert dated == [str(row.date) for row in result]
    # 2007-11-06 ISECG会合: the participants the saved query counts, each linked to its evidence
    isecg = next(li for li in items if li.find("time").text() == "2007-11-06")
    participants = next(f for f in isecg.iter("div") if f.text().startswith("participants:"))
    expected = next(int(row.participants) for row in result if str(row.date) == "2007-11-06")
    assert len(list(participants.iter("a"))) == expected >= 10


def test_the_page_fetches_nothing_and_runs_nothing(page_text, page):
    for element in page.iter():
        for name, value in element.attrs.items():
            if name in ("href", "xlink:href"):
                assert value.startswith("#"), f"<{element.tag} {name}={value!r}>"
            assert name not in ("src", "srcset", "action", "poster", "data", "background"), element.tag
            assert not name.startswith("on"), f"<{element.tag} {name}>"
            if re.search(r"https?://", value):
                assert name in ("xmlns", "xmlns:xlink"), f"<{element.tag} {name}={value!r}>"
    assert not {"script", "link", "iframe", "object", "embed", "img", "base"} & {e.tag for e in page.iter()}
    styles = " ".join(e.text() for e in page.iter("style")) + " ".join(
        e.attrs.get("style", "") for e in page.iter())
    assert "@import" not in styles and not re.search(r"url\(\s*['\"]?(?!#)", styles)
    policy = next(m for m in page.iter("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy.attrs["content"]


def test_the_same_graph_gives_the_same_bytes(page_text, seed_build, tmp_path):
    first, second = tmp_path / "one.html", tmp_path / "two.html"
    write_report(open_graph(seed_build[0]), first)
    write_report(open_graph(seed_build[0]), second)
    assert first.read_bytes() == second.read_bytes() == page_text.encode("utf-8")


def test_the_chart_keeps_dollar_signs_and_years_and_draws_nothing_without_amounts():
    bars = [Bar("$5 bn for $x$ 衛星", 5e9, "USD", "2024"), Bar("予算", 2e11, "JPY", None), Bar("ゼロ", 0.0, "JPY", None)]
    svg = budget_chart(bars)
    texts = [t.text() for t in parse(svg).iter("text")]
    assert "2024 · $5 bn for $x$ 衛星" in texts  # text, not TeX
    assert "予算" in texts and "JPY, no year given (log scale)" in texts and "ゼロ" not in texts
    assert svg == budget_chart(list(reversed(bars)))
    assert budget_chart([Bar("ゼロ", 0.0, "JPY", None)]) == ""


# --- a graph whose text holds markup ---------------------------------------------------------

DOC_ID = "d1"
ORIGINAL = '<b>Bold</b> & "Co"は<script>alert("x")</script>協定に署名し、10億円<script>を拠出した。<i>会合</i>に参加した。'
SENTENCE = '<b>Bold</b> & "Co"は<script>alert("x")</script>協定に署名し、10億円<script>を拠出した。'


def _mention(text: str, cls: str, values: Values | None = None) -> Mention:
    start = ORIGINAL.index(text)
    return Mention(doc_id=DOC_ID, start=start, end=start + len(text), exact=text, name=text, cls=cls,
                   source="test", values=values)


@pytest.fixture(scope="module")
def marked_up(tmp_path_factory) -> str:
    """The report of a store holding one document whose names and sentences are markup."""
    g = bind_prefixes(Graph())
    g.add((doc_iri(DOC_ID), RDF.type, SK.Document))
    g.add((doc_iri(DOC_ID), DCTERMS.identifier, Literal("<img src=x onerror=alert(1)>.txt")))
    g.add((doc_iri(DOC_ID), DCTERMS.title, Literal("</title><script>alert(2)</script>", lang="ja")))
    money = Values(amount=Decimal(1000000000), currency="JPY", fiscal_year=2024)
    mentions = {"agency": _mention('<b>Bold</b> & "Co"', "Agency"),
                "treaty": _mention('<script>alert("x")</script>協定', "Agreement"),
                "budget": _mention("10億円<script>", "Budget", money),
                "event": _mention("<i>会合</i>", "Event", Values(date="2024-05-01"))}
    for key, m in mentions.items():
        add_entity(g, Entity(id=key, cls=m.cls, labels={"ja": m.name}, mentions=[m], values=m.values))
    end = ORIGINAL.index("。") + 1
    evidence = Evidence(doc_id=DOC_ID, start=0, end=end, sentence=SENTENCE)
    later = ORIGINAL.index("<i>")
    relations = [Relation(subject=mentions["agency"], predicate="partyTo", object=mentions["treaty"],
                          evidence=evidence, source="test"),
                 Relation(subject=mentions["budget"], predicate="allocatedTo", object=mentions["treaty"],
                          evidence=evidence, source="test"),
                 Relation(subject=mentions["agency"], predicate="participatedIn", object=mentions["event"],
                          evidence=Evidence(doc_id=DOC_ID, start=later, end=len(ORIGINAL),
                                            sentence=ORIGINAL[later:]), source="test")]
    entity_of = {(m.doc_id, m.start, m.end, m.name): key for key, m in mentions.items()}
    add_relations(g, relations, entity_of, {DOC_ID: ORIGINAL})
    out = tmp_path_factory.mktemp("marked-up")
    store = new_store_dir(out)
    write_store(oxigraph_triples(g), store)
    publish(out, store)
    return render(open_graph(out))


def test_markup_in_names_titles_and_sentences_is_text(marked_up):
    assert not re.search(r"<(script|b|i|img)\b", marked_up, re.IGNORECASE)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in marked_up
    page = parse(marked_up)
    assert not {"script", "b", "i", "img"} & {e.tag for e in page.iter()}
    # read back, the text is what the graph holds
    assert [li.find("q").text() for li in page.by_id("relations").iter("li")][:1] == [SENTENCE]
    assert page.find("title").text() == "Space security: what the documents say"
    documents = cells(table_rows(page.by_id("corpus"))[0])
    assert [c.text() for c in documents[:2]] == ["<img src=x onerror=alert(1)>.txt", "</title><script>alert(2)</script>"]
    party = next(cells(table_rows(page.by_id("agreements"))[0])[2].iter("a"))
    assert party.text() == '<b>Bold</b> & "Co"'
    # the chart's label is escaped by matplotlib's SVG writer, and reads back whole
    labels = [t.text() for t in page.by_id("budgets").find("svg").iter("text")]
    assert any("10億円<script>" in label for label in labels)
    actors = [entity_name(cells(r)[1]) for r in table_rows(page.by_id("actors"))]
    assert actors == ['<b>Bold</b> & "Co"']
    communities = list(page.by_id("communities").find("ol").iter("li"))
    assert sum(int(li.find("strong").text().split()[0]) for li in communities) == 4
    assert any('<b>Bold</b> & "Co"' in li.text() for li in communities)
    event = page.by_id("timeline").find("li")
    assert event.find("strong").text() == "<i>会合</i>" and event.find("time").text() == "2024-05-01"
