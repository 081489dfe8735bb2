"""The reports of a run (docs/reports.md): a trace file per scenario, report.html, JUnit with
properties and short failures, waivers, the verdict table (make report) and the console summary.
The failing case is the reference CSMS with a fault: -D csms_faults=accept_blocked makes TC_C_06_CSMS
fail ('idTokenInfo.status is "Accepted", expected Blocked or Invalid')."""
import datetime
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from behave_runner import ROOT, behave_process

sys.path.insert(0, ROOT)
from support.reports import verdicts, waivers  # noqa: E402
from support.reports.run import one_line, short_message  # noqa: E402

FAILING = "TC_C_06_CSMS"
FAULT = "-D csms_faults=accept_blocked"


def run(folder, *args):
    """(exit code, console, reports folder) of a behave run whose JUnit goes to folder/junit (so the
    page and the traces go to folder)."""
    junit = os.path.join(folder, "junit")
    code, out, err = behave_process(["--format", "plain", "--junit", "--junit-directory", junit, *args])
    return code, out + err, str(folder)


def junit_cases(folder):
    found = {}
    for name in sorted(os.listdir(os.path.join(folder, "junit"))):
        root = ET.parse(os.path.join(folder, "junit", name)).getroot()
        for case in root.iter("testcase"):
            found[case.get("name")] = (root, case)
    return found


def props(element):
    return {p.get("name"): p.get("value") for p in element.findall("properties/property")}


def waiver_file(tmp_path, text):
    path = tmp_path / "waivers.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------------------- a run's files

