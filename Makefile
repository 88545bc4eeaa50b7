# Veiviser: `make run` serves the app, `make test` runs the whole suite.
# Both work from a fresh clone with nothing installed by hand. Only the Debian
# packages the tests need (chromium, libzbar0, gettext) need root; they are
# installed once, with sudo when you are not root.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT
FLASK := $(BIN)/flask --app wsgi
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_GET := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get

.PHONY: run serve test lint install install-test catalogs messages system-packages screenshots bench-bytes \
	bench-load bench-flood bench-display bench-lighthouse bench-search fuzz clean

run: install catalogs
	$(FLASK) setup
	@echo "Veiviser on http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/staff/login)"
	SESSION_COOKIE_SECURE=0 $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Production-shaped, on this machine: nginx serves the app files and the
# published pages, gunicorn the rest, PostgreSQL the data (docs/deploy.md).
serve: install catalogs
	$(BIN)/python -m scripts.serve

# The whole suite, on SQLite and, when TEST_DATABASE_URL is set, PostgreSQL: in
# PYTEST_WORKERS pytest-xdist processes (one per core), each test file on one
# worker (--dist loadfile, so a file's live server starts once). About 9 minutes
# on an idle 2-core machine with PostgreSQL (nearly twice that serially).
# PYTEST_ARGS come last and win: "-n 0" runs serially (for -s or --pdb).
PYTEST_WORKERS ?= 2
test: install-test catalogs system-packages lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

# The environment is rebuilt only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Compiled catalogs (.mo) are build output, made from the .po files.
catalogs: install
	$(FLASK) translations compile

# After changing user-visible strings: extract them, then merge them into
# every catalog. An unchanged tree stays unchanged.
messages: install
	$(FLASK) translations extract
	$(FLASK) translations update

# Browser tests use Debian's Chromium (never a downloaded browser), the QR
# tests zbar, the translator-exchange test GNU gettext's msgfmt, and the
# tests of make serve's front nginx-light.
HAVE_ZBAR := $(PYTHON) -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('zbar'))"
system-packages:
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null && command -v nginx >/dev/null && $(HAVE_ZBAR) || { \
	  echo "Installing Debian's chromium, libzbar0, gettext and nginx-light (needs root: $(or $(SUDO),as root) apt-get)"; \
	  $(APT_GET) update -qq && $(APT_GET) install -y -qq chromium libzbar0 gettext nginx-light; }

screenshots: install-test catalogs system-packages
	@fc-list | grep -qi "Noto Sans Ethiopic" || { $(APT_GET) update -qq && $(APT_GET) install -y -qq fonts-noto-core; }
	$(BIN)/python -m scripts.screenshots
	VEIVISER_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/content/test_editor_browser.py \
		tests/checkin/test_checkin_browser.py tests/feedback/test_feedback_browser.py \
		tests/places/test_places_offline_browser.py

# What keeping the site offline costs a phone, in bytes (see docs/benchmarks.md).
bench-bytes: install-test catalogs system-packages
	$(BIN)/python -m scripts.bench_bytes ar ti

# Search quality: 200+ residents' questions in 12 languages, each with the page
# that answers it (right page in the top 3 for >= 90 %, median <= 5 results;
# see docs/benchmarks.md). Server side; the phone ranks identically.
bench-search: install-test
	$(BIN)/python -m scripts.bench_search --misses

# 500 phones syncing 10 items each against gunicorn + PostgreSQL, and gunicorn
# against nginx serving the same bytes (installs wrk and nginx-light if missing).
bench-load: install-test catalogs
	$(BIN)/python -m scripts.bench_load

# A flood against the sync API while staff work and a phone sends, on SQLite
# (docs/robustness.md).
bench-flood: install-test catalogs system-packages
	$(BIN)/python -m scripts.bench_flood

# The host's display at three TV sizes: time to the first code, bytes.
bench-display: install-test catalogs system-packages
	$(BIN)/python -m scripts.bench_display

# Lighthouse (mobile, simulated throttling) on 8 pages in ar and ti; installs
# Lighthouse into .cache/ with npm (and Node.js from Debian if missing).
bench-lighthouse: install-test catalogs
	$(BIN)/python -m scripts.bench_lighthouse

# The long API fuzz: 1,000 valid and 1,000 invalid generated requests (CI runs 100 of each).
fuzz: install-test catalogs
	VEIVISER_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q -s tests/api/test_api_fuzz.py

clean:
	rm -rf $(VENV) instance
