"""@station features, block J MeterValues: clock-aligned rounds, the readings of one TransactionEvent, the
periodic and the TxEndedInterval readings of a transaction, and the wait of a number of intervals. The
logic is in support/scenario/station_metering.py."""
from behave import given, then, when

from support.scenario import station_metering as metering

from station_csms_steps import station_session


@given("the station has a card reader for all its EVSEs")
def step_shared_card_reader(context):
    """OCTT TC_J_08_CS prerequisite ("EVSE not known"): the station has more than one EVSE and one card reader
    for them all, so an idToken presented before the EV is plugged in starts a transaction whose EVSE the
    station learns at the plug-in. The embedded reference station is made so; another station is so when
    station_has_shared_card_reader says it (and CONFIGURED_NUMBER_OF_EVSES is above 1), else the scenario is
    not run.

    Example: Given the station has a card reader for all its EVSEs
    """
    metering.shared_card_reader(station_session(context))


@when("the transaction runs for {count:d} intervals of {spec}")
def step_run_for_intervals(context, count, spec):
    """The transaction runs this many intervals of an interval variable of the station (read with
    GetVariables; protocol seconds, scaled by station_time_scale), so that the readings taken at that
    interval can be judged (OCTT waits its <Configured transaction duration>).

    Example: When the transaction runs for 3 intervals of AlignedDataCtrlr.TxEndedInterval
    """
    metering.run_for_intervals(station_session(context), count, spec)


@then("the station sends clock-aligned MeterValues for {rounds:d} intervals")
def step_clock_aligned(context, rounds):
    """J01: from now on, MeterValues with Sample.Clock readings for this many clock-aligned intervals: each
    reading's sampledValue[0] in context Sample.Clock with every measurand of AlignedDataCtrlr.Measurands,
    one timestamp per interval, on the multiples of AlignedDataCtrlr.Interval since midnight and one
    interval apart (both variables read with GetVariables).

    Example: Then the station sends clock-aligned MeterValues for 3 intervals
    """
    metering.expect_clock_aligned(station_session(context), rounds)


@then("the station reports the transaction's clock-aligned readings for {rounds:d} intervals")
def step_clock_aligned_transaction(context, rounds):
    """J01 during a transaction (OCTT TC_J_02_CS): as "the station sends clock-aligned MeterValues", where a
    TransactionEvent Updated with Sample.Clock readings counts too (triggerReason MeterValueClock), and every
    interval reports the EVSE of the scenario's transaction: in a TransactionEvent of the transaction or in
    MeterValues of its EVSE (the document's steps 3-4 or 1-2).

    Example: Then the station reports the transaction's clock-aligned readings for 2 intervals
    """
    metering.expect_clock_aligned(station_session(context), rounds, of_transaction=True)


@then("the station sent no clock-aligned meter values while the transaction ran")
def step_none_during_transaction(context):
    """AlignedDataCtrlr.SendDuringIdle true (OCTT TC_J_06_CS): between the Started and the Ended event of the
    scenario's transaction, by their timestamps, no MeterValues with Sample.Clock readings and no
    TransactionEvent MeterValueClock.

    Example: Then the station sent no clock-aligned meter values while the transaction ran
    """
    metering.expect_none_during_transaction(station_session(context))


@then("the Ended event of the transaction holds {kind} meter values")
def step_tx_ended_readings(context, kind):
    """The TransactionEvent Ended of the scenario's transaction carries the TxEndedInterval readings: kind
    "clock-aligned" (AlignedDataCtrlr: Sample.Clock, on the clock) or "sampled" (SampledDataCtrlr:
    Sample.Periodic, and a Transaction.End reading), with sampledValue[0] in that context, every measurand of
    TxEndedMeasurands and one TxEndedInterval between the timestamps; "signed clock-aligned" or "signed
    sampled": each energy reading with a signedMeterValue, its publicKey "" or a public key as
    OCPPCommCtrlr.PublicKeyWithSignedMeterValue says (the variables read with GetVariables).

    Example: Then the Ended event of the transaction holds signed sampled meter values
    """
    metering.expect_tx_ended_readings(station_session(context), kind)


@then('that TransactionEvent reads each measurand of {spec} in context "{reading_context}"')
def step_event_readings(context, spec, reading_context):
    """The TransactionEvent a step matched last has meterValue, with meterValue[0].sampledValue[0] in this
    context and a sampled value of every measurand of the variable (read with GetVariables; the measurand
    may be left out for Energy.Active.Import.Register).

    Example: Then that TransactionEvent reads each measurand of SampledDataCtrlr.TxStartedMeasurands in context "Transaction.Begin"
    """
    metering.check_event_readings(station_session(context), spec, reading_context)


@then("the station samples the transaction {count:d} times at its TxUpdatedInterval")
def step_periodic(context, count):
    """J02 (OCTT TC_J_09_CS): the scenario's transaction's next TransactionEvents with Sample.Periodic
    readings, this many: triggerReason MeterValuePeriodic, sampledValue[0] in context Sample.Periodic, every
    measurand of SampledDataCtrlr.TxUpdatedMeasurands, timestamps one SampledDataCtrlr.TxUpdatedInterval apart.

    Example: Then the station samples the transaction 3 times at its TxUpdatedInterval
    """
    metering.expect_periodic(station_session(context), count)
