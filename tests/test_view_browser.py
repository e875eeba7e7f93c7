"""The views in a real browser: Debian's headless Chromium (/usr/bin/chromium, never a downloaded
one) driven by Playwright, with a fresh profile. Every request the page makes is recorded: a view
must need nothing but its own file, or its own URL when `spacekg serve` serves it."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kg import network as kgnet
from kg.server import make_server
from kg.store import open_graph, store_path
from kg.view import make_view

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")]

JAXA = "https://w3id.org/spacekg/id/e/jaxa"
READY = "() => window.spacekgView && window.spacekgView.readyAt !== null"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Opened:
    """A page with every request, console error, page error and dialog it caused."""

    def __init__(self, browser, url: str) -> None:
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_function(READY, timeout=120_000)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def point(self, node: str, toward: str | None = None, share: float = 0.0) -> tuple[float, float]:
        """Where on the screen a node is drawn, or a point `share` of the way to another node."""
        return self.js("""([a, b, share]) => {
            const net = window.spacekgView.network, p = net.getPositions(b ? [a, b] : [a]);
            const at = b ? {x: p[a].x + share * (p[b].x - p[a].x), y: p[a].y + share * (p[b].y - p[a].y)} : p[a];
            const dom = net.canvasToDOM(at), box = document.getElementById("network").getBoundingClientRect();
            return [box.left + dom.x, box.top + dom.y];
        }""", [node, toward, share])

    def details(self) -> str:
        return self.js("() => document.getElementById('detail-body').textContent")

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def markup_view(markup_build):
    """A view of a real build of a document with <script> and <img onerror> in its evidence."""
    graph = open_graph(markup_build.out)
    path = markup_build.out / "views" / "markup.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(make_view(graph).html, encoding="utf-8")
    return path, kgnet.project(graph)


@pytest.fixture(scope="module")
def seed_views(seed_graph, tmp_path_factory):
    """The whole seed graph (a precomputed layout) and JAXA's neighbours (physics), as files."""
    folder = tmp_path_factory.mktemp("views")
    whole, near = make_view(seed_graph), make_view(seed_graph, focus="JAXA")
    assert whole.layout == "precomputed" and near.layout == "physics"
    (folder / "graph.html").write_text(whole.html, encoding="utf-8")
    (folder / "jaxa.html").write_text(near.html, encoding="utf-8")
    return folder, kgnet.project(seed_graph)


def test_the_whole_graph_opens_offline_with_every_entity(browser, seed_views):
    folder, net = seed_views
    view = Opened(browser, (folder / "graph.html").as_uri())
    try:
        assert view.requests == [view.url]
        assert view.errors == []
        assert view.js("() => window.spacekgView.state") == "drawn"
        assert view.js("() => window.spacekgView.nodes.length") == len(net)
        assert view.js("() => window.spacekgView.edges.length") == net.number_of_edges()
        assert view.js("() => window.spacekgView.network.physics.options.enabled") is False
    finally:
        view.close()


def test_physics_stops_once_the_layout_is_stable(browser, seed_views):
    folder, net = seed_views
    view = Opened(browser, (folder / "jaxa.html").as_uri())
    try:
        assert view.requests == [view.url] and view.errors == []
        assert view.js("() => window.spacekgView.state") == "stable"
        assert view.js("() => window.spacekgView.nodes.length") == len(kgnet.ego(net, JAXA, 1))
        assert view.js("() => window.spacekgView.network.physics.options.enabled") is False
        before = view.js("() => window.spacekgView.network.getPositions()")
        view.page.wait_for_timeout(700)
        assert view.js("() => window.spacekgView.network.getPositions()") == before
        # the focus is selected and described from the start
        assert "宇宙航空研究開発機構" in view.details()
    finally:
        view.close()


def test_a_click_on_a_node_shows_its_names_and_class(browser, seed_views):
    folder, net = seed_views
    view = Opened(browser, (folder / "graph.html").as_uri())
    try:
        # zoomed in on it, so that no neighbour is drawn over the point clicked
        view.js("(id) => { const net = window.spacekgView.network;"
                " net.moveTo({scale: 1.5, position: net.getPositions([id])[id]}); }", JAXA)
        view.page.mouse.click(*view.point(JAXA))
        assert view.js("() => window.spacekgView.network.getSelectedNodes()") == [JAXA]
        text = view.details()
        for expected in (net.nodes[JAXA]["label_ja"], net.nodes[JAXA]["label_en"], "SpaceAgency (Agency)",
                         "003_e130fa5e48a9706e.txt"):
            assert expected in text
    finally:
        view.close()


