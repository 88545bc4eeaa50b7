"""Load benchmark: 2,000 phones (BENCH_PHONES), each syncing 10 queued items
(a check-in, a feedback on the meeting, eight feedbacks on pages or the
centre), through make serve's stack (nginx, gunicorn, PostgreSQL) on this
machine's cores, after 100 uncounted phones that warm every worker up. Half
of the phones send their batch a second time, as a phone does when an
answer was lost. Then the rows are counted: 0 errors, 0 lost, 0 duplicated.
The same rows through plain psycopg ``executemany`` are the ceilings; the
CPU that gunicorn, PostgreSQL and nginx spent per phone shows where the
time goes, and the database's share against the ceiling's is what more app
servers cannot change (docs/deploy.md: app servers scale out, the database
is the one stateful part).

Also: requests per second for the content manifest and a saved page from
gunicorn, side by side with nginx (Debian's package) serving the same bytes
as static files, as a ratio.

Run: make bench-load   (PostgreSQL from BENCH_DATABASE_URL or TEST_DATABASE_URL,
default postgresql://postgres@127.0.0.1:5432/test, in its own schema).
Traffic goes to 127.0.0.1 only; every loop is bounded.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import httpx
import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from models import CheckIn, Feedback, Meeting, Page
from models.db import make_engine
from scripts.serve import start_stack
from scripts.system import ensure_command, wait_for_port
from tests.live_server import migrate_and_seed
from webapp.checkin import codes

ROOT = Path(__file__).resolve().parents[1]
PHONES = int(os.environ.get("BENCH_PHONES", "2000"))
WARM_UP_PHONES = 100  # not counted: every worker compiles and prepares its statements first
ITEMS_PER_PHONE = 10
RESENDING_SHARE = 0.5
CONCURRENT_PHONES = 50  # connections open at once
CLIENT_PROCESSES = 2
WRK_SECONDS = 5
SCHEMA = "veiviser_bench"
CEILING_SCHEMA = "veiviser_bench_ceiling"
SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(schema: str = SCHEMA) -> str:
    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get(
        "TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
    )
    engine = make_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


# The server's own capacity is measured here, not the budgets that turn a flood away.
NO_BUDGETS = {"SYNC_BUDGETS": "sync=1e9/1e6 open=1e9/1e6 meeting=1e9/1e6"}


def start_gunicorn(url: str, port: int, workers: int, folder: Path, env: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "HOST": "127.0.0.1", "PORT": str(port),
           "WEB_CONCURRENCY": str(workers), "SESSION_COOKIE_SECURE": "0", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "gunicorn.log", "w"),
    )
    wait_for_port(port)
    return process


# --- the phones ---------------------------------------------------------------


def phone_batches(meeting_id: int, pages: list[str], phones: int) -> list[list[dict]]:
    key = codes.derive_key(SECRET)
    code = codes.sign(key, meeting_id, codes.window_at(dt.datetime.now(dt.UTC)))
    batches = []
    for phone in range(phones):
        items = [
            {"type": "checkin", "body": {"code": code, "pseudonym": uuid.uuid4().hex * 2}},
            {"type": "feedback", "body": {"target": "meeting", "centre": "demo", "meeting": meeting_id,
                                          "attendee": uuid.uuid4().hex * 2, "rating": 1 + phone % 5,
                                          "interpreter": "yes", "lang": "ar", "code": code}},
        ]
        for n in range(ITEMS_PER_PHONE - 2):
            if n % 2:
                body = {"target": "page", "centre": "demo", "page": pages[(phone + n) % len(pages)], "rating": 4,
                        "lang": "ti"}
            else:
                body = {"target": "centre", "centre": "demo", "comment": f"phone {phone} item {n}", "lang": "so"}
            items.append({"type": "feedback", "body": body})
        for item in items:
            item["id"] = str(uuid.uuid4())
        batches.append(items)
    return batches


def run_phones(port: int, batches: list[list[dict]]) -> tuple[list[float], list[str]]:
    """Every phone sends its batch (half of them twice, as when an answer was
    lost), CONCURRENT_PHONES at a time, from CLIENT_PROCESSES processes of
    threads with plain keep-alive connections: the load generator shares the
    machine, so it should cost it little."""
    bodies = [json.dumps({"items": items}).encode() for items in batches]
    resending = int(len(bodies) * RESENDING_SHARE)
    shares = [[(n, bodies[n], 2 if n < resending else 1) for n in range(k, len(bodies), CLIENT_PROCESSES)]
              for k in range(CLIENT_PROCESSES)]
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        done = list(pool.map(_phones, [port] * CLIENT_PROCESSES, shares))
    return [t for latencies, _ in done for t in latencies], [e for _, errors in done for e in errors]


def _phones(port: int, phones: list[tuple[int, bytes, int]]) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    waiting = iter(phones)
    lock = threading.Lock()

    def connection() -> None:
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                phone = next(waiting, None)
            if phone is None:
                break
            number, body, sends = phone
            for _ in range(sends):
                started = time.perf_counter()
                try:
                    client.request("POST", "/api/v1/sync", body, {"Content-Type": "application/json"})
                    response = client.getresponse()
                    answer = response.read()
                except (OSError, http.client.HTTPException) as error:
                    errors.append(f"phone {number}: {type(error).__name__}")
                    client.close()
                    continue
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    errors.append(f"phone {number}: HTTP {response.status}")
                elif {r["status"] for r in json.loads(answer)["results"]} != {"ok"}:
                    errors.append(f"phone {number}: {answer[:200]!r}")
        client.close()

    threads = [threading.Thread(target=connection) for _ in range(CONCURRENT_PHONES // CLIENT_PROCESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def stored_rows(engine, meeting_id: int) -> tuple[int, int]:
    """(check-ins at the meeting, feedback rows) in the database now."""
    with Session(engine) as session:
        checkins = session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.meeting_id == meeting_id))
        return checkins, session.scalar(select(func.count()).select_from(Feedback))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- where the CPU goes -------------------------------------------------------------


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) used so far by the processes of each part
    of the stack, read from /proc: gunicorn, PostgreSQL, nginx. A process
    that ended since the last reading is not in it (the stack's processes
    live for the whole run; PostgreSQL's backends for gunicorn's pooled
    connections too)."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {"gunicorn": 0.0, "postgres": 0.0, "nginx": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        program = command.split(" ", 1)[0]  # a PostgreSQL backend names itself "postgres: ..."
        part = ("gunicorn" if "gunicorn" in command else "postgres" if "postgres" in program
                else "nginx" if program.startswith("nginx") else None)
        if part is not None:
            used[part] += (int(fields[11]) + int(fields[12])) / tick
    return used


def cpu_per(before: dict[str, float], after: dict[str, float], count: int) -> dict[str, float]:
    """Milliseconds of CPU per request (or per phone), by part."""
    return {part: 1000 * (after[part] - before[part]) / count for part in before}


# --- gunicorn against nginx -----------------------------------------------------


def throughput(url: str) -> float:
    """Requests per second from wrk (Debian's package): a load generator in C,
    so the figure is the server's, not a Python client's."""
    ensure_command("wrk", "wrk")
    result = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENT_PHONES}", f"-d{WRK_SECONDS}s", "-H", "Accept-Encoding: gzip", url],
        check=True, capture_output=True, text=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("Requests/sec:"))
    if "Non-2xx" in result.stdout:
        raise RuntimeError(f"{url} answered errors under load:\n{result.stdout}")
    return float(line.split()[1])


async def warm_up(base: str) -> None:
    """Every worker loads the app and opens its database connections first."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await asyncio.gather(*(client.get("/ar/demo/") for _ in range(40)))


def start_nginx(folder: Path, files: dict[str, bytes], port: int) -> subprocess.Popen:
    ensure_command("nginx", "nginx-light")
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # nginx's workers run as an unprivileged user
    root = folder / "www"
    for path, body in files.items():  # the snapshot's names: a/ -> a/index.html, a/b -> a/b.html
        target = root / (path.lstrip("/") + ("index.html" if path.endswith("/") else ".html"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        target.with_name(target.name + ".gz").write_bytes(gzip.compress(body, compresslevel=9))  # as published
    config = folder / "nginx.conf"
    config.write_text(f"""
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/tmp; proxy_temp_path {folder}/tmp; fastcgi_temp_path {folder}/tmp;
  uwsgi_temp_path {folder}/tmp; scgi_temp_path {folder}/tmp;
  default_type text/html;  # a saved page has no extension
  types {{ application/json json; }}
  gzip_static on;  # the same precompressed files as the snapshot
  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ try_files $uri.html ${{uri}}index.html =404; }} }}
}}
""")
    (folder / "tmp").mkdir(exist_ok=True)
    process = subprocess.Popen(["nginx", "-c", str(config), "-g", "daemon off;"])
    wait_for_port(port)
    return process


CEILING_STATEMENTS = (  # (rows, table, statement)
    ("receipts", "sync_receipts",
     'INSERT INTO sync_receipts (key, "check", result, received_on) VALUES (%s, %s, %s, %s)'),
    ("checkins", "checkins", 'INSERT INTO checkins (id, meeting_id, pseudonym, "window", arrived_live, received_on) '
                 "VALUES (%s, %s, %s, %s, %s, %s)"),
    ("attendees", "feedback_receipts", "INSERT INTO feedback_receipts (meeting_id, attendee) VALUES (%s, %s)"),
    ("feedback", "feedback", "INSERT INTO feedback (id, centre_id, meeting_id, page_id, target, rating, comment, lang, "
                 "received_on, comment_hidden, handled) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, false, false)"),
)


def ceiling_rows(url: str, batches: list[list[dict]], meeting_id: int) -> list[dict[str, list[tuple]]]:
    """For each phone, the rows its batch leaves in the database: a receipt
    per item, its check-in, its attendee receipt, its feedback."""
    engine = make_engine(url)
    with engine.connect() as connection:
        centre_id = connection.scalar(text("SELECT id FROM centres LIMIT 1"))
        page_ids = dict(connection.execute(text("SELECT slug, id FROM pages")).all())
    engine.dispose()
    today = dt.date.today()
    phones = []
    for items in batches:
        rows: dict[str, list[tuple]] = {name: [] for name, _, _ in CEILING_STATEMENTS}
        for item in items:
            rows["receipts"].append((uuid.uuid4().hex * 2, uuid.uuid4().hex * 2, "accepted", today))
            body = item["body"]
            if item["type"] == "checkin":
                rows["checkins"].append((str(uuid.uuid4()), meeting_id, body["pseudonym"], 1, True, today))
                continue
            if body["target"] == "meeting":
                rows["attendees"].append((meeting_id, body["attendee"]))
            rows["feedback"].append((str(uuid.uuid4()), centre_id, body.get("meeting"), page_ids.get(body.get("page")),
                                     body["target"], body.get("rating"), body.get("comment"), body["lang"], today))
        phones.append(rows)
    return phones


def executemany_ceilings(batches: list[list[dict]], meeting_id: int) -> tuple[float, float, float]:
    """Items per second when the same rows go in with plain psycopg
    executemany into an empty copy of the schema: what the database alone can
    take. Two ways: all phones' rows in one transaction; and each phone's
    rows in a transaction of its own, from CONCURRENT_PHONES connections at
    once, as a sync server must (a phone deletes an item only once its
    batch is committed)."""
    ceiling_url = database_url(CEILING_SCHEMA)
    migrate_and_seed(ceiling_url)
    phones = ceiling_rows(ceiling_url, batches, meeting_id)
    items = sum(len(batch) for batch in batches)
    conninfo = make_engine(ceiling_url).url.set(drivername="postgresql").render_as_string(hide_password=False)

    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        started = time.perf_counter()
        for name, _, statement in CEILING_STATEMENTS:
            cursor.executemany(statement, [row for rows in phones for row in rows[name]])
        connection.commit()
        one_transaction = items / (time.perf_counter() - started)
        for _, table, _ in CEILING_STATEMENTS:  # empty again for the second way
            cursor.execute(f"DELETE FROM {table}")
        connection.commit()

    waiting = iter(phones)
    lock = threading.Lock()

    def phones_on(connection: psycopg.Connection) -> None:
        with connection.cursor() as cursor:
            while True:
                with lock:
                    rows = next(waiting, None)
                if rows is None:
                    return
                for name, _, statement in CEILING_STATEMENTS:
                    if rows[name]:
                        cursor.executemany(statement, rows[name])
                connection.commit()

    # Connected first and closed after the CPU reading: a backend that ended is not in it.
    connections = [psycopg.connect(conninfo) for _ in range(CONCURRENT_PHONES)]
    threads = [threading.Thread(target=phones_on, args=(connection,)) for connection in connections]
    started, cpu_before = time.perf_counter(), cpu_seconds()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed, cpu_after = time.perf_counter() - started, cpu_seconds()
    for connection in connections:
        connection.close()
    return one_transaction, items / elapsed, cpu_per(cpu_before, cpu_after, len(phones))["postgres"]


def main() -> None:
    cores = os.cpu_count() or 2
    workers = 2 * cores + 1  # gunicorn's rule of thumb
    url = database_url()
    migrate_and_seed(url)
    engine = make_engine(url)
    with Session(engine) as session:
        now = dt.datetime.now(dt.UTC)
        meeting_id = next(m.id for m in session.scalars(select(Meeting)) if m.checkin_opens <= now <= m.checkin_closes)
        pages = list(session.scalars(select(Page.slug).where(Page.published.is_(True))))
    folder = Path(tempfile.mkdtemp(prefix="veiviser-bench-"))
    port, upstream = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "WEB_CONCURRENCY": str(workers),
           "SESSION_COOKIE_SECURE": "0", "PUBLISHED_DIR": str(folder / "published"), "TRUSTED_PROXIES": "1",
           **NO_BUDGETS}
    nginx, gunicorn = start_stack(env, str(port), str(upstream), folder, access_log=False)
    base = f"http://127.0.0.1:{port}"  # everything through nginx, as in production (make serve)
    try:
        batches = phone_batches(meeting_id, pages, PHONES)
        asyncio.run(warm_up(base))
        run_phones(port, phone_batches(meeting_id, pages, WARM_UP_PHONES))  # each worker prepares its statements
        stored_before = stored_rows(engine, meeting_id)
        started, cpu_before = time.perf_counter(), cpu_seconds()
        latencies, errors = run_phones(port, batches)
        elapsed = time.perf_counter() - started
        cpu = cpu_per(cpu_before, cpu_seconds(), PHONES)
        checkins, feedback = (after - before for after, before in
                              zip(stored_rows(engine, meeting_id), stored_before, strict=True))
        expected_feedback = PHONES * (ITEMS_PER_PHONE - 1)
        items_per_second = PHONES * ITEMS_PER_PHONE / elapsed
        all_at_once, per_phone, ceiling_database_cpu = executemany_ceilings(batches, meeting_id)
        print(f"machine: {cores} cores (shared by nginx, gunicorn, PostgreSQL and the load generator); "
              f"make serve's setup: nginx in front, gunicorn with {workers} gthread workers, PostgreSQL; "
              f"{CONCURRENT_PHONES} phones connected at once")
        print(f"sync: {PHONES} phones x {ITEMS_PER_PHONE} items, {int(PHONES * RESENDING_SHARE)} of them sent twice: "
              f"{len(latencies)} requests in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} requests/s, "
              f"{items_per_second:,.0f} new items/s")
        print(f"  executemany ceilings (the same rows, plain psycopg): one transaction for all phones "
              f"{all_at_once:,.0f} items/s, sync / ceiling = {items_per_second / all_at_once:.2f}; a transaction "
              f"per phone, {CONCURRENT_PHONES} connections {per_phone:,.0f} items/s, sync / ceiling = "
              f"{items_per_second / per_phone:.2f} (target >= 0.3)")
        print(f"  CPU per phone (its batch, sent twice by half of them): gunicorn {cpu['gunicorn']:.1f} ms, "
              f"PostgreSQL {cpu['postgres']:.1f} ms, "
              f"nginx {cpu['nginx']:.1f} ms; PostgreSQL in the per-phone ceiling {ceiling_database_cpu:.1f} ms "
              f"(the database is the one part more app servers do not relieve: ceiling / sync in its CPU "
              f"= {ceiling_database_cpu / cpu['postgres']:.2f})")
        print(f"  latency: p50 {percentile(latencies, .5) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, .95) * 1000:.0f} ms, p99 {percentile(latencies, .99) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms")
        print(f"  errors: {len(errors)}{' ' + '; '.join(errors[:5]) if errors else ''}")
        print(f"  rows: check-ins {checkins} of {PHONES}, feedback {feedback} of {expected_feedback} -> "
              f"lost {max(0, PHONES - checkins) + max(0, expected_feedback - feedback)}, "
              f"duplicated {max(0, checkins - PHONES) + max(0, feedback - expected_feedback)}")

        paths = {"home": "/ar/demo/", "page": "/ar/demo/pages/frikort"}
        with httpx.Client(base_url=base) as client:
            files = {path: client.get(path, headers={"Accept-Encoding": "identity"}).content for path in paths.values()}
            held = client.get("/ar/demo/offline.json").json()["v"]
        paths["pack check (app)"] = f"/ar/demo/pack?since={held}"
        nginx_port = free_port()
        static = start_nginx(folder / "static-nginx", files, nginx_port)
        try:
            for name, path in paths.items():
                ours = throughput(base + path)
                if path in files:
                    plain = throughput(f"http://127.0.0.1:{nginx_port}{path}")
                    print(f"{name} ({path}, {len(files[path]):,} B): make serve {ours:,.0f} req/s, "
                          f"nginx static {plain:,.0f} req/s, ratio {ours / plain:.2f} (target >= 0.8)")
                else:
                    print(f"{name} ({path}): {ours:,.0f} req/s")
        finally:
            static.terminate()
            static.wait(timeout=10)
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            process.wait(timeout=30)
        engine.dispose()
    if errors or checkins != PHONES or feedback != expected_feedback:
        sys.exit(1)

if __name__ == "__main__":
    main()
