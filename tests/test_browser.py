"""End-to-end checks of the built book (`_build/html`) in headless Chromium.

The book is served from 127.0.0.1; every request is routed through the test, and any request
for another host is recorded and refused. These tests need a built book: without one they
fail (they never skip). REPORTBOOK_HTML may point at another built site (e.g. a scratch book).
"""
from __future__ import annotations

import functools
import html as html_lib
import http.server
import os
import re
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from reportbook.indicators.sections import SECTIONS

pytestmark = pytest.mark.slow  # executes notebooks or builds the book

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("REPORTBOOK_HTML", ROOT / "_build" / "html"))
YEAR = 2022
PAGES = [f"book/{YEAR}/{s.slug}.html" for s in SECTIONS]  # the overview and the six sections
SEARCH_TERMS = ["双山", "双山街道", "网格", "网格员", "税收", "安置房"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# An external URL in a script/link/img/iframe/source/video/audio/embed attribute that loads it.
EXTERNAL_ASSET = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(src|href|srcset)\s*=\s*"
    r"[\"']?\s*(https?:)?//", re.IGNORECASE)


def require_build() -> Path:
    """The built site's folder, or a failure that says how to make it."""
    if not (HTML / "index.html").is_file():
        pytest.fail(f"no built book at {HTML}: run `make book` first", pytrace=False)
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A page closed mid-download (e.g. search excerpts still loading) is not an error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def base_url():
    """http://127.0.0.1:<port>/ serving the built site from a thread (None if not built)."""
    if not (HTML / "index.html").is_file():
        yield None
        return
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class Visit:
    """A page in a fresh context that records console errors and refuses non-local hosts."""

    def __init__(self, browser, base_url: str) -> None:
        self.context = browser.new_context(service_workers="block")
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("response", self._response)
        self.base_url = base_url

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text} ({msg.location.get('url', '')})")

    def open(self, path: str) -> None:
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(browser, base_url):
    made: list[Visit] = []

    def _make() -> Visit:
        require_build()
        v = Visit(browser, base_url)
        made.append(v)
        return v

    yield _make
    for v in made:
        v.close()


# Every chart container on the page: ours, and any Altair default-renderer output.
CHART_STATUS_JS = """() => Array.from(
  document.querySelectorAll('.reportbook-chart, div[id^="altair-viz-"]')).map(el => ({
    id: el.id,
    marks: el.querySelectorAll('svg g.role-mark > *').length,
    canvas: el.querySelectorAll('canvas').length,
    error: (el.querySelector('.error') || {}).textContent || '',
  }))"""


def test_site_is_built():
    html = require_build()
    missing = [p for p in PAGES if not (html / p).is_file()]
    assert not missing, f"pages missing from {html}: {missing}"


@pytest.mark.parametrize("path", PAGES)
def test_section_page_draws_offline(visit, path):
    v = visit()
    v.open(path)
    try:
        v.page.wait_for_function(
            f"() => ({CHART_STATUS_JS})().every(c => c.marks > 0 || c.canvas > 0 || c.error)",
            timeout=20_000)
    except Exception:  # report the per-chart state below
        pass
    v.page.wait_for_timeout(200)  # let late console errors arrive
    charts = v.page.evaluate(CHART_STATUS_JS)
    undrawn = [c for c in charts if c["error"] or not (c["marks"] > 0 or c["canvas"] > 0)]
    assert not undrawn, f"{path}: charts not drawn: {undrawn}"
    assert not v.errors, f"{path}: console errors: {v.errors}"
    assert not v.outside, f"{path}: requests for non-local hosts: {v.outside}"


def test_overview_has_charts(visit):
    v = visit()
    v.open(PAGES[0])
    n = len(v.page.evaluate(CHART_STATUS_JS))
    assert n > 0, f"{PAGES[0]} has no chart container (.reportbook-chart)"


@pytest.mark.parametrize("term", SEARCH_TERMS)
def test_chinese_search_finds(visit, term):
    v = visit()
    v.open(f"search.html?q={quote(term)}")
    summary = v.page.locator("#search-results p.search-summary")
    v.page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.textContent.trim().length > 0; }", timeout=20_000)
    hits = v.page.locator("#search-results ul.search > li").count()
    assert hits > 0, f"search for {term!r} found nothing: {summary.inner_text()!r}"
    assert not v.errors, f"search {term!r}: console errors: {v.errors}"
    assert not v.outside, f"search {term!r}: requests for non-local hosts: {v.outside}"


