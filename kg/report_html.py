"""HTML for the report, escaped by construction.

The templates are data (kg/report_template.html): the page and the small parts it is made of,
each starting at a `<!-- part: NAME -->` line, filled with string.Template. A value put into a
part is escaped unless it is `Markup`, which only `part` and `join` make, so no text from a
document (a name, a title, an evidence sentence) can open a tag or end an attribute.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).parent / "report_template.html"
_PART = re.compile(r"^<!-- part: (\w+) -->\n", re.MULTILINE)


class Markup(str):
    """HTML that is safe to put into a page as it is."""


def escape(value: object) -> Markup:
    """`value` as HTML text: Markup stays as it is, anything else is escaped, quotes included."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=True))


@cache
def parts() -> dict[str, Template]:
    """The templates of kg/report_template.html by name."""
    pieces = _PART.split(TEMPLATE.read_text(encoding="utf-8"))
    if pieces[0].strip():
        raise ValueError(f"{TEMPLATE}: text before the first `<!-- part: NAME -->` line")
    return {name: Template(text.rstrip("\n")) for name, text in zip(pieces[1::2], pieces[2::2], strict=True)}


def part(part_name: str, /, **values: object) -> Markup:
    """The part PART_NAME with every value escaped (see `escape`)."""
    try:
        template = parts()[part_name]
    except KeyError:
        raise KeyError(f"{TEMPLATE} has no part {part_name!r}") from None
    return Markup(template.substitute({key: escape(value) for key, value in values.items()}))


def join(items: Iterable[object], separator: str = "\n") -> Markup:
    """The items one after another, each escaped unless it is Markup."""
    return Markup(escape(separator).join(escape(item) for item in items))


def table(head: list[str], rows: Iterable[list[object]], numeric: Iterable[int] = (),
          row_ids: list[str] | None = None) -> Markup:
    """A table of `rows` under `head`; the columns at the `numeric` indexes align right."""
    numeric = set(numeric)
    heads = join((part("th_num" if n in numeric else "th", text=text) for n, text in enumerate(head)), "")
    body = []
    for index, row in enumerate(rows):
        cells = join((part("td_num" if n in numeric else "td", text=cell) for n, cell in enumerate(row)), "")
        body.append(part("tr_id", id=row_ids[index], cells=cells) if row_ids else part("tr", cells=cells))
    return part("table", head=heads, body=join(body))
