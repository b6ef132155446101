"""Screenshots of the main pages at 1440 and 390 px into docs/screenshots/.

Start Twofold with the demo organisation first (``./scripts/serve`` or ``twofold serve --port
8123``; the demo is deterministic, so the ids below name the same records), then run
``.venv/bin/python scripts/screenshots.py [BASE_URL]`` from the checkout. Each line printed
gives the page's scroll width: wider than the viewport means the page scrolls sideways.
"""

import sys

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
PAGES = [
    ("admin", "home", "/"),
    ("admin", "leads", "/sales/leads/"),
    ("bdm", "board", "/sales/board/"),
    ("admin", "deals", "/sales/deals/"),
    ("admin", "deal", "/sales/deals/120/"),
    ("am", "portfolio", "/accounts/"),
    ("admin", "account-page", "/accounts/1/"),
    ("admin", "handovers", "/handovers/"),
    ("admin", "handover", "/handovers/1/"),
    ("admin", "search", "/search/?q=logistics"),
    ("admin", "settings", "/settings/"),
]


def login(page, who):
    page.goto(BASE + "/login/")
    page.fill("input[name=username]", f"{who}@demo.twofold.test")
    page.fill("input[name=password]", "handover-2026")
    page.click("button[type=submit]")
    page.wait_for_load_state()


with sync_playwright() as p:
    b = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    for width, height in ((1440, 900), (390, 844)):
        ctxs = {}
        for who, name, url in PAGES:
            if who not in ctxs:
                ctxs[who] = b.new_context(viewport={"width": width, "height": height})
                pg = ctxs[who].new_page()
                login(pg, who)
                ctxs[who] = (ctxs[who], pg)
            ctx, pg = ctxs[who]
            r = pg.goto(BASE + url)
            pg.wait_for_load_state()
            sw = pg.evaluate("document.documentElement.scrollWidth")
            pg.screenshot(path=f"docs/screenshots/{name}-{width}.png")
            print(width, name, r.status, "scrollWidth", sw)
    b.close()
