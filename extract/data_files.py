"""The JSON data files under extract/data/: word lists, patterns and mappings, read one way."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_data(name: str, notes: bool = False) -> dict:
    """The table in data/`name`; keys starting with `_` (the why of the data) only if `notes`."""
    table = json.loads((DATA / name).read_text(encoding="utf-8"))
    return table if notes else {k: v for k, v in table.items() if not k.startswith("_")}
