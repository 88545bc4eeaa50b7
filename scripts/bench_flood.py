"""Flood benchmark: one client sends to the sync API as fast as it can while
staff work and a resident's phone sends feedback, against gunicorn with the
embedded SQLite database (the weaker case: one writer at a time).

What it shows (docs/robustness.md):
- how many rows the flood stores (the budgets say: at most 60 per centre at
  once, then 1 every 20 seconds) and what share of its requests get 429;
- staff sign-in and page saves during the flood: how many succeed (of 20
  each) and how long they take;
- a real phone's feedback (Debian's Chromium, the real outbox) sent during
  the flood arrives, exactly once, honouring Retry-After.

Two runs: with the budgets as shipped, and with them switched off
(SYNC_BUDGETS=huge), to show what they prevent. Only 127.0.0.1; every loop is
bounded by FLOOD_SECONDS (default 30).

Run: make bench-flood
"""
from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Feedback, Page
from models.db import make_engine
from scripts.bench_load import NO_BUDGETS, SECRET, free_port, start_gunicorn
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, PHONE, migrate_and_seed
from webapp import create_app
from webapp.staff.accounts import create_user

SECONDS = float(os.environ.get("FLOOD_SECONDS", "30"))
FLOOD_CONNECTIONS = 8  # one attacking machine, eight requests in flight at once
STAFF_ACTIONS = 20  # sign-ins, and page saves, spread over the flood
STAFF_PASSWORD = "lantern orchard pebble violin"
TOKEN = "name=\"csrf_token\" value=\""


@dataclass
class Figures:
    budgets: str
    requests: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    flood_rows: int = 0
    sign_ins: list[float] = field(default_factory=list)  # seconds, successful ones
    saves: list[float] = field(default_factory=list)
    staff_failures: list[str] = field(default_factory=list)
    phone_rows: int = 0
    phone_seconds: float | None = None  # from sending to stored

    @property
    def refused_share(self) -> float:
        return self.statuses.get(429, 0) / max(self.requests, 1)

    def lines(self) -> list[str]:
        staff = self.sign_ins + self.saves
        phone = f"{self.phone_seconds:.0f} s after it was sent" if self.phone_seconds is not None else "never"
        return [
            f"budgets: {self.budgets}",
            f"  flood: {self.requests} requests in {SECONDS:.0f} s ({self.requests / SECONDS:.0f}/s), "
            f"statuses {dict(sorted(self.statuses.items()))}, 429 share {self.refused_share:.1%}",
            f"  rows the flood stored: {self.flood_rows} ({self.flood_rows * 60 / SECONDS:.0f} a minute)",
            f"  staff sign-ins: {len(self.sign_ins)}/{STAFF_ACTIONS}, page saves: {len(self.saves)}/{STAFF_ACTIONS}"
            + (f", median {statistics.median(staff) * 1000:.0f} ms, slowest {max(staff) * 1000:.0f} ms"
               if staff else ""),
            *(f"  staff failure: {failure}" for failure in self.staff_failures[:5]),
            f"  the phone's feedback: stored {self.phone_rows} time(s), {phone}",
        ]


# --- the parties ------------------------------------------------------------------------


async def flood(base: str, figures: Figures, until: float) -> None:
    """As fast as it can: 1-item batches (each may take the last token) and
    50-item batches of feedback on the demo centre and its pages."""
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=FLOOD_CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def connection(number: int) -> None:
            sent = 0
            while time.monotonic() < until:
                size = 50 if sent % 2 else 1
                items = [{"id": str(uuid.uuid4()), "type": "feedback",
                          "body": {"target": "centre", "centre": "demo", "lang": "ar", "rating": 1,
                                   "comment": f"flood {number}-{sent}-{n}"}} for n in range(size)]
                try:
                    response = await client.post("/api/v1/sync", json={"items": items})
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError:
                    statuses[0] = statuses.get(0, 0) + 1
                sent += 1

        await asyncio.gather(*(connection(n) for n in range(FLOOD_CONNECTIONS)))
    figures.statuses = statuses
    figures.requests = sum(statuses.values())


