# Two commands for a new user: `make run` and `make test`. Each sets up .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1

.PHONY: run test test-fast eval eval-dev eval-test lint clean-data
CORPUS ?= ../shared/corpus

$(BIN)/sitrep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first; anything that depends on torch then accepts it.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## Start the chat and the HTTP API on http://127.0.0.1:7860/ (ingests the example reports
## into ./data first when the library is empty).
run: $(BIN)/sitrep
	$(BIN)/sitrep serve --seed examples/reports

## Run the test suite (tests on the real corpus need ../shared/corpus; they skip without it).
test: $(BIN)/sitrep
	$(BIN)/pytest -q

## Run the fast part alone: no model loaded, no corpus read (about 20 s).
test-fast: $(BIN)/sitrep
	$(BIN)/pytest -q -m "not model and not corpus"

## Evaluate on the fixed CI subset of the test split; fails when a metric falls below evals/thresholds.toml.
eval: $(BIN)/sitrep
	$(BIN)/sitrep eval --questions evals/questions/test --reports $(CORPUS) --subset evals/split/ci-test.txt \
		--thresholds evals/thresholds.toml --out eval-ci.json --report eval-ci.md

## The dev and the test questions over the whole corpus (one library, built once in $(DATA)).
DATA ?= eval-data
eval-dev: $(BIN)/sitrep
	$(BIN)/sitrep eval --questions evals/questions/dev --reports $(CORPUS) --data $(DATA) \
		--out eval-dev.json --report eval-dev.md
eval-test: $(BIN)/sitrep
	$(BIN)/sitrep eval --questions evals/questions/test --reports $(CORPUS) --data $(DATA) \
		--out eval-test.json --report eval-test.md

lint: $(BIN)/sitrep
	$(BIN)/ruff check app ingest index evals tests
	$(BIN)/mypy app ingest index evals

clean-data:
	rm -rf data
