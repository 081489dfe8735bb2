"""Manual actions against a CSMS without a trigger API: the reference CSMS run as an outside product
(python -m support.reference.csms.playground), behave in a pseudo-terminal, this test as the operator.

- in a terminal: the prompt appears live before the deadline, the operator performs the action
  (here: through the playground's own trigger API, as a person would in the CSMS's UI) and presses
  Enter; the scenario passes;
- the operator types s: the scenario is not run (JUnit: skipped with the reason);
- no terminal (standard input closed): nobody can confirm, the action's effect never comes, the
  scenario is not run, never failed.
"""
import json
import os
import pty
import select
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
BEHAVE = [sys.executable, "-m", "behave"]


def behave_args(playground, tags, junit_dir, *extra):
    return BEHAVE + ["--tags", tags, "-D", f"csms_url={playground['csms']}", "-D", "action_timeout=60",
                     "--junit", "--junit-directory", str(junit_dir), "-f", "pretty",
                     *extra]


def run_in_terminal(args, operator):
    """Run behave with a pseudo-terminal as its terminal; `operator(output_so_far, write)` is called
    whenever output arrives. Returns (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(ROOT)
        os.execv(args[0], args)
    output = b""
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            operator(output.decode(errors="replace"), lambda text: os.write(fd, text.encode()))
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


def junit_cases(junit_dir):
    cases = {}
    for path in Path(junit_dir).glob("*.xml"):
        for case in ET.parse(path).getroot().iter("testcase"):
            cases[case.get("name")] = case
    return cases


def test_an_operator_performs_the_manual_action_and_presses_enter(playground, tmp_path):
    done = {}

    def operator(output, write):
        if "MANUAL ACTION" in output and "Press Enter" in output and "acted" not in done:
            done["prompt_seen_at"] = time.monotonic()
            # the person makes the CSMS reset the station (here through the playground's trigger API)
            response = requests.post(f"{playground['trigger']}/api/octt/2.0.1/CP_1/call/Reset",
                                     data=json.dumps({"type": "OnIdle"}), timeout=30)
            assert response.status_code == 200, response.text
            done["acted"] = True
            write("\n")

    code, output = run_in_terminal(behave_args(playground, "@TC_B_20_CSMS", tmp_path), operator)
    assert done.get("acted"), f"no prompt appeared:\n{output}"
    assert "MANUAL ACTION on the CSMS for station CP_1: make the CSMS reset the station (OnIdle)" in output
    assert code == 0, output
    case = junit_cases(tmp_path)
    (name, element), = [(n, c) for n, c in case.items() if n.startswith("TC_B_20_CSMS")]
    assert element.get("status") == "passed", output


def test_the_operator_skips_with_s(playground, tmp_path):
    def operator(output, write):
        if "Press Enter" in output and "s\n" not in operator.sent:
            operator.sent.append("s\n")
            write("s\n")
    operator.sent = []
    code, output = run_in_terminal(behave_args(playground, "@TC_B_20_CSMS", tmp_path), operator)
    assert code == 0, output
    (element,) = [c for n, c in junit_cases(tmp_path).items() if n.startswith("TC_B_20_CSMS")]
    skipped = element.find("skipped")
    assert skipped is not None and "the operator skipped the manual action" in skipped.get("message")
    assert "Outcomes: 0 passed, 0 failed, 1 not run" in output


def test_without_a_terminal_nobody_can_confirm_so_the_scenario_is_not_run(playground, tmp_path):
    args = BEHAVE + ["--tags", "@TC_B_20_CSMS or @TC_B_02_CSMS", "-D", f"csms_url={playground['csms']}",
                     "-D", "action_timeout=1", "--junit", "--junit-directory", str(tmp_path), "-f", "plain"]
    result = subprocess.run(args, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No terminal to confirm in" in result.stderr
    cases = junit_cases(tmp_path)
    for prefix in ("TC_B_20_CSMS", "TC_B_02_CSMS"):
        (element,) = [c for n, c in cases.items() if n.startswith(prefix)]
        assert element.find("failure") is None, f"{prefix} reported as a CSMS failure"
        skipped = element.find("skipped")
        assert skipped is not None and "nobody confirmed the manual action" in skipped.get("message"), \
            ET.tostring(element, encoding="unicode")[:2000]


def test_manual_actions_off_reports_not_run_at_once(playground, tmp_path):
    args = BEHAVE + ["--tags", "@TC_B_20_CSMS", "-D", f"csms_url={playground['csms']}", "-D", "manual_actions=skip",
                     "--junit", "--junit-directory", str(tmp_path), "-f", "plain"]
    started = time.monotonic()
    result = subprocess.run(args, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (element,) = [c for n, c in junit_cases(tmp_path).items() if n.startswith("TC_B_20_CSMS")]
    assert "manual actions are off" in element.find("skipped").get("message")
    assert time.monotonic() - started < 120
