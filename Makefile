# The two commands of the README:
#   make demo   installs everything and runs the main job on the shipped data
#   make test   installs everything (incl. Chromium for browser tests) and runs all tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test install system-deps bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# axe-core (npm registry, pinned in package.json / package-lock.json) for the accessibility checks of the browser tests
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	 else echo "npm not found: the browser tests' accessibility checks need it (Debian: apt-get install npm)" >&2; fi

system-deps:
	bash scripts/system-deps.sh

demo: install
	$(BIN)/multivector portfolio Kazakhstan --from 1991 --to 2014
	$(BIN)/multivector members SCO --year 2014
	$(BIN)/multivector hedging Kazakhstan,Kyrgyzstan,Tajikistan,Turkmenistan,Uzbekistan --year 2014 -b 200
	$(BIN)/multivector hedging Kazakhstan,Kyrgyzstan,Tajikistan,Turkmenistan,Uzbekistan --year 2018 -b 200
	$(BIN)/multivector tilt Kazakhstan --from 2012 --to 2018 --channel all -b 200
	$(BIN)/multivector rank --group post-soviet --measure joins --from 1992 --to 2014
	$(BIN)/multivector report Kazakhstan --from 1991 -o kazakhstan.html

test: install system-deps
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache node_modules
