"""The endpoint's home page: a query box, the saved queries as examples, links to the graph views.

The page (server_page.html, a string.Template) is self-contained: inline CSS and script,
nothing fetched from elsewhere, so it works offline and the server can forbid every other
source in its Content-Security-Policy.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template
from urllib.parse import quote

from .query import SavedQuery

# A default-src of 'none' blocks every fetch except the ones the page makes to this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'")

_PAGE = Template((Path(__file__).parent / "server_page.html").read_text(encoding="utf-8"))

FIRST_QUERY = """\
PREFIX sk: <https://w3id.org/spacekg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?agency ?name WHERE {
  ?agency a sk:Agency ; skos:prefLabel ?name .
  FILTER(LANG(?name) = "ja")
}
ORDER BY ?name
LIMIT 20
"""


def render(out: str, timeout: float, queries: list[SavedQuery], views: list[str]) -> str:
    """The page, with every piece of text escaped for where it goes."""
    if queries:
        saved = "<dl class=\"saved\">\n" + "\n".join(
            f'<dt><button type="button" data-query="{html.escape(q.name)}">load</button> '
            f"<code>{html.escape(q.name)}</code></dt><dd>{html.escape(q.description)}</dd>" for q in queries
        ) + "\n</dl>"
    else:
        saved = '<p class="muted">No saved queries.</p>'
    if views:
        links = "\n".join(f'<li><a href="/views/{html.escape(quote(name))}">{html.escape(name)}</a></li>'
                          for name in views)
        views_html = f"<ul>\n{links}\n</ul>"
    else:
        views_html = ('<p class="muted">No graph views are built yet (they will be HTML files in '
                      f"<code>{html.escape(out)}/views/</code>).</p>")
    # "</" inside the JSON would end the <script> element early
    saved_json = json.dumps({q.name: q.text for q in queries}, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.substitute(out=html.escape(out), timeout=f"{timeout:g}", first_query=html.escape(FIRST_QUERY),
                            saved=saved, views=views_html, saved_json=saved_json)
