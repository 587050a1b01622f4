# The two commands (each does all setup on a fresh machine with Python 3.11+ and Node.js 18+; npm
# brings the real Customer.io SDK for the demo and the tests' fixtures, the build needs Python only):
#   make demo [PORT=8000]   build if needed and serve the demo site on 127.0.0.1
#   make test               run every test: unit (CPython) and end-to-end in Chromium, and the
#                           engine-wide ones in Firefox ESR and WebKitGTK too (tests/engines/run.py);
#                           ENGINES="chromium" (or any of chromium firefox webkit) runs fewer engines
# `make dist` rebuilds dist/ from source after a change.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
ENGINES ?= chromium firefox webkit

.PHONY: demo test dist browser engines

demo: $(VENV)/.installed node_modules/.installed
	$(PY) -m heldback demo --port $(PORT)

test: $(VENV)/.installed node_modules/.installed browser engines
	$(PY) -m tests.engines.run $(ENGINES)

dist: $(VENV)/.installed
	$(PY) -m heldback build

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium when we may install it (CI runs as root); otherwise Playwright's own Chromium.
browser: $(VENV)/.installed
	@if command -v chromium >/dev/null 2>&1 || [ -n "$$CMP_CHROMIUM" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else $(PY) -m playwright install chromium; fi

# Firefox ESR and WebKitGTK, from Debian's packages (tests/engines): installed with apt-get where we
# may (CI runs as root), else a clear error. Playwright's driver is patched for Firefox ESR.
FIREFOX_PACKAGES := $(if $(filter firefox,$(ENGINES)),firefox-esr)
WEBKIT_PACKAGES := $(if $(filter webkit,$(ENGINES)),webkit2gtk-driver xvfb)
engines: $(VENV)/.installed
	@missing="$$(for p in $(FIREFOX_PACKAGES) $(WEBKIT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done)"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "make test needs the Debian packages: $$missing (install them, or run make test ENGINES=chromium)" >&2; exit 1; fi
	$(if $(FIREFOX_PACKAGES),$(PY) -m tests.engines.firefox)
