#!/usr/bin/env python3
"""Run the suite against the embedded systems under test in several behave processes at once.

Most of a scenario's time against the embedded reference CSMS and station is spent waiting on protocol
timers (compressed, but still timers), not on the processor: N processes, each with its own reference
systems on free loopback ports, take about 1/N of the time on a machine of any size. The feature files
are shared out by how long each took in the last run (reports/junit), the longest first.

  python tools/run_parallel.py --jobs 3                       # the whole suite
  python tools/run_parallel.py --jobs 3 --tags=@station        # any behave option but paths and formats

Afterwards reports/ holds what one run leaves: reports/junit/ (every part's JUnit files), reports/traces/
(every scenario's trace), and reports/report.html, which gives the verdicts of the whole run per catalog
and block and links each part's own page (reports/parts/N/report.html, with the scenarios' steps and
traces). The console shows each part's summary, then the whole run's verdicts. The exit code is 0 when
every part passed. A real product (a csms_url, a station driver other than embedded) is one system: run
it with plain behave.
"""
import argparse
import glob
import html
import os
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from support.reports import verdicts  # noqa: E402

REPORTS = os.path.join(ROOT, "reports")
PARTS = os.path.join(REPORTS, "parts")
# Options that point the suite at a real product: such a run is not split.
REAL_PRODUCT = ("csms_url=", "station_driver=", "test_csms_port=")


def feature_files():
    return sorted(glob.glob(os.path.join(ROOT, "features", "**", "*.feature"), recursive=True))


def junit_name(path):
    """The JUnit file behave writes for a feature file: TESTS-<path below features/, dotted>.xml."""
    relative = os.path.relpath(path, os.path.join(ROOT, "features"))
    return "TESTS-" + relative[:-len(".feature")].replace(os.sep, ".") + ".xml"


def last_times(files, junit_dir):
    """Seconds each feature took in the last run; a feature not in it counts as the longest known."""
    times = {}
    for path in files:
        try:
            suite = ET.parse(os.path.join(junit_dir, junit_name(path))).getroot()
            times[path] = float(suite.get("time") or 0)
        except (OSError, ET.ParseError, ValueError):
            pass
    unknown = max(times.values(), default=1.0)
    return {path: times.get(path, unknown) for path in files}


def share(files, times, jobs):
    """The feature files in `jobs` parts of about the same total time (longest first, each to the part
    with the least so far)."""
    parts = [[] for _ in range(jobs)]
    loads = [0.0] * jobs
    for path in sorted(files, key=lambda p: -times[p]):
        k = loads.index(min(loads))
        parts[k].append(path)
        loads[k] += times[path]
    return [p for p in parts if p]


def refuse_real_products(behave_args):
    for arg in behave_args:
        if any(arg.startswith(option) for option in REAL_PRODUCT):
            raise SystemExit(f"run_parallel.py: '{arg}' points the suite at a real product, which is one system: "
                             f"run it with plain behave")
        if arg.endswith(".feature") or os.path.isdir(os.path.join(ROOT, arg)):
            raise SystemExit(f"run_parallel.py: give behave options only ('{arg}' is a path); the feature files "
                             f"are shared out by the runner")


def run_parts(parts, behave_args):
    shutil.rmtree(PARTS, ignore_errors=True)
    running = []
    for number, files in enumerate(parts, 1):
        folder = os.path.join(PARTS, str(number))
        os.makedirs(folder)
        command = [sys.executable, "-m", "behave", *behave_args, "--format", "progress", "--no-capture",
                   "-D", f"reports_dir={folder}", "-D", "part_of_a_split_run=true",
                   "--junit", "--junit-directory", os.path.join(folder, "junit"),
                   *[os.path.relpath(f, ROOT) for f in files]]
        console = open(os.path.join(folder, "console.txt"), "w", encoding="utf-8")
        running.append((number, folder, console, subprocess.Popen(command, cwd=ROOT, stdout=console,
                                                                  stderr=subprocess.STDOUT,
                                                                  stdin=subprocess.DEVNULL)))
    codes = {}
    for number, folder, console, process in running:
        codes[number] = process.wait()
        console.close()
    return running, codes


