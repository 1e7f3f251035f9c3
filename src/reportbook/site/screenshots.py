"""Screenshots of every page of the built book, at desktop and phone width (`make screenshots`).

Serves `_build/html` from 127.0.0.1 (so search and charts work as for a reader), opens each
page in headless Chromium and writes `_build/screenshots/<page>-desktop.png` and `-phone.png`.
Needs the test extras (playwright) and Debian's chromium.
"""
from __future__ import annotations

import sys
from pathlib import Path

from reportbook.site.serve import serve

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def pages(html: Path) -> list[str]:
    """Every page of the book (not Sphinx's search and index pages)."""
    skip = {"search.html", "genindex.html"}
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                  if not p.relative_to(html).parts[0].startswith("_") and p.name not in skip)


def shoot(html: Path, out: Path) -> list[Path]:
    """Write each page's screenshots into `out`."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(html)
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for name, (width, height) in WIDTHS.items():
                for path in pages(html):
                    # A fresh tab per page: the theme restores the sidebar's scroll from the tab's
                    # session storage, which showed later pages with the sidebar cut off at the left.
                    page = browser.new_page(viewport={"width": width, "height": height})
                    page.goto(base + path, wait_until="load")
                    page.wait_for_timeout(400)  # charts draw after load
                    target = out / f"{path.replace('/', '-').removesuffix('.html')}-{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                    page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    for p in shoot(root / "_build" / "html", root / "_build" / "screenshots"):
        print(p)
