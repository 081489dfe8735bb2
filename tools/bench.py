#!/usr/bin/env python3
"""Benchmark: run the acceptance suite against the embedded defaults and print scenarios, passed,
wall time, and the median and 95th-percentile scenario time (from behave's JUnit report).

  python tools/bench.py                      # the whole suite
  python tools/bench.py --tags=@blockB,@blockC --repeat 3
  python tools/bench.py --jobs 3 --tags=@station       # in 3 behave processes (tools/run_parallel.py)
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(behave_args, jobs=1):
    if jobs > 1:        # tools/run_parallel.py leaves the merged JUnit files in reports/junit
        junit_dir, scratch = os.path.join(ROOT, "reports", "junit"), None
        cmd = [sys.executable, os.path.join(ROOT, "tools", "run_parallel.py"), "--jobs", str(jobs)] + behave_args
    else:
        junit_dir = scratch = tempfile.mkdtemp(prefix="bench-junit-")
        cmd = [sys.executable, "-m", "behave", "--format", "null", "--no-summary", "--junit",
               "--junit-directory", junit_dir] + behave_args
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    times, passed, failed, not_run = [], 0, [], []
    for path in glob.glob(os.path.join(junit_dir, "*.xml")):
        for case in ET.parse(path).getroot().iter("testcase"):
            status = case.get("status", "")
            if status == "skipped" or case.find("skipped") is not None:
                not_run.append(case.get("name"))
                continue
            times.append(float(case.get("time", 0)))
            if case.find("failure") is None and case.find("error") is None:
                passed += 1
            else:
                failed.append(case.get("name"))
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)
    return wall, times, passed, failed, not_run, proc


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs in a row (flakiness shows as failures)")
    parser.add_argument("--jobs", type=int, default=1, help="behave processes at once (tools/run_parallel.py)")
    args, behave_args = parser.parse_known_args()
    worst = 0
    for run in range(1, args.repeat + 1):
        wall, times, passed, failed, not_run, proc = run_once(behave_args, args.jobs)
        if not times:
            print(proc.stderr[-2000:], file=sys.stderr)
            print("no scenario ran", file=sys.stderr)
            return 1
        label = f"run {run}/{args.repeat}: " if args.repeat > 1 else ""
        print(f"{label}scenarios {len(times)}, passed {passed}, not run {len(not_run)}, wall {wall:.2f} s, "
              f"median {statistics.median(times) * 1000:.1f} ms, p95 {percentile(times, 0.95) * 1000:.1f} ms, "
              f"max {max(times) * 1000:.1f} ms")
        for name in failed:
            print(f"  FAILED {name}")
        worst = max(worst, proc.returncode)
    return worst


if __name__ == "__main__":
    sys.exit(main())
