"""Content negotiation for the SPARQL endpoint: which serialization answers an Accept header.

Imports pyoxigraph only, because the query workers (kg/server_worker.py) import it and every
import slows the start of a replacement worker.
"""
from __future__ import annotations

from typing import NamedTuple

import pyoxigraph as ox


class Offer(NamedTuple):
    media_type: str
    format: ox.QueryResultsFormat | ox.RdfFormat


# In order of preference: the first is the answer to a missing Accept header or */*.
SOLUTION_OFFERS = (  # SELECT and ASK
    Offer("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    Offer("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    Offer("text/csv", ox.QueryResultsFormat.CSV),
    Offer("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    Offer("application/json", ox.QueryResultsFormat.JSON),
    Offer("application/xml", ox.QueryResultsFormat.XML),
)
GRAPH_OFFERS = (  # CONSTRUCT and DESCRIBE
    Offer("text/turtle", ox.RdfFormat.TURTLE),
    Offer("application/ld+json", ox.RdfFormat.JSON_LD),
    Offer("application/n-triples", ox.RdfFormat.N_TRIPLES),
    Offer("application/rdf+xml", ox.RdfFormat.RDF_XML),
    Offer("application/turtle", ox.RdfFormat.TURTLE),  # older name, still sent by SPARQLWrapper
    Offer("application/x-json+ld", ox.RdfFormat.JSON_LD),
    Offer("application/xml", ox.RdfFormat.RDF_XML),
)


class MediaRange(NamedTuple):
    type: str
    subtype: str
    q: float


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header, in the order given; malformed entries are skipped."""
    ranges = []
    for item in (header or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if media.count("/") != 1:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # an unreadable weight accepts nothing rather than everything
        kind, sub = media.lower().split("/")
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def negotiate(header: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the client prefers, or None when it accepts none of them (a 406).

    Each offer takes the weight of the most specific range that matches it (text/turtle before
    text/* before */*), as HTTP says; among equal weights an exact range wins, then the range
    the client listed first, then our order.
    """
    ranges = parse_accept(header)
    if not ranges:
        return offers[0]
    best, best_key = None, None
    for order, offer in enumerate(offers):
        kind, sub = offer.media_type.split("/")
        matches = [(2 if (r.type, r.subtype) == (kind, sub) else 1 if r.subtype == "*" and r.type == kind
                    else 0, -position, r.q)
                   for position, r in enumerate(ranges)
                   if (r.type, r.subtype) in ((kind, sub), (kind, "*"), ("*", "*"))]
        if not matches:
            continue
        specificity, position, q = max(matches)
        key = (q, specificity, position, -order)
        if q > 0 and (best_key is None or key > best_key):
            best, best_key = offer, key
    return best


def content_type(offer: Offer) -> str:
    """The Content-Type header: text formats say they are UTF-8, which browsers need for Japanese."""
    return f"{offer.media_type}; charset=utf-8" if offer.media_type.startswith("text/") else offer.media_type


def offered(offers: tuple[Offer, ...]) -> str:
    return ", ".join(dict.fromkeys(o.media_type for o in offers))
