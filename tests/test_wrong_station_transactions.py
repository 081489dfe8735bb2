"""OCTT block E station cases (features/station/ocpp201/E_transactions_octt.feature) fail against a station
that gets the case wrong: the embedded reference station with one of its faults switched on
(-D station_faults=..., the block E faults of StationFaults in support/reference/station/station.py) makes
the matching scenario fail, with a message that names the rule; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

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
    ("queue_not_reported_for_transaction", "TC_E_29_CS", "messagesInQueue is false, expected true"),
    ("queue_not_reported_without_id", "TC_E_33_CS", "messagesInQueue is false, expected true"),
    ("queue_not_reported_for_transaction", "TC_E_31_CS", "messagesInQueue is false, expected true"),
    ("ongoing_for_unknown_transaction", "TC_E_31_CS", "ongoingIndicator is true, expected false"),
    ("no_offline_group_stop", "TC_E_45_CS", "none of the 1 TransactionEvents the station queued while offline has "
                                            "triggerReason StopAuthorized"),
    ("unsigned_begin_reading", "TC_E_11_CS", "meterValue[0].sampledValue[0].signedMeterValue.encodingMethod is "
                                             "absent, expected (present)"),
    ("no_retry_after_timeout", "TC_E_41_CS", "1 time(s) and no more within"),
    ("resend_answered_retry", "TC_E_42_CS", "MessageAttempts allows 2 (E13.FR.04: it stops after the last attempt, "
                                            "or once the CSMS has answered)"),
    ("ignore_message_attempts", "TC_E_50_CS", "1 time(s) and no more within"),
    ("retry_without_waiting", "TC_E_51_CS", "E13.FR.03: it waits MessageAttemptInterval"),
    ("ignore_disable_remote_authorization", "TC_E_52_CS", "the station sent AuthorizeRequest although it should not"),
    # EV-side actions: the EV suspends, is not ready, the cable comes out on the EV side
    ("ignore_stop_tx_on_ev_side_disconnect", "TC_E_17_CS", 'eventType is "Updated", expected Ended'),
    ("keep_transaction_on_ev_side_disconnect", "TC_E_20_CS", "transactionInfo.stoppedReason is absent, expected "
                                                              "EVDisconnected"),
    ("ev_side_disconnect_stopped_reason_local", "TC_E_54_CS", 'transactionInfo.stoppedReason is "Local", expected '
                                                               "StoppedByEV or EVDisconnected"),
    ("ignore_power_path_on_ev_side_disconnect", "TC_E_37_CS", 'eventType is "Updated", expected Ended'),
    ("wrong_ev_suspend_stopped_reason", "TC_E_22_CS", "E06.FR.07: Ended with stoppedReason StoppedByEV"),
    ("silent_ev_side_disconnect", "TC_E_24_CS", "did not send TransactionEventRequest with triggerReason "
                                                "EVCommunicationLost, transactionInfo.chargingState Idle"),
    ("ev_side_disconnect_keeps_charging_state", "TC_E_25_CS", 'transactionInfo.chargingState is "SuspendedEV", '
                                                               "expected Idle"),
    ("no_energy_after_ev_side_reconnect", "TC_E_26_CS", "did not send TransactionEventRequest with triggerReason "
                                                        "ChargingStateChanged, transactionInfo.chargingState Charging"),
    ("ignore_ev_not_ready", "TC_E_38_CS", 'transactionInfo.chargingState is "Charging", expected SuspendedEV'),
    ("no_fixed_cable_connection_timeout", "TC_E_27_CS", "did not send TransactionEventRequest with triggerReason "
                                                        "EVConnectTimeout once EVConnectionTimeOut"),
    # the parking bay sensor
    ("no_start_on_ev_detected", "TC_E_12_CS", "did not send TransactionEventRequest with eventType Started, "
                                              "triggerReason EVDetected"),
    ("keep_transaction_on_ev_departed", "TC_E_19_CS", "did not send TransactionEventRequest with triggerReason "
                                                      "EVDeparted, transactionInfo.stoppedReason Local, eventType Ended"),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
