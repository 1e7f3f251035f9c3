# The two commands of the README. Each creates .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test check clean screenshots serve

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "reportbook needs Python 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/reportbook build

check: $(STAMP)
	$(BIN)/reportbook check

test: $(STAMP)
	$(BIN)/reportbook build
	$(BIN)/python -m pytest

# Every page at desktop and phone width (390 px) into _build/screenshots/ (needs chromium).
screenshots: $(STAMP)
	$(BIN)/python -m reportbook.site.screenshots .

clean:
	rm -rf _build book/[0-9]*
