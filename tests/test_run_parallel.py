"""tools/run_parallel.py: the suite in several behave processes, the reports merged as one run's.

- the feature files are shared out by their last run's times, the longest first, each part about as long;
- a split run leaves reports/junit (every part's files), reports/traces and a report.html with the whole
  run's verdicts and a link per part; it exits 0 when every part passed, 1 when a scenario failed;
- a real product (csms_url, a station driver) or a path is refused: it is one system.
"""
import os
import sys

import pytest

from behave_runner import ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import run_parallel  # noqa: E402


def test_the_longest_features_are_shared_out_first_to_the_least_loaded_part():
    times = {"a": 10.0, "b": 7.0, "c": 6.0, "d": 3.0, "e": 1.0}
    parts = run_parallel.share(list(times), times, 2)
    loads = sorted(sum(times[f] for f in part) for part in parts)
    assert loads == [13.0, 14.0]
    assert run_parallel.share(["a"], {"a": 1.0}, 3) == [["a"]]         # no empty part


def test_a_feature_file_maps_to_the_junit_file_behave_writes():
    path = os.path.join(ROOT, "features", "station", "ocpp201", "B_provisioning_octt.feature")
    assert run_parallel.junit_name(path) == "TESTS-station.ocpp201.B_provisioning_octt.xml"


@pytest.mark.parametrize("arg", ["-D station_driver=sap", "-D csms_url=ws://127.0.0.1:9000",
                                 "features/station/ocpp201/B_provisioning_octt.feature"])
def test_a_real_product_or_a_path_is_refused(arg):
    with pytest.raises(SystemExit, match="real product|options only"):
        run_parallel.refuse_real_products(arg.split(" ")[-1:] if arg.startswith("-D") else [arg])


def test_a_split_run_leaves_one_runs_reports_and_its_verdict(monkeypatch, tmp_path):
    """Two processes on three cases of two features: the merged JUnit, traces and page; a wrong station makes
    the run exit 1 with the failure in the whole run's verdicts."""
    reports = tmp_path / "reports"
    monkeypatch.setattr(run_parallel, "REPORTS", str(reports))
    monkeypatch.setattr(run_parallel, "PARTS", str(reports / "parts"))
    tags = ["--tags=@TC_B_01_CS or @TC_B_06_CS or @TC_E_01_CS"]
    assert run_parallel.main(["--jobs", "2", *tags]) == 0
    junit = sorted(os.listdir(reports / "junit"))
    assert "TESTS-station.ocpp201.B_provisioning_octt.xml" in junit
    assert "TESTS-station.ocpp201.E_transactions_octt.xml" in junit
    assert {"TC_B_01_CS.jsonl", "TC_B_06_CS.jsonl", "TC_E_01_CS.jsonl"} <= set(os.listdir(reports / "traces"))
    page = (reports / "report.html").read_text()
    assert "Conformance run in 2 parts" in page
    pages = [n for n in ("1", "2") if os.path.exists(reports / "parts" / n / "report.html")]
    assert pages and all(f"parts/{n}/report.html" in page for n in pages)
    assert run_parallel.main(["--jobs", "2", *tags, "-D", "station_faults=skip_boot_status"]) == 1
    page = (reports / "report.html").read_text()
    assert "TC_B_01_CS" in page and "failed" in page