def staff_work(base: str, page_id: int, figures: Figures, started: float) -> None:
    """A nurse signs in and saves a page, STAFF_ACTIONS times, spread evenly over the flood."""
    for n in range(STAFF_ACTIONS):
        time.sleep(max(0.0, started + (n + 0.5) * SECONDS / STAFF_ACTIONS - time.monotonic()))
        with httpx.Client(base_url=base, timeout=30) as client:
            try:
                token = _token(client.get("/staff/login").text)
                began = time.perf_counter()
                signed_in = client.post("/staff/login", data={"email": "nurse@flood.example",
                                                               "password": STAFF_PASSWORD, "csrf_token": token})
                if signed_in.status_code != 302:
                    figures.staff_failures.append(f"sign-in {n}: HTTP {signed_in.status_code}")
                    continue
                figures.sign_ins.append(time.perf_counter() - began)
                token = _token(client.get(f"/staff/pages/{page_id}").text)
                began = time.perf_counter()
                saved = client.post(f"/staff/pages/{page_id}/source", data={
                    "title": "Frikort", "body": f"Saved during the flood, {n}.", "minor": "1", "csrf_token": token})
                if saved.status_code != 302:
                    figures.staff_failures.append(f"page save {n}: HTTP {saved.status_code}")
                    continue
                figures.saves.append(time.perf_counter() - began)
            except httpx.HTTPError as error:
                figures.staff_failures.append(f"{n}: {type(error).__name__}")


def _token(html: str) -> str:
    start = html.index(TOKEN) + len(TOKEN)
    return html[start:html.index('"', start)]


def phone_sends_feedback(browser, base: str, comment: str):
    """A resident's phone, a third into the flood: the feedback form, as a person uses it."""
    context = browser.new_context(**PHONE)
    phone = context.new_page()
    phone.goto(base + "/en/demo/feedback")
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    phone.fill("#comment", comment)
    phone.click("[data-feedback-form] button[type=submit]")
    phone.locator("[data-feedback-done]").wait_for()
    return context, phone


# --- one run ----------------------------------------------------------------------------


def run(budgets: dict | None, folder: Path, browser) -> Figures:
    url = f"sqlite:///{folder / 'flood.db'}"
    migrate_and_seed(url)
    engine = make_engine(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET}, instance_path=str(folder / "instance"))
    with app.app_context(), Session(engine) as session:
        create_user(session, "nurse@flood.example", role="nurse", password=STAFF_PASSWORD)
        page_id = session.scalar(select(Page.id).where(Page.slug == "frikort"))
        session.commit()
        before = session.scalar(select(func.count()).select_from(Feedback))
    port = free_port()
    server = start_gunicorn(url, port, workers=2, folder=folder, env=budgets)
    base = f"http://127.0.0.1:{port}"
    figures = Figures(budgets["SYNC_BUDGETS"] if budgets else "as shipped")
    comment = f"A real phone during the flood {uuid.uuid4()}"
    try:
        started = time.monotonic()
        until = started + SECONDS
        staff = threading.Thread(target=staff_work, args=(base, page_id, figures, started))
        staff.start()
        flooding = threading.Thread(target=lambda: asyncio.run(flood(base, figures, until)))
        flooding.start()
        time.sleep(SECONDS / 3)
        sent_at = time.monotonic()
        context, phone = phone_sends_feedback(browser, base, comment)
        flooding.join()
        staff.join()
        # After the flood, the phone's outbox gets its turn (Retry-After, then backoff).
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and phone.evaluate("VeiviserOutbox.count()") > 0:
            phone.wait_for_timeout(500)
        with Session(engine) as session:
            figures.phone_rows = session.scalar(select(func.count()).where(Feedback.comment == comment))
            if figures.phone_rows:
                figures.phone_seconds = time.monotonic() - sent_at
            stored = session.scalar(select(func.count()).select_from(Feedback))
            figures.flood_rows = stored - before - figures.phone_rows
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        engine.dispose()
    return figures


def main() -> int:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n, budgets in enumerate([None, NO_BUDGETS]):
            folder = Path(tmp) / f"run-{n}"
            folder.mkdir()
            figures = run(budgets, folder, browser)
            print("\n".join(figures.lines()), flush=True)
            results.append(figures)
        browser.close()
    shipped = results[0]
    ok = (shipped.flood_rows <= allowed_rows() and shipped.statuses.get(429, 0) > 0 and shipped.phone_rows == 1
          and len(shipped.sign_ins) == len(shipped.saves) == STAFF_ACTIONS)
    print(f"flood stored {shipped.flood_rows} rows (budget {allowed_rows():.0f}); "
          f"acceptance {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def allowed_rows() -> float:
    """The budgets as shipped: 60 at once for the centre, then 1 every 20 seconds."""
    return 60 + SECONDS / 20 + 1


if __name__ == "__main__":
    sys.exit(main())
