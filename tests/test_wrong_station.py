"""Station-direction scenarios fail against a station that gets the case wrong: the embedded
reference station with one of its faults switched on (-D station_faults=..., see StationFaults in
support/reference/station/station.py) makes the matching E2E scenario fail, with a message that says what
went wrong; without the faults the same scenarios pass."""
import pytest

from behave_runner import assert_fails_with_fault, run_behave, scenario_verdict

FEATURES = "features/station/ocpp201"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("status_while_pending", "E2E_B02", "while Pending the station also sent StatusNotification"),
    ("reuse_seq_no", "E2E_E01", "seqNo 0 repeats"),
    ("missing_meter_values", "E2E_J02", "lacks Energy.Active.Import.Register in context Transaction.Begin"),
    ("wrong_reset_boot_reason", "E2E_B11", 'reason is "PowerUp", expected RemoteReset'),
    ("accept_boot_trigger_after_accepted", "E2E_F06-BN", 'status is "Accepted", expected Rejected'),
    ("no_offline_flag", "E2E_CONN-01", "offline is absent, expected true"),
    ("drop_offline_transaction_events", "E2E_CONN-01",
     "did not send TransactionEventRequest with eventType Ended, offline true"),
    ("no_retry_after_rejected", "E2E_B03", "the station did not send BootNotificationRequest"),
    ("skip_boot_status", "E2E_B01",
     "did not send StatusNotificationRequest with connectorStatus Available, evseId 1, connectorId 1"),
    ("ignore_heartbeat_interval", "E2E_B05", "did not send HeartbeatRequest about 0.500 s (10 protocol seconds) "
                                             "after answering SetVariables"),
    ("accept_stop_unknown_transaction", "E2E_F03-NONE", 'status is "Accepted", expected Rejected'),
    ("no_reconnect_backoff", "E2E_B04", "a backoff waits at least as long each time and longer overall"),
]



@pytest.mark.parametrize("fault,case,words", MUTANTS, ids=[f"{m[0]}-{m[1]}" for m in MUTANTS])
def test_scenario_fails_against_wrong_station(fault, case, words):
    output = assert_fails_with_fault("station_faults", fault, case, words, "-D station_timeout=1", features=FEATURES)
    assert "Message trace" in output, output


def test_same_scenarios_pass_against_the_reference_station():
    cases = sorted({case for _, case, _ in MUTANTS})
    code, output, verdicts = run_behave(f"--tags={','.join('@' + c for c in cases)}", features=FEATURES)
    assert code == 0, output
    for case in cases:
        assert scenario_verdict(verdicts, case) == {"passed"}, output


def test_the_whole_station_plan_passes():
    code, output, verdicts = run_behave("--tags=@station", features=FEATURES)
    assert code == 0, output
    ran = {name: v for name, v in verdicts.items() if v != "skipped"}
    assert set(ran.values()) == {"passed"}, verdicts
    assert len([name for name in ran if name.startswith("E2E_")]) == 64, verdicts   # the E2E plan; OCTT cases besides


def test_an_unknown_fault_is_refused_with_the_known_ones():
    code, output, _ = run_behave("-D station_faults=reuse_seqno", "--tags=@E2E_E01", features=FEATURES)
    assert code != 0
    assert "unknown station faults: reuse_seqno" in output and "reuse_seq_no" in output, output
