"""Scenarios must fail against a CSMS that gets the case wrong: the reference CSMS with one fault
switched on (-D csms_faults=...) makes exactly the matching scenario fail."""
from behave_runner import mutation_test, run_behave, scenario_verdict

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("boot_status=Rejected", "TC_B_01_CSMS", 'status is "Rejected", expected Accepted'),
    ("ignore_pending_boot", "TC_B_02_CSMS", 'status is "Accepted", expected Pending'),
    ("accept_in_pending", "TC_B_30_CSMS", "CALLERROR SecurityError"),
    ("accept_any_subprotocol", "TC_B_58_CSMS", "accepted a connection it should have refused"),
    ("accept_blocked", "TC_C_06_CSMS", 'idTokenInfo.status is "Accepted", expected Blocked or Invalid'),
    ("drop_group_id", "TC_C_39_CSMS", "idTokenInfo.groupIdToken.idToken is absent"),
    ("drop_group_id", "TC_C_47_CSMS", "idTokenInfo.groupIdToken.idToken is absent"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults")


def test_same_scenarios_pass_against_the_reference_csms():
    tags = ",".join(f"@{case}" for _, case, _ in MUTANTS)
    code, output, verdicts = run_behave(f"--tags={tags}")
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}, verdicts


def test_a_csms_that_never_answers_fails_at_the_deadline_and_the_run_goes_on():
    code, output, verdicts = run_behave("-D csms_faults=silent=Heartbeat", "-D message_timeout=0.3",
                                        "--tags=@TC_C_37_CSMS,@TC_C_02_CSMS")
    assert code != 0
    assert scenario_verdict(verdicts, "TC_C_37_CSMS") == {"failed"}
    assert scenario_verdict(verdicts, "TC_C_02_CSMS") == {"passed"}
    assert "Heartbeat: no answer before the deadline" in output
    assert "Message trace" in output and '"Heartbeat"' in output
