"""Attributes spacekg's components set on the spans they add to `doc.spans["sk_mentions"]`.

`span.label_` holds the spacekg class and `span.kb_id_` the catalog id; these carry the rest.
"""
from spacy.tokens import Span

MENTIONS = "sk_mentions"  # the span group every extractor writes into

for _name in ("sk_source", "sk_values"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
