"""Run behave in a new process against the embedded targets and read its JUnit verdicts.

Each run is a fork of one process that imported behave and the suite once (behave_forkserver.py), so
a run costs what behave does, not the second Python needs to import it all; where fork is missing,
or with BEHAVE_RUNNER=subprocess, each run is `python -m behave` as before.
"""
import atexit
import glob
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ForkServer:
    """The client of one behave_forkserver.py process (one per test process, started on first use)."""
    _instance = None
    _lock = threading.Lock()

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._instance is None or cls._instance.process.poll() is not None:
                cls._instance = cls()
            return cls._instance

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "behave_forkserver.py")],
                                        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                        bufsize=1)
        atexit.register(self.stop)

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def _line(self, deadline):
        while True:
            left = deadline - time.monotonic() if deadline is not None else None
            if left is not None and left <= 0:
                return None
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    raise RuntimeError("the behave fork server ended")
                return json.loads(line)

    def run(self, args, env, timeout):
        """(exit code, stdout, stderr) of behave ARGS; subprocess.TimeoutExpired at the deadline."""
        folder = tempfile.mkdtemp(prefix="behave-run-")
        out, err = os.path.join(folder, "stdout"), os.path.join(folder, "stderr")
        with ForkServer._lock:
            self.process.stdin.write(json.dumps({"args": list(args), "env": env or {}, "stdout": out,
                                                 "stderr": err}) + "\n")
            self.process.stdin.flush()
            pid = self._line(time.monotonic() + 60)["pid"]
            answer = self._line(time.monotonic() + timeout)
            if answer is None:
                os.kill(pid, signal.SIGKILL)
                self._line(None)
        try:
            with open(out, encoding="utf-8", errors="replace") as f:
                stdout = f.read()
            with open(err, encoding="utf-8", errors="replace") as f:
                stderr = f.read()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if answer is None:
            raise subprocess.TimeoutExpired(["behave", *args], timeout, stdout, stderr)
        return answer["code"], stdout, stderr


def behave_process(args, env=None, timeout=120):
    """(exit code, stdout, stderr) of `python -m behave ARGS` in ROOT, standard input closed."""
    if hasattr(os, "fork") and os.environ.get("BEHAVE_RUNNER") != "subprocess":
        return ForkServer.get().run(args, env, timeout)
    proc = subprocess.run([sys.executable, "-m", "behave", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, **env) if env else None, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout, proc.stderr


def run_behave(*args, features=None, timeout=120, env=None):
    """(exit code, output, {scenario name: 'passed'|'failed'|'skipped'}); env: variables added to ours."""
    junit = tempfile.mkdtemp(prefix="junit-")
    cmd = ["--format", "plain", "--no-capture", "--junit", "--junit-directory", junit, *args]
    if features:
        cmd.append(features)
    code, stdout, stderr = behave_process(cmd, env, timeout)
    verdicts = {}
    for path in glob.glob(os.path.join(junit, "*.xml")):
        for case in ET.parse(path).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                verdicts[case.get("name")] = "failed"
            elif case.find("skipped") is not None or case.get("status") == "skipped":
                verdicts[case.get("name")] = "skipped"
            else:
                verdicts[case.get("name")] = "passed"
    shutil.rmtree(junit, ignore_errors=True)
    return code, stdout + stderr, verdicts


def scenario_verdict(verdicts, case_id):
    """Verdicts of the scenarios whose name starts with exactly this case id (E2E_B11 is not
    E2E_B11-ONIDLE): scenario names are "<case id> <title>"."""
    matches = {name: v for name, v in verdicts.items() if name.split(" ", 1)[0] == case_id}
    assert matches, f"no scenario named {case_id} ran: {verdicts}"
    return set(matches.values())


def temp_features(feature_text):
    """A features folder with one feature and the project's steps and environment."""
    folder = tempfile.mkdtemp(prefix="features-")
    atexit.register(shutil.rmtree, folder, True)      # removed when the test process ends
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


def mutation_test(mutants, kind, *extra, features=None, some_fail=False, trace=False):
    """The test that each (fault, case, words) of `mutants` fails its case against the deliberately
    wrong peer (assert_fails_with_fault); `trace`: the failure also shows the message trace.
    A test module binds it to a test name: test_scenario_fails_against_wrong_csms = mutation_test(...)."""
    import pytest

    @pytest.mark.parametrize("fault,case,words", mutants, ids=[f"{m[0]}-{m[1]}" for m in mutants])
    def test(fault, case, words):
        output = assert_fails_with_fault(kind, fault, case, words, *extra, features=features, some_fail=some_fail)
        if trace:
            assert "Message trace" in output, output
    return test


def assert_cases_pass(cases, features=None):
    """The cases of a mutation test pass against the right peer: the run succeeds and each case passed."""
    cases = sorted(set(cases))
    code, output, verdicts = run_behave(f"--tags={','.join('@' + c for c in cases)}", features=features)
    assert code == 0, output
    for case in cases:
        assert scenario_verdict(verdicts, case) == {"passed"}, output
