"""Block J (MeterValues) against a station under test: what the test CSMS checks of its clock-aligned and
sampled meter values (OCTT TC_J_xx_CS). The steps in features/steps/station_metering_steps.py call these
with the scenario's StationScenarioSession.

- clock-aligned rounds (J01; TC_J_01/02/06_CS): MeterValues, and for an EVSE in a transaction TransactionEvent
  MeterValueClock, with sampledValue[0] in context Sample.Clock and every measurand of
  AlignedDataCtrlr.Measurands; one timestamp per round, on a multiple of AlignedDataCtrlr.Interval since
  midnight (UTC), the rounds one interval apart;
- none of them while a transaction runs when AlignedDataCtrlr.SendDuringIdle is true (TC_J_06_CS);
- the TxEndedInterval readings in the TransactionEvent that ends the transaction, clock-aligned
  (AlignedDataCtrlr) or sampled (SampledDataCtrlr), signed or not (TC_J_03/04/10/11_CS);
- the readings of one TransactionEvent against the measurands of a variable (TxStartedMeasurands in
  context Transaction.Begin: TC_J_07/08_CS);
- the periodic TransactionEvents of SampledDataCtrlr.TxUpdatedInterval (TC_J_09_CS).

The variables are read from the station with GetVariables (OCTT: its configuration). Intervals are
protocol seconds, which a station runs scaled by station_time_scale (compressed against the embedded
reference station): one interval is `interval x time scale` seconds between two timestamps.
"""
import base64
import json
import math
import time
from datetime import datetime, timezone

from cryptography.hazmat.primitives import serialization

from . import expect, station_transactions
from .outcomes import NotRun
from .station_states import station_made_as
from ..csms.scripted import build_get_variables, parse_variable_spec

ENERGY = "Energy.Active.Import.Register"
DEFAULT_CONTEXT = "Sample.Periodic"     # SampledValueType.context when absent
KINDS = {"clock-aligned": ("AlignedDataCtrlr", "Sample.Clock"), "sampled": ("SampledDataCtrlr", "Sample.Periodic")}


# ---------------------------------------------------------------------- what the station is configured with

def read_variable(session, spec, needed=True):
    """A variable of the station, read with GetVariables. `needed`: a station that does not answer Accepted
    leaves the case without what it checks against (not run); else None."""
    session.command("GetVariables", build_get_variables([parse_variable_spec(spec, False)]))
    answer = session.check_command_answer("GetVariables", [("getVariableResult[0].attributeStatus", "(present)")])
    result = answer["getVariableResult"][0]
    if result["attributeStatus"] != "Accepted":
        if needed:
            raise NotRun(f"the station answered {result['attributeStatus']} to GetVariables {spec}, which the case "
                         f"checks its meter values against")
        return None
    return result.get("attributeValue") or ""


def interval_of(session, spec):
    """An interval variable of the station (protocol seconds)."""
    value = read_variable(session, spec)
    try:
        seconds = float(value)
    except ValueError:
        session.fail(f"the station reports {spec} as {value!r}, not a number of seconds")
    if seconds <= 0:
        session.fail(f"the station reports {spec} as {value!r}: no interval, although the case set one")
    return seconds


def measurands_of(session, spec):
    return [m.strip() for m in read_variable(session, spec).split(",") if m.strip()]


def shared_card_reader(session):
    """OCTT TC_J_08_CS prerequisite: more than one EVSE and one card reader for all (the EVSE is not known
    when the idToken is presented); station_has_shared_card_reader, the embedded station made so."""
    if session.config.integer("number_of_evses") < 2:
        raise NotRun("the case is only applicable to a station with more than 1 EVSE (OCTT prerequisite); "
                     "CONFIGURED_NUMBER_OF_EVSES is "
                     f"{session.config.number_of_evses}")
    station_made_as(session, "station_has_shared_card_reader", True, "has one card reader for all its EVSEs")


