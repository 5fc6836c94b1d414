# Build and test the book.
#
#   make book     (re)create .venv if needed, re-execute stale notebooks, build the HTML book
#   make test     (re)create .venv if needed, unit tests + nbval over the notebooks, build
#   make execute  re-execute every notebook, stale or not
#   make data     export the seeds' tables and datapackage.json for the site (_build/site/data)
#   make pdf      build the PDF (_build/latex/book.pdf, copied to _build/html/book.pdf) with xelatex
#   make test-browser  open every page of the book in headless Chromium and check it
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

.PHONY: book test execute bench clean bootstrap data pdf test-browser

bootstrap: $(STAMP)

# A real file target: skipped while the stamp is newer than the files it covers. When
# only their timestamps changed (a checkout), the hashes still match and the stamp is
# just touched. It also downloads the wheels of the package's declared dependencies
# (pyproject.toml, at the versions constraints.txt pins) into .venv/wheelhouse, so that
# tests/test_wheel.py installs the built package into a fresh environment offline.
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
	$(PY) -m pip download --quiet --disable-pip-version-check --dest $(VENV)/wheelhouse -c constraints.txt .; \
	mkdir -p $(IPYTHONDIR) $(JUPYTER_CONFIG_DIR) $(MPLCONFIGDIR); \
	printf '%s\n' "$$want" > $@.tmp; \
	mv $@.tmp $@

# The seeds' tables with their datapackage.json, published in the site as data/
# (html_extra_path in _config.yml copies _build/site into it; data.md lists them).
SITE_DATA := _build/site/data
data: $(STAMP)
	$(PY) -m analysis export --corpus seeds --out $(SITE_DATA) --quiet

book: $(STAMP) data
	$(PY) tools/execute.py
	$(BUILD_BOOK)

# nbval re-runs every notebook and compares each code cell's stored text outputs with
# fresh ones (images are not compared by nbval); the kernel is this venv's python.
# pytest's exit code 5 (nothing collected) fails the target like any other. After the
# build, tests/test_built_book.py checks the built pages' citation tags against
# CITATION.cff and the published data (it is skipped in the first run, without BUILT_BOOK).
test: $(STAMP) data
	@if [ -z "$(NOTEBOOKS)" ]; then echo "error: no notebooks in chapters/" >&2; exit 1; fi
	@$(PY) tools/execute.py --check || { echo "error: the notebooks above are stale: run make book and commit them" >&2; exit 1; }
	$(PY) -m pytest --nbval --nbval-current-env tests $(NOTEBOOKS) \
	  || { rc=$$?; if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests" >&2; fi; exit $$rc; }
	$(BUILD_BOOK)
	BUILT_BOOK=_build/html $(PY) -m pytest -p no:cacheprovider tests/test_built_book.py
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v xelatex >/dev/null; then \
	  $(MAKE) --no-print-directory test-browser; \
	elif [ -n "$${CI:-}" ]; then \
	  echo "error: CI must run the browser tests: chromium, chromedriver or xelatex is missing (.ci/run installs them)" >&2; exit 1; \
	else \
	  echo "notice: browser and PDF tests skipped: chromium, chromedriver or xelatex not installed (apt-get install -y chromium chromium-driver $(TEX_PACKAGES))"; \
	fi

execute: $(STAMP)
	$(PY) tools/execute.py --force

# Speed, measured not asserted: the full export on a million-word corpus (the seeds
# varied word by word, no sentence repeated, plus run-on documents), with the default
# --jobs and with --jobs 1, stage by stage, against one textstat.flesch_reading_ease pass.
bench: $(STAMP)
	$(PY) tools/bench.py

# The PDF: Sphinx's LaTeX writer and xelatex (latexmk), from the stored outputs, with no
# network. _toc_pdf.yml gives the PDF a root of its own so the introduction is one
# chapter. TEX_PACKAGES is the smallest set of Debian packages that builds it
# (installed with --no-install-recommends); FreeSerif/FreeSans/FreeMono (fonts-freefont-otf)
# are Sphinx's xelatex fonts and cover every character of the texts.
TEX_PACKAGES := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended fonts-freefont-otf latexmk poppler-utils

pdf: $(STAMP) data
	@missing=""; for tool in xelatex latexmk pdftotext fc-list; do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	if [ -z "$$missing" ] && ! fc-list : family | grep FreeSerif >/dev/null; then missing=" FreeSerif"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "error: make pdf needs$$missing; install: apt-get install -y --no-install-recommends $(TEX_PACKAGES)" >&2; exit 1; \
	fi
	$(VENV)/bin/jupyter-book build . --builder pdflatex --toc _toc_pdf.yml
	mkdir -p _build/html
	cp _build/latex/book.pdf _build/html/book.pdf
	BOOK_PDF=_build/latex/book.pdf $(PY) -m pytest tests/test_pdf.py -q -p no:cacheprovider

# Every page of the built book in headless Chromium (Debian's chromium and
# chromium-driver, driven by Selenium) at 1400 and 412 px: console, links, images,
# width, axe-core accessibility, offline search. Screenshots go to _build/screenshots/.
# Needs the PDF, which the book links.
test-browser: pdf
	$(VENV)/bin/jupyter-book build . -W --keep-going
	rm -rf _build/screenshots
	BOOK_HTML=_build/html $(PY) -m pytest tests/browser -q -p no:cacheprovider

clean:
	rm -rf _build

# For .ci/run: the Debian packages the PDF needs.
.PHONY: print-tex-packages
print-tex-packages:
	@echo $(TEX_PACKAGES)
