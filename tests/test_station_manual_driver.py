"""The manual station driver (support/targets/station_manual.py): behave in a pseudo-terminal, this
test as the person at the station. The station is the reference station in its own process; the
"person" performs each instruction through its control API (as a person would with the cable and
the card) and presses Enter.

- in a terminal: each instruction appears live, in station words, and the scenario goes on after
  Enter (it passes); `s` skips the scenario (not run);
- without a terminal: the instruction is printed, nobody performs it, the check that waits for its
  effect runs out, and the scenario is not run ("nobody confirmed the manual action at the
  station"), never failed;
- what a person cannot do (make the station send a message) is not run.
"""
import asyncio
import os
import re
import subprocess
import sys

import pytest
import requests

from support.scenario.operator import Operator
from support.targets.station import StationDriverNotRun
from support.targets.station_manual import ManualStationDriver
from test_manual_actions import junit_cases, run_in_terminal
from test_reference_station_control import start_station

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEHAVE = [sys.executable, "-m", "behave"]
PROMPT = re.compile(r">>> MANUAL ACTION at station (\S+): ([^\r\n]+)\r?\n>>> Press Enter")


@pytest.fixture()
def station():
    process, url = start_station()
    yield url
    process.terminate()
    process.wait(30)


def perform(control, instruction):
    """What the person does for one instruction, through the station's control API."""
    match = re.match(r"Switch station (\S+) on .* it connects to (ws://\S+)/(\S+)$", instruction)
    if match:
        return requests.post(f"{control}/power_on", data={"station_id": match[1], "csms_url": match[2]}, timeout=30)
    match = re.match(r"Plug the cable into EVSE (\d+) connector (\d+) ", instruction)
    if match:
        return requests.post(f"{control}/plug_in", data={"evse_id": match[1], "connector_id": match[2]}, timeout=30)
    match = re.match(r"Present idToken (\S+) \((\w+)\) at EVSE (\d+) ", instruction)
    if match:
        return requests.post(f"{control}/present_token", timeout=30,
                             data={"id_token": match[1], "token_type": match[2], "evse_id": match[3]})
    match = re.match(r"Stop the charging session at EVSE (\d+) ", instruction)
    if match:
        return requests.post(f"{control}/stop_session", data={"evse_id": match[1]}, timeout=30)
    raise AssertionError(f"the test does not know how to: {instruction}")


def test_the_person_follows_each_instruction_and_presses_enter(station, tmp_path):
    done = []

    def person(output, write):
        prompts = PROMPT.findall(output)
        for station_id, instruction in prompts[len(done):]:
            assert station_id == "CS001"
            answer = perform(station, instruction)
            assert answer.status_code == 200, answer.text
            done.append(instruction)
            write("\n")

    args = BEHAVE + ["--tags", "@E2E_E01", "-D", "station_driver=manual", "-D", "test_csms_port=0", "--junit", "--junit-directory",
                     str(tmp_path), "-f", "plain"]
    code, output = run_in_terminal(args, person)
    assert "MANUAL ACTION at station CS001: Plug the cable into EVSE 1 connector 1 of station CS001" in output
    assert [i.split(" ")[0] for i in done] == ["Switch", "Plug", "Present", "Stop"], done
    assert code == 0, output[-3000:]
    (element,) = [c for n, c in junit_cases(tmp_path).items() if n.startswith("E2E_E01 ")]
    assert element.get("status") == "passed", output[-3000:]


def test_the_person_skips_with_s(tmp_path):
    def person(output, write):
        if "Press Enter" in output and not person.sent:
            person.sent = True
            write("s\n")
    person.sent = False
    args = BEHAVE + ["--tags", "@E2E_B01", "-D", "station_driver=manual", "-D", "test_csms_port=0", "--junit", "--junit-directory",
                     str(tmp_path), "-f", "plain"]
    code, output = run_in_terminal(args, person)
    assert code == 0, output[-3000:]
    (element,) = [c for n, c in junit_cases(tmp_path).items() if n.startswith("E2E_B01 ")]
    message = element.find("skipped").get("message")
    assert message.startswith("the operator skipped the manual action at the station: Switch station CS001 on")
    assert "Outcomes: 0 passed, 0 failed, 1 not run" in output


