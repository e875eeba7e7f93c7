"""The HTML page of a view: kg/view_template.html with vis-network inlined and the data as JSON.

pyvis's own page cannot be used: whatever its `cdn_resources`, it loads Bootstrap from a CDN,
and its `in_line` mode still takes tom-select from one for menus. So the page is this
project's template (a string.Template) and vis-network is read from the copy pyvis ships in
pyvis/lib/, inlined: the file opens offline and makes no request.

Escaping, by where text goes:
- HTML of the template (heading, legend, document names): html.escape;
- the data (names, evidence sentences): JSON in a <script type="application/json"> element
  with <, > and & written as \\u escapes, so no text can close the element; the page's script
  puts it on screen with textContent only;
- vis-network's hover tooltips: the nodes' and edges' `title` is plain text, which vis-network
  9 sets with innerText (an Element would be HTML; a string never is), so it is not escaped
  again: a sentence with <script> shows as those characters.
"""
from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path
from string import Template

from extract.errors import SpacekgError

from .view_style import swatch

VIS_VERSION = "9.1.2"
_TEMPLATE = Template((Path(__file__).parent / "view_template.html").read_text(encoding="utf-8"))


@cache
def vis_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of vis-network as pyvis ships it."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}"
    try:
        js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        css = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:
        raise SpacekgError(f"{folder}: vis-network {VIS_VERSION} is not in this pyvis installation: {err}") from err
    # both are inlined as they are: a closing tag inside would end their element early
    if "</script" in js.lower() or "<!--" in js or "</style" in css.lower():
        raise SpacekgError(f"{folder}: vis-network contains a closing tag and cannot be inlined")
    return js, css


def script_json(value) -> str:
    """`value` as JSON that is safe inside a <script> element (no <, > or & characters)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # JSON's own syntax has none of these characters, so each one is inside a string
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def render_page(*, title: str, heading: str, summary: str, classes: dict[str, int],
                documents: dict[str, int], data: dict) -> str:
    """The whole page. `classes` and `documents`: the entities of each, in the order to list them;
    `data`: nodes, edges, options, physics (bool) and focus (a node id or None)."""
    js, css = vis_assets()
    legend = "\n".join(
        f'<label><input type="checkbox" data-class="{html.escape(cls)}" checked>{swatch(cls)}'
        f'<span>{html.escape(cls)}</span><span class="count">{count}</span></label>'
        for cls, count in classes.items())
    document_list = "\n".join(
        f'<label><input type="checkbox" data-document="{html.escape(name)}" checked>'
        f'<span class="doc">{html.escape(name)}</span><span class="count">{count}</span></label>'
        for name, count in documents.items()) or '<p class="muted">No document mentions these entities.</p>'
    return _TEMPLATE.substitute(
        title=html.escape(title), heading=html.escape(heading), summary=html.escape(summary),
        legend=legend, documents=document_list, data=script_json(data),
        vis_version=VIS_VERSION, vis_js=js, vis_css=css)
