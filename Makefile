# Two commands on a fresh machine: `make book`, then `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Stamp file: the venv is (re)installed only when the pins or the package metadata change.
INSTALLED := $(VENV)/.installed
BOOK_FLAGS := -n -W --keep-going

.PHONY: book test bench lint lab serve clean chromium

$(INSTALLED): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

book: $(INSTALLED)
	$(BIN)/jupyter-book build . $(BOOK_FLAGS)

test: $(INSTALLED) chromium
	$(BIN)/python -m pytest

# Browser tests drive Debian's Chromium (Playwright cannot download a browser here), or the
# browser PORTFOLIO_CHROMIUM names (CI on GitHub's runners); installed only when missing.
chromium:
	@sh .ci/install-chromium

# Loader throughput, cold build vs rebuild, Lighthouse; results in benchmarks/results/*.json.
bench: $(INSTALLED) chromium
	@test -x benchmarks/node_modules/.bin/lighthouse || npm ci --prefix benchmarks --no-audit --no-fund
	$(BIN)/python -m benchmarks

# The hooks in .pre-commit-config.yaml are local: they find the venv's pinned tools on PATH.
lint: $(INSTALLED)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/pre-commit run --all-files

# Open the notebooks in JupyterLab with the project's kernel (jupytext opens the .md notebooks).
lab: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	$(BIN)/jupyter lab chapters/

# Build, serve on http://127.0.0.1:$(PORT), rebuild on every save and reload the browser
# (sphinx-autobuild, with the Sphinx configuration of _config.yml: analysis/cli/serve.py).
PORT ?= 8000
serve: $(INSTALLED)
	$(BIN)/python -m analysis.cli.serve --port $(PORT)

clean:
	rm -rf _build
