"""Station-direction scenarios fail against a station that gets the case wrong: the embedded
reference station with one of its faults switched on (-D station_faults=..., see StationFaults in
support/reference/station/station.py) makes the matching E2E scenario fail, with a message that says what
went wrong; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test, run_behave

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
    # OCTT block B (features/station/ocpp201/B_provisioning_octt.feature)
    ("skip_boot_status", "TC_B_01_CS",
     "did not send StatusNotificationRequest with connectorStatus Available, evseId 1, connectorId 1"),
    ("start_transaction_while_pending", "TC_B_02_CS", 'status is "Accepted", expected Rejected'),
    ("no_retry_after_rejected", "TC_B_03_CS", "the station did not send BootNotificationRequest"),
    ("serve_while_rejected", "TC_B_30_CS", "expected CALLERROR SecurityError to GetBaseReport"),
    ("set_variables_not_applied", "TC_B_06_CS", 'getVariableResult[0].attributeValue is "60", expected 300'),
    ("set_variables_not_applied", "TC_B_07_CS", "no item fits attributeStatus Accepted, attributeType Actual, "
                                                "attributeValue 300"),
    ("unknown_component_as_variable", "TC_B_32_CS",
     'getVariableResult[0].attributeStatus is "UnknownVariable", expected UnknownComponent'),
    ("unknown_variable_rejected", "TC_B_33_CS", 'getVariableResult[0].attributeStatus is "Rejected", expected '
                                                'UnknownVariable'),
    ("ignore_attribute_type", "TC_B_34_CS", 'getVariableResult[0].attributeStatus is "Accepted", expected '
                                            'NotSupportedAttributeType'),
    ("no_attribute_type_in_results", "TC_B_09_CS", "setVariableResult[0].attributeType is absent, expected Actual"),
    ("no_attribute_type_in_results", "TC_B_10_CS", "attributeType is absent, expected Actual"),
    ("unknown_component_as_variable", "TC_B_35_CS",
     'setVariableResult[0].attributeStatus is "UnknownVariable", expected UnknownComponent'),
    ("unknown_variable_rejected", "TC_B_36_CS", 'setVariableResult[0].attributeStatus is "Rejected", expected '
                                                'UnknownVariable'),
    ("ignore_attribute_type", "TC_B_37_CS", 'setVariableResult[0].attributeStatus is "Accepted", expected '
                                            'NotSupportedAttributeType'),
    ("set_read_only_variable", "TC_B_39_CS", 'setVariableResult[0].attributeStatus is "Accepted", expected Rejected'),
    ("read_only_in_configuration_inventory", "TC_B_12_CS",
     'variableAttribute[0].mutability is "ReadOnly", expected ReadWrite or WriteOnly or (absent)'),
    ("missing_required_variable", "TC_B_12_CS", "lacks required variables: OCPPCommCtrlr.ResetRetries"),
    ("no_variable_characteristics", "TC_B_13_CS", "variableCharacteristics is absent, expected (present)"),
    ("no_values_list", "TC_B_13_CS", "reported variables of a list type without valuesList"),
    ("reject_unsupported_report_base", "TC_B_15_CS", 'status is "Rejected", expected NotSupported'),
    ("missing_required_variable", "TC_B_53_CS", "lacks required variables: OCPPCommCtrlr.ResetRetries"),
    ("skip_boot_status", "TC_B_20_CS",
     "did not send StatusNotificationRequest with connectorStatus Available, evseId 1, connectorId 1"),
    ("reject_evse_reset", "TC_B_25_CS", 'status is "Rejected", expected Accepted'),
    ("reset_on_idle_at_once", "TC_B_21_CS", 'status is "Accepted", expected Scheduled'),
    ("wrong_scheduled_reset_boot_reason", "TC_B_21_CS", 'reason is "RemoteReset", expected ScheduledReset'),
    ("reset_when_first_idle", "TC_B_41_CS", "B12.FR.01: after a Reset OnIdle the station waits until every "
                                            "transaction has ended"),
    ("reboot_stopped_reason", "TC_B_22_CS", 'transactionInfo.stoppedReason is "Reboot", expected ImmediateReset'),
    ("availability_lost_on_reset", "TC_B_23_CS", 'connectorStatus is "Available", expected Unavailable'),
    ("evse_reset_on_idle_at_once", "TC_B_26_CS", 'status is "Accepted", expected Scheduled'),
    ("evse_reset_wrong_trigger", "TC_B_27_CS", 'triggerReason is "AbnormalCondition", expected ResetCommand'),
    ("accept_unsupported_evse_reset", "TC_B_28_CS", 'status is "Accepted", expected Rejected'),
    ("schedule_unsupported_evse_reset", "TC_B_29_CS", 'status is "Scheduled", expected Rejected'),
    ("get_variables_beyond_limit", "TC_B_08_CS", "one more than ItemsPerMessage GetVariables (20)"),
    ("lose_offline_status_change", "TC_B_52_CS", "did not send StatusNotificationRequest with connectorStatus Occupied"),
    ("report_changed_only_after_threshold", "TC_B_51_CS",
     "did not send StatusNotificationRequest for EVSE 2 connector 1 since its latest connection"),
    ("ignore_retry_back_off_variables", "TC_B_57_CS", "before RetryBackOffWaitMinimum"),
    ("no_reconnect_backoff", "TC_B_57_CS", "the wait doubles after a failed attempt"),
    ("accept_invalid_configuration_slot", "TC_B_43_CS", 'status is "Accepted", expected Rejected'),
    ("ignore_network_configuration_priority", "TC_B_45_CS",
     "1. connected at the first address; which is not what the migration asks"),
    ("no_network_profile_fallback", "TC_B_46_CS", "3. failed at the second address (refused with HTTP 503)"),
    ("no_network_profile_fallback", "TC_B_49_CS", "2. connected at the second address; which is not what"),
    ("profile_round_without_backoff", "TC_B_49_CS", "before RetryBackOffWaitMinimum"),
    ("fallback_root_for_any_profile", "TC_B_47_CS", "only the new one vouches for the CSMS of a new network "
                                                    "connection profile"),
    ("installed_csms_root_untrusted", "TC_B_50_CS", "the station refused a server certificate that a CSMS root "
                                                    "certificate it holds vouches for"),
]

# Scenario Outlines: some of their examples fail (a well-formed value may be Accepted or Rejected).
OUTLINE_MUTANTS = [
    ("accept_invalid_values", "TC_B_11_CS", 'setVariableResult[0].attributeStatus is "Accepted", expected Rejected'),
]



test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)
test_outline_fails_against_wrong_station = mutation_test(OUTLINE_MUTANTS, "station_faults", "-D station_timeout=1",
                                                         features=FEATURES, some_fail=True, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS + OUTLINE_MUTANTS], features=FEATURES)


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
