"""Names in Latin script (extract/latin_names.py), on invented sentences."""
import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.latin_names import LatinName, find_latin_names

CLASSES = {"Person", "Organization", "Company", "ThinkTank", "University", "Agency", "Event",
           "Meeting", "Conference", "Program"}


def names(text: str) -> list[tuple[str, str]]:
    return [(text[n.start:n.end], n.cls) for n in find_latin_names(text)]


@pytest.mark.parametrize("text, expected", [
    ("Jane Doe氏", [("Jane Doe", "Person")]),
    ("Kenneth Smith 米国宇宙軍", [("Kenneth Smith", "Person")]),
    ("Robert Miller\nJr.", [("Robert Miller\nJr.", "Person")]),
    ("委員 Thomas Hargreave\nIII 教授", [("Thomas Hargreave\nIII", "Person")]),
    ("研究担当 Robert\nSmithers\n", [("Robert\nSmithers", "Person")]),  # a wrapped table cell
    ("Robert Miller, Jr. が講演", [("Robert Miller, Jr.", "Person")]),
    ("WANG Li Ming", [("WANG Li Ming", "Person")]),
    ("研究担当 PARK Ji-hoon 大学院教授", [("PARK Ji-hoon", "Person")]),
    ("Dr. Xavier Quimby によれば", [("Xavier Quimby", "Person")]),
    ("Aoife Blathnaid 氏、Jane Q. Doe 氏", [("Aoife Blathnaid", "Person"), ("Jane Q. Doe", "Person")]),
    ("Ursula van der Meer と Maria Garcia Lopez が", [("Ursula van der Meer", "Person"),
                                                    ("Maria Garcia Lopez", "Person")]),
    ("Jane DOE 氏", [("Jane DOE", "Person")]),
])
def test_persons(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Orbital Safety Foundation", [("Orbital Safety Foundation", "Organization")]),
    ("University of Somewhere", [("University of Somewhere", "University")]),
    ("Center for Orbital Policy Studies の報告",
     [("Center for Orbital Policy Studies", "ThinkTank")]),
    ("Lunar Explorers Association and Martian Geology Society に参加",
     [("Lunar Explorers Association", "Organization"),
      ("Martian Geology Society", "Organization")]),
    ("Acme Orbital, Inc. と Beta Launch Corp. が", [("Acme Orbital, Inc.", "Company"),
                                                    ("Beta Launch Corp.", "Company")]),
    ("Massachusetts Institute of Technology と Lunar Policy Institute",
     [("Massachusetts Institute of Technology", "University"),
      ("Lunar Policy Institute", "ThinkTank")]),
    ("Photo: Office of the Undersecretary of Orbital Affairs/Newswire",
     [("Office of the Undersecretary of Orbital Affairs", "Agency")]),
    ("U.S. Lunar Command と Orbital Surveillance Agency",
     [("U.S. Lunar Command", "Agency"), ("Orbital Surveillance Agency", "Agency")]),
    ("Ministry of Education, Culture, Sports, Science and Technology",
     [("Ministry of Education, Culture, Sports, Science and Technology", "Agency")]),
    ("Ministry of Defense, Government of Ruritania", [("Ministry of Defense", "Agency")]),
    ("Orbital Debris Removal Initiative", [("Orbital Debris Removal Initiative", "Program")]),
    ("Mark Johnson, Director of the Lunar Policy Center, said.",
     [("Mark Johnson", "Person"), ("Lunar Policy Center", "Organization")]),
    # A table row: a person's name, then the body.
    ("Jane Doe Orbital Safety Foundation 協議", [("Jane Doe", "Person"),
                                                 ("Orbital Safety Foundation", "Organization")]),
    ("Orbital Safety Foundation Jane Doe 協議", [("Orbital Safety Foundation", "Organization"),
                                                 ("Jane Doe", "Person")]),
    # Wrapped over one line; the line before ends in a word of another name or a sentence.
    ("Discuss with\nJapanese Selenology\nSociety, MVA.",
     [("Japanese Selenology\nSociety", "Organization")]),
    ("University of Somewhere\nOrbital Safety Foundation",
     [("University of Somewhere", "University"), ("Orbital Safety Foundation", "Organization")]),
    ("Kenneth Smith\nLunar Policy Institute", [("Kenneth Smith", "Person"),
                                               ("Lunar Policy Institute", "ThinkTank")]),
])
def test_organisations(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Space Debris Webinar: Risks and Remedies（2022 年 1 月 5 日、オンライン）",
     [("Space Debris Webinar: Risks and Remedies", "Conference")]),
    # A sentence-case subtitle, kept because a date bracket ends the title.
    ("Space Debris Webinar: risks and remedies（2022 年 1 月 5 日、オンライン）",
     [("Space Debris Webinar: risks and remedies", "Conference")]),
    ("3rd International Conference on Lunar Law (ICLL)",
     [("3rd International Conference on Lunar Law", "Conference")]),
    ("l 5th Advanced Orbital Optical and Surveillance Technologies (AOST) Conference"
     "（2020 年 9 月 15 日）",
     [("5th Advanced Orbital Optical and Surveillance Technologies (AOST) Conference",
       "Conference")]),
    ("l ABCD Webinar Debris & Space（2020 年 5 月 27 日、オンライン開催）：議論を実施",
     [("ABCD Webinar Debris & Space", "Conference")]),
    ("Orbital Safety Foundation (OSF) Summit for Lunar Sustainability (LSS)（2022 年）",
     [("Orbital Safety Foundation (OSF) Summit for Lunar Sustainability", "Meeting")]),
    ("Cislunar Webinar: What Operators Need to\nKnow（2021 年 3 月 16 日、オンライン開催）",
     [("Cislunar Webinar: What Operators Need to\nKnow", "Conference")]),
    ("Cislunar Webinar\nOrbital Safety Foundation",
     [("Cislunar Webinar", "Conference"), ("Orbital Safety Foundation", "Organization")]),
    ("Ruritania-Japan Comprehensive Dialogue on Space（2023年）",
     [("Ruritania-Japan Comprehensive Dialogue on Space", "Meeting")]),
    ("We attended the Lunar Symposium and discussed debris.",
     [("Lunar Symposium", "Conference")]),
    ("Lunar Webinar Jane Doe 氏", [("Lunar Webinar", "Conference"), ("Jane Doe", "Person")]),
    # Forum names a body unless something dates it.
    ("Orbital Forum（2021 年 3 月、オンライン）", [("Orbital Forum", "Conference")]),
    ("2022 Orbital Forum", [("2022 Orbital Forum", "Conference")]),
    ("Orbital Forum は", [("Orbital Forum", "Organization")]),
])
def test_events(text, expected):
    assert names(text) == expected
    assert names(unicodedata.normalize("NFKC", text)) == [
        (unicodedata.normalize("NFKC", s), c) for s, c in expected]


