"""`spacekg report`: one self-contained HTML page about a graph, for readers who won't run queries.

The page holds the corpus at a glance, the most central actors and the communities of the
relation network, the agreements and their parties, the budgets by year (a chart and a table),
the events on a timeline, and every relation with the sentences that state it. Every name of a
party, participant, organiser or purpose links to that relation's row, which quotes its evidence
with the document's file name and character offsets.

Sources: the counts and the documents come from the saved queries (stats, documents); the rest
from the network projection (kg.network.project), which carries each entity's IRI and each
relation's evidence, so a table row can link to exactly the relation it shows.

The page is one offline file (inline CSS, no script, nothing fetched; a Content-Security-Policy
says so to the browser), every piece of text in it is escaped (kg.report_html), and the same
graph gives the same bytes: every table is sorted, the chart is deterministic, and the page
holds no date or path.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from .entities import ENTITY_CLASSES
from .network import project
from .network_analysis import centrality, communities
from .query import rows, run, saved_query
from .report_chart import Bar, budget_chart
from .report_html import Markup, join, part, table
from .store import write_file_atomically

TITLE = "Space security: what the documents say"
TOP_ACTORS = 15
ACTOR_CLASSES = ("Country", "Agency", "Organization", "Person")
CHART_CAPTION = ("One bar per budget, grouped by the fiscal year or year the documents give; a panel "
                 "per currency, as the graph converts none. The table below gives every amount in full.")


class Report:
    """The graph, its network, and the anchor of every relation's row in the evidence table."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.net = project(graph)
        ordered = sorted(self.net.edges(keys=True), key=self._edge_order)
        self.fact_ids = {edge: f"fact-{n}" for n, edge in enumerate(ordered, 1)}

    def _edge_order(self, edge: tuple[str, str, str]) -> tuple:
        s, o, predicate = edge
        return (predicate, self.label(s), self.label(o), s, o)

    def label(self, iri: str) -> str:
        return self.net.nodes[iri]["label"]

    def name(self, iri: str) -> str:
        """ja / en names where the entity has both, as `spacekg show` writes them."""
        node = self.net.nodes[iri]
        return " / ".join(n for n in (node["label_ja"], node["label_en"]) if n) or node["label"]

    def named(self, iri: str) -> Markup:
        return part("name", name=self.name(iri), cls=self.net.nodes[iri]["cls"])

    def entities(self, top: str) -> list[str]:
        return [n for n, data in self.net.nodes(data=True) if data["top"] == top]

    def linked(self, edges: Iterable[tuple[str, str, str]], other_end: int) -> Markup:
        """The entities at `other_end` (0 subject, 1 object) of `edges`, each a link to its
        relation's evidence, by name."""
        edges = sorted(edges, key=lambda e: (self.label(e[other_end]), e[other_end]))
        return join((part("link", target=self.fact_ids[e], text=self.label(e[other_end])) for e in edges), ", ")

    def out_edges(self, iri: str, predicate: str) -> list[tuple[str, str, str]]:
        return [(s, o, k) for s, o, k in self.net.out_edges(iri, keys=True) if k == predicate]

    def in_edges(self, iri: str, predicate: str) -> list[tuple[str, str, str]]:
        return [(s, o, k) for s, o, k in self.net.in_edges(iri, keys=True) if k == predicate]


def render(graph: Graph) -> str:
    """The report page of `graph`."""
    report = Report(graph)
    counts = stats(graph)
    lede = (f"{counts['documents']} documents, {sum(counts[c] for c in ENTITY_CLASSES)} entities and "
            f"{report.net.number_of_edges()} relations, each relation with the sentences that state it.")
    communities_list, unconnected = _communities(report)
    return part("page", title=TITLE, lede=lede, counts=_counts(counts, report),
                documents=_documents(graph), actors=_actors(report),
                communities=communities_list, unconnected=unconnected,
                agreements=_agreements(report), chart=_chart(report), budgets=_budgets(report),
                timeline=_timeline(report), relations=_relations(report)) + "\n"


