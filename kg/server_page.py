"""The endpoint's home page: a query box, the saved queries as examples, links to the graph views.

Self-contained (inline CSS and script, nothing fetched from elsewhere), so it works offline and
the server can forbid every other source in its Content-Security-Policy. Kept as a Python string
rather than an .html file so it ships with the package without a package-data entry.
"""
from __future__ import annotations

import html
import json
from string import Template
from urllib.parse import quote

from .query import SavedQuery

# A default-src of 'none' blocks every fetch except the ones the page makes to this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                           "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'")

_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>spacekg SPARQL</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #1b1b1b; }
  h1 { font-size: 1.4rem; margin: .2rem 0 .8rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
  code, textarea, pre, td { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
  textarea { box-sizing: border-box; width: 100%; height: 15rem; padding: .5rem; border: 1px solid #999; border-radius: 4px; }
  .bar { display: flex; gap: .6rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
  button { padding: .35rem .9rem; } #status { color: #555; } #status.error { color: #b00020; white-space: pre-wrap; }
  table { border-collapse: collapse; margin-top: .5rem; } th, td { border: 1px solid #ccc; padding: .2rem .45rem; text-align: left; vertical-align: top; }
  th { background: #f1f1f1; position: sticky; top: 0; } #results { overflow: auto; max-height: 60vh; }
  pre { background: #f7f7f7; padding: .6rem; overflow: auto; white-space: pre-wrap; }
  dl.saved dt { margin-top: .5rem; } dl.saved dd { margin: .1rem 0 0 1rem; color: #444; }
  .muted { color: #666; }
</style>
</head>
<body>
<h1>spacekg SPARQL endpoint</h1>
<p class="muted">Graph: <code>$out</code>. Send SPARQL 1.1 queries to <code>/sparql</code> (GET <code>?query=</code>,
or POST form or <code>application/sparql-query</code>); read-only; a query may run $timeout s.
Prefixes <code>sk: id: skos: oa: prov: dcterms: rdf: rdfs: xsd: owl:</code> need no declaration.</p>
<textarea id="query" spellcheck="false" aria-label="SPARQL query">$first_query</textarea>
<div class="bar">
  <button id="run" type="button">Run</button> <span class="muted">(Ctrl+Enter)</span>
  <span id="status" role="status"></span>
</div>
<div id="results"></div>

<h2>Saved queries</h2>
$saved

<h2>Graph views</h2>
$views

<script type="application/json" id="saved-queries">$saved_json</script>
<script>
"use strict";
const box = document.getElementById("query"), statusLine = document.getElementById("status");
const results = document.getElementById("results");
const saved = JSON.parse(document.getElementById("saved-queries").textContent);

function say(text, error) { statusLine.textContent = text; statusLine.className = error ? "error" : ""; }

function cell(term) {
  if (!term) return "";
  if (term.type === "literal" && term["xml:lang"]) return term.value + " @" + term["xml:lang"];
  return term.value;
}

function showSolutions(data) {
  results.replaceChildren();
  if ("boolean" in data) { const p = document.createElement("pre"); p.textContent = String(data.boolean); results.append(p); return "ASK"; }
  const table = document.createElement("table"), head = table.createTHead().insertRow();
  for (const name of data.head.vars) { const th = document.createElement("th"); th.textContent = name; head.append(th); }
  const body = table.createTBody();
  for (const binding of data.results.bindings) {
    const row = body.insertRow();
    for (const name of data.head.vars) row.insertCell().textContent = cell(binding[name]);
  }
  results.append(table);
  return data.results.bindings.length + " rows";
}

async function run() {
  say("running…"); results.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query: box.value }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2) + " s";
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) { say(response.status + " " + response.statusText + ": " + (await response.text()), true); return; }
    if (type.startsWith("application/sparql-results+json")) { say(showSolutions(await response.json()) + ", " + seconds); return; }
    const pre = document.createElement("pre"); pre.textContent = await response.text(); results.append(pre);
    say(type.split(";")[0] + ", " + seconds);
  } catch (err) { say("no answer from the server: " + err, true); }
}

document.getElementById("run").addEventListener("click", run);
box.addEventListener("keydown", e => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
for (const button of document.querySelectorAll("button[data-query]"))
  button.addEventListener("click", () => { box.value = saved[button.dataset.query]; box.focus(); window.scrollTo(0, 0); });
</script>
</body>
</html>
""")

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