@pytest.mark.parametrize("text", [
    "Security and Stability",
    "Program",
    "LTS Implementation",
    "Introduction",
    "we discussed the security of outer space with partners.",
    "Program Overview",
    "Overview of Project Implementation Plan",
    "Space Force Structure Review",
    "Terms of Reference",
    "Moon and Cislunar Security Governance",
    "NASA Data",
    "Press Release",
    "Secure Orbit Founda-\ntion",
    "See https://example.org/Space-Program-Conference.pdf for details",
    "Webinar",
    "the webinar and the conference",
])
def test_not_names(text):
    assert find_latin_names(text) == []


def test_result_shape():
    found = find_latin_names("Jane Doe 氏")
    assert found == [LatinName(0, 8, "Person")]
    assert found[0].cls in CLASSES


_WORDS = ["Orbital", "Safety", "Foundation", "Conference", "of", "and", "University", "Jane",
          "Doe", "WANG", "Li", "Webinar", ":", "(ABC)", "Jr.", "Institute", "for", "the",
          "Security", "NASA", "氏", "（2021年）", ",", "\n", " ", "Forum", "Inc."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40))
def test_sorted_and_non_overlapping(words):
    text = " ".join(words)
    found = find_latin_names(text)
    assert found == sorted(found)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    for n in found:
        assert n.cls in CLASSES
        piece = text[n.start:n.end]
        assert piece == piece.strip() and piece


def test_long_line_is_fast():
    """Every extension is bounded, so a 100 kB line of capitalised words stays linear."""
    for line in ("Orbital Safety " * 7000, "Foundation " * 9000, "Conference " * 9000,
                 "University of " * 7000, "Jane Doe Lunar Webinar: " * 4000):
        t0 = time.perf_counter()
        find_latin_names(line[:100_000])
        assert time.perf_counter() - t0 < 1.0


def test_every_list_says_why():
    path = Path(__file__).resolve().parents[2] / "extract" / "data" / "latin_names.json"
    data = json.loads(path.read_text("utf-8"))
    assert "_why" in data
    for key, section in data.items():
        if key != "_why":
            assert section["_why"] and section["items"], key