def test_a_run_writes_a_trace_per_scenario_the_page_and_junit_with_properties(tmp_path):
    code, output, folder = run(tmp_path, FAULT, f"--tags=@TC_B_01_CSMS,@{FAILING},@TC_B_30_CSMS")
    assert code != 0, output
    # one trace per scenario, names unique (TC_B_30_CSMS is an outline of two examples)
    names = sorted(os.listdir(os.path.join(folder, "traces")))
    assert names == ["TC_B_01_CSMS.jsonl", "TC_B_30_CSMS-2.jsonl", "TC_B_30_CSMS.jsonl", f"{FAILING}.jsonl"], names
    with open(os.path.join(folder, "traces", "TC_B_01_CSMS.jsonl"), encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    boot = next(e for e in lines if '"BootNotification"' in e["frame"])
    assert boot["direction"] == "sent" and boot["peer"] == "CP_1" and boot["time"].startswith("20")
    assert json.loads(boot["frame"])[2] == "BootNotification"
    assert any(e["direction"] == "received" for e in lines) and any(e["direction"] == "event" for e in lines)

    cases = junit_cases(folder)
    (suite, failed), = [v for n, v in cases.items() if n.startswith(FAILING)]
    suite_props = props(suite)
    assert suite_props["suite.version"]
    assert suite_props["sut"].startswith("embedded reference CSMS at ws://127.0.0.1:"), suite_props["sut"]
    assert suite_props["ocpp.versions"] == "2.0.1" and suite_props["security_profile"] == "1"
    assert suite_props["setting.csms_url.source"] == "default"
    assert suite_props["setting.message_timeout.source"] == "embedded default"
    assert suite_props["setting.password"] == "(set, not shown)"
    assert suite_props["userdata.csms_faults"] == "accept_blocked"
    assert list(suite)[0].tag == "properties"
    case_props = props(failed)
    assert case_props["case_id"] == FAILING and case_props["outcome"] == "failed"
    assert case_props["catalog"] == "csms-ocpp201" and case_props["block"] == "C Authorization"
    assert os.path.exists(case_props["trace"])
    # a short failure message: the rule, expected vs actual; the trace once, in system-out
    message = failed.find("failure").get("message")
    assert message.startswith(f"Broke: OCTT {FAILING}") and 'expected Blocked or Invalid' in message, message
    assert "Message trace" not in message and len(message.splitlines()) <= 4
    assert '[2,"' not in "".join(failed.find("failure").itertext())          # no frame of the trace
    out = "".join(failed.find("system-out").itertext())
    assert out.count("Message trace") == 1 and '"Authorize"' in out and f"[[ATTACHMENT|{case_props['trace']}]]" in out
    (_, passed), = [v for n, v in cases.items() if n.startswith("TC_B_01_CSMS")]
    assert props(passed)["outcome"] == "passed"
    assert "entries in " in "".join(passed.find("system-out").itertext())     # a passed case's trace: its file
    assert len({props(c)["trace"] for n, (_, c) in cases.items() if n.startswith("TC_B_30_CSMS")}) == 2

    with open(os.path.join(folder, "report.html"), encoding="utf-8") as f:
        page = f.read()
    assert page.startswith("<!DOCTYPE html>") and "Verdicts per catalog and block" in page
    assert 'href="traces/TC_B_30_CSMS-2.jsonl"' in page and '<details class="f">' in page
    assert "Broke: OCTT TC_C_06_CSMS" in page and "CALL BootNotification" in page
    assert "<script src" not in page and "<link " not in page       # self-contained

    # the console: per block, and each failure in one line
    assert "Per catalog and block (cases):" in output
    assert "csms-ocpp201  C Authorization" in output
    assert 'idTokenInfo.status is "Accepted", expected Blocked or Invalid' in output.split("Failed:")[-1]

    # make report: the verdict table from the JUnit files and the project's catalogs (no ../shared)
    done = subprocess.run([sys.executable, "-m", "support.reports.verdicts", "--junit", os.path.join(folder, "junit")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = {tuple(line.split()[:3]): line.split() for line in done.stdout.split("\n\n")[0].splitlines()
            if line.startswith("  csms")}
    assert rows[("csms-ocpp201", "B", "Provisioning")][3:6] == ["22", "2", "0"], done.stdout   # cases passed failed
    assert rows[("csms-ocpp201", "C", "Authorization")][3:6] == ["16", "0", "1"], done.stdout
    assert f'{FAILING}     failed' in done.stdout and 'expected Blocked or Invalid' in done.stdout


# ---------------------------------------------------------------------------- waivers

def test_a_waived_failure_exits_0_and_is_reported_waived(tmp_path):
    path = waiver_file(tmp_path, f'[{FAILING}]\nreason = "answers Accepted for blocked tokens until 5.0"\n'
                                 f'ticket = "CSMS-42"\nexpires = 2999-12-31\n')
    code, output, folder = run(tmp_path, FAULT, f"-D waivers={path}", f"--tags=@{FAILING}")
    assert code == 0, output
    assert "WAIVED (answers Accepted for blocked tokens until 5.0, CSMS-42)" in output
    assert "Outcomes: 0 passed, 0 failed, 0 not run, 1 waived" in output
    (_, case), = junit_cases(folder).values()
    skipped = case.find("skipped")
    assert skipped.get("message") == "waived: answers Accepted for blocked tokens until 5.0 (CSMS-42)"
    assert "expected Blocked or Invalid" in skipped.text          # the failure it waives
    assert case.find("failure") is None and case.get("status") == "waived"
    assert props(case)["outcome"] == "waived" and props(case)["waiver.ticket"] == "CSMS-42"
    with open(os.path.join(folder, "report.html"), encoding="utf-8") as f:
        page = f.read()
    assert "Waived failure" in page and "answers Accepted for blocked tokens until 5.0" in page


def test_an_expired_waiver_fails_again_and_says_when_it_expired(tmp_path):
    path = waiver_file(tmp_path, f'{FAILING} = {{ reason = "accepted for 2019", expires = 2020-01-31 }}\n')
    code, output, folder = run(tmp_path, FAULT, f"-D waivers={path}", f"--tags=@{FAILING}")
    assert code != 0, output
    assert f"the waiver for {FAILING} expired on 2020-01-31" in output
    (_, case), = junit_cases(folder).values()
    assert case.find("failure").get("message").startswith(f"The waiver for {FAILING} expired on 2020-01-31")
    assert props(case)["outcome"] == "failed"


def test_a_waived_case_that_passes_is_reported_waiver_no_longer_needed_and_the_run_passes(tmp_path):
    path = waiver_file(tmp_path, '[TC_B_01_CSMS]\nreason = "booted Pending in release 3"\n')
    code, output, folder = run(tmp_path, f"-D waivers={path}", "--tags=@TC_B_01_CSMS")
    assert code == 0, output
    assert "WARNING: waiver no longer needed: TC_B_01_CSMS passed; remove its waiver" in output
    (_, case), = junit_cases(folder).values()
    assert case.get("status") == "passed" and case.find("skipped") is None
    assert props(case)["outcome"] == "waiver no longer needed"
    table = verdicts.verdicts(verdicts.read_junit(os.path.join(folder, "junit")))
    (found,) = [v for v in table["csms-ocpp201"]["B Provisioning"] if v.verdict]
    assert found.verdict == "waiver no longer needed"


def test_a_waiver_for_no_such_case_stops_the_run_with_the_nearest_ids(tmp_path):
    path = waiver_file(tmp_path, '[TC_C_6_CSMS]\nreason = "typo"\n')
    code, output, _ = run(tmp_path, f"-D waivers={path}", "--tags=@TC_B_01_CSMS")
    assert code != 0
    assert "[TC_C_6_CSMS] is no case id of the catalogs" in output and "did you mean TC_C_06_CSMS" in output, output
    assert "no scenario matched" not in output


@pytest.mark.parametrize("entry,words", [
    ('reason = "x"\nexpires = 2026-02-30', "not valid TOML: Invalid date"),
    ('reason = "x"\nexpires = "30.06.2026"', "expires = '30.06.2026' is not a date (write it as 2026-06-30)"),
    ('reason = "x"\nexpiry = 2026-06-30', "has expiry: a waiver has only reason, ticket, expires"),
    ('ticket = "T-1"', "needs a reason"),
])
def test_a_bad_waiver_entry_is_a_clear_error(tmp_path, entry, words):
    path = waiver_file(tmp_path, f"[{FAILING}]\n{entry}\n")
    with pytest.raises(waivers.WaiverError) as error:
        waivers.load(path)
    assert words in str(error.value) and path in str(error.value)


def test_waiver_dates():
    waiver = waivers.Waiver(FAILING, "r", "T-1", datetime.date(2026, 6, 30))
    assert not waiver.expired(datetime.date(2026, 6, 30)) and waiver.expired(datetime.date(2026, 7, 1))
    assert waiver.label() == "waived: r (T-1)"
    assert not waivers.Waiver(FAILING, "r").expired()


# ---------------------------------------------------------------------------- words and counts

def test_failure_words():
    text = ('Broke: OCTT TC_C_06_CSMS (x), tool validation "Then y"\nthe CSMS answered Authorize with {}\n'
            '  idTokenInfo.status is "Accepted", expected Blocked\n\nRequests to the CSMS trigger API:\n  a: b\n'
            'Message trace (last 60):\n  +0.001s CP_1 -> [2,"1","Authorize",{}]')
    assert short_message(text) == ('Broke: OCTT TC_C_06_CSMS (x), tool validation "Then y"\nthe CSMS answered '
                                   'Authorize with {}\n  idTokenInfo.status is "Accepted", expected Blocked')
    assert one_line(text) == 'the CSMS answered Authorize with {}: idTokenInfo.status is "Accepted", expected Blocked'


def test_a_case_is_failed_if_one_scenario_failed_then_waived_then_passed():
    assert verdicts.case_verdict(["passed", "failed", "waived"]) == "failed"
    assert verdicts.case_verdict(["passed", "waived"]) == "waived"
    assert verdicts.case_verdict(["passed", "not run"]) == "passed"
    assert verdicts.case_verdict(["not run"]) == "not run"
    assert verdicts.case_verdict(["waiver no longer needed", "passed"]) == "waiver no longer needed"


def test_the_catalogs_give_every_case_a_block():
    catalogs = verdicts.catalogs()
    assert list(catalogs)[:2] == ["csms-ocpp201", "csms-ocpp16"]
    assert catalogs["csms-ocpp201"]["TC_B_01_CSMS"].block == "B Provisioning"
    assert catalogs["csms-ocpp16"]["TC_023_1_CSMS"].block.startswith("C ")          # from the @blockC tag
    assert catalogs["station-ocpp201-e2e"]["E2E_B01"].block == "B Provisioning"   # from its group
