"""sk_ginza_ner on short Japanese snippets, with the real ja_ginza model."""
import pytest

from extract.ginza_ner import latin_name_shape
from extract.pipeline import chunks, load_nlp
from extract.span_attrs import GROUPS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def found(nlp, text):
    doc = nlp(text)
    return {(span.text, span.label_) for span in doc.spans[GROUPS["ginza"]]}


@pytest.mark.parametrize("text, name, cls", [
    ("米国側は国務省の代表が参加した。", "国務省", "Ministry"),
    ("防衛省の担当者が説明した。", "防衛省", "Ministry"),  # GiNZA says Country
    ("外務省、防衛省及び文部科学省が参加した。", "防衛省", "Ministry"),  # GiNZA takes 防衛省及び
    ("米国側は国家安全保障会議の代表が共同議長を務めた。", "国家安全保障会議", "Council"),
])
def test_names_get_spacekg_classes(nlp, text, name, cls):
    assert (name, cls) in found(nlp, text)


@pytest.mark.parametrize("text, cls", [
    ("日本は米国と協力する。", "Country"),  # countries come from the catalog only
    ("同委員会は報告書をまとめた。", "Council"),  # 同… refers back, it names nothing
])
def test_model_guesses_that_are_not_names_are_dropped(nlp, text, cls):
    assert cls not in {label for _, label in found(nlp, text)}


@pytest.mark.parametrize("text, ok", [
    ("Scott Pace", True), ("Secure World Foundation", True), ("Center for Strategic and International Studies", True),
    ("with private sector. word of", False), ("security", False), ("Ensuring transparency of", False),
])
def test_latin_name_shape(text, ok):
    assert latin_name_shape(text, {"of", "and", "for"}) is ok


def test_unmapped_labels_are_dropped(nlp):
    labels = {label for _, label in found(nlp, "2023年3月24日に東京で第8回会合を開催した。")}
    assert "Date" not in labels and "Province" not in labels


def test_chunks_cover_the_text_and_cut_at_line_ends():
    text = ("あ" * 30 + "\n") * 10
    pieces = list(chunks(text, limit=100))
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith("\n") for _, p in pieces)
    assert all(text[off:off + len(p)] == p for off, p in pieces)