def write_report(graph: Graph, path: Path) -> int:
    """Write the report of `graph` to `path` whole or not at all; returns its size in bytes."""
    data = render(graph).encode("utf-8")
    write_file_atomically(path, data)
    return len(data)


def stats(graph: Graph) -> dict[str, int]:
    """The counts of the saved query `stats`: documents, mentions, relation statements and each
    class by its name (Agency, …), 0 for a class the graph has none of."""
    counts = {c: 0 for c in ENTITY_CLASSES}
    for what, count in rows(run(graph, saved_query("stats")))[1]:
        counts[what.removeprefix("entities: ")] = int(count)
    return counts


# --- sections ---------------------------------------------------------------------------------

def _counts(counts: dict[str, int], report: Report) -> Markup:
    items = [("documents", "Documents", counts.get("documents", 0)),
             ("entities", "Entities", sum(counts[c] for c in ENTITY_CLASSES)),
             *((f"class-{c}", c, counts[c]) for c in ENTITY_CLASSES),
             ("mentions", "Mentions", counts.get("mentions", 0)),
             ("relations", "Relations", report.net.number_of_edges()),
             ("statements", "Relation statements", counts.get("relation statements", 0))]
    return part("counts", items=join(part("count", id=f"count-{key}", label=label, value=f"{value:,}")
                                     for key, label, value in items))


def _documents(graph: Graph) -> Markup:
    names, body = rows(run(graph, saved_query("documents")))
    found = [dict(zip(names, row, strict=True)) for row in body]
    if not found:
        return part("none", text="The graph holds no documents.")
    return table(["File", "Title", "Mentions", "Entities", "Relation statements"],
                 ([d["document"], d["title"], *(f"{int(d[k] or 0):,}" for k in ("mentions", "entities", "statements"))]
                  for d in found), numeric=(2, 3, 4))


def _actors(report: Report) -> Markup:
    nodes = report.net.nodes
    ranked = [r for r in centrality(report.net, by="pagerank") if nodes[r.node]["top"] in ACTOR_CLASSES]
    ranked = [r for r in ranked if r.degree > 0][:TOP_ACTORS]
    if not ranked:
        return part("none", text="No country, agency, organisation or person has a relation.")
    return table(["", "Actor", "PageRank", "Degree", "Betweenness", "Mentions", "Documents"],
                 ([n, report.named(r.node), f"{r.pagerank:.4f}", r.degree, f"{r.betweenness:.4f}",
                   nodes[r.node]["mentions"], len(nodes[r.node]["documents"])] for n, r in enumerate(ranked, 1)),
                 numeric=(0, 2, 3, 4, 5, 6))


def _communities(report: Report) -> tuple[Markup, str]:
    """The communities as a list, and a sentence on the entities in none."""
    found = communities(report.net)
    unconnected = report.net.number_of_nodes() - sum(len(c) for c in found)
    note = (f"{unconnected} of the {report.net.number_of_nodes()} entities have no relation and are in none."
            if unconnected else "")
    if not found:
        return part("none", text="No two entities are related."), note
    items = [part("community", id=f"community-{n}", size=len(members),
                  members=join((part("name", name=report.label(m), cls=report.net.nodes[m]["cls"])
                                for m in members), ", "))
             for n, members in enumerate(found, 1)]
    return part("communities", items=join(items)), note


def _agreements(report: Report) -> Markup:
    nodes = report.net.nodes
    agreements = sorted(report.entities("Agreement"), key=lambda a: (-nodes[a]["mentions"], report.label(a), a))
    if not agreements:
        return part("none", text="The documents name no agreement.")
    return table(["Agreement", "Date", "Parties", "Established by", "Mentions", "Documents"],
                 ([report.named(a), nodes[a].get("date") or nodes[a].get("year") or "",
                   report.linked(report.in_edges(a, "partyTo"), 0),
                   report.linked(report.out_edges(a, "establishedBy"), 1),
                   nodes[a]["mentions"], ", ".join(nodes[a]["documents"])] for a in agreements),
                 numeric=(4,))


