"""Lighthouse (the npm package, mobile preset with simulated throttling) in
Debian's Chromium on home, an info page, the meetings page and the check-in
page, in Arabic and Tigrinya, against gunicorn on a freshly seeded SQLite
database. Prints the scores and, for anything short of the targets, what
Lighthouse blames. Targets: performance >= 98, accessibility 100, best
practices 100. Exits non-zero when one is missed.

Run: make bench-lighthouse   (installs Lighthouse 12 into .cache/lighthouse
with npm on first use, and Node.js from Debian when there is none).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.bench_load import free_port, start_gunicorn
from scripts.system import ensure_command
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, migrate_and_seed

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
VERSION = "12.8.2"  # the newest that runs on Debian 12's Node.js 18
PAGES = ("", "pages/frikort", "meetings", "checkin")
LANGUAGES = ("ar", "ti")
TARGETS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0}


def install_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    ensure_command("node", "nodejs")
    ensure_command("npm", "npm")
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(LIGHTHOUSE_DIR),
                    f"lighthouse@{VERSION}"], check=True)


def audit(url: str, report: Path, tries: int = 3) -> dict:
    """One Lighthouse run; again when Lighthouse itself fails to record a
    trace (it says so: "Please run Lighthouse again"), at most ``tries`` times."""
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
               "--only-categories=performance,accessibility,best-practices", "--output=json",
               f"--output-path={report}", "--quiet"]
    for attempt in range(1, tries + 1):
        if subprocess.run(command, timeout=180).returncode == 0:
            return json.loads(report.read_text())
        print(f"    (Lighthouse failed on {url}, attempt {attempt} of {tries})")
    raise RuntimeError(f"Lighthouse could not audit {url}")


def shortfalls(result: dict) -> list[str]:
    found = []
    for category in result["categories"].values():
        for ref in category["auditRefs"]:
            item = result["audits"][ref["id"]]
            if ref.get("weight") and item.get("score") is not None and item["score"] < 1:
                found.append(f"{category['id']}: {ref['id']} {item.get('displayValue', '')} (score {item['score']})")
    return found


def main() -> None:
    install_lighthouse()
    folder = Path(tempfile.mkdtemp(prefix="veiviser-lighthouse-"))
    url = f"sqlite:///{folder / 'lighthouse.db'}"
    migrate_and_seed(url)
    port = free_port()
    server = start_gunicorn(url, port, workers=2, folder=folder)
    missed = False
    try:
        print(f"{'page':28} {'perf':>5} {'a11y':>5} {'best':>5}")
        for lang in LANGUAGES:
            for path in PAGES:
                target = f"http://127.0.0.1:{port}/{lang}/demo/{path}"
                result = audit(target, folder / "report.json")
                scores = {name: result["categories"][name]["score"] for name in TARGETS}
                print(f"{'/' + lang + '/demo/' + path:28} "
                      + " ".join(f"{round(scores[name] * 100):>5}" for name in TARGETS))
                if any(scores[name] < TARGETS[name] for name in TARGETS):
                    missed = True
                    for line in shortfalls(result):
                        print(f"    {line}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("targets: performance >= 98, accessibility 100, best practices 100:", "MISSED" if missed else "met")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
