"""OCTT block M station cases (features/station/ocpp201/M_certificates_octt.feature) fail against a station
that gets the case wrong: the embedded reference station with one of its faults switched on
(-D station_faults=..., the block M faults of StationFaults in support/reference/station/station.py) makes the
matching scenario fail, with a message that names the rule or the OCTT step; without the faults the same
scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/M_certificates_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("install_accepted_not_stored", "TC_M_01_CS", "M05.FR.02, M03.FR.03/04: a certificate the station accepted with "
                                                  "InstallCertificate is installed"),
    ("reject_manufacturer_root", "TC_M_02_CS", 'status is "Rejected", expected Accepted'),
    ("accept_expired_certificate", "TC_M_07_CS", 'status is "Accepted", expected Rejected'),
    ("no_additional_root_check", "TC_M_09_CS", 'status is "Accepted", expected Rejected'),
    ("lists_one_certificate_per_type", "TC_M_12_CS", "has no CSMSRootCertificate entry with the hash data of the "
                                                     "configured CSMSRootCertificate"),
    ("hash_algorithm_mislabelled", "TC_M_13_CS", "has no ManufacturerRootCertificate entry with the hash data of the "
                                                 "configured ManufacturerRootCertificate"),
    ("single_certificate_type_filter", "TC_M_17_CS", "has no ManufacturerRootCertificate entry with the hash data of "
                                                     "the configured ManufacturerRootCertificate"),
    ("no_certificates_without_type", "TC_M_18_CS", 'status is "NotFound", expected Accepted'),
    ("certificate_type_filter_ignored", "TC_M_19_CS", 'status is "Accepted", expected NotFound'),
    ("delete_not_applied", "TC_M_20_CS", "M04.FR.02: the station accepted DeleteCertificate, so it deleted the "
                                         "certificate, but its answer to GetInstalledCertificateIds lists the "
                                         "configured CSMSRootCertificate"),
    ("delete_unknown_accepted", "TC_M_22_CS", 'status is "Accepted", expected NotFound'),
    ("delete_charging_station_certificate", "TC_M_23_CS", 'status is "Accepted", expected NotFound or Failed'),
    ("keep_fallback_root", "TC_M_30_CS", "M05.FR.13: once the station connected to the CSMS using the new CSMS root "
                                         "certificate, it removes the old one"),
    ("no_fallback_root", "TC_M_31_CS", "M05.FR.14: when the new CSMS root certificate does not verify the CSMS's "
                                       "server certificate, the station tries the old one"),
    # the same faults break the cases that rely on what they break
    ("install_accepted_not_stored", "TC_M_18_CS", "has no CSMSRootCertificate entry with the hash data of the "
                                                  "configured CSMSRootCertificate"),
]

test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
