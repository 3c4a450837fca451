# Bootstraps .venv from the pinned requirements, then hands every target to
# invoke: `make X` runs `invoke X` (extra arguments: make X ARGS='...').
# The tasks themselves live in tasks.py.

PYTHON ?= python3

# Every file the site reads and writes is UTF-8, whatever this machine's locale
# says (a C/ASCII locale would otherwise make Python decode tool output as ASCII).
export PYTHONUTF8 := 1
# Python keeps the bytecode of what it imports (.venv and plugins/ __pycache__):
# packages are installed without it, and each module is compiled once, when first used.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

# Targets that need only the runtime packages; everything else gets the test ones too.
RUNTIME_TARGETS := serve reserve livereload build rebuild regenerate clean preview new-post new-recap import-wordpress \
                   publish rollback gh-pages

.DEFAULT_GOAL := help

# The venv gets no pip of its own: this Python's pip installs into it (pip --python),
# which saves copying and compiling a second pip. To add a package by hand:
# python3 -m pip --python .venv/bin/python install NAME==VERSION
INSTALL := $(PYTHON) -m pip --python $(VENV)/bin/python install --quiet --no-compile

$(VENV)/bin/python:
	$(PYTHON) -m venv --without-pip $(VENV)

$(RUN_STAMP): requirements.txt | $(VENV)/bin/python
	$(INSTALL) -r requirements.txt
	touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt $(RUN_STAMP)
	$(INSTALL) -r requirements-test.txt
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
