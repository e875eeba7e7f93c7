"""A folder of bad files beside good ones: each bad file is named with its reason, the good ones
build, and the graph validates and exports."""
from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfWriter
from rdflib import Graph

from kg.build import build
from kg.export import serialize
from kg.store import open_graph
from kg.validate import validate

pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # rdflib's JSON-LD parser

GOOD = "宇宙航空研究開発機構（JAXA）はNASAと協力する。\n"


def pdf(encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if encrypt:
        writer.encrypt("secret")
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


def test_bad_files_are_named_and_the_rest_builds(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "old-site.txt").write_bytes("文部科学省はJAXAを所管する。\n".encode("cp932"))
    (corpus / "later-copy.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "no-text-layer.pdf").write_bytes(pdf())
    (corpus / "truncated.pdf").write_bytes(pdf()[:200])
    (corpus / "encrypted.pdf").write_bytes(pdf(encrypt=True))
    (corpus / "sub" / "loop").symlink_to(corpus, target_is_directory=True)
    with (corpus / "dump.txt").open("w", encoding="utf-8") as f:
        while f.tell() < 50 * 2**20:
            f.write(GOOD * 10000)
    out = tmp_path / "out"

    summary = build([corpus], out)

    reasons = {os.path.basename(s.split(": ", 1)[0]): s.split(": ", 1)[1] for s in summary.skipped}
    assert set(reasons) == {"later-copy.txt", "empty.txt", "binary.txt", "no-text-layer.pdf", "truncated.pdf",
                            "encrypted.pdf", "loop", "dump.txt"}, reasons
    assert reasons["later-copy.txt"] == "duplicate of good.txt" and reasons["dump.txt"].startswith("too long")
    assert summary.documents == 2
    graph = open_graph(out)
    assert validate(graph).conforms
    assert len(Graph().parse(data=serialize(graph, "turtle"), format="turtle")) == summary.triples
    assert len(Graph().parse(data=serialize(graph, "json-ld"), format="json-ld")) == summary.triples
