# xuncha — everything a developer or CI runs. Needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(abspath $(BIN))/uv
export UV_PYTHON := $(BIN)/python

.PHONY: demo serve test test-fast lint fmt messages requirements bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python requirements/bootstrap.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/bootstrap.txt
	touch $@

$(VENV)/.base: $(UV) requirements/base.txt pyproject.toml
	$(UV) pip sync --quiet requirements/base.txt
	$(UV) pip install --quiet --no-deps -e .
	rm -f $(VENV)/.dev
	touch $@

# Front-end files fetched at build time, checked against pinned hashes (xuncha/core/vendor.py).
ECHARTS := src/xuncha/core/static/xuncha/echarts.min.js
$(ECHARTS): src/xuncha/core/vendor.py | $(VENV)/.base
	$(BIN)/python -m xuncha.core.vendor

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(UV) pip sync --quiet requirements/dev.txt
	$(UV) pip install --quiet --no-deps -e .
	touch $@

## demo: create the environment, migrate var/xuncha.sqlite3, load demo data once, serve :8000
demo: $(VENV)/.base $(ECHARTS)
	@mkdir -p var
	$(BIN)/xuncha migrate --no-input -v 0
	$(BIN)/xuncha collectstatic --no-input -v 0
	$(BIN)/xuncha seed_demo --if-empty
	XUNCHA_DEBUG=1 $(BIN)/xuncha runserver 127.0.0.1:8000

## test: the whole suite (unit, integration, browser), one worker per core (pytest-xdist)
TEST_WORKERS ?= auto
test: $(VENV)/.dev $(ECHARTS)
	$(BIN)/xuncha collectstatic --no-input -v 0
	$(BIN)/pytest -n $(TEST_WORKERS)

test-fast: $(VENV)/.dev
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser" -x -q

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: extract and compile the zh-hans translation (needs GNU gettext)
messages: $(VENV)/.dev
	cd src/xuncha && ../../$(BIN)/xuncha makemessages -l zh_Hans --no-obsolete --no-location -i "*/migrations/*"
	cd src/xuncha && ../../$(BIN)/xuncha compilemessages -l zh_Hans

## requirements: re-pin dependencies with hashes (no download addresses are recorded)
requirements:
	cd requirements && $(UV) pip compile --python-version 3.11 --generate-hashes --no-header -q bootstrap.in -o bootstrap.txt
	cd requirements && $(UV) pip compile --python-version 3.11 --generate-hashes --no-header -q ../pyproject.toml -o base.txt
	cd requirements && $(UV) pip compile --python-version 3.11 --generate-hashes --no-header -q --extra dev ../pyproject.toml -o dev.txt

bench: $(VENV)/.dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/static
