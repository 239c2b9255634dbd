# The two commands that matter: `make run` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export CHATR_HOME ?= instance

.PHONY: run test test-fast lint fmt bench chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.runtime-installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime-installed chromium
	$(BIN)/python -m chatr init --demo --if-missing
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port 8501

# Debian's chromium: charts in decks and reports, and the end-to-end tests (Playwright's own
# browser download cannot work here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.dev-installed chromium
	$(BIN)/python -m pytest -q

# Everything but the browser tests, for a quick loop while coding.
test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q -m "not e2e"

# The performance benchmark at 1k / 100k / 1M responses (about 20 minutes on 2 cores; not part of `test`).
# Writes bench/results.md and bench/results.json; generated exports are kept in bench/out/.
bench: $(VENV)/.dev-installed chromium
	$(BIN)/python -m bench.run

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
