# CNN workshop: one command to present, one to test.  Run `make` for the list.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
# The environment is rebuilt only when the pins change: the stamp is named after their checksum.
REQ_SUM := $(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
STAMP := $(VENV)/.installed-$(REQ_SUM)
PORT ?= 8888
LAB_ARGS ?=
TEST_ARGS ?=
# nbval in strict mode: every stored output must be reproduced, after the masks in the .cfg.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

SLIDES_PORT ?= 8000
# npm packages for the offline decks, pinned by slides/package-lock.json; reinstalled when it changes.
NODE_STAMP := slides/node_modules/.installed-$(shell cksum < slides/package-lock.json | cut -d' ' -f1)

.PHONY: help env lab slides slides-build handouts learner learner-test test test-notebook lint unit notebooks nav figures bench clean

help: ## Show the targets.
	@echo "CNN workshop notebooks. Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'
	@echo "Data folder: WORKSHOP_DATA=$${WORKSHOP_DATA:-<unset>}"

env: $(STAMP) ## Create or update .venv from requirements.txt (idempotent).

$(STAMP):
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else \
	  f"Python 3.11 is required, found {v[0]}.{v[1]} at {sys.executable}. Install python3.11, \
	  run make PYTHON=/path/to/python3.11, or use: conda env create -f environment.yml")'
	@echo "Building $(VENV) from requirements.txt (first run: a few minutes)..."
	@# Built as $(VENV).new and swapped in only when complete; offline, the old one stays.
	@tools/build_env.sh venv "$(PYTHON)" "$(VENV)" "$@"

lab: $(STAMP) ## Start JupyterLab with RISE on notebooks/ (Alt+R presents a notebook).
	@# A busy PORT moves to the next free one, and the address printed is the real one.
	$(BIN)/python -m tools.lab --port $(PORT) --args="$(LAB_ARGS)"

slides: slides-build ## Build the offline reveal.js decks and serve them on 127.0.0.1.
	$(BIN)/python -m tools.slides serve --port $(SLIDES_PORT)

slides-build: $(STAMP) $(NODE_STAMP) ## Build build/slides/ (one deck per notebook and index.html) only.
	$(BIN)/python -m tools.slides build

handouts: $(STAMP) $(NODE_STAMP) ## Handout PDFs (a slide and its notes per page) and contact sheets.
	$(BIN)/python -m tools.handouts

learner: $(STAMP) ## The learner's edition in build/learner/: solutions out, checks in (zip it).
	$(BIN)/python -m tools.learner

learner-test: $(STAMP) ## Run every learner notebook in full (make test runs the long ones reduced).
	LEARNER_FULL=1 $(BIN)/python -m pytest tests/test_learner.py -k "runs_and_every_check"

$(NODE_STAMP):
	@command -v npm >/dev/null || { \
	  echo "make slides needs Node.js and npm to install reveal.js, MathJax and the widget renderer"; \
	  echo "(pinned in slides/package-lock.json). Install them (Debian/Ubuntu: sudo apt install nodejs npm;"; \
	  echo "macOS: brew install node), then run the command again. Nothing was built."; exit 1; }
	@# Installed beside the old node_modules and swapped in only when complete.
	@tools/build_env.sh node slides "$@"

lint: $(STAMP) ## ruff over utils, tools, tests and notebooks.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check utils tools tests bench conftest.py

unit: $(STAMP) ## Unit tests only (fast).
	$(BIN)/pytest -n 2 --dist loadfile tests $(TEST_ARGS)  # one worker per file: the deck tests share build/slides

test: lint $(STAMP) $(NODE_STAMP) ## ruff, unit tests, browser tests of the slides, nbval over every notebook.
	$(BIN)/pytest -n 2 --dist loadfile $(NBVAL) tests notebooks $(TEST_ARGS)

test-notebook: $(STAMP) ## Re-run one notebook against its stored outputs: make test-notebook NB=01
	$(BIN)/pytest $(NBVAL) notebooks/$(NB)*.ipynb $(TEST_ARGS)

notebooks: $(STAMP) nav ## Re-execute every notebook in place, so stored outputs match CI.
	$(BIN)/python -m tools.notebooks execute notebooks/*.ipynb

nav: $(STAMP) ## Regenerate the index, navigation links and README notebook list.
	$(BIN)/python -m tools.navigation

figures: $(STAMP) ## Redraw every figure in img/ from tools/figures.py.
	$(BIN)/python -m tools.figures

bench: $(STAMP) ## Time our code against named references (TensorFlow); writes bench/results.json.
	$(BIN)/python -m bench

clean: ## Remove build outputs and caches (keeps .venv).
	rm -rf build .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
