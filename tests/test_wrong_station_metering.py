"""OCTT block J station cases (features/station/ocpp201/J_meter_values_octt.feature) fail against a station
that gets the case wrong: the embedded reference station with one of its faults switched on
(-D station_faults=..., the block J faults of StationFaults in support/reference/station/station.py) makes
the matching scenario fail, with a message that names the rule; without the faults the same scenarios pass."""
from behave_runner import assert_cases_pass, mutation_test

FEATURES = "features/station/ocpp201/J_meter_values_octt.feature"

MUTANTS = [
    # (fault, case that must fail, words the failure must contain)
    ("clock_aligned_off_the_clock", "TC_J_01_CS", "is not on the clock: AlignedDataCtrlr.Interval is 6 protocol seconds"),
    ("no_clock_aligned_during_transaction", "TC_J_02_CS", "leave out EVSE 1, whose transaction"),
    ("no_tx_ended_readings", "TC_J_03_CS", "Ended has no reading in context Sample.Clock"),
    ("unsigned_tx_ended_readings", "TC_J_04_CS", "the Energy.Active.Import.Register reading has no signedMeterValue"),
    ("ignore_send_during_idle", "TC_J_06_CS", "although AlignedDataCtrlr.SendDuringIdle is true"),
    ("missing_meter_values", "TC_J_07_CS", "in context Transaction.Begin:\n  it has no meterValue"),
    ("no_begin_reading_when_evse_known", "TC_J_08_CS", "(eventType Updated, triggerReason CablePluggedIn) should carry "
                                                       "the readings of SampledDataCtrlr.TxStartedMeasurands"),
    ("missing_meter_values", "TC_J_09_CS", "with readings in context Sample.Periodic (SampledDataCtrlr.TxUpdatedInterval"),
    ("no_tx_ended_readings", "TC_J_10_CS", "Ended has no reading in context Sample.Periodic"),
    ("unsigned_tx_ended_readings", "TC_J_11_CS", "the Energy.Active.Import.Register reading has no signedMeterValue"),
]


test_scenario_fails_against_wrong_station = mutation_test(MUTANTS, "station_faults", "-D station_timeout=1",
                                                          features=FEATURES, trace=True)


def test_same_scenarios_pass_against_the_reference_station():
    assert_cases_pass([case for _, case, _ in MUTANTS], features=FEATURES)
