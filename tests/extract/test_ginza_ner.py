"""sk_ginza_ner on short Japanese snippets, with the real ja_ginza model."""
import pytest
from spacy.tokens import Span

from extract.ginza_ner import latin_name_shape
from extract.pipeline import chunks
from extract.span_attrs import GROUPS

pytestmark = pytest.mark.slow


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
    ("於 独ベルリン ウェスティングランドホテル", "University"),  # cut inside a katakana word
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


@pytest.fixture(scope="module")
def mapper(nlp):
    return nlp.get_pipe("sk_ginza_ner")


def guess(nlp, text, label):
    """A model guess of `label` over the whole of `text`."""
    doc = nlp(text)
    return Span(doc, 0, len(doc), label=label)


@pytest.mark.parametrize("text, label, cls", [
    ("国際社会世論形成", "Organization_Other", None),  # common nouns, no category word: a phrase
    ("事務局", "Government", None),  # a category word alone names nothing
    ("宇宙政策研究所", "Organization_Other", "Organization"),  # a category word decides
    ("日本宇宙フォーラム", "Organization_Other", "Organization"),  # a proper noun inside: a name
])
def test_classify(nlp, mapper, text, label, cls):
    assert mapper.classify(guess(nlp, text, label)) == cls


@pytest.mark.parametrize("text, cls, ok", [
    ("山田 太郎", "Person", True),
    ("打上げ", "Person", False),  # no token Sudachi knows as a name
    ("Security", "Person", False),  # Latin-script people are extract/latin_names.py's
    ("宇宙開発本部主任研究員", "Agency", False),  # a job title
])
def test_plausible(nlp, mapper, text, cls, ok):
    assert mapper.plausible(guess(nlp, text, "Person"), cls) is ok
