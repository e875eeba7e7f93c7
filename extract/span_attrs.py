"""Where spacekg's components put what they find: one span group per extractor.

`span.label_` holds the spacekg class and `span.kb_id_` the catalog id. Extension attributes
are stored per character range, so two extractors' spans over the same text would share them;
what differs between extractors (who found it) is therefore the group, not an attribute.
"""
from spacy.tokens import Doc, Span

# extractor name -> span group; where extractors overlap, the more trusted one wins when
# mentions are read: dated events and amounts (which may hold a catalog name: 日米対話の第8回会合),
# then curated names, rules, and the statistical model last
GROUPS = {"catalog": "sk_catalog", "rules": "sk_rules", "values": "sk_values", "ginza": "sk_ginza"}
PRIORITY = {"values": 4, "catalog": 3, "rules": 2, "ginza": 1}
CHARS = "chars"  # group attr: "start_char:end_char:kb_id" -> [start, end] of the characters meant
# (string keys and lists: the attr must survive msgpack when docs come back from worker processes)

# sk_values: extract.models.Values of a Budget or an Event
if not Span.has_extension("sk_values"):
    Span.set_extension("sk_values", default=None)


def add_mentions(doc: Doc, source: str, spans: list[Span],
                 chars: dict[tuple[int, int, str], tuple[int, int]] | None = None) -> None:
    """Record `spans` as found by `source`; `chars` narrows a span to part of a token (米 in 米豪)."""
    doc.spans[GROUPS[source]] = spans
    if chars:
        doc.spans[GROUPS[source]].attrs[CHARS] = {_key(*key): list(rng) for key, rng in chars.items()}


def _key(start: int, end: int, kb_id: str) -> str:
    return f"{start}:{end}:{kb_id}"


def found_mentions(doc: Doc) -> list[tuple[str, Span, tuple[int, int]]]:
    """(source, span, (start_char, end_char)) of every span any extractor recorded."""
    out = []
    for source, name in GROUPS.items():
        group = doc.spans.get(name)
        if group is None:
            continue
        chars = group.attrs.get(CHARS, {})
        for span in group:
            start, end = chars.get(_key(span.start_char, span.end_char, span.kb_id_), (span.start_char, span.end_char))
            out.append((source, span, (start, end)))
    return out


def covering_span(doc: Doc, start: int, end: int, label: str, chars: dict) -> Span | None:
    """A span of the tokens around characters start:end; where those are part of a token, the
    characters meant go into `chars` (the group attr CHARS). None outside the doc's text."""
    covering = doc.char_span(start, end, alignment_mode="expand")
    if covering is None:
        return None
    span = Span(doc, covering.start, covering.end, label=label)
    if (span.start_char, span.end_char) != (start, end):
        chars[(span.start_char, span.end_char, "")] = (start, end)
    return span
