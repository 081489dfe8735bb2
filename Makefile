# One command sets everything up and runs: `make run` (the suite against the embedded defaults)
# or `make test` (unit tests, step checks and the whole suite).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BEHAVE := $(PY) -m behave
ARGS   ?=
# Unit tests run in parallel processes (pytest-xdist); TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= 2

.PHONY: venv run test unit dry-run docs docs-check bench coverage clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## run: the acceptance suite against the embedded reference CSMS; JUnit in reports/junit/
run: venv
	rm -rf reports/junit && mkdir -p reports/junit
	$(BEHAVE) $(ARGS)

## test: unit tests, no undefined steps, a current step catalog, then the whole suite
test: venv unit dry-run docs-check run coverage

unit: venv
	$(PY) -m pytest -q -n $(TEST_WORKERS) tests

dry-run: venv
	$(BEHAVE) --dry-run --no-junit --format null --no-summary

docs: venv
	$(PY) tools/stepdoc.py

docs-check: venv
	$(PY) tools/stepdoc.py --check

coverage: venv
	@if [ -f ../shared/tools/coverage.py ]; then \
	  $(PY) ../shared/tools/coverage.py --junit reports/junit \
	    --require csms-ocpp201 --require csms-ocpp16 --require station-ocpp201-e2e && \
	  $(PY) ../shared/tools/coverage.py --junit reports/junit | awk \
	    '$$1 == "station-ocpp16-octt" && $$2 == "TOTAL" { found = 1; print; if ($$5 < 30) { print "fewer than 30 passing station-ocpp16-octt cases"; exit 1 } } \
	     END { if (!found) { print "no station-ocpp16-octt row"; exit 1 } }'; \
	else echo "../shared/tools/coverage.py not found: catalog coverage not checked"; fi

## bench: wall time and per-scenario times of the suite against the embedded defaults
bench: venv
	$(PY) tools/bench.py $(ARGS)

clean:
	rm -rf reports .pytest_cache
