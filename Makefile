# Two commands for users: `make report` and `make test`. Everything else is for developers.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
STORE  := data/store.duckdb

.PHONY: report test check setup sample bench bench-all tools browser libreoffice clean-venv lint

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# uv (from PyPI, pinned in constraints.txt) installs the same pinned versions as pip in about half the time (parallel
# downloads, installs and byte-compilation: docs/performance.md, session 11); pip does it when uv cannot be had or
# fails. Both leave the packages byte-compiled, as every process of a run or a test imports them.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	@echo "Installing the environment into $(VENV) (under a minute, once) ..."
	@{ $(BIN)/python -m pip install --quiet -c constraints.txt uv 2>/dev/null && \
	   $(BIN)/python -m uv pip install --quiet --compile-bytecode --python $(BIN)/python -c constraints.txt -e '.[dev]'; } || \
	 { echo "uv could not install the environment: pip does it instead"; \
	   $(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'; }
	$(BIN)/python -m ipykernel install --sys-prefix --name tipmonitor --display-name "tipmonitor (Python 3.11)" >/dev/null
	@touch $(STAMP)

# The environment's Jupyter settings: HTML export with the offline template, no Jupyter news (tools/jupyter_env.py).
JUPYTER_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
$(JUPYTER_SETTINGS): $(STAMP) lib/tipmonitor/tools/jupyter_env.py
	$(BIN)/python -m tipmonitor.tools.jupyter_env >/dev/null

# The library's own modules byte-compiled (only those changed since: a fraction of a second): every notebook kernel
# and command imports them, and where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE, as on this
# workplace's machines) each process would compile them again (about 0.2 s of CPU each, hundreds in make test).
setup: $(STAMP) $(JUPYTER_SETTINGS)
	@$(BIN)/python -m compileall -q lib >/dev/null || true  # only a speed-up: make lint and the tests name a module that does not compile

# The sample data is committed; this regenerates it only when missing.
sample: $(STAMP)
	@test -f data/sample/cases.csv || $(BIN)/tipmonitor sample --out data/sample

# The main job: the sample's submissions go into the store through the same path as a unit's
# files (only when there is no store yet), then the full report of the latest complete period
# (left as it is if it exists: `tipmonitor run --latest --force` makes it again).
report: setup sample
	@test -f $(STORE) || $(BIN)/tipmonitor load-sample --store $(STORE)
	$(BIN)/tipmonitor run --latest --keep-existing

# The browser checks drive Debian's chromium (never a downloaded browser), the official report's PDF checks render
# the .docx with Debian's LibreOffice (writer, no GUI): what is missing of the two is installed here, in one apt-get
# (two at once would fight over dpkg's lock; each alone if that fails), when we are root (as in CI); otherwise those tests are skipped with a
# message. `make browser` and `make libreoffice` ask for one of them.
DEBIAN_TOOLS ?= chromium:chromium soffice:libreoffice-writer-nogui
tools:
	@missing=""; for tool in $(DEBIAN_TOOLS); do command -v $${tool%%:*} >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; done; \
	 [ -z "$$missing" ] || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && apt-get update -qq >/dev/null 2>&1 && \
	   { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	     for package in $$missing; do DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package >/dev/null 2>&1; done; }; }; \
	 for tool in $(DEBIAN_TOOLS); do command -v $${tool%%:*} >/dev/null 2>&1 || \
	   echo "Could not install $${tool#*:}: the checks that need it will be skipped"; done
browser:
	@$(MAKE) --no-print-directory tools DEBIAN_TOOLS=chromium:chromium
libreoffice:
	@$(MAKE) --no-print-directory tools DEBIAN_TOOLS=soffice:libreoffice-writer-nogui

# The static gate: ruff (pyflakes, pycodestyle errors, bugbear) and mypy over the library; make test runs it beside the suite.
lint: setup
	$(BIN)/ruff check lib tests bench scripts
	$(BIN)/mypy

# The suite on every core (pytest-xdist: one worker per CPU; PYTEST_WORKERS=0 runs it in one process); each
# test module stays on one worker, so its shared fixtures are made once, longest modules first (tests/conftest.py).
PYTEST_WORKERS ?= logical
# One BLAS thread per process: the workers and the kernels they start already fill the cores, and OpenBLAS's own
# threads only wait for each other (public editions 12 % less CPU at load 13: docs/performance.md, session 10).
# The environment and the Debian tools are installed side by side (make -j2: pip/uv and apt-get wait on different
# things); the static checks (make lint) run beside the suite, their output printed after it, and either failing
# fails make test. On a fresh clone this saves about half a minute (docs/performance.md, session 11).
test:
	@$(MAKE) --no-print-directory -j2 setup tools
	@$(MAKE) --no-print-directory lint >.lint.log 2>&1 & lint=$$!; \
	 OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q --durations=15 -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder; \
	 tests=$$?; wait $$lint; linted=$$?; echo "--- make lint (ruff, mypy), run beside the tests:"; cat .lint.log; rm -f .lint.log; \
	 [ $$linted = 0 ] || echo "make lint failed (above): make test fails"; [ $$tests = 0 ] && [ $$linted = 0 ]

# The fast lane for developers: everything not marked slow (no notebooks, browsers, sample store,
# subprocesses, long property runs or tests of more than about a second of CPU), about 105 s of CPU over the
# cores (docs/performance.md). CI runs `make test`: everything.
check: setup
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -q -m "not slow" -n $(PYTEST_WORKERS) --dist loadscope --no-loadscope-reorder

# Issue #24's figures side by side in one command (about 11 minutes on a quiet 2-core machine): load-sample bulk
# against one Store.ingest at a time, the rebuild of its archive, a quarter's 150 unit files both ways, and the
# 2026-Q3 run against papermill + nbconvert one notebook at a time (20 pages measured, the whole estimated).
bench: setup
	$(BIN)/python -m bench.run --only intake
	$(BIN)/python -m bench.quarter --cli-pages 20

# Every benchmark (an hour or more: the engine at 10^4..10^7 rows, 12 GB of memory at 10^7, ingest of 10^6 rows,
# the 2024-Q4 and post-reform runs, the pages, the intake; then every page of 2026-Q3 one by one).
bench-all: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.quarter

clean-venv:
	rm -rf $(VENV)
