"""Parsing in worker processes: the same docs in the same order, and failures raised, not hung."""
import pytest
import spacy
from spacy.language import Language

from extract.parallel import parse
from extract.pipeline import load_nlp

pytestmark = pytest.mark.slow

TEXTS = ["文部科学省はJAXAを所管する。", "日米両国は宇宙協力を進める。", "JAXAはNASAと協力する。"] * 3


@Language.component("fails_on_marker")
def fails_on_marker(doc):
    if "故障" in doc.text:
        raise ValueError(f"cannot parse {doc.text!r}")
    return doc


def test_workers_give_the_docs_of_one_process_in_order():
    nlp = load_nlp()
    serial = [(d.to_json(), {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g] for k, g in d.spans.items()})
              for d in parse(nlp, TEXTS)]
    parallel = [(d.to_json(), {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g] for k, g in d.spans.items()})
                for d in parse(nlp, TEXTS, workers=2)]
    assert parallel == serial
    assert [doc["text"] for doc, _ in parallel] == TEXTS


def test_a_failure_in_a_worker_is_raised_in_the_caller():
    nlp = spacy.blank("ja")
    nlp.add_pipe("fails_on_marker")
    with pytest.raises(ValueError, match="故障"):
        list(parse(nlp, ["正常な文。", "故障した文。", "正常な文。"], workers=2))


def test_stopping_early_leaves_no_worker_behind():
    import multiprocessing

    docs = parse(load_nlp(), TEXTS, workers=2)
    assert next(docs).text == TEXTS[0]
    docs.close()
    assert multiprocessing.active_children() == []
