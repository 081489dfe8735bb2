"""Steps about meter values (OCPP 2.0.1 J): what the station meters and reports, and checks that the
CSMS answered the messages that carried them."""
import difflib

from behave import given, then, when

from support.scenario.expect import StepError
from support.station import metering, transactions
from support.scenario.words import split_list

# "the test station reports {what} when a transaction {moment}"
REPORTS = {
    ("the energy meter", "starts"): ("begin", True),
    ("the energy meter", "ends"): ("end", "Transaction.End"),
    ("clock-aligned meter values", "ends"): ("end", "Sample.Clock"),
    ("sampled meter values", "ends"): ("end", "Sample.Periodic"),
}


@given("the test station reports {what} when a transaction {moment}")
def step_profile(context, what, moment):
    """What the station adds to its TransactionEvents on its own (its SampledDataCtrlr and
    AlignedDataCtrlr settings), reusable states included: "the energy meter when a transaction
    starts" (a Transaction.Begin reading in the first event that names the EVSE), "the energy meter
    when a transaction ends" (a Transaction.End reading in the Ended event), "clock-aligned meter
    values when a transaction ends" or "sampled meter values when a transaction ends" (Sample.Clock
    or Sample.Periodic readings at the Tx-ended interval, then Transaction.End, in the Ended event).

    Example: Given the test station reports clock-aligned meter values when a transaction ends
    """
    key = (what.strip(), moment.strip())
    if key not in REPORTS:
        options = [f"{w} when a transaction {m}" for w, m in REPORTS]
        hint = difflib.get_close_matches(f"{key[0]} when a transaction {key[1]}", options, 1, 0.5)
        raise StepError(f"the station cannot report '{what}' when a transaction {moment}" +
                        (f"; did you mean '{hint[0]}'?" if hint else f"; it reports: {'; '.join(options)}"))
    name, value = REPORTS[key]
    setattr(metering.meter(context.session.station, context.settings).profile, name, value)


@given("the test station signs its meter values")
def step_signed(context):
    """Every energy reading the station sends carries a signedMeterValue (OCMF, signed with ECDSA
    P-256, with the public key).

    Example: Given the test station signs its meter values
    """
    metering.meter(context.session.station, context.settings).signed = True


@given("the test station learns the EVSE only when the cable is plugged in")
def step_evse_unknown(context):
    """The driver authorizes before the station knows the EVSE: a TransactionEvent Started with
    triggerReason Authorized has no evse, and the next event of that transaction names it.

    Example: Given the test station learns the EVSE only when the cable is plugged in
    """
    transactions.evse_unknown_at_authorization(context.session.station)


@when("the test station sends clock-aligned meter values {count:d} times")
def step_clock_aligned(context, count):
    """Rounds of clock-aligned meter values, one clock-aligned interval apart: MeterValues
    (Sample.Clock) and a FiscalMetering NotifyEvent (trigger Periodic) for the main meter and every
    idle EVSE, and a TransactionEvent (MeterValueClock) for every EVSE with an ongoing transaction.

    Example: When the test station sends clock-aligned meter values 3 times
    """
    metering.send_clock_aligned(context.session, context.session.station, context.settings, count)


@when("the test station sends a sampled meter value")
@when("the test station sends sampled meter values {count:d} times")
def step_sampled(context, count=1):
    """TransactionEvents (Updated, triggerReason MeterValuePeriodic) of the ongoing transaction on
    the configured EVSE, each with a Sample.Periodic energy reading one sampled interval later.

    Example: When the test station sends sampled meter values 3 times
    """
    metering.send_sampled(context.session, context.session.station, context.settings,
                          context.settings.integer("evse_id"), count)


@then("the CSMS answers every message that carried meter values in context {contexts}")
def step_answered_contexts(context, contexts):
    """Every MeterValues and TransactionEvent the station sent with readings in one of these
    contexts got a valid CALLRESULT, and each context was sent at least once. Contexts without
    quotes: Sample.Clock and Transaction.End.

    Example: Then the CSMS answers every message that carried meter values in context Sample.Clock and Transaction.End
    """
    metering.check_meter_values_answered(context.session, context.session.station, split_list(contexts))


@then("the CSMS answers every message that carried signed meter values")
def step_answered_signed(context):
    """Every MeterValues and TransactionEvent the station sent with a signedMeterValue got a valid
    CALLRESULT (and there was at least one).

    Example: Then the CSMS answers every message that carried signed meter values
    """
    metering.check_meter_values_answered(context.session, context.session.station, signed=True)
