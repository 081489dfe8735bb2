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
