"""The reports of a run (docs/reports.md). run.py: the Reports the behave hooks call; traces.py: a
trace file per scenario; junit.py: JUnit properties and short failures; html.py: report.html;
waivers.py: the waiver file; verdicts.py: the verdict table (stdlib only: `make report` needs no venv)."""
