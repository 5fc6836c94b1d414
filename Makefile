# Build and test the book.
#
#   make book     (re)create .venv if needed, re-execute stale notebooks, build the HTML book
#   make test     (re)create .venv if needed, unit tests + nbval over the notebooks, build
#   make execute  re-execute every notebook, stale or not
#   make clean    remove _build
#
# Once .venv exists nothing here touches the network (checked with `unshare -n make test`).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := book
.DELETE_ON_ERROR:

VENV := .venv
PY := $(VENV)/bin/python
# The stamp records the sha256 of the files that define the environment; when they
# change, .venv is rebuilt from scratch so it never drifts from what they pin.
STAMP := $(VENV)/.requirements.sha256
ENV_FILES := requirements.txt constraints.txt pyproject.toml
# Prefer python3.11 by name; plain python3 is accepted only if it is 3.11 too (checked below).
BOOT_PYTHON := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)

NOTEBOOKS := $(wildcard chapters/*.ipynb)
BUILD_BOOK := $(VENV)/bin/jupyter-book build . -W --keep-going --all

# Make kernels, nbval and the build deterministic and independent of the user's setup,
# so that stored notebook outputs reproduce byte for byte.
export PYTHONHASHSEED := 0
export TZ := UTC
export LC_ALL := C.UTF-8
# One BLAS/OpenMP thread: float reductions then add up in the same order on every
# machine, and parallel notebooks do not oversubscribe the cores.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
# Keep the user's ~/.ipython startup files, ~/.jupyter config and matplotlibrc out of
# the kernels; these folders live inside .venv and go away with it.
export IPYTHONDIR := $(CURDIR)/$(VENV)/etc/ipython
export JUPYTER_CONFIG_DIR := $(CURDIR)/$(VENV)/etc/jupyter
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/etc/matplotlib
export JUPYTER_PLATFORM_DIRS := 1
# debugpy (inside ipykernel) warns about frozen modules on every kernel start.
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PIP_NO_INPUT := 1

.PHONY: book test execute bench clean bootstrap

bootstrap: $(STAMP)

# A real file target: skipped while the stamp is newer than the files it covers. When
# only their timestamps changed (a checkout), the hashes still match and the stamp is
# just touched.
$(STAMP): $(ENV_FILES)
	@want="$$(sha256sum $(ENV_FILES))"; \
	if [ -x $(PY) ] && [ -f $@ ] && [ "$$(cat $@)" = "$$want" ]; then \
	  touch $@; exit 0; \
	fi; \
	if [ -z "$(BOOT_PYTHON)" ]; then echo "error: python3.11 not found" >&2; exit 1; fi; \
	if ! $(BOOT_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
	  echo "error: $(BOOT_PYTHON) is Python $$($(BOOT_PYTHON) -c 'import platform; print(platform.python_version())'); the book needs 3.11" >&2; \
	  exit 1; \
	fi; \
	echo "bootstrap: creating $(VENV) with $(BOOT_PYTHON) from $(ENV_FILES)"; \
	rm -rf $(VENV); \
	$(BOOT_PYTHON) -m venv $(VENV); \
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt; \
	mkdir -p $(IPYTHONDIR) $(JUPYTER_CONFIG_DIR) $(MPLCONFIGDIR); \
	printf '%s\n' "$$want" > $@.tmp; \
	mv $@.tmp $@

book: $(STAMP)
	$(PY) tools/execute.py
	$(BUILD_BOOK)

# nbval re-runs every notebook and compares each code cell's stored text outputs with
# fresh ones (images are not compared by nbval); the kernel is this venv's python.
# pytest's exit code 5 (nothing collected) fails the target like any other.
test: $(STAMP)
	@if [ -z "$(NOTEBOOKS)" ]; then echo "error: no notebooks in chapters/" >&2; exit 1; fi
	@$(PY) tools/execute.py --check || { echo "error: the notebooks above are stale: run make book and commit them" >&2; exit 1; }
	$(PY) -m pytest --nbval --nbval-current-env tests $(NOTEBOOKS) \
	  || { rc=$$?; if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; fi; exit $$rc; }
	$(BUILD_BOOK)

execute: $(STAMP)
	$(PY) tools/execute.py --force

# Speed, measured not asserted: the full export on a million-word corpus (the seeds
# varied word by word, no sentence repeated, plus run-on documents), with the default
# --jobs and with --jobs 1, stage by stage, against one textstat.flesch_reading_ease pass.
bench: $(STAMP)
	$(PY) tools/bench.py

clean:
	rm -rf _build
