"""`sk_rules`: names no catalog lists, found by their shape: names in Latin script (people,
organisations by head word, event titles), Japanese person names (by Sudachi's name tags,
tables and titles) and Japanese compounds that end in a category word (軌道安全財団).

The rules read characters, which need not fall on GiNZA's token edges (Jane Doe氏 is one token
run with 氏); such a span covers the tokens around it and records the characters it means.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .compound_names import find_compound_names
from .latin_names import find_latin_names
from .person_names import find_persons
from .span_attrs import add_mentions, covering_span


def find_rule_names(doc: Doc) -> tuple[list[Span], dict]:
    """Spans of the names the rules find, and the characters meant where not whole tokens."""
    found = [(n.start, n.end, n.cls) for n in find_latin_names(doc.text)]
    found += [(start, end, "Person") for start, end in find_persons(doc)]
    found += find_compound_names(doc)
    spans, chars = [], {}
    for start, end, cls in found:
        span = covering_span(doc, start, end, cls, chars)
        if span is not None:
            spans.append(span)
    return spans, chars


class RuleNames:
    def __call__(self, doc: Doc) -> Doc:
        spans, chars = find_rule_names(doc)
        add_mentions(doc, "rules", spans, chars)
        return doc


@Language.factory("sk_rules", assigns=["doc.spans"])
def make_rules(nlp: Language, name: str) -> RuleNames:
    return RuleNames()
