"""Transactions on the test station (OCPP 2.0.1 E): TransactionEvents built from a step's table,
the offline queue (events kept while offline, sent later with offline = true), the default answer
to GetTransactionStatus, and an authorization that does not know its EVSE yet."""
import difflib

from ..scenario.expect import StepError
from ..scenario.words import enum_value, id_token
from . import metering

# Rows the TransactionEvent table of a step understands.
EVENT_FIELDS = ("eventType", "triggerReason", "chargingState", "stoppedReason", "idToken", "offline",
                "meterValue", "meterValue.value", "meterValue.signed")
TRUE = ("true", "yes")


def _flag(fields, name):
    text = fields[name].strip().lower()
    if text not in TRUE + ("false", "no"):
        raise StepError(f"{name} is '{fields[name]}'; write true or false")
    return text in TRUE


def event_from_fields(station, config, evse_id, fields, offline=False):
    """TransactionEventRequest payload for the current transaction of an EVSE from | field | value |
    rows (see EVENT_FIELDS): eventType defaults to Started for a new transaction, else Updated;
    idToken is a configured token kind; meterValue is the reading's context (the station's meter
    gives the value unless meterValue.value says it), meterValue.signed adds a signedMeterValue."""
    unknown = [name for name in fields if name not in EVENT_FIELDS]
    if unknown:
        hint = difflib.get_close_matches(unknown[0], EVENT_FIELDS, 1, 0.6)
        raise StepError(f"'{unknown[0]}' is not a TransactionEvent row this step understands" +
                        (f"; did you mean {hint[0]}?" if hint else f"; use {', '.join(EVENT_FIELDS)}"))
    if ("meterValue.value" in fields or "meterValue.signed" in fields) and "meterValue" not in fields:
        raise StepError("meterValue.value and meterValue.signed need a meterValue row (the reading's context)")
    extra = {}
    if offline or ("offline" in fields and _flag(fields, "offline")):
        extra["offline"] = True
    if "meterValue" in fields:
        value = float(fields["meterValue.value"]) if "meterValue.value" in fields else None
        signed = _flag(fields, "meterValue.signed") if "meterValue.signed" in fields else None
        extra["meterValue"] = [metering.transaction_meter_value(station, config, evse_id, fields["meterValue"].strip(),
                                                                value, signed)]
    event_type = enum_value("TransactionEvent", fields["eventType"]) if "eventType" in fields else None
    return station.transaction_event_payload(
        evse_id, event_type, enum_value("TriggerReason", fields.get("triggerReason", "Authorized")),
        charging_state=enum_value("ChargingState", fields["chargingState"]) if "chargingState" in fields else None,
        id_token=id_token(config, fields["idToken"]) if "idToken" in fields else None,
        stopped_reason=enum_value("Reason", fields["stoppedReason"]) if "stoppedReason" in fields else None,
        extra=extra or None)


def wait_transaction_duration(session):
    """OCTT lets a transaction run for <Configured Transaction Duration> at some points: wait that
    long (the transaction_duration setting, 0 against the embedded CSMS), watching the trace."""
    seconds = session.config.seconds("transaction_duration")
    if seconds > 0:
        session.trace.wait_for(lambda entry: False, seconds, start=len(session.trace.entries))


# ---------------------------------------------------------------------- the offline queue

def queue_event(station, payload):
    """Keep a TransactionEvent (offline = true) until the station sends its queue."""
    payload["offline"] = True
    station.model.offline_queue.append(payload)
    return payload


def take_queued(station, event_type=None):
    """The first queued TransactionEvent (of an eventType), removed from the queue."""
    queue = station.model.offline_queue
    for index, payload in enumerate(queue):
        if event_type is None or payload["eventType"] == event_type:
            return queue.pop(index)
    kinds = ", ".join(p["eventType"] for p in queue) or "nothing"
    raise StepError(f"the station has no queued TransactionEvent {event_type or ''} (queued: {kinds})")


