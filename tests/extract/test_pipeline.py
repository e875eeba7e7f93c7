"""extract() over whole documents: mentions located in the original text, definitions, addresses."""
import pytest

from extract.loader import load_path
from extract.pipeline import extract

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extraction(tmp_path_factory):
    path = tmp_path_factory.mktemp("doc") / "note.txt"
    path.write_text("軌道安全財団（ＯＳＦ）は NASA と協力する。資料は https://example.org/NASA/OSF.pdf にある。\n"
                    "ＯＳＦの報告は来年公表される。\n", encoding="utf-8")
    document = load_path(path)
    return document, next(extract([document]))


def test_mentions_point_into_the_original_text(extraction):
    document, result = extraction
    assert all(document.original[m.start:m.end] == m.exact for m in result.mentions)


def test_nothing_is_found_inside_an_address(extraction):
    document, result = extraction
    url = document.original.index("https://")
    assert not [m for m in result.mentions if url <= m.start < url + 34]
    assert [m.exact for m in result.mentions if m.name == "NASA"] == ["NASA"]


def test_a_defined_abbreviation_is_linked_and_found_again(extraction):
    _, result = extraction
    names = [(result.mentions[a].exact, result.mentions[b].exact) for a, b in result.aliases]
    assert ("軌道安全財団", "ＯＳＦ") in names
    assert [m.exact for m in result.mentions].count("ＯＳＦ") == 2
