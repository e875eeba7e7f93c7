"""Names and text that break naive writers of Turtle, JSON or HTML: the build keeps them as they
are, the graph validates, and every export parses back with them intact."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal

from kg.build import build
from kg.export import FORMATS, serialize
from kg.store import open_graph
from kg.validate import validate

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

HOSTILE = 'q"uote \\back <lt> &amp; """ <script>alert(\'x\')</script> \x01'
# a file name with the characters that end strings, IRIs and tags, and a newline
NAME = 'a"b\\c<d>&e"""\nf.txt'
# the marks sit inside the sentence that states a relation, so they reach its evidence
TEXT = f"JAXAは、{HOSTILE}、NASAと協力する。\n"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile")
    (corpus / NAME).write_text(TEXT, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    summary = build([corpus], out)
    return out, summary


def test_the_document_builds_and_its_graph_validates(hostile_build):
    out, summary = hostile_build
    assert summary.documents == 1 and summary.skipped == [] and summary.relations > 0
    graph = open_graph(out)
    assert validate(graph).conforms
    assert NAME in {str(o) for o in graph.objects()}  # the file name, newline and all


def parse(fmt: str, data: bytes):
    """The export read back by a parser of its format; returns something to look inside."""
    if fmt in ("turtle", "nt", "json-ld"):
        return Graph().parse(data=data, format={"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}[fmt])
    if fmt in ("trig", "nquads"):
        return Dataset().parse(data=data, format=fmt)
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data))
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_parses_back_with_the_text_intact(hostile_build, fmt):
    out, _ = hostile_build
    data = serialize(open_graph(out), fmt)
    parsed = parse(fmt, data)
    if isinstance(parsed, (Graph, Dataset)):
        texts = {str(o) for o in parsed.objects() if isinstance(o, Literal)}
    elif isinstance(parsed, nx.Graph):
        texts = {str(v) for _, attrs in parsed.nodes(data=True) for v in attrs.values()}
        texts |= {str(v) for *_, attrs in parsed.edges(data=True) for v in attrs.values()}
    else:
        texts = {cell for row in parsed for cell in row}
    if fmt not in ("entities-csv", "graphml"):  # names and counts, no sentence: they need only parse
        assert any(HOSTILE.replace("\x01", "") in t.replace("\x01", "") for t in texts), texts
    if fmt == "json-ld":
        json.loads(data)
