"""Names defined in brackets: pairs of mentions that name one thing, and the abbreviations they add."""
import pytest

from extract.definitions import Found, find_definitions


def found_at(text, name, cls, key=None, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Found(start, start + len(name), cls, "test", key)


def names(text, result):
    found, links = result
    return [(text[f.start:f.end], f.cls) for f in found], {
        (text[found[a].start:found[a].end], text[found[b].start:found[b].end]) for a, b in links}


def test_abbreviation_after_a_name_is_defined_and_found_throughout():
    text = "軌道安全財団(OSF)が発表した。OSFの報告では"
    found, links = names(text, find_definitions(text, [found_at(text, "軌道安全財団", "Organization")]))
    assert found == [("軌道安全財団", "Organization"), ("OSF", "Organization"), ("OSF", "Organization")]
    assert links == {("軌道安全財団", "OSF")}


def test_the_definition_overrules_another_class_of_the_abbreviation():
    text = "Lunar Trade Association (LTA) は、LTA を通じて"
    found, _ = names(text, find_definitions(text, [
        found_at(text, "Lunar Trade Association", "Organization"), found_at(text, "LTA", "Agreement", nth=1)]))
    assert ("LTA", "Agreement") not in found and found.count(("LTA", "Organization")) == 2


def test_abbreviation_before_a_found_name():
    text = "OSC(Orbital Servicing Consortium)の活動"
    found, links = names(text, find_definitions(text, [found_at(text, "Orbital Servicing Consortium", "Organization")]))
    assert ("OSC", "Organization") in found and links == {("Orbital Servicing Consortium", "OSC")}


def test_several_names_in_one_bracket():
    text = "月面評議会(Lunar Council: LC)の議長"
    _, links = names(text, find_definitions(text, [found_at(text, "月面評議会", "Council")]))
    assert links == {("月面評議会", "Lunar Council"), ("月面評議会", "LC")}


def test_quoted_alias_after_a_lead_word():
    text = "「宇宙活動基本法」(通称「活動法」)"
    _, links = names(text, find_definitions(text, [found_at(text, "宇宙活動基本法", "Law")]))
    assert links == {("宇宙活動基本法", "活動法")}


def test_abbreviation_inside_a_title_names_the_title():
    text = "3rd Orbital Debris (ODC) Conference で、ODC の参加者は"
    found, links = names(text, find_definitions(text, [found_at(text, "3rd Orbital Debris (ODC) Conference", "Event")]))
    assert ("ODC", "Event") in found and links == {("3rd Orbital Debris (ODC) Conference", "ODC")}


@pytest.mark.parametrize("text, name", [
    ("XYZ(米国バージニア州を拠点とする非営利のシンクタンク)", "XYZ"),  # a description
    ("Jane Doe (元 Orbital Safety Foundation)", "Jane Doe"),  # where she worked
    ("Space Debris Webinar(2022 年 1 月 5 日、オンライン開催)", "Space Debris Webinar"),  # date and place
    ("宇宙戦略本部(本部)", "宇宙戦略本部"),  # a generic word
])
def test_brackets_that_define_nothing(text, name):
    found, links = find_definitions(text, [found_at(text, name, "Organization")])
    assert len(found) == 1 and links == []


def test_a_bracket_after_a_country_defines_the_abbreviation_of_its_body():
    """タイ（国立宇宙機構：TSA）: the bracket names Thailand's body, then that body's abbreviation;
    two bodies in one bracket (ASI/ESA) stay two."""
    text = "タイ(国立宇宙機構:TSA)から傍聴があった。主催者(ASI/ESA)"
    found, links = names(text, find_definitions(text, [
        found_at(text, "タイ", "Country", "th"), found_at(text, "国立宇宙機構", "Agency"),
        found_at(text, "ASI", "Agency", "asi"), found_at(text, "ESA", "Agency", "esa")]))
    assert ("TSA", "Agency") in found
    assert links == {("国立宇宙機構", "TSA")}
