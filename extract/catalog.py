"""The catalog: known entities of the space-security field and every name Japanese text uses.

Entries live in `extract/data/catalog/*.jsonl`, one JSON object per line (blank lines and lines
starting with `//` are ignored), one file per area (countries, Japanese agencies, treaties, ...).

Name fields of a CatalogEntry:
- `ja`, `en`: the official Japanese and English names (at least one is given).
- `abbr`: abbreviations, Latin or Japanese (JAXA, 文科省, 経産省).
- `aliases`: every other name a text may use (older translations, forms with or without the
  legal-form prefix 国立研究開発法人/株式会社, katakana spellings, English variants).
- `short`: one-character country abbreviations (米, 英, 日, 中, ...). They are NOT names on their
  own: match them only inside compounds of such abbreviations (日米, 米中, 日米豪印, 米ソ), never
  alone; `names_of` leaves them out.
- `ambiguous_names`: names of this entry (a subset of ja/en/abbr/aliases) that can also mean
  something else and need context before a match is trusted: "国防省" (the US DoD in a US context,
  but also other countries' ministries), "NSC", "CSA", "GEO", "タイ" (inside タイプ), ...
  A name may belong to two entries only if both list it here.

Names are written as texts write them; matchers should compare after NFKC (full-width ＪＡＸＡ
is JAXA) and, for Latin names, casefold.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from extract.models import EntityClass

CATALOG_DIR = Path(__file__).parent / "data" / "catalog"


class CatalogEntry(BaseModel):
    """One known entity and all of its names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$", description="stable lowercase slug")
    cls: EntityClass = Field(description="the most specific class that fits")
    ja: str | None = Field(default=None, description="official Japanese name")
    en: str | None = Field(default=None, description="official English name")
    abbr: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    short: list[str] = Field(default_factory=list, description="one-kanji country abbreviations, compounds only")
    ambiguous_names: list[str] = Field(default_factory=list, description="names that need context")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    note: str | None = None

    @model_validator(mode="after")
    def _check_names(self) -> CatalogEntry:
        if not (self.ja or self.en):
            raise ValueError(f"{self.id}: needs ja or en")
        names = names_of(self)
        for name in [*names, *self.short]:
            if not name or name != name.strip():
                raise ValueError(f"{self.id}: empty name or name with surrounding spaces: {name!r}")
        for s in self.short:
            if len(s) != 1:
                raise ValueError(f"{self.id}: short must be one character: {s!r}")
        stray = set(self.ambiguous_names) - set(names)
        if stray:
            raise ValueError(f"{self.id}: ambiguous_names not among its names: {sorted(stray)}")
        return self


def names_of(entry: CatalogEntry) -> list[str]:
    """ja, en, abbr and aliases of `entry`, in that order, without duplicates (short excluded)."""
    names = [entry.ja, entry.en, *entry.abbr, *entry.aliases]
    return list(dict.fromkeys(n for n in names if n))


class CatalogError(ValueError):
    """A catalog line that is not a valid entry."""


def load_catalog(folder: Path | None = None) -> list[CatalogEntry]:
    """Every entry of every `*.jsonl` file in `folder` (default: extract/data/catalog)."""
    folder = Path(folder) if folder is not None else CATALOG_DIR
    entries: list[CatalogEntry] = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, start=1):
                line = line.strip()
                if not line or line.startswith("//"):
                    continue
                try:
                    entries.append(CatalogEntry.model_validate(json.loads(line)))
                except (json.JSONDecodeError, ValidationError) as e:
                    raise CatalogError(f"{path.name}:{lineno}: bad catalog line: {e}") from e
    return entries
