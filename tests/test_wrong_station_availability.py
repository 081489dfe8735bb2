"""OCTT blocks G and P station cases (features/station/ocpp201/G_availability_octt.feature,
P_data_transfer_octt.feature) fail against a station that gets the case wrong: the embedded reference
station with one of its faults switched on (-D station_faults=..., the block G and P faults of StationFaults
in support/reference/station/station.py) makes the matching scenario fail, with a message that names the rule
or the OCTT step; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

G_FEATURES = "features/station/ocpp201/G_availability_octt.feature"
P_FEATURES = "features/station/ocpp201/P_data_transfer_octt.feature"

G_MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("no_occupied_status", "TC_G_01_CS", "did not send StatusNotificationRequest with connectorStatus Occupied"),
    ("no_available_status_on_unplug", "TC_G_02_CS", "did not send StatusNotificationRequest with connectorStatus "
                                                    "Available"),
    ("availability_scope_ignored", "TC_G_03_CS", "after a ChangeAvailability Inoperative of the configured EVSE only "
                                                 "(G03.FR.01, G03.FR.06"),
    ("operative_ignored", "TC_G_04_CS", "did not send StatusNotificationRequest with connectorStatus Available for "
                                        "EVSE 1 connector 1"),
    ("silent_availability_change", "TC_G_05_CS", "did not send StatusNotificationRequest with connectorStatus "
                                                 "Unavailable for EVSE 1 connector 1"),
    ("operative_ignored", "TC_G_06_CS", "did not send StatusNotificationRequest with connectorStatus Available"),
    ("availability_scope_ignored", "TC_G_07_CS", "after a ChangeAvailability Inoperative of the configured connector "
                                                 "only (G03.FR.01, G03.FR.06"),
    ("operative_ignored", "TC_G_08_CS", "did not send StatusNotificationRequest with connectorStatus Available for "
                                        "EVSE 1 connector 1"),
    ("reject_unchanged_availability", "TC_G_09_CS", 'status is "Rejected", expected Accepted'),
    ("reject_unchanged_availability", "TC_G_10_CS", 'status is "Rejected", expected Accepted'),
    ("inoperative_at_once_during_transaction", "TC_G_11_CS", 'status is "Accepted", expected Scheduled'),
    ("reject_unchanged_availability", "TC_G_12_CS", 'status is "Rejected", expected Accepted'),
    ("reject_unchanged_availability", "TC_G_13_CS", 'status is "Rejected", expected Accepted'),
    ("scheduled_availability_forgotten", "TC_G_14_CS", "G04.FR.06: only the EVSEs with a transaction wait for it "
                                                       "to end"),
    ("reject_unchanged_availability", "TC_G_15_CS", 'status is "Rejected", expected Accepted'),
    ("reject_unchanged_availability", "TC_G_16_CS", 'status is "Rejected", expected Accepted'),
    ("scheduled_availability_forgotten", "TC_G_17_CS", "once its transaction had ended (G03.FR.05, G04.FR.06"),
    ("availability_lost_on_reset", "TC_G_18_CS", 'connectorStatus is "Available", expected Unavailable'),
    ("availability_lost_on_reset", "TC_G_19_CS", 'connectorStatus is "Available", expected Unavailable'),
    ("availability_lost_on_reset", "TC_G_21_CS", "after the reconnection the station reports EVSE 1 connector 1 "
                                                 "Available, expected Unavailable"),
]

P_MUTANTS = [
    ("accept_unknown_data_transfer", "TC_P_01_CS", 'status is "Accepted", expected UnknownVendorId or '
                                                   "UnknownMessageId or Rejected"),
    ("reject_custom_data", "TC_P_03_CS", "expected the station to answer SetVariables with a CALLRESULT"),
]

test_g_scenario_fails_against_wrong_station = mutation_test(G_MUTANTS, "station_faults", "-D station_timeout=1",
                                                            features=G_FEATURES, trace=True)
test_p_scenario_fails_against_wrong_station = mutation_test(P_MUTANTS, "station_faults", "-D station_timeout=1",
                                                            features=P_FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in G_MUTANTS], features=G_FEATURES)
    assert_cases_pass([case for _, case, _ in P_MUTANTS], features=P_FEATURES)