def current_transaction_id(station, evse_id):
    tx = station.model.transactions.get(evse_id)
    if tx is None or tx.seq_no < 0:
        raise StepError(f"the station has no transaction on EVSE {evse_id} to refer to")
    return tx.transaction_id


def _get_transaction_status(model, payload):
    """E14: ongoingIndicator only when asked about one transaction (true while it has not ended);
    messagesInQueue when the offline queue holds messages (of that transaction)."""
    queue = model.offline_queue
    transaction_id = payload.get("transactionId")
    if transaction_id is None:
        return {"messagesInQueue": bool(queue)}
    ongoing = any(tx.transaction_id == transaction_id and not tx.ended and tx.seq_no >= 0
                  for tx in model.transactions.values())
    return {"ongoingIndicator": ongoing,
            "messagesInQueue": any(p["transactionInfo"]["transactionId"] == transaction_id for p in queue)}


# Default answers of the test station (registered in answers.DEFAULTS).
ANSWERS = {"GetTransactionStatus": _get_transaction_status}


# ---------------------------------------------------------------------- EVSE not known at authorization

class EvseUnknownAtAuthorization:
    """The driver authorizes before choosing an EVSE: the Started event of an Authorized trigger has
    no evse, and the first later event of that transaction names it (J02, TC_J_08)."""

    def __init__(self):
        self.pending = set()

    def __call__(self, station, payload, tx):
        if payload["eventType"] == "Started" and payload["triggerReason"] == "Authorized":
            payload.pop("evse", None)
            self.pending.add(tx.transaction_id)
        elif tx.transaction_id in self.pending and "evse" not in payload:
            payload["evse"] = {"id": tx.evse_id, "connectorId": tx.connector_id}
            self.pending.discard(tx.transaction_id)
        else:
            self.pending.discard(tx.transaction_id)


def evse_unknown_at_authorization(station):
    # First in line: the meter's Transaction.Begin goes into the event that names the EVSE.
    station.transaction_hooks.insert(0, EvseUnknownAtAuthorization())


# ---------------------------------------------------------------------- checks of what the CSMS did

def send_queued(session, station, event_type=None):
    """Send queued TransactionEvents: the first one of an eventType, or all of them in order."""
    station = session.require_connected(station)
    if event_type is not None:
        return [session.send("TransactionEvent", take_queued(station, event_type), station)]
    if not station.model.offline_queue:
        raise StepError("the station has no queued TransactionEvent to send")
    outcomes = []
    while station.model.offline_queue:
        outcomes.append(session.send("TransactionEvent", station.model.offline_queue.pop(0), station))
    return outcomes


def ask_status(session, evse_id=None):
    """Ask the CSMS for GetTransactionStatus: of its ongoing transaction on an EVSE, or (None)
    without a transactionId. The trigger API's report of the answer is kept for the checks."""
    from ..scenario import csms_commands
    if evse_id is None:
        return csms_commands.ask(session, "make the CSMS ask whether the station has queued transaction messages",
                                 "get-transaction-status", {}, "GetTransactionStatus", {})
    transaction_id = current_transaction_id(session.station, evse_id)
    return csms_commands.ask(session, f"make the CSMS ask for the status of the transaction on EVSE {evse_id}",
                             "get-transaction-status", {"evseId": evse_id}, "GetTransactionStatus",
                             {"transactionId": transaction_id})


def check_status_request(session, station, evse_id=None):
    """The CSMS sends GetTransactionStatus: for the transaction of an EVSE, or (evse_id None)
    without a transactionId."""
    if evse_id is None:
        return session.expect_request("GetTransactionStatus", [("transactionId", "(absent)")], station=station)
    transaction_id = current_transaction_id(station, evse_id)
    return session.expect_request("GetTransactionStatus", [("transactionId", transaction_id)], station=station)


