"""OCTT block N station cases (features/station/ocpp201/N_diagnostics_octt.feature) fail against a station
that gets the case wrong: the embedded reference station with one of its faults switched on
(-D station_faults=..., the block N faults of StationFaults in support/reference/station/station.py) makes
the matching scenario fail, with a message that names the rule; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/N_diagnostics_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("no_log_filename", "TC_N_25_CS", "filename is absent, expected (not empty)"),
    ("no_log_upload_retries", "TC_N_26_CS", "reporting attempt 2 of 4 (retries 3"),
    ("log_status_without_request_id", "TC_N_35_CS", "requestId is absent, expected"),
    ("no_log_cancel_notification", "TC_N_36_CS", "did not send LogStatusNotificationRequest with status AcceptedCanceled"),
    ("no_customer_data", "TC_N_27_CS", 'data is "", expected (not empty)'),
    ("no_notify_without_customer_data", "TC_N_28_CS", "did not send NotifyCustomerInformationRequest for the "
                                                      "CustomerInformation request"),
    ("no_customer_data", "TC_N_30_CS", 'data is "", expected (not empty)'),
    ("no_notify_without_customer_data", "TC_N_31_CS", "did not send NotifyCustomerInformationRequest for the "
                                                      "CustomerInformation request"),
    ("no_notify_on_clear_only", "TC_N_32_CS", "did not send NotifyCustomerInformationRequest for the "
                                              "CustomerInformation request"),
    ("customer_data_not_cleared", "TC_N_62_CS", "data is \"customer OpenChargeAlliance: data entered at the station\", "
                                                "expected (empty)"),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
