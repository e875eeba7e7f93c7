"""Parsing in worker processes: the same docs in the same order, and failures raised, not hung."""
import os
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from extract.errors import WorkerDied
from extract.parallel import parse
from extract.pipeline import load_nlp

pytestmark = pytest.mark.slow

TEXTS = ["文部科学省はJAXAを所管する。", "日米両国は宇宙協力を進める。", "JAXAはNASAと協力する。"] * 3


@Language.component("fails_on_marker")
def fails_on_marker(doc):
    if "故障" in doc.text:
        raise ValueError(f"cannot parse {doc.text!r}")
    return doc


@Language.component("dies_on_marker")
def dies_on_marker(doc):
    if "停止" in doc.text:
        os._exit(3)
    return doc


@Language.component("counts_threads")
def counts_threads(doc):
    doc.user_data["threads"] = len(list(Path("/proc/self/task").iterdir()))
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


def test_a_worker_that_dies_is_reported_with_its_exit_code():
    nlp = spacy.blank("ja")
    nlp.add_pipe("dies_on_marker")
    with pytest.raises(WorkerDied, match="exit code 3"):
        list(parse(nlp, ["正常な文。"] * 3 + ["停止する文。"] + ["正常な文。"] * 3, workers=2))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through /proc")
def test_workers_run_on_one_thread():
    # a second thread would make every malloc in the worker lock (extract/parallel.py)
    nlp = spacy.blank("ja")
    nlp.add_pipe("counts_threads")
    docs = list(parse(nlp, ["一つ目の文。", "二つ目の文。", "三つ目の文。", "四つ目の文。"], workers=2))
    assert [doc.user_data["threads"] for doc in docs] == [1, 1, 1, 1]