def _last_transaction_event(session, station):
    outcome = station.last_outcome("TransactionEvent")
    if outcome is None:
        raise StepError("the station has sent no TransactionEvent in this scenario")
    return outcome


def _expected_cost(session, station, transaction_id):
    """(cost the configured energy tariff gives for the energy the station metered, description), or
    (None, why) when no tariff is configured."""
    tariff = session.config.energy_tariff
    if not tariff:
        return None, "no ENERGY_TARIFF_PER_KWH configured, so only its presence is checked"
    energy = metering.meter(station).energy_wh(transaction_id)
    if energy is None:
        raise StepError(f"the station sent no energy reading in transaction {transaction_id}, so there is "
                        f"no cost to expect; give the transaction meter values")
    cost = energy / 1000.0 * float(tariff)
    return cost, f"{energy / 1000.0:g} kWh at {float(tariff):g} per kWh = {cost:.4f}"


def _check_cost(session, where, cost, expected, how):
    if isinstance(cost, bool) or not isinstance(cost, (int, float)) or cost < 0:
        session.fail(f"{where} has totalCost {cost!r}; expected a cost of 0 or more ({how})")
    if expected is None:
        return
    if abs(cost - expected) > max(0.01, expected * 0.001):
        session.fail(f"{where} has totalCost {cost}; expected {how}")


def check_running_cost(session, station):
    """I02.FR.01: after the last TransactionEvent the CSMS tells the running cost, either as
    totalCost in its answer or in a CostUpdatedRequest for the transaction."""
    outcome = _last_transaction_event(session, station)
    transaction_id = outcome.request["transactionInfo"]["transactionId"]
    expected, how = _expected_cost(session, station, transaction_id)
    if outcome.ok and "totalCost" in outcome.response:
        _check_cost(session, "the TransactionEventResponse", outcome.response["totalCost"], expected, how)
        return outcome.response["totalCost"]
    request = session.expect_request("CostUpdated", [("transactionId", transaction_id)], station=station)
    _check_cost(session, "the CostUpdatedRequest", request["totalCost"], expected, how)
    return request["totalCost"]


def check_total_cost(session, station):
    """I03.FR.02: the answer to TransactionEvent Ended carries the final totalCost: above 0 for a
    transaction that used energy, and with a configured tariff, the cost of the metered energy."""
    outcome = _last_transaction_event(session, station)
    if outcome.request["eventType"] != "Ended":
        raise StepError("the last TransactionEvent the station sent is not an Ended one")
    response = session.check_answer("TransactionEvent", [("totalCost", "(present)")], station, outcome)
    transaction_id = outcome.request["transactionInfo"]["transactionId"]
    expected, how = _expected_cost(session, station, transaction_id)
    _check_cost(session, "the TransactionEventResponse", response["totalCost"], expected, how)
    if expected is None and not response["totalCost"] > 0:
        session.fail(f"the TransactionEventResponse has totalCost {response['totalCost']}; a transaction that "
                     f"used energy under an energy tariff costs more than 0 ({how})")
    return response["totalCost"]


def check_started_at_zero(session, station, count):
    """TC_E_53: the station started `count` transactions, each with a Started event of seqNo 0,
    and the CSMS answered every one of them with a valid CALLRESULT."""
    started = [o for o in station.outcomes if o.action == "TransactionEvent" and o.request["eventType"] == "Started"]
    ids = {o.request["transactionInfo"]["transactionId"] for o in started}
    if len(started) != count or len(ids) != count or any(o.request["seqNo"] != 0 for o in started):
        raise StepError(f"the station sent {len(started)} TransactionEvent Started for {len(ids)} transactions with "
                        f"seqNos {[o.request['seqNo'] for o in started]}; the scenario needs {count}, each at seqNo 0")
    bad = [o.describe() for o in started if not o.ok or o.violations]
    if bad:
        session.fail("the CSMS did not accept every TransactionEvent Started with seqNo 0:\n  " + "\n  ".join(bad))
    session.check_peer_violations()