def merge(running):
    """Every part's JUnit files and traces into reports/junit and reports/traces."""
    junit, traces = os.path.join(REPORTS, "junit"), os.path.join(REPORTS, "traces")
    for folder in (junit, traces):
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    for _, folder, _, _ in running:
        for source, target in ((os.path.join(folder, "junit"), junit), (os.path.join(folder, "traces"), traces)):
            if os.path.isdir(source):
                for name in os.listdir(source):
                    shutil.copy2(os.path.join(source, name), os.path.join(target, name))
    return junit


def summary_line(folder):
    """A part's "N scenarios passed, ..." line from its console."""
    try:
        with open(os.path.join(folder, "console.txt"), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return "(no console)"
    return next((line for line in reversed(lines) if "scenarios passed" in line or "scenario passed" in line),
                lines[-1] if lines else "(no output)")


def write_index(running, table, seconds):
    def link(number, folder):
        if os.path.exists(os.path.join(folder, "report.html")):
            return f"<a href='parts/{number}/report.html'>part {number}</a>"
        return f"part {number} (no page: none of its scenarios was selected)"
    rows = "".join(f"<li>{link(n, folder)}: {html.escape(summary_line(folder))}</li>" for n, folder, _, _ in running)
    page = (f"<!doctype html><meta charset='utf-8'><title>Conformance run in {len(running)} parts</title>"
            f"<body style='font:14px system-ui,sans-serif;margin:16px 24px'>"
            f"<h1>Conformance run in {len(running)} parts ({seconds:.1f} s)</h1>"
            f"<p>Each part ran its share of the feature files in its own behave process; its page has the "
            f"scenarios' steps, failures and message traces.</p><ul>{rows}</ul>"
            f"<h2>Verdicts of the whole run, per catalog and block (cases)</h2>"
            f"<pre>{html.escape(verdicts.format_table(table))}</pre>")
    problems = verdicts.format_cases(table, only=(verdicts.FAILED, verdicts.WAIVED, verdicts.UNNEEDED))
    if problems:
        page += f"<h2>Failed, waived and no-longer-needed waivers</h2><pre>{html.escape(problems)}</pre>"
    with open(os.path.join(REPORTS, "report.html"), "w", encoding="utf-8") as f:
        f.write(page + "</body>")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3, help="behave processes at once (default 3)")
    args, behave_args = parser.parse_known_args(argv)
    if args.jobs < 1:
        parser.error("--jobs is at least 1")
    refuse_real_products(behave_args)
    files = feature_files()
    parts = share(files, last_times(files, os.path.join(REPORTS, "junit")), args.jobs)
    began = time.monotonic()
    running, codes = run_parts(parts, behave_args)
    seconds = time.monotonic() - began
    junit = merge(running)
    results = verdicts.read_junit(junit)
    for number, folder, _, _ in running:
        print(f"part {number} ({len(parts[number - 1])} feature files, exit {codes[number]}): {summary_line(folder)}")
    if not results:
        print(f"no scenario matched the selection ({' '.join(behave_args)}); nothing was tested", file=sys.stderr)
        return 1
    table = verdicts.verdicts(results)
    write_index(running, table, seconds)
    print(verdicts.format_table(table, title=f"Verdicts of the whole run ({seconds:.1f} s), per catalog and block "
                                             f"(cases):"))
    problems = verdicts.format_cases(table, only=(verdicts.FAILED, verdicts.WAIVED, verdicts.UNNEEDED))
    if problems:
        print("\nFailed, waived and no-longer-needed waivers:\n" + problems)
    print(f"Report: {os.path.relpath(os.path.join(REPORTS, 'report.html'), ROOT)}   traces: reports/traces/   "
          f"each part's console: reports/parts/N/console.txt")
    return max(codes.values())


if __name__ == "__main__":
    sys.exit(main())