def _budget_year(node: dict) -> str | None:
    return node.get("fiscal_year") or node.get("year")


def _budgets(report: Report) -> Markup:
    nodes = report.net.nodes
    budgets = sorted(report.entities("Budget"), key=lambda b: (
        _budget_year(nodes[b]) is None, _budget_year(nodes[b]) or "", nodes[b].get("currency", ""),
        -nodes[b].get("amount", 0.0), report.label(b), b))
    if not budgets:
        return part("none", text="The documents name no budget.")
    return table(["Budget", "Amount", "Currency", "Year", "Pays for", "Funded by", "Documents"],
                 ([report.name(b), _amount(nodes[b].get("amount")), nodes[b].get("currency", ""),
                   _budget_year(nodes[b]) or "", report.linked(report.out_edges(b, "allocatedTo"), 1),
                   report.linked(report.in_edges(b, "funds"), 0), ", ".join(nodes[b]["documents"])]
                  for b in budgets), numeric=(1,))


def _chart(report: Report) -> Markup:
    nodes = report.net.nodes
    bars = []
    for b in report.entities("Budget"):
        node = nodes[b]
        if node.get("amount") is None or not node.get("currency"):
            continue
        purposes = ", ".join(sorted(report.label(o) for _, o, _ in report.out_edges(b, "allocatedTo")))
        bars.append(Bar(label=f"{report.label(b)} → {purposes}" if purposes else report.label(b),
                        amount=node["amount"], currency=node["currency"], year=_budget_year(node)))
    svg = budget_chart(bars)
    if not svg:
        return part("none", text="No budget has an amount and a currency to draw.")
    # the chart is matplotlib's SVG: its text is escaped by matplotlib's XML writer
    return part("chart", svg=Markup(svg), caption=CHART_CAPTION)


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _timeline(report: Report) -> Markup:
    nodes = report.net.nodes
    events = sorted(report.entities("Event"), key=lambda e: (
        nodes[e].get("date") is None, nodes[e].get("date") or "", report.label(e), e))
    if not events:
        return part("none", text="The documents name no event.")
    items = []
    for n, e in enumerate(events, 1):
        fields = [("place", report.linked(report.out_edges(e, "locatedIn"), 1)),
                  ("organised by", report.linked(report.out_edges(e, "organizedBy"), 1)),
                  ("conducted by", report.linked(report.out_edges(e, "conductedBy"), 1)),
                  ("participants", report.linked(report.in_edges(e, "participatedIn"), 0)),
                  ("targets", report.linked(report.out_edges(e, "targets"), 1)),
                  ("documents", ", ".join(nodes[e]["documents"]))]
        items.append(part("event", id=f"event-{n}", date=nodes[e].get("date") or "no date",
                          name=report.name(e), cls=nodes[e]["cls"],
                          fields=join(part("field", label=label, value=value) for label, value in fields if value)))
    return part("timeline", items=join(items))


def _relations(report: Report) -> Markup:
    if not report.fact_ids:
        return part("none", text="The graph holds no relations.")
    edges = list(report.fact_ids)  # in the order of their anchors
    data = report.net.edges
    return table(["Subject", "Relation", "Object", "Evidence"],
                 ([report.named(s), k, report.named(o), _evidence(data[s, o, k]["evidence"])] for s, o, k in edges),
                 row_ids=[report.fact_ids[e] for e in edges])


def _evidence(evidence: list[dict]) -> Markup:
    if not evidence:
        return part("none", text="no sentence recorded")
    items = [part("evidence", sentence=e["sentence"], document=e["document"], start=e["start"], end=e["end"])
             if e["start"] is not None else part("evidence_unplaced", sentence=e["sentence"], document=e["document"])
             for e in evidence]
    return part("evidence_list", items=join(items))