def test_without_a_terminal_an_unconfirmed_action_is_not_run_never_failed(tmp_path):
    args = BEHAVE + ["--tags", "@E2E_B01 or @TC_003_CS", "-D", "station_driver=manual", "-D", "test_csms_port=0", "-D", "station_timeout=1",
                     "-D", "station_reboot_timeout=1",
                     "--junit", "--junit-directory", str(tmp_path), "-f", "plain"]
    result = subprocess.run(args, cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert ">>> MANUAL ACTION at station CS001: Switch station CS001 on" in result.stderr
    assert ">>> MANUAL ACTION at station CS16_001: Switch station CS16_001 on" in result.stderr
    assert "No terminal to confirm in" in result.stderr
    for prefix in ("E2E_B01 ", "TC_003_CS "):
        (element,) = [c for n, c in junit_cases(tmp_path).items() if n.startswith(prefix)]
        assert element.find("failure") is None, f"{prefix} reported as a station failure"
        message = element.find("skipped").get("message")
        assert message.startswith("nobody confirmed the manual action at the station (Switch station"), message
        assert "; then: the station did not send BootNotificationRequest" in message


def quiet_driver(mode="prompt", stdin=None):
    lines = []
    operator = Operator(mode, input_stream=stdin if stdin is not None else open(os.devnull))
    return ManualStationDriver("CS001", "ws://127.0.0.1:1", operator, 5, output=lines.append), lines


def test_a_person_cannot_make_the_station_send_a_message():
    driver, lines = quiet_driver()
    with pytest.raises(StationDriverNotRun, match="the manual driver cannot make station CS001 send Heartbeat"):
        driver.send_message("Heartbeat", {})
    with pytest.raises(StationDriverNotRun, match="cannot make station CS001 send SignCertificate now"):
        driver.request_message("SignCertificate")
    assert not lines


def test_skip_mode_and_an_unattended_instruction():
    driver, lines = quiet_driver("skip")
    with pytest.raises(StationDriverNotRun, match=r"manual actions are off \(-D manual_actions=skip\)"):
        driver.plug_in(2, 1)
    driver, lines = quiet_driver()
    asyncio.run(driver.unplug(2, 1))          # no terminal: goes on, and remembers it
    assert driver.unconfirmed == ["Unplug the cable from EVSE 2 connector 1 of station CS001"]
    assert lines[0] == "\n>>> MANUAL ACTION at station CS001: Unplug the cable from EVSE 2 connector 1 of station CS001"


def test_the_ev_side_actions_are_instructions_to_the_person():
    driver, lines = quiet_driver()
    for action in ("ev_suspend", "ev_resume", "ev_not_ready", "unplug_at_ev", "plug_in_at_ev"):
        asyncio.run(getattr(driver, action)(2, 1))
    assert driver.unconfirmed == [
        "Make the EV at EVSE 2 connector 1 of station CS001 suspend the energy transfer (it stops taking energy; "
        "leave the cable in)",
        "Make the EV at EVSE 2 connector 1 of station CS001 take energy again",
        "Set the EV for EVSE 2 connector 1 of station CS001 to a state in which it is NOT ready for the energy "
        "transfer (do not plug it in yet)",
        "Disconnect the cable on the EV side at EVSE 2 connector 1 of station CS001, leaving it in the station",
        "Reconnect the cable on the EV side at EVSE 2 connector 1 of station CS001"]


def test_the_parking_bay_and_user_interface_actions_are_instructions_to_the_person():
    driver, lines = quiet_driver()
    asyncio.run(driver.drive_into_parking_bay(2))
    asyncio.run(driver.drive_out_of_parking_bay(2))
    asyncio.run(driver.select_stop_all_transactions())
    asyncio.run(driver.select_stop_transaction(1))
    assert driver.unconfirmed == [
        "Drive the EV into the parking bay of EVSE 2 of station CS001 (where its parking bay sensor sees it); do not "
        "plug the cable in",
        "Drive the EV out of the parking bay of EVSE 2 of station CS001",
        "At the user interface of station CS001, select (as the Master Pass holder) to stop all transactions",
        "At the user interface of station CS001, select (as the Master Pass holder) to stop the transaction on "
        "EVSE 1 only"]
