# Two commands on a fresh machine with Python 3.11 and make:  make site  and  make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check serve clean

site: $(STAMP)
	$(BIN)/python build.py build

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/python build.py check

serve: $(STAMP)
	$(BIN)/python build.py serve

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

clean:
	rm -rf site .pytest_cache
