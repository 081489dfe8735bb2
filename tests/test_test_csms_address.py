"""The address of the test CSMS and the run banner (features/environment.py before_all).

A station-only run names the station under test and the one address to point it at, and starts no
reference CSMS (no "CSMS under test" line); a run with @csms scenarios still names the CSMS under test.
"""
import re
import socket

from behave_runner import run_behave


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def banner(output):
    return [line for line in output.splitlines()
            if line.startswith(("Point your station at", "Station under test:", "CSMS under test:"))]


def test_a_station_only_run_prints_where_to_point_the_station_and_no_csms_under_test():
    port = free_port()
    code, output, verdicts = run_behave("--tags=@station and @E2E_B01", f"-D test_csms_port={port}")
    assert code == 0, output
    lines = banner(output)
    assert lines[0] == (f"Point your station at ws://127.0.0.1:{port}/<id> "
                        "(OCPP 2.0.1 identity CS001, 1.6 identity CS16_001)"), output
    assert lines[1].startswith("Station under test: embedded reference station"), output
    assert not [line for line in lines if line.startswith("CSMS under test")], output


def test_the_identities_in_the_line_are_the_configured_ones():
    port = free_port()
    code, output, _ = run_behave("--tags=@station and @E2E_B01", f"-D test_csms_port={port}",
                                 "-D sut_station_id=VENDOR-7", "-D sut_station_id_16=VENDOR-16")
    assert code == 0, output
    assert (f"Point your station at ws://127.0.0.1:{port}/<id> (OCPP 2.0.1 identity VENDOR-7, "
            "1.6 identity VENDOR-16)") in output, output


def test_a_csms_run_still_names_the_csms_under_test_and_no_station():
    code, output, _ = run_behave("--tags=@TC_B_01_CSMS")
    assert code == 0, output
    lines = banner(output)
    assert [line for line in lines if re.match(r"CSMS under test: embedded reference CSMS at ws://", line)], output
    assert not [line for line in lines if line.startswith(("Point your station", "Station under test"))], output


def test_a_run_of_both_directions_prints_both():
    code, output, _ = run_behave("--tags=@TC_B_01_CSMS or @E2E_B01")
    assert code == 0, output
    lines = banner(output)
    assert lines[0].startswith("Point your station at ws://127.0.0.1:"), output
    assert [line for line in lines if line.startswith("CSMS under test: embedded reference CSMS")], output


def test_the_run_waits_for_a_station_that_is_already_on():
    """A real station switched on before the run (here: the reference station process, told by its
    control API to connect to the test CSMS's fixed port) is waited for, and the banner says so."""
    from test_reference_station_control import EXAMPLE, commands_driver, start_station
    import requests
    port = free_port()
    process, control = start_station("--time-scale", "0.05", "--call-timeout", "5")
    try:
        answer = requests.post(f"{control}/power_on", data={"csms_url": f"ws://127.0.0.1:{port}",
                                                            "station_id": "CS001"}, timeout=10)
        assert answer.status_code == 200, answer.text
        code, output, _ = run_behave("--tags=@station and @E2E_B01", *commands_driver(EXAMPLE)[:-2],
                                     f"-D test_csms_port={port}", "-D station_connect_wait=60",
                                     "-D station_time_scale=0.05", "-D station_timeout=5",
                                     env={"REFERENCE_STATION_CONTROL": control})
    finally:
        process.terminate()
        process.wait(30)
    assert code == 0, output
    assert "Waiting up to 60 s for station CS001 or CS16_001 to connect" in output, output
    assert re.search(r"Station CS001 connected after \d+\.\d s", output), output


def test_a_station_that_does_not_come_is_waited_for_until_the_deadline_only():
    port = free_port()
    code, output, verdicts = run_behave("--tags=@station and @E2E_B01", f"-D test_csms_port={port}",
                                        "-D station_driver=manual", "-D station_connect_wait=0.5",
                                        "-D manual_actions=skip")
    assert "Station CS001 or CS16_001 has not connected within 0.5 s; the scenarios switch it on through " \
           "the manual driver" in output, output
