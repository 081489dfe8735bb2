"""OCTT block E station cases (features/station/ocpp201/E_transactions_octt.feature) fail against a station
that gets the case wrong: the embedded reference station with one of its faults switched on
(-D station_faults=..., the block E faults of StationFaults in support/reference/station/station.py) makes
the matching scenario fail, with a message that names the rule; without the faults the same scenarios pass."""
from behave_runner import mutation_test, run_behave, scenario_verdict

FEATURES = "features/station/ocpp201/E_transactions_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("ignore_tx_start_point", "TC_E_01_CS", "did not send TransactionEventRequest with eventType Started, "
                                            "triggerReason CablePluggedIn or ChargingStateChanged or RemoteStart"),
    ("ignore_tx_start_point", "TC_E_02_CS", "did not send TransactionEventRequest with eventType Started, "
                                            "triggerReason ChargingStateChanged or Authorized"),
    ("no_evse_in_first_event", "TC_E_09_CS", "did not send TransactionEventRequest with eventType Started, "
                                             "triggerReason CablePluggedIn or ChargingStateChanged, evse (present)"),
    ("no_id_token_after_authorization", "TC_E_10_CS",
     "did not send TransactionEventRequest with eventType Started, triggerReason Authorized, idToken.idToken"),
    ("no_id_token_after_authorization", "TC_E_03_CS", "idToken.idToken is absent, expected 04A1B2C3D4E501"),
    ("no_id_token_after_authorization", "TC_E_04_CS", "idToken.idToken is absent, expected 04A1B2C3D4E501"),
    ("no_remote_start_id", "TC_E_13_CS", "transactionInfo.remoteStartId (present)"),
    ("no_ev_connection_timeout", "TC_E_05_CS", "did not send TransactionEventRequest with triggerReason "
                                               "EVConnectTimeout once EVConnectionTimeOut"),
    ("no_ev_connection_timeout", "TC_E_39_CS", "did not send TransactionEventRequest with triggerReason "
                                               "EVConnectTimeout once EVConnectionTimeOut"),
    ("wrong_local_stopped_reason", "TC_E_06_CS", 'transactionInfo.stoppedReason is "Remote", expected Local or (absent)'),
    ("wrong_local_stopped_reason", "TC_E_15_CS", "did not send TransactionEventRequest with triggerReason "
                                                 "StopAuthorized, transactionInfo.stoppedReason Local, eventType Ended"),
    ("stop_only_at_authorized", "TC_E_07_CS", "(eventType Ended)"),
    ("stop_only_at_authorized", "TC_E_08_CS", "(eventType Ended)"),
    ("wrong_remote_stop_reason", "TC_E_21_CS", "did not send TransactionEventRequest with triggerReason RemoteStop"),
    ("wrong_remote_stop_reason", "TC_E_35_CS", "did not send TransactionEventRequest with triggerReason RemoteStop"),
    ("keep_transaction_on_unplug", "TC_E_14_CS", "(eventType Ended)"),
    ("keep_transaction_on_invalid_id", "TC_E_16_CS", "(eventType Ended)"),
    ("ongoing_for_unknown_transaction", "TC_E_28_CS", "ongoingIndicator is true, expected false"),
    ("ongoing_for_unknown_transaction", "TC_E_32_CS", "ongoingIndicator is true, expected false"),
    ("report_empty_queue_as_full", "TC_E_30_CS", "messagesInQueue is true, expected false"),
    ("report_empty_queue_as_full", "TC_E_34_CS", "messagesInQueue is true, expected false"),
    ("no_meter_values_while_offline", "TC_E_40_CS", "did not send within 1 s any TransactionEvent it queued while "
                                                    "offline"),
    ("no_offline_started_event", "TC_E_43_CS", "queued while offline has eventType Started (E08.FR.04, E12.FR.01"),
    ("no_offline_flag_on_ended", "TC_E_44_CS", "offline is absent, expected true"),
    ("ignore_message_attempts", "TC_E_50_CS", "1 time(s) and no more within"),
    ("retry_without_waiting", "TC_E_51_CS", "E13.FR.03: it waits MessageAttemptInterval"),
    ("ignore_disable_remote_authorization", "TC_E_52_CS", "the station sent AuthorizeRequest although it should not"),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    cases = sorted({case for _, case, _ in MUTANTS})
    code, output, verdicts = run_behave(f"--tags={','.join('@' + c for c in cases)}", features=FEATURES)
    assert code == 0, output
    for case in cases:
        assert scenario_verdict(verdicts, case) == {"passed"}, output
