"""OCTT block F station cases (features/station/ocpp201/F_remote_control_octt.feature) and TC_K_38_CS
(K_smart_charging_octt.feature) fail against a station that gets the case wrong: the embedded reference
station with one of its faults switched on (-D station_faults=..., the block F faults of StationFaults in
support/reference/station/station.py) makes the matching scenario fail, with a message that names the rule;
without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/F_remote_control_octt.feature"
K_FEATURES = "features/station/ocpp201/K_smart_charging_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("remote_start_without_transaction_id", "TC_F_01_CS", "so the answer must carry it as transactionId (OCTT "
                                                          "reusable state Authorized, Main B step 2)"),
    ("skip_authorize_remote_start", "TC_F_02_CS", "did not send AuthorizeRequest for the idToken of the remote start "
                                                  "(AuthorizeRemoteStart is true, F01.FR.01)"),
    ("authorize_remote_start_always", "TC_F_03_CS", "although its AuthorizeRemoteStart is false (F01.FR.02"),
    ("no_ev_connection_timeout", "TC_F_04_CS", "did not send TransactionEventRequest with triggerReason "
                                               "EVConnectTimeout once EVConnectionTimeOut"),
    ("unlock_during_transaction", "TC_F_05_CS", 'status is "Unlocked", expected OngoingAuthorizedTransaction'),
    ("unlock_failed_without_cable", "TC_F_06_CS", 'status is "UnlockFailed", expected Unlocked'),
    ("unlock_failed_without_cable", "TC_F_07_CS", 'status is "UnlockFailed", expected Unlocked'),
    ("wrong_remote_stop_reason", "TC_F_08_CS", 'triggerReason is "StopAuthorized", expected RemoteStop'),
    ("accept_stop_unknown_transaction", "TC_F_09_CS", 'status is "Accepted", expected Rejected'),
    ("unlock_unknown_connector_failed", "TC_F_10_CS", 'status is "UnlockFailed", expected UnknownConnector'),
    ("wrong_trigger_meter_context", "TC_F_11_CS", 'meterValue[0].sampledValue[0].context is "Sample.Periodic", '
                                                  "expected Trigger"),
    ("trigger_first_evse_only", "TC_F_12_CS", "did not send MeterValuesRequest for EVSE 2 after answering "
                                              "TriggerMessage (F06.FR.11"),
    ("wrong_trigger_transaction_reason", "TC_F_13_CS", 'triggerReason is "MeterValuePeriodic", expected Trigger'),
    ("trigger_first_evse_only", "TC_F_14_CS", "did not send TransactionEventRequest for EVSE 2 after answering "
                                              "TriggerMessage (F06.FR.11"),
    ("transfer_status_trigger_never_idle", "TC_F_15_CS", 'status is "Uploaded", expected Idle'),
    ("transfer_status_trigger_always_idle", "TC_F_16_CS", 'status is "Idle", expected Uploading'),
    ("reject_trigger_with_irrelevant_evse", "TC_F_17_CS", 'status is "Rejected", expected Accepted'),
    ("transfer_status_trigger_never_idle", "TC_F_18_CS", 'status is "Installed", expected Idle'),
    ("transfer_status_trigger_always_idle", "TC_F_19_CS", 'status is "Idle", expected Downloading'),
    ("no_triggered_heartbeat", "TC_F_20_CS", "did not send HeartbeatRequest after answering TriggerMessage"),
    ("reject_specific_status_trigger", "TC_F_23_CS", 'status is "Rejected", expected Accepted'),
    ("stale_triggered_status", "TC_F_24_CS", 'connectorStatus is "Available", expected Occupied'),
    ("accept_boot_trigger_after_accepted", "TC_F_26_CS", 'status is "Accepted", expected Rejected'),
    ("reject_unimplemented_trigger", "TC_F_27_CS", 'status is "Rejected", expected NotImplemented'),
]
K_MUTANTS = [
    ("reject_remote_start_with_profile", "TC_K_38_CS", 'status is "Rejected", expected Accepted'),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)
test_k_scenario_fails_against_wrong_station = mutation_test(K_MUTANTS, "station_faults", "-D station_timeout=1",
                                                            features=K_FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
    assert_cases_pass([case for _, case, _ in K_MUTANTS], features=K_FEATURES)
