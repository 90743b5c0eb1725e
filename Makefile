# Two set-up commands: `make run` and `make test`. Everything else is installed from here.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

BUILD_STAMP := $(VENV)/.installed-build

.PHONY: run test bench bench-binary binary binary-test package clean

# Debian and Ubuntu ship venv's pip (ensurepip) apart, in pythonX.Y-venv: installed with apt-get
# like Qt's libraries below, or one line with the command. Only a venv with pip counts: a failed
# one is removed, and a half-made one left by an earlier failure is made again.
$(BIN)/pip:
	@$(PYTHON) packaging/system_deps.py --venv
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# Qt's system libraries (xcb, GL, fonts): installed with apt-get, or one line with the command.
# It takes ~0.1 s when nothing is missing, so run and test check again each time.
SYSTEM_DEPS := $(BIN)/python packaging/system_deps.py --install

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/pip
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(SYSTEM_DEPS)
	touch $(STAMP)

$(BUILD_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,build]'
	touch $(BUILD_STAMP)

run: $(STAMP)
	@$(SYSTEM_DEPS)
	$(BIN)/python main.py

test: $(STAMP)
	@$(SYSTEM_DEPS)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/propose_bench.py
	$(BIN)/python bench/proposals_bench.py --split test
	$(BIN)/python bench/export_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/window_bench.py
	$(BIN)/python bench/concurrency_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/windows_and_propose.py

# Bundle size and start-up of the frozen app against `python main.py` (needs `make binary`).
bench-binary: binary
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/start_bench.py

# One-folder build in dist/annotary/ (build.spec).
binary: $(BUILD_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec

# Linux packages from the build: dist/annotary-VERSION-linux-x86_64.tar.gz and the .deb.
package: binary
	$(BIN)/python packaging/build_packages.py

# The frozen app's selftest, then the .deb installed into a temporary root and tested there.
binary-test: package
	QT_QPA_PLATFORM=offscreen ANNOTARY_HOME=$$(mktemp -d) dist/annotary/annotary selftest
	packaging/test_deb.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache
