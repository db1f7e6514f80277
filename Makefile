# Two commands on a fresh machine with Python 3.11 and make:  make site  and  make test.
# make site installs only what building needs (requirements/build.txt); make test adds the test tools
# (requirements/test.txt, the same pins plus the tests' own) and the npm packages. Both lists are locked
# with hashes from pyproject.toml by `make lock`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUILD_STAMP := $(VENV)/.installed-build
STAMP := $(VENV)/.installed
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r

.PHONY: site test check serve bench lock clean

site: $(BUILD_STAMP)
	$(BIN)/python build.py build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(BUILD_STAMP)
	$(BIN)/python build.py check

serve: $(BUILD_STAMP)
	$(BIN)/python build.py serve

bench: $(STAMP)
	$(BIN)/python bench/run.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Building only: no test runner, browser driver or linter.
$(BUILD_STAMP): requirements/build.txt | $(BIN)/python
	$(PIP_INSTALL) requirements/build.txt
	touch $(BUILD_STAMP)

# Testing: test.txt holds every pin of build.txt, so it satisfies the build stamp too.
$(STAMP): requirements/test.txt package-lock.json | $(BIN)/python
	$(PIP_INSTALL) requirements/test.txt
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	else echo "npm not found: the Nu HTML Checker and axe-core tests will be skipped"; fi
	touch $(BUILD_STAMP) $(STAMP)

# Re-locks both lists from pyproject.toml, keeping every pin that still fits (add --upgrade-package NAME
# to UV_FLAGS to move one). test.txt is resolved first; build.txt is constrained by it, so the packages
# the two share are at the same versions. uv runs from a throwaway venv, never from .venv.
LOCK_VENV := $(or $(TMPDIR),/tmp)/compendium-lock
UV := $(LOCK_VENV)/bin/uv
LOCK := $(UV) pip compile --quiet --generate-hashes --python-version 3.11.5 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" $(UV_FLAGS)

lock:
	test -x $(UV) || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet uv==0.13.8; }
	$(LOCK) pyproject.toml --extra test -o requirements/test.txt
	$(LOCK) pyproject.toml -c requirements/test.txt -o requirements/build.txt

clean:
	rm -rf site .pytest_cache
