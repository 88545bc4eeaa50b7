# Veiviser: `make run` serves the app, `make test` runs the whole suite.
# Both work from a fresh clone with nothing installed by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test install install-test catalogs messages chromium screenshots bench-bytes bench-load bench-lighthouse fuzz clean

run: install catalogs
	$(FLASK) setup
	@echo "Veiviser on http://$(HOST):$(PORT)/  (staff: http://$(HOST):$(PORT)/staff/login)"
	SESSION_COOKIE_SECURE=0 $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: install-test catalogs chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

# After changing user-visible strings: extract them, then merge into every catalog.
messages: install
	$(BIN)/pybabel -q extract -F i18n/babel.cfg --no-location --sort-output -o i18n/messages.pot .
	$(BIN)/pybabel -q extract -F i18n/babel-staff.cfg --no-location --sort-output -o i18n/staff.pot .
	$(FLASK) translations update

# Browser tests use Debian's Chromium (never a downloaded browser), the QR tests
# zbar, and the translator-exchange test GNU gettext's msgfmt.
chromium:
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null && ldconfig -p | grep -q libzbar || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libzbar0 gettext; }

screenshots: install-test catalogs chromium
	@fc-list | grep -qi "Noto Sans Ethiopic" || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core; }
	$(BIN)/python -m scripts.screenshots
	VEIVISER_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/test_editor_browser.py tests/test_checkin_browser.py tests/test_feedback_browser.py

# What keeping the site offline costs a phone, in bytes (see docs/benchmarks.md).
bench-bytes: install-test catalogs chromium
	$(BIN)/python -m scripts.bench_bytes ar ti

# 500 phones syncing 10 items each against gunicorn + PostgreSQL, and gunicorn
# against nginx serving the same bytes (installs wrk and nginx-light if missing).
bench-load: install-test catalogs
	$(BIN)/python -m scripts.bench_load

# Lighthouse (mobile, simulated throttling) on 8 pages in ar and ti; installs
# Lighthouse into .cache/ with npm (and Node.js from Debian if missing).
bench-lighthouse: install-test catalogs
	$(BIN)/python -m scripts.bench_lighthouse

# The long API fuzz: 1,000 valid and 1,000 invalid generated requests (CI runs 100 of each).
fuzz: install-test catalogs
	VEIVISER_FUZZ_EXAMPLES=1000 $(BIN)/python -m pytest -q -s tests/test_api_fuzz.py

clean:
	rm -rf $(VENV) instance
