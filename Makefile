# Two commands on a fresh machine: `make book`, then `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Stamp file: the venv is (re)installed only when the pins or the package metadata change.
INSTALLED := $(VENV)/.installed
LAB_INSTALLED := $(VENV)/.lab-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
BOOK_FLAGS := -n -W --keep-going

.PHONY: book test test-unit bench bench-realworld fuzz lint lab serve clean chromium node-tools

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

book: $(INSTALLED)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

# The notebook tests drive JupyterLab too, so the test venv has it.
test: $(INSTALLED) $(LAB_INSTALLED) chromium node-tools
	$(BIN)/python -m pytest

# The fast loop: tests/unit only, no book build and no browser (about a minute).
test-unit: $(INSTALLED)
	$(BIN)/python -m pytest tests/unit

# Browser tests drive Debian's Chromium (Playwright cannot download a browser here), or the
# browser PORTFOLIO_CHROMIUM names (CI on GitHub's runners); installed only when missing.
chromium:
	@sh .ci/install-chromium

# Pinned npm tools (benchmarks/package.json): Lighthouse for `make bench`, the Nu HTML Checker
# (vnu.jar, run with the machine's Java 17+) for the tests. No install scripts: vnu-jar's would
# download a Java runtime.
node-tools:
	@test -x benchmarks/node_modules/.bin/lighthouse -a -f benchmarks/node_modules/vnu-jar/build/dist/vnu.jar || npm ci --prefix benchmarks --no-audit --no-fund --ignore-scripts

# Loader throughput, sync of a 300-work record, cold build vs rebuild, Lighthouse; results in
# benchmarks/results/*.json.
bench: $(INSTALLED) chromium node-tools
	$(BIN)/python -m benchmarks

# What the loader makes of real researchers' .bib files, one row a file:
#   make bench-realworld DIR=../shared/realworld   (owners: benchmarks/realworld_owners.yaml,
#   venues grouped by hand: benchmarks/venue_groups/; BUILD=1 also builds a book of each file)
bench-realworld: $(INSTALLED)
	@test -n "$(DIR)" || { echo "usage: make bench-realworld DIR=folder-of-bib-files"; exit 2; }
	$(BIN)/python -m benchmarks.realworld $(DIR) $(if $(BUILD),--build)

# Mutants of real BibTeX shapes through check and add: counts of runs, tracebacks, hangs and
# silent drops (benchmarks/results/fuzz.json). Seeds: DIR's .bib files (default: tests/fixtures/fuzz).
#   make fuzz [DIR=folder-of-bib-files] [MUTANTS=5000]
MUTANTS ?= 5000
fuzz: $(INSTALLED)
	$(BIN)/python -m benchmarks.fuzz $(DIR) --mutants $(MUTANTS)

# The hooks in .pre-commit-config.yaml are local: they find the venv's pinned tools on PATH.
lint: $(INSTALLED)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files

# JupyterLab (pinned) and its settings: Markdown files open as notebooks through jupytext, as on
# Binder (binder/postBuild installs the same overrides.json).
$(LAB_INSTALLED): $(INSTALLED) requirements-lab.txt binder/overrides.json
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	mkdir -p $(dir $(LAB_SETTINGS))
	cp binder/overrides.json $(LAB_SETTINGS)
	touch $@

# JupyterLab at the book's root (references.bib, _config.yml and analysis/ in reach), opened on
# the first analysis notebook. Containers run as root, where Jupyter needs --allow-root.
lab: $(LAB_INSTALLED)
	$(BIN)/jupyter lab --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/chapters/publication-record.md \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_FLAGS)

# Build, serve on http://127.0.0.1:$(PORT), rebuild on every save and reload the browser
# (sphinx-autobuild, with the Sphinx configuration of _config.yml: analysis/cli/serve.py).
PORT ?= 8000
serve: $(INSTALLED)
	$(BIN)/python -m analysis.cli.serve --port $(PORT)

clean:
	rm -rf _build
