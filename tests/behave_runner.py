"""Run behave in a subprocess against the embedded targets and read its JUnit verdicts."""
import glob
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_behave(*args, features=None, timeout=120, env=None):
    """(exit code, output, {scenario name: 'passed'|'failed'|'skipped'}); env: variables added to ours."""
    junit = tempfile.mkdtemp(prefix="junit-")
    cmd = [sys.executable, "-m", "behave", "--format", "plain", "--no-capture", "--junit",
           "--junit-directory", junit, *args]
    if features:
        cmd.append(features)
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=dict(os.environ, **env) if env else None, stdin=subprocess.DEVNULL)
    verdicts = {}
    for path in glob.glob(os.path.join(junit, "*.xml")):
        for case in ET.parse(path).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                verdicts[case.get("name")] = "failed"
            elif case.find("skipped") is not None or case.get("status") == "skipped":
                verdicts[case.get("name")] = "skipped"
            else:
                verdicts[case.get("name")] = "passed"
    return proc.returncode, proc.stdout + proc.stderr, verdicts


def scenario_verdict(verdicts, case_id):
    """Verdicts of the scenarios whose name starts with exactly this case id (E2E_B11 is not
    E2E_B11-ONIDLE): scenario names are "<case id> <title>"."""
    matches = {name: v for name, v in verdicts.items() if name.split(" ", 1)[0] == case_id}
    assert matches, f"no scenario named {case_id} ran: {verdicts}"
    return set(matches.values())


def temp_features(feature_text):
    """A features folder with one feature and the project's steps and environment."""
    folder = tempfile.mkdtemp(prefix="features-")
    os.symlink(os.path.join(ROOT, "features", "steps"), os.path.join(folder, "steps"))
    os.symlink(os.path.join(ROOT, "features", "environment.py"), os.path.join(folder, "environment.py"))
    with open(os.path.join(folder, "probe.feature"), "w", encoding="utf-8") as f:
        f.write(feature_text)
    return folder


def assert_fails_with_fault(kind, fault, case, words, *extra, features=None, some_fail=False):
    """Run one case with a deliberately wrong peer (-D csms_faults=... or -D station_faults=...):
    the run fails, the case's scenario(s) fail, and the failure says `words`. With some_fail, a
    Scenario Outline passes when at least one of its examples fails."""
    code, output, verdicts = run_behave(f"-D {kind}={fault}", *extra, f"--tags=@{case}", features=features)
    assert code != 0, output
    found = scenario_verdict(verdicts, case)
    assert ("failed" in found) if some_fail else (found == {"failed"}), output
    assert words in output, output
    return output
