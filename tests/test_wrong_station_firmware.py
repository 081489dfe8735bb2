"""OCTT block L station cases (features/station/ocpp201/L_firmware_octt.feature) fail against a station that
gets the case wrong: the embedded reference station with one of its faults switched on (-D station_faults=...,
the block L faults of StationFaults in support/reference/station/station.py) makes the matching scenario fail,
with a message that names the rule; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/L_firmware_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("no_signature_verified", "TC_L_01_CS", 'status is "Installing", expected SignatureVerified'),
    ("ignore_install_date_time", "TC_L_02_CS", 'status is "Installing", expected InstallScheduled'),
    ("ignore_retrieve_date_time", "TC_L_03_CS", 'status is "Downloading", expected DownloadScheduled'),
    ("accept_untrusted_signing_certificate", "TC_L_05_CS",
     'status is "Accepted", expected InvalidCertificate or RevokedCertificate'),
    ("ignore_firmware_signature", "TC_L_06_CS", 'status is "SignatureVerified", expected InvalidSignature'),
    ("silent_download_failure", "TC_L_07_CS", "did not send FirmwareStatusNotificationRequest for the UpdateFirmware "
                                              "request"),
    ("no_install_verification", "TC_L_08_CS", '{"status": "Installed", "requestId": '),
    ("keep_canceled_firmware_update", "TC_L_10_CS", "still reported on the update it canceled"),
    ("accept_firmware_update_while_busy", "TC_L_11_CS", 'status is "Accepted", expected Rejected'),
    ("download_during_transaction", "TC_L_12_CS", "reported Downloading for the UpdateFirmware request while "
                                                  "transaction"),
    ("no_unavailable_pending_firmware", "TC_L_13_CS", "which has no transaction (L01.FR.07"),
    ("install_during_transaction", "TC_L_14_CS", "reported Installing for the UpdateFirmware request while "
                                                 "transaction"),
    ("install_during_transaction", "TC_L_15_CS", "(L01.FR.06"),
    ("available_pending_firmware", "TC_L_15_CS", "Available once the EV left, while the firmware update waited; "
                                                 "expected Unavailable (L01.FR.07"),
    ("no_reconnect_after_firmware_update", "TC_L_16_CS", "reported Installed without having reconnected"),
    ("accept_unsigned_firmware", "TC_L_18_CS", 'status is "Accepted", expected Rejected or InvalidCertificate'),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
