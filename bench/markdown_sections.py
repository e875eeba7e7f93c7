"""The measurement pages (docs/benchmarks.md, docs/reliability.md) are written by several scripts, each
owning one "## " section."""
from __future__ import annotations

import re
from pathlib import Path


def replace_section(document: str, heading: str, section: str) -> str:
    """`document` with the section under `heading` (up to the next `## ` heading) replaced by
    `section`, or `section` appended; an empty document gets the page's title first."""
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _: section + "\n", document, count=1).rstrip("\n") + "\n"
    if not document.strip():
        return "# Benchmarks\n\n" + section
    return document.rstrip("\n") + "\n\n" + section


def write_section(path: Path, heading: str, section: str) -> None:
    """Replace (or add) the section under `heading` in the markdown file at `path`."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(replace_section(existing, heading, section), encoding="utf-8")
