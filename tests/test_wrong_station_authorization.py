"""OCTT block C station cases fail against a station that gets authorization wrong: the embedded
reference station with one of its block C faults switched on (-D station_faults=..., see StationFaults
in support/reference/station/station.py) makes the matching TC_C_xx_CS scenario of
features/station/ocpp201/C_authorization_octt.feature fail with a message that names what went wrong;
without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/C_authorization_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("accept_invalid_token", "TC_C_02_CS", "the station sent TransactionEventRequest although it should not have"),
    ("accept_invalid_token", "TC_C_05_CS", "the station sent TransactionEventRequest although it should not have"),
    ("accept_invalid_token", "TC_C_06_CS", "the station sent TransactionEventRequest although it should not have"),
    ("accept_invalid_token", "TC_C_07_CS", "the station sent TransactionEventRequest although it should not have"),
    ("accept_invalid_token", "TC_C_56_CS", "the station sent TransactionEventRequest although it should not have"),
    ("stop_with_any_token", "TC_C_04_CS", "the station ended, deauthorized or suspended the running transaction"),
    ("no_authorization_cache", "TC_C_08_CS", "although it holds it in its Authorization Cache as Accepted and "
                                             "LocalPreAuthorize is true (C12.FR.02)"),
    ("trust_cached_rejection", "TC_C_09_CS", "did not send AuthorizeRequest with idToken.idToken <INVALID_ID_TOKEN>"),
    ("trust_cached_rejection", "TC_C_10_CS", "did not send AuthorizeRequest with idToken.idToken <BLOCKED_ID_TOKEN>"),
    ("trust_cached_rejection", "TC_C_11_CS", "did not send AuthorizeRequest with idToken.idToken <EXPIRED_ID_TOKEN>"),
    ("trust_cached_rejection", "TC_C_12_CS", "the station did not send AuthorizeRequest"),
    ("no_authorization_cache", "TC_C_13_CS", "although it holds it in its Authorization Cache as Accepted"),
    ("ignore_disable_post_authorize", "TC_C_57_CS", "the station sent AuthorizeRequest although it should not have"),
    ("volatile_cache", "TC_C_32_CS", "although it holds it in its Authorization Cache as Accepted"),
    ("no_authorization_cache", "TC_C_33_CS", "did not send TransactionEventRequest with triggerReason Authorized"),
    ("no_cache_update_on_transaction_answer", "TC_C_34_CS",
     "did not send AuthorizeRequest with idToken.idToken <VALID_ID_TOKEN>"),
    ("pre_authorize_always", "TC_C_36_CS", "did not send AuthorizeRequest with idToken.idToken <VALID_ID_TOKEN>"),
    ("keep_cache_on_clear", "TC_C_37_CS", "the station did not send AuthorizeRequest"),
    ("clear_disabled_cache", "TC_C_38_CS", 'status is "Accepted", expected Rejected'),
    ("ignore_cache_lifetime", "TC_C_46_CS", "the station did not send AuthorizeRequest"),
    ("no_group_stop", "TC_C_39_CS", "did not send TransactionEventRequest with triggerReason StopAuthorized"),
    ("no_group_stop", "TC_C_41_CS", "did not send TransactionEventRequest with triggerReason StopAuthorized"),
    ("stop_with_rejected_group_token", "TC_C_42_CS",
     "the station ended, deauthorized or suspended the running transaction"),
    ("stop_with_rejected_group_token", "TC_C_44_CS",
     "the station ended, deauthorized or suspended the running transaction"),
    ("master_pass_starts_transaction", "TC_C_45_CS",
     "the station sent TransactionEventRequest although it should not have"),
    ("master_pass_ignored", "TC_C_49_CS", "did not send TransactionEventRequest that ends the transaction on EVSE 1"),
    ("master_pass_ui_stops_one", "TC_C_47_CS",
     "did not send TransactionEventRequest that ends the transaction on EVSE 2"),
    ("master_pass_ui_stops_all", "TC_C_48_CS", "the station ended, deauthorized or suspended the running transaction, "
                                               "which must go on"),
    ("ignore_max_energy_on_invalid_id", "TC_C_15_CS", '"chargingState":"SuspendedEVSE"'),
    ("keep_transaction_on_invalid_id", "TC_C_16_CS",
     "did not send TransactionEventRequest with triggerReason Deauthorized"),
    ("charge_on_invalid_id", "TC_C_17_CS", "did not send TransactionEventRequest with transactionInfo.chargingState "
                                           "SuspendedEVSE"),
    ("max_energy_before_stop", "TC_C_18_CS",
     "did not send TransactionEventRequest with triggerReason Deauthorized"),
    ("refuse_unknown_offline", "TC_C_26_CS",
     "did not send TransactionEventRequest with idToken.idToken <VALID_ID_TOKEN>, idToken.type <VALID_ID_TOKEN_TYPE>"),
]

test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
