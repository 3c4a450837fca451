# Bootstraps .venv from the pinned requirements, then hands every target to
# invoke: `make X` runs `invoke X` (extra arguments: make X ARGS='...').
# The tasks themselves live in tasks.py.

PYTHON ?= python3

# Every file the site reads and writes is UTF-8, whatever this machine's locale
# says (a C/ASCII locale would otherwise make Python decode tool output as ASCII).
export PYTHONUTF8 := 1
VENV := .venv
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

# Targets that need only the runtime packages; everything else gets the test ones too.
RUNTIME_TARGETS := serve reserve livereload build rebuild regenerate clean preview new-post new-recap import-wordpress \
                   publish rollback gh-pages

.DEFAULT_GOAL := help

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt $(RUN_STAMP)
	$(VENV)/bin/python -m pip install --quiet -r requirements-test.txt
	touch $@

help: $(RUN_STAMP)
	$(VENV)/bin/invoke --list

$(RUNTIME_TARGETS): $(RUN_STAMP)
	$(VENV)/bin/invoke $@ $(ARGS)

%: $(TEST_STAMP)
	$(VENV)/bin/invoke $@ $(ARGS)

# Keep make from trying to build these files with the catch-all rule above.
Makefile requirements.txt requirements-test.txt: ;

.PHONY: help $(RUNTIME_TARGETS)