def test_no_external_assets_in_html():
    """No built page loads a script, stylesheet, image or frame from the web."""
    html = require_build()
    pages = sorted(html.rglob("*.html"))
    assert pages
    bad = []
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        for m in EXTERNAL_ASSET.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            bad.append(f"{page.relative_to(html)}:{line}: {text[m.start():m.end() + 60]!r}")
    assert not bad, "assets loaded from the web:\n" + "\n".join(bad[:20])


def test_few_external_links():
    """Links out (<a href="http...">) are allowed, but the book should not depend on them."""
    html = require_build()
    links = set()
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        links.update(re.findall(r"<a\b[^>]*?\bhref=[\"'](https?://[^\"']+)", text))
    assert len(links) <= 20, f"{len(links)} distinct external links: {sorted(links)[:30]}"


# ── the reader's book (issue 13): phone width, accessible charts, Chinese, links, search ─────

READER_PAGES = [*PAGES, f"book/{YEAR}/source.html", "book/trends.html", "book/indicators.html", "book/intro.html",
                "book/glossary.html"]
ALL_PAGES = [*READER_PAGES, f"book/{YEAR}/review.html", "book/methods.html"]
SNAKE_ID = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
# Search terms that must find a given page: catalog names and numbers as the report writes them.
SEARCH_PAGES = {"工商税收": f"{YEAR}/overview", "地方收入": f"{YEAR}/overview",
                "31405": f"{YEAR}/civilized", "19.77": f"{YEAR}/overview"}

CHART_GEOMETRY_JS = """() => Array.from(document.querySelectorAll('.reportbook-chart')).map(el => {
  const svg = el.querySelector('svg.marks');
  const box = el.getBoundingClientRect();
  const s = svg ? svg.getBoundingClientRect() : null;
  const fig = el.closest('figure[aria-label]');
  const root = svg ? svg.querySelector('[aria-label]') : null;
  return {id: el.id, drawn: !!svg, left: box.left, right: box.right,
          svgLeft: s && s.left, svgRight: s && s.right,
          name: (fig && fig.getAttribute('aria-label')) || (root && root.getAttribute('aria-label')) || '',
          fonts: svg ? Array.from(svg.querySelectorAll('text')).map(t => parseFloat(getComputedStyle(t).fontSize)) : []};
})"""


CHARTS_DRAWN = "() => Array.from(document.querySelectorAll('.reportbook-chart')).every(el => el.querySelector('svg.marks'))"  # every chart's SVG marks are in the page


def _charts_drawn(page) -> None:
    """Wait until every chart of the page is drawn."""
    page.wait_for_function(CHARTS_DRAWN, timeout=20_000)


def _open_drawn(v: Visit, path: str) -> None:
    v.open(path)
    _charts_drawn(v.page)
    v.page.wait_for_timeout(300)


@pytest.mark.parametrize("path", ALL_PAGES)
def test_phone_width_no_sideways_scroll_no_clipped_chart(browser, base_url, path):
    require_build()
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        _charts_drawn(page)
        page.wait_for_timeout(300)
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{path} scrolls sideways at 390 px: {width[0]} > {width[1]}"
        for chart in page.evaluate(CHART_GEOMETRY_JS):
            assert chart["svgLeft"] >= chart["left"] - 1 and chart["svgRight"] <= chart["right"] + 1, \
                f"{path}: chart {chart['id']} is clipped at 390 px: {chart}"
            assert chart["svgRight"] <= 390, f"{path}: chart {chart['id']} runs off the screen: {chart}"
    finally:
        context.close()


