# Two set-up commands: `make run` and `make test`. Everything else is installed from here.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/propose_bench.py
	$(BIN)/python bench/export_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/window_bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
