"""Remote control on the test station (OCPP 2.0.1 F): how it answers RequestStartTransaction,
RequestStopTransaction, UnlockConnector and TriggerMessage, and the messages it sends after them
(the TransactionEvent of a remote start, triggered MeterValues and TransactionEvents)."""
from datetime import datetime, timezone


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _ongoing(model, evse_id=None):
    """Transactions that started and did not end, optionally on one EVSE."""
    return [tx for evse, tx in sorted(model.transactions.items())
            if not tx.ended and tx.seq_no >= 0 and (evse_id is None or evse == evse_id)]


def _request_start(model, payload):
    # F01: when a transaction is already running on the EVSE (cable plugged in first), the
    # station names it; otherwise transactionId is omitted (F02).
    answer = {"status": "Accepted"}
    evse_id = payload.get("evseId")
    if evse_id is not None and not any(key[0] == evse_id for key in model.connectors):
        return {"status": "Rejected"}
    running = _ongoing(model, evse_id)
    if running:
        answer["transactionId"] = running[0].transaction_id
    return answer


def _request_stop(model, payload):
    known = any(tx.transaction_id == payload["transactionId"] for tx in _ongoing(model))
    return {"status": "Accepted" if known else "Rejected"}


def _unlock_connector(model, payload):
    key = (payload["evseId"], payload["connectorId"])
    if key not in model.connectors:
        return {"status": "UnknownConnector"}
    if any(tx.id_token for tx in _ongoing(model, payload["evseId"])):
        return {"status": "OngoingAuthorizedTransaction"}   # F05.FR.02
    return {"status": "Unlocked"}


def _trigger_message(model, payload):
    evse = payload.get("evse")
    if evse is not None and not any(key[0] == evse["id"] for key in model.connectors):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


# Default answers of the test station (registered in answers.DEFAULTS).
ANSWERS = {
    "RequestStartTransaction": _request_start,
    "RequestStopTransaction": _request_stop,
    "UnlockConnector": _unlock_connector,
    "TriggerMessage": _trigger_message,
}


# ---------------------------------------------------------------------- messages the station sends

def last_remote_start(station):
    """The payload of the last RequestStartTransaction the CSMS sent to the station, or None."""
    requests = station.requests_from_csms("RequestStartTransaction")
    return requests[-1].frame.payload if requests else None


def remote_start_event(station, request, default_evse, event_type, charging_state=None):
    """TransactionEvent reporting a remote start (F01/F02): triggerReason RemoteStart, the CSMS's
    remoteStartId, and the idToken of the request, which authorizes the transaction."""
    evse_id = request.get("evseId", default_evse)
    payload = station.transaction_event_payload(evse_id, event_type, "RemoteStart", charging_state=charging_state,
                                                id_token=request["idToken"])
    payload["transactionInfo"]["remoteStartId"] = request["remoteStartId"]
    return payload


def trigger_sampled_value(value=0.0):
    return {"timestamp": now_iso(), "sampledValue": [{
        "value": value, "context": "Trigger", "measurand": "Energy.Active.Import.Register",
        "unitOfMeasure": {"unit": "Wh"}}]}


def triggered_meter_values(evse_id):
    """MeterValues sent because of a TriggerMessage (F06): sampledValue.context Trigger."""
    return {"evseId": evse_id, "meterValue": [trigger_sampled_value()]}


def triggered_transaction_events(station, evse_id=None):
    """TransactionEvent(Updated, Trigger) for the ongoing transaction of an EVSE, or of every EVSE
    (then without evse, as F14 has it). Empty when there is no ongoing transaction."""
    events = []
    for tx in _ongoing(station.model, evse_id):
        payload = station.transaction_event_payload(tx.evse_id, "Updated", "Trigger", charging_state="Charging",
                                                    extra={"meterValue": [trigger_sampled_value()]})
        if evse_id is not None:
            payload["evse"] = {"id": tx.evse_id, "connectorId": tx.connector_id}
        else:
            payload.pop("evse", None)
        events.append(payload)
    return events


# ---------------------------------------------------------------------- scenario actions

def _commands():
    from ..scenario import csms_commands
    return csms_commands


