# Two commands do all set-up on a fresh machine:
#   make build   installs what is needed and builds the bundled example into build/
#   make test    installs what is needed and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test setup system-packages lint format bench template schema-check fuzz lock clean

# The bundled examples: the Vienna report in build/, the Geneva one (UPR, Slovenia 2019) in
# build-upr-slovenia-2019/ (an output folder of its own: reportkit replaces build/ whole).
build: setup
	$(BIN)/reportkit build --registry registry
	$(BIN)/reportkit build --content examples/upr-slovenia-2019 --out build-upr-slovenia-2019

test: setup
	$(BIN)/ruff check src tests bench templates scripts
	$(BIN)/pytest

# Bytecode for reportkit's own modules, as pip writes it for installed packages: an editable install
# leaves it to the first run, which never writes it where PYTHONDONTWRITEBYTECODE is set, and then
# every command compiles the whole package again (about a fifth of a cold build). Only stale files
# are recompiled.
setup: system-packages $(INSTALLED)
	@$(BIN)/python -m compileall -q src/reportkit

system-packages:
	@bash scripts/install-system-packages.sh

# The lock file pins every package; the project itself is installed editable on top, without resolving again.
$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
		|| $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(INSTALLED)

lint: setup
	$(BIN)/ruff check src tests bench templates scripts
	$(BIN)/ruff format --check src tests bench templates scripts

format: setup
	$(BIN)/ruff format src tests bench templates scripts

bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/bench_duplicates.py
	$(BIN)/python bench/bench_import.py

# The UN reference document is made by a script; rerun it after changing templates/make_template.py.
template: setup
	$(BIN)/python templates/make_template.py

# The fast yes/no schema check is generated from the schema; rerun it after changing the schema.
schema-check: setup
	$(BIN)/python scripts/make_schema_check.py

# Fuzz the pipeline for longer than CI does (thousands of generated drafts), and kill 200 builds.
fuzz: setup
	$(BIN)/pytest tests/test_fuzz.py --hypothesis-profile=deep -p no:cacheprovider
	REPORTKIT_KILLS=200 $(BIN)/pytest tests/test_output_folder.py -k killed -p no:cacheprovider -s

# The two locks, made by uv from pyproject.toml's ranges (needs the network); rerun after changing the
# dependencies. requirements.lock pins development and tests (extra `test`), what `make build` and
# `make test` install; requirements-users.lock pins, with hashes, only what `pip install reportkit`
# brings, at the same versions. Locked versions are kept; `make lock UPGRADE=1` takes the newest
# within the ranges.
UV_VERSION := 0.13.9
LOCK_OPTIONS := --universal --python-version 3.11 --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)
lock: $(INSTALLED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip compile --quiet pyproject.toml --extra test $(LOCK_OPTIONS) -o requirements.lock
	$(BIN)/uv pip compile --quiet pyproject.toml --generate-hashes --constraint requirements.lock \
		$(LOCK_OPTIONS) -o requirements-users.lock

clean:
	rm -rf build .pytest_cache
