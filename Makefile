# One command sets everything up and runs: `make run` (the suite against the embedded defaults)
# or `make test` (unit tests, step checks and the whole suite).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BEHAVE := $(PY) -m behave
ARGS   ?=
REPORT ?=
# Load profile of `make bench` / `make load` (tools/load.py --help), e.g. the issue's target:
#   make load LOAD="--stations 5000 --interval 10 --duration 60 --p95-ms 100"
#   make load LOAD="--stations 1000 --cycles 5"
LOAD   ?= --stations 500 --interval 1 --duration 10
# Unit tests run in parallel processes (pytest-xdist; most of their time is waiting on sockets, so more
# processes than cores); TEST_WORKERS=0 runs them in this one.
TEST_WORKERS ?= 4
# Behave processes of `make run` (1: one process, one report page with every scenario)
JOBS ?= 1

.PHONY: venv run test unit dry-run docs docs-check bench load coverage clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

## run: the acceptance suite against the embedded reference CSMS; JUnit in reports/junit/, the page
## reports/report.html, a trace per scenario in reports/traces/ (docs/reports.md)
## JOBS=N (N > 1): N behave processes at once, the feature files shared out (tools/run_parallel.py): most
## of a scenario's time against the embedded systems is waiting on timers, so N processes take about 1/N
run: venv
	rm -rf reports/junit reports/traces && mkdir -p reports/junit
	@if [ "$(JOBS)" -gt 1 ] 2>/dev/null; then $(PY) tools/run_parallel.py --jobs $(JOBS) $(ARGS); \
	else $(BEHAVE) $(ARGS); fi

## report: the verdict table of the last run (reports/junit) per catalog and block, from docs/catalog/
## (standard library only: no venv needed); REPORT=--cases lists every case
report:
	@$(PYTHON) -m support.reports.verdicts --junit reports/junit $(REPORT)

## test: unit tests, no undefined steps, a current step catalog, few near-duplicate sentences, then the whole suite
test: venv unit dry-run docs-check steps-check run coverage

unit: venv
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist worksteal tests

dry-run: venv
	$(BEHAVE) --dry-run --no-junit --format null --no-summary

docs: venv
	$(PY) tools/stepdoc.py

docs-check: venv
	$(PY) tools/stepdoc.py --check

# at most 20 pairs of step sentences a tester could mistake for each other (tools/step_similarity.py)
steps-check: venv
	$(PY) tools/step_similarity.py --check 20 --quiet

## coverage: the verdict table (the project's own catalogs); CI also cross-checks with ../shared when present
coverage: venv report
	@if [ -f ../shared/tools/coverage.py ]; then \
	  $(PY) ../shared/tools/coverage.py --junit reports/junit \
	    --require csms-ocpp201 --require csms-ocpp16 --require station-ocpp201-e2e \
	    --require station-ocpp201-octt --require station-ocpp16-octt; \
	else echo "../shared/tools/coverage.py not found: the cross-check with it is skipped"; fi

## bench: wall time and per-scenario times of the suite against the embedded defaults, then the load profile
bench: venv
	$(PY) tools/bench.py $(ARGS)
	$(PY) tools/load.py $(LOAD)

## load: the load profile alone: many stations on the reference and the mock CSMS (answer times, RSS)
load: venv
	$(PY) tools/load.py $(LOAD)

clean:
	rm -rf reports .pytest_cache
