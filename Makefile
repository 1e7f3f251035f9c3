# The commands of the README. Each creates .venv and installs exactly what requirements.lock pins.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := requirements.lock
# The Python the lock is resolved for (the lock's header names it too).
LOCK_PYTHON := 3.11.7
LOCKER := .venv-lock/bin/uv

.PHONY: book test test-fast check lock clean screenshots serve

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "reportbook needs Python 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/reportbook build

check: $(STAMP)
	$(BIN)/reportbook check

test: $(STAMP)
	$(BIN)/reportbook build --strict
	$(BIN)/python -m pytest

# Every page at desktop and phone width (390 px) into _build/screenshots/ (needs chromium).
screenshots: $(STAMP)
	$(BIN)/python -m reportbook.site.screenshots .

# The tests that build no notebook and no book (seconds, not minutes).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

# Regenerate requirements.lock after a change of pyproject.toml; versions already pinned stay
# unless asked: `make lock UPGRADE="--upgrade-package pandas"` (or UPGRADE=--upgrade for all).
lock: $(LOCKER)
	$(LOCKER) pip compile pyproject.toml --extra test --python-version $(LOCK_PYTHON) --generate-hashes \
		--custom-compile-command "make lock" $(UPGRADE) -o $(LOCK)

$(LOCKER):
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet uv

clean:
	rm -rf _build book/[0-9]*