CHART_MENU_JS = """() => Array.from(document.querySelectorAll('.reportbook-chart')).map(el => {
  const box = r => { const b = r.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const menu = el.querySelector('details > summary');
  const title = el.closest('figure') && el.closest('figure').querySelector('.rb-chart-title');
  return {id: el.id, svg: box(el.querySelector('svg.marks')), menu: menu ? box(menu) : null,
          title: title ? box(title) : null};
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_menu_covers_neither_chart_nor_title(browser, base_url, width):
    """The Vega "…" menu sits under the chart (it once covered the bars and the title at phone width)."""
    require_build()
    context = browser.new_context(viewport={"width": width, "height": 844}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + PAGES[0], wait_until="load")
        _charts_drawn(page)
        charts = page.evaluate(CHART_MENU_JS)
        assert charts and all(c["menu"] for c in charts), charts
        for c in charts:
            assert c["menu"]["top"] >= c["svg"]["bottom"] - 1, f"the menu covers chart {c['id']}: {c}"
            assert c["title"]["bottom"] <= c["svg"]["top"] + 1 and c["menu"]["right"] <= width, c
    finally:
        context.close()


def test_charts_follow_the_page_width_after_a_resize(browser, base_url):
    """Narrower, then wider again (a sidebar shown, a phone turned): every chart still fits its box.
    Vega's own container width once grew to 1632 px inside a 672 px box, drawing bars past the axis."""
    require_build()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + PAGES[0], wait_until="load")
        _charts_drawn(page)
        sizes = "() => Array.from(document.querySelectorAll('.reportbook-chart')).map(el => [el.clientWidth, " \
                "parseFloat(el.querySelector('svg.marks').getAttribute('width'))])"
        for width in (900, 1280, 390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(700)
            charts = page.evaluate(sizes)
            assert charts and all(abs(box - svg) <= 1 for box, svg in charts), f"at {width} px: {charts}"
    finally:
        context.close()


@pytest.mark.parametrize("path", READER_PAGES)
def test_charts_are_named_and_readable(visit, path):
    v = visit()
    _open_drawn(v, path)
    for chart in v.page.evaluate(CHART_GEOMETRY_JS):
        assert chart["name"].strip(), f"{path}: chart {chart['id']} has no accessible name"
        assert re.search(r"[\u4e00-\u9fff]", chart["name"]), f"{path}: chart name is not Chinese: {chart['name']!r}"
        small = [f for f in chart["fonts"] if f < 12]
        assert not small, f"{path}: chart {chart['id']} has text below 12 px: {small}"


@pytest.mark.parametrize("path", READER_PAGES)
def test_reader_pages_show_no_ids_and_prose_is_chinese(visit, path):
    v = visit()
    v.open(path)
    text = v.page.evaluate("() => document.querySelector('main').innerText")
    ids = sorted(set(SNAKE_ID.findall(text)))
    assert not ids, f"{path} shows internal ids to readers: {ids[:10]}"
    paragraphs = v.page.evaluate("""() => Array.from(document.querySelectorAll('main article p'))
        .filter(p => !p.closest('details') && !p.closest('table') && p.innerText.trim())
        .map(p => p.innerText.trim())""")
    assert paragraphs, f"{path}: no paragraph found"
    english_only = [p for p in paragraphs if not re.search(r"[\u4e00-\u9fff]", p)]
    assert not english_only, f"{path}: paragraphs without Chinese: {english_only[:3]}"


def test_every_internal_link_and_anchor_resolves():
    """Every <a href> inside the built book points to a file that exists and, with #x, to an id x in it."""
    html = require_build()
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            text = page.read_text(encoding="utf-8", errors="replace")
            # attribute values are compared as the browser reads them (`fig&#45;1` is the id fig-1)
            ids[page] = {html_lib.unescape(v) for v in re.findall(r"\bid=[\"']([^\"']+)[\"']", text)}
        return ids[page]

    broken = []
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for raw in re.findall(r"<a\b[^>]*?\bhref=[\"']([^\"']*)[\"']", text):
            href = html_lib.unescape(raw)
            if re.match(r"^(https?:|mailto:|data:|javascript:)", href) or href.startswith("//"):
                continue
            target, _, fragment = href.partition("#")
            file = (page.parent / target).resolve() if target else page
            if target and not file.exists():
                broken.append(f"{page.relative_to(html)}: {href} (no such file)")
            elif fragment and file.suffix == ".html" and fragment not in ids_of(file):
                broken.append(f"{page.relative_to(html)}: {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(broken[:30])


@pytest.mark.parametrize("term, page", SEARCH_PAGES.items())
def test_search_finds_catalog_names_and_numbers(visit, term, page):
    v = visit()
    v.open(f"search.html?q={quote(term)}")
    v.page.wait_for_function(
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.textContent.trim().length > 0; }", timeout=20_000)
    links = v.page.eval_on_selector_all("#search-results ul.search > li a", "els => els.map(a => a.href)")
    assert any(page in link for link in links), f"search for {term!r} did not find {page}: {links}"


def test_csv_downloads_carry_a_bom(visit):
    """Excel on Chinese Windows reads a CSV as UTF-8 only with a byte-order mark."""
    from urllib.parse import unquote

    v = visit()
    v.open(PAGES[0])
    hrefs = v.page.eval_on_selector_all("a.rb-download[href^='data:text/csv']", "els => els.map(a => a.href)")
    assert len(hrefs) >= 4, f"{PAGES[0]}: expected chart, figure and derived CSV downloads, got {len(hrefs)}"
    for href in hrefs:
        text = unquote(href.split(",", 1)[1])
        assert text.startswith("\ufeff"), f"CSV without BOM: {text[:40]!r}"
    assert any("工商税收" in unquote(h) for h in hrefs)
