# `make run` and `make test` work on a fresh machine: they create .venv and
# install on first use, then reuse it while pyproject.toml and
# constraints.txt are unchanged (the stamp file records that).

PYTHON ?= $(shell for p in python3.12 python3.11 python3.10 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3,10) <= sys.version_info[:2] <= (3,12))'; \
	then echo $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench demo clean

run: $(STAMP)
	$(BIN)/gmi

test: $(STAMP)
	$(BIN)/ruff check gmi tests scripts
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

# The fast lane while working: lint and every test not marked slow (under a
# minute). `make test` (what CI runs) is the whole suite.
.PHONY: test-fast
test-fast: $(STAMP)
	$(BIN)/ruff check gmi tests scripts
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -m "not slow"

# Style, and the layer rules of DESIGN.md section 2 (import-linter contracts in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check gmi tests scripts
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/gmi bench

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "GMI Trainer needs Python 3.10, 3.11 or 3.12; none was found." >&2; exit 1; }
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(not (3,10) <= sys.version_info[:2] <= (3,12))'; then \
		echo "Rebuilding $(VENV): its Python is not 3.10-3.12"; rm -rf $(VENV); fi
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