def test_a_click_on_a_relation_shows_its_evidence_as_text(browser, markup_view, markup_build):
    path, net = markup_view
    operated = next(o for s, o, key in net.edges(keys=True) if s == JAXA and key == "operates")
    view = Opened(browser, path.as_uri())
    try:
        assert view.requests == [view.url] and view.errors == []
        view.page.mouse.click(*view.point(JAXA, operated, 0.5))
        view.page.wait_for_function("() => window.spacekgView.network.getSelectedEdges().length === 1",
                                    timeout=5000)
        text = view.details()
        assert markup_build.script in text and markup_build.document in text and "operates" in text
        assert view.js("() => document.querySelectorAll('#detail-body script, #detail-body img').length") == 0
        assert view.js("() => document.querySelectorAll('img').length") == 0
        assert view.dialogs == []
    finally:
        view.close()


def test_a_relation_tooltip_shows_markup_as_text(browser, markup_view, markup_build):
    path, net = markup_view
    partner = next(o for s, o, key in net.edges(keys=True) if s == JAXA and key == "cooperatesWith")
    view = Opened(browser, path.as_uri())
    try:
        view.page.mouse.move(*view.point(JAXA, partner, 0.5))
        tooltip = view.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5000)
        assert markup_build.img in tooltip.text_content()
        # text only: innerText turns the line breaks into <br>, and makes no other element
        assert set(view.js("() => [...document.querySelectorAll('div.vis-tooltip *')].map(e => e.tagName)")) <= {"BR"}
        assert view.js("() => document.querySelectorAll('img').length") == 0
        assert view.dialogs == [] and view.requests == [view.url]
    finally:
        view.close()


def test_the_class_and_document_boxes_hide_and_show(browser, seed_views):
    folder, net = seed_views
    view = Opened(browser, (folder / "graph.html").as_uri())
    hidden_nodes = "() => window.spacekgView.nodes.get({filter: n => n.hidden}).length"
    hidden_edges = "() => window.spacekgView.edges.get({filter: e => e.hidden}).length"
    try:
        people = [n for n in net if net.nodes[n]["top"] == "Person"]
        view.page.locator('#legend input[data-class="Person"]').uncheck()
        assert view.js(hidden_nodes) == len(people)
        touching = {(s, o, k) for s, o, k in net.edges(keys=True) if s in people or o in people}
        assert view.js(hidden_edges) == len(touching)
        assert f"showing {len(net) - len(people)} of {len(net)} entities" in view.page.locator("#status").text_content()
        view.page.locator('#legend button[data-all="class"]').click()
        assert view.js(hidden_nodes) == 0
        document = "003_e130fa5e48a9706e.txt"
        view.page.locator('#documents button[data-none="document"]').click()
        view.page.locator(f'#documents input[data-document="{document}"]').check()
        shown = {n for n in net if document in net.nodes[n]["documents"]}
        assert view.js(hidden_nodes) == len(net) - len(shown)
        stated = {(s, o, k) for s, o, k, e in net.edges(keys=True, data="evidence")
                  if s in shown and o in shown and any(x["document"] == document for x in e)}
        assert view.js(hidden_edges) == net.number_of_edges() - len(stated)
    finally:
        view.close()


def test_a_served_view_is_listed_and_loads_nothing_else(browser, seed_build, seed_views, tmp_path):
    # a build folder of its own (the seed store, linked) so that the seed build's gains no views
    (tmp_path / "store").symlink_to(store_path(seed_build[0]))
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "graph.html").write_bytes((seed_views[0] / "graph.html").read_bytes())
    server = make_server(tmp_path, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        home = browser.new_page()
        home.goto(server.url)
        link = home.locator('a[href="/views/graph.html"]')
        assert link.count() == 1
        home.close()
        view = Opened(browser, server.url + "views/graph.html")
        try:
            assert view.requests == [view.url] and view.errors == []
            assert view.js("() => window.spacekgView.nodes.length") == len(seed_views[1])
        finally:
            view.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
