"""OCPP 1.6 station-direction scenarios fail against a Charge Point that gets the case wrong: the
embedded 1.6 reference station with one of its faults switched on (-D station_faults=..., see
StationFaults16 in support/reference/station/ocpp16.py) makes the matching OCTT scenario fail with a
message that says what went wrong; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test, run_behave

FEATURES = "features/station/ocpp16"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("stop_without_meter_stop", "TC_012_CS", "'meterStop' is a required property"),
    ("stop_without_meter_stop", "TC_068_CS", "StopTransactionRequest breaks the rules"),
    ("no_connector_zero_status", "TC_001_CS", "did not send StatusNotificationRequest with status Available "
                                              "for connector 0"),
    ("meter_values_without_transaction_id", "TC_070_CS", "MeterValues has transactionId null"),
    ("wrong_reset_stop_reason", "TC_015_CS", 'reason is "Other", expected HardReset'),
    ("accept_remote_start_on_busy_connector", "TC_026_CS", 'status is "Accepted", expected Rejected'),
    ("accept_unknown_configuration_key", "TC_040_1_CS", 'status is "Accepted", expected NotSupported'),
    ("forget_availability_on_reboot", "TC_034_CS", "did not send StatusNotificationRequest with status Unavailable"),
    ("no_reservation_id", "TC_046_1_CS", "StartTransaction has reservationId null"),
    ("status_while_pending", "TC_002_CS", "while Pending the station also sent StatusNotification"),
    ("no_retry_after_rejected", "TC_001_CS", "did not send BootNotificationRequest"),
    ("accept_stop_unknown_transaction", "TC_028_CS", 'status is "Accepted", expected Rejected'),
    ("drop_offline_transaction_events", "TC_039_CS", "did not send StartTransactionRequest"),
    ("missing_meter_values", "TC_070_CS", "did not send MeterValuesRequest"),
    # security profiles 2 and 3 (security_tls.feature)
    ("keep_old_client_certificate", "TC_074_CS", "not the one the CSMS signed"),
    ("keep_old_security_profile", "TC_083_CS", "A05.FR.06/07 (1.6 security whitepaper): having accepted"),
    ("accept_security_profile_downgrade", "TC_084_CS", 'status is "Accepted", expected Rejected'),
    ("tls_without_ocpp_cipher_suites", "TC_086_CS", "breaks the OCPP 1.6 security whitepaper (A00.FR.312, A00.FR.318)"),
    ("tls_without_ocpp_cipher_suites", "TC_087_CS", "the station offers neither both TLS_ECDHE_ECDSA_WITH_AES_128/256"),
    ("no_client_certificate", "TC_087_CS", "HTTP 401: security profile 3 requires a client certificate"),
]



test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1", features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)


def test_the_whole_1_6_station_plan_passes():
    code, output, verdicts = run_behave("--tags=@ocpp16 and @station", features=FEATURES)
    assert code == 0, output
    ran = {name: v for name, v in verdicts.items() if v != "skipped"}
    assert len(ran) >= 35 and set(ran.values()) == {"passed"}, verdicts


def test_an_unknown_fault_is_refused_with_the_known_ones():
    code, output, _ = run_behave("-D station_faults=stop_without_meterstop", "--tags=@TC_012_CS", features=FEATURES)
    assert code != 0
    assert "unknown station faults: stop_without_meterstop" in output and "stop_without_meter_stop" in output, output


def test_misspelled_1_6_words_say_did_you_mean():
    from behave_runner import temp_features
    folder = temp_features('@ocpp16 @station\nFeature: probe\n\n  Scenario: probe\n'
                           '    Given the station has booted\n'
                           '    When an EV is plugged in at connector 1\n'
                           '    Then the Charge Point sends StatusNotification "Preparng" for connector 1\n')
    code, output, _ = run_behave(features=folder)
    assert code != 0 and "'Preparng' is not a ChargePointStatus; did you mean Preparing?" in output, output
    folder = temp_features('@ocpp16 @station\nFeature: probe\n\n  Scenario: probe\n'
                           '    Given the station has booted\n'
                           '    When the test CSMS sends Reset "Hrad"\n')
    code, output, _ = run_behave(features=folder)
    assert code != 0 and "'Hrad' is not a Reset.type; did you mean Hard?" in output, output
