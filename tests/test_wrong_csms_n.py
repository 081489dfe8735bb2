"""Block N scenarios fail against a CSMS that gets the case wrong: the reference CSMS with one of
the block's faults switched on (-D csms_faults=...) makes the matching scenario fail, with a
message that says what went wrong; without the faults the same scenarios pass."""
from behave_runner import mutation_test, run_behave

FEATURE = "features/csms/ocpp201/N_diagnostics.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("get_log_type=DiagnosticsLog", "TC_N_35_CSMS", 'logType is "DiagnosticsLog", expected SecurityLog'),
    ("reuse_log_request_id", "TC_N_36_CSMS", "a new log request needs a new requestId"),
    ("ignore_monitoring_items_per_message", "TC_N_18_CSMS", "the station allows at most 3"),
    ("no_monitoring_report", "TC_N_01_CSMS",
     "did not answer NotifyMonitoringReport seqNo 0 with a CALLRESULT: NotifyMonitoringReport answered CALLERROR "
     "NotSupported"),
    ("notify_event_custom_data", "TC_N_21_CSMS", "expected an empty payload"),
    ("notify_event_custom_data", "TC_N_24_CSMS", "expected an empty payload"),
    ("customer_information_not_supported", "TC_N_27_CSMS",
     "did not answer NotifyCustomerInformation seqNo 0 with a CALLRESULT"),
    ("no_local_list_update", "TC_N_46_CSMS", "the CSMS did not send SendLocalListRequest"),
]


test_scenario_fails_against_wrong_csms = mutation_test(MUTANTS, "csms_faults", "-D action_timeout=1", features=FEATURE)


def test_same_scenarios_pass_against_the_reference_csms():
    tags = ",".join(sorted({f"@{case}" for _, case, _ in MUTANTS}))
    code, output, verdicts = run_behave(f"--tags={tags}", features=FEATURE)
    assert code == 0, output
    assert set(verdicts.values()) == {"passed"}, verdicts


def test_the_whole_block_passes():
    code, output, verdicts = run_behave("--tags=@blockN", features=FEATURE)
    assert code == 0, output
    assert len(verdicts) == 30 and set(verdicts.values()) == {"passed"}, verdicts
