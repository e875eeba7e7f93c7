"""The typed records that pass between spacekg's stages.

Loading makes a Document; extractors add Mentions and Relations; resolution groups mentions
into Entities. `kg/` reads these models and never the other way round.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The eleven classes of the graph contract (docs/graph-contract.md), then the subclasses the
# ontology declares under them (ontology/spacekg.ttl; SUBCLASS_OF says which is under which).
EntityClass = Literal[
    "Country", "Agency", "Organization", "Person", "SpaceSystem", "Program",
    "Agreement", "Law", "Policy", "Budget", "Event",
    "SpaceAgency", "Ministry", "MilitaryUnit", "Council", "InternationalBody",
    "Company", "ThinkTank", "University",
    "Satellite", "Constellation", "LaunchVehicle", "SpaceStation", "Spacecraft",
    "Treaty", "Guideline", "Resolution",
    "Meeting", "Conference", "Launch", "WeaponsTest", "Signing", "Establishment",
]

SUBCLASS_OF: dict[str, str] = {
    "SpaceAgency": "Agency", "Ministry": "Agency", "MilitaryUnit": "Agency",
    "Council": "Agency", "InternationalBody": "Agency",
    "Company": "Organization", "ThinkTank": "Organization", "University": "Organization",
    "Satellite": "SpaceSystem", "Constellation": "SpaceSystem", "LaunchVehicle": "SpaceSystem",
    "SpaceStation": "SpaceSystem", "Spacecraft": "SpaceSystem",
    "Treaty": "Agreement", "Guideline": "Agreement", "Resolution": "Agreement",
    "Meeting": "Event", "Conference": "Event", "Launch": "Event", "WeaponsTest": "Event",
    "Signing": "Event", "Establishment": "Event",
}


def top_class(cls: str) -> str:
    """The contract class (one of the eleven) that `cls` is or falls under."""
    return SUBCLASS_OF.get(cls, cls)


# The seventeen relation properties of the graph contract.
Predicate = Literal[
    "memberOf", "partOf", "oversees", "operates", "develops", "funds", "allocatedTo",
    "partyTo", "participatedIn", "organizedBy", "establishedBy", "cooperatesWith",
    "launchedBy", "successorOf", "locatedIn", "conductedBy", "targets",
]


class OffsetMap(BaseModel):
    """For each character of the normalised text, the span of original text it came from.

    A normalised span [a, b) maps back to original[starts[a]:ends[b-1]], so characters that
    normalisation dropped inside a span (a joined line break, say) come back with it.
    """

    model_config = ConfigDict(frozen=True)

    starts: list[int]
    ends: list[int]

    @model_validator(mode="after")
    def _same_length(self) -> OffsetMap:
        if len(self.starts) != len(self.ends):
            raise ValueError("starts and ends differ in length")
        return self

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        if not 0 <= start < end <= len(self.starts):
            raise ValueError(f"span {start}:{end} is outside the normalised text")
        return self.starts[start], self.ends[end - 1]


class Document(BaseModel):
    """One source file: its text as decoded, the text the extractors read, and the map between."""

    id: str = Field(description="stable local id, used in the document's IRI")
    name: str = Field(description="file name, written as dcterms:identifier")
    path: str
    title: str
    original: str = Field(description="text as decoded from the file, before normalisation")
    text: str = Field(description="normalised text (NFKC, joined lines) that extractors read")
    offsets: OffsetMap
    sha256: str = Field(description="hash of the file's bytes")
    encoding: str

    @model_validator(mode="after")
    def _map_covers_text(self) -> Document:
        if len(self.offsets.starts) != len(self.text):
            raise ValueError("offset map does not cover the normalised text")
        return self

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span [start, end)."""
        return self.offsets.to_original(start, end)


class Values(BaseModel):
    """Values the text gives for a Budget (amount, currency, years) or an Event (date)."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal | None = Field(default=None, description="in units of the currency")
    currency: str | None = Field(default=None, description="ISO 4217 code")
    year: int | None = None
    fiscal_year: int | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM or YYYY")


class Mention(BaseModel):
    """A name in a document, located in the original text."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    start: int = Field(description="offset into Document.original")
    end: int
    exact: str = Field(description="Document.original[start:end]")
    name: str = Field(description="the name as the extractors read it (normalised text)")
    cls: EntityClass
    source: str = Field(description="the extractor that found it, e.g. 'ginza'")
    key: str | None = Field(default=None, description="catalog id when the catalog knows it")
    values: Values | None = None


class Evidence(BaseModel):
    """The sentence that states a relation, located in the original text."""

    model_config = ConfigDict(frozen=True)

    doc_id: str
    start: int
    end: int
    sentence: str = Field(description="the sentence as the extractors read it")


class Relation(BaseModel):
    """A relation between two mentions, as one sentence states it."""

    model_config = ConfigDict(frozen=True)

    subject: Mention
    predicate: Predicate
    object: Mention
    evidence: Evidence
    source: str


class Entity(BaseModel):
    """One real-world thing with all its names and the mentions that name it."""

    id: str = Field(description="stable local id, used in the entity's IRI")
    cls: EntityClass
    labels: dict[str, str] = Field(default_factory=dict, description="preferred label per language")
    alt_labels: set[str] = Field(default_factory=set)
    mentions: list[Mention] = Field(default_factory=list)
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 code")
    values: Values | None = None


class Extraction(BaseModel):
    """What the extractors found in one document."""

    doc_id: str
    mentions: list[Mention] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    aliases: list[tuple[int, int]] = Field(
        default_factory=list, description="pairs of indexes into mentions that the text defines "
        "as names of one thing: 宇宙航空研究開発機構（JAXA）")
