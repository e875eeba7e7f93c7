"""sk_rules in the pipeline: Latin-script names and Japanese person names as spans."""
import pytest

from extract.dates import find_dates
from extract.events import date_titles
from extract.pipeline import rule_events
from extract.span_attrs import found_mentions

pytestmark = pytest.mark.slow


def test_rule_names_in_one_document(nlp):
    doc = nlp("研究担当 山田 太郎 宇宙政策部\n協力 Jane Smith氏(Orbital Safety Foundation)\n")
    found = {(doc.text[a:b], span.label_) for source, span, (a, b) in found_mentions(doc) if source == "rules"}
    assert {("山田 太郎", "Person"), ("Jane Smith", "Person"),
            ("Orbital Safety Foundation", "Organization")} <= found


@pytest.mark.parametrize("text, title, date", [
    ("l Lunar Law Webinar: Risks and Remedies(2022 年 1 月 5 日、オンライン開催)\n",
     "Lunar Law Webinar: Risks and Remedies", "2022-01-05"),
    ("2019年の準備を経て、21st Lunar Astronautics Congress (LAC)(2020 年 10 月 12 日～14 日、オンライン)\n",
     "21st Lunar Astronautics Congress", "2020-10-12"),  # its own bracket, not the sentence's first date
])
def test_a_title_is_dated_by_the_bracket_after_it(nlp, text, title, date):
    doc = nlp(text)
    titles = date_titles(doc, 0, rule_events(doc), find_dates(text))
    assert [(t.text, t._.sk_values.date) for t in titles] == [(title, date)]