def run_for_intervals(session, count, spec):
    """The transaction runs `count` intervals of an interval variable (read with GetVariables; OCTT waits
    its <Configured transaction duration>, which must hold readings to compare)."""
    seconds = interval_of(session, spec)
    time.sleep(session.protocol_seconds(count * seconds))


# ---------------------------------------------------------------------- readings

def _epoch(session, text, what):
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        session.fail(f"the station's {what} has the timestamp {text!r}, which is not RFC 3339")
    if moment.tzinfo is None:
        session.fail(f"the station's {what} has the timestamp {text!r} without a time zone")
    return moment.timestamp()


def _stamp(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _in_context(meter_value, context):
    return [sv for sv in meter_value.get("sampledValue", []) if sv.get("context", DEFAULT_CONTEXT) == context]


def _first_context(meter_value):
    values = meter_value.get("sampledValue") or [{}]
    return values[0].get("context", DEFAULT_CONTEXT)


def _reading_problems(meter_value, context, measurands):
    """What one MeterValueType lacks (OCTT: sampledValue[0].context, an element per configured measurand;
    the measurand may be omitted for Energy.Active.Import.Register)."""
    problems = []
    first = _first_context(meter_value)
    if first != context:
        problems.append(f"sampledValue[0].context is {first}, expected {context}")
    present = {sv.get("measurand", ENERGY) for sv in _in_context(meter_value, context)}
    missing = [m for m in measurands if m not in present]
    if missing:
        problems.append(f"no sampled value of {', '.join(missing)} in context {context}")
    return problems


def _tolerance(wall):
    """How far a timestamp may be off: the station's clock and its milliseconds."""
    return max(0.005, 0.02 * wall)


def _off_the_clock(epoch, wall):
    """How far a timestamp is from the nearest multiple of the interval since midnight (UTC)."""
    offset = (epoch - math.floor(epoch / 86400) * 86400) % wall
    return min(offset, wall - offset)


def _judge_stamps(session, stamps, wall, interval, spec, aligned, what):
    """Distinct timestamps one interval apart (OCTT: "the intervals between the timestamps must equal the
    configured value"), on the clock when `aligned`."""
    tolerance = _tolerance(wall)
    ordered = sorted(stamps)
    if aligned:
        for epoch in ordered:
            if _off_the_clock(epoch, wall) > tolerance:
                session.fail(f"the station's {what} at {_stamp(epoch)} is not on the clock: {spec} is {interval:g} "
                             f"protocol seconds ({wall:.3f} s), so its readings fall on the multiples of that since "
                             f"midnight, {_off_the_clock(epoch, wall):.3f} s away")
    for earlier, later in zip(ordered, ordered[1:]):
        if abs(later - earlier - wall) > tolerance:
            session.fail(f"the station's {what} at {_stamp(earlier)} and {_stamp(later)} are {later - earlier:.3f} s "
                         f"apart; {spec} is {interval:g} protocol seconds ({wall:.3f} s at time scale "
                         f"{session.time_scale:g}): one reading per interval, the same timestamp within one")


# ---------------------------------------------------------------------- clock-aligned rounds (J01)

def _clock_message(payload, action, transaction_events):
    if action == "MeterValues":
        return any(_in_context(mv, "Sample.Clock") for mv in payload.get("meterValue", []))
    return transaction_events and payload.get("eventType") != "Ended" and (
        payload.get("triggerReason") == "MeterValueClock"
        or any(_in_context(mv, "Sample.Clock") for mv in payload.get("meterValue", [])))


def _clock_entries(session, start, transaction_events):
    entries = []
    for entry in session.messages():
        if entry.seq < start or entry.frame.action not in ("MeterValues", "TransactionEvent"):
            continue
        if _clock_message(entry.frame.payload, entry.frame.action, transaction_events):
            entries.append(entry)
    return entries


def expect_clock_aligned(session, rounds, of_transaction=False):
    """J01 (TC_J_01/02/06_CS): from now on, `rounds` rounds of clock-aligned meter values. Every MeterValues
    (and, `of_transaction`, TransactionEvent Updated) with Sample.Clock readings: each reading with
    sampledValue[0] in context Sample.Clock and every measurand of AlignedDataCtrlr.Measurands, a
    TransactionEvent with triggerReason MeterValueClock; the timestamps on the multiples of
    AlignedDataCtrlr.Interval, one interval apart. `of_transaction` (TC_J_02_CS): each complete round
    reports the transaction's EVSE, by TransactionEvent of the transaction or by MeterValues of its EVSE
    (the document's steps 3-4 or 1-2); two more rounds are awaited, as the first and the last seen may be
    partly before or after the wait."""
    interval = interval_of(session, "AlignedDataCtrlr.Interval")
    measurands = measurands_of(session, "AlignedDataCtrlr.Measurands")
    wall = session.protocol_seconds(interval)
    tx_id = evse = None
    if of_transaction:
        entry = session.latest_message("TransactionEvent")
        tx_id = entry.frame.payload["transactionInfo"]["transactionId"]
        started = [e for e in session.messages("TransactionEvent")
                   if e.frame.payload["transactionInfo"]["transactionId"] == tx_id and e.frame.payload.get("evse")]
        evse = (started[0].frame.payload["evse"]["id"] if started else session.config.integer("evse_id"))
    wanted = rounds + 2 if of_transaction else rounds
    start = len(session.trace.entries)

    def stamps_of(entries):
        return {round(_epoch(session, mv.get("timestamp"), f"{e.frame.action}Request"), 3)
                for e in entries for mv in e.frame.payload.get("meterValue", []) if _in_context(mv, "Sample.Clock")}
    timeout = (wanted + 1) * wall + session.timeout
    session.trace.wait_until(lambda: len(stamps_of(_clock_entries(session, start, of_transaction))) >= wanted,
                             timeout)
    entries = _clock_entries(session, start, of_transaction)
    stamps = stamps_of(entries)
    if len(stamps) < wanted:
        what = "MeterValues or TransactionEvent" if of_transaction else "MeterValues"
        session.fail(f"the station sent clock-aligned meter values ({what} in context Sample.Clock) for "
                     f"{len(stamps)} interval(s) within {timeout:.1f} s; expected {wanted}, one every "
                     f"AlignedDataCtrlr.Interval ({interval:g} protocol seconds, {wall:.3f} s)")
    for entry in entries:
        payload, action = entry.frame.payload, entry.frame.action
        session.consumed.add(entry.seq)
        problems = []
        if action == "TransactionEvent" and payload.get("triggerReason") != "MeterValueClock":
            problems.append(f"triggerReason is {payload.get('triggerReason')}, expected MeterValueClock")
        for index, meter_value in enumerate(payload.get("meterValue", [])):
            problems += [f"meterValue[{index}]: {p}" for p in _reading_problems(meter_value, "Sample.Clock", measurands)]
        if problems:
            session.fail(f"the station sent {action}Request {json.dumps(payload)[:600]} as clock-aligned meter values "
                         f"(AlignedDataCtrlr.Measurands {', '.join(measurands) or '(empty)'})\n  " + "\n  ".join(problems))
    _judge_stamps(session, stamps, wall, interval, "AlignedDataCtrlr.Interval", True, "clock-aligned meter values")
    if of_transaction:
        for stamp in sorted(stamps)[1:-1]:
            reported = [e for e in entries if any(round(_epoch(session, mv.get("timestamp"), "reading"), 3) == stamp
                                                  for mv in e.frame.payload.get("meterValue", []))
                        and ((e.frame.action == "TransactionEvent"
                              and e.frame.payload["transactionInfo"]["transactionId"] == tx_id)
                             or (e.frame.action == "MeterValues" and e.frame.payload.get("evseId") == evse))]
            if not reported:
                session.fail(f"the station's clock-aligned meter values at {_stamp(stamp)} leave out EVSE {evse}, whose "
                             f"transaction {tx_id} runs (J01: the configured measurands at every clock-aligned "
                             f"interval, in a TransactionEvent MeterValueClock of the transaction or in MeterValues)")


def _transaction_events(session, tx_id):
    return [e for e in session.messages("TransactionEvent")
            if e.frame.payload["transactionInfo"]["transactionId"] == tx_id]


def expect_none_during_transaction(session):
    """TC_J_06_CS post scenario validation, AlignedDataCtrlr.SendDuringIdle true: between the Started and the
    Ended event of the scenario's transaction (by their timestamps) no clock-aligned meter values: no
    MeterValues with Sample.Clock readings and no TransactionEvent MeterValueClock (the readings of the Ended
    event itself are the TxEndedInterval's)."""
    tx_id = station_transactions._transaction_id(session)
    events = _transaction_events(session, tx_id)
    started = [e for e in events if e.frame.payload.get("eventType") == "Started"]
    ended = [e for e in events if e.frame.payload.get("eventType") == "Ended"]
    if not started or not ended:
        raise expect.StepError(f"transaction {tx_id} has not started and ended in this scenario; bring the station "
                               f"to state EnergyTransferStarted, then EVDisconnected, first")
    begin = _epoch(session, started[0].frame.payload["timestamp"], "TransactionEventRequest")
    end = _epoch(session, ended[0].frame.payload["timestamp"], "TransactionEventRequest")
    interval = interval_of(session, "AlignedDataCtrlr.Interval")
    wall = session.protocol_seconds(interval)
    if end - begin < wall:
        raise expect.StepError(f"transaction {tx_id} ran {end - begin:.3f} s, less than one AlignedDataCtrlr.Interval "
                               f"({wall:.3f} s): nothing to judge; let it run longer")
    for entry in session.messages():
        payload, action = entry.frame.payload, entry.frame.action
        if action not in ("MeterValues", "TransactionEvent") or not _clock_message(payload, action, True):
            continue
        moments = [_epoch(session, mv.get("timestamp"), f"{action}Request") for mv in payload.get("meterValue", [])
                   if _in_context(mv, "Sample.Clock")] or [_epoch(session, payload.get("timestamp"), f"{action}Request")]
        if any(begin < moment < end for moment in moments):
            session.fail(f"the station sent clock-aligned meter values while transaction {tx_id} ran "
                         f"({_stamp(begin)} to {_stamp(end)}), although AlignedDataCtrlr.SendDuringIdle is true "
                         f"(Part 2 Appendix: no clock-aligned meter values while a transaction is ongoing): {entry.text[:600]}")


# ---------------------------------------------------------------------- the Ended event (J01, J02)

def _public_key_problem(text):
    if text == "":
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except ValueError:
        return f"publicKey {text[:40]!r} is not Base64"
    for load in (serialization.load_der_public_key, serialization.load_pem_public_key):
        try:
            load(raw)
            return None
        except (ValueError, TypeError):
            continue
    return f"publicKey {text[:40]!r} is not a public key (DER or PEM, Base64)"


def _signing_problems(session, readings, context, public_key_mode):
    problems = []
    for index, meter_value in readings:
        values = _in_context(meter_value, context)
        signed_ones = [sv for sv in values if sv.get("measurand", ENERGY) == ENERGY] or values
        for value in signed_ones:
            signed = value.get("signedMeterValue")
            if not signed:
                problems.append(f"meterValue[{index}]: the {value.get('measurand', ENERGY)} reading has no "
                                f"signedMeterValue")
                continue
            missing = [f for f in ("signedMeterData", "signingMethod", "encodingMethod", "publicKey") if f not in signed]
            if missing:
                problems.append(f"meterValue[{index}]: signedMeterValue lacks {', '.join(missing)}")
                continue
            key = signed["publicKey"]
            problem = _public_key_problem(key)
            if problem:
                problems.append(f"meterValue[{index}]: {problem}")
            elif public_key_mode == "Never" and key != "":
                problems.append(f"meterValue[{index}]: publicKey is given, but OCPPCommCtrlr.PublicKeyWithSignedMeterValue "
                                f"is Never (expected \"\")")
            elif public_key_mode == "EveryMeterValue" and key == "":
                problems.append(f"meterValue[{index}]: publicKey is empty, but OCPPCommCtrlr.PublicKeyWithSignedMeterValue "
                                f"is EveryMeterValue")
    return problems


def expect_tx_ended_readings(session, kind):
    """OCTT TC_J_03/04/10/11_CS post scenario validations: the TransactionEvent Ended of the scenario's
    transaction has meterValue; its readings in the kind's context (clock-aligned: Sample.Clock of
    AlignedDataCtrlr, sampled: Sample.Periodic of SampledDataCtrlr) have that context first, every measurand
    of TxEndedMeasurands, and timestamps one TxEndedInterval apart (clock-aligned: on the clock), about one per
    interval the transaction lasted; sampled: one reading in context Transaction.End. "signed": every energy
    reading among them has a signedMeterValue whose publicKey is "" or a public key, as
    OCPPCommCtrlr.PublicKeyWithSignedMeterValue says (J01.FR.21, J02.FR.21)."""
    words = kind.split()
    signed = words[0] == "signed"
    name = words[-1]
    if name not in KINDS or len(words) > 2 or (len(words) == 2 and not signed):
        raise expect.StepError(f"'{kind}' is not a kind of meter values of the Ended event; say clock-aligned, "
                               f"sampled, signed clock-aligned or signed sampled")
    controller, context = KINDS[name]
    interval = interval_of(session, f"{controller}.TxEndedInterval")
    measurands = measurands_of(session, f"{controller}.TxEndedMeasurands")
    public_key_mode = read_variable(session, "OCPPCommCtrlr.PublicKeyWithSignedMeterValue", needed=False) \
        if signed else None
    wall = session.protocol_seconds(interval)
    entry = station_transactions.expect_transaction_end(session, [])
    payload = entry.frame.payload
    shown = json.dumps(payload)[:800]
    meter_values = payload.get("meterValue") or []
    if not meter_values:
        session.fail(f"the station's TransactionEventRequest Ended has no meterValue, though {controller}.TxEndedInterval "
                     f"is {interval:g} protocol seconds: {shown}")
    readings = [(i, mv) for i, mv in enumerate(meter_values) if _in_context(mv, context)]
    if not readings:
        session.fail(f"the station's TransactionEventRequest Ended has no reading in context {context}, though "
                     f"{controller}.TxEndedInterval is {interval:g} protocol seconds: {shown}")
    problems = [f"meterValue[{i}]: {p}" for i, mv in readings for p in _reading_problems(mv, context, measurands)]
    if name == "sampled" and not any(_in_context(mv, "Transaction.End") for mv in meter_values):
        problems.append("no sampled value in context Transaction.End")
    if signed:
        problems += _signing_problems(session, readings, context, public_key_mode)
    if problems:
        session.fail("the station's TransactionEventRequest Ended does not hold the readings of "
                     f"{controller}.TxEndedInterval as it should:\n  " + "\n  ".join(problems) + f"\n  it sent {shown}")
    stamps = {round(_epoch(session, mv.get("timestamp"), "reading"), 3) for _, mv in readings}
    _judge_stamps(session, stamps, wall, interval, f"{controller}.TxEndedInterval", name == "clock-aligned",
                  f"{name} readings in the Ended event")
    started = [e for e in _transaction_events(session, payload["transactionInfo"]["transactionId"])
               if e.frame.payload.get("eventType") == "Started"]
    if started:
        lasted = _epoch(session, payload["timestamp"], "TransactionEventRequest") - \
            _epoch(session, started[0].frame.payload["timestamp"], "TransactionEventRequest")
        expected = math.floor(lasted / wall) - 1
        if len(stamps) < expected:
            session.fail(f"the station's Ended event carries {len(stamps)} {name} reading(s) of a transaction that "
                         f"lasted {lasted:.3f} s, {lasted / wall:.1f} times {controller}.TxEndedInterval: one per "
                         f"interval is expected (at least {expected})")


# ---------------------------------------------------------------------- one event's readings, periodic events (J02)

def check_event_readings(session, spec, context):
    """OCTT TC_J_07/08_CS: the TransactionEvent a step matched last has meterValue, its
    meterValue[0].sampledValue[0] in this context and a sampled value of every measurand of the variable
    (read with GetVariables) in it."""
    context = expect.check_expected_words(session.version, "TransactionEvent", True,
                                          "meterValue[0].sampledValue[0].context", context)[0]
    entry = session.latest_message("TransactionEvent")
    measurands = measurands_of(session, spec)
    payload = entry.frame.payload
    meter_values = payload.get("meterValue") or []
    problems = ["it has no meterValue"] if not meter_values else \
        [f"meterValue[0]: {p}" for p in _reading_problems(meter_values[0], context, measurands)]
    if problems:
        session.fail(f"the station's TransactionEventRequest (eventType {payload.get('eventType')}, triggerReason "
                     f"{payload.get('triggerReason')}) should carry the readings of {spec} "
                     f"({', '.join(measurands) or '(empty)'}) in context {context}:\n  " + "\n  ".join(problems)
                     + f"\n  it sent {json.dumps(payload)[:800]}")


def expect_periodic(session, count):
    """OCTT TC_J_09_CS: the next `count` TransactionEvents of the scenario's transaction with Sample.Periodic
    readings (not Ended) have triggerReason MeterValuePeriodic, sampledValue[0] in context Sample.Periodic and
    every measurand of SampledDataCtrlr.TxUpdatedMeasurands; their timestamps are one
    SampledDataCtrlr.TxUpdatedInterval apart."""
    interval = interval_of(session, "SampledDataCtrlr.TxUpdatedInterval")
    measurands = measurands_of(session, "SampledDataCtrlr.TxUpdatedMeasurands")
    wall = session.protocol_seconds(interval)
    tx_id = station_transactions._transaction_id(session)

    def periodic(payload):
        return payload["transactionInfo"]["transactionId"] == tx_id and payload.get("eventType") != "Ended" and \
            any(_in_context(mv, "Sample.Periodic") for mv in payload.get("meterValue", []))
    stamps, previous = [], None
    for _ in range(count):
        previous = session.expect_message("TransactionEvent", after=previous, matches=periodic,
                                          timeout=1.5 * wall + session.timeout,
                                          what=f" of transaction {tx_id} with readings in context Sample.Periodic "
                                               f"(SampledDataCtrlr.TxUpdatedInterval {interval:g} protocol seconds)")
        payload = previous.frame.payload
        problems = [] if payload.get("triggerReason") == "MeterValuePeriodic" else \
            [f"triggerReason is {payload.get('triggerReason')}, expected MeterValuePeriodic"]
        problems += [f"meterValue[{i}]: {p}" for i, mv in enumerate(payload.get("meterValue", []))
                     for p in _reading_problems(mv, "Sample.Periodic", measurands)]
        if problems:
            session.fail(f"the station sent TransactionEventRequest {json.dumps(payload)[:800]}\n  " + "\n  ".join(problems))
        stamps.append(round(_epoch(session, payload["meterValue"][0].get("timestamp"), "reading"), 3))
    _judge_stamps(session, set(stamps), wall, interval, "SampledDataCtrlr.TxUpdatedInterval", False,
                  "periodic TransactionEvents")