def ask_remote_start(session, evse_id, id_token, charging_profile=False):
    """Ask the CSMS to start a transaction for an idToken on an EVSE (RequestStartTransaction)."""
    body = {"idToken": id_token["idToken"], "evseId": evse_id}
    fallback = {"idToken": dict(id_token), "remoteStartId": session.next_request_id(), "evseId": evse_id}
    if charging_profile:
        body["chargingProfile"] = True
        fallback["chargingProfile"] = {
            "id": session.next_profile_id(), "stackLevel": 0, "chargingProfilePurpose": "TxProfile",
            "chargingProfileKind": "Relative", "chargingSchedule": [{
                "id": 1, "chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}]}]}
    profile = " with a charging profile" if charging_profile else ""
    _commands().ask(session, f"make the CSMS start a transaction on EVSE {evse_id} for idToken "
                             f"{id_token['idToken']}{profile}", "request-start-transaction", body,
                    "RequestStartTransaction", fallback)


def ask_remote_stop(session, evse_id):
    """Ask the CSMS to stop the transaction on an EVSE (RequestStopTransaction)."""
    running = _ongoing(session.station.model, evse_id)
    fallback = {"transactionId": running[0].transaction_id} if running else None
    _commands().ask(session, f"make the CSMS stop the transaction on EVSE {evse_id}", "request-stop-transaction",
                    {"evseId": evse_id}, "RequestStopTransaction", fallback)


def ask_unlock(session, evse_id, connector_id):
    payload = {"evseId": evse_id, "connectorId": connector_id}
    _commands().ask(session, f"make the CSMS unlock connector {connector_id} of EVSE {evse_id}", "unlock-connector",
                    payload, "UnlockConnector", payload)


def ask_trigger(session, requested_message, evse_id=None):
    _commands().ask_to_trigger(session, requested_message, {"id": evse_id} if evse_id is not None else None)


def check_remote_stop(session, evse_id):
    """The CSMS sends RequestStopTransaction with the transactionId of the EVSE's ongoing transaction."""
    running = _ongoing(session.station.model, evse_id)
    if not running:
        session.fail(f"the test station has no ongoing transaction on EVSE {evse_id} to stop")
    payload = session.expect_request("RequestStopTransaction")
    if payload["transactionId"] != running[0].transaction_id:
        session.fail(f"the CSMS asked to stop transaction {payload['transactionId']!r}; the transaction on "
                     f"EVSE {evse_id} is {running[0].transaction_id!r}")


def send_remote_start_event(session, default_evse, event_type, charging_state=None):
    """The station reports the CSMS's last remote start in a TransactionEvent (triggerReason RemoteStart)."""
    station = session.require_connected()
    request = last_remote_start(station)
    if request is None:
        session.fail("the CSMS has sent no RequestStartTransaction in this scenario to report on")
    session.send("TransactionEvent", remote_start_event(station, request, default_evse, event_type, charging_state))


def send_triggered_meter_values(session, evse_id=None):
    """MeterValues with context Trigger for one EVSE, or for every EVSE of the station (F11/F12)."""
    station = session.require_connected()
    evses = [evse_id] if evse_id is not None else sorted({key[0] for key in station.model.connectors})
    for evse in evses:
        session.send("MeterValues", triggered_meter_values(evse))


def send_triggered_transaction_events(session, evse_id=None):
    """TransactionEvent(Trigger) for the ongoing transaction of one EVSE, or of every EVSE (F13/F14)."""
    station = session.require_connected()
    events = triggered_transaction_events(station, evse_id)
    if not events:
        where = f"on EVSE {evse_id}" if evse_id is not None else "on the station"
        session.fail(f"there is no ongoing transaction {where} to report (bring it to EnergyTransferStarted first)")
    for payload in events:
        session.send("TransactionEvent", payload)


def wait_transaction_duration(session):
    """Let the configured transaction duration pass (OCTT's EVConnectionTimeOut wait, F04): the
    station is idle meanwhile; the trace wakes the wait, so it ends on time whatever arrives."""
    duration = session.config.seconds("transaction_duration")
    session.trace.wait_until(lambda: False, duration)
